"""Content lemmas: what stanza says the words of a claim are, kept for clustering.

Claims are clustered when the store is rebuilt, long after the annotated
document is gone, so the pipeline keeps each attribution's content lemmas on
the attribution (:attr:`Attribution.content_lemmas`). Only content words are
kept (nouns, verbs, adjectives, proper nouns, numbers, adverbs); clitics,
prepositions, pronouns and particles are dropped, negation particles are kept
as they change what is claimed. Lemmas are folded like every matching key.

A content is compared on lemmas only when all of it was parsed: with the
default cue-window prefilter most contents are not, and their claims use
character n-grams (measured to about the same F1); ``attribution extract
--no-prefilter`` parses every sentence and turns the lemma mode on.
"""
from __future__ import annotations

from ..arabic import fold_word
from ..models import Attribution
from ..nlp.base import AnnotatedDoc
from .text import NEGATIONS

_CONTENT_UPOS = frozenset({"NOUN", "VERB", "PROPN", "ADJ", "NUM", "ADV", "X"})


def content_lemmas(adoc: AnnotatedDoc, att: Attribution) -> list[str] | None:
    """Folded lemmas of the content words inside ``att.content``, or None when any of
    its tokens was not parsed (then clustering falls back to character n-grams)."""
    start, end = att.content.start, att.content.end
    out: list[str] = []
    seen_word = False
    for sent in adoc.sentences:
        if sent.end <= start or sent.start >= end:
            continue
        for tok in sent.tokens:
            if tok.end <= start or tok.start >= end or not tok.is_word:
                continue
            if not tok.words:
                return None
            seen_word = True
            for w in tok.words:
                lemma = fold_word(w.lemma or w.text)
                if not lemma:
                    continue
                if w.upos in _CONTENT_UPOS or fold_word(w.text) in NEGATIONS and w.upos == "PART":
                    out.append(lemma)
    return out if seen_word else None


def with_lemmas(adoc: AnnotatedDoc, atts: list[Attribution]) -> list[Attribution]:
    """The attributions with :attr:`content_lemmas` filled where the annotator gave lemmas."""
    if "lemma" not in adoc.provides:
        return atts
    return [a.model_copy(update={"content_lemmas": content_lemmas(adoc, a)}) for a in atts]
