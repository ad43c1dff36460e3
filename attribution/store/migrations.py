"""Schema migrations of the TinyDB file layout, applied in order when an older store is opened.

Each step takes the raw tables (``{table: {tiny id: record}}``) at version N
and leaves them at N+1; :func:`migrate` runs the steps and records the new
version. A store opened for writing is saved migrated at the end of the
command (its first write moves the old file to ``<file>.bak``, so the old
layout can be restored); a store opened read-only is migrated in memory only.
Another backend (a server database) brings its own migrations: these know
the TinyDB layout, not the Store protocol.

Versions:

1. the walking skeleton: documents, attributions, sources, claims, reviews, meta.
2. document versions: a ``document_versions`` table holds the records a
   changed text replaced (with ``superseded_at``); every document records
   ``ingested_at``; review anchors name the document version the decision
   was made on (``anchor.doc_version``), so a decision is re-found by
   position only on the text the reviewer saw.
"""
from __future__ import annotations

from typing import Any, Callable

from ..errors import SchemaVersionError
from ..models import text_hash, utcnow
from .base import SCHEMA_VERSION
from .tinydb_store import tiny_key

Tables = dict[str, dict[str, Any]]


def _v1_to_v2(data: Tables) -> None:
    meta = data["meta"]["1"]
    data.setdefault("document_versions", {})
    created = meta.get("created")
    for rec in data.get("documents", {}).values():
        rec.setdefault("version", text_hash(rec.get("text", ""))[:16])
        rec.setdefault("ingested_at", created)
    # v1 overwrote a changed document in place, so the version an event's attribution was extracted from
    # is the best witness of the text the reviewer saw; events whose attribution is gone stay unversioned
    # (they are then re-found by their cue and content text, never by position alone).
    attributions = data.get("attributions", {})
    for ev in data.get("reviews", {}).values():
        anchor = ev.get("anchor")
        if not isinstance(anchor, dict) or "doc_version" in anchor:
            continue
        target = attributions.get(str(tiny_key(str(ev.get("target", "")))))
        if target and target.get("doc_version"):
            anchor["doc_version"] = target["doc_version"]


#: version N -> function upgrading the raw tables from N to N+1
MIGRATIONS: dict[int, Callable[[Tables], None]] = {1: _v1_to_v2}


def migrate(data: Tables, from_version: int, where: str = "") -> int:
    """Bring ``data`` from ``from_version`` to :data:`SCHEMA_VERSION`; returns the new version.

    Raises:
        SchemaVersionError: a version with no migration step.
    """
    version = from_version
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SchemaVersionError(f"store {where} has schema version {version}; no migration to "
                                     f"{version + 1} is known")
        step(data)
        version += 1
    meta = data["meta"]["1"]
    meta["schema_version"] = version
    meta.setdefault("migrations", []).append(
        {"from": from_version, "to": version, "at": utcnow().isoformat()})
    return version
