"""The report as Markdown, to paste into a ticket or a fact-check note.

GitHub-flavoured tables. Article-derived text is escaped so that it stays
text wherever it is pasted: Markdown punctuation gets a backslash, ``<``,
``>`` and ``&`` become entities (ticket systems render raw HTML), and line
breaks inside a cell become spaces. Long claim texts are kept whole: the
reader must see what was claimed.
"""
from __future__ import annotations

import re

from .model import AuditReport

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!])")


def md(s: object) -> str:
    """Text made inert for a Markdown table cell or paragraph."""
    text = "" if s is None else str(s)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _table(head: list[str], rows: list[list[object]], right: set[int] = frozenset()) -> list[str]:
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|"]
    for r in rows:
        out.append("| " + " | ".join(md(c) if isinstance(c, str) else str(c) for c in r) + " |")
    return out


def _filters(r: AuditReport) -> str:
    f = r.filters
    parts = []
    if f.outlet:
        parts.append("outlet " + ", ".join(f.outlet))
    if f.since:
        parts.append(f"since {f.since}")
    if f.until:
        parts.append(f"until {f.until}")
    if f.status:
        parts.append("status " + ", ".join(f.status))
    if f.source:
        parts.append("source " + ", ".join(f.source))
    return md("; ".join(parts)) if parts else "none (the whole store)"


def _versions(r: AuditReport) -> str:
    v = r.versions
    bits = [f"attribution {v.tool}", f"store schema {v.schema_version}"]
    if v.annotator:
        ann = f"annotator {v.annotator}"
        if v.stanza:
            ann += f" (stanza {v.stanza}"
            if v.models:
                ann += "; models " + ", ".join(f"{k}={p}" for k, p in sorted(v.models.items()))
            ann += ")"
        if v.extracted_by:
            ann += f", extracted by attribution {v.extracted_by}"
        bits.append(ann)
    else:
        bits.append("annotator not recorded in the store")
    return md("; ".join(bits))


def render(report: AuditReport, table: str | None = None) -> bytes:
    r, s = report, report.summary
    lines = ["# Source audit report", "",
             f"Generated {r.generated_at} · {_versions(r)} · format {r.format} v{r.version}", "",
             f"Filters: {_filters(r)}", "", "## Summary", ""]
    lines += _table(["", "count"], [
        ["Documents", s.documents], ["Attributions", s.attributions], ["Claims", s.claims],
        ["Sources", s.sources], ["Named sources", s.named_sources], ["Anonymous sources", s.anonymous_sources],
        ["Claims on a single source", s.single_source_claims],
        ["Documents without a date", s.documents_without_date]], right={1})
    lines += ["", f"**{pct(s.anonymous_share)}** of attributions ({s.anonymous_attributions} of {s.attributions}) "
                  f"rest on unnamed sources; {s.single_source_claims} of {s.claims} claims stand on one "
                  "source only.", ""]
    rv = s.review
    lines += [f"Review status: {rv.accepted} accepted, {rv.edited} edited, {rv.unreviewed} unreviewed, "
              f"{rv.rejected} rejected.", "", "### Attributions by source type", ""]
    lines += _table(["type", "attributions", "anonymous"],
                    [[t.type, t.attributions, t.anonymous] for t in s.by_source_type], right={1, 2})
    lines += ["", "### By outlet", ""]
    lines += _table(["outlet", "documents", "attributions", "anonymous"],
                    [[o.outlet, o.documents, o.attributions, o.anonymous] for o in s.by_outlet], right={1, 2, 3})
    lines += ["", "### Claims by number of independent sources", ""]
    lines += _table(["independent sources", "claims"],
                    [[c.independent_sources, c.claims] for c in s.claims_by_independent_sources], right={0, 1})
    lines += ["", f"## Sources ({len(r.sources)})", ""]
    lines += _table(
        ["#", "source", "type", "named", "attributions", "documents", "claims", "share", "first seen",
         "last seen", "role / affiliation", "aliases", "review (acc/edit/unrev)"],
        [[i, x.name, x.type, "no" if x.anonymous else "yes", x.attributions, x.documents, x.claims, pct(x.share),
          x.first_seen or "—", x.last_seen or "—", " / ".join(filter(None, ["; ".join(x.roles),
                                                                           "; ".join(x.affiliations)])) or "—",
          "; ".join(x.aliases) or "—", f"{x.review.accepted}/{x.review.edited}/{x.review.unreviewed}"]
         for i, x in enumerate(r.sources, 1)], right={0, 4, 5, 6, 7})
    lines += ["", f"## Claims, weakest support first ({len(r.claims)})", ""]
    lines += _table(
        ["#", "claim", "independent", "named", "anonymous", "grade", "sources", "conflicts with", "documents"],
        [[i, c.text, c.independent_sources, c.named_sources, c.anonymous_sources, c.grade,
          "; ".join(b.name for b in c.sources) or "—", ", ".join(c.conflicts_with) or "—",
          ", ".join(c.documents)] for i, c in enumerate(r.claims, 1)], right={0, 2, 3, 4})
    lines.append("")
    return "\n".join(lines).encode("utf-8")
