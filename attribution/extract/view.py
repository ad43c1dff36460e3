"""A paragraph as a flat token list with the predicates the rules ask about.

Rules work per paragraph because quotes run over sentence ends and pro-drop
chains run over sentences; every token remembers its sentence so clause
scans can stop there. Folded forms (no diacritics, one alef, ة→ه) are
computed once per token.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..arabic import fold_word, strip_article
from ..nlp.base import AnnotatedDoc, Token
from .lexicon import Lexicon

OPEN_QUOTES = {"«": "»", "“": "”", "„": "”", "‹": "›"}
SYMMETRIC_QUOTES = {'"', "'", "”", "″"}
COMMAS = {"،", ",", "؛", ";"}
STOPS = {".", "!", "?", "؟", "…", "..."}
DASHES = {"-", "–", "—"}
_PRON_SUFFIXES = ("ه", "ها", "هم", "هما", "هن", "ني", "نا", "ك", "كم")
_COMP_BASES = ("ان", "بان", "وان", "فان")


@dataclass(slots=True)
class Tok:
    i: int
    text: str
    start: int
    end: int
    is_word: bool
    f: str
    sent: int
    upos: str = ""
    lemma: str = ""
    excluded: bool = False
    #: the source token, for parse lookups
    token: Token | None = None

    @property
    def bare(self) -> str:
        """Folded form without the definite article."""
        return strip_article(self.f)


@dataclass
class Para:
    toks: list[Tok]
    text: str
    parsed: bool
    #: token index of an opening quote -> index of its closing quote
    quote_close: dict[int, int] = field(default_factory=dict)
    quote_open: dict[int, int] = field(default_factory=dict)
    #: first and last token index of each sentence
    sent_bounds: dict[int, tuple[int, int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.toks)

    def sent_start(self, i: int) -> int:
        return self.sent_bounds[self.toks[min(max(i, 0), len(self.toks) - 1)].sent][0]

    def sent_end(self, i: int) -> int:
        """Index of the last token of token i's sentence (the last sentence's for an index past the end)."""
        return self.sent_bounds[self.toks[min(max(i, 0), len(self.toks) - 1)].sent][1]

    def f(self, i: int) -> str:
        return self.toks[i].f if 0 <= i < len(self.toks) else ""

    def text_of(self, a: int, b: int) -> str:
        """Source text from token a to token b-1, inclusive of the gaps between them."""
        return self.text[self.toks[a].start:self.toks[b - 1].end]

    def enclosing_quote(self, i: int) -> tuple[int, int] | None:
        """The innermost quote pair (open, close) that contains token i, if any."""
        best = None
        for o, c in self.quote_close.items():
            if o < i < c and (best is None or o > best[0]):
                best = (o, c)
        return best


def complementizer(p: Para, i: int) -> tuple[int, bool] | None:
    """If a complementizer starts at token i, return (first content token, suffix-pronoun kept?).

    Recognises إن/أن/بأن/وأن/فإن with or without a pronoun suffix (أنه، إنها،
    بأنهم) and the two-word forms إلى أن، على أن، من أن. A suffixed form
    (أنه) is kept in the content when the suffix is plausibly the claim's
    subject; when it is the impersonal 'pronoun of the matter' (أنه تم،
    إنه من المتوقع) the content starts after it (ANNOTATION §2).
    """
    f = p.f(i)
    if f in ("الي", "علي", "من", "عن", "في") and p.f(i + 1) and _is_comp_word(p.f(i + 1)):
        return complementizer(p, i + 1)
    if not _is_comp_word(f):
        return None
    suffixed = f not in _COMP_BASES
    if not suffixed:
        return (i + 1, False)
    nxt = p.f(i + 1)
    impersonal = {"تم", "يتم", "سيتم", "ستتم", "تمت", "من", "في", "علي", "لا", "ليس", "لن", "قد", "لم", "ما", "بعد",
                  "رغم", "مع", "عند", "حين", "اذا", "كان", "يجب", "ينبغي", "يمكن", "لابد", "ثمه", "هناك", "سوف",
                  "روعي", "جري", "يجري", "سيجري", "حسب", "بحسب", "وفق", "وفقا", "بالنسبه", "نظرا", "ونظرا", "بسبب"}
    keep = not (f.endswith("ه") and not f.endswith(("ها", "هم", "هما", "هن")) and nxt in impersonal)
    return (i, True) if keep else (i + 1, False)


def _is_comp_word(f: str) -> bool:
    if f in _COMP_BASES:
        return True
    for base in _COMP_BASES:
        if f.startswith(base) and f[len(base):] in _PRON_SUFFIXES:
            return f != "انا"
    return False


def is_comp_start(p: Para, i: int) -> bool:
    return complementizer(p, i) is not None


def build_paragraphs(adoc: AnnotatedDoc) -> list[Para]:
    """Flatten an annotated document into paragraphs of Tok with quote pairs and sentence bounds."""
    doc = adoc.doc
    paras: list[Para] = []
    cur: list[Tok] = []
    cur_para = None
    parsed = False
    for si, sent in enumerate(adoc.sentences):
        if sent.paragraph != cur_para and cur:
            paras.append(_finish(cur, doc.text, parsed))
            cur, parsed = [], False
        cur_para = sent.paragraph
        parsed = parsed or sent.parsed
        for t in sent.tokens:
            cur.append(Tok(i=len(cur), text=t.text, start=t.start, end=t.end, is_word=t.is_word,
                           f=fold_word(t.text) if t.is_word else t.text, sent=si,
                           upos=t.upos, lemma=t.lemma, excluded=doc.is_excluded(t.start, t.end), token=t))
    if cur:
        paras.append(_finish(cur, doc.text, parsed))
    return paras


def _finish(toks: list[Tok], text: str, parsed: bool) -> Para:
    p = Para(toks=toks, text=text, parsed=parsed)
    for t in toks:
        a, b = p.sent_bounds.get(t.sent, (t.i, t.i))
        p.sent_bounds[t.sent] = (min(a, t.i), max(b, t.i))
    _pair_quotes(p)
    return p


def _pair_quotes(p: Para) -> None:
    """Pair quote marks within a paragraph.

    Directional marks (« », “ ”) pair by nesting. Straight quotes (and a ” used
    as an opener, common in Gulf papers: و”الديزل”) pair by which side they are
    glued to: ``"الوزارة"`` opens before a word and closes after one, so one
    stray mark does not flip every pair after it.
    """
    stack: list[tuple[str, int]] = []
    sym: list[int] = []
    text = p.text
    for t in p.toks:
        ch = t.text
        if ch in OPEN_QUOTES:
            stack.append((OPEN_QUOTES[ch], t.i))
            continue
        if stack and ch == stack[-1][0]:
            _, o = stack.pop()
            p.quote_close[o] = t.i
            continue
        if ch not in SYMMETRIC_QUOTES and ch not in OPEN_QUOTES.values():
            continue
        before = text[t.start - 1] if t.start > 0 else " "
        after = text[t.end] if t.end < len(text) else " "
        glued_after = not after.isspace() and after not in ".،,؛;:!?؟)]»"
        glued_before = not before.isspace() and before not in "(["
        if glued_after and glued_before:
            # و"قوات": a one-letter clitic before the mark makes it an opener
            k = t.start - 1
            while k >= 0 and not text[k].isspace():
                k -= 1
            glued = text[k + 1:t.start]
            # ... and so does a clitic written with tatweel: لـ"الاقتصادية"، ولـ"رويترز"
            opens = len(glued) <= 1 or (glued.endswith("ـ") and len(glued.rstrip("ـ")) <= 2)
        else:
            opens = glued_after and not glued_before
        if opens or not sym:
            if opens:
                sym.append(t.i)
            continue
        o = sym.pop()
        if p.toks[o].sent == t.sent or t.i - o < 80:
            p.quote_close[o] = t.i
    for o, c in p.quote_close.items():
        p.quote_open[c] = o
