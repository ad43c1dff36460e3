"""The TinyDB store: one JSON file, atomic writes, one writer, one backup.

Layering, as TinyDB intends it: :class:`AtomicJSONStorage` (a temp file,
``fsync``, ``os.replace``; UTF-8 with readable Arabic; the previous file kept
as ``<file>.bak``) under TinyDB's ``CachingMiddleware`` (every change stays
in memory until :meth:`TinyDBStore.flush`/``close``). A command therefore
writes the file once, and a crash or a ``kill -9`` at any moment leaves on
disk either the state before the command or the state after it.

Backups: the first write of a session first moves the file it replaces to
``<file>.bak`` (a hard link, so it costs nothing), but only a file that
parsed when the session read it, so a damaged file never overwrites a good
backup. ``attribution db restore`` puts the backup back.

Writers hold an exclusive ``flock`` on ``<file>.lock``; the kernel drops it
when the process dies, so a killed writer never leaves a stale lock behind.
Readers take no lock: the file they see is always a complete one. A writer
that starts removes temp files a killed writer left behind.

Records live in TinyDB's file layout (``{table: {doc_id: record}}``), so
``TinyDB(path)`` can read the file. TinyDB keys documents by int; our ids are
strings, so each record's TinyDB id is a stable 56-bit hash of its string id.
The repository works on the cached tables directly: a put is O(records put),
not a rewrite of the table, and the file is serialised record by record
(bounded extra memory) once per command.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, TypeVar

from pydantic import BaseModel
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import MemoryStorage, Storage

from .. import __version__
from ..errors import NotFoundError, SchemaVersionError, StoreCorruptError, StoreError, StoreLockedError
from ..models import Attribution, Claim, Document, ReviewEvent, Source, utcnow
from .base import SCHEMA_VERSION, TABLES, CommandScope, PutResult, validated

M = TypeVar("M", bound=BaseModel)

#: the meta record's TinyDB id
_META = "1"
#: document fields whose change, with the text unchanged, updates the stored metadata in place
_METADATA = ("title", "date", "outlet", "url", "licence", "extra")
#: serialised bytes buffered before each write to the temp file
_WRITE_BUFFER = 1 << 20


def tiny_key(record_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(record_id.encode("utf-8"), digest_size=7).digest(), "big")


def _key(record_id: str) -> str:
    return str(tiny_key(record_id))


def backup_path(path: Path) -> Path:
    """Where the previous good state of the store at ``path`` is kept."""
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


# -- reading and writing whole files ------------------------------------------------------------------

def load_store_file(path: Path) -> dict[str, dict[str, Any]] | None:
    """Parse a store file; None when it does not exist.

    Raises:
        StoreCorruptError: empty, truncated, not JSON, or not a table layout; the message names the file
            and, in the hint, the last good backup.
        StoreError: the file cannot be read.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(f"cannot read store {path}: {e.strerror}") from e
    problem = _parse_problem(raw)
    if isinstance(problem, str):
        raise StoreCorruptError(f"store file {path} {problem}", hint=_backup_hint(path))
    return problem


def _parse_problem(raw: bytes) -> dict | str:
    """The parsed tables, or why ``raw`` is not a store file."""
    if not raw.strip():
        return "is empty (truncated to 0 bytes)"
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as e:
        return f"is corrupt (not UTF-8 at byte {e.start})"
    except json.JSONDecodeError as e:
        # a complete store file ends with the closing brace of its table set; one cut short does not
        where = "corrupt" if raw.rstrip().endswith(b"}") else "truncated"
        return f"is {where} ({e.msg} at byte {e.pos} of {len(raw)})"
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return "is not a store (the top level is not a set of tables)"
    return data


@dataclass
class FileSummary:
    """What a store file holds, read without opening the store (for errors, ``db check``, ``db restore``)."""

    path: Path
    ok: bool
    problem: str | None = None
    schema_version: int | None = None
    counts: dict[str, int] | None = None
    saved: datetime | None = None
    size: int = 0

    def describe(self) -> str:
        if not self.ok:
            return f"{self.path} {self.problem}"
        when = self.saved.astimezone().strftime("%Y-%m-%d %H:%M:%S") if self.saved else "?"
        docs = (self.counts or {}).get("documents", 0)
        return f"{self.path} (schema {self.schema_version}, {docs} document(s), saved {when})"


def summarize_file(path: Path) -> FileSummary:
    """Parse ``path`` and say what is in it; never raises for a bad file (``ok`` is False then)."""
    try:
        st = path.stat()
        raw = path.read_bytes()
    except OSError as e:
        return FileSummary(path, False, f"cannot be read ({e.strerror})")
    saved = datetime.fromtimestamp(st.st_mtime, timezone.utc)
    parsed = _parse_problem(raw)
    del raw
    if isinstance(parsed, str):
        return FileSummary(path, False, parsed, saved=saved, size=st.st_size)
    meta = parsed.get("meta", {}).get(_META)
    if not isinstance(meta, dict):
        return FileSummary(path, False, "is not an attribution store (no meta record)", saved=saved, size=st.st_size)
    counts = {t: len(parsed.get(t, {})) for t in TABLES}
    return FileSummary(path, True, None, int(meta.get("schema_version", 0)), counts, saved, st.st_size)


def _backup_hint(path: Path) -> str:
    bak = backup_path(path)
    if not bak.exists():
        return "no backup exists; move the file away to start a new store"
    summary = summarize_file(bak)
    if summary.ok:
        return f"the last good backup is {summary.describe()}; restore it with `attribution db restore`"
    return f"the backup {bak} is damaged too ({summary.problem}); move the file away to start a new store"


def _umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def atomic_write_bytes(path: Path, payload: bytes | Iterable[bytes]) -> None:
    """Write ``payload`` to ``path`` so that readers see the old or the new bytes, never a mix.

    The new file keeps the old one's permissions (a new file gets the umask's); the data and the
    directory entry are fsynced before this returns, so a write that returned survives a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(payload, (bytes, bytearray)):
                fh.write(payload)
            else:
                for piece in payload:
                    fh.write(piece)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _serialise(data: dict[str, dict[str, Any]]) -> Iterator[bytes]:
    """The store as compact UTF-8 JSON, a buffer at a time: what one ``json.dumps`` would give, without
    holding a second copy of the whole store in memory."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    buf: list[str] = ["{"]
    size = 0
    # empty tables are left out, as TinyDB itself does; opening the store recreates them
    for ti, (name, table) in enumerate((n, t) for n, t in data.items() if t or n == "meta"):
        buf.append(("," if ti else "") + dumps(name) + ":{")
        for ri, (key, rec) in enumerate(table.items()):
            piece = ("," if ri else "") + dumps(key) + ":" + dumps(rec)
            buf.append(piece)
            size += len(piece)
            if size >= _WRITE_BUFFER:
                yield "".join(buf).encode("utf-8")
                buf, size = [], 0
        buf.append("}")
    buf.append("}")
    yield "".join(buf).encode("utf-8")


def copy_atomically(src: Path, dst: Path, link: bool = True) -> None:
    """Make ``dst`` a copy of ``src`` in one step (a hard link when ``link`` and possible, else a copy)."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        try:
            if not link:
                raise OSError(errno.EXDEV, "copy requested")
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
            shutil.copymode(src, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(dst.parent)


class AtomicJSONStorage(Storage):
    """Whole-file JSON storage written via temp file + ``os.replace``, with one backup per session."""

    def __init__(self, path: str, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        #: completed writes in this session
        self.writes = 0
        #: the file on disk parsed when this session read it, so it may become the backup
        self._verified = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = load_store_file(self.path)
        self._verified = data is not None
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise StoreError(f"store {self.path} was opened read-only")
        if self.writes == 0 and self._verified and self.path.exists():
            copy_atomically(self.path, backup_path(self.path))
        atomic_write_bytes(self.path, _serialise(data))
        self.writes += 1

    def close(self) -> None:
        pass


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


def _remove_stale_temps(path: Path) -> None:
    """Temp files of writers that were killed mid-write (we hold the lock: no writer is running)."""
    for pattern in (f".{path.name}.*.tmp", f".{backup_path(path).name}.*.tmp"):
        for tmp in path.parent.glob(pattern):
            tmp.unlink(missing_ok=True)


class TinyRepository(CommandScope):
    """The store logic over any TinyDB storage (file-backed or in memory)."""

    url: str = ""
    writable: bool = True
    #: the schema version the store had before this session migrated it (None: no migration)
    migrated_from: int | None = None

    def __init__(self, db: TinyDB) -> None:
        self._db = db
        self._storage = db.storage
        data = self._storage.read()
        if data is None:
            data = {}
        self._data: dict[str, dict[str, Any]] = data
        meta = data.get("meta", {}).get(_META)
        if meta is None:
            if any(data.values()):
                raise StoreError(f"{self.url} is not an attribution store (it has no meta record)",
                                 hint="point --db at a store file or a new path")
            data["meta"] = {_META: {"schema_version": SCHEMA_VERSION, "created": utcnow().isoformat(),
                                    "tool_version": __version__}}
            for t in TABLES:
                data.setdefault(t, {})
            if self.writable:
                self._changed()
            return
        version = int(meta.get("schema_version", 0))
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"store {self.url} has schema version {version}, this tool knows up to {SCHEMA_VERSION}",
                hint="upgrade the attribution tool")
        if version < SCHEMA_VERSION:
            from .migrations import migrate  # only old stores pay for the import

            migrate(data, version, self.url)
            self.migrated_from = version
            if self.writable:  # read-only sessions migrate in memory; the file changes on the next write
                self._changed()
        for t in TABLES:
            data.setdefault(t, {})

    # -- generic helpers -------------------------------------------------------
    def _changed(self) -> None:
        """Mark the cached tables modified (O(1)); they reach disk on flush/close."""
        if not self.writable:
            raise StoreError(f"store {self.url} was opened read-only")
        self._storage.write(self._data)

    def _raw(self, table: str) -> dict[str, dict]:
        return self._data[table]

    def _iter(self, table: str, model: type[M]) -> Iterator[M]:
        for raw in list(self._raw(table).values()):
            yield self._validate(table, model, raw)

    def _validate(self, table: str, model: type[M], raw: dict) -> M:
        return validated(self.url, table, model, raw)

    def _get(self, table: str, model: type[M], record_id: str) -> M:
        raw = self._raw(table).get(_key(record_id))
        if raw is None:
            raise NotFoundError(f"no {table[:-1]} with id {record_id!r} in {self.url}")
        return self._validate(table, model, raw)

    def _upsert(self, table: str, records: dict[str, dict]) -> None:
        if not records:
            return
        tbl = self._raw(table)
        for rid, rec in records.items():
            tbl[_key(rid)] = rec
        self._changed()

    def _replace_all(self, table: str, records: dict[str, dict]) -> None:
        self._data[table] = {_key(rid): rec for rid, rec in records.items()}
        self._changed()

    # -- meta --------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self._data["meta"][_META]["schema_version"])

    def meta(self) -> dict:
        return dict(self._data["meta"][_META])

    def set_meta(self, **fields: Any) -> None:
        self._data["meta"][_META].update(fields)
        self._changed()

    def count(self, table: str) -> int:
        return len(self._raw(table))

    # -- documents -------------------------------------------------------------
    def put_documents(self, docs: Iterable[Document]) -> PutResult:
        result = PutResult()
        current = self._raw("documents")
        history = self._raw("document_versions")
        now = utcnow().isoformat()
        for doc in docs:
            rec = doc.model_dump(mode="json")
            rec["version"] = doc.version
            rec["ingested_at"] = now
            key = _key(doc.id)
            old = current.get(key)
            if old is None:
                result.added.append(doc.id)
            elif old.get("version") == rec["version"]:
                if all(old.get(f) == rec.get(f) for f in _METADATA):
                    result.unchanged.append(doc.id)
                    continue
                # same text, corrected metadata: no new version (every span stays valid)
                result.metadata_updated.append(doc.id)
                rec = {**old, **{f: rec.get(f) for f in _METADATA}}
            else:
                result.updated.append(doc.id)
                history[_key(f"{doc.id}@{old['version']}")] = {**old, "superseded_at": now}
            current[key] = rec
        if result.changed or result.metadata_updated:
            self._changed()
        return result

    def get_document(self, doc_id: str, version: str | None = None) -> Document:
        doc = self._get("documents", Document, doc_id)
        if version is None or doc.version == version:
            return doc
        raw = self._raw("document_versions").get(_key(f"{doc_id}@{version}"))
        if raw is None:
            raise NotFoundError(f"document {doc_id!r} has no version {version!r} in {self.url}")
        return self._validate("document_versions", Document, raw)

    def iter_documents(self) -> Iterator[Document]:
        return self._iter("documents", Document)

    def iter_document_versions(self, doc_id: str) -> Iterator[Document]:
        current = self._raw("documents").get(_key(doc_id))
        if current is None:
            raise NotFoundError(f"no document with id {doc_id!r} in {self.url}")
        old = sorted((r for r in self._raw("document_versions").values() if r.get("id") == doc_id),
                     key=lambda r: (r.get("superseded_at") or "", r.get("ingested_at") or ""))
        for raw in (*old, current):
            yield self._validate("document_versions", Document, raw)

    # -- attributions -------------------------------------------------------------
    def replace_attributions(self, doc_id: str, attributions: list[Attribution]) -> None:
        self.replace_attributions_many({doc_id: attributions})

    def replace_attributions_many(self, by_doc: dict[str, list[Attribution]]) -> None:
        """Replace the machine attributions of many documents in one pass over the table."""
        if not by_doc:
            return
        tbl = self._raw("attributions")
        stale = [k for k, rec in tbl.items() if rec.get("doc_id") in by_doc and rec.get("origin") != "human"]
        for k in stale:
            del tbl[k]
        for atts in by_doc.values():
            for a in atts:
                tbl[_key(a.id)] = a.model_dump(mode="json")
        self._changed()

    def put_attributions(self, attributions: Iterable[Attribution]) -> None:
        self._upsert("attributions", {a.id: a.model_dump(mode="json") for a in attributions})

    def get_attribution(self, attribution_id: str) -> Attribution:
        return self._get("attributions", Attribution, attribution_id)

    def iter_attributions(self, doc_id: str | None = None) -> Iterator[Attribution]:
        for raw in list(self._raw("attributions").values()):
            if doc_id is None or raw.get("doc_id") == doc_id:
                yield self._validate("attributions", Attribution, raw)

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
        if any(_key(i) in existing for i in recs):
            raise StoreError("review events are append-only; an event with the same id exists")
        self._upsert("reviews", recs)

    def iter_reviews(self) -> Iterator[ReviewEvent]:
        return iter(sorted(self._iter("reviews", ReviewEvent), key=lambda e: (e.at, e.id)))

    def flush(self) -> None:
        if isinstance(self._storage, CachingMiddleware):
            self._storage.flush()

    def close(self) -> None:
        self._db.close()

    def abort(self) -> None:
        """Drop unflushed changes: a failed command leaves the store as it was."""


class TinyDBStore(TinyRepository):
    """The default store: a TinyDB JSON file with atomic writes, a writer lock and a backup."""

    def __init__(self, path: str | os.PathLike, write: bool = True) -> None:
        self.path = Path(path).expanduser()
        self.url = str(self.path)
        self.writable = write
        self._lock = FileLock(lock_path(self.path)) if write else None
        if not write and not self.path.exists():
            raise NotFoundError(f"no store at {self.path}", hint="run `attribution ingest PATH...` first")
        if self._lock:
            self._lock.acquire()
        try:
            if write:
                _remove_stale_temps(self.path)
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


@dataclass
class Restored:
    """What ``restore_backup`` did."""

    path: Path
    source: FileSummary
    #: where the replaced file was kept (None when there was none)
    kept: Path | None


def restore_backup(path: str | os.PathLike, source: str | os.PathLike | None = None) -> Restored:
    """Put the last good backup (or ``source``) back in place of the store at ``path``.

    Nothing is lost: the file being replaced, damaged or not, is kept as
    ``<file>.replaced-<UTC time>``, and the backup itself stays where it is.

    Raises:
        StoreCorruptError: the backup does not parse as a store.
        SchemaVersionError: the backup was written by a newer schema.
        StoreLockedError: a writer has the store open.
        NotFoundError: there is no backup.
    """
    path = Path(path).expanduser()
    src = Path(source).expanduser() if source else backup_path(path)
    if not src.exists():
        raise NotFoundError(f"no backup to restore: {src} does not exist",
                            hint="a backup is made by the first write of every command")
    if src.resolve() == path.resolve():
        raise StoreError(f"cannot restore {path} from itself")
    summary = summarize_file(src)
    if not summary.ok:
        raise StoreCorruptError(f"cannot restore from {src}: it {summary.problem}")
    if (summary.schema_version or 0) > SCHEMA_VERSION:
        raise SchemaVersionError(f"backup {src} has schema version {summary.schema_version}, this tool knows up "
                                 f"to {SCHEMA_VERSION}", hint="upgrade the attribution tool")
    lock = FileLock(lock_path(path))
    lock.acquire()
    try:
        kept = None
        if path.exists():
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            kept = path.with_name(f"{path.name}.replaced-{stamp}")
            copy_atomically(path, kept)
        copy_atomically(src, path, link=False)
    finally:
        lock.release()
    return Restored(path, summary, kept)
