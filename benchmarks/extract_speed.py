"""Extraction speed on the 400-article pool, with ratios measured in one run.

    python -m benchmarks.extract_speed [--docs N] [--json] [--models DIR]

Prints docs/s and tokens/s of end-to-end extraction (annotate with stanza on
prefiltered sentences, extract, resolve), then two ratios:

(a) stanza alone, running the same processors on exactly the stretches our
    prefilter hands it (the cue windows), vs our end-to-end time (>= 0.9 means our own work costs at most
    ~10 % on top of the parser);
(b) parsing every sentence whole vs parsing only the cue windows (the speed-up
    of the cue prefilter), with the dev-set F1 of both runs so the price in
    quality, if any, is visible.

Timings are wall-clock on this machine; compare ratios, not seconds, across machines.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ATTRIBUTION_SHARED", ROOT.parent / "shared"))


def _load(path: Path, limit: int | None):
    from attribution.ingest import iter_documents

    docs = list(iter_documents([str(path)]))
    return docs[:limit] if limit else docs


def _f1(pipe, gold_path: Path, docs_by_id) -> float:
    from attribution.evaluate import score

    gold = [json.loads(x) for x in gold_path.read_text("utf-8").splitlines() if x.strip()]
    wanted = [docs_by_id[g["doc_id"]] for g in gold]
    preds = {d.id: [a.record() for a in atts] for d, atts in pipe.iter_process(wanted)}
    return score(gold, preds, {k: d.text for k, d in docs_by_id.items()}).summary["attribution"]["f1"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=None, help="only the first N pool articles")
    ap.add_argument("--models", default=str(SHARED / "models" / "stanza-ar"))
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args(argv)
    pool = SHARED / "corpus" / "pool.jsonl"
    if not pool.exists():
        print(f"benchmark needs {pool}", file=sys.stderr)
        return 2

    import stanza

    from attribution.extract import cue_windows
    from attribution.nlp.fallback import split_sentences
    from attribution.nlp.stanza_annotator import StanzaAnnotator, load_pipeline
    from attribution.pipeline import Pipeline

    docs = _load(pool, args.docs)
    n_tokens = sum(len(s.tokens) for d in docs for s in split_sentences(d.text))
    nlp = load_pipeline(args.models)
    nlp("قال الوزير إن الهدنة صامدة.")  # warm up: first call allocates

    def run(prefilter: bool) -> tuple[float, Pipeline]:
        pipe = Pipeline(annotator=StanzaAnnotator(args.models), prefilter=prefilter)
        t = time.perf_counter()
        for _ in pipe.iter_process(docs):
            pass
        return time.perf_counter() - t, pipe

    t_ours, pipe = run(prefilter=True)
    parsed_windows, parsed_tokens = pipe.annotator.parsed_sentences, pipe.annotator.parsed_tokens

    # stanza alone on the very same cue windows, in the same batches
    texts = []
    for d in docs:
        for s in split_sentences(d.text):
            for a, b in cue_windows(d.text, s, pipe.lexicon):
                texts.append(d.text[s.tokens[a].start:s.tokens[b - 1].end])
    batches, cur, size = [], [], 0
    for t in texts:
        cur.append(t)
        size += len(t)
        if size >= pipe.annotator.batch_chars:
            batches.append(cur)
            cur, size = [], 0
    if cur:
        batches.append(cur)
    t0 = time.perf_counter()
    for b in batches:
        nlp.bulk_process([stanza.Document([], text=x) for x in b])
    t_stanza = time.perf_counter() - t0

    t_all, pipe_all = run(prefilter=False)
    n_sent = sum(len(split_sentences(d.text)) for d in docs)

    dev_docs = {d.id: d for d in _load(SHARED / "corpus" / "pool.jsonl", None)}
    gold = SHARED / "corpus" / "gold" / "dev.jsonl"
    f1_pre = _f1(Pipeline(annotator=pipe.annotator, prefilter=True), gold, dev_docs)
    f1_all = _f1(Pipeline(annotator=pipe.annotator, prefilter=False), gold, dev_docs)

    rows = [
        ("end-to-end (prefilter)", len(docs), t_ours),
        ("stanza alone, same sentences", len(docs), t_stanza),
        ("end-to-end, every sentence parsed", len(docs), t_all),
    ]
    print(f"{'stage':<36}{'docs':>6}{'seconds':>10}{'docs/s':>9}{'tokens/s':>10}")
    for name, n, t in rows:
        print(f"{name:<36}{n:>6}{t:>10.2f}{n / t:>9.2f}{n_tokens / t:>10.0f}")
    ratio_a = t_stanza / t_ours
    ratio_b = t_all / t_ours
    print(f"\nsentences: {n_sent}; the prefilter parses {parsed_windows} cue windows holding {parsed_tokens} of "
          f"{n_tokens} tokens ({parsed_tokens / n_tokens:.0%}); without it, every sentence whole (100%)")
    print(f"(a) stanza alone / ours on the same sentences: {ratio_a:.2f}x  (target >= 0.9)")
    print(f"(b) every sentence / prefilter: {ratio_b:.2f}x faster with the prefilter  (target >= 3x)")
    print(f"    dev attribution F1: prefilter {f1_pre:.3f}, every sentence {f1_all:.3f}, "
          f"difference {f1_pre - f1_all:+.3f}")
    if args.json:
        print(json.dumps({"docs": len(docs), "tokens": n_tokens, "seconds": {r[0]: r[2] for r in rows},
                          "parsed_windows": parsed_windows, "parsed_tokens": parsed_tokens, "ratio_a": ratio_a, "ratio_b": ratio_b, "f1_prefilter": f1_pre, "f1_all": f1_all}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
