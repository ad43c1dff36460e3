"""Measure the claim-similarity thresholds on hand-labelled claim pairs.

``benchmarks/data/claim_pairs.jsonl`` holds pairs of attribution contents from
the 400-article pool (``../shared/corpus/pool.jsonl``), each side given as
``doc_id`` + character offsets (no article text is stored in the repository),
with whether its cue is a denial, and a label read by hand:

* ``same`` — a fact-checker would check them as one claim;
* ``conflict`` — the same proposition with the opposite polarity or a
  different figure for the same quantity (the same event);
* ``different`` — anything else, including related claims about other events.

Two samples (field ``sample``):

* ``stratified`` — 208 cross-document pairs sampled across the whole
  similarity range of the character n-gram measure (all pairs at cosine >= 0.5,
  then 45/40/25/12 random ones from the 0.4, 0.3, 0.2 and 0.1 bands), so recall
  below the threshold is estimated too. Used for the "same claim" decision.
* ``conflict-candidates`` — 60 random cross-document pairs that an early, loose
  rule (cosine >= 0.35, different polarity or figures) called conflicting.
  Together with the stratified sample it measures the conflict decision; its
  recall is optimistic (the sample only holds pairs a loose rule found).

Run::

    python -m benchmarks.claim_pairs            # n-gram mode only (no models)
    python -m benchmarks.claim_pairs --stanza   # lemma mode too (stanza annotates the pair texts)

It prints, per representation and threshold, precision and recall of the
"same claim" decision (similarity, substance, polarity and figures, exactly as
:func:`attribution.claims.cluster.judge` decides at rebuild time), and of the
conflict decision, then the chosen threshold for each: the most precise one
whose F1 is within 0.02 of the best F1 (a wrong merge overstates
corroboration, so precision breaks near-ties).
IDF weights are fitted, as at rebuild time, on every claim of the pool plus
the labelled texts: the pool is extracted here with the model-free pipeline,
or read from ``--background-db STORE`` (a store extracted with stanza, whose
attributions carry their content lemmas, for the lemma mode).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from attribution.claims import similarity as sim
from attribution.claims.cluster import ClaimInput, judge, prepare

ROOT = Path(__file__).resolve().parent.parent
PAIRS = Path(__file__).resolve().parent / "data" / "claim_pairs.jsonl"
SHARED = Path(os.environ.get("ATTRIBUTION_SHARED", ROOT.parent / "shared"))
THRESHOLDS = [round(0.2 + 0.05 * i, 2) for i in range(15)]


def load_pool() -> dict[str, dict]:
    path = SHARED / "corpus" / "pool.jsonl"
    if not path.is_file():
        sys.exit(f"claim_pairs: needs {path} (the shared pool) beside the repository")
    docs = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs[d["id"]] = d
    return docs


def load_pairs(docs: dict[str, dict]) -> list[dict]:
    pairs = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        for side in ("a", "b"):
            s = r[side]
            s["text"] = docs[s["doc_id"]]["text"][s["start"]:s["end"]]
            s["date"] = docs[s["doc_id"]].get("date")
        pairs.append(r)
    return pairs


def pool_contents(docs: dict[str, dict]) -> list[str]:
    """Every attribution content of the pool (model-free extraction) for the IDF weights."""
    from attribution.models import Document
    from attribution.pipeline import make_pipeline

    pipe = make_pipeline(use_stanza=False)
    out = []
    for d in docs.values():
        try:
            atts = pipe.process(Document(id=d["id"], text=d["text"]))
        except Exception as e:  # noqa: BLE001 - one extractor failure must not stop the measurement
            print(f"claim_pairs: note: extraction failed on {d['id']} ({e.__class__.__name__}); skipped",
                  file=sys.stderr)
            continue
        out.extend(a.content.text for a in atts)
    return out


def store_background(path: str) -> tuple[list[str], list[list[str] | None]]:
    """Contents and content lemmas of every attribution in an extracted store."""
    from attribution.store import open_store

    st = open_store(path, write=False)
    atts = list(st.iter_attributions())
    return [a.content.text for a in atts], [a.content_lemmas for a in atts]


def choose(rows, which: int) -> tuple:
    """The most precise threshold whose F1 is within 0.02 of the best."""
    best = max(r[which][2] for r in rows)
    return max((r for r in rows if r[which][2] >= best - 0.02 + 1e-9), key=lambda r: (r[which][0], -r[0]))


def stanza_lemmas(texts: list[str]) -> list[list[str] | None]:
    """Content lemmas of each text, annotated on its own by stanza."""
    from attribution.claims.lemmas import content_lemmas
    from attribution.models import Attribution, Document, Span
    from attribution.nlp import get_annotator

    ann = get_annotator(None, True, required=True)
    docs = [Document(id=f"t{i}", text=t) for i, t in enumerate(texts)]
    out: list[list[str] | None] = []
    for adoc in ann.annotate_many(docs, None):
        t = adoc.doc.text
        fake = Attribution(doc_id=adoc.doc.id, kind="indirect", cue=Span.of(t, 0, 1), content=Span.of(t, 0, len(t)))
        out.append(content_lemmas(adoc, fake))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(pairs, prepared_pairs) -> list[tuple[float, tuple, tuple]]:
    """Per threshold t: P/R/F1 of "same claim" (similarity >= t; stratified sample) and of
    "conflict" (conflict similarity >= t, same-claim threshold at its chosen value; both samples)."""
    rows = []
    for t in THRESHOLDS:
        same = [0, 0, 0]
        conf = [0, 0, 0]
        for r, (pa, pb) in zip(pairs, prepared_pairs):
            gold_same, gold_conf = r["label"] == "same", r["label"] == "conflict"
            if r.get("sample", "stratified") == "stratified":
                v = judge(pa, pb, {"lemma": t, "ngram": t})
                same[0] += v.same_claim and gold_same
                same[1] += v.same_claim and not gold_same
                same[2] += gold_same and not v.same_claim
            v = judge(pa, pb, None, {"lemma": t, "ngram": t})
            pred_conf = v.same_topic and not v.same_claim
            conf[0] += pred_conf and gold_conf
            conf[1] += pred_conf and not gold_conf
            conf[2] += gold_conf and not pred_conf
        rows.append((t, prf(*same), prf(*conf)))
    return rows


def prepared_pairs_for(pairs, background: list[str], lemmas: list | None, ngram: int,
                       background_lemmas: list | None = None):
    texts = [r[s]["text"] for r in pairs for s in ("a", "b")]
    denied = [r[s]["deny"] for r in pairs for s in ("a", "b")]
    docs = [r[s]["doc_id"] for r in pairs for s in ("a", "b")]
    dates = [r[s]["date"] for r in pairs for s in ("a", "b")]
    inputs = [ClaimInput(key=str(i), doc_id=d, content=t, denied=x, date=dt, lemmas=(lemmas[i] if lemmas else None))
              for i, (t, x, d, dt) in enumerate(zip(texts, denied, docs, dates))]
    inputs += [ClaimInput(key=f"bg{i}", doc_id=f"bg{i}", content=t, denied=False,
                          lemmas=background_lemmas[i] if background_lemmas and lemmas else None)
               for i, t in enumerate(background)]
    old = sim.NGRAM
    sim.NGRAM = ngram
    try:
        prepared = prepare(inputs)
    finally:
        sim.NGRAM = old
    return [(prepared[2 * i], prepared[2 * i + 1]) for i in range(len(pairs))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.claim_pairs", description=__doc__.split("\n\n")[0])
    ap.add_argument("--stanza", action="store_true", help="also measure the lemma mode (needs the stanza models)")
    ap.add_argument("--background-db", metavar="STORE", help="fit IDF on this extracted store's attributions "
                                                               "(with their content lemmas) instead of extracting")
    ap.add_argument("--json", action="store_true", help="print the measurements as JSON")
    args = ap.parse_args(argv)
    docs = load_pool()
    pairs = load_pairs(docs)
    for sample in ("stratified", "conflict-candidates"):
        labels = [r["label"] for r in pairs if r.get("sample") == sample]
        print(f"{sample}: {len(labels)} labelled pairs: {labels.count('same')} same, {labels.count('conflict')} "
              f"conflict, {labels.count('different')} different", file=sys.stderr)
    if args.background_db:
        background, background_lemmas = store_background(args.background_db)
    else:
        background, background_lemmas = pool_contents(docs), None
    results = {}
    variants = [(f"ngram{n}", n, None) for n in (3, 4, 5)]
    if args.stanza:
        texts = [r[s]["text"] for r in pairs for s in ("a", "b")]
        variants.append(("lemma", sim.NGRAM, stanza_lemmas(texts)))
    for name, n, lemmas in variants:
        pp = prepared_pairs_for(pairs, background, lemmas, n, background_lemmas)
        results[name] = evaluate(pairs, pp)
    if args.json:
        print(json.dumps({k: [{"threshold": t, "same": dict(zip("prf", s)), "conflict": dict(zip("prf", c))}
                              for t, s, c in v] for k, v in results.items()}, indent=2))
        return 0
    for name, rows in results.items():
        print(f"\n{name}: threshold  same P   R    F1  | conflict P   R    F1")
        for t, s, c in rows:
            print(f"{'':{len(name)}}  {t:9.2f}  {s[0]:6.2f} {s[1]:4.2f} {s[2]:5.2f} | {c[0]:10.2f} {c[1]:4.2f} {c[2]:5.2f}")
        t, same, _ = choose(rows, 1)
        print(f"{'':{len(name)}}  chosen for 'same': {t:.2f} (P={same[0]:.2f} R={same[1]:.2f} F1={same[2]:.2f})")
        t, _, conf = choose(rows, 2)
        print(f"{'':{len(name)}}  chosen for 'conflict': {t:.2f} (P={conf[0]:.2f} R={conf[1]:.2f} F1={conf[2]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
