"""Store-level operations shared by the CLI, the TUI and batch runners.

Each function takes an open :class:`~attribution.store.Store` and does one
user-level job (ingest paths, extract stored documents, rebuild the derived
source and claim tables, read the reviewed view). They never print; progress
goes through an optional callback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from .claims import build_claims
from .errors import IngestError
from .ingest import BadRecord, iter_documents
from .models import Attribution, Claim, Document, Source
from .pipeline import Pipeline
from .resolve.bodies import Bodies
from .resolve.registry import DocInfo, Registry, build_registry
from .review import apply_reviews
from .store import PutResult, Store


@dataclass
class IngestReport:
    put: PutResult
    bad: list[BadRecord] = field(default_factory=list)
    flagged: dict[str, list[str]] = field(default_factory=dict)


def ingest_paths(store: Store, paths: Iterable[str], skip_bad: bool = False,
                 progress: Callable[[int], None] | None = None) -> IngestReport:
    """Read every path and store the documents in one batch.

    Raises:
        IngestError: an unreadable input, or a malformed JSONL line without ``skip_bad``;
            nothing is written then.
    """
    bad: list[BadRecord] | None = [] if skip_bad else None
    docs: dict[str, Document] = {}
    flagged: dict[str, list[str]] = {}
    for d in iter_documents(paths, bad):
        docs[d.id] = d
        if d.flags:
            flagged[d.id] = d.flags
        if progress:
            progress(1)
    if not docs and not bad:
        raise IngestError("no documents found in the given paths")
    put = store.put_documents(docs.values())
    return IngestReport(put=put, bad=bad or [], flagged=flagged)


def extract_store(store: Store, pipeline: Pipeline, doc_ids: list[str] | None = None,
                  progress: Callable[[int], None] | None = None) -> int:
    """(Re-)extract stored documents; returns the number of attributions written."""
    wanted = set(doc_ids) if doc_ids else None
    docs = [d for d in store.iter_documents() if wanted is None or d.id in wanted]
    by_doc: dict[str, list[Attribution]] = {}
    for doc, atts in pipeline.iter_process(docs, progress):
        by_doc[doc.id] = atts
    if hasattr(store, "replace_attributions_many"):
        store.replace_attributions_many(by_doc)
    else:
        for doc_id, atts in by_doc.items():
            store.replace_attributions(doc_id, atts)
    rebuild(store)
    return sum(len(v) for v in by_doc.values())


def reviewed_attributions(store: Store) -> list[Attribution]:
    """Attributions with review decisions applied (status, edits, human additions)."""
    return apply_reviews(store.iter_attributions(), store.iter_reviews())


def rebuild(store: Store, bodies: Bodies | None = None) -> tuple[list[Source], list[Claim]]:
    """Recompute the source registry and the claims from attributions and review events."""
    reg, claims = derive(store, bodies)
    store.replace_sources(reg.sources)
    store.replace_claims(claims)
    return reg.sources, claims


def derive(store: Store, bodies: Bodies | None = None) -> tuple[Registry, list[Claim]]:
    """The registry (with its statistics) and the claims, computed but not stored.

    Manual source merges/splits and attribution reviews are replayed from the review log,
    so re-extraction keeps them. Content lemmas are dropped for attributions whose content a
    reviewer edited (they describe the machine's span, not the corrected one).
    """
    events = list(store.iter_reviews())
    stored = list(store.iter_attributions())
    machine = {a.id: a.content for a in stored}
    atts = [a if a.content_lemmas is None or machine.get(a.id) == a.content else
            a.model_copy(update={"content_lemmas": None}) for a in apply_reviews(stored, events)]
    docs = {d.id: DocInfo(date=d.date, outlet=d.outlet) for d in store.iter_documents()}
    reg = build_registry(atts, events, docs, bodies)
    claims = build_claims(atts, reg.sources, reg.owner, docs, bodies)
    return reg, claims


def linked_attributions(store: Store) -> list[Attribution]:
    """The reviewed attributions with their source and claim ids filled in."""
    atts = reviewed_attributions(store)
    source_of = {aid: s.id for s in store.iter_sources() for aid in s.attribution_ids}
    claim_of = {aid: c.id for c in store.iter_claims() for aid in c.attribution_ids}
    return [a.model_copy(update={"source_id": source_of.get(a.id), "claim_id": claim_of.get(a.id)}) for a in atts]
