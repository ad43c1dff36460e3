"""The source registry: who is quoted, how often, under which names; merge duplicates.

Rows are the store's :class:`~attribution.models.Source` records as last
rebuilt by :func:`attribution.tracker.rebuild`; after review decisions the
app rebuilds them in a worker when this screen opens. A merge is a
``merge_sources`` review event (``after = {"into": SOURCE_ID}``) that the
registry applies on every rebuild, so it survives re-extraction.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static

from attribution.arabic import normalize
from attribution.models import ReviewEvent

from .. import messages as m
from ..widgets.rtl_text import RtlText, display_cell, isolate
from .table_screen import TableScreen

NAME_WIDTH = 34
ALIAS_WIDTH = 40


class SourcesScreen(TableScreen):
    FILTER_ID = "sources-filter"
    QUEUE_FILTER = "source"

    BINDINGS = [
        Binding("enter", "open", "Show in queue", id="sources-open", tooltip="Review this source's attributions"),
        Binding("m", "merge", "Merge", id="sources-merge",
                tooltip="Mark this source, then press m on the source to merge it into"),
        Binding("u", "undo", "Undo", id="sources-undo", tooltip="Undo your last decision of this session"),
        Binding("slash", "focus_filter", "Filter", id="sources-filter"),
        Binding("escape", "back", "Back", id="sources-back"),
    ]

    DEFAULT_CSS = """
    SourcesScreen #sources-filter { height: 3; }
    SourcesScreen DataTable { height: 1fr; }
    SourcesScreen #sources-detail { height: auto; max-height: 8; border-top: solid $primary; padding: 0 1; }
    SourcesScreen #sources-status { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.merge_from: str | None = None
        self._claims_of: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter sources by name or alias", id="sources-filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="sources-table")
        yield RtlText(id="sources-detail")
        yield Static(id="sources-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RtlText).mode = self.app.rtl
        table = self.query_one(DataTable)
        for label, width in (("source", NAME_WIDTH), ("type", 12), ("named", 5), ("attr.", 6), ("docs", 5),
                             ("claims", 6), ("aliases", ALIAS_WIDTH)):
            table.add_column(label, width=width, key=label)
        table.focus()
        if self.app.index.registry_stale:
            self.set_status("rebuilding sources and claims from your decisions…")
            self.app.rebuild_registry()
        self.fill()

    def set_status(self, text: str) -> None:
        self.query_one("#sources-status", Static).update(Text(text))

    def fill(self) -> None:
        idx = self.app.index
        mode = self.app.rtl
        needle = normalize(self.query_one("#sources-filter", Input).value)
        claims_of: dict[str, set] = {}
        for c in idx.claims.values():
            for sid in c.source_ids:
                claims_of.setdefault(sid, set()).add(c.id)
        table = self.query_one(DataTable)
        keep = self.current_id
        table.clear()
        rows = []
        for s in idx.sources.values():
            if needle and not any(needle in normalize(n) for n in (s.name, *s.aliases)):
                continue
            marker = "⇢ " if s.id == self.merge_from else ""
            rows.append((s.id, (
                Text(marker) + display_cell(s.name, NAME_WIDTH - len(marker), mode),
                s.type, "no" if s.anonymous else "yes", Text(str(len(s.attribution_ids)), justify="right"),
                Text(str(len(s.doc_ids)), justify="right"), Text(str(len(claims_of.get(s.id, ()))), justify="right"),
                display_cell("، ".join(s.aliases), ALIAS_WIDTH, mode))))
        for sid, cells in rows:
            table.add_row(*cells, key=sid)
        if keep is not None and keep in {r[0] for r in rows}:
            table.move_cursor(row=table.get_row_index(keep))
        self._claims_of = {k: len(v) for k, v in claims_of.items()}
        total = sum(len(s.attribution_ids) for s in idx.sources.values())
        note = " (out of date: rebuilding…)" if idx.registry_stale else ""
        if self.merge_from:
            note += f" · merging {idx.sources[self.merge_from].name}: pick the target, press m (escape cancels)"
        self.set_status(f"{len(rows):,} of {len(idx.sources):,} source(s), {total:,} attribution(s){note}")
        self.show_detail()

    def show_detail(self) -> None:
        idx = self.app.index
        s = idx.sources.get(self.current_id or "")
        out = Text(end="")
        if s is not None:
            out.append(isolate(s.name), "bold")
            out.append(f" — {s.type}, {'anonymous' if s.anonymous else 'named'}, "
                       f"{len(s.attribution_ids)} attribution(s) in {len(s.doc_ids)} document(s)")
            if s.first_seen:
                out.append(f", {s.first_seen} – {s.last_seen}")
            for label, values in (("aliases", s.aliases), ("roles", s.roles), ("affiliations", s.affiliations)):
                if values:
                    out.append(f"\n{label}: ", "bold")
                    out.append(isolate("، ".join(values)))
        self.query_one(RtlText).text = out

    # -- messages -------------------------------------------------------------------------------
    def on_sources_merged(self, msg: m.SourcesMerged) -> None:
        self.fill()

    # -- actions -----------------------------------------------------------------------------------
    def action_merge(self) -> None:
        sid = self.current_id
        if sid is None:
            return
        if self.merge_from is None:
            self.merge_from = sid
            self.fill()
            return
        if sid == self.merge_from:
            self.merge_from = None
            self.fill()
            return
        idx = self.app.index
        src, dst = idx.sources[self.merge_from], idx.sources[sid]
        self.merge_from = None
        self.app.record(ReviewEvent(actor=self.app.reviewer, action="merge_sources", target=src.id,
                                    before={"name": src.name}, after={"into": dst.id, "name": dst.name}))
        self.notify(f"merged {src.name} into {dst.name}; rebuilding…")
        self.app.rebuild_registry()

    def action_undo(self) -> None:
        ev = self.app.undo()
        if ev is not None and ev.action == "split_source":
            self.app.rebuild_registry()

    def action_back(self) -> None:
        if self.merge_from:
            self.merge_from = None
            self.fill()
            return
        self.app.pop_screen()
