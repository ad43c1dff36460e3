"""Consistency checks over any store, through the :class:`~.base.Store` protocol only.

What ``attribution db check`` reports about a store's *content* (the file
itself — parse, backup — is checked by the TinyDB backend): every record
validates, every attribution's spans slice the text of the document version
it was extracted from, derived tables point at attributions that exist.
Errors mean the store holds something wrong; warnings mean something is out
of date and a command fixes it (``attribution extract``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Iterator, Literal

from ..errors import AttributionError
from .base import SCHEMA_VERSION, TABLES, Store

__all__ = ["Finding", "check_store"]


@dataclass
class Finding:
    level: Literal["error", "warning", "info"]
    topic: str
    message: str

    def record(self) -> dict:
        return asdict(self)


def _safe(topic: str, it: Iterator, out: list[Finding]) -> list:
    """Read a whole table; a record that does not validate is an error finding, not a crash."""
    items = []
    try:
        for x in it:
            items.append(x)
    except AttributionError as e:
        out.append(Finding("error", topic, e.msg))
    return items


def check_store(store: Store) -> list[Finding]:
    """Findings about ``store``'s content, errors first within each topic."""
    out: list[Finding] = []
    version = store.schema_version()
    migrated = getattr(store, "migrated_from", None)
    if migrated is not None:
        out.append(Finding("info", "schema", f"schema {migrated} (read as {SCHEMA_VERSION}; the file is "
                                             f"migrated on the next write)"))
    else:
        out.append(Finding("info", "schema", f"schema {version}"))

    docs = {d.id: d for d in _safe("documents", store.iter_documents(), out)}
    flags = Counter(f for d in docs.values() for f in d.flags)
    older = store.count("document_versions") if "document_versions" in TABLES else 0
    note = ", ".join(f"{n} flagged {f}" for f, n in sorted(flags.items()))
    out.append(Finding("info", "documents", f"{len(docs)} document(s), {older} earlier version(s)"
                                            + (f"; {note}" if note else "")))

    atts = _safe("attributions", store.iter_attributions(), out)
    orphans, stale, bad = [], [], []
    for a in atts:
        doc = docs.get(a.doc_id)
        if doc is None:
            orphans.append(a.id)
            continue
        text = doc.text
        if a.doc_version and a.doc_version != doc.version:
            try:
                text = store.get_document(a.doc_id, version=a.doc_version).text
            except AttributionError:
                text = None
            stale.append(a.id)
        if text is not None:
            try:
                a.check(text)
            except ValueError:
                bad.append(a.id)
    if bad:
        out.append(Finding("error", "attributions", f"{len(bad)} attribution(s) whose spans do not slice their "
                                                    f"document, e.g. {bad[0]}"))
    if orphans:
        out.append(Finding("error", "attributions", f"{len(orphans)} attribution(s) of documents that are not "
                                                    f"stored, e.g. {orphans[0]}"))
    if stale:
        out.append(Finding("warning", "attributions", f"{len(stale)} attribution(s) were extracted from an "
                                                      "earlier version of their document; run `attribution "
                                                      "extract`"))
    out.append(Finding("info", "attributions", f"{len(atts)} attribution(s)"))

    ids = {a.id for a in atts}
    for topic, items in (("sources", _safe("sources", store.iter_sources(), out)),
                         ("claims", _safe("claims", store.iter_claims(), out))):
        dangling = sum(1 for x in items for aid in x.attribution_ids if aid not in ids)
        if dangling:
            out.append(Finding("warning", topic, f"{dangling} link(s) to attributions that no longer exist; "
                                                 "run `attribution extract` to rebuild"))
        out.append(Finding("info", topic, f"{len(items)} {topic[:-1]}(s)"))

    reviews = _safe("reviews", store.iter_reviews(), out)
    out.append(Finding("info", "reviews", f"{len(reviews)} review event(s)"))
    return out
