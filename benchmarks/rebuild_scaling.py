"""How the cross-document rebuild (source registry + claims) grows with the corpus.

    python -m benchmarks.rebuild_scaling [--stanza] [--json]

``attribution extract`` ends by rebuilding the registry and the claims from
every stored attribution (``tracker.derive``), so this step, not extraction,
decides how far one store grows. The pool's ~400 real articles are extracted
once (model-free by default: the rebuild reads records, not parses), then the
rebuild runs on the first 50, 100, 200 and 400 articles' attributions. Printed:
seconds, milliseconds per attribution, and the growth exponent between sizes
(time ~ n^k: k = 1 is linear, k = 2 quadratic), with the 50-article run as
the baseline of the ratios. Real text only: no copies, which would make every
claim a cluster of identical texts.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ATTRIBUTION_SHARED", ROOT.parent / "shared"))
SIZES = (50, 100, 200, 400)


def _rebuild(atts, docs) -> tuple[float, int, int]:
    from attribution.claims import build_claims
    from attribution.resolve.registry import build_registry

    t = time.perf_counter()
    reg = build_registry(atts, [], docs, None)
    claims = build_claims(atts, reg.sources, reg.owner, docs, None)
    return time.perf_counter() - t, len(reg.sources), len(claims)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stanza", action="store_true", help="extract with the stanza models (lemma clustering)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args(argv)
    pool = SHARED / "corpus" / "pool.jsonl"
    if not pool.exists():
        print(f"rebuild_scaling: needs {pool} (../shared beside the repository)", file=sys.stderr)
        return 2

    from attribution.ingest import iter_documents
    from attribution.pipeline import make_pipeline
    from attribution.resolve.registry import DocInfo

    docs = list(iter_documents([str(pool)]))
    pipe = make_pipeline(use_stanza=args.stanza)
    t = time.perf_counter()
    extracted = list(pipe.iter_process(docs))
    print(f"{len(docs)} pool articles extracted ({pipe.annotator.name}) in {time.perf_counter() - t:.1f} s",
          file=sys.stderr)

    rows = []
    for n in SIZES:
        part = extracted[:n]
        atts = [a for _, aa in part for a in aa]
        info = {d.id: DocInfo(date=d.date, outlet=d.outlet) for d, _ in part}
        _rebuild(atts[:50], info)  # warm caches (lexicon, bodies) outside the timing
        secs, n_sources, n_claims = min((_rebuild(atts, info) for _ in range(3)), key=lambda r: r[0])
        rows.append({"docs": len(part), "attributions": len(atts), "sources": n_sources, "claims": n_claims,
                     "seconds": secs, "ms_per_attribution": 1000 * secs / max(1, len(atts))})

    base = rows[0]
    print(f"{'docs':>5} {'attributions':>13} {'sources':>8} {'claims':>7} {'seconds':>8} {'ms/attr':>8} "
          f"{'per-attr ratio':>15} {'exponent':>9}")
    prev = None
    for r in rows:
        ratio = r["ms_per_attribution"] / base["ms_per_attribution"]
        k = (math.log(r["seconds"] / prev["seconds"]) / math.log(r["attributions"] / prev["attributions"])
             if prev else float("nan"))
        r["exponent_from_previous"] = None if prev is None else k
        print(f"{r['docs']:>5} {r['attributions']:>13} {r['sources']:>8} {r['claims']:>7} {r['seconds']:>8.2f} "
              f"{r['ms_per_attribution']:>8.3f} {ratio:>14.2f}x {'' if prev is None else f'{k:.2f}':>9}")
        prev = r
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
