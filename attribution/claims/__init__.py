"""Claims: each attribution's content as a claim, grouped across documents.

A claim's text is the attribution content normalised for matching; attributions
whose normalised content is identical share a claim. Corroboration counts the
distinct original sources behind a claim (a relay's ``via`` outlet does not
count again) and grades it for a reader at a glance.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..arabic import normalize
from ..models import Attribution, Claim, Source, content_id

GRADES = ("single anonymous source", "single named source", "several sources, all anonymous",
          "several sources", "independent confirmation")


def grade(named: int, anonymous: int) -> str:
    total = named + anonymous
    if total <= 1:
        return GRADES[1] if named else GRADES[0]
    if named == 0:
        return GRADES[2]
    if named >= 2:
        return GRADES[4]
    return GRADES[3]


def build_claims(attributions: Iterable[Attribution], sources: Iterable[Source],
                 owner: dict[str, str]) -> list[Claim]:
    by_source = {s.id: s for s in sources}
    groups: dict[str, list[Attribution]] = defaultdict(list)
    for a in attributions:
        if a.status == "rejected":
            continue
        groups[normalize(a.content.text)].append(a)
    claims = []
    for text, atts in groups.items():
        sids = sorted({owner[a.id] for a in atts if a.id in owner})
        srcs = [by_source[s] for s in sids if s in by_source]
        named = sum(1 for s in srcs if not s.anonymous)
        anon = len(srcs) - named
        claims.append(Claim(
            id=content_id("c", text, length=12), text=text, attribution_ids=[a.id for a in atts],
            source_ids=sids, sources=[s.name for s in srcs], doc_ids=sorted({a.doc_id for a in atts}),
            independent_sources=len(srcs), named_sources=named, anonymous_sources=anon, grade=grade(named, anon)))
    claims.sort(key=lambda c: (-c.independent_sources, c.id))
    return claims
