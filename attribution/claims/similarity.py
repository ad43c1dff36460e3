"""How alike two claim texts are: TF-IDF cosine over lemmas or character n-grams.

Two representations, one per NLP mode:

* ``lemma`` — the content lemmas stanza gave the claim's words (stored on the
  attribution at extraction time, :func:`attribution.claims.lemmas.content_lemmas`);
  used when *both* claims have them.
* ``ngram`` — character n-grams of the light-stemmed content words
  (:func:`attribution.claims.text.stems`), with word boundaries marked; the
  model-free mode and the fallback for a pair where either side lacks lemmas.

Weights are TF-IDF fitted on the claims being clustered (a word every claim
uses says little), vectors are L2-normalised, so similarity is a dot product in
[0, 1]. Thresholds are not guessed: ``benchmarks/claim_pairs.py`` measures
precision and recall on hand-labelled claim pairs from the pool; the chosen
values are :data:`THRESHOLDS`.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .text import stems

#: similarity at or above which two claims state the same thing, per mode; measured by
#: ``python -m benchmarks.claim_pairs [--stanza --background-db STORE]`` on the 208 stratified
#: hand-labelled pool pairs in benchmarks/data/claim_pairs.jsonl (rule: the most precise threshold
#: within 0.02 F1 of the best). ngram 0.45: P 0.75 R 0.84 F1 0.79 (IDF from the model-free pool);
#: lemma 0.45: P 0.90 R 0.70 F1 0.79 (IDF from the stanza-extracted pool).
THRESHOLDS = {"lemma": 0.45, "ngram": 0.45}

#: character n-gram length of the ngram mode
NGRAM = 4

Vector = dict[str, float]


def ngrams(stem_words: Sequence[str], n: int | None = None) -> list[str]:
    """Character n-grams of each word padded with boundary marks (short words whole)."""
    n = n or NGRAM
    out: list[str] = []
    for w in stem_words:
        padded = f"<{w}>"
        if len(padded) <= n:
            out.append(padded)
        else:
            out.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return out


def lemma_terms(lemmas: Sequence[str]) -> list[str]:
    return [f"L:{x}" for x in lemmas]


@dataclass
class Vectorizer:
    """TF-IDF over one collection of term lists (fit once, then vectorise its members)."""

    idf: dict[str, float] = field(default_factory=dict)
    docs: int = 0

    @classmethod
    def fit(cls, term_lists: Iterable[Sequence[str]]) -> "Vectorizer":
        df: Counter[str] = Counter()
        n = 0
        for terms in term_lists:
            n += 1
            df.update(set(terms))
        idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        return cls(idf=idf, docs=n)

    def vector(self, terms: Sequence[str]) -> Vector:
        tf = Counter(terms)
        default = math.log(1 + self.docs) + 1.0
        v = {t: (1 + math.log(c)) * self.idf.get(t, default) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {t: x / norm for t, x in v.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


@dataclass
class ClaimFeatures:
    """Everything a claim is compared on."""

    stems: list[str]
    ngram: Vector
    lemma: Vector | None


def featurize(texts: Sequence[str], lemma_lists: Sequence[Sequence[str] | None]) -> list[ClaimFeatures]:
    """Features for a collection of claim texts (with their content lemmas, or None)."""
    stem_lists = [stems(t) for t in texts]
    gram_lists = [ngrams(s) for s in stem_lists]
    gv = Vectorizer.fit(gram_lists)
    lemma_terms_ = [lemma_terms(ls) if ls else None for ls in lemma_lists]
    lv = Vectorizer.fit(t for t in lemma_terms_ if t)
    return [ClaimFeatures(stems=s, ngram=gv.vector(g), lemma=lv.vector(lt) if lt else None)
            for s, g, lt in zip(stem_lists, gram_lists, lemma_terms_)]


def similarity(a: ClaimFeatures, b: ClaimFeatures) -> tuple[float, str]:
    """(similarity, mode): lemma cosine when both have lemmas, else n-gram cosine."""
    if a.lemma and b.lemma:
        return cosine(a.lemma, b.lemma), "lemma"
    return cosine(a.ngram, b.ngram), "ngram"


def candidate_pairs(features: Sequence[ClaimFeatures], max_df: float = 0.02, min_cap: int = 20) -> set[tuple[int, int]]:
    """Pairs worth a cosine: they share two reasonably rare stems (or all the stems of the
    shorter claim). A stem in more than ``max_df`` of the claims (قال, مقتل...) does not
    count. Measured on the pool: of the cross-document pairs this leaves out, none at
    cosine >= 0.5 and few above 0.35 (mostly different claims sharing one topic word).
    """
    index: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(features):
        for s in set(f.stems):
            index[s].append(i)
    cap = max(min_cap, int(max_df * len(features)))
    shared: Counter[tuple[int, int]] = Counter()
    for members in index.values():
        if len(members) > cap:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                shared[(members[x], members[y])] += 1
    sizes = [len(set(f.stems)) for f in features]
    return {p for p, c in shared.items() if c >= 2 or c >= min(sizes[p[0]], sizes[p[1]])}
