"""The review queue: one line per attribution, drawn only for the rows on screen.

A Line-API widget, so a queue of 100k attributions costs what its visible
rows cost: filtering swaps the id list, scrolling renders a screenful. Each
row is ``status kind source content``; in ``reorder`` mode the Arabic cells
are reordered one by one (a row mixes left-to-right labels with
right-to-left text, which a whole-line reorder would scramble).
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..index import ReviewIndex
from .rtl_text import display_cell

GLYPH = {"unreviewed": "·", "accepted": "✓", "rejected": "✗", "edited": "✎", "removed": " "}
KIND = {"direct": "dir", "indirect": "ind", "mixed": "mix", "according_to": "acc"}
SOURCE_WIDTH = 24


class AttributionQueue(ScrollView, can_focus=True):
    """Attribution ids in queue order with a cursor; posts :class:`Highlighted` on moves."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="queue-up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="queue-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="queue-page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="queue-page-down"),
        Binding("home,g", "first", "First", show=False, id="queue-first"),
        Binding("end,G", "last", "Last", show=False, id="queue-last"),
    ]

    COMPONENT_CLASSES = {"queue--cursor", "queue--accepted", "queue--rejected", "queue--edited",
                         "queue--unreviewed"}

    DEFAULT_CSS = """
    AttributionQueue { height: 1fr; }
    AttributionQueue > .queue--cursor { background: $accent 40%; text-style: bold; }
    AttributionQueue:focus > .queue--cursor { background: $accent; }
    AttributionQueue > .queue--accepted { color: $success; }
    AttributionQueue > .queue--rejected { color: $error; text-style: dim; }
    AttributionQueue > .queue--edited { color: $warning; }
    AttributionQueue > .queue--unreviewed { }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    mode: reactive[str] = reactive("terminal")

    @dataclass
    class Highlighted(Message):
        queue: "AttributionQueue"
        attribution_id: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index: ReviewIndex | None = None
        self.ids: list[str] = []
        self._rows: dict[tuple, Text] = {}

    # -- data ------------------------------------------------------------------------
    @property
    def current_id(self) -> str | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    def set_rows(self, index: ReviewIndex, ids: list[str], keep: str | None = None) -> None:
        """Show ``ids``; the cursor stays on ``keep`` (default: the current row) when it is still there."""
        keep = keep if keep is not None else self.current_id
        self.index = index
        self.ids = ids
        self.virtual_size = Size(self.size.width, len(ids))
        pos = 0
        if keep is not None:
            try:
                pos = ids.index(keep)
            except ValueError:
                pos = min(self.cursor, max(len(ids) - 1, 0))
        self.cursor = pos
        self.refresh()

    def rows_changed(self, ids: list[str]) -> None:
        """Attributions whose status or fields changed: redraw them."""
        gone = set(ids)
        self._rows = {k: v for k, v in self._rows.items() if k[0] not in gone}
        self.refresh()

    def row_text(self, aid: str, width: int) -> Text:
        key = (aid, width, self.mode, self.index.status[self.index.row_of[aid]] if self.index else "")
        text = self._rows.get(key)
        if text is None:
            if len(self._rows) > 4000:
                self._rows.clear()
            text = self._rows[key] = self._make_row(aid, width)
        return text

    def _make_row(self, aid: str, width: int) -> Text:
        assert self.index is not None
        a = self.index.current[aid]
        status = self.index.status[self.index.row_of[aid]]
        src = a.source_name or (a.source.text if a.source else "—")
        row = Text(f"{GLYPH.get(status, '?')} {KIND.get(a.kind, a.kind)} ", end="")
        rest = max(width - row.cell_len - SOURCE_WIDTH - 1, 8)
        name = display_cell(src, SOURCE_WIDTH, self.mode, align_rtl=False)
        row.append_text(name)
        row.append(" " * (SOURCE_WIDTH - name.cell_len + 1))
        row.append_text(display_cell(a.content.text, rest, self.mode, align_rtl=False))
        return row

    # -- rendering ---------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.visual_style.rich_style
        row = int(self.scroll_offset.y) + y
        if row >= len(self.ids) or self.index is None:
            return Strip.blank(width, base)
        aid = self.ids[row]
        status = self.index.status[self.index.row_of[aid]]
        text = self.row_text(aid, width).copy()
        style = base + self.get_component_rich_style(f"queue--{status}", partial=True) \
            if status in ("accepted", "rejected", "edited", "unreviewed") else base
        if row == self.cursor:
            style = style + self.get_component_rich_style("queue--cursor", partial=True)
        text.stylize_before(style)
        strip = Strip(text.render(self.app.console), text.cell_len)
        return strip.adjust_cell_length(width, style if row == self.cursor else base)

    def watch_mode(self) -> None:
        self._rows.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self.ids))
        self._rows.clear()

    # -- cursor ------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.ids) - 1)) if self.ids else 0

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_id))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(self.scrollable_content_region.height - 1, 1)

    def action_page_down(self) -> None:
        self.cursor += max(self.scrollable_content_region.height - 1, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.ids) - 1

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_offset.y) + event.y
        if 0 <= row < len(self.ids):
            self.cursor = row

    def visible_lines(self) -> list[str]:
        """The text of the rows on screen, as drawn (for tests and the benchmark)."""
        return [self.render_line(y).text for y in range(self.scrollable_content_region.height)]
