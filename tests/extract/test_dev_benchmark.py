"""The dev benchmark of issue 3, with the shared stanza models, and agreement with the official scorer.

Gold: ../shared/corpus/gold/{seed,dev}.jsonl. The bars are the issue's; the
figures reached are in the closing note. ``attribution evaluate`` must agree
with ../shared/eval/score.py to 0.005 on every figure.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from attribution.evaluate import ACCURACIES, METRICS, score
from attribution.ingest import iter_documents
from attribution.pipeline import make_pipeline

from ..conftest import SEED, shared_path

BARS = {"attribution": 0.88, "cue_exact": 0.88, "source_overlap": 0.85, "content_overlap": 0.85, "all_exact": 0.60}
ACC_BARS = {"source_name": 0.88, "source_type": 0.80}


@pytest.fixture(scope="module")
def dev(tmp_path_factory, stanza_dir):
    gold = []
    for name in ("seed.jsonl", "dev.jsonl"):
        gold += [json.loads(x) for x in shared_path("corpus", "gold", name).read_text("utf-8").splitlines() if x]
    docs = {d.id: d for d in iter_documents([str(SEED), str(shared_path("corpus", "pool.jsonl"))])}
    pipe = make_pipeline(str(stanza_dir), use_stanza=True, required=True)
    wanted = [docs[g["doc_id"]] for g in gold]
    preds = {d.id: [a.record() for a in atts] for d, atts in pipe.iter_process(wanted)}
    tmp = tmp_path_factory.mktemp("dev")
    (tmp / "gold.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), "utf-8")
    (tmp / "pred.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                            for rs in preds.values() for r in rs), "utf-8")
    return gold, preds, {k: d.text for k, d in docs.items()}, tmp


@pytest.mark.stanza
def test_dev_set_meets_the_issue_bars_with_stanza(dev):
    gold, preds, texts, _ = dev
    s = score(gold, preds, texts).summary
    for k, bar in BARS.items():
        assert s[k]["f1"] >= bar, (k, s[k])
    for k, bar in ACC_BARS.items():
        assert s["accuracy_on_matched"][k] >= bar, (k, s["accuracy_on_matched"])


@pytest.mark.stanza
def test_evaluate_agrees_with_the_shared_scorer(dev, tmp_path):
    gold, preds, texts, tmp = dev
    out = tmp_path / "official.json"
    subprocess.run([sys.executable, str(shared_path("eval", "score.py")), "--gold", str(tmp / "gold.jsonl"),
                    "--pred", str(tmp / "pred.jsonl"), "--docs", str(SEED),
                    str(shared_path("corpus", "pool.jsonl")), "--json", str(out)], check=True, capture_output=True)
    official = json.loads(out.read_text("utf-8"))
    ours = score(gold, preds, texts).summary
    for k in METRICS:
        for part in ("p", "r", "f1"):
            assert abs(ours[k][part] - official[k][part]) <= 0.005, (k, part)
    for k in ACCURACIES:
        assert abs(ours["accuracy_on_matched"][k] - official["accuracy_on_matched"][k]) <= 0.005, k
