"""Stores: where documents, attributions, sources, claims and review events live.

``open_store(location)`` picks the backend from the location: a path is a
TinyDB file (the default), ``memory://`` an in-memory store.
"""
from __future__ import annotations

from .base import SCHEMA_VERSION, TABLES, PutResult, Store
from .tinydb_store import (FileSummary, MemoryStore, Restored, TinyDBStore, atomic_write_bytes, backup_path,
                           restore_backup, summarize_file)

__all__ = ["SCHEMA_VERSION", "TABLES", "PutResult", "Store", "MemoryStore", "TinyDBStore",
           "open_store", "atomic_write_bytes", "backup_path", "restore_backup", "summarize_file", "FileSummary",
           "Restored", "is_file_store"]


def is_file_store(location: str) -> bool:
    """Whether ``location`` names a TinyDB file (rather than ``memory://`` or a server URL)."""
    return "://" not in location


def open_store(location: str, write: bool = True) -> Store:
    """Open the store at ``location``.

    Raises:
        StoreLockedError: another process is writing to it.
        StoreCorruptError: the file cannot be parsed.
        NotFoundError: opening read-only and nothing is there yet.
    """
    if location == "memory://":
        return MemoryStore()
    return TinyDBStore(location, write=write)
