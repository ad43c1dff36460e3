"""The review queue and the detail of the highlighted attribution: where reviewers spend their hours."""
from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from attribution.models import STATUSES, Attribution, ReviewEvent
from attribution.review import decision

from .. import messages as m
from ..query import parse_query
from ..widgets.attribution_detail import AttributionDetail
from ..widgets.attribution_queue import AttributionQueue

_STATUS_CYCLE = ("", *STATUSES)
_FIELD_RE = {name: re.compile(rf'(^|\s){name}:("[^"]*"|\S*)') for name in ("status", "doc", "source")}


def decide(app, action: str, current: Attribution, after: dict | None = None) -> ReviewEvent:
    """A decision on ``current`` (the reviewed view) anchored to the machine's original.

    The anchor and the suggestion come from the machine output, so the event
    still finds its attribution after a re-extraction even when an earlier
    edit moved the cue.
    """
    ev = decision(action, current, actor=app.reviewer, after=after)
    machine = app.index.machine.get(current.id)
    if machine is not None:
        ev = ev.model_copy(update={"anchor": machine.anchor, "suggestion": machine.record()})
    return ev


class ReviewScreen(Screen):
    """Filter line, queue, detail pane, progress line."""

    BINDINGS = [
        Binding("a", "accept", "Accept", id="review-accept", tooltip="Accept the attribution as extracted"),
        Binding("r", "reject", "Reject", id="review-reject", tooltip="Not an attribution, or wrong beyond repair"),
        Binding("e", "edit", "Edit", id="review-edit",
                tooltip="Move span boundaries, change kind, source, type, anonymity"),
        Binding("n", "add", "Add missed", id="review-add", tooltip="Mark a missed attribution in this document"),
        Binding("u", "undo", "Undo", id="review-undo", tooltip="Undo your last decision of this session"),
        Binding("slash", "focus_filter", "Filter", id="review-filter", tooltip="Type a filter (see ? for the syntax)"),
        Binding("s", "cycle_status", "Status", id="review-status-filter",
                tooltip="Cycle the status filter: all, unreviewed, accepted, rejected, edited"),
        Binding("d", "only_document", "This doc", id="review-only-document", show=False,
                tooltip="Only this document (again: all documents)"),
        Binding("o", "only_source", "This source", id="review-only-source", show=False,
                tooltip="Only this source (again: all sources)"),
        Binding("x", "clear_filter", "Clear filter", id="review-clear-filter", show=False),
        Binding("S", "sources", "Sources", id="review-sources", tooltip="Source registry: counts, aliases, merge"),
        Binding("C", "claims", "Claims", id="review-claims", tooltip="Claims: backing sources, grade, conflicts"),
        Binding("ctrl+r", "reextract", "Re-extract", id="review-reextract", show=False,
                tooltip="Re-run extraction on this document; decisions are kept"),
        Binding("escape", "focus_queue", "Queue", id="review-focus-queue", show=False),
    ]

    DEFAULT_CSS = """
    ReviewScreen #filter { height: 3; }
    ReviewScreen #queue { height: 45%; }
    ReviewScreen #progress { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._extract_note = ""
        self._problems = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: status:unreviewed type:person source:… doc:… outlet:… words",
                    id="filter")
        yield AttributionQueue(id="queue")
        yield AttributionDetail(id="detail")
        yield Static(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.queue.mode = self.app.rtl
        self.detail.set_mode(self.app.rtl)
        self.queue.focus()
        initial = self.app.initial_filter
        if initial:
            self.query_one("#filter", Input).value = initial
        self.refresh_queue()

    # -- parts -----------------------------------------------------------------------------
    @property
    def queue(self) -> AttributionQueue:
        return self.query_one(AttributionQueue)

    @property
    def detail(self) -> AttributionDetail:
        return self.query_one(AttributionDetail)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value

    def refresh_queue(self, keep: str | None = None) -> None:
        q = parse_query(self.filter_text)
        self._problems = "; ".join(q.problems)
        ids = self.app.index.filter(q)
        self.queue.set_rows(self.app.index, ids, keep=keep)
        self.show_detail()
        self.update_progress()

    def show_detail(self) -> None:
        self.detail.show(self.app.index, self.queue.current_id)

    def update_progress(self) -> None:
        idx = self.app.index
        done, total = idx.progress()
        line = Text(end="")
        line.append(f"reviewed {done:,}/{total:,}", "bold")
        if total:
            line.append(f" ({100 * done / total:.0f}%)")
        line.append(f" · showing {len(self.queue.ids):,}")
        if not idx.loaded:
            line.append(f" · loading {len(idx):,}/{idx.total_expected:,}…", "yellow")
        if self.app.pending:
            line.append(f" · saving {self.app.pending}…", "yellow")
        if self._extract_note:
            line.append(f" · {self._extract_note}", "yellow")
        if self._problems:
            line.append(f" · {self._problems}", "red")
        line.append(f" · rtl: {self.app.rtl}", "dim")
        self.query_one("#progress", Static).update(line)

    # -- messages ----------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.refresh_queue()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.queue.focus()

    def on_attribution_queue_highlighted(self, event: AttributionQueue.Highlighted) -> None:
        self.show_detail()

    def on_snapshot_read(self, msg: m.SnapshotRead) -> None:
        self.refresh_queue()

    def on_chunk_loaded(self, msg: m.ChunkLoaded) -> None:
        self.refresh_queue()

    def on_attribution_reviewed(self, msg: m.AttributionReviewed) -> None:
        self.queue.rows_changed(msg.changed)
        if msg.event.action == "add" and msg.changed:
            self.refresh_queue(keep=msg.changed[0])
        self.show_detail()
        self.update_progress()

    def on_sources_merged(self, msg: m.SourcesMerged) -> None:
        self.show_detail()

    def on_registry_rebuilt(self, msg: m.RegistryRebuilt) -> None:
        self.queue.rows_changed(list(self.queue.ids))
        self.show_detail()

    def on_reviews_saved(self, msg: m.ReviewsSaved) -> None:
        self.update_progress()

    def on_rtl_mode_changed(self, msg: m.RtlModeChanged) -> None:
        self.queue.mode = msg.mode
        self.detail.set_mode(msg.mode)
        self.update_progress()

    def on_extraction_progressed(self, msg: m.ExtractionProgressed) -> None:
        self._extract_note = f"re-extracting {msg.done}/{msg.total}"
        self.update_progress()

    def on_extraction_finished(self, msg: m.ExtractionFinished) -> None:
        self._extract_note = ""
        self.update_progress()

    def on_screen_resume(self) -> None:
        self.queue.rows_changed(list(self.queue.ids))
        self.show_detail()
        self.update_progress()

    # -- actions -------------------------------------------------------------------------------
    def _current(self) -> Attribution | None:
        aid = self.queue.current_id
        if aid is None:
            self.app.bell()
            return None
        return self.app.index.current[aid]

    def _decide(self, action: str, status: str) -> None:
        a = self._current()
        if a is None:
            return
        if self.app.index.status[self.app.index.row_of[a.id]] == status:
            self.queue.cursor += 1
            return
        self.app.record(decide(self.app, action, a))
        self.queue.cursor += 1

    def action_accept(self) -> None:
        self._decide("accept", "accepted")

    def action_reject(self) -> None:
        self._decide("reject", "rejected")

    def action_undo(self) -> None:
        undo = self.app.undo()
        if undo is not None and undo.action == "undo":
            target = next((e for e in self.app.index.events if e.id == undo.target), None)
            if target is not None and target.target in self.app.index.row_of:
                self.refresh_queue(keep=target.target)

    def action_edit(self) -> None:
        from .edit import EditScreen

        a = self._current()
        if a is None:
            return
        doc = self.app.index.documents.get(a.doc_id)
        if doc is None:
            self.notify(f"document {a.doc_id} is not in the store", severity="error")
            return

        def done(after: dict | None) -> None:
            if after:
                self.app.record(decide(self.app, "edit", self.app.index.current[a.id], after=after))

        self.app.push_screen(EditScreen(doc, a, self.app.index), done)

    def action_add(self) -> None:
        from .edit import EditScreen

        a = self._current()
        index = self.app.index
        if a is not None:
            doc, at = index.documents.get(a.doc_id), a.cue.start
        else:
            doc, at = next(iter(index.documents.values()), None), 0
        if doc is None:
            self.app.bell()
            return

        def done(new: Attribution | None) -> None:
            if new is not None:
                ev = ReviewEvent(actor=self.app.reviewer, action="add", target=new.id, anchor=new.anchor,
                                 after=new.model_dump(mode="json"), note="added in review")
                self.app.record(ev)

        self.app.push_screen(EditScreen(doc, None, index, at=at), done)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_focus_queue(self) -> None:
        self.queue.focus()

    def _set_field(self, name: str, value: str | None) -> None:
        box = self.query_one("#filter", Input)
        text = _FIELD_RE[name].sub(" ", box.value).strip()
        if value:
            if " " in value:
                value = f'"{value}"'
            text = f"{name}:{value} {text}".strip()
        box.value = text  # Input.Changed refreshes the queue

    def _get_field(self, name: str) -> str | None:
        found = _FIELD_RE[name].search(self.filter_text)
        return found.group(2).strip('"') if found else None

    def action_cycle_status(self) -> None:
        now = self._get_field("status") or ""
        nxt = _STATUS_CYCLE[(_STATUS_CYCLE.index(now) + 1) % len(_STATUS_CYCLE)] if now in _STATUS_CYCLE else ""
        self._set_field("status", nxt)

    def action_only_document(self) -> None:
        a = self._current()
        if a is not None:
            self._set_field("doc", None if self._get_field("doc") else a.doc_id)

    def action_only_source(self) -> None:
        a = self._current()
        if a is None:
            return
        sid = self.app.index.source_of.get(a.id)
        self._set_field("source", None if self._get_field("source") else (sid or a.source_name))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    def action_sources(self) -> None:
        from .sources import SourcesScreen

        self.app.push_screen(SourcesScreen())

    def action_claims(self) -> None:
        from .claims import ClaimsScreen

        self.app.push_screen(ClaimsScreen())

    def action_reextract(self) -> None:
        a = self._current()
        if a is not None:
            self.notify(f"re-extracting {a.doc_id}…")
            self.app.reextract([a.doc_id])

    def show_filter(self, text: str) -> None:
        """Replace the filter line (used by the sources and claims screens)."""
        self.query_one("#filter", Input).value = text
