"""attribution sources / claims / claim ID / show DOC_ID: read the store."""
from __future__ import annotations

from collections import defaultdict

from rich.table import Table
from rich.text import Text

from ..errors import NotFoundError
from ..models import SOURCE_TYPES
from . import _common as c


def register(sub) -> None:
    p = sub.add_parser("sources", help="who is quoted, how often, named or not",
                       description="The source registry with counts per source.")
    c.add_format(p)
    p.add_argument("--type", choices=SOURCE_TYPES, help="only sources of this type")
    p.add_argument("--anonymous", action="store_true", help="only unnamed sources")
    p.add_argument("--named", action="store_true", help="only named sources")
    p.set_defaults(func=run_sources)

    p = sub.add_parser("claims", help="claims across documents with their backing sources",
                       description="Claims (ANNOTATION.md §6) with backing attributions, independent sources "
                                   "and a corroboration grade.")
    c.add_format(p)
    p.add_argument("--min-sources", type=int, default=0, metavar="N", help="only claims with N+ independent sources")
    p.set_defaults(func=run_claims)

    p = sub.add_parser("claim", help="one claim, every attribution backing it, and its grade")
    p.add_argument("claim_id", metavar="CLAIM_ID")
    c.add_format(p)
    p.set_defaults(func=run_claim)

    p = sub.add_parser("show", help="a stored document with its attributions highlighted")
    p.add_argument("doc_id", metavar="DOC_ID")
    p.set_defaults(func=run_show)


def _source_rows(st):
    from ..tracker import linked_attributions

    atts = linked_attributions(st)
    claims_of = defaultdict(set)
    for a in atts:
        if a.source_id and a.claim_id:
            claims_of[a.source_id].add(a.claim_id)
    rows = []
    for s in st.iter_sources():
        rows.append({"id": s.id, "name": s.name, "type": s.type, "anonymous": s.anonymous,
                     "aliases": s.aliases, "roles": s.roles, "affiliations": s.affiliations,
                     "attributions": len(s.attribution_ids), "documents": len(s.doc_ids),
                     "claims": len(claims_of.get(s.id, ())), "first_seen": s.first_seen, "last_seen": s.last_seen})
    return rows


def run_sources(args) -> int:
    with c.store(args, write=False) as st:
        rows = _source_rows(st)
    if args.type:
        rows = [r for r in rows if r["type"] == args.type]
    if args.anonymous:
        rows = [r for r in rows if r["anonymous"]]
    if args.named:
        rows = [r for r in rows if not r["anonymous"]]
    if args.format == "json":
        c.print_json(rows)
        return 0
    t = Table(title=f"{len(rows)} source(s)", show_lines=False)
    for col in ("source", "type", "named", "attr.", "docs", "claims", "role / affiliation"):
        t.add_column(col, justify="right" if col in ("attr.", "docs", "claims") else "left")
    for r in rows:
        t.add_row(Text(r["name"]), r["type"], "no" if r["anonymous"] else "yes", str(r["attributions"]),
                  str(r["documents"]), str(r["claims"]), Text(" / ".join(filter(None, ["; ".join(r["roles"]),
                                                                                 "; ".join(r["affiliations"])]))))
    c.stdout.print(t)
    return 0


def _claim_record(claim, atts_by_id) -> dict:
    return {
        "claim_id": claim.id, "text": claim.text,
        "attributions": [
            {"doc_id": a.doc_id, "cue": a.cue.record(), "content": a.content.record(),
             "source_name": a.source_name, "via": a.via, "attribution_id": a.id, "status": a.status}
            for a in (atts_by_id[i] for i in claim.attribution_ids if i in atts_by_id)],
        "sources": claim.sources, "independent_sources": claim.independent_sources,
        "named_sources": claim.named_sources, "anonymous_sources": claim.anonymous_sources,
        "conflicts_with": claim.conflicts_with, "grade": claim.grade, "documents": claim.doc_ids,
    }


def run_claims(args) -> int:
    from ..tracker import linked_attributions

    with c.store(args, write=False) as st:
        atts = {a.id: a for a in linked_attributions(st)}
        claims = [cl for cl in st.iter_claims() if cl.independent_sources >= args.min_sources]
    if args.format == "json":
        c.print_json([_claim_record(cl, atts) for cl in claims])
        return 0
    t = Table(title=f"{len(claims)} claim(s)")
    for col in ("claim", "indep.", "grade", "sources", "text"):
        t.add_column(col)
    for cl in claims:
        t.add_row(cl.id, str(cl.independent_sources), cl.grade, Text("، ".join(cl.sources)),
                  Text(cl.text[:90] + ("…" if len(cl.text) > 90 else "")))
    c.stdout.print(t)
    return 0


def run_claim(args) -> int:
    from ..tracker import linked_attributions

    with c.store(args, write=False) as st:
        claim = st.get_claim(args.claim_id)
        atts = {a.id: a for a in linked_attributions(st)}
        docs = {a.doc_id: st.get_document(a.doc_id) for a in atts.values() if a.id in claim.attribution_ids}
    rec = _claim_record(claim, atts)
    if args.format == "json":
        c.print_json(rec)
        return 0
    c.stdout.print(Text(f"claim {claim.id}: {claim.grade}; {claim.independent_sources} independent source(s)",
                        style="bold"))
    c.stdout.print(Text(claim.text))
    for aid in claim.attribution_ids:
        a = atts.get(aid)
        if a is None:
            continue
        doc = docs[a.doc_id]
        s, e = _sentence_bounds(doc.text, a)
        c.stdout.print(Text(f"\n[{a.doc_id}] {a.source_name or '?'} ({a.source_type}"
                            f"{', anonymous' if a.anonymous else ''}) via {a.via or '-'}: {a.status}", style="bold"))
        c.stdout.print(_highlight(doc.text, [a], s, e))
    return 0


def _sentence_bounds(text: str, a) -> tuple[int, int]:
    lo = min(a.cue.start, a.content.start, a.source.start if a.source else a.cue.start)
    hi = max(a.cue.end, a.content.end, a.source.end if a.source else a.cue.end)
    s = text.rfind("\n", 0, lo) + 1
    e = text.find("\n", hi)
    return s, (len(text) if e < 0 else e)


def _highlight(text: str, atts, start: int = 0, end: int | None = None) -> Text:
    end = len(text) if end is None else end
    out = Text(text[start:end])
    for a in atts:
        for span, style in ((a.content, "green"), (a.source, "bold cyan"), (a.cue, "bold yellow reverse")):
            if span is not None and span.start >= start and span.end <= end:
                out.stylize(style, span.start - start, span.end - start)
    return out


def run_show(args) -> int:
    from ..tracker import linked_attributions

    with c.store(args, write=False) as st:
        try:
            doc = st.get_document(args.doc_id)
        except NotFoundError as e:
            raise NotFoundError(f"no document {args.doc_id!r} in the store",
                                hint="`attribution sources` or `attribution claims` list what is there") from e
        atts = [a for a in linked_attributions(st) if a.doc_id == doc.id]
    head = " | ".join(x for x in (doc.id, doc.title, doc.outlet, doc.date) if x)
    c.stdout.print(Text(head, style="bold"))
    c.stdout.print(Text("legend: ") + Text("cue", style="bold yellow reverse") + Text(" ") +
                   Text("source", style="bold cyan") + Text(" ") + Text("content", style="green"))
    c.stdout.print(_highlight(doc.text, atts))
    t = Table(title=f"{len(atts)} attribution(s)")
    for col in ("#", "kind", "cue", "source", "name", "type", "status"):
        t.add_column(col)
    for i, a in enumerate(atts, 1):
        t.add_row(str(i), a.kind, Text(a.cue.text), Text(a.source.text if a.source else "—"),
                  Text(a.source_name or "?"), a.source_type + (" (anon.)" if a.anonymous else ""), a.status)
    c.stdout.print(t)
    return 0
