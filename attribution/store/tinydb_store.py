"""TinyDB backend: one JSON file, one table per entity, atomic writes, one writer.

Layers, as TinyDB intends them: :class:`AtomicJSONStorage` writes the whole
database to a temporary file and ``os.replace``-s it over the old one (a
crash leaves either the old or the new file, never half of one), and
TinyDB's ``CachingMiddleware`` keeps every change of a command in memory
until :meth:`TinyDBStore.flush`. Writers hold an exclusive ``flock`` on
``<file>.lock``; the kernel drops it when the process dies, so a killed
writer never leaves a stale lock behind. Readers take no lock: the file they
see is always a complete one.

TinyDB keys documents by int; our ids are strings, so each record's TinyDB
id is a stable 56-bit hash of its string id. Lookups by id are then O(1) and
bulk writes are one table rewrite, not one per record.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, TypeVar

from pydantic import BaseModel, ValidationError
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Document as TinyDocument
from tinydb.table import Table

from .. import __version__
from ..errors import NotFoundError, SchemaVersionError, StoreCorruptError, StoreError, StoreLockedError
from ..models import Attribution, Claim, Document, ReviewEvent, Source, utcnow
from .base import SCHEMA_VERSION, TABLES, PutResult

M = TypeVar("M", bound=BaseModel)


def tiny_key(record_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(record_id.encode("utf-8"), digest_size=7).digest(), "big")


class AtomicJSONStorage(Storage):
    """Whole-file JSON storage written via temp file + ``os.replace``, UTF-8, readable Arabic."""

    def __init__(self, path: str, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.writes = 0

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            raise StoreError(f"cannot read store {self.path}: {e.strerror}") from e
        if not raw.strip():
            return None
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise StoreCorruptError(
                f"store file {self.path} is corrupt or truncated ({e.__class__.__name__} at byte "
                f"{getattr(e, 'pos', getattr(e, 'start', '?'))})",
                hint=_backup_hint(self.path),
            ) from e

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise StoreError(f"store {self.path} was opened read-only")
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write_bytes(self.path, payload)
        self.writes += 1

    def close(self) -> None:
        pass


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that readers see the old or the new bytes, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _backup_hint(path: Path) -> str:
    bak = path.with_name(path.name + ".bak")
    if bak.exists():
        return f"the last good backup is {bak}; restore it with `attribution db restore`"
    return "no backup exists; move the file away to start a new store"


class _Batching(CachingMiddleware):
    # Flush only when the store says so: once per command.
    WRITE_CACHE_SIZE = 1 << 62


class FileLock:
    """An exclusive, non-blocking ``flock`` on ``<store>.lock``, released by the kernel on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            holder = ""
            try:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            except OSError:
                pass
            os.close(fd)
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                who = f" (pid {holder})" if holder.isdigit() else ""
                raise StoreLockedError(
                    f"store is locked by another process{who} ({self.path})",
                    hint="wait for it to finish or close it",
                ) from e
            raise StoreError(f"cannot lock store ({self.path}): {e.strerror}") from e
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None


class TinyRepository:
    """The store logic over any TinyDB instance (file-backed or in memory)."""

    url: str = ""
    writable: bool = True

    def __init__(self, db: TinyDB) -> None:
        self._db = db
        self._tables: dict[str, Table] = {name: db.table(name) for name in (*TABLES, "meta")}
        meta = self._tables["meta"].get(doc_id=1)
        if meta is None:
            if self.writable:
                self._tables["meta"].insert(TinyDocument(
                    {"schema_version": SCHEMA_VERSION, "created": utcnow().isoformat(),
                     "tool_version": __version__}, doc_id=1))
        else:
            version = int(meta.get("schema_version", 0))
            if version > SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"store {self.url} has schema version {version}, this tool knows up to {SCHEMA_VERSION}",
                    hint="upgrade the attribution tool")
            if version < SCHEMA_VERSION:
                from .migrations import migrate  # only old stores pay for the import
                migrate(self, version)

    # -- generic helpers -------------------------------------------------------
    def _raw(self, table: str) -> dict[str, dict]:
        return self._tables[table]._read_table()  # noqa: SLF001 - O(1) access to the cached dict

    def _iter(self, table: str, model: type[M]) -> Iterator[M]:
        for raw in list(self._raw(table).values()):
            try:
                yield model.model_validate(raw)
            except ValidationError as e:
                raise StoreCorruptError(f"store {self.url}: bad {table} record: {e.errors()[0]['msg']}") from e

    def _get(self, table: str, model: type[M], record_id: str) -> M:
        raw = self._raw(table).get(str(tiny_key(record_id)))
        if raw is None:
            raise NotFoundError(f"no {table[:-1]} with id {record_id!r} in {self.url}")
        return model.model_validate(raw)

    def _upsert(self, table: str, records: dict[str, dict]) -> None:
        """Insert or overwrite records by their string id, in one table rewrite."""
        if not records:
            return
        by_key = {tiny_key(rid): rec for rid, rec in records.items()}

        def updater(tbl: dict) -> None:
            tbl.update(by_key)

        self._tables[table]._update_table(updater)  # noqa: SLF001 - one rewrite for the batch

    def _remove(self, table: str, ids: Iterable[str]) -> None:
        keys = [tiny_key(i) for i in ids]
        if keys:
            self._tables[table].remove(doc_ids=keys)

    def _replace_all(self, table: str, records: dict[str, dict]) -> None:
        new = {tiny_key(rid): rec for rid, rec in records.items()}

        def updater(tbl: dict) -> None:
            tbl.clear()
            tbl.update(new)

        self._tables[table]._update_table(updater)  # noqa: SLF001

    # -- meta --------------------------------------------------------------------
    def schema_version(self) -> int:
        meta = self._tables["meta"].get(doc_id=1)
        return int(meta["schema_version"]) if meta else SCHEMA_VERSION

    def meta(self) -> dict:
        return dict(self._tables["meta"].get(doc_id=1) or {})

    def set_meta(self, **fields: Any) -> None:
        self._tables["meta"].update(fields, doc_ids=[1])

    def count(self, table: str) -> int:
        return len(self._raw(table))

    # -- documents -------------------------------------------------------------
    def put_documents(self, docs: Iterable[Document]) -> PutResult:
        result = PutResult()
        existing = self._raw("documents")
        batch: dict[str, dict] = {}
        for doc in docs:
            rec = doc.model_dump(mode="json")
            rec["version"] = doc.version
            old = batch.get(doc.id) or existing.get(str(tiny_key(doc.id)))
            if old is None:
                result.added.append(doc.id)
            elif old.get("version") == rec["version"]:
                result.unchanged.append(doc.id)
                continue
            else:
                result.updated.append(doc.id)
            batch[doc.id] = rec
        self._upsert("documents", batch)
        return result

    def get_document(self, doc_id: str) -> Document:
        return self._get("documents", Document, doc_id)

    def iter_documents(self) -> Iterator[Document]:
        return self._iter("documents", Document)

    # -- attributions -------------------------------------------------------------
    def replace_attributions(self, doc_id: str, attributions: list[Attribution]) -> None:
        self.replace_attributions_many({doc_id: attributions})

    def replace_attributions_many(self, by_doc: dict[str, list[Attribution]]) -> None:
        """Replace the machine attributions of many documents in one table rewrite."""
        if not by_doc:
            return
        new = {tiny_key(a.id): a.model_dump(mode="json") for atts in by_doc.values() for a in atts}

        def updater(tbl: dict) -> None:
            stale = [k for k, rec in tbl.items()
                     if rec.get("doc_id") in by_doc and rec.get("origin") != "human"]
            for k in stale:
                del tbl[k]
            tbl.update(new)

        self._tables["attributions"]._update_table(updater)  # noqa: SLF001

    def put_attributions(self, attributions: Iterable[Attribution]) -> None:
        self._upsert("attributions", {a.id: a.model_dump(mode="json") for a in attributions})

    def get_attribution(self, attribution_id: str) -> Attribution:
        return self._get("attributions", Attribution, attribution_id)

    def iter_attributions(self, doc_id: str | None = None) -> Iterator[Attribution]:
        for a in self._iter("attributions", Attribution):
            if doc_id is None or a.doc_id == doc_id:
                yield a

    # -- sources and claims (derived, rebuilt wholesale) ------------------------------
    def replace_sources(self, sources: Iterable[Source]) -> None:
        self._replace_all("sources", {s.id: s.model_dump(mode="json") for s in sources})

    def iter_sources(self) -> Iterator[Source]:
        return self._iter("sources", Source)

    def get_source(self, source_id: str) -> Source:
        return self._get("sources", Source, source_id)

    def replace_claims(self, claims: Iterable[Claim]) -> None:
        self._replace_all("claims", {c.id: c.model_dump(mode="json") for c in claims})

    def iter_claims(self) -> Iterator[Claim]:
        return self._iter("claims", Claim)

    def get_claim(self, claim_id: str) -> Claim:
        return self._get("claims", Claim, claim_id)

    # -- review log ------------------------------------------------------------------
    def append_reviews(self, events: Iterable[ReviewEvent]) -> None:
        recs = {e.id: e.model_dump(mode="json") for e in events}
        existing = self._raw("reviews")
        if any(str(tiny_key(i)) in existing for i in recs):
            raise StoreError("review events are append-only; an event with the same id exists")
        self._upsert("reviews", recs)

    def iter_reviews(self) -> Iterator[ReviewEvent]:
        return iter(sorted(self._iter("reviews", ReviewEvent), key=lambda e: (e.at, e.id)))

    def flush(self) -> None:
        storage = self._db.storage
        if isinstance(storage, CachingMiddleware):
            storage.flush()

    def close(self) -> None:
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def abort(self) -> None:
        """Drop unflushed changes: a failed command leaves the store as it was."""


class TinyDBStore(TinyRepository):
    """The default store: a TinyDB JSON file with atomic writes and a writer lock."""

    def __init__(self, path: str | os.PathLike, write: bool = True) -> None:
        self.path = Path(path).expanduser()
        self.url = str(self.path)
        self.writable = write
        self._lock = FileLock(self.path.with_name(self.path.name + ".lock")) if write else None
        if not write and not self.path.exists():
            raise NotFoundError(f"no store at {self.path}", hint="run `attribution ingest PATH...` first")
        if self._lock:
            self._lock.acquire()
        try:
            self._storage_obj: AtomicJSONStorage | None = None
            db = TinyDB(self.path, storage=_Batching(self._make_storage))
            super().__init__(db)
        except BaseException:
            if self._lock:
                self._lock.release()
            raise

    def _make_storage(self, path, **_kw) -> AtomicJSONStorage:
        self._storage_obj = AtomicJSONStorage(str(path), readonly=not self.writable)
        return self._storage_obj

    def close(self) -> None:
        try:
            if self.writable:
                self._db.close()
        finally:
            if self._lock:
                self._lock.release()
                self._lock = None

    def abort(self) -> None:
        storage = self._db.storage
        if isinstance(storage, CachingMiddleware):
            storage._cache_modified_count = 0  # noqa: SLF001 - nothing of this command reaches disk
        if self._lock:
            self._lock.release()
            self._lock = None


class MemoryStore(TinyRepository):
    """The same store in memory, for tests and the one-shot ``extract --format jsonl``."""

    def __init__(self) -> None:
        self.url = "memory://"
        self.writable = True
        super().__init__(TinyDB(storage=MemoryStorage))

    def abort(self) -> None:
        pass
