"""attribution sources / claims / claim ID / show DOC_ID: read the store."""
from __future__ import annotations

from collections import defaultdict

from rich.table import Table
from rich.text import Text

from ..errors import NotFoundError
from ..models import SOURCE_TYPES
from . import _common as c


def register(sub) -> None:
    p = sub.add_parser("sources", help="who is quoted, how often, named or not; merge and split sources",
                       description="Without ACTION: the source registry with counts per source (attributions, "
                                   "documents, claims backed as an original source). "
                                   "Unnamed and unresolved mentions (مصادر محلية, المصدر) are description groups "
                                   "across documents, marked 'group'. Subcommands record manual fixes as review "
                                   "events, so they survive re-extraction.")
    c.add_format(p)
    p.add_argument("--type", choices=SOURCE_TYPES, help="only sources of this type")
    p.add_argument("--anonymous", action="store_true", help="only unnamed sources")
    p.add_argument("--named", action="store_true", help="only named sources")
    p.add_argument("--min-docs", type=int, default=0, metavar="N", help="only sources quoted in N+ documents")
    p.set_defaults(func=run_sources)
    ssub = p.add_subparsers(dest="sources_action", metavar="ACTION", parser_class=type(p))

    m = ssub.add_parser("merge", help="record that source A is the same speaker as source B",
                        description="Merge source A into source B (B keeps its id and name). A and B are source "
                                    "ids (or unique id prefixes) or names/aliases as listed by `attribution "
                                    "sources`. Stored as a merge_sources review event and replayed on every "
                                    "rebuild; undo it with `attribution sources split B --alias NAME-OF-A`.")
    m.add_argument("source", metavar="A")
    m.add_argument("into", metavar="B")
    m.add_argument("--note", help="why (kept with the review event)")
    c.add_format(m)
    m.set_defaults(func=run_merge)

    x = ssub.add_parser("split", help="move mentions out of a source into a source of their own",
                        description="Split a source: --alias NAME moves every mention written NAME (matched after "
                                    "Arabic folding) out, e.g. a surname the alias rules joined to the wrong full "
                                    "name, or a source merged in by mistake; --attribution ID moves single "
                                    "attributions out (ids or unique prefixes, from `attribution sources --format "
                                    "json` or `attribution show DOC_ID`). The moved mentions become one new source. "
                                    "Stored as a split_source review event and replayed on every rebuild.")
    x.add_argument("source", metavar="SOURCE")
    x.add_argument("--alias", action="append", default=[], metavar="NAME", help="a name of mentions to move "
                                                                                 "(repeatable)")
    x.add_argument("--attribution", action="append", default=[], metavar="ID", help="an attribution to move "
                                                                                     "(repeatable)")
    x.add_argument("--note", help="why (kept with the review event)")
    c.add_format(x)
    x.set_defaults(func=run_split)

    r = ssub.add_parser("rebuild", help="recompute sources and claims from the stored attributions",
                        description="Recompute the source registry and the claims without re-extracting (after "
                                    "editing a bodies file, for instance), and print registry statistics. "
                                    "Known bodies come from the package, <config dir>/bodies.json and "
                                    "$ATTRIBUTION_BODIES; --bodies adds files for this rebuild only (the next "
                                    "`extract` reads the lasting ones).")
    r.add_argument("--bodies", action="append", default=[], metavar="FILE",
                   help="an extra bodies file (format: attribution/data/bodies.json; repeatable)")
    c.add_format(r)
    r.set_defaults(func=run_rebuild)

    p = sub.add_parser("claims", help="claims across documents with their backing sources",
                       description="Claims (ANNOTATION.md §6) with backing attributions, independent sources, "
                                   "conflicting claims and a corroboration grade: single anonymous source < single "
                                   "named source < several anonymous sources < several sources, one side < "
                                   "independent confirmation.")
    c.add_format(p)
    p.add_argument("--min-sources", type=int, default=0, metavar="N", help="only claims with N+ independent sources")
    p.add_argument("--multi-doc", action="store_true", help="only claims made in two or more documents")
    p.add_argument("--conflicting", action="store_true", help="only claims with a conflicting claim")
    p.set_defaults(func=run_claims)

    p = sub.add_parser("claim", help="one claim, every attribution backing it, and its grade")
    p.add_argument("claim_id", metavar="CLAIM_ID", help="a claim id or a unique prefix of one (c-5f2a)")
    c.add_format(p)
    p.set_defaults(func=run_claim)

    p = sub.add_parser("show", help="a stored document with its attributions highlighted")
    p.add_argument("doc_id", metavar="DOC_ID")
    p.set_defaults(func=run_show)


def _source_record(s, claims_of) -> dict:
    return {"id": s.id, "name": s.name, "type": s.type, "anonymous": s.anonymous, "group": s.group,
            "aliases": s.aliases, "roles": s.roles, "affiliations": s.affiliations,
            "attributions": len(s.attribution_ids), "documents": len(s.doc_ids),
            "claims": len(claims_of.get(s.id, ())), "first_seen": s.first_seen, "last_seen": s.last_seen,
            "doc_counts": s.doc_counts, "outlets": s.outlets, "merged": s.merged, "keys": s.keys,
            "attribution_ids": s.attribution_ids}


def _source_rows(st):
    claims_of = defaultdict(set)
    for cl in st.iter_claims():
        for sid in cl.source_ids:
            claims_of[sid].add(cl.id)
    return [_source_record(s, claims_of) for s in st.iter_sources()]


def _source_table(rows, title: str) -> Table:
    t = Table(title=title, show_lines=False)
    for col in ("id", "source", "type", "named", "attr.", "docs", "claims", "role / affiliation / aliases"):
        t.add_column(col, justify="right" if col in ("attr.", "docs", "claims") else "left")
    for r in rows:
        kind = "group" if r["group"] else ("no" if r["anonymous"] else "yes")
        extra = [" / ".join(filter(None, ["; ".join(r["roles"][:2]), "; ".join(r["affiliations"][:2])]))]
        if r["aliases"]:
            extra.append("aka " + "، ".join(r["aliases"][:3]) + ("…" if len(r["aliases"]) > 3 else ""))
        t.add_row(r["id"], Text(r["name"]), r["type"], kind, str(r["attributions"]), str(r["documents"]),
                  str(r["claims"]), Text(" | ".join(x for x in extra if x)))
    return t


def run_sources(args) -> int:
    with c.store(args, write=False) as st:
        rows = _source_rows(st)
    if args.type:
        rows = [r for r in rows if r["type"] == args.type]
    if args.anonymous:
        rows = [r for r in rows if r["anonymous"]]
    if args.named:
        rows = [r for r in rows if not r["anonymous"] and not r["group"]]
    if args.min_docs:
        rows = [r for r in rows if r["documents"] >= args.min_docs]
    if args.format == "json":
        c.print_json(rows)
        return 0
    c.stdout.print(_source_table(rows, f"{len(rows)} source(s)"))
    return 0


def _print_sources(args, sources, st, title: str) -> None:
    claims_of = defaultdict(set)
    for cl in st.iter_claims():
        for sid in cl.source_ids:
            claims_of[sid].add(cl.id)
    rows = [_source_record(s, claims_of) for s in sources]
    if args.format == "json":
        c.print_json(rows)
    else:
        c.stdout.print(_source_table(rows, title))


def run_merge(args) -> int:
    from ..tracker import merge_sources

    with c.store(args, write=True) as st:
        ev, merged = merge_sources(st, args.source, args.into, note=args.note)
        _print_sources(args, [merged], st, f"merged {ev.target} into {merged.id} (review event {ev.id})")
    return 0


def run_split(args) -> int:
    from ..tracker import split_source

    with c.store(args, write=True) as st:
        ev, touched = split_source(st, args.source, aliases=args.alias, attributions=args.attribution,
                                   note=args.note)
        _print_sources(args, touched, st, f"split {ev.target} (review event {ev.id})")
    return 0


def run_rebuild(args) -> int:
    from ..resolve.bodies import load_bodies
    from ..tracker import derive

    bodies = load_bodies(args.bodies)
    with c.store(args, write=True) as st:
        reg, claims = derive(st, bodies)
        st.replace_sources(reg.sources)
        st.replace_claims(claims)
    stats = {"mention_names": reg.names, "matching_keys": reg.units, "after_alias_rules": reg.auto_sources,
             "sources": len(reg.sources), "alias_merges": len(reg.merges),
             "description_groups": sum(s.group for s in reg.sources), "claims": len(claims),
             "multi_document_claims": sum(len(cl.doc_ids) > 1 for cl in claims),
             "claims_with_conflicts": sum(bool(cl.conflicts_with) for cl in claims),
             "unapplied_manual_decisions": reg.unapplied, "bodies_files": bodies.sources}
    if args.format == "json":
        c.print_json(stats)
        return 0
    c.stdout.print(
        f"{stats['sources']} sources ({stats['description_groups']} description groups) from "
        f"{stats['mention_names']} distinct mention names: {stats['matching_keys']} after folding and known "
        f"variants, {stats['after_alias_rules']} after {stats['alias_merges']} alias merge(s), then manual "
        f"decisions; {stats['claims']} claims, {stats['multi_document_claims']} in several documents, "
        f"{stats['claims_with_conflicts']} with a conflict")
    if reg.unapplied:
        c.stderr.print(f"attribution: warning: {len(reg.unapplied)} manual source decision(s) found no source "
                       f"to apply to: {', '.join(reg.unapplied)}")
    return 0


def _find_claim(st, ref: str):
    try:
        return st.get_claim(ref)
    except NotFoundError:
        hits = [cl for cl in st.iter_claims() if cl.id.startswith(ref)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise NotFoundError(f"{len(hits)} claims start with {ref!r}: {', '.join(h.id for h in hits[:8])}",
                                hint="give more of the id") from None
        raise NotFoundError(f"no claim {ref!r} in the store",
                            hint="`attribution claims` lists the claims and their ids") from None


def _claim_record(claim, atts_by_id) -> dict:
    return {
        "claim_id": claim.id, "text": claim.text,
        "attributions": [
            {"doc_id": a.doc_id, "cue": a.cue.record(), "content": a.content.record(),
             "source": a.source.record() if a.source else None,
             "source_name": a.source_name, "source_type": a.source_type, "anonymous": a.anonymous,
             "via": a.via, "stance": a.stance, "attribution_id": a.id, "source_id": a.source_id,
             "status": a.status}
            for a in (atts_by_id[i] for i in claim.attribution_ids if i in atts_by_id)],
        "sources": claim.sources, "source_ids": claim.source_ids,
        "independent_sources": claim.independent_sources,
        "named_sources": claim.named_sources, "anonymous_sources": claim.anonymous_sources, "sides": claim.sides,
        "conflicts_with": claim.conflicts_with, "conflict_reasons": claim.conflict_reasons,
        "grade": claim.grade, "grade_level": claim.grade_level, "polarity": claim.polarity,
        "display_text": claim.display_text, "figures": claim.figures, "documents": claim.doc_ids,
        "outlets": claim.outlets, "relays": claim.relays,
    }


def run_claims(args) -> int:
    from ..tracker import linked_attributions

    with c.store(args, write=False) as st:
        claims = [cl for cl in st.iter_claims() if cl.independent_sources >= args.min_sources
                  and (not args.multi_doc or len(cl.doc_ids) > 1) and (not args.conflicting or cl.conflicts_with)]
        atts = {a.id: a for a in linked_attributions(st)} if args.format == "json" else {}
    if args.format == "json":
        c.print_json([_claim_record(cl, atts) for cl in claims])
        return 0
    t = Table(title=f"{len(claims)} claim(s)")
    for col in ("claim", "indep.", "grade", "docs", "sources", "text"):
        t.add_column(col, justify="right" if col in ("indep.", "docs") else "left")
    for cl in claims:
        text = ("(نفي) " if cl.polarity == "denied" else "") + (cl.display_text or cl.text)
        grade = cl.grade + (f" ⚠ {len(cl.conflicts_with)} conflict(s)" if cl.conflicts_with else "")
        t.add_row(cl.id, str(cl.independent_sources), grade, str(len(cl.doc_ids)), Text("، ".join(cl.sources)),
                  Text(text[:90] + ("…" if len(text) > 90 else "")))
    c.stdout.print(t)
    return 0


def run_claim(args) -> int:
    from ..tracker import linked_attributions

    with c.store(args, write=False) as st:
        claim = _find_claim(st, args.claim_id)
        atts = {a.id: a for a in linked_attributions(st)}
        docs = {d: st.get_document(d) for d in claim.doc_ids}
        others = {}
        for cid in claim.conflicts_with:
            try:
                others[cid] = st.get_claim(cid)
            except NotFoundError:
                pass
    rec = _claim_record(claim, atts)
    if args.format == "json":
        c.print_json(rec)
        return 0
    out = c.stdout
    out.print(Text(f"claim {claim.id}: {claim.grade}", style="bold"))
    out.print(Text(f"{claim.independent_sources} independent source(s): {claim.named_sources} named, "
                   f"{claim.anonymous_sources} unnamed or unresolved; {claim.sides} side(s); "
                   f"{len(claim.doc_ids)} document(s)" + (f"; figures {', '.join(claim.figures)}" if claim.figures
                                                         else "")))
    if claim.sources:
        out.print(Text("sources: " + "، ".join(claim.sources)))
    if claim.relays:
        out.print(Text("relayed by: " + "، ".join(claim.relays)))
    out.print(Text(("denied: " if claim.polarity == "denied" else "claim: ") + (claim.display_text or claim.text)))
    for cid in claim.conflicts_with:
        other = others.get(cid)
        reason = claim.conflict_reasons.get(cid, "")
        out.print(Text(f"⚠ conflicts with {cid} ({reason}): " + ((other.display_text or other.text)[:120]
                                                                 if other else "?"), style="yellow"))
    for aid in claim.attribution_ids:
        a = atts.get(aid)
        if a is None:
            continue
        doc = docs[a.doc_id]
        s, e = sentence_bounds(doc.text, a)
        head = " | ".join(x for x in (a.doc_id, doc.outlet, doc.date) if x)
        who = f"{a.source_name or '?'} ({a.source_type}{', anonymous' if a.anonymous else ''})"
        out.print(Text(f"\n[{head}] {who}" + (f" via {a.via}" if a.via else "") +
                       (f", {a.stance}" if a.stance and a.stance != "neutral" else "") + f": {a.status}",
                       style="bold"))
        line = _highlight(doc.text, [a], s, e)
        out.print(Text("… ") + line + Text(" …") if (s, e) != sentence_bounds(doc.text, a, context=None) else line)
    return 0


_SENTENCE_END = ".!?؟\n"


def sentence_bounds(text: str, a, context: int | None = 200) -> tuple[int, int]:
    """The sentence(s) around an attribution: from after the previous full stop (or line break) before
    its first span to the next one after its last span, at most ``context`` characters beyond its spans
    (long unpunctuated paragraphs would otherwise print whole)."""
    lo = min(a.cue.start, a.content.start, a.source.start if a.source else a.cue.start)
    hi = max(a.cue.end, a.content.end, a.source.end if a.source else a.cue.end)
    s = max(text.rfind(ch, 0, lo) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, hi) for ch in _SENTENCE_END) if i >= 0]
    e = min(ends) + 1 if ends else len(text)
    while s < lo and text[s].isspace():
        s += 1
    if context is not None and lo - s > context:
        s = lo - context
        s = text.find(" ", s, lo) + 1 or s  # at a word boundary
    if context is not None and e - hi > context:
        e = hi + context
        e = text.rfind(" ", hi, e) if text.rfind(" ", hi, e) > hi else e
    return s, min(e, len(text))


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
