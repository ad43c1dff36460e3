"""attribution extract: stored documents → attributions; or PATH... --format jsonl, one-shot."""
from __future__ import annotations

import json
import sys

from . import _common as c


def register(sub) -> None:
    p = sub.add_parser(
        "extract", help="find attributions in stored documents, or in PATH... without a store",
        description="Without paths: (re-)extract every stored document, then rebuild the source registry "
                    "and the claims. With paths and --format jsonl: read the files, extract, and print one "
                    "JSON record per attribution (ANNOTATION.md §4) without touching the store.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to extract from directly")
    p.add_argument("--format", choices=("jsonl", "summary"), default=None,
                   help="jsonl: records on stdout (the default with paths); summary: counts only")
    p.add_argument("--no-prefilter", action="store_true", help="parse every sentence, not only those with a cue")
    p.add_argument("--doc", action="append", metavar="DOC_ID", help="only these stored documents (repeatable)")
    p.set_defaults(func=run)


def run(args) -> int:
    pipe = c.pipeline(args)
    if args.no_prefilter:
        pipe.prefilter = False
    if args.paths:
        return _one_shot(args, pipe)
    if args.format == "jsonl":
        raise c.UsageError("--format jsonl needs PATH arguments (it does not read the store)")
    from ..tracker import extract_store

    with c.store(args, write=True) as st:
        total = len(args.doc) if args.doc else st.count("documents")
        if total == 0:
            raise c.UsageError("the store has no documents; run `attribution ingest PATH...` first")
        with c.progress("extract", total) as advance:
            n = extract_store(st, pipe, doc_ids=args.doc, progress=advance)
        n_sources, n_claims = st.count("sources"), st.count("claims")
    print(f"extracted {n} attribution(s) from {total} document(s): {n_sources} source(s), {n_claims} claim(s)",
          file=sys.stderr)
    return 0


def _one_shot(args, pipe) -> int:
    from ..ingest import iter_documents

    docs = list(iter_documents(args.paths))
    out = sys.stdout
    n = 0
    with c.progress("extract", len(docs)) as advance:
        for doc, atts in pipe.iter_process(docs, advance):
            for a in atts:
                if args.format != "summary":
                    out.write(json.dumps(a.record(), ensure_ascii=False) + "\n")
                n += 1
    if args.format == "summary":
        print(f"{n} attribution(s) in {len(docs)} document(s)")
    out.flush()
    return 0
