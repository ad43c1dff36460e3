"""attribution evaluate --gold G --docs D...: score the extractor (or a prediction file) against gold."""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from . import _common as c


def register(sub) -> None:
    p = sub.add_parser("evaluate", help="score extraction against gold attributions (ANNOTATION.md metrics)",
                       description="Run the extractor on the gold documents (or read --pred) and print P/R/F1 "
                                   "per part plus accuracies on matched pairs.")
    p.add_argument("--gold", required=True, action="append", metavar="GOLD.jsonl", help="gold file (repeatable)")
    p.add_argument("--docs", required=True, nargs="+", metavar="DOCS", help="pool-style .jsonl or .txt files")
    p.add_argument("--pred", metavar="PRED.jsonl", help="score these predictions instead of running the extractor")
    p.add_argument("--errors", action="store_true", help="print missed, spurious and partial cases")
    p.add_argument("--json", metavar="OUT", help="also write the summary as JSON here")
    p.set_defaults(func=run)


def _read_jsonl(path: str) -> list[dict]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise UsageError(f"{path}: {e.strerror}") from e
    out = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise UsageError(f"{path}:{n}: malformed JSON ({e.msg})") from e
    return out


def run(args) -> int:
    from ..evaluate import format_table, score
    from ..ingest import iter_documents

    gold = [g for path in args.gold for g in _read_jsonl(path)]
    docs = {d.id: d for d in iter_documents(args.docs)}
    missing = [g["doc_id"] for g in gold if g["doc_id"] not in docs]
    if missing:
        raise UsageError(f"gold document {missing[0]} not found in --docs ({len(missing)} missing)")
    preds: dict[str, list[dict]] = {}
    if args.pred:
        for r in _read_jsonl(args.pred):
            preds.setdefault(r["doc_id"], []).append(r)
    else:
        pipe = c.pipeline(args)
        wanted = [docs[g["doc_id"]] for g in gold]
        with c.progress("extract", len(wanted)) as advance:
            for doc, atts in pipe.iter_process(wanted, advance):
                preds[doc.id] = [a.record() for a in atts]
    res = score(gold, preds, {k: d.text for k, d in docs.items()}, errors=args.errors)
    for e in res.errors:
        print(json.dumps(e, ensure_ascii=False))
    print(format_table(res.summary))
    if args.json:
        Path(args.json).write_text(json.dumps(res.summary, indent=2), encoding="utf-8")
    return 0
