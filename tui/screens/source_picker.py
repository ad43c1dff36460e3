"""Pick a registry source by typing part of its name: use it, or merge into it."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from attribution.arabic import normalize

from ..index import ReviewIndex
from ..widgets.rtl_text import display_cell

LIMIT = 200


class SourcePicker(ModalScreen):
    """Dismisses with ``("use", source_id)``, ``("merge", source_id)`` or None."""

    BINDINGS = [
        Binding("enter", "use", "Use source", id="picker-use", priority=True,
                tooltip="Credit the attribution to this source"),
        Binding("f3", "merge", "Merge into", id="picker-merge",
                tooltip="Merge the attribution's whole source into this one (all its attributions)"),
        Binding("down", "down", "Down", id="picker-down", show=False),
        Binding("up", "up", "Up", id="picker-up", show=False),
        Binding("escape", "cancel", "Cancel", id="picker-cancel"),
    ]

    DEFAULT_CSS = """
    SourcePicker { align: center middle; }
    SourcePicker > Vertical { width: 80%; height: 80%; border: thick $accent; background: $surface; }
    SourcePicker OptionList { height: 1fr; }
    """

    def __init__(self, index: ReviewIndex, merge_allowed: bool = True) -> None:
        super().__init__()
        self.index = index
        self.merge_allowed = merge_allowed
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder="type part of a source name", id="picker-filter")
            yield OptionList(id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        self.fill("")
        self.query_one(Input).focus()

    def fill(self, text: str) -> None:
        needle = normalize(text)
        mode = self.app.rtl
        opts, ids = [], []
        for s in self.index.sources.values():
            if needle and not any(needle in normalize(n) for n in (s.name, *s.aliases)):
                continue
            label = Text(end="")
            label.append_text(display_cell(s.name, 40, mode))
            label.append(f"  {s.type}{', anonymous' if s.anonymous else ''} · {len(s.attribution_ids)}")
            opts.append(Option(label, id=s.id))
            ids.append(s.id)
            if len(opts) >= LIMIT:
                break
        ol = self.query_one(OptionList)
        ol.clear_options()
        ol.add_options(opts)
        if opts:
            ol.highlighted = 0
        self._ids = ids

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def _selected(self) -> str | None:
        ol = self.query_one(OptionList)
        if ol.highlighted is None or not self._ids:
            return None
        return self._ids[ol.highlighted]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_use()

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_use(self) -> None:
        sid = self._selected()
        if sid:
            self.dismiss(("use", sid))

    def action_merge(self) -> None:
        sid = self._selected()
        if sid and self.merge_allowed:
            self.dismiss(("merge", sid))
        else:
            self.app.bell()

    def action_cancel(self) -> None:
        self.dismiss(None)
