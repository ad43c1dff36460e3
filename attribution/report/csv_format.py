"""CSV tables of the report, for spreadsheets.

UTF-8 with a byte-order mark, so Excel opens Arabic correctly by double-click,
and CRLF line ends (RFC 4180). Article text is untrusted: a cell that starts
with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) would run as a
formula in a spreadsheet, so it gets a leading apostrophe, which spreadsheets
show as text. Only text cells are guarded; numbers are written as numbers.
Lists inside a cell are joined with `` | ``.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from .model import AuditReport

#: the tables, in file order
TABLES = ("summary", "sources", "claims", "outlets", "source_types")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_JOIN = " | "


def neutralise(cell: Any) -> Any:
    """A text cell that a spreadsheet will not evaluate (``=HYPERLINK(...)`` → ``'=HYPERLINK(...)``)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return neutralise(_JOIN.join(str(x) for x in v))
    return neutralise(v)


def _summary(r: AuditReport) -> Iterable[list]:
    s = r.summary
    yield ["metric", "value"]
    yield ["format", r.format]
    yield ["version", r.version]
    yield ["generated_at", r.generated_at]
    for k, v in r.versions.model_dump().items():
        if k == "models":
            v = [f"{p}={pkg}" for p, pkg in sorted(v.items())]
        yield [f"versions.{k}", v]
    for k, v in r.filters.model_dump().items():
        yield [f"filters.{k}", v]
    for k in ("documents", "documents_without_date", "attributions", "claims", "sources", "named_sources",
              "anonymous_sources", "named_attributions", "anonymous_attributions", "anonymous_share",
              "single_source_claims"):
        yield [k, getattr(s, k)]
    for k, v in s.review.model_dump().items():
        yield [f"review.{k}", v]
    for row in s.claims_by_independent_sources:
        yield [f"claims_with_independent_sources.{row.independent_sources}", row.claims]


def _sources(r: AuditReport) -> Iterable[list]:
    yield ["id", "name", "aliases", "type", "anonymous", "roles", "affiliations", "attributions", "documents",
           "claims", "share", "first_seen", "last_seen", "accepted", "edited", "unreviewed", "rejected"]
    for s in r.sources:
        yield [s.id, s.name, s.aliases, s.type, s.anonymous, s.roles, s.affiliations, s.attributions, s.documents,
               s.claims, s.share, s.first_seen, s.last_seen, s.review.accepted, s.review.edited,
               s.review.unreviewed, s.review.rejected]


def _claims(r: AuditReport) -> Iterable[list]:
    yield ["id", "text", "independent_sources", "named_sources", "anonymous_sources", "grade", "sources",
           "source_ids", "conflicts_with", "documents", "attributions", "attributions_selected"]
    for c in r.claims:
        yield [c.id, c.text, c.independent_sources, c.named_sources, c.anonymous_sources, c.grade,
               [b.name for b in c.sources], [b.id for b in c.sources], c.conflicts_with, c.documents,
               c.attributions, c.attributions_selected]


def _outlets(r: AuditReport) -> Iterable[list]:
    yield ["outlet", "documents", "attributions", "anonymous"]
    for o in r.summary.by_outlet:
        yield [o.outlet, o.documents, o.attributions, o.anonymous]


def _source_types(r: AuditReport) -> Iterable[list]:
    yield ["type", "attributions", "anonymous"]
    for t in r.summary.by_source_type:
        yield [t.type, t.attributions, t.anonymous]


_ROWS = {"summary": _summary, "sources": _sources, "claims": _claims, "outlets": _outlets,
         "source_types": _source_types}


def render(report: AuditReport, table: str | None, delimiter: str = ",", bom: bool = True) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in _ROWS[table or TABLES[0]](report):
        w.writerow([_cell(v) for v in row])
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")
