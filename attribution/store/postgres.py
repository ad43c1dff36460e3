"""The PostgreSQL store: the server backend of the :class:`~.base.Store` protocol (psycopg 3).

Chosen by a URL (``--db postgresql://user@host/db`` or ``ATTRIBUTION_DB``);
the tables live in the connection's current schema (``?options=-csearch_path%3Dname``
puts a store in its own schema).

Layout: one table per entity, each row an ``id`` and the record as a JSONB
``doc`` (exactly the record the TinyDB store keeps), a ``seq`` giving the
order records were first stored (iteration follows it, as TinyDB's file
order does, so both backends answer the same questions in the same order),
a GIN index (``jsonb_path_ops``) for containment queries (``doc @> '{"outlet": ...}'``)
and ordinary indexes on the keys the tool looks up by: the document of an
attribution or of an earlier version, the target of a review event. Sources
and claims are looked up by id (their primary key) and by the attribution
and document ids they list (the GIN index).

Transactions: a command is one transaction. Nothing it writes is visible to
others before :meth:`PostgresStore.close` commits it; :meth:`~PostgresStore.abort`
(a failed or interrupted command) rolls it back, so it leaves nothing.
Read-only sessions read one consistent snapshot (REPEATABLE READ).

Concurrent writers (several ingest or extract processes at once) lose nothing
and never deadlock:

* Documents are staged: :meth:`~PostgresStore.put_documents` COPYs the new
  records into a session-private temporary table (no row of ``documents`` is
  touched, so writers never wait on each other while they read and parse
  their input) and decides added / changed / unchanged against what is
  committed plus what this command staged. At commit, under an advisory lock
  on the documents (held for the merge only), the staged records are merged
  against the then-committed state: a text that changed in the meantime,
  here or in another process, becomes a new version and the previous one
  goes to ``document_versions``. Two processes storing the same id with
  different texts therefore keep both texts. A read of documents in a
  session that staged some merges first (and keeps the lock to the commit).
* Attributions, sources and claims are derived from each other, so their
  writers serialise: the first write takes an advisory lock held to the
  commit. Extraction runs before that, in parallel; every statement after
  the lock sees what earlier writers committed (READ COMMITTED).
* Review events are inserted with ``ON CONFLICT DO NOTHING`` (an event id is
  a content hash): appends from many reviewers never conflict.
"""
from __future__ import annotations

import itertools
import json
import re
from typing import Any, Iterable, Iterator, TypeVar

import psycopg
from psycopg import sql
from pydantic import BaseModel

from .. import __version__
from ..errors import NotFoundError, SchemaVersionError, StoreError
from ..models import Attribution, Claim, Document, ReviewEvent, Source, utcnow
from .base import SCHEMA_VERSION, TABLES, CommandScope, PutResult, validated
from .transfer import record_id

M = TypeVar("M", bound=BaseModel)

#: document fields whose change, with the text unchanged, updates the stored metadata in place
_METADATA = ("title", "date", "outlet", "url", "licence", "extra")
#: rows per COPY / merge step
_CHUNK = 1000
#: rows fetched per round trip when iterating a table
_ITERSIZE = 500
_CURSORS = itertools.count(1)

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, doc jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS documents (seq bigserial, id text PRIMARY KEY, doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS documents_seq ON documents (seq);
CREATE INDEX IF NOT EXISTS documents_doc ON documents USING gin (doc jsonb_path_ops);
CREATE TABLE IF NOT EXISTS document_versions (seq bigserial, key text PRIMARY KEY, doc_id text NOT NULL,
                                              doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS document_versions_doc_id ON document_versions (doc_id);
CREATE TABLE IF NOT EXISTS attributions (seq bigserial, id text PRIMARY KEY, doc_id text NOT NULL,
                                         origin text NOT NULL, doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS attributions_seq ON attributions (seq);
CREATE INDEX IF NOT EXISTS attributions_doc_id ON attributions (doc_id);
CREATE INDEX IF NOT EXISTS attributions_doc ON attributions USING gin (doc jsonb_path_ops);
CREATE TABLE IF NOT EXISTS sources (seq bigserial, id text PRIMARY KEY, doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS sources_doc ON sources USING gin (doc jsonb_path_ops);
CREATE TABLE IF NOT EXISTS claims (seq bigserial, id text PRIMARY KEY, doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS claims_doc ON claims USING gin (doc jsonb_path_ops);
CREATE TABLE IF NOT EXISTS reviews (seq bigserial, id text PRIMARY KEY, target text NOT NULL, doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS reviews_target ON reviews (target);
"""

#: per-session scratch tables: staged documents, and the rows of a bulk upsert on their way in
_TEMP_DDL = """
CREATE TEMP TABLE IF NOT EXISTS stage_documents (seq bigserial PRIMARY KEY, id text NOT NULL, doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS stage_documents_id ON stage_documents (id);
CREATE TEMP TABLE IF NOT EXISTS incoming (ord bigserial, id text NOT NULL, doc_id text, origin text,
                                          doc jsonb NOT NULL);
"""

#: the extra key columns of each table, filled from the record
_KEYS: dict[str, tuple[str, ...]] = {
    "documents": (), "document_versions": ("doc_id",), "attributions": ("doc_id", "origin"),
    "sources": (), "claims": (), "reviews": ("target",),
}


def _id_column(table: str) -> str:
    return "key" if table == "document_versions" else "id"


def _key_values(table: str, rec: dict) -> tuple:
    if table == "document_versions":
        return (rec["id"],)
    if table == "attributions":
        return (rec["doc_id"], rec.get("origin") or "machine")
    if table == "reviews":
        return (rec.get("target") or "",)
    return ()


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def _one_line(e: BaseException) -> str:
    text = str(e).strip() or e.__class__.__name__
    return " ".join(text.splitlines()[0].split())


def _dumps(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def _apply(current: dict | None, rec: dict, now: str) -> tuple[dict | None, dict | None]:
    """One staged record applied to the current one: (the new current or None if unchanged, the
    superseded record to keep as an earlier version or None). TinyDB's put rules, as a pure step."""
    if current is None:
        return rec, None
    if current.get("version") == rec.get("version"):
        if all(current.get(f) == rec.get(f) for f in _METADATA):
            return None, None
        return {**current, **{f: rec.get(f) for f in _METADATA}}, None
    return rec, {**current, "superseded_at": now}


class PostgresStore(CommandScope):
    """The store in a PostgreSQL database (see the module docstring for the layout and locking)."""

    #: the schema version this session found before migrating (never: the layout started at 2)
    migrated_from: int | None = None

    def __init__(self, url: str, write: bool = True) -> None:
        self.url = redact(url)
        self.writable = write
        self._locks: set[str] = set()
        self._staged = 0
        self._scratch = False
        try:
            self._conn = psycopg.connect(url, autocommit=False, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(f"cannot connect to PostgreSQL at {self.url}: {_one_line(e)}",
                             hint="check that the server runs and the URL (user, host, port, database) is right"
                             ) from e
        try:
            self._open()
        except BaseException:
            self._conn.close()
            raise

    # -- opening ------------------------------------------------------------------------------
    def _open(self) -> None:
        with self._db():
            if self.writable:
                self._ensure_schema()
            else:
                self._conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                self._conn.read_only = True
                if not self._has_store():
                    raise NotFoundError(f"no store at {self.url}", hint="run `attribution ingest PATH...` first")
            row = self._conn.execute("SELECT doc FROM meta WHERE key = 'store'").fetchone()
        if row is None:
            raise StoreError(f"{self.url} is not an attribution store (it has no meta record)")
        version = int(row[0].get("schema_version", 0))
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"store {self.url} has schema version {version}, this tool knows up to {SCHEMA_VERSION}",
                hint="upgrade the attribution tool")
        if version < SCHEMA_VERSION:
            raise SchemaVersionError(f"store {self.url} has schema version {version}; no PostgreSQL migration "
                                     f"to {SCHEMA_VERSION} is known")

    def _ensure_schema(self) -> None:
        """Create the tables if they are not there, once however many first writers race.

        An existing store is left alone: even ``CREATE INDEX IF NOT EXISTS`` locks its table and would wait
        for every writer that is busy. The creator holds a session advisory lock and checks again in a
        transaction begun after it got the lock (one begun before might not see the other's tables yet)."""
        if self._has_store():
            return
        key = self._lock_key("init")
        self._conn.commit()
        self._conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (key,))
        self._conn.commit()
        try:
            if not self._has_store():
                if self._conn.execute("SELECT current_schema() IS NULL").fetchone()[0]:
                    raise StoreError(f"{self.url}: the search path names no schema that exists",
                                     hint="create the schema first, or drop search_path from the URL")
                self._conn.execute(_DDL)
                meta = {"schema_version": SCHEMA_VERSION, "created": utcnow().isoformat(),
                        "tool_version": __version__, "backend": "postgresql"}
                self._conn.execute("INSERT INTO meta (key, doc) VALUES ('store', %s)", (_dumps(meta),))
            self._conn.commit()
        finally:
            self._conn.rollback()
            self._conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (key,))
            self._conn.commit()

    def _has_store(self) -> bool:
        return self._conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]

    # -- plumbing -------------------------------------------------------------------------------
    def _db(self):
        return _Wrap(self.url)

    def _lock_key(self, name: str) -> str:
        """An advisory lock's name: per schema, so stores in two schemas of one database do not wait on each other."""
        schema = self._conn.execute("SELECT coalesce(current_schema(), '')").fetchone()[0]
        return f"{schema}.attribution.{name}"

    def _advisory(self, name: str) -> None:
        """Take the transaction-scoped advisory lock ``name`` of this store, once per transaction."""
        if name in self._locks:
            return
        self._conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self._lock_key(name),))
        self._locks.add(name)

    def _need_write(self) -> None:
        if not self.writable:
            raise StoreError(f"store {self.url} was opened read-only")
        if not self._scratch:
            # the session's scratch tables, made on the first write (a command that only reads never pays)
            with self._db():
                self._conn.execute(_TEMP_DDL)
            self._scratch = True

    def _validate(self, table: str, model: type[M], raw: dict) -> M:
        return validated(self.url, table, model, raw)

    def _rows(self, query: sql.Composable | str, params: Any = None) -> Iterator[tuple]:
        """Stream a query's rows through a server-side cursor: bounded memory for big tables, and a snapshot
        taken when the cursor opens, so a caller may write to the table while it iterates."""
        with self._db():
            with self._conn.cursor(name=f"it{next(_CURSORS)}") as cur:
                cur.itersize = _ITERSIZE
                cur.execute(query, params)
                yield from cur

    def _iter(self, table: str, model: type[M], where: str = "", params: Any = None) -> Iterator[M]:
        q = sql.SQL("SELECT doc FROM {} {} ORDER BY seq").format(sql.Identifier(table), sql.SQL(where))
        if where:  # a lookup by key: a few rows, in one round trip rather than a cursor's three
            with self._db():
                rows = self._conn.execute(q, params).fetchall()
        else:
            rows = self._rows(q, params)
        for (raw,) in rows:
            yield self._validate(table, model, raw)

    def _get(self, table: str, model: type[M], record_id: str) -> M:
        with self._db():
            row = self._conn.execute(sql.SQL("SELECT doc FROM {} WHERE id = %s").format(sql.Identifier(table)),
                                     (record_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no {table[:-1]} with id {record_id!r} in {self.url}")
        return self._validate(table, model, row[0])

    def _copy(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        n = 0
        q = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table),
                                                      sql.SQL(", ").join(map(sql.Identifier, columns)))
        with self._db(), self._conn.cursor() as cur, cur.copy(q) as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
        return n

    def _upsert(self, table: str, records: Iterable[dict]) -> None:
        """Insert or replace raw records by id: COPY into the scratch table, then one INSERT ... ON CONFLICT.
        A replaced record keeps its place (``seq``); the last of repeated ids wins."""
        keys = _KEYS[table]
        idcol = _id_column(table)
        latest = {record_id(table, r): r for r in records}
        if not latest:
            return
        with self._db():
            self._conn.execute("TRUNCATE incoming")
            extra = tuple(k for k in ("doc_id", "origin") if k in keys)
            tcols = ("id", *extra, "doc")
            self._copy("incoming", tcols, ((rid, *_key_values(table, r)[:len(extra)], _dumps(r))
                                           for rid, r in latest.items()))
            target = (idcol, *keys, "doc")
            source = ["id", *extra, "doc"]
            if table == "reviews":
                source.insert(1, "doc->>'target'")
            updates = sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c))
                                         for c in target[1:])
            self._conn.execute(sql.SQL(
                "INSERT INTO {t} ({cols}) SELECT {src} FROM incoming ORDER BY ord "
                "ON CONFLICT ({idcol}) DO UPDATE SET {updates}").format(
                t=sql.Identifier(table), cols=sql.SQL(", ").join(map(sql.Identifier, target)),
                src=sql.SQL(", ").join(sql.SQL(s) for s in source), idcol=sql.Identifier(idcol),
                updates=updates))
            self._conn.execute("TRUNCATE incoming")

    def _replace_all(self, table: str, records: Iterable[dict]) -> None:
        self._need_write()
        self._advisory("derived")
        with self._db():
            self._conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        self._upsert(table, records)

    # -- meta --------------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.meta()["schema_version"])

    def meta(self) -> dict:
        with self._db():
            return dict(self._conn.execute("SELECT doc FROM meta WHERE key = 'store'").fetchone()[0])

    def set_meta(self, **fields: Any) -> None:
        self._need_write()
        with self._db():
            self._conn.execute("UPDATE meta SET doc = doc || %s::jsonb WHERE key = 'store'", (_dumps(fields),))

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"no table {table!r} in the store (tables: {', '.join(TABLES)})")
        if table in ("documents", "document_versions"):
            self._merge_staged()
        with self._db():
            return self._conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]

    # -- documents ---------------------------------------------------------------------------
    def _current(self, ids: list[str]) -> dict[str, dict]:
        """The current record of each id as this command sees it (its last staged one, else the committed one),
        without the text: deciding added / changed / unchanged needs the version and the metadata only."""
        with self._db():
            if not self._staged:
                rows = self._conn.execute("SELECT id, doc - 'text' FROM documents WHERE id = ANY(%s)",
                                          (ids,)).fetchall()
            else:
                rows = self._conn.execute(
                    "SELECT DISTINCT ON (id) id, doc - 'text' FROM ("
                    " SELECT id, doc, seq FROM stage_documents WHERE id = ANY(%(ids)s)"
                    " UNION ALL SELECT id, doc, -1 FROM documents WHERE id = ANY(%(ids)s)) x"
                    " ORDER BY id, seq DESC", {"ids": ids}).fetchall()
        return {i: d for i, d in rows}

    def put_documents(self, docs: Iterable[Document]) -> PutResult:
        self._need_write()
        result = PutResult()
        now = utcnow().isoformat()
        batch = list(docs)
        if not batch:
            return result
        prev = self._current(list({d.id for d in batch}))
        staged: list[tuple[str, str]] = []
        for doc in batch:
            rec = doc.model_dump(mode="json")
            rec["version"] = doc.version
            rec["ingested_at"] = now
            old = prev.get(doc.id)
            new, _ = _apply(old, rec, now)
            if new is None:
                result.unchanged.append(doc.id)
                continue
            if old is None:
                result.added.append(doc.id)
            elif old.get("version") == rec["version"]:
                result.metadata_updated.append(doc.id)
            else:
                result.updated.append(doc.id)
            prev[doc.id] = new
            # the record as put, not as merged: the merge at commit applies it to the then-current record
            staged.append((doc.id, _dumps(rec)))
        if staged:
            self._staged += self._copy("stage_documents", ("id", "doc"), staged)
        return result

    def _merge_staged(self) -> None:
        """Apply the staged documents to ``documents`` / ``document_versions`` under the documents lock."""
        if not self._staged:
            return
        self._advisory("documents")
        now = utcnow().isoformat()
        last = 0
        with self._db():
            # the common case stays on the server: the staged records up to the first one that needs a look
            # (an id already stored, or staged twice) are new documents, inserted as they are, in order
            self._conn.execute(
                "WITH slow AS (SELECT min(s.seq) AS first FROM stage_documents s"
                "  WHERE EXISTS (SELECT 1 FROM documents d WHERE d.id = s.id)"
                "  OR EXISTS (SELECT 1 FROM stage_documents o WHERE o.id = s.id AND o.seq <> s.seq)),"
                " new AS (INSERT INTO documents (id, doc) SELECT s.id, s.doc FROM stage_documents s, slow"
                "  WHERE slow.first IS NULL OR s.seq < slow.first ORDER BY s.seq RETURNING id)"
                " DELETE FROM stage_documents s USING new WHERE s.id = new.id")
            # the rest (a stored id, or one id staged twice) is applied in order, record by record
            while True:
                chunk = self._conn.execute("SELECT seq, id, doc FROM stage_documents WHERE seq > %s ORDER BY seq "
                                           "LIMIT %s", (last, _CHUNK)).fetchall()
                if not chunk:
                    break
                last = chunk[-1][0]
                ids = list({i for _, i, _ in chunk})
                current = {i: d for i, d in self._conn.execute(
                    "SELECT id, doc FROM documents WHERE id = ANY(%s)", (ids,)).fetchall()}
                stored = set(current)
                versions: dict[str, dict] = {}
                changed: dict[str, dict] = {}
                for _, doc_id, rec in chunk:
                    new, superseded = _apply(current.get(doc_id), rec, now)
                    if new is None:
                        continue
                    if superseded is not None:
                        versions[f"{doc_id}@{superseded['version']}"] = superseded
                    current[doc_id] = changed[doc_id] = new
                inserts = [(i, _dumps(d)) for i, d in changed.items() if i not in stored]
                if inserts:
                    self._copy("documents", ("id", "doc"), inserts)
                updates = [(_dumps(d), i) for i, d in changed.items() if i in stored]
                if updates:
                    with self._conn.cursor() as cur:
                        cur.executemany("UPDATE documents SET doc = %s WHERE id = %s", updates)
                if versions:
                    self._upsert("document_versions", versions.values())
            self._conn.execute("TRUNCATE stage_documents")
        self._staged = 0

    def get_document(self, doc_id: str, version: str | None = None) -> Document:
        self._merge_staged()
        doc = self._get("documents", Document, doc_id)
        if version is None or doc.version == version:
            return doc
        with self._db():
            row = self._conn.execute("SELECT doc FROM document_versions WHERE key = %s",
                                     (f"{doc_id}@{version}",)).fetchone()
        if row is None:
            raise NotFoundError(f"document {doc_id!r} has no version {version!r} in {self.url}")
        return self._validate("document_versions", Document, row[0])

    def iter_documents(self) -> Iterator[Document]:
        self._merge_staged()
        return self._iter("documents", Document)

    def iter_document_versions(self, doc_id: str) -> Iterator[Document]:
        self._merge_staged()
        current = self._get("documents", Document, doc_id)  # NotFoundError before the first record
        return self._versions(doc_id, current)

    def _versions(self, doc_id: str, current: Document) -> Iterator[Document]:
        with self._db():
            old = [r[0] for r in self._conn.execute(
                "SELECT doc FROM document_versions WHERE doc_id = %s", (doc_id,)).fetchall()]
        old.sort(key=lambda r: (r.get("superseded_at") or "", r.get("ingested_at") or ""))
        for raw in old:
            yield self._validate("document_versions", Document, raw)
        yield current

    # -- attributions -----------------------------------------------------------------------------
    def replace_attributions(self, doc_id: str, attributions: list[Attribution]) -> None:
        self.replace_attributions_many({doc_id: attributions})

    def replace_attributions_many(self, by_doc: dict[str, list[Attribution]]) -> None:
        """Make each list the machine attributions of its document (human-added ones stay), in one statement
        per table rather than one per document."""
        if not by_doc:
            return
        self._need_write()
        self._advisory("derived")
        with self._db():
            self._conn.execute("DELETE FROM attributions WHERE doc_id = ANY(%s) AND origin <> 'human'",
                               (list(by_doc),))
        self._upsert("attributions", (a.model_dump(mode="json") for atts in by_doc.values() for a in atts))

    def put_attributions(self, attributions: Iterable[Attribution]) -> None:
        self._need_write()
        self._advisory("derived")
        self._upsert("attributions", (a.model_dump(mode="json") for a in attributions))

    def get_attribution(self, attribution_id: str) -> Attribution:
        return self._get("attributions", Attribution, attribution_id)

    def iter_attributions(self, doc_id: str | None = None) -> Iterator[Attribution]:
        if doc_id is None:
            return self._iter("attributions", Attribution)
        return self._iter("attributions", Attribution, "WHERE doc_id = %s", (doc_id,))

    # -- sources and claims (derived, rebuilt wholesale) -------------------------------------------
    def replace_sources(self, sources: Iterable[Source]) -> None:
        self._replace_all("sources", (s.model_dump(mode="json") for s in sources))

    def iter_sources(self) -> Iterator[Source]:
        return self._iter("sources", Source)

    def get_source(self, source_id: str) -> Source:
        return self._get("sources", Source, source_id)

    def replace_claims(self, claims: Iterable[Claim]) -> None:
        self._replace_all("claims", (c.model_dump(mode="json") for c in claims))

    def iter_claims(self) -> Iterator[Claim]:
        return self._iter("claims", Claim)

    def get_claim(self, claim_id: str) -> Claim:
        return self._get("claims", Claim, claim_id)

    def find(self, table: str, fragment: dict) -> Iterator[dict]:
        """Raw records of ``table`` that contain ``fragment`` (JSONB ``@>``, answered from the GIN index),
        e.g. ``find("sources", {"doc_ids": [doc_id]})``."""
        if table not in TABLES:
            raise StoreError(f"no table {table!r} in the store (tables: {', '.join(TABLES)})")
        if table in ("documents", "document_versions"):
            self._merge_staged()
        q = sql.SQL("SELECT doc FROM {} WHERE doc @> %s::jsonb ORDER BY seq").format(sql.Identifier(table))
        return (r[0] for r in self._rows(q, (_dumps(fragment),)))

    # -- review log -----------------------------------------------------------------------------
    def append_reviews(self, events: Iterable[ReviewEvent]) -> None:
        self._need_write()
        recs = {e.id: e.model_dump(mode="json") for e in events}
        if not recs:
            return
        with self._db():
            # a savepoint, so a refused append leaves nothing behind (and, unlike conn.transaction() on an
            # idle connection, never commits on its own: the command's transaction is the one that commits)
            self._conn.execute("SAVEPOINT append_reviews")
            with self._conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO reviews (id, target, doc) SELECT r->>'id', coalesce(r->>'target', ''), r "
                    "FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS x(r, n) ORDER BY n "
                    "ON CONFLICT (id) DO NOTHING RETURNING id", (_dumps(list(recs.values())),))
                inserted = len(cur.fetchall())
            if inserted != len(recs):
                self._conn.execute("ROLLBACK TO SAVEPOINT append_reviews")
                raise StoreError("review events are append-only; an event with the same id exists")
            self._conn.execute("RELEASE SAVEPOINT append_reviews")

    def iter_reviews(self) -> Iterator[ReviewEvent]:
        return iter(sorted(self._iter("reviews", ReviewEvent), key=lambda e: (e.at, e.id)))

    # -- raw records (db migrate) ------------------------------------------------------------------
    def export_records(self, table: str) -> Iterator[dict]:
        """Every raw record of ``table`` in store order, as the TinyDB store keeps them."""
        if table == "meta":
            yield self.meta()
            return
        if table in ("documents", "document_versions"):
            self._merge_staged()
        yield from (r[0] for r in self._rows(sql.SQL("SELECT doc FROM {} ORDER BY seq").format(sql.Identifier(table))))

    def import_records(self, table: str, records: Iterable[dict]) -> int:
        """Add raw records as they are (ids, versions and times kept), by COPY; for an empty store."""
        self._need_write()
        self._advisory("documents" if table in ("documents", "document_versions") else "derived")
        n = 0
        chunk: list[dict] = []
        for rec in records:
            chunk.append(rec)
            if len(chunk) >= _CHUNK:
                n += self._import_chunk(table, chunk)
                chunk = []
        if chunk:
            n += self._import_chunk(table, chunk)
        return n

    def _import_chunk(self, table: str, chunk: list[dict]) -> int:
        cols = (_id_column(table), *_KEYS[table], "doc")
        return self._copy(table, cols, ((record_id(table, r), *_key_values(table, r), _dumps(r)) for r in chunk))

    # -- the end of a command --------------------------------------------------------------------
    def flush(self) -> None:
        """Make everything written so far durable (commit)."""
        if not self.writable:
            return
        self._merge_staged()
        with self._db():
            self._conn.commit()
        self._locks.clear()

    def close(self) -> None:
        if self._conn.closed:
            return
        try:
            if self.writable:
                self.flush()
            else:
                self._conn.rollback()
        finally:
            self._conn.close()

    def abort(self) -> None:
        """Roll the command back: it leaves nothing in the database."""
        if self._conn.closed:
            return
        try:
            self._conn.rollback()
        except psycopg.Error:
            pass
        finally:
            self._conn.close()


class _Wrap:
    """Turn psycopg's errors into one-line StoreErrors at the store boundary."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and isinstance(exc, psycopg.Error):
            if isinstance(exc, psycopg.OperationalError):
                raise StoreError(f"PostgreSQL store {self.url}: {_one_line(exc)}",
                                 hint="the server went away or refused the command; nothing of this command "
                                      "was committed") from exc
            raise StoreError(f"PostgreSQL store {self.url}: {_one_line(exc)}") from exc
        return False
