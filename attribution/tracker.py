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
from .errors import IngestError, NotFoundError
from .ingest import BadRecord, iter_documents
from .models import Attribution, Claim, Document, Source
from .pipeline import Pipeline
from .resolve.registry import build_sources
from .review import apply_reviews
from .store import PutResult, Store


@dataclass
class IngestReport:
    put: PutResult
    bad: list[BadRecord] = field(default_factory=list)
    flagged: dict[str, list[str]] = field(default_factory=dict)
    #: input name -> the encoding it was read with
    encodings: dict[str, str] = field(default_factory=dict)
    #: ids that occurred more than once in this input (the last occurrence is the current version)
    repeated: list[str] = field(default_factory=list)


#: documents handed to the store per put_documents call while streaming
INGEST_BATCH = 256


def ingest_paths(store: Store, paths: Iterable[str], skip_bad: bool = False,
                 progress: Callable[[int], None] | None = None, encoding: str | None = None,
                 on_bytes: Callable[[int], None] | None = None) -> IngestReport:
    """Read every path and store the documents, streaming (a batch of documents in memory at a time).

    Args:
        progress: called with 1 per document read.
        encoding: decode every input with this encoding instead of detecting it.
        on_bytes: called with the number of raw input bytes read (for a byte progress bar).

    Raises:
        IngestError: an unreadable input, or a malformed JSONL line without ``skip_bad``;
            the caller aborts the store then, so nothing is written.
    """
    from .ingest import ReadContext

    ctx = ReadContext(bad=[] if skip_bad else None, encoding=encoding, on_bytes=on_bytes)
    status: dict[str, str] = {}  # id -> added / updated / unchanged, the strongest over all batches
    rank = {"unchanged": 0, "updated": 1, "added": 2}
    flagged: dict[str, list[str]] = {}
    repeated: list[str] = []
    batch: dict[str, Document] = {}

    def put() -> None:
        res = store.put_documents(batch.values())
        for kind, ids in (("added", res.added), ("updated", res.updated), ("unchanged", res.unchanged)):
            for i in ids:
                if i not in status or rank[kind] > rank[status[i]]:
                    status[i] = kind
        batch.clear()

    for d in iter_documents(paths, ctx=ctx):
        if d.id in status or d.id in batch:
            # the same id twice in one input: store both, the later one becoming the current version
            repeated.append(d.id)
            if d.id in batch:
                put()
        batch[d.id] = d
        if d.flags:
            flagged[d.id] = d.flags
        if progress:
            progress(1)
        if len(batch) >= INGEST_BATCH:
            put()
    if batch:
        put()
    if not status and not ctx.bad:
        raise IngestError("no documents found in the given paths")
    total = PutResult(**{k: [i for i, v in status.items() if v == k] for k in rank})
    return IngestReport(put=total, bad=ctx.bad or [], flagged=flagged, encodings=ctx.encodings,
                        repeated=repeated)


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
    if hasattr(store, "set_meta"):  # the audit report names what produced the attributions
        store.set_meta(extraction=extraction_meta(pipeline))
    rebuild(store)
    return sum(len(v) for v in by_doc.values())


def extraction_meta(pipeline: Pipeline) -> dict:
    """What produced the stored attributions: tool version, annotator, stanza and model packages."""
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__

    ann = pipeline.annotator
    info: dict = {"tool_version": __version__, "annotator": ann.name, "stanza": None, "models": {}}
    if ann.name == "stanza":
        try:
            info["stanza"] = version("stanza")
        except PackageNotFoundError:
            pass
        from .nlp.stanza_annotator import find_processors

        model_dir = getattr(ann, "model_dir", None)
        if model_dir is not None:
            info["models"] = {p.name: p.package for p in find_processors(model_dir) if p.found}
    return info


def reviewed_attributions(store: Store) -> list[Attribution]:
    """Attributions with review decisions applied (status, edits, human additions)."""
    return apply_reviews(store.iter_attributions(), store.iter_reviews(), document=_document_lookup(store))


def _document_lookup(store: Store) -> Callable[[str], Document | None]:
    """The current text of a document, for re-anchoring review decisions made on an older version."""
    def lookup(doc_id: str) -> Document | None:
        try:
            return store.get_document(doc_id)
        except NotFoundError:
            return None
    return lookup


def rebuild(store: Store) -> tuple[list[Source], list[Claim]]:
    """Recompute the source registry and the claims from attributions and review events."""
    events = list(store.iter_reviews())
    atts = apply_reviews(store.iter_attributions(), events, document=_document_lookup(store))
    dates = {d.id: d.date for d in store.iter_documents()}
    sources, owner = build_sources(atts, events, dates)
    claims = build_claims(atts, sources, owner)
    store.replace_sources(sources)
    store.replace_claims(claims)
    return sources, claims


def linked_attributions(store: Store) -> list[Attribution]:
    """The reviewed attributions with their source and claim ids filled in."""
    atts = reviewed_attributions(store)
    source_of = {aid: s.id for s in store.iter_sources() for aid in s.attribution_ids}
    claim_of = {aid: c.id for c in store.iter_claims() for aid in c.attribution_ids}
    return [a.model_copy(update={"source_id": source_of.get(a.id), "claim_id": claim_of.get(a.id)}) for a in atts]
