"""The review UI's in-memory view of a store: rows, filter columns, derived status.

The store is the truth; this is what the screens read so that a keystroke
never touches it. Loading happens in a worker thread in chunks
(:func:`load_chunks`), so the first rows paint while the rest of a big store
is still being read; the UI thread merges each chunk (:meth:`ReviewIndex.add_chunk`)
and is the only writer of the index afterwards.

Statuses and edits are never computed here: each document's reviewed view
comes from :func:`attribution.review.apply_reviews` over that document's
machine attributions and events (events carry their document in their
anchor, so a document's view depends on nothing else). A new decision
re-derives just its document.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterator

from attribution.arabic import normalize
from attribution.models import Attribution, Claim, Document, ReviewEvent, Source
from attribution.review import apply_reviews

from .query import Query

#: attributions per loaded chunk: a small first chunk paints fast, later ones amortise the merge
FIRST_CHUNK = 1_000
CHUNK = 20_000


def event_doc(ev: ReviewEvent) -> str | None:
    """The document an attribution-level event belongs to (None for source merges)."""
    if ev.anchor and ev.anchor.get("doc_id"):
        return ev.anchor["doc_id"]
    if ev.after and isinstance(ev.after.get("doc_id"), str):
        return ev.after["doc_id"]
    return None


@dataclass
class Chunk:
    """Rows read by the loader, in load order, ready to be merged by the UI thread."""

    machine: list[Attribution]
    current: list[Attribution]
    blobs: list[str]
    done: bool = False
    order: list[str] | None = None  # every attribution id in queue order (with the last chunk)
    extra: list[Attribution] = field(default_factory=list)  # human additions (with the last chunk)
    total: int = 0


@dataclass
class Snapshot:
    """What the loader reads before the attributions: small tables, read whole."""

    documents: dict[str, Document]
    events: list[ReviewEvent]
    sources: list[Source]
    claims: list[Claim]
    total: int
    timings: dict[str, float] = field(default_factory=dict)


class _Norm:
    """normalize() with a cache: names, cues and titles repeat a lot."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, s: str | None) -> str:
        if not s:
            return ""
        v = self.cache.get(s)
        if v is None:
            if len(self.cache) > 200_000:
                self.cache.clear()
            v = self.cache[s] = normalize(s)
        return v


def read_snapshot(store) -> Snapshot:
    t = {}
    t0 = time.perf_counter()
    docs = {d.id: d for d in store.iter_documents()}
    t["documents"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = list(store.iter_reviews())
    t["events"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    sources = list(store.iter_sources())
    claims = list(store.iter_claims())
    t["sources_claims"] = time.perf_counter() - t0
    return Snapshot(docs, events, sources, claims, store.count("attributions"), t)


def load_chunks(store, snap: Snapshot, first: int = FIRST_CHUNK, size: int = CHUNK) -> Iterator[Chunk]:
    """Read the attributions in chunks with their reviewed state (runs in a worker thread)."""
    events_by_doc = group_events(snap.events)
    claim_text = {aid: c.text for c in snap.claims for aid in c.attribution_ids}
    norm = _Norm()
    by_doc: dict[str, list[Attribution]] = defaultdict(list)
    machine: list[Attribution] = []
    want = first
    seen: set[str] = set()

    def emit(done: bool) -> Chunk:
        current = []
        touched = {a.doc_id for a in machine if a.doc_id in events_by_doc}
        reviewed: dict[str, Attribution] = {}
        for doc_id in touched:
            for a in apply_reviews(by_doc[doc_id], events_by_doc[doc_id]):
                reviewed[a.id] = a
        for a in machine:
            current.append(reviewed.get(a.id, a))
        blobs = [search_blob(a, snap.documents.get(a.doc_id), norm, claim_text.get(a.id)) for a in current]
        return Chunk(machine=list(machine), current=current, blobs=blobs, done=done, total=snap.total)

    for a in store.iter_attributions():
        machine.append(a)
        by_doc[a.doc_id].append(a)
        seen.add(a.id)
        if len(machine) >= want:
            yield emit(False)
            machine = []
            want = size
    last = emit(True)
    # human additions exist only as events: derive them with their documents' full views
    extra = []
    for doc_id, evs in events_by_doc.items():
        if any(e.action == "add" for e in evs):
            for a in apply_reviews(by_doc.get(doc_id, []), evs):
                if a.id not in seen and a.origin == "human":
                    extra.append(a)
                    seen.add(a.id)
    last.extra = extra
    last.blobs += [search_blob(a, snap.documents.get(a.doc_id), norm, None) for a in extra]
    keyed = [(a.doc_id, a.cue.start, a.id) for atts in by_doc.values() for a in atts]
    keyed += [(a.doc_id, a.cue.start, a.id) for a in extra]
    keyed.sort()
    last.order = [k[2] for k in keyed]
    yield last


def group_events(events: list[ReviewEvent]) -> dict[str, list[ReviewEvent]]:
    """Attribution-level events by document; undo events go with the event they cancel."""
    by_id = {e.id: e for e in events}
    out: dict[str, list[ReviewEvent]] = defaultdict(list)
    for e in events:
        if e.action in ("merge_sources", "split_source"):
            continue
        doc = event_doc(e)
        if doc is None and e.action == "undo" and e.target in by_id:
            doc = event_doc(by_id[e.target])
        if doc is not None:
            out[doc].append(e)
    return dict(out)


def search_blob(a: Attribution, doc: Document | None, norm: Callable[[str | None], str],
                content_norm: str | None = None) -> str:
    """What free words are matched against: source name, cue, content, document title."""
    content = content_norm if content_norm is not None else norm(a.content.text)
    return " ".join(filter(None, (norm(a.source_name), norm(a.source.text if a.source else None),
                                  norm(a.cue.text), content, norm(doc.title if doc else None))))


class ReviewIndex:
    """Rows in queue order with the columns the filter reads; mutated on the UI thread only."""

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.events: list[ReviewEvent] = []
        self.events_by_doc: dict[str, list[ReviewEvent]] = {}
        self.machine: dict[str, Attribution] = {}
        self.machine_by_doc: dict[str, list[str]] = defaultdict(list)
        self.current: dict[str, Attribution] = {}
        self.sources: dict[str, Source] = {}
        self.claims: dict[str, Claim] = {}
        self.source_of: dict[str, str] = {}
        self.claim_of: dict[str, str] = {}
        # columns, one entry per row, row order = load order; `order` is the queue order
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.status: list[str] = []
        self.kind: list[str] = []
        self.stype: list[str] = []
        self.doc: list[str] = []
        self.outlet: list[str] = []
        self.src: list[str] = []
        self.blob: list[str] = []
        self.order: list[int] = []
        self.sorted = False
        self.loaded = False
        self.total_expected = 0
        self.reviewed = 0
        self.removed = 0
        self.rows_by_doc: dict[str, list[int]] = defaultdict(list)
        self.registry_stale = False
        self._norm = _Norm()
        self._source_keys: dict[str, str] = {}

    # -- loading -----------------------------------------------------------------
    def set_snapshot(self, snap: Snapshot) -> None:
        self.documents = snap.documents
        self.events = list(snap.events)
        self.events_by_doc = group_events(self.events)
        self.total_expected = snap.total
        self.set_registry(snap.sources, snap.claims)

    def add_chunk(self, chunk: Chunk) -> None:
        for m in chunk.machine:
            self.machine[m.id] = m
            self.machine_by_doc[m.doc_id].append(m.id)
        for a, blob in zip(chunk.current + chunk.extra, chunk.blobs):
            self._append_row(a, blob)
        if chunk.done:
            self.order = [self.row_of[i] for i in chunk.order or () if i in self.row_of]
            if len(self.order) != len(self.ids):  # rows added while loading (human additions)
                have = set(self.order)
                self.order += [r for r in range(len(self.ids)) if r not in have]
            self.sorted = True
            self.loaded = True
        else:
            self.order = list(range(len(self.ids)))

    def _append_row(self, a: Attribution, blob: str) -> int:
        row = len(self.ids)
        self.ids.append(a.id)
        self.row_of[a.id] = row
        self.rows_by_doc[a.doc_id].append(row)
        self.current[a.id] = a
        doc = self.documents.get(a.doc_id)
        self.status.append(a.status)
        self.kind.append(a.kind)
        self.stype.append(a.source_type)
        self.doc.append(a.doc_id)
        self.outlet.append(self._norm(doc.outlet if doc else None))
        self.src.append(self._source_key(a))
        self.blob.append(blob)
        if a.status != "unreviewed":
            self.reviewed += 1
        return row

    def set_registry(self, sources: list[Source], claims: list[Claim]) -> None:
        """Take a (re)built registry: sources, claims and which attribution belongs where."""
        self.sources = {s.id: s for s in sources}
        self.claims = {c.id: c for c in claims}
        self.source_of = {aid: s.id for s in sources for aid in s.attribution_ids}
        self.claim_of = {aid: c.id for c in claims for aid in c.attribution_ids}
        self._source_keys = {}
        for s in sources:
            names = " | ".join(self._norm(n) for n in (s.name, *s.aliases))
            self._source_keys[s.id] = f"{s.id} | {names}"
        for row, aid in enumerate(self.ids):
            self.src[row] = self._source_key(self.current[aid])
        self.registry_stale = False

    def _source_key(self, a: Attribution) -> str:
        sid = self.source_of.get(a.id)
        own = self._norm(a.source_name)
        if sid and sid in self._source_keys:
            return f"{self._source_keys[sid]} | {own}"
        return own

    # -- reading -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def attribution(self, aid: str) -> Attribution:
        return self.current[aid]

    def source_for(self, aid: str) -> Source | None:
        sid = self.source_of.get(aid)
        return self.sources.get(sid) if sid else None

    def claim_for(self, aid: str) -> Claim | None:
        cid = self.claim_of.get(aid)
        return self.claims.get(cid) if cid else None

    def events_for(self, aid: str) -> list[ReviewEvent]:
        a = self.current.get(aid)
        if a is None:
            return []
        return [e for e in self.events_by_doc.get(a.doc_id, ()) if e.target == aid or (
            e.anchor and e.anchor.get("cue_start") == a.cue.start and e.action != "undo")]

    def filter(self, q: Query) -> list[str]:
        """Attribution ids matching ``q``, in queue order."""
        rows = self.order
        f = q.fields
        if self.removed:
            col = self.status
            rows = [r for r in rows if col[r] != "removed"]
        if "status" in f:
            allowed = set(f["status"])
            col = self.status
            rows = [r for r in rows if col[r] in allowed]
        if "type" in f:
            allowed = set(f["type"])
            col = self.stype
            rows = [r for r in rows if col[r] in allowed]
        if "kind" in f:
            allowed = set(f["kind"])
            col = self.kind
            rows = [r for r in rows if col[r] in allowed]
        if "doc" in f:
            v = f["doc"][0]
            col = self.doc
            rows = [r for r in rows if col[r].startswith(v)]
        if "outlet" in f:
            v = f["outlet"][0]
            col = self.outlet
            rows = [r for r in rows if v in col[r]]
        if "source" in f:
            v = f["source"][0]
            col = self.src
            rows = [r for r in rows if v in col[r]]
        if "claim" in f:
            v = f["claim"][0]
            ids, claim_of = self.ids, self.claim_of
            rows = [r for r in rows if claim_of.get(ids[r], "").startswith(v)]
        for w in q.words:
            col = self.blob
            rows = [r for r in rows if w in col[r]]
        ids = self.ids
        return [ids[r] for r in rows]

    # -- changes -------------------------------------------------------------------
    def record(self, ev: ReviewEvent) -> list[str]:
        """Take a new event; returns the ids of attributions whose reviewed state changed."""
        self.events.append(ev)
        if ev.action in ("merge_sources", "split_source"):
            self.registry_stale = True
            return []
        doc = event_doc(ev)
        if doc is None and ev.action == "undo":
            target = next((e for e in reversed(self.events) if e.id == ev.target), None)
            doc = event_doc(target) if target else None
        if doc is None:
            return []
        self.events_by_doc.setdefault(doc, []).append(ev)
        self.registry_stale = True
        return self.refresh_document(doc)

    def refresh_document(self, doc_id: str) -> list[str]:
        machine = [self.machine[i] for i in self.machine_by_doc.get(doc_id, ())]
        view = apply_reviews(machine, self.events_by_doc.get(doc_id, []))
        changed = []
        live = set()
        for a in view:
            live.add(a.id)
            row = self.row_of.get(a.id)
            if row is None:
                self._insert_row(a)
                changed.append(a.id)
                continue
            if self.current[a.id] != a:
                self._update_row(row, a)
                changed.append(a.id)
        # a human addition whose `add` was undone disappears from the view
        for row in self.rows_by_doc.get(doc_id, ()):
            aid = self.ids[row]
            if aid not in live and self.status[row] != "removed":
                if self.status[row] != "unreviewed":
                    self.reviewed -= 1
                self.status[row] = "removed"
                self.removed += 1
                changed.append(aid)
        return changed

    def _update_row(self, row: int, a: Attribution) -> None:
        was = self.status[row]
        if was == "removed":
            self.removed -= 1
            was = "unreviewed"
        if (was != "unreviewed") != (a.status != "unreviewed"):
            self.reviewed += 1 if a.status != "unreviewed" else -1
        self.current[a.id] = a
        self.status[row] = a.status
        self.kind[row] = a.kind
        self.stype[row] = a.source_type
        self.src[row] = self._source_key(a)
        self.blob[row] = search_blob(a, self.documents.get(a.doc_id), self._norm)

    def _insert_row(self, a: Attribution) -> None:
        if a.id in self.row_of:  # an undone addition coming back
            self._update_row(self.row_of[a.id], a)
            return
        row = self._append_row(a, search_blob(a, self.documents.get(a.doc_id), self._norm))
        keys = [(self.doc[r], self.current[self.ids[r]].cue.start) for r in self.order]
        pos = _bisect_key(keys, (a.doc_id, a.cue.start))
        self.order.insert(pos, row)

    def progress(self) -> tuple[int, int]:
        """(reviewed, total) over every attribution (removed additions not counted)."""
        return self.reviewed, len(self.ids) - self.removed


def _bisect_key(keys: list[tuple], key: tuple) -> int:
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] <= key:
            lo = mid + 1
        else:
            hi = mid
    return lo


__all__ = ["ReviewIndex", "Snapshot", "Chunk", "read_snapshot", "load_chunks", "group_events"]
