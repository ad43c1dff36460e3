"""Grouping attributions into claims, and finding the claims that contradict each other.

Two attributions state the same claim when

1. their claim texts are alike (:func:`.similarity.similarity` at or above the
   measured threshold of its mode),
2. both have enough substance to be compared (at least :data:`MIN_STEMS`
   content words: ``التفجير`` in two articles is not one claim), unless the
   texts are identical and in the same document,
3. they have the same polarity: a denial (cue stance ``deny``: نفى، كذّب) and
   each negation particle in the content (لم، لن، لا، ليس، عدم) flip it, and
4. their figures are compatible (:func:`.text.figures_compatible`): the same
   counted thing has the same number ("16 شخصا" and "عشرين شخصا" do not
   agree), and otherwise one claim's numbers are a subset of the other's
   ("مقتل جنود" and "مقتل 4 جنود" agree; "مقتل 42" and "مقتل 35" do not).

Clusters are built by average linkage: "same claim" pairs are taken from the
most to the least similar, and two clusters join only when no pair across
them conflicts and their mean similarity is still at the threshold. Single
linkage (any one link is enough) chained "the liberation of Zinjibar is near"
to "Zinjibar was liberated" through intermediate wordings on the pool.

Pairs that pass 1–2 but fail 3 or 4 state the same thing with opposite
polarity or a different figure. They are always separate claims; they are
listed in each other's ``conflicts_with`` (with the reason) only when they are
alike enough to be about the same event — similarity at or above
:data:`CONFLICT_THRESHOLDS` and, when both documents are dated, published at
most :data:`CONFLICT_MAX_DAYS` apart; within one article only a denial
counts (a negated clause or another figure there is, on the pool, almost
always another claim of the same story). News repeats the same wording for
different events ("مقتل 5 أشخاص في تفجير سيارة مفخخة"), and the labelled pairs
show that a looser rule flags mostly such look-alikes. The thresholds are measured on hand-labelled pairs
(``python -m benchmarks.claim_pairs``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from .similarity import THRESHOLDS, ClaimFeatures, candidate_pairs, featurize, similarity
from .text import Figure, claim_text, figures, figures_compatible, negations

#: claims with fewer content words than this are not matched across documents
MIN_STEMS = 3

#: similarity at or above which two incompatible claims are reported as conflicting (measured
#: with ``python -m benchmarks.claim_pairs``, like THRESHOLDS, on only 6 labelled conflicts:
#: ngram 0.5 P 0.57 R 0.67, lemma 0.35 P 0.40 R 1.0; on the stanza-extracted pool 8 of the 24
#: conflicting pairs flagged were right when read by hand). Conflicts are leads for a reviewer.
CONFLICT_THRESHOLDS = {"lemma": 0.35, "ngram": 0.5}

#: documents further apart than this (in days) report different events: no conflict between them
CONFLICT_MAX_DAYS = 3


@dataclass
class ClaimInput:
    """What clustering needs of one attribution."""

    key: str  # attribution id
    doc_id: str
    content: str
    denied: bool
    lemmas: list[str] | None = None
    date: str | None = None  # the document's date (ISO), when known

    @property
    def text(self) -> str:
        return claim_text(self.content)


@dataclass
class Prepared:
    inp: ClaimInput
    text: str
    features: ClaimFeatures
    polarity: int  # +1 affirmed, -1 negated/denied
    figures: frozenset[Figure]


def polarity(text: str, denied: bool) -> int:
    """+1 when the claim is affirmed, -1 when a denial or a negation (odd count) flips it."""
    flips = negations(text) + (1 if denied else 0)
    return -1 if flips % 2 else 1


def prepare(inputs: Sequence[ClaimInput]) -> list[Prepared]:
    texts = [i.text for i in inputs]
    feats = featurize(texts, [i.lemmas for i in inputs])
    return [Prepared(inp=i, text=t, features=f, polarity=polarity(t, i.denied), figures=figures(t))
            for i, t, f in zip(inputs, texts, feats)]


def comparable(a: Prepared, b: Prepared) -> bool:
    """Enough substance on both sides to say they state the same thing."""
    if a.text == b.text and a.inp.doc_id == b.inp.doc_id:
        return True
    return len(a.features.stems) >= MIN_STEMS and len(b.features.stems) >= MIN_STEMS


@dataclass(frozen=True)
class PairVerdict:
    same_topic: bool  # alike enough to be about the same thing
    same_claim: bool  # ... and compatible: one claim
    reason: str = ""  # when same_topic and not same_claim: "denial" | "negation" | "figure"
    score: float = 0.0
    mode: str = ""


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b else None
    except ValueError:
        return None


def judge(a: Prepared, b: Prepared, thresholds: dict[str, float] | None = None,
          conflict_thresholds: dict[str, float] | None = None) -> PairVerdict:
    """Whether two prepared attributions state the same claim, a conflicting one, or neither."""
    thresholds = thresholds or THRESHOLDS
    conflict_thresholds = conflict_thresholds or CONFLICT_THRESHOLDS
    if a.text == b.text:
        score, mode = 1.0, "exact"
    else:
        score, mode = similarity(a.features, b.features)
    if not comparable(a, b):
        return PairVerdict(False, False, score=score, mode=mode)
    if a.polarity != b.polarity:
        reason = "denial" if a.inp.denied != b.inp.denied else "negation"
    elif not figures_compatible(a.figures, b.figures):
        reason = "figure"
    else:
        same = mode == "exact" or score >= thresholds[mode]
        return PairVerdict(same, same, score=score, mode=mode)
    if a.inp.doc_id == b.inp.doc_id and reason != "denial":
        # inside one article a negated or differently counted clause is another claim of the same story
        # (a round-up of several attacks, a rebuttal of a side point); an article reporting a denial of
        # what it also reports is the conflict worth showing
        return PairVerdict(False, False, score=score, mode=mode)
    days = _days_apart(a.inp.date, b.inp.date)
    same_event = (mode == "exact" or score >= conflict_thresholds[mode]) and (days is None or days <= CONFLICT_MAX_DAYS)
    return PairVerdict(same_event, False, reason if same_event else "", score, mode)


def _may_join(a: list[int], b: list[int], prepared: list[Prepared], verdicts: dict[tuple[int, int], PairVerdict],
              thresholds: dict[str, float] | None) -> bool:
    """Average linkage: no conflicting pair across the two clusters, mean similarity at threshold."""
    if len(a) == 1 and len(b) == 1:
        return True
    total = 0.0
    need = 0.0
    for i in a:
        for j in b:
            key = (i, j) if i < j else (j, i)
            v = verdicts.get(key)
            if v is None:
                v = judge(prepared[key[0]], prepared[key[1]], thresholds)
            if v.same_topic and not v.same_claim:
                return False
            total += v.score
            need += (thresholds or THRESHOLDS).get(v.mode, 1.0) if v.mode != "exact" else 1.0
    return total >= need


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Clustering:
    prepared: list[Prepared]
    clusters: list[list[int]]  # indexes into prepared, each sorted; clusters sorted by first member
    conflicts: dict[tuple[int, int], str]  # (cluster a, cluster b), a < b -> reason


def cluster(inputs: Sequence[ClaimInput], thresholds: dict[str, float] | None = None) -> Clustering:
    """Cluster attributions into claims and find conflicting pairs of claims."""
    prepared = prepare(inputs)
    n = len(prepared)
    uf = _UnionFind(n)
    # identical texts of one polarity are one claim without a similarity computation
    exact: dict[tuple[str, int], int] = {}
    for i, p in enumerate(prepared):
        k = (p.text, p.polarity)
        if k in exact and comparable(p, prepared[exact[k]]):
            uf.union(i, exact[k])
        else:
            exact.setdefault(k, i)
    pairs = candidate_pairs([p.features for p in prepared])
    conflict_pairs: list[tuple[int, int, str]] = []
    links: list[tuple[float, int, int]] = []
    verdicts: dict[tuple[int, int], PairVerdict] = {}
    for i, j in sorted(pairs):
        v = judge(prepared[i], prepared[j], thresholds)
        verdicts[(i, j)] = v
        if v.same_claim:
            links.append((v.score, i, j))
        elif v.same_topic:
            conflict_pairs.append((i, j, v.reason))
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    for _, i, j in sorted(links, key=lambda x: (-x[0], x[1], x[2])):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj or not _may_join(members[ri], members[rj], prepared, verdicts, thresholds):
            continue
        uf.union(ri, rj)
        root = uf.find(ri)
        members[root] = members.pop(ri if root != ri else rj, []) + members[root]
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    clusters = sorted(groups.values(), key=lambda g: g[0])
    where = {i: ci for ci, g in enumerate(clusters) for i in g}
    conflicts: dict[tuple[int, int], str] = {}
    for i, j, reason in conflict_pairs:
        a, b = sorted((where[i], where[j]))
        if a != b:
            conflicts.setdefault((a, b), reason)
    return Clustering(prepared=prepared, clusters=clusters, conflicts=conflicts)
