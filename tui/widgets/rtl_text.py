"""Arabic-safe display of news text: wrap, then (optionally) reorder each line.

Textual does no bidi: it writes characters in logical order and leaves the
rest to the terminal. Some terminals (VTE, Konsole) reorder right-to-left runs
themselves; most (xterm, kitty, alacritty, WezTerm, Windows Terminal) do not,
and Arabic then reads backwards. So the display has two modes:

``terminal``
    pass the logical text through; the terminal does the bidi.
``reorder``
    wrap the logical text to the width first, then reorder every wrapped line
    with the Unicode bidi algorithm (python-bidi), mirror brackets on
    right-to-left runs, and right-align right-to-left paragraphs.

Only display lines are reordered; stored text and every span stay logical.
Styles (cue / source / content highlights) follow their characters to their
display positions. python-bidi's ``get_display`` returns only a string, so the
index map comes from the same package's reference implementation
(``bidi.algorithm``), run with each character's logical index attached and
completed with the paired-bracket rule N0 it predates; the tests check that
it lays lines out exactly as ``get_display`` does (plus the bracket mirroring
that the Rust ``get_display`` leaves out).

Text is always a :class:`rich.text.Text` built from plain strings, never
markup: article text contains ``[``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal

from bidi import algorithm as _uba
from bidi.mirror import MIRRORED
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

RtlMode = Literal["terminal", "reorder"]
RTL_MODES: tuple[str, ...] = ("terminal", "reorder")

_WORD = re.compile(r"[^ \t\r\n]+")
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate, pop directional isolate
_ISOLATED = "\ufffc"  # bidi class ON: what an isolate counts as in its surroundings
_ISOLATE_RE = re.compile("\u2068[^\u2069]*(\u2069|$)")


def _bracket_table() -> dict[str, str]:
    # opening -> closing bracket (UAX #9 BD14-BD16): Ps characters whose mirror is a Pe
    return {o: c for o, c in MIRRORED.items()
            if unicodedata.category(o) == "Ps" and unicodedata.category(c) == "Pe"}


_OPENERS = _bracket_table()
_CLOSERS = frozenset(_OPENERS.values())


def _strong(bidi_type: str) -> str | None:
    if bidi_type in ("R", "AL", "EN", "AN"):
        return "R"
    return "L" if bidi_type == "L" else None


def _resolve_bracket_pairs(storage: dict) -> None:
    """UAX #9 rule N0 (paired brackets), which the reference algorithm predates.

    Without it ``cue: وقال (قال, neutral)`` shows its parenthesis turned the
    wrong way; the Rust ``get_display`` applies it, and so must the index map.
    Runs on the storage of :mod:`bidi.algorithm` between the weak and the
    neutral rules; its level runs are the isolating run sequences (no isolates).
    """
    chars = storage["chars"]
    for run in storage["runs"]:
        start, end = run["start"], run["start"] + run["length"]
        if end <= start:
            continue
        embedding = "LR"[chars[start]["level"] % 2]
        pairs: list[tuple[int, int]] = []
        stack: list[tuple[str, int]] = []
        for i in range(start, end):
            ch = chars[i]
            if ch["type"] != "ON":
                continue
            if ch["ch"] in _OPENERS:
                if len(stack) == 63:
                    break
                stack.append((_OPENERS[ch["ch"]], i))
            elif ch["ch"] in _CLOSERS:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == ch["ch"]:
                        pairs.append((stack[k][1], i))
                        del stack[k:]
                        break
        for o, c in sorted(pairs):
            inside = {_strong(chars[j]["type"]) for j in range(o + 1, c)} - {None}
            if embedding in inside:
                new = embedding
            elif inside:
                before = next((t for t in (_strong(chars[j]["type"]) for j in range(o - 1, start - 1, -1)) if t),
                              run["sor"])
                new = before if before != embedding else embedding
            else:
                continue
            for j in (o, c):
                chars[j]["type"] = new
                k = j + 1
                while k < end and chars[k]["orig"] == "NSM":
                    chars[k]["type"] = new
                    k += 1


def base_level(text: str) -> int:
    """The paragraph direction by its first strong character (outside isolates): 1 RTL, 0 LTR."""
    if FSI in text:
        text = _ISOLATE_RE.sub("", text)
    return _uba.get_base_level(text)


@lru_cache(maxsize=4096)
def visual_order(line: str, level: int) -> tuple[tuple[str, int], ...]:
    """One display line: ``(character as shown, logical index)`` from left to right.

    ``level`` is the paragraph's base level (a wrapped line keeps its
    paragraph's direction). Characters the algorithm removes (explicit
    embedding controls) do not appear; right-to-left brackets come back
    mirrored.
    """
    if not line:
        return ()
    storage = _uba.get_empty_storage()
    storage["base_level"] = level
    storage["base_dir"] = ("L", "R")[level]
    _uba.get_embedding_levels(line, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["idx"] = i
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _resolve_bracket_pairs(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    return tuple((ch["ch"], ch["idx"]) for ch in storage["chars"])


def isolate(text: str) -> str:
    """``text`` as a bidi isolate: laid out in its own direction, a single neutral to its surroundings.

    For UI lines that put an Arabic value after an English label
    (``role: مدير شبكة "فرات بوست"``): without it the value's trailing
    quote would attach to the left-to-right line. Terminals that do bidi
    honour the marks; in ``reorder`` mode :func:`display_order` does.
    """
    return f"{FSI}{text}{PDI}"


def display_order(line: str, level: int) -> list[tuple[str, int]]:
    """:func:`visual_order` with isolates (FSI … PDI) laid out on their own (UAX #9 X5c, BD13).

    The reference algorithm predates isolates, so each one is reordered
    separately, stands in its surroundings as one neutral character, and is
    spliced back in; the isolate marks themselves are not shown.
    """
    if FSI not in line and PDI not in line:
        return list(visual_order(line, level))
    outer: list[str] = []
    where: list[int] = []  # index in ``line`` of each outer character, -1 for an isolate
    isolates: dict[int, tuple[int, int]] = {}
    n, i = len(line), 0
    first_fsi, first_pdi = line.find(FSI), line.find(PDI)
    if first_pdi >= 0 and (first_fsi < 0 or first_pdi < first_fsi):
        isolates[0] = (0, first_pdi)  # a wrapped line that starts inside an isolate
        outer.append(_ISOLATED)
        where.append(-1)
        i = first_pdi + 1
    while i < n:
        ch = line[i]
        if ch == FSI:
            depth, j = 1, i + 1
            while j < n and depth:
                depth += (line[j] == FSI) - (line[j] == PDI)
                j += 1
            end = j - 1 if depth == 0 else n
            isolates[len(outer)] = (i + 1, end)
            outer.append(_ISOLATED)
            where.append(-1)
            i = end + 1
        elif ch == PDI:
            i += 1
        else:
            outer.append(ch)
            where.append(i)
            i += 1
    out: list[tuple[str, int]] = []
    for ch, k in visual_order("".join(outer), level):
        if k in isolates:
            a, b = isolates[k]
            inner = line[a:b]
            out.extend((c, a + m) for c, m in display_order(inner, base_level(inner)))
        else:
            out.append((ch, where[k]))
    return out


def reorder_text(line: Text, level: int | None = None) -> Text:
    """The display form of one line of styled text (no wrapping), styles carried along."""
    plain = line.plain
    if level is None:
        level = base_level(plain)
    return _styled(line, display_order(plain, level))


def _styled(line: Text, order: list[tuple[str, int]]) -> Text:
    """The characters of ``order`` with the styles their logical positions have in ``line``."""
    styles = _char_styles(line)
    out = Text(style=line.style, no_wrap=True, end="")
    run: list[str] = []
    run_style: Style | str | None = None
    for ch, idx in order:
        st = styles[idx]
        if run and st != run_style:
            out.append("".join(run), run_style)
            run = []
        run.append(ch)
        run_style = st
    if run:
        out.append("".join(run), run_style)
    return out


def _char_styles(text: Text) -> list[Style | None]:
    styles: list[Style | None] = [None] * len(text.plain)
    for span in text.spans:
        st = span.style if isinstance(span.style, Style) else Style.parse(span.style)
        for i in range(max(0, span.start), min(span.end, len(styles))):
            styles[i] = st if styles[i] is None else styles[i] + st
    return styles


def wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Word-wrap one paragraph: ``(start, end)`` ranges of ``text`` no wider than ``width`` cells.

    Breaks only at spaces and tabs (a no-break space keeps its words
    together), drops the spaces at a break, and folds a word wider than the
    line. A blank paragraph is one empty line.
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    start = end = -1
    for m in _WORD.finditer(text):
        ws, we = m.start(), m.end()
        if start >= 0 and cell_len(text[start:we]) <= width:
            end = we
            continue
        if start >= 0:
            lines.append((start, end))
        pos = ws
        while cell_len(text[pos:we]) > width:
            cut, used = pos, 0
            while cut < we and used + cell_len(text[cut]) <= width:
                used += cell_len(text[cut])
                cut += 1
            cut = max(cut, pos + 1)
            lines.append((pos, cut))
            pos = cut
        start, end = pos, we
    if start < 0:
        return [(0, 0)]
    lines.append((start, end))
    return lines


def layout(text: Text, width: int, mode: str) -> list[Text]:
    """The display lines of ``text`` at ``width`` cells in the given RTL mode.

    Paragraphs are separated by newlines. In ``terminal`` mode each line is
    its logical slice; in ``reorder`` mode it is reordered for display and,
    when its paragraph is right-to-left, padded on the left so it ends at the
    right edge.
    """
    return [line for line, _ in layout_cells(text, width, mode)]


def layout_cells(text: Text, width: int, mode: str) -> list[tuple[Text, list[int]]]:
    """:func:`layout`, with the offset into ``text`` shown in each cell of each line (-1: padding).

    The cell map turns a mouse click into a position in the stored text, in
    either mode.
    """
    out: list[tuple[Text, list[int]]] = []
    plain = text.plain
    offset = 0
    for para in plain.split("\n"):
        level = base_level(para) if mode == "reorder" else 0
        for a, b in wrap_ranges(para, width):
            line = text[offset + a: offset + b]
            start = offset + a
            if mode == "reorder":
                order = display_order(line.plain, level)
                line = _styled(line, order)
                cells = [start + i for ch, i in order for _ in range(cell_len(ch))]
                pad = width - line.cell_len
                if level == 1 and pad > 0:
                    line = Text(" " * pad, end="") + line
                    cells = [-1] * pad + cells
            else:
                cells = [start + i for i, ch in enumerate(line.plain) for _ in range(cell_len(ch))]
            out.append((line, cells))
        offset += len(para) + 1
    return out


def display_cell(value: str | Text, width: int, mode: str, align_rtl: bool = True) -> Text:
    """One table cell: cut to ``width`` cells at its logical end, then reordered in ``reorder`` mode.

    Cutting before reordering keeps the beginning of an Arabic name or quote
    (its right-hand end on screen), which is what a reader looks at first.
    """
    text = value if isinstance(value, Text) else Text(value)
    text = text.copy()
    text.no_wrap = True
    text.end = ""
    if text.cell_len > width:
        text.truncate(max(width - 1, 0))
        text.append("…")
    if mode != "reorder":
        return text
    level = base_level(text.plain)
    shown = reorder_text(text, level)
    if align_rtl and level == 1 and shown.cell_len < width:
        shown = Text(" " * (width - shown.cell_len), end="") + shown
    return shown


def plain_lines(lines: Iterable[Text]) -> list[str]:
    return [t.plain for t in lines]


class RtlText(Widget):
    """Styled news text, wrapped to the widget's width and shown in the current RTL mode.

    Set :attr:`text` to a :class:`rich.text.Text` (built from plain strings
    with ``stylize``, never from markup) and :attr:`mode` to ``terminal`` or
    ``reorder``. Height follows the wrapped text.
    """

    DEFAULT_CSS = """
    RtlText {
        height: auto;
    }
    """

    text: reactive[Text] = reactive(Text, layout=True, always_update=True)
    mode: reactive[str] = reactive("terminal", layout=True)

    def __init__(self, text: Text | str = "", *, mode: str = "terminal", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(RtlText.text, text if isinstance(text, Text) else Text(text))
        self.set_reactive(RtlText.mode, mode)
        self._cache: tuple[tuple, list[tuple[Text, list[int]]]] | None = None

    @dataclass
    class Clicked(Message):
        """A click on the text: ``offset`` into :attr:`RtlText.text` (in either RTL mode)."""

        rtl_text: "RtlText"
        offset: int
        shift: bool

    def lines(self, width: int | None = None) -> list[Text]:
        """The display lines at ``width`` (default: the current content width)."""
        return [line for line, _ in self._layout(width)]

    def _layout(self, width: int | None) -> list[tuple[Text, list[int]]]:
        width = self.content_region.width if width is None else width
        width = max(width, 1)
        key = (id(self.text), self.text.plain, width, self.mode)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, layout_cells(self.text, width, self.mode))
        return self._cache[1]

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset drawn at content cell (x, y), if any."""
        lines = self._layout(None)
        if not 0 <= y < len(lines):
            return None
        cells = lines[y][1]
        if not 0 <= x < len(cells) or cells[x] < 0:
            return None
        return cells[x]

    def on_click(self, event: events.Click) -> None:
        at = event.get_content_offset(self)
        offset = self.offset_at(at.x, at.y) if at is not None else None
        if offset is not None:
            self.post_message(self.Clicked(self, offset, event.shift))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def watch_text(self) -> None:
        self._cache = None
        self.refresh(layout=True)

    def watch_mode(self) -> None:
        self._cache = None
        self.refresh(layout=True)

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self.visual_style.rich_style
        lines = self.lines(width)
        if y >= len(lines):
            return Strip.blank(width, base)
        line = lines[y].copy()
        line.stylize_before(base)
        return Strip(line.render(self.app.console), line.cell_len).adjust_cell_length(width, base)
