"""Token records shared by every annotator, and the Annotator protocol.

A :class:`Token` is an orthographic word or a punctuation mark with its
character offsets into the stored document text (as stanza's
``start_char``/``end_char``); its text is always ``doc.text[start:end]``.
Syntactic words (clitics split off by stanza's MWT step: و + قال) hang
under their token as :class:`Word` records with UPOS, lemma and a head that
indexes the sentence's flat word list (1-based, 0 = root), like CoNLL-U.
The fallback annotator leaves ``words`` empty: rules must then work from the
surface alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol, runtime_checkable

from ..models import Document

#: processors an annotator can provide (stanza's names)
ALL_PROCESSORS = frozenset({"tokenize", "mwt", "pos", "lemma", "depparse"})


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    upos: str
    lemma: str
    head: int
    deprel: str
    feats: str = ""


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    is_word: bool
    words: tuple[Word, ...] = ()
    #: index of this token's first word in Sentence.words (valid when words is non-empty)
    word_offset: int = 0

    @property
    def upos(self) -> str:
        """UPOS of the token's content word (the last non-clitic word), or ''."""
        for w in reversed(self.words):
            if w.upos not in ("CCONJ", "PART", "ADP", "PRON", "DET") or len(self.words) == 1:
                return w.upos
        return self.words[-1].upos if self.words else ""

    @property
    def lemma(self) -> str:
        for w in self.words:
            if w.upos in ("VERB", "NOUN", "PROPN", "ADJ", "AUX"):
                return w.lemma
        return self.words[-1].lemma if self.words else ""


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    tokens: list[Token]
    parsed: bool = False
    paragraph: int = 0

    @property
    def words(self) -> list[Word]:
        return [w for t in self.tokens for w in t.words]


@dataclass(slots=True)
class AnnotatedDoc:
    doc: Document
    sentences: list[Sentence]
    annotator: str
    provides: frozenset[str] = field(default_factory=frozenset)

    @property
    def text(self) -> str:
        return self.doc.text

    def tokens(self) -> Iterable[Token]:
        for s in self.sentences:
            yield from s.tokens


#: decides what of a sentence is worth parsing: a list of token index ranges [a, b) —
#: empty to skip the sentence, [(0, len(tokens))] for all of it (a bool works too)
SentenceFilter = Callable[[str, Sentence], "bool | list[tuple[int, int]]"]


@runtime_checkable
class Annotator(Protocol):
    name: str
    provides: frozenset[str]

    def annotate(self, doc: Document, select: SentenceFilter | None = None) -> AnnotatedDoc:
        """Tokenise ``doc`` into sentences; parse what ``select`` picks (every sentence when None)."""

    def annotate_many(self, docs: list[Document], select: SentenceFilter | None = None) -> list[AnnotatedDoc]:
        """The same for a batch (lets a neural annotator batch across documents)."""
