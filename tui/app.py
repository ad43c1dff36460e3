"""TrackerApp: the review UI over one open store.

The app owns the store for its whole run (the store's writer lock keeps
other writers out) and is the only place that touches it, always from
worker threads under one lock: loading in chunks, saving review events,
rebuilding sources and claims, re-extracting. Screens read the in-memory
:class:`~tui.index.ReviewIndex` and call :meth:`TrackerApp.record` with a
:class:`~attribution.models.ReviewEvent`; the event is in the index at
once and on disk moments later (appended and flushed by a worker, batched
when decisions come faster than the disk).
"""
from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from textual import work
from textual.worker import get_current_worker
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from attribution.errors import AttributionError
from attribution.models import ReviewEvent
from attribution.review import apply_reviews
from attribution.settings import Settings
from attribution.store import Store

from . import messages as m
from .commands import TrackerCommands
from .index import ReviewIndex, load_chunks, read_snapshot
from .widgets.rtl_text import RTL_MODES


#: a save faster than this happens right after each decision (once the next frame is out)
SAVE_NOW_S = 0.2
SAVE_AFTER_FRAME_S = 0.04
#: otherwise it waits for this pause in decisions...
SAVE_IDLE_S = 1.0
#: ...but never longer than this after the first unsaved decision
SAVE_MAX_DELAY_S = 5.0


class TrackerApp(App):
    """Review attributions in ``store``; ``settings`` gives the RTL mode, keymap and reviewer name."""

    TITLE = "attribution review"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {TrackerCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app-quit", priority=True,
                tooltip="Save pending decisions and leave"),
        Binding("question_mark", "help", "Help", id="app-help", tooltip="Every key binding and the filter syntax"),
        Binding("ctrl+p", "command_palette", "Commands", id="app-commands", show=False,
                tooltip="Search every command"),
        Binding("f2", "toggle_rtl", "RTL", id="app-toggle-rtl",
                tooltip="Switch Arabic display: terminal reorders / app reorders"),
    ]

    rtl: reactive[str] = reactive("terminal")

    def __init__(self, store: Store, settings: Settings | None = None, *, initial_filter: str = "") -> None:
        super().__init__()
        self.store = store
        self.initial_filter = initial_filter
        self.settings = settings or Settings()
        self.reviewer = self.settings.tui.reviewer
        self.index = ReviewIndex()
        self.session: list[ReviewEvent] = []  # this session's decisions, for undo
        self._journal: list[ReviewEvent] = []  # every event of this session, replayed over a reloaded index
        self._undone: set[str] = set()
        self._store_lock = threading.Lock()
        self._pending: list[ReviewEvent] = []
        self._pending_lock = threading.Lock()
        self.saved_events = 0
        self._save_seconds = 0.0
        self._first_pending_at: float | None = None
        self._save_timer = None
        self._loader: object | None = None  # the load whose chunks the index takes
        self.set_reactive(TrackerApp.rtl, self.settings.tui.rtl)

    # -- start-up --------------------------------------------------------------------
    def on_load(self) -> None:
        self.load()  # start reading before the first screen is composed

    def on_mount(self) -> None:
        from .screens.review import ReviewScreen

        keymap = self.settings.tui.keymap
        if keymap:
            unknown = sorted(set(keymap) - binding_ids())
            if unknown:
                self.notify(f"tui.keymap: no binding with id {', '.join(unknown)} (press ? for the ids)",
                            severity="warning", timeout=15)
            self.set_keymap(keymap)
        self.push_screen(ReviewScreen())

    @work(thread=True, exclusive=True, group="load", name="load store")
    def load(self) -> None:
        """Read the store in chunks; the queue fills as they arrive."""
        t0 = time.perf_counter()
        me = get_current_worker()
        self._save_now()
        try:
            with self._store_lock:
                snap = read_snapshot(self.store, registry=False)
            self.post_message(m.SnapshotRead(snap, loader=me))
            chunks = load_chunks(self.store, snap)
            while not me.is_cancelled:  # a newer load (after a re-extraction) takes over
                with self._store_lock:
                    chunk = next(chunks, None)
                if chunk is None:
                    break
                self.post_message(m.ChunkLoaded(chunk, time.perf_counter() - t0, loader=me))
        except AttributionError as e:
            self.post_message(m.LoadFailed(e.one_line()))

    def on_snapshot_read(self, msg: m.SnapshotRead) -> None:
        gc.unfreeze()  # the previous index (before a reload) may go
        self._loader = msg.loader
        self.index = ReviewIndex()
        self.index.set_snapshot(msg.snapshot)
        self.broadcast(m.SnapshotRead, msg.snapshot, msg.loader)

    def on_chunk_loaded(self, msg: m.ChunkLoaded) -> None:
        if msg.loader is not self._loader:
            return  # from a load that a newer one replaced
        self.index.add_chunk(msg.chunk)
        # The index is hundreds of thousands of long-lived objects: keep the cyclic
        # collector from walking them (a full pass over a 100k store takes ~1 s).
        gc.freeze()
        self.broadcast(m.ChunkLoaded, msg.chunk, msg.seconds, msg.loader)
        if msg.chunk.done:
            self._replay_journal()
            if not self.saved_events:
                # until a save is measured, guess from the size (a TinyDB flush is ~25 µs per attribution)
                self._save_seconds = max(self._save_seconds, len(self.index) * 25e-6)
            self.post_message(m.IndexLoaded(len(self.index), msg.seconds))

    def _replay_journal(self) -> None:
        """Decisions taken while a (re)load was reading the store go into the new index too."""
        known = {e.id for e in self.index.events}
        docs = set()
        for ev in self._journal:
            if ev.id not in known:
                self.index.record(ev)
            doc = (ev.anchor or {}).get("doc_id")
            if doc:
                docs.add(doc)
        for doc in docs:
            self.index.refresh_document(doc)

    def on_unmount(self) -> None:
        gc.unfreeze()

    def on_index_loaded(self, msg: m.IndexLoaded) -> None:
        self.broadcast(m.IndexLoaded, msg.rows, msg.seconds)

    def on_load_failed(self, msg: m.LoadFailed) -> None:
        self.notify(msg.error, title="cannot load the store", severity="error", timeout=30)

    def broadcast(self, cls, *args) -> None:
        """Post a fresh ``cls(*args)`` to every screen on the stack."""
        for screen in self.screen_stack:
            screen.post_message(cls(*args))

    # -- decisions ---------------------------------------------------------------------
    def record(self, ev: ReviewEvent) -> list[str]:
        """Take a decision: into the index now, onto the disk from a worker; returns changed ids."""
        changed = self.index.record(ev)
        self._journal.append(ev)
        if ev.action != "undo":
            self.session.append(ev)
        with self._pending_lock:
            self._pending.append(ev)
        self._schedule_save()
        if ev.action in ("merge_sources", "split_source"):
            self.broadcast(m.SourcesMerged, ev)
        else:
            self.broadcast(m.AttributionReviewed, ev, changed)
        return changed

    def undo(self) -> ReviewEvent | None:
        """Undo this session's last decision not yet undone (a merge is undone by a split)."""
        while self.session and self.session[-1].id in self._undone:
            self.session.pop()
        if not self.session:
            self.notify("nothing to undo in this session")
            return None
        ev = self.session.pop()
        self._undone.add(ev.id)
        if ev.action == "merge_sources":
            undo = ReviewEvent(actor=self.reviewer, action="split_source", target=ev.target,
                               before=ev.after, after=None, note=f"undo {ev.id}")
        else:
            undo = ReviewEvent(actor=self.reviewer, action="undo", target=ev.id, anchor=ev.anchor,
                               before=self._state_of(ev), after=self._state_of(ev, undoing=True),
                               note=f"undo {ev.action}")
        self.record(undo)
        return undo

    def _state_of(self, ev: ReviewEvent, undoing: bool = False) -> dict:
        """The reviewed status of ``ev``'s attribution now, or once ``ev`` is undone."""
        doc = (ev.anchor or {}).get("doc_id")
        events = list(self.index.events_by_doc.get(doc, []))
        if undoing:
            events.append(ReviewEvent(action="undo", target=ev.id))
        machine = [self.index.machine[i] for i in self.index.machine_by_doc.get(doc, ())]
        for a in apply_reviews(machine, events):
            if a.id == ev.target:
                return {"status": a.status}
        return {"status": "removed"}

    def _schedule_save(self) -> None:
        """Save now, unless saving is slow on this store: then when the reviewer pauses.

        A TinyDB flush rewrites the whole file: seconds of work on a store of
        100k attributions, done again for every batch. There the save waits
        for a pause in decisions (SAVE_IDLE_S), never longer than
        SAVE_MAX_DELAY_S after the first unsaved one, so a quick run of
        decisions costs one rewrite.
        """
        if self._save_seconds < SAVE_NOW_S:
            self.set_timer(SAVE_AFTER_FRAME_S, self.save_pending)  # the decision shows first, then the disk
            return
        now = time.monotonic()
        if self._first_pending_at is None:
            self._first_pending_at = now
        if self._save_timer is not None:
            self._save_timer.stop()
        late = now - self._first_pending_at >= SAVE_MAX_DELAY_S
        self._save_timer = self.set_timer(0 if late else SAVE_IDLE_S, self.save_pending)

    @work(thread=True, group="save", name="save review events")
    def save_pending(self) -> None:
        self._save_now()

    def _save_now(self) -> int:
        with self._store_lock:
            with self._pending_lock:
                batch, self._pending = self._pending, []
            if not batch:
                return 0
            t0 = time.perf_counter()
            try:
                self.store.append_reviews(batch)
                self.store.flush()
            except (AttributionError, OSError) as e:
                with self._pending_lock:
                    self._pending = batch + self._pending
                self.post_message(m.SaveFailed(str(e)))
                return 0
            self.saved_events += len(batch)
            self._save_seconds = time.perf_counter() - t0
            self._first_pending_at = None
            self.post_message(m.ReviewsSaved(len(batch), self._save_seconds))
            return len(batch)

    def save_now(self) -> int:
        """Write pending events on the calling thread (the CLI calls this after the app exits)."""
        return self._save_now()

    @property
    def pending(self) -> int:
        with self._pending_lock:
            return len(self._pending)

    def on_save_failed(self, msg: m.SaveFailed) -> None:
        self.notify(f"review events not saved yet: {msg.error}; they are kept and retried with the next "
                    "decision", severity="error", timeout=30)

    # -- derived tables and re-extraction ----------------------------------------------
    @work(thread=True, exclusive=True, group="rebuild", name="rebuild sources and claims")
    def rebuild_registry(self) -> None:
        self._rebuild_now()

    def _rebuild_now(self) -> bool:
        """Save pending events, rebuild sources and claims in the store (worker thread)."""
        from attribution.tracker import rebuild

        self._save_now()
        t0 = time.perf_counter()
        with self._store_lock:
            try:
                sources, claims = rebuild(self.store)
                self.store.flush()
            except AttributionError as e:
                self.post_message(m.SaveFailed(e.one_line()))
                return False
        self.post_message(m.RegistryRebuilt(sources, claims, time.perf_counter() - t0))
        return True

    def on_registry_rebuilt(self, msg: m.RegistryRebuilt) -> None:
        self.index.set_registry(msg.sources, msg.claims)
        self.broadcast(m.RegistryRebuilt, msg.sources, msg.claims, msg.seconds)

    @work(thread=True, exclusive=True, group="extract", name="re-extract")
    def reextract(self, doc_ids: list[str] | None = None) -> None:
        """Re-run the pipeline on stored documents; decisions re-attach through their anchors."""
        from attribution.pipeline import make_pipeline
        from attribution.tracker import extract_store

        nlp = self.settings.nlp
        t0 = time.perf_counter()
        total = len(doc_ids) if doc_ids else len(self.index.documents)
        done = 0

        def progress(n: int) -> None:
            nonlocal done
            done += n
            self.post_message(m.ExtractionProgressed(done, total))

        self._save_now()
        try:
            pipeline = make_pipeline(nlp.model_dir, use_stanza=nlp.use_stanza, prefilter=nlp.prefilter)
            with self._store_lock:
                n = extract_store(self.store, pipeline, doc_ids=doc_ids, progress=progress)
                self.store.flush()
        except (AttributionError, OSError) as e:
            self.post_message(m.ExtractionFailed(str(e)))
            return
        self.post_message(m.ExtractionFinished(n, total, time.perf_counter() - t0))

    def on_extraction_progressed(self, msg: m.ExtractionProgressed) -> None:
        self.broadcast(m.ExtractionProgressed, msg.done, msg.total)

    def on_extraction_finished(self, msg: m.ExtractionFinished) -> None:
        self.notify(f"re-extracted {msg.documents} document(s): {msg.attributions} attribution(s) in "
                    f"{msg.seconds:.1f}s; your decisions were re-applied")
        self.broadcast(m.ExtractionFinished, msg.attributions, msg.documents, msg.seconds)
        self.load()

    def on_extraction_failed(self, msg: m.ExtractionFailed) -> None:
        self.notify(msg.error, title="re-extraction failed", severity="error", timeout=30)

    @work(thread=True, group="report", name="export report")
    def export_report(self, fmt: str) -> None:
        """Write the audit report (attribution.report) to ``attribution-report.<suffix>`` here."""
        from attribution import report

        if self.index.registry_stale and not self._rebuild_now():
            return
        self._save_now()
        try:
            path = Path.cwd() / f"attribution-report{report.get_format(fmt).suffix}"
            with self._store_lock:
                built = report.build_report(self.store, None)
            written = report.write_report(built, fmt, path)
        except (AttributionError, OSError) as e:
            self.call_from_thread(self.notify, str(e), title="report not written", severity="error")
            return
        self.call_from_thread(self.notify, "wrote " + ", ".join(str(p) for p in written))

    # -- global actions --------------------------------------------------------------------
    def watch_rtl(self, mode: str) -> None:
        if self.is_mounted:
            self.broadcast(m.RtlModeChanged, mode)

    def action_toggle_rtl(self) -> None:
        self.rtl = RTL_MODES[(RTL_MODES.index(self.rtl) + 1) % len(RTL_MODES)]
        self.notify(f"RTL display: {self.rtl}" + (" (the app reorders Arabic lines)" if self.rtl == "reorder"
                                                   else " (the terminal reorders Arabic)"))

    def action_set_rtl(self, mode: str) -> None:
        if mode in RTL_MODES:
            self.rtl = mode

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        if self.pending or self.index.registry_stale:
            self.notify("saving decisions, sources and claims…")
            worker = self.rebuild_registry() if self.index.registry_stale else self.save_pending()
            await worker.wait()
        self.exit()

    @property
    def db_name(self) -> str:
        url = getattr(self.store, "url", "") or ""
        return Path(url).name if url and "://" not in url else url


def binding_ids() -> set[str]:
    """Every binding id of the review UI: the keys ``tui.keymap`` may remap."""
    from .screens.claims import ClaimsScreen
    from .screens.edit import EditScreen
    from .screens.help import HelpScreen
    from .screens.review import ReviewScreen
    from .screens.source_picker import SourcePicker
    from .screens.sources import SourcesScreen
    from .widgets.attribution_queue import AttributionQueue

    classes = (TrackerApp, ReviewScreen, EditScreen, SourcesScreen, ClaimsScreen, HelpScreen, SourcePicker,
               AttributionQueue)
    return {b.id for cls in classes for b in cls.BINDINGS if getattr(b, "id", None)}
