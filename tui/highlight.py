"""Cue, source and content highlighted in a slice of a document (display only).

Builds :class:`rich.text.Text` from plain strings plus styled ranges, never
from markup, so brackets in news text stay text. Offsets are document
offsets; the returned text starts at the slice start.
"""
from __future__ import annotations

import re

from rich.text import Text

#: one distinct style per role; ``context`` dims the paragraph outside the sentence
STYLES = {
    "cue": "bold black on yellow",
    "source": "bold cyan underline",
    "content": "green",
    "context": "dim",
    "active": "reverse",
}
ROLES = ("cue", "source", "content")
_SENTENCE_END = re.compile(r"[.!?؟\n]")
#: units a span boundary moves by: a word, or one punctuation mark
TOKEN = re.compile(r"\w+|[^\w\s]")


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The newline-delimited paragraph around ``start:end``."""
    s = text.rfind("\n", 0, start) + 1
    e = text.find("\n", end)
    return s, (len(text) if e < 0 else e)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start:end`` (end punctuation or newline), within its paragraph."""
    ps, pe = paragraph_bounds(text, start, end)
    s = ps
    for m in _SENTENCE_END.finditer(text, ps, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end, pe)
    e = m.end() if m else pe
    while s < e and text[s].isspace():
        s += 1
    return s, e


def highlighted(text: str, lo: int, hi: int, spans: dict[str, tuple[int, int] | None],
                sentence: tuple[int, int] | None = None, active: str | None = None) -> Text:
    """``text[lo:hi]`` with each role's span styled; outside ``sentence`` dimmed."""
    out = Text(text[lo:hi], end="")
    if sentence is not None:
        s, e = sentence
        if s > lo:
            out.stylize(STYLES["context"], 0, s - lo)
        if e < hi:
            out.stylize(STYLES["context"], e - lo, hi - lo)
    for role in ("content", "source", "cue"):
        sp = spans.get(role)
        if sp is None:
            continue
        a, b = max(sp[0], lo), min(sp[1], hi)
        if a < b:
            out.stylize(STYLES[role], a - lo, b - lo)
            if role == active:
                out.stylize(STYLES["active"], a - lo, b - lo)
    return out


def legend(active: str | None = None) -> Text:
    out = Text(end="")
    for i, role in enumerate(ROLES):
        if i:
            out.append("  ")
        out.append(f" {role} ", STYLES[role] + (" reverse" if role == active else ""))
    return out


def tokens(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Word and punctuation tokens of ``text[lo:hi]`` as document offsets."""
    return [(m.start(), m.end()) for m in TOKEN.finditer(text, lo, hi)]
