"""Claims: what is said, by whom, and who else says it.

``build_claims(attributions, sources, owner)`` turns reviewed attributions into
:class:`~attribution.models.Claim` records:

1. each attribution's content becomes a normalised claim text
   (:mod:`.text`);
2. attributions that state the same thing across documents are clustered
   (:mod:`.cluster`: lemma or character n-gram similarity at a measured
   threshold, same polarity, compatible figures); claims that state the same
   thing with the opposite polarity (a denial, a negated clause) or a
   different figure are linked in ``conflicts_with``;
3. each claim's backing is graded (:mod:`.corroboration`): independent
   original sources (relays count once), named vs anonymous, sides, and a
   grade from "single anonymous source" to "independent confirmation".

Pure: no store access; :func:`attribution.tracker.rebuild` wires it.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from ..arabic import normalize, strip_quotes
from ..models import Attribution, Claim, Source, content_id
from ..resolve.bodies import Bodies, default_bodies
from ..resolve.registry import DocInfo
from .cluster import ClaimInput, Clustering, cluster
from .corroboration import GRADES, SourceIndex, corroborate, grade, grade_level
from .text import claim_text

__all__ = ["build_claims", "GRADES", "grade", "grade_level", "claim_text", "cluster_attributions"]


def cluster_attributions(attributions: Iterable[Attribution], docs: dict[str, DocInfo] | None = None,
                         thresholds: dict[str, float] | None = None) -> tuple[list[Attribution], Clustering]:
    """The non-rejected attributions, in a stable order, and their clustering."""
    docs = docs or {}
    atts = sorted((a for a in attributions if a.status != "rejected"), key=lambda a: (a.doc_id, a.cue.start, a.id))
    inputs = [ClaimInput(key=a.id, doc_id=a.doc_id, content=a.content.text, denied=a.stance == "deny",
                         lemmas=a.content_lemmas, date=docs.get(a.doc_id, DocInfo()).date) for a in atts]
    return atts, cluster(inputs, thresholds)


def build_claims(attributions: Iterable[Attribution], sources: Iterable[Source], owner: dict[str, str],
                 docs: dict[str, DocInfo] | None = None, bodies: Bodies | None = None,
                 thresholds: dict[str, float] | None = None) -> list[Claim]:
    """Claims across documents with their backing, corroboration grade and conflicts."""
    docs = docs or {}
    index = SourceIndex(sources, bodies or default_bodies())
    atts, clustering = cluster_attributions(attributions, docs, thresholds)
    prepared = clustering.prepared
    claims: list[Claim] = []
    used: set[str] = set()
    for members in clustering.clusters:
        catts = [atts[i] for i in members]
        texts = Counter(prepared[i].text for i in members)
        # the representative: the wording most attributions share, then the earliest
        rep = min(members, key=lambda i: (-texts[prepared[i].text], docs.get(atts[i].doc_id, DocInfo()).date or "",
                                          atts[i].doc_id, atts[i].cue.start))
        polarity = "denied" if atts[rep].stance == "deny" else "affirmed"
        # the id hashes the representative's folded content as the first claims table did, so
        # ids of claims made once stay put; a denial is another claim of the same words
        folded = normalize(atts[rep].content.text)
        cid = content_id("c", folded, length=12) if polarity == "affirmed" else \
            content_id("c", "denied", folded, length=12)
        if cid in used:  # the same short wording left unclustered in another document
            cid = content_id("c", polarity, folded, atts[rep].id, length=12)
        used.add(cid)
        cor = corroborate(catts, owner, index)
        source_ids = sorted(cor.source_ids)
        outlets = sorted({o for o in (docs.get(a.doc_id, DocInfo()).outlet for a in catts) if o})
        claims.append(Claim(
            id=cid, text=prepared[rep].text, attribution_ids=[a.id for a in catts],
            source_ids=source_ids, sources=[index.by_id[s].name for s in source_ids],
            doc_ids=sorted({a.doc_id for a in catts}), independent_sources=len(source_ids),
            named_sources=cor.named, anonymous_sources=cor.anonymous, grade=cor.grade, grade_level=cor.level,
            polarity=polarity, display_text=strip_quotes(atts[rep].content.text),
            figures=sorted({v for i in members for v, _ in prepared[i].figures}, key=_num),
            sides=cor.sides, outlets=outlets, relays=cor.relays))
    for (a, b), reason in clustering.conflicts.items():
        ca, cb = claims[a], claims[b]
        ca.conflicts_with.append(cb.id)
        cb.conflicts_with.append(ca.id)
        ca.conflict_reasons[cb.id] = reason
        cb.conflict_reasons[ca.id] = reason
    for c in claims:
        c.conflicts_with.sort()
    # who else says so: claims made in most documents first, then by independent sources
    claims.sort(key=lambda c: (-len(c.doc_ids), -c.independent_sources, -c.grade_level, c.id))
    return claims


def _num(v: str) -> tuple[float, str]:
    try:
        return float(v), v
    except ValueError:
        return float("inf"), v
