"""Claims across documents: who backs each, how independently, and what contradicts it."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Input, Static

from attribution.arabic import normalize

from ..widgets.rtl_text import RtlText, display_cell, isolate
from .table_screen import TableScreen

TEXT_WIDTH = 60
SOURCES_WIDTH = 36


class ClaimsScreen(TableScreen):
    FILTER_ID = "claims-filter"
    QUEUE_FILTER = "claim"

    BINDINGS = [
        Binding("enter", "open", "Show in queue", id="claims-open", tooltip="Review the attributions of this claim"),
        Binding("slash", "focus_filter", "Filter", id="claims-filter"),
        Binding("escape", "back", "Back", id="claims-back"),
    ]

    DEFAULT_CSS = """
    ClaimsScreen #claims-filter { height: 3; }
    ClaimsScreen DataTable { height: 1fr; }
    ClaimsScreen VerticalScroll { height: 12; border-top: solid $primary; padding: 0 1; }
    ClaimsScreen #claims-status { height: 1; background: $panel; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter claims by words, source name or grade", id="claims-filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="claims-table")
        with VerticalScroll():
            yield RtlText(id="claims-detail")
        yield Static(id="claims-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RtlText).mode = self.app.rtl
        table = self.query_one(DataTable)
        for label, width in (("indep.", 6), ("named", 5), ("anon.", 5), ("grade", 30), ("confl.", 6),
                             ("sources", SOURCES_WIDTH), ("claim", TEXT_WIDTH)):
            table.add_column(label, width=width, key=label)
        table.focus()
        if self.app.index.registry_stale:
            self.app.rebuild_registry()
        self.fill()

    def fill(self) -> None:
        idx = self.app.index
        mode = self.app.rtl
        needle = normalize(self.query_one("#claims-filter", Input).value)
        table = self.query_one(DataTable)
        keep = self.current_id
        table.clear()
        shown = 0
        for c in idx.claims.values():
            if needle and needle not in c.text and needle not in normalize(" ".join(c.sources)) and \
                    needle not in c.grade:
                continue
            table.add_row(Text(str(c.independent_sources), justify="right"), Text(str(c.named_sources), justify="right"),
                          Text(str(c.anonymous_sources), justify="right"), c.grade,
                          Text(str(len(c.conflicts_with)), justify="right"),
                          display_cell("، ".join(c.sources), SOURCES_WIDTH, mode),
                          display_cell(self._claim_text(c), TEXT_WIDTH, mode), key=c.id)
            shown += 1
        if keep is not None and keep in idx.claims:
            try:
                table.move_cursor(row=table.get_row_index(keep))
            except Exception:  # noqa: BLE001 - filtered out
                pass
        note = " (out of date: rebuilding…)" if idx.registry_stale else ""
        self.query_one("#claims-status", Static).update(Text(f"{shown:,} of {len(idx.claims):,} claim(s){note}"))
        self.show_detail()

    def _claim_text(self, c) -> str:
        """The content as written in the first backing attribution (the claim text is normalised)."""
        for aid in c.attribution_ids:
            a = self.app.index.current.get(aid)
            if a is not None:
                return a.content.text
        return c.text

    def show_detail(self) -> None:
        idx = self.app.index
        c = idx.claims.get(self.current_id or "")
        out = Text(end="")
        if c is not None:
            out.append(f"{c.id}: {c.grade}; {c.independent_sources} independent source(s) "
                       f"({c.named_sources} named, {c.anonymous_sources} anonymous) in {len(c.doc_ids)} document(s)\n",
                       "bold")
            out.append(self._claim_text(c))
            out.append("\nbacked by:", "bold")
            for aid in c.attribution_ids[:30]:
                a = idx.current.get(aid)
                if a is None:
                    continue
                status = idx.status[idx.row_of[aid]]
                out.append(f"\n  {status:<10} {a.doc_id}  ")
                out.append(isolate(a.source_name or "?"))
                out.append(f" ({a.source_type}{', anonymous' if a.anonymous else ''})"
                           + (f" via {a.via}" if a.via else ""))
            if len(c.attribution_ids) > 30:
                out.append(f"\n  … and {len(c.attribution_ids) - 30} more")
            if c.conflicts_with:
                out.append("\nconflicts with:", "bold red")
                for cid in c.conflicts_with[:10]:
                    other = idx.claims.get(cid)
                    out.append(f"\n  {cid}: ")
                    out.append(self._claim_text(other) if other else "(not in the store)")
        self.query_one(RtlText).text = out

    def action_back(self) -> None:
        self.app.pop_screen()
