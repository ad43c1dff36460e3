"""Arabic text helpers for *matching* — never applied to stored text.

Stored text keeps every no-break space, tatweel and diacritic so that spans
stay valid; these functions build normalised copies for comparison only.
"""
from __future__ import annotations

import re
import unicodedata

#: harakat, Quranic marks, superscript alef and tatweel: vary freely in news text
DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF_RE = re.compile("[أإآٱ]")
_QUOTES = "\"'«»“”„‟‘’‹›"
_PUNCT_RE = re.compile(r"[^\w\s]")
ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")


def strip_diacritics(s: str) -> str:
    return DIACRITICS_RE.sub("", s)


def normalize(s: str) -> str:
    """Fold a string for matching: NFKC, no diacritics/tatweel, one alef, ى→ي, ة→ه,
    punctuation to spaces, single spaces."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    s = DIACRITICS_RE.sub("", s)
    s = _ALEF_RE.sub("ا", s).replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    s = _PUNCT_RE.sub(" ", s)
    return " ".join(s.split())


def fold_word(w: str) -> str:
    """Normalise one word for lexicon lookup (keeps ة/ى distinctions folded too)."""
    return normalize(w).replace(" ", "")


def strip_article(word: str) -> str:
    """Drop a leading definite article (ال, وال, بال, لل...) from a folded word."""
    for prefix in ("وال", "بال", "فال", "كال", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    if word.startswith("لل") and len(word) > 3:
        return word[2:]
    return word


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic; 0.0 for text with no letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if ARABIC_LETTER_RE.match(c)) / len(letters)


def drop_attached_lam(text: str) -> str:
    """وفقاً لموقع “مساند” → موقع “مساند”; للمرصد → المرصد (the preposition of وفقاً لـ, not the name)."""
    t = text.lstrip()
    if t.startswith("لـ"):
        return t[2:].lstrip()
    if t.startswith("لل"):
        return "ال" + t[2:]
    if t.startswith("ل") and len(t.split()[0]) > 2:
        return t[1:]
    return text


_EDGE = _QUOTES + "()[]"


def strip_quotes(s: str) -> str:
    """The text without the quote marks and brackets around it: «رويترز» → رويترز, "الجابر → الجابر.

    Only marks that wrap the whole text go: in ``"النظام" لا دور له ... "الحرس الثوري"`` the first and
    last marks belong to two different quotations, so the text stays as it is.
    """
    s = s.strip(" \u00a0\t\n")
    while s and s[0] in _EDGE and s[-1] in _EDGE and len(s) >= 2:
        inner = s[1:-1]
        if any(ch in _EDGE for ch in inner):
            break
        s = inner.strip(" \u00a0")
    # a mark left without its partner at an edge (a span cut inside a quotation)
    while s and s[0] in _EDGE and sum(s.count(q) for q in _EDGE) % 2:
        s = s[1:].lstrip(" \u00a0")
    while s and s[-1] in _EDGE and sum(s.count(q) for q in _EDGE) % 2:
        s = s[:-1].rstrip(" \u00a0")
    return s
