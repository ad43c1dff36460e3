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
    scale = p.add_argument_group(
        "batch extraction", "Run the pipeline in worker processes or on a Dask cluster. Workers only compute; "
                            "results are written here, in document order, so the output is the same as without "
                            "these flags. Ctrl-C stops the workers and writes nothing.")
    scale.add_argument("--workers", type=int, default=1, metavar="N",
                       help="extract in N local worker processes, each loading the models once (default: 1, in "
                            "this process); with --dask local, the number of Dask workers")
    scale.add_argument("--dask", choices=("local",), help="run on a Dask cluster started on this machine")
    scale.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on a running Dask cluster (tcp://host:8786); its workers need this package and "
                            "the models at the same path")
    scale.add_argument("--batch-size", type=int, metavar="N",
                       help="documents per task (default: the pipeline's batch, 16)")
    p.set_defaults(func=run)


def _runner(args, pipe):
    from ..batch import make_runner

    return make_runner(pipe, workers=args.workers, dask=args.dask, scheduler=args.scheduler,
                       batch_size=args.batch_size)


def run(args) -> int:
    pipe = c.pipeline(args)
    if args.no_prefilter:
        pipe.prefilter = False
    runner = _runner(args, pipe)  # flags are checked before anything is read or started
    if args.paths:
        return _one_shot(args, runner)
    if args.format == "jsonl":
        raise c.UsageError("--format jsonl needs PATH arguments (it does not read the store)")
    from ..tracker import extract_store

    with c.store(args, write=True) as st:
        total = len(args.doc) if args.doc else st.count("documents")
        if total == 0:
            raise c.UsageError("the store has no documents; run `attribution ingest PATH...` first")
        with runner, c.progress("extract", total) as advance:
            n = extract_store(st, runner, doc_ids=args.doc, progress=advance)
        n_sources, n_claims = st.count("sources"), st.count("claims")
    how = "" if runner.name == "inline" else f" with {runner.describe()}"
    print(f"extracted {n} attribution(s) from {total} document(s){how}: {n_sources} source(s), {n_claims} claim(s)",
          file=sys.stderr)
    return 0


def _one_shot(args, runner) -> int:
    from ..ingest import iter_documents

    docs = list(iter_documents(args.paths))
    out = sys.stdout
    n = 0
    with runner, c.progress("extract", len(docs)) as advance:
        for doc, atts in runner.iter_process(docs, advance):
            for a in atts:
                if args.format != "summary":
                    out.write(json.dumps(a.record(), ensure_ascii=False) + "\n")
                n += 1
    if args.format == "summary":
        print(f"{n} attribution(s) in {len(docs)} document(s)")
    out.flush()
    return 0
