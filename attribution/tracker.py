"""Store-level operations shared by the CLI, the TUI and batch runners.

Each function takes an open :class:`~attribution.store.Store` and does one
user-level job (ingest paths, extract stored documents, rebuild the derived
source and claim tables, read the reviewed view). They never print; progress
goes through an optional callback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from .arabic import normalize, strip_quotes
from .claims import build_claims
from .errors import IngestError, NotFoundError, UsageError
from .ingest import BadRecord, iter_documents
from .models import Attribution, Claim, Document, ReviewEvent, Source
from .pipeline import Pipeline
from .resolve.bodies import Bodies
from .resolve.registry import DocInfo, Registry, build_registry, key_function
from .review import apply_reviews, reviewer_name
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


#: documents whose attributions are written to the store per call while extracting
EXTRACT_WRITE_BATCH = 512


def extract_store(store: Store, pipeline: Pipeline, doc_ids: list[str] | None = None,
                  progress: Callable[[int], None] | None = None, write_batch: int = EXTRACT_WRITE_BATCH) -> int:
    """(Re-)extract stored documents; returns the number of attributions written.

    ``pipeline`` is a Pipeline or a batch runner (``attribution.batch``: anything with ``iter_process``), so
    the work may run in other processes or on a cluster; the results come back here in document order and
    are written from here, ``write_batch`` documents at a time, in the store's one transaction.
    """
    wanted = set(doc_ids) if doc_ids else None
    docs = [d for d in store.iter_documents() if wanted is None or d.id in wanted]
    by_doc: dict[str, list[Attribution]] = {}
    total = 0
    for doc, atts in pipeline.iter_process(docs, progress):
        by_doc[doc.id] = atts
        total += len(atts)
        if len(by_doc) >= write_batch:
            _write_attributions(store, by_doc)
            by_doc = {}
    _write_attributions(store, by_doc)
    if hasattr(store, "set_meta"):  # the audit report names what produced the attributions
        store.set_meta(extraction=extraction_meta(getattr(pipeline, "pipeline", pipeline)))  # a runner's pipeline
    rebuild(store)
    return total


def _write_attributions(store: Store, by_doc: dict[str, list[Attribution]]) -> None:
    if not by_doc:
        return
    if hasattr(store, "replace_attributions_many"):
        store.replace_attributions_many(by_doc)
    else:
        for doc_id, atts in by_doc.items():
            store.replace_attributions(doc_id, atts)


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
            a.model_copy(update={"content_lemmas": None})
            for a in apply_reviews(stored, events, document=_document_lookup(store))]
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


# -- manual source decisions ------------------------------------------------------------------------

def find_source(store: Store, ref: str) -> Source:
    """A registry entry by id, unique id prefix, or name/alias (matched after Arabic folding).

    Raises:
        NotFoundError: nothing matches, or several sources do (the message lists them).
    """
    sources = list(store.iter_sources())
    exact = [s for s in sources if s.id == ref]
    if exact:
        return exact[0]
    hits = [s for s in sources if s.id.startswith(ref)] if ref.startswith("s-") else []
    if not hits:
        want = normalize(strip_quotes(ref))
        hits = [s for s in sources if normalize(s.name) == want]
        if not hits:
            hits = [s for s in sources if any(normalize(x) == want for x in s.aliases)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFoundError(f"no source {ref!r} in the store",
                            hint="`attribution sources` lists ids, names and aliases")
    listing = "; ".join(f"{s.id} {s.name} ({len(s.attribution_ids)} attr.)" for s in hits[:8])
    raise NotFoundError(f"{len(hits)} sources match {ref!r}: {listing}", hint="give the source id")


def merge_sources(store: Store, source: str, into: str, actor: str | None = None,
                  note: str | None = None) -> tuple[ReviewEvent, Source]:
    """Record that ``source`` is the same speaker as ``into`` and rebuild; returns the event and
    the merged source (it keeps ``into``'s id and name).

    Raises:
        NotFoundError: either reference matches no source or several.
        UsageError: both name the same source.
    """
    a, b = find_source(store, source), find_source(store, into)
    if a.id == b.id:
        raise UsageError(f"{a.id} ({a.name}) and {b.id} are the same source already")
    ev = ReviewEvent(actor=actor or reviewer_name(), action="merge_sources", target=a.id,
                     anchor={"keys": a.keys, "name": a.name, "into_keys": b.keys, "into_name": b.name},
                     before={"name": a.name, "attributions": len(a.attribution_ids)},
                     after={"into": b.id}, note=note)
    store.append_reviews([ev])
    sources, _ = rebuild(store)
    merged = next((s for s in sources if a.id in s.merged or s.id == b.id), None)
    return ev, merged or b


def split_source(store: Store, source: str, aliases: list[str] = (), attributions: list[str] = (),
                 actor: str | None = None, note: str | None = None) -> tuple[ReviewEvent, list[Source]]:
    """Move mentions out of a source into a source of their own, and rebuild.

    ``aliases``: every mention written that way (after Arabic folding) leaves, e.g. a surname that
    the alias rules joined to the wrong full name, or a source merged in by mistake (its name).
    ``attributions``: single attributions (ids or unique id prefixes) leave, e.g. one quote of
    another person with the same name. Returns the event and the sources that now hold the moved
    mentions and the rest.

    Raises:
        NotFoundError: the source, an alias or an attribution is not in it.
        UsageError: neither aliases nor attributions are given, or they cover the whole source.
    """
    if not aliases and not attributions:
        raise UsageError("say what leaves the source: --alias NAME or --attribution ID")
    src = find_source(store, source)
    atts = {a.id: a for a in reviewed_attributions(store) if a.id in set(src.attribution_ids)}
    key_of = key_function()
    keys: set[str] = set()
    for alias in aliases:
        want = normalize(strip_quotes(alias))
        hit = {key_of(a) for a in atts.values() if normalize(a.source_name or "") == want}
        if not hit:
            names = sorted({a.source_name or "?" for a in atts.values()})
            raise NotFoundError(f"source {src.id} has no mention named {alias!r}",
                                hint="its names are: " + "، ".join(names))
        keys |= hit
    picked: list[Attribution] = []
    for ref in attributions:
        hits = [a for aid, a in atts.items() if aid == ref or aid.startswith(ref)]
        if len(hits) != 1:
            raise NotFoundError(f"attribution {ref!r} is {'not in' if not hits else 'ambiguous in'} source {src.id}",
                                hint="`attribution sources --format json` lists its attribution ids")
        picked.append(hits[0])
    leaving = {a.id for a in picked} | {aid for aid, a in atts.items() if keys and key_of(a) in keys}
    if len(leaving) >= len(atts):
        raise UsageError(f"that would move every mention of {src.id} ({src.name}); nothing to split")
    after: dict = {}
    if keys:
        after["keys"] = sorted(keys)
    if picked:
        after["attributions"] = [a.id for a in picked]
        after["anchors"] = [{"doc_id": a.doc_id, "cue_start": a.cue.start, "cue_text": a.cue.text} for a in picked]
    ev = ReviewEvent(actor=actor or reviewer_name(), action="split_source", target=src.id,
                     anchor={"keys": src.keys, "name": src.name}, before={"name": src.name}, after=after, note=note)
    store.append_reviews([ev])
    sources, _ = rebuild(store)
    touched = [s for s in sources if set(s.attribution_ids) & set(atts)]
    return ev, touched
