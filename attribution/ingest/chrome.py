"""Web chrome at the top of saved articles: turn it into metadata and excluded ranges.

Articles copied from news sites start with interface text (``icon``,
``التغطية الحية``, ``+A``, ``حجم الخط``), a date line, a byline and an image
caption before the body. None of it is the article's claims, but the stored
text must not change, so each such line becomes an excluded :class:`Range`
and the useful parts (title, date, outlet) become metadata.

Only the header block is examined: lines before the first body paragraph
(a long line, or one ending like a sentence). Clean texts such as the pool's
have no header block and come through untouched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Range

#: interface strings that are whole lines of chrome on Arabic news sites
UI_LINES = {
    "icon", "+a", "-a", "a+", "a-", "حجم الخط", "التغطية الحية", "تغطية حية", "مباشر", "شارك", "مشاركة",
    "طباعة", "اطبع", "حفظ", "تويتر", "فيسبوك", "واتساب", "تلغرام", "لينكدإن", "البريد الإلكتروني",
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضاً", "المزيد", "الرئيسية", "أخبار", "عاجل", "share", "print",
    "tweet", "facebook", "twitter", "whatsapp", "email", "تكبير الخط", "تصغير الخط", "نسخ الرابط",
}
_DATE_RE = re.compile(r"(?<!\d)(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})(?!\d)|(?<!\d)(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})(?!\d)")
_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}\b")
_BYLINE_RE = re.compile(r"^(?P<outlet>[^\-–|/]{2,40}?)\s*[-–|]\s*(?:خاص|متابعات|وكالات|مراسل|خاص\s*/)", re.U)
_CAPTION_RE = re.compile(r"\((?:أرشيف|ارشيف|إنترنت|انترنت|رويترز|فرانس برس|أ ف ب|AFP|Reuters|AP|Getty)[^)]*\)\s*$")
_BODY_MIN = 120


@dataclass
class Chrome:
    excluded: list[Range] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    outlet: str | None = None


def _lines(text: str):
    # lazily: only the header block is looked at, and a 5 MB text must not be split whole
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        yield pos, end, text[pos:end]
        if nl < 0:
            return
        pos = nl + 1


def _is_body(line: str) -> bool:
    s = line.strip()
    return len(s) >= _BODY_MIN or (len(s) > 40 and s[-1] in ".!؟?" and not _CAPTION_RE.search(s))


def detect_chrome(text: str) -> Chrome:
    """Find the header block's chrome lines; never looks past the first body paragraph."""
    out = Chrome()
    if text.startswith("\ufeff"):
        out.excluded.append(Range(start=0, end=1, label="bom"))
    header = []
    body_found = False
    for start, end, raw in _lines(text):
        if _is_body(raw):
            body_found = True
            break
        header.append((start, end, raw))
        if len(header) > 25:
            return out  # no body in sight: not an article with a header block
    if not header or not body_found:
        return out  # a short text is all body: nothing to strip
    title_candidate = None
    for start, end, raw in header:
        s = raw.strip().lstrip("\ufeff")
        if not s:
            continue
        lead = start + (len(raw) - len(raw.lstrip().lstrip("\ufeff")))
        trail = start + len(raw.rstrip())
        label = None
        if s.lower() in UI_LINES or len(s) <= 2:
            label = "ui"
        elif _DATE_RE.search(s) and len(s) <= 60:
            label = "dateline"
            m = _DATE_RE.search(s)
            y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
            out.date = out.date or f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
        elif _BYLINE_RE.match(s) and len(s) <= 80:
            label = "byline"
            out.outlet = out.outlet or _BYLINE_RE.match(s).group("outlet").strip()
        elif _CAPTION_RE.search(s):
            label = "caption"
        elif title_candidate is None:
            title_candidate = (lead, trail, s)
            label = "title"
            out.title = s
        else:
            label = "header"
        if label and trail > lead:
            out.excluded.append(Range(start=lead, end=trail, label=label))
    if not any(r.label in ("ui", "dateline", "byline", "caption") for r in out.excluded):
        # a plain text whose first line is short: keep it as the title, but it stays text
        out.excluded = [r for r in out.excluded if r.label == "bom"]
    return out
