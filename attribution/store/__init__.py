"""Stores: where documents, attributions, sources, claims and review events live.

``open_store(location)`` picks the backend from the location: a path is a
TinyDB file (the default), ``memory://`` an in-memory store, a
``postgresql://`` (or ``postgres://``) URL a PostgreSQL database. psycopg is
imported only when a PostgreSQL store is opened, so the core runs without it.
"""
from __future__ import annotations

from ..errors import StoreError
from .base import SCHEMA_VERSION, TABLES, PutResult, Store
from .tinydb_store import (FileSummary, MemoryStore, Restored, TinyDBStore, atomic_write_bytes, backup_path,
                           restore_backup, summarize_file)

__all__ = ["SCHEMA_VERSION", "TABLES", "PutResult", "Store", "MemoryStore", "TinyDBStore",
           "open_store", "atomic_write_bytes", "backup_path", "restore_backup", "summarize_file", "FileSummary",
           "Restored", "is_file_store", "is_postgres_url", "PG_SCHEMES"]

#: URL schemes of the PostgreSQL backend
PG_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(location: str) -> bool:
    return location.startswith(PG_SCHEMES)


def is_file_store(location: str) -> bool:
    """Whether ``location`` names a TinyDB file (rather than ``memory://`` or a server URL)."""
    return "://" not in location


def open_store(location: str, write: bool = True) -> Store:
    """Open the store at ``location``: a TinyDB file path, ``memory://`` or a ``postgresql://`` URL.

    Raises:
        StoreLockedError: another process is writing to the TinyDB file.
        StoreCorruptError: the file cannot be parsed.
        NotFoundError: opening read-only and nothing is there yet.
        StoreError: psycopg is not installed, the server cannot be reached, or the URL scheme is unknown.
    """
    if location == "memory://":
        return MemoryStore()
    if is_postgres_url(location):
        try:
            from .postgres import PostgresStore
        except ImportError as e:
            raise StoreError(f"a PostgreSQL store needs psycopg, which is not installed ({e.name or e})",
                             hint="pip install 'arabic-attribution[postgres]'") from e
        return PostgresStore(location, write=write)
    if not is_file_store(location):
        scheme = location.split("://", 1)[0]
        raise StoreError(f"unknown store URL scheme {scheme!r} in {location}",
                         hint="use a TinyDB file path, memory:// or postgresql://user@host/database")
    return TinyDBStore(location, write=write)
