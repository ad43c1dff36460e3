"""What the sources and claims screens share: a filter box over a table of registry rows and a detail pane."""
from __future__ import annotations

from textual.screen import Screen
from textual.widgets import DataTable, Input

from .. import messages as m
from ..widgets.rtl_text import RtlText


class TableScreen(Screen):
    """A table keyed by record id, refilled on every filter keystroke and registry rebuild.

    Subclasses set ``FILTER_ID`` (the filter Input's id) and ``QUEUE_FILTER`` (the review queue's
    filter prefix for "enter": ``source`` or ``claim``) and implement ``fill`` and ``show_detail``.
    """

    FILTER_ID = ""
    QUEUE_FILTER = ""

    def fill(self) -> None:
        raise NotImplementedError

    def show_detail(self) -> None:
        raise NotImplementedError

    @property
    def current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()  # enter on the table (the table's own binding takes the key first)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_registry_rebuilt(self, msg: m.RegistryRebuilt) -> None:
        self.fill()

    def on_rtl_mode_changed(self, msg: m.RtlModeChanged) -> None:
        self.query_one(RtlText).mode = msg.mode
        self.fill()

    def action_open(self) -> None:
        """Back to the review queue, filtered to this row's attributions."""
        rid = self.current_id
        if rid is None:
            return
        self.app.pop_screen()
        self.app.screen.show_filter(f"{self.QUEUE_FILTER}:{rid}")

    def action_focus_filter(self) -> None:
        self.query_one(f"#{self.FILTER_ID}", Input).focus()
