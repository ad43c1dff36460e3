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
from itertools import compress
from typing import Callable, Iterator

from attribution.arabic import normalize
from attribution.models import Attribution, Claim, Document, ReviewEvent, Source
from attribution.review import apply_reviews

from .query import Query

#: attributions per loaded chunk: a small first chunk paints fast, later ones amortise the merge
FIRST_CHUNK = 250
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
    registry: tuple[list[Source], list[Claim]] | None = None  # when read after the first rows


@dataclass
class Snapshot:
    """What the loader reads before the attributions: small tables, read whole."""

    documents: dict[str, Document]
    events: list[ReviewEvent]
    sources: list[Source] | None
    claims: list[Claim] | None
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


def read_snapshot(store, registry: bool = True) -> Snapshot:
    """Documents and review events (and the registry, unless the loader reads it after the first rows)."""
    t = {}
    t0 = time.perf_counter()
    docs = {d.id: d for d in store.iter_documents()}
    t["documents"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = list(store.iter_reviews())
    t["events"] = time.perf_counter() - t0
    sources, claims = read_registry(store) if registry else (None, None)
    return Snapshot(docs, events, sources, claims, store.count("attributions"), t)


def read_registry(store) -> tuple[list[Source], list[Claim]]:
    return list(store.iter_sources()), list(store.iter_claims())


def load_chunks(store, snap: Snapshot, first: int = FIRST_CHUNK, size: int = CHUNK) -> Iterator[Chunk]:
    """Read the attributions in chunks with their reviewed state (runs in a worker thread)."""
    events_by_doc = group_events(snap.events)
    claim_text = {aid: c.text for c in snap.claims or () for aid in c.attribution_ids}
    registry_due = snap.sources is None
    norm = _Norm()
    by_doc: dict[str, list[Attribution]] = defaultdict(list)
    machine: list[Attribution] = []
    want = first
    seen: set[str] = set()

    def emit(done: bool) -> Chunk:
        nonlocal registry_due
        registry = None
        if registry_due and (done or want != first):
            # the registry is not needed for the first rows: read it right after them
            registry = read_registry(store)
            claim_text.update({aid: c.text for c in registry[1] for aid in c.attribution_ids})
            registry_due = False
        current = []
        touched = {a.doc_id for a in machine if a.doc_id in events_by_doc}
        reviewed: dict[str, Attribution] = {}
        for doc_id in touched:
            for a in apply_reviews(by_doc[doc_id], events_by_doc[doc_id]):
                reviewed[a.id] = a
        for a in machine:
            current.append(reviewed.get(a.id, a))
        blobs = [search_blob(a, snap.documents.get(a.doc_id), norm, claim_text.get(a.id)) for a in current]
        return Chunk(machine=list(machine), current=current, blobs=blobs, done=done, total=snap.total,
                     registry=registry)

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


_COLUMNS = ("ids", "status", "kind", "stype", "doc", "outlet", "src", "blob")


class ReviewIndex:
    """Rows with the columns the filter reads; mutated on the UI thread only.

    Row ``i`` of every column is the ``i``-th attribution of the queue: in
    load order while chunks arrive, in document order once loading is done
    (the columns are permuted once then). A filter returns ids in that order.
    """

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
        self.ids: list[str] = []
        self.status: list[str] = []
        self.kind: list[str] = []
        self.stype: list[str] = []
        self.doc: list[str] = []
        self.outlet: list[str] = []
        self.src: list[str] = []
        self.blob: list[str] = []
        self.row_of: dict[str, int] = {}
        self.rows_by_doc: dict[str, list[int]] = defaultdict(list)
        self.loaded = False
        self.total_expected = 0
        self.reviewed = 0
        self.removed = 0
        self.registry_stale = False
        self.version = 0  # bumped by every change, so a cached filter result is never reused stale
        self._last: tuple[int, Query, list[int], list[str]] | None = None
        self._norm = _Norm()
        self._source_keys: dict[str, str] = {}

    # -- loading -----------------------------------------------------------------
    def set_snapshot(self, snap: Snapshot) -> None:
        self.documents = snap.documents
        self.events = list(snap.events)
        self.events_by_doc = group_events(self.events)
        self.total_expected = snap.total
        if snap.sources is not None:
            self.set_registry(snap.sources, snap.claims or [])

    def add_chunk(self, chunk: Chunk) -> None:
        for m in chunk.machine:
            self.machine[m.id] = m
            self.machine_by_doc[m.doc_id].append(m.id)
        for a, blob in zip(chunk.current + chunk.extra, chunk.blobs):
            self._append_row(a, blob)
        if chunk.registry is not None:
            self.set_registry(*chunk.registry)
        if chunk.done:
            rank = {aid: i for i, aid in enumerate(chunk.order or ())}
            late = len(rank)
            perm = sorted(range(len(self.ids)), key=lambda r: rank.get(self.ids[r], late + r))
            for name in _COLUMNS:
                col = getattr(self, name)
                col[:] = [col[r] for r in perm]
            self._rebuild_maps()
            self.loaded = True
        self.version += 1

    def _rebuild_maps(self) -> None:
        self.row_of = {aid: i for i, aid in enumerate(self.ids)}
        self.rows_by_doc = defaultdict(list)
        for i, d in enumerate(self.doc):
            self.rows_by_doc[d].append(i)

    def _append_row(self, a: Attribution, blob: str) -> int:
        row = len(self.ids)
        self.row_of[a.id] = row
        self.rows_by_doc[a.doc_id].append(row)
        self._put(row, a, blob, insert=True)
        if a.status != "unreviewed":
            self.reviewed += 1
        return row

    def _put(self, row: int, a: Attribution, blob: str, insert: bool = False) -> None:
        doc = self.documents.get(a.doc_id)
        values = (a.id, a.status, a.kind, a.source_type, a.doc_id, self._norm(doc.outlet if doc else None),
                  self._source_key(a), blob)
        for name, value in zip(_COLUMNS, values):
            col = getattr(self, name)
            if insert:
                col.insert(row, value) if row < len(col) else col.append(value)
            else:
                col[row] = value
        self.current[a.id] = a

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
        self.src[:] = [self._source_key(self.current[aid]) for aid in self.ids]
        self.registry_stale = False
        self.version += 1

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
        """Attribution ids matching ``q``, in queue order.

        While the reviewer types, each new query usually narrows the last one
        (``قص`` → ``قصف``); then only the last result is scanned again.
        """
        last = self._last
        if last is not None and last[0] == self.version:
            if last[1] == q:  # status:u and status:unr are the same filter
                return last[3]
            base = last[2] if refines(last[1], q) else None
        else:
            base = None
        rows = self._rows(q, base)
        ids = self.ids if len(rows) == len(self.ids) else [self.ids[r] for r in rows]
        self._last = (self.version, q, rows, ids)
        return ids

    def _rows(self, q: Query, rows: list[int] | None) -> list[int]:
        """Row numbers matching ``q`` among ``rows`` (None: all rows)."""
        f = q.fields
        checks: list[tuple[list, Callable[[str], bool]]] = []
        if self.removed:
            checks.append((self.status, "removed".__ne__))
        for name, col in (("status", self.status), ("type", self.stype), ("kind", self.kind)):
            if name in f:
                allowed = frozenset(f[name])
                checks.append((col, allowed.__contains__))
        if "doc" in f:
            checks.append((self.doc, _startswith(f["doc"][0])))
        if "outlet" in f:
            checks.append((self.outlet, _contains(f["outlet"][0])))
        if "source" in f:
            checks.append((self.src, _contains(f["source"][0])))
        if "claim" in f:
            v = f["claim"][0]
            claim_of = self.claim_of
            checks.append((self.ids, lambda aid: claim_of.get(aid, "").startswith(v)))
        for w in q.words:
            checks.append((self.blob, _contains(w)))
        for col, test in checks:
            if rows is None:  # first pass over everything: let C do the loop
                rows = list(compress(range(len(col)), map(test, col)))
            else:
                rows = [r for r in rows if test(col[r])]
        return list(range(len(self.ids))) if rows is None else rows

    # -- changes -------------------------------------------------------------------
    def record(self, ev: ReviewEvent) -> list[str]:
        """Take a new event; returns the ids of attributions whose reviewed state changed."""
        self.events.append(ev)
        self.version += 1
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
            elif self.current[a.id] != a or self.status[row] == "removed":
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
        self.version += 1
        return changed

    def _update_row(self, row: int, a: Attribution) -> None:
        was = self.status[row]
        if was == "removed":
            self.removed -= 1
            was = "unreviewed"
        if (was != "unreviewed") != (a.status != "unreviewed"):
            self.reviewed += 1 if a.status != "unreviewed" else -1
        self._put(row, a, search_blob(a, self.documents.get(a.doc_id), self._norm))

    def _insert_row(self, a: Attribution) -> None:
        """A human addition: into its place in document order."""
        keys = [(self.doc[r], self.current[self.ids[r]].cue.start) for r in self.rows_by_doc.get(a.doc_id, ())]
        rows = self.rows_by_doc.get(a.doc_id)
        if rows:
            before = [r for r, k in zip(rows, keys) if k <= (a.doc_id, a.cue.start)]
            pos = (before[-1] + 1) if before else rows[0]
        else:
            pos = _bisect_key(self.doc, a.doc_id)
        self._put(pos, a, search_blob(a, self.documents.get(a.doc_id), self._norm), insert=True)
        if a.status != "unreviewed":
            self.reviewed += 1
        self._rebuild_maps()

    def progress(self) -> tuple[int, int]:
        """(reviewed, total) over every attribution (removed additions not counted)."""
        return self.reviewed, len(self.ids) - self.removed


def _contains(needle: str) -> Callable[[str], bool]:
    return lambda hay: needle in hay


def _startswith(prefix: str) -> Callable[[str], bool]:
    return lambda s: s.startswith(prefix)


def refines(old: Query, new: Query) -> bool:
    """Whether everything ``new`` matches is matched by ``old`` (so ``new`` can filter ``old``'s result)."""
    for name, vals in old.fields.items():
        nv = new.fields.get(name)
        if nv is None:
            return False
        if name in ("status", "type", "kind"):
            if not set(nv) <= set(vals):
                return False
        elif name in ("doc", "claim"):
            if not nv[0].startswith(vals[0]):
                return False
        elif vals[0] not in nv[0]:
            return False
    return all(any(w in nw for nw in new.words) for w in old.words)


def _bisect_key(keys: list, key) -> int:
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] <= key:
            lo = mid + 1
        else:
            hi = mid
    return lo


__all__ = ["ReviewIndex", "Snapshot", "Chunk", "read_snapshot", "load_chunks", "group_events"]
