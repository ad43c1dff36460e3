"""Copy a store into another, record for record (``attribution db migrate``).

Works between any two backends (a TinyDB file into PostgreSQL and back):
the raw records move as they are stored — ids, document versions,
ingestion and supersession times, review events — in store order, so a
round trip gives back the same store. The copy is checked twice by counts
and ids of every table: inside the target's transaction before it commits
(a failed check writes nothing), and after, from a fresh read-only session.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..errors import StoreError
from ..models import utcnow
from .base import TABLES, Store
from .tinydb_store import TinyRepository, _key

__all__ = ["TableCheck", "copy_store", "verify_copy", "export_records", "record_id"]


def record_id(table: str, rec: dict) -> str:
    """The id a raw record is stored under: its id, or ``id@version`` for an earlier document version."""
    if table == "document_versions":
        return f"{rec['id']}@{rec['version']}"
    return rec["id"]


def export_records(store: Store, table: str) -> Iterator[dict]:
    """Every raw record of ``table``, in store order."""
    if isinstance(store, TinyRepository):
        return iter(list(store._raw(table).values()))  # noqa: SLF001 - the store package's own layout
    return store.export_records(table)


def import_records(store: Store, table: str, records: Iterable[dict]) -> int:
    """Add raw records to ``store`` as they are; returns how many."""
    if isinstance(store, TinyRepository):
        tbl = store._raw(table)  # noqa: SLF001
        n = 0
        for rec in records:
            tbl[_key(record_id(table, rec))] = rec
            n += 1
        if n:
            store._changed()  # noqa: SLF001
        return n
    return store.import_records(table, records)


@dataclass
class TableCheck:
    """One table of a copy, compared by counts and ids."""

    table: str
    source: int
    target: int
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.source == self.target and not self.missing and not self.unexpected

    def describe(self) -> str:
        what = f"{self.table}: {self.source} -> {self.target}"
        if self.missing:
            what += f", {len(self.missing)} missing (e.g. {self.missing[0]})"
        if self.unexpected:
            what += f", {len(self.unexpected)} unexpected (e.g. {self.unexpected[0]})"
        return what

    def record(self) -> dict:
        return {"table": self.table, "source": self.source, "target": self.target, "ok": self.ok,
                "missing": self.missing[:10], "unexpected": self.unexpected[:10]}


def _ids(store: Store, table: str) -> list[str]:
    return [record_id(table, r) for r in export_records(store, table)]


def verify_copy(source: Store, target: Store) -> list[TableCheck]:
    """Counts and ids of every table of ``source`` against ``target``."""
    out = []
    for table in TABLES:
        src, dst = _ids(source, table), _ids(target, table)
        s, d = set(src), set(dst)
        out.append(TableCheck(table, len(src), len(dst), sorted(s - d), sorted(d - s)))
    return out


def copy_store(source: Store, target: Store, progress: Callable[[int], None] | None = None) -> list[TableCheck]:
    """Copy every table of ``source`` into the empty store ``target`` and check the copy (not yet committed:
    the caller closes or aborts ``target``).

    Raises:
        StoreError: ``target`` already holds records.
    """
    held = {t: target.count(t) for t in TABLES}
    if any(held.values()):
        what = ", ".join(f"{n} {t}" for t, n in held.items() if n)
        raise StoreError(f"the target store {target.url} is not empty ({what})",
                         hint="migrate into a new file or an empty database")
    for table in TABLES:
        def counted(records: Iterable[dict]) -> Iterator[dict]:
            for rec in records:
                yield rec
                if progress:
                    progress(1)
        import_records(target, table, counted(export_records(source, table)))
    meta = source.meta()
    target.set_meta(copied_from=source.url, copied_at=utcnow().isoformat(), source_created=meta.get("created"))
    return verify_copy(source, target)
