"""The audit report as data: what every format renders, built once from a store.

:func:`build_report` reads a store (documents, reviewed and linked
attributions, the source registry, the claims) and returns an
:class:`AuditReport`. It only reads; the renderers in this package turn the
report into bytes and never look at the store themselves, so every format
says the same thing.

How filters apply, in one place:

* ``outlet``, ``since``/``until`` select *documents* (the corpus in scope).
  A date filter leaves out documents without a date, and the report counts them.
* ``status`` and ``source`` select *attributions* inside those documents.
* Counts, shares, per-source figures and the charts are computed over the
  selected attributions. Rejected attributions are machine errors a reviewer
  threw out: they appear only in the review-status counts (unless
  ``status=rejected`` is asked for explicitly).
* A claim is listed when at least one of its attributions is selected. Its
  corroboration (backing sources, counts, grade, conflicts, documents) is the
  stored claim's, i.e. across the whole store, because that is what a reader
  needs to judge it; ``attributions_selected`` says how much of it is in scope.

What the report does not do: re-resolve sources or re-cluster claims (that is
:mod:`attribution.resolve` and :mod:`attribution.claims`), or change the store.
"""
from __future__ import annotations

import contextlib
import gc
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from typing import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..arabic import normalize
from ..errors import UsageError
from ..models import SOURCE_TYPES, STATUSES, Attribution, Claim, Document, Source
from ..store import Store

#: the canonical JSON's ``format`` field; ``FORMAT_VERSION`` bumps on any incompatible change
FORMAT_NAME = "attribution-audit-report"
FORMAT_VERSION = 1
NO_OUTLET = "(no outlet)"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Filters(_Frozen):
    """What the report was narrowed to; empty means everything in the store."""

    outlet: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    status: tuple[str, ...] = ()
    source: tuple[str, ...] = ()

    @classmethod
    def parse(cls, outlet: Iterable[str] = (), since: str | None = None, until: str | None = None,
              status: Iterable[str] = (), source: Iterable[str] = ()) -> "Filters":
        """Filters from user input, checked.

        Raises:
            UsageError: a date that is not YYYY-MM-DD, since after until, or an unknown status.
        """
        for label, value in (("--since", since), ("--until", until)):
            if value is not None:
                try:
                    date.fromisoformat(value)
                except ValueError as e:
                    raise UsageError(f"{label} {value!r} is not a date (use YYYY-MM-DD)") from e
        if since and until and since > until:
            raise UsageError(f"--since {since} is after --until {until}")
        bad = [s for s in status if s not in STATUSES]
        if bad:
            raise UsageError(f"unknown review status {bad[0]!r} (choose from {', '.join(STATUSES)})")
        return cls(outlet=tuple(outlet), since=since, until=until, status=tuple(status), source=tuple(source))

    @property
    def empty(self) -> bool:
        return not (self.outlet or self.since or self.until or self.status or self.source)


class Versions(_Frozen):
    """Which software and data layout produced the report and the attributions in it."""

    tool: str
    schema_version: int
    store_created_by: str | None = None
    annotator: str | None = None
    extracted_by: str | None = None
    stanza: str | None = None
    models: dict[str, str] = Field(default_factory=dict)


class TypeCount(_Frozen):
    type: str
    attributions: int
    anonymous: int


class OutletRow(_Frozen):
    outlet: str
    documents: int
    attributions: int
    anonymous: int


class ReviewCounts(_Frozen):
    accepted: int = 0
    edited: int = 0
    unreviewed: int = 0
    rejected: int = 0


class ClaimsBySources(_Frozen):
    independent_sources: int
    claims: int


class Summary(_Frozen):
    documents: int
    #: documents of the selected outlets without an ISO date (a --since/--until filter leaves them out)
    documents_without_date: int
    attributions: int
    claims: int
    sources: int
    named_sources: int
    anonymous_sources: int
    named_attributions: int
    anonymous_attributions: int
    #: anonymous attributions / attributions, 0..1 (0 when there are none)
    anonymous_share: float
    single_source_claims: int
    by_source_type: list[TypeCount]
    by_outlet: list[OutletRow]
    review: ReviewCounts
    claims_by_independent_sources: list[ClaimsBySources]


class SourceRow(_Frozen):
    id: str
    name: str
    aliases: list[str]
    type: str
    anonymous: bool
    roles: list[str]
    affiliations: list[str]
    attributions: int
    documents: int
    claims: int
    #: this source's attributions / all selected attributions, 0..1
    share: float
    first_seen: str | None
    last_seen: str | None
    review: ReviewCounts


class BackingSource(_Frozen):
    id: str
    name: str
    anonymous: bool


class ClaimRow(_Frozen):
    id: str
    #: the claim as first written in the corpus (stored text, not the matching form)
    text: str
    match_text: str
    sources: list[BackingSource]
    independent_sources: int
    named_sources: int
    anonymous_sources: int
    grade: str
    conflicts_with: list[str]
    documents: list[str]
    attributions: int
    attributions_selected: int


class AuditReport(_Frozen):
    """The whole report; its JSON dump is the canonical format (see schema/)."""

    format: str = FORMAT_NAME
    version: int = FORMAT_VERSION
    generated_at: str
    versions: Versions
    filters: Filters
    summary: Summary
    sources: list[SourceRow]
    claims: list[ClaimRow]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole store is turned into models.

    Reading a large store allocates hundreds of thousands of short-lived objects
    and no reference cycles worth collecting; the collector's repeated passes over
    them took half the report time on a 10,000-document store (see
    ``benchmarks/report_speed.py``). The previous state is restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fold(s: str) -> str:
    return normalize(s).casefold()


def _day(d: Document) -> str | None:
    """The document's ISO day (``2018-11-28``), or None when it has no date in ISO form."""
    if not d.date:
        return None
    try:
        return date.fromisoformat(d.date.strip()[:10]).isoformat()
    except ValueError:
        return None


def _doc_selected(d: Document, day: str | None, f: Filters, outlets: set[str]) -> bool:
    """Whether a document is in scope (``outlets`` are folded names; empty means any)."""
    if outlets and _fold(d.outlet or "") not in outlets:
        return False
    if f.since or f.until:
        if day is None or (f.since and day < f.since) or (f.until and day > f.until):
            return False
    return True


def _source_matches(s: Source, wanted_ids: set[str], wanted_names: set[str]) -> bool:
    return s.id in wanted_ids or any(_fold(n) in wanted_names for n in (s.name, *s.aliases))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _review(atts: Iterable[Attribution]) -> ReviewCounts:
    c = Counter(a.status for a in atts)
    return ReviewCounts(**{k: c.get(k, 0) for k in STATUSES})


def _versions(store: Store, tool_version: str | None) -> Versions:
    meta = store.meta()
    ext = meta.get("extraction") or {}
    return Versions(tool=tool_version or __version__, schema_version=store.schema_version(),
                    store_created_by=meta.get("tool_version"), annotator=ext.get("annotator"),
                    extracted_by=ext.get("tool_version"), stanza=ext.get("stanza"),
                    models=dict(ext.get("models") or {}))


def build_report(store: Store, filters: Filters | None = None, *, generated_at: datetime | None = None,
                 tool_version: str | None = None) -> AuditReport:
    """The audit report of ``store`` narrowed by ``filters``.

    Args:
        generated_at: the report's time stamp (default: now, UTC); fixed in tests and reproducible builds.
        tool_version: the version written as the report's tool (default: this package's).

    Raises:
        UsageError: ``filters.source`` names no source in the store.
        StoreError: the store cannot be read.
    """
    with paused_gc():
        return _build(store, filters or Filters(), generated_at, tool_version)


def _build(store: Store, f: Filters, generated_at: datetime | None, tool_version: str | None) -> AuditReport:
    from ..tracker import linked_attributions  # the reviewed view, with source and claim ids

    outlets = {_fold(o) for o in f.outlet}
    docs = {d.id: d for d in store.iter_documents()}
    days = {i: _day(d) for i, d in docs.items()}
    in_scope = {i: d for i, d in docs.items() if _doc_selected(d, days[i], f, outlets)}
    undated = sum(1 for i, d in docs.items() if days[i] is None and _doc_selected(d, None, Filters(), outlets))
    sources = {s.id: s for s in store.iter_sources()}
    claims = list(store.iter_claims())

    wanted_sources: set[str] | None = None
    if f.source:
        ids, names = set(f.source), {_fold(n) for n in f.source}
        wanted_sources = {s.id for s in sources.values() if _source_matches(s, ids, names)}
        if not wanted_sources:
            raise UsageError(f"no source matches {', '.join(f.source)}",
                             hint="`attribution sources` lists names and ids")

    in_docs = [a for a in linked_attributions(store) if a.doc_id in in_scope]
    if wanted_sources is not None:
        in_docs = [a for a in in_docs if a.source_id in wanted_sources]
    review = _review(in_docs)
    if f.status:
        selected = [a for a in in_docs if a.status in f.status]
    else:
        selected = [a for a in in_docs if a.status != "rejected"]

    by_source: dict[str, list[Attribution]] = defaultdict(list)
    for a in selected:
        if a.source_id in sources:
            by_source[a.source_id].append(a)
    selected_of_claim = Counter(a.claim_id for a in selected if a.claim_id)

    source_rows = [_source_row(sources[sid], atts, days, len(selected)) for sid, atts in by_source.items()]
    source_rows.sort(key=lambda r: (-r.attributions, r.name, r.id))

    first_text = _first_texts(selected, days)
    claim_rows = [_claim_row(c, sources, first_text, selected_of_claim[c.id])
                  for c in claims if selected_of_claim.get(c.id)]
    # weakest support first: the claims a fact-checker has to look at
    claim_rows.sort(key=lambda r: (r.independent_sources, -r.attributions_selected, r.id))

    summary = _summary(in_scope, undated, selected, review, source_rows, claim_rows)
    stamp = (generated_at or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    return AuditReport(generated_at=stamp.isoformat().replace("+00:00", "Z"),
                       versions=_versions(store, tool_version), filters=f, summary=summary,
                       sources=source_rows, claims=claim_rows)


def _first_texts(selected: list[Attribution], days: dict[str, str | None]) -> dict[str, str]:
    """Each claim's content as first written (earliest document, then text position)."""
    out: dict[str, tuple] = {}
    for a in selected:
        if not a.claim_id:
            continue
        key = (days[a.doc_id] or "9999", a.doc_id, a.content.start)
        if a.claim_id not in out or key < out[a.claim_id][0]:
            out[a.claim_id] = (key, a.content.text)
    return {cid: v[1] for cid, v in out.items()}


def _source_row(s: Source, atts: list[Attribution], day_of: dict[str, str | None], total: int) -> SourceRow:
    days = sorted({d for d in (day_of[a.doc_id] for a in atts) if d})
    return SourceRow(
        id=s.id, name=s.name, aliases=list(s.aliases), type=s.type, anonymous=s.anonymous,
        roles=list(s.roles), affiliations=list(s.affiliations), attributions=len(atts),
        documents=len({a.doc_id for a in atts}), claims=len({a.claim_id for a in atts if a.claim_id}),
        share=_share(len(atts), total), first_seen=days[0] if days else None,
        last_seen=days[-1] if days else None, review=_review(atts))


def _claim_row(c: Claim, sources: dict[str, Source], first_text: dict[str, str], n_selected: int) -> ClaimRow:
    backing = [BackingSource(id=sid, name=sources[sid].name, anonymous=sources[sid].anonymous)
               if sid in sources else BackingSource(id=sid, name=sid, anonymous=False)
               for sid in c.source_ids]
    return ClaimRow(
        id=c.id, text=first_text.get(c.id, c.text), match_text=c.text, sources=backing,
        independent_sources=c.independent_sources, named_sources=c.named_sources,
        anonymous_sources=c.anonymous_sources, grade=c.grade, conflicts_with=sorted(c.conflicts_with),
        documents=sorted(c.doc_ids), attributions=len(c.attribution_ids), attributions_selected=n_selected)


def _summary(docs: dict[str, Document], undated: int, selected: list[Attribution], review: ReviewCounts,
             source_rows: list[SourceRow], claim_rows: list[ClaimRow]) -> Summary:
    n = len(selected)
    anon = sum(a.anonymous for a in selected)
    types = Counter(a.source_type for a in selected)
    types_anon = Counter(a.source_type for a in selected if a.anonymous)
    order = {t: i for i, t in enumerate(SOURCE_TYPES)}
    by_type = [TypeCount(type=t, attributions=k, anonymous=types_anon[t]) for t, k in
               sorted(types.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))]
    out_docs: Counter = Counter(d.outlet or NO_OUTLET for d in docs.values())
    out_atts: Counter = Counter()
    out_anon: Counter = Counter()
    for a in selected:
        o = docs[a.doc_id].outlet or NO_OUTLET
        out_atts[o] += 1
        out_anon[o] += a.anonymous
    by_outlet = [OutletRow(outlet=o, documents=out_docs[o], attributions=out_atts[o], anonymous=out_anon[o])
                 for o in sorted(out_docs, key=lambda o: (-out_atts[o], -out_docs[o], o))]
    per_n = Counter(r.independent_sources for r in claim_rows)
    return Summary(
        documents=len(docs), documents_without_date=undated, attributions=n, claims=len(claim_rows),
        sources=len(source_rows), named_sources=sum(not r.anonymous for r in source_rows),
        anonymous_sources=sum(r.anonymous for r in source_rows), named_attributions=n - anon,
        anonymous_attributions=anon, anonymous_share=_share(anon, n),
        single_source_claims=sum(1 for r in claim_rows if r.independent_sources <= 1),
        by_source_type=by_type, by_outlet=by_outlet, review=review,
        claims_by_independent_sources=[ClaimsBySources(independent_sources=k, claims=v)
                                       for k, v in sorted(per_n.items())])
