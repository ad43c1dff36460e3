"""Batch extraction throughput: the pool with 1 and 2 local worker processes and a local Dask cluster of 2.

    python -m benchmarks.scale_extract [--docs N] [--batch-size 16] [--exclude ID]... [--inline] [--json]

The documents are the ~400 real articles of ``../shared/corpus/pool.jsonl``,
read as ``attribution ingest`` reads them; the pipeline is the full stanza
one (models from ``../shared/models/stanza-ar`` or ``$STANZA_RESOURCES_DIR``),
cue prefilter on, as ``attribution extract`` runs it. Each configuration is
one ``attribution.batch`` runner, as ``extract --workers N`` / ``--dask local``
builds it:

* start: until every worker has its pipeline and has loaded the models;
* extract: every document through the workers, results back in order;
* docs/s over the extraction, and over start + extraction (what a user waits);
* speed-up: docs/s over the 1-worker run's, measured in this same process;
* docs per CPU-second over the extraction (client and workers together):
  the throughput of one busy core, which a shared machine does not distort.

The outputs of all configurations are compared: they must be identical.
``--inline`` adds the in-process pipeline (no workers) as a further row;
``--exclude ID`` leaves out an article the extractor fails on (the run
stops with ``extraction failed on document ID`` otherwise).
Each worker runs torch on one thread (see ``attribution.batch._threads_per_worker``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from attribution.batch import DaskRunner, InlineRunner, ProcessPoolRunner
from attribution.ingest import iter_documents
from attribution.pipeline import make_pipeline

ROOT = Path(__file__).resolve().parent.parent
POOL = ROOT.parent / "shared" / "corpus" / "pool.jsonl"
MODELS = Path(os.environ.get("STANZA_RESOURCES_DIR") or ROOT.parent / "shared" / "models" / "stanza-ar")


def _digest(results) -> str:
    h = hashlib.sha256()
    for doc_id, atts in results:
        h.update(doc_id.encode())
        for a in atts:
            h.update(json.dumps(a.record(), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()[:16]


def _cpu_seconds() -> float:
    """CPU time of this process and every process under it (the workers), so far."""
    import psutil  # comes with distributed

    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def run_one(label: str, runner, docs) -> dict:
    t0 = time.perf_counter()
    with runner:
        t1 = time.perf_counter()
        c1 = _cpu_seconds()
        results = [(d.id, atts) for d, atts in runner.iter_process(docs)]
        t2 = time.perf_counter()
        c2 = _cpu_seconds()
    n = len(docs)
    return {"config": label, "workers": runner.workers, "start_s": t1 - t0, "extract_s": t2 - t1,
            "docs_per_s": n / (t2 - t1), "docs_per_s_with_start": n / (t2 - t0),
            "cpu_s": c2 - c1, "docs_per_cpu_s": n / (c2 - c1),
            "attributions": sum(len(a) for _, a in results), "digest": _digest(results)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=None, help="only the first N pool articles (default: all)")
    ap.add_argument("--batch-size", type=int, default=16, help="documents per task (default: 16)")
    ap.add_argument("--exclude", action="append", default=[], metavar="ID", help="leave out this article")
    ap.add_argument("--inline", action="store_true", help="also run the pipeline in this process")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not POOL.is_file():
        print(f"scale_extract: needs {POOL} (../shared beside the repository)", file=sys.stderr)
        return 1
    docs = [d for d in iter_documents([str(POOL)]) if d.id not in args.exclude][:args.docs]
    pipe = make_pipeline(str(MODELS), required=True)
    configs = [("1 worker", lambda: ProcessPoolRunner(pipe, 1, batch_size=args.batch_size)),
               ("2 workers", lambda: ProcessPoolRunner(pipe, 2, batch_size=args.batch_size)),
               ("dask local, 2 workers", lambda: DaskRunner(pipe, workers=2, batch_size=args.batch_size))]
    if args.inline:
        configs.insert(0, ("in process", lambda: InlineRunner(pipe, batch_size=args.batch_size)))
    load = os.getloadavg()
    rows = []
    for label, make in configs:
        rows.append(run_one(label, make(), docs))
        if not args.json:
            r = rows[-1]
            print(f"  {label}: start {r['start_s']:.1f} s, extract {r['extract_s']:.1f} s", file=sys.stderr)
    base = next(r for r in rows if r["config"] == "1 worker")
    for r in rows:
        r["speedup"] = r["docs_per_s"] / base["docs_per_s"]
        r["speedup_with_start"] = r["docs_per_s_with_start"] / base["docs_per_s_with_start"]
    same = len({r["digest"] for r in rows}) == 1
    res = {"docs": len(docs), "cores": os.cpu_count(), "load_before": load, "same_output": same, "rows": rows}
    if args.json:
        print(json.dumps(res, indent=2))
        return 0 if same else 1
    left_out = f" ({len(args.exclude)} left out: {', '.join(args.exclude)})" if args.exclude else ""
    print(f"{len(docs)} pool articles{left_out}, stanza from {MODELS}, batches of {args.batch_size}, {os.cpu_count()} cores "
          f"(load average before: {load[0]:.2f})")
    print(f"{'':24} {'start_s':>8} {'extract_s':>10} {'docs/s':>7} {'speed-up':>9} {'docs/s+start':>13} "
          f"{'speed-up':>9} {'docs/cpu-s':>11} {'attributions':>13}")
    for r in rows:
        print(f"{r['config']:<24} {r['start_s']:>8.1f} {r['extract_s']:>10.1f} {r['docs_per_s']:>7.2f} "
              f"{r['speedup']:>8.2f}x {r['docs_per_s_with_start']:>13.2f} {r['speedup_with_start']:>8.2f}x "
              f"{r['docs_per_cpu_s']:>11.2f} {r['attributions']:>13}")
    print("same output from every configuration: " + ("yes" if same else "NO"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
