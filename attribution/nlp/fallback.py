"""A model-free Arabic tokenizer and sentence splitter with exact offsets.

Words are kept whole with their clitics (وقال، بحسب، لـ) because the
annotation guideline cuts spans at orthographic word boundaries; punctuation
becomes its own token. Sentences end at . ! ? ؟ … (not inside numbers such as
2018.11.28 or 44.5, not after a one-letter abbreviation such as د.) and at
every line break, so a paragraph is never glued to the next one.
"""
from __future__ import annotations

import re
import sys

from ..models import Document
from .base import AnnotatedDoc, Sentence, SentenceFilter, Token

# A word: letters/digits/underscore, Arabic marks and tatweel, joined by an
# apostrophe or a dot/comma/colon between digits (3.5, 10:11, 1,000) and by
# a hyphen between Latin letters/digits (COVID-19).
_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_WORD = rf"[\w{_MARK}]+(?:(?<=\d)[.,:/](?=\d)[\w{_MARK}]+|(?<=[A-Za-z0-9])[-'’](?=[A-Za-z0-9])[\w{_MARK}]+)*"
TOKEN_RE = re.compile(rf"{_WORD}|\.{{2,}}|\S")
_END_PUNCT = set(".!?؟…")
_CLOSERS = set("\"'»”’)]}")
_ONE_LETTER_ABBREV = re.compile(r"^[\u0621-\u064a]$")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    out = []
    for m in TOKEN_RE.finditer(text, start, end):
        s = m.group(0)
        out.append(Token(text=s, start=m.start(), end=m.end(), is_word=s[0].isalnum() or s[0] == "_"))
    return out


def split_sentences(text: str, tokens: list[Token] | None = None) -> list[Sentence]:
    """Group tokens into sentences; offsets are into ``text``."""
    toks = tokenize(text) if tokens is None else tokens
    sentences: list[Sentence] = []
    cur: list[Token] = []
    paragraph = 0
    prev_end = 0

    def close() -> None:
        if cur:
            sentences.append(Sentence(start=cur[0].start, end=cur[-1].end, tokens=list(cur), paragraph=paragraph))
            cur.clear()

    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if "\n" in text[prev_end:t.start]:
            close()
            paragraph += 1
        cur.append(t)
        prev_end = t.end
        if t.text[0] in _END_PUNCT and _ends_sentence(toks, i):
            # closing quotes/brackets glued to the stop belong to this sentence
            while i + 1 < n and toks[i + 1].text in _CLOSERS and toks[i + 1].start == toks[i].end:
                i += 1
                cur.append(toks[i])
                prev_end = toks[i].end
            close()
        i += 1
    close()
    return sentences


_TRAILING_SOURCE = {"وفق", "حسب", "بحسب", "نقل", "طبق"}


def _arabic_word(text: str) -> bool:
    return all("\u0600" <= ch <= "\u06ff" for ch in text)


def _ends_sentence(toks: list[Token], i: int) -> bool:
    t = toks[i]
    if t.text == "." and i > 0:
        prev = toks[i - 1]
        if prev.end == t.start and _ONE_LETTER_ABBREV.match(prev.text):
            return False  # د. محمد
    if i + 1 < len(toks):
        nxt = toks[i + 1]
        if nxt.start == t.end and nxt.is_word:
            # a stop glued to the next word is not a sentence end (a URL, د.ب.أ, بي.بي, دي.إيه.إن) unless it
            # sits between two longer Arabic words: آخرون.كما is a missing space
            prev = toks[i - 1] if i > 0 else None
            return t.text in (".", "؟", "!") and prev is not None and prev.end == t.start \
                and len(prev.text) >= 3 and len(nxt.text) >= 3 and _arabic_word(prev.text) and _arabic_word(nxt.text) \
                and nxt.text.rstrip("اً") not in _TRAILING_SOURCE  # يورو.وفقا للألمانية credits the sentence before
    return True


class FallbackAnnotator:
    """Tokens and sentences from rules; no POS, lemma or parse."""

    name = "fallback"
    provides = frozenset({"tokenize"})
    _announced = False

    def __init__(self, announce: bool = True) -> None:
        if announce and not FallbackAnnotator._announced:
            FallbackAnnotator._announced = True
            print("attribution: note: no stanza models in use; running in reduced mode "
                  "(rule-based tokenizer, no parse)", file=sys.stderr)

    def annotate(self, doc: Document, select: SentenceFilter | None = None) -> AnnotatedDoc:
        return AnnotatedDoc(doc=doc, sentences=split_sentences(doc.text), annotator=self.name,
                            provides=self.provides)

    def annotate_many(self, docs: list[Document], select: SentenceFilter | None = None) -> list[AnnotatedDoc]:
        return [self.annotate(d, select) for d in docs]
