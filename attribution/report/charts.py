"""Inline SVG bar charts for the HTML report: no script, no network, no library.

Charts read right to left like the page: labels sit on the right, bars grow
leftwards from them, values sit at the bars' ends. Every label is escaped
here (labels are source names and outlets, i.e. article text); long labels
are shortened for the picture and kept whole in a ``<title>`` tooltip.
Colours come from CSS classes the page defines, so the charts follow its theme.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 520
LABEL_W = 220
ROW_H = 26
BAR_H = 16
PAD = 8
VALUE_W = 56
MAX_LABEL = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: CSS class of the bar (``bar-named``, ``bar-anon``, ...)
    kind: str = "bar"
    #: text written at the end of the bar; the value when empty
    note: str = ""


def _e(s: object) -> str:
    return escape(str(s), quote=True)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1].rstrip() + "…"


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def bar_chart(title: str, bars: list[Bar], empty: str = "لا بيانات (no data)") -> str:
    """A horizontal bar chart as an ``<svg>`` element; ``title`` names it for screen readers."""
    if not bars:
        h = ROW_H + 2 * PAD
        return (f'<svg class="chart" role="img" aria-label="{_e(title)}" viewBox="0 0 {WIDTH} {h}" '
                f'width="{WIDTH}" height="{h}"><title>{_e(title)}</title>'
                f'<text x="{WIDTH - PAD}" y="{PAD + ROW_H // 2 + 5}" direction="rtl" class="chart-empty">'
                f'{_e(empty)}</text></svg>')
    top = max(b.value for b in bars) or 1
    span = WIDTH - LABEL_W - VALUE_W - 2 * PAD
    h = len(bars) * ROW_H + 2 * PAD
    right = WIDTH - LABEL_W - PAD  # bars start here and grow to the left
    out = [f'<svg class="chart" role="img" aria-label="{_e(title)}" viewBox="0 0 {WIDTH} {h}" '
           f'width="{WIDTH}" height="{h}"><title>{_e(title)}</title>']
    for i, b in enumerate(bars):
        y = PAD + i * ROW_H
        w = max(2.0, span * b.value / top) if b.value else 0.0
        mid = y + ROW_H / 2
        out.append(f'<g><title>{_e(b.label)}: {_e(b.note or _fmt(b.value))}</title>'
                   f'<text x="{WIDTH - PAD}" y="{mid + 5:.1f}" direction="rtl" class="chart-label">'
                   f'{_e(_short(b.label))}</text>'
                   f'<rect x="{right - w:.1f}" y="{mid - BAR_H / 2:.1f}" width="{w:.1f}" height="{BAR_H}" '
                   f'class="{_e(b.kind)}"/>'
                   f'<text x="{right - w - 6:.1f}" y="{mid + 5:.1f}" text-anchor="end" direction="ltr" '
                   f'class="chart-value">'
                   f'{_e(b.note or _fmt(b.value))}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def split_bar(title: str, parts: list[Bar]) -> str:
    """One bar split into parts (named vs anonymous), right to left, with a legend under it."""
    total = sum(p.value for p in parts)
    h = 2 * PAD + BAR_H * 2 + 22 * len(parts)
    out = [f'<svg class="chart" role="img" aria-label="{_e(title)}" viewBox="0 0 {WIDTH} {h}" '
           f'width="{WIDTH}" height="{h}"><title>{_e(title)}</title>']
    x = WIDTH - PAD
    span = WIDTH - 2 * PAD
    for p in parts:
        w = span * p.value / total if total else 0
        if w:
            out.append(f'<rect x="{x - w:.1f}" y="{PAD}" width="{w:.1f}" height="{BAR_H * 2}" class="{_e(p.kind)}">'
                       f'<title>{_e(p.label)}: {_e(p.note or _fmt(p.value))}</title></rect>')
        x -= w
    for i, p in enumerate(parts):
        y = PAD + BAR_H * 2 + 8 + i * 22
        out.append(f'<rect x="{WIDTH - PAD - 14}" y="{y}" width="14" height="14" class="{_e(p.kind)}"/>'
                   f'<text x="{WIDTH - PAD - 22}" y="{y + 12}" direction="rtl" class="chart-label">'
                   f'{_e(p.label)}: {_e(p.note or _fmt(p.value))}</text>')
    out.append("</svg>")
    return "\n".join(out)
