"""Scoring against gold attributions (the metrics of ANNOTATION.md).

Predicted and gold records are matched one-to-one per document, greedily by
cue overlap plus content word overlap (Dice over word start offsets; a pair
needs overlapping cues or Dice >= 0.5). Spans are compared after trimming
edge punctuation, quotes and whitespace. Reported: attribution P/R/F1, exact
and overlap scores for cue, source and content, all-exact, and accuracies on
matched pairs for source name, type, anonymity and kind.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

EDGE = set(" \t\r\n\u00a0\"'«»“”„‟‘’‹›()[]{}<>.,،؛;:!?؟-–—…_*/\\|")
_WORD = re.compile(r"\w+")
_DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
METRICS = ("attribution", "cue_exact", "source_exact", "source_overlap", "content_exact", "content_overlap",
           "all_exact")
ACCURACIES = ("source_name", "source_type", "anonymous", "kind")


def _trim(text: str, span) -> tuple[int, int] | None:
    if not span:
        return None
    s, e = int(span["start"]), int(span["end"])
    while s < e and text[s] in EDGE:
        s += 1
    while e > s and text[e - 1] in EDGE:
        e -= 1
    return (s, e) if s < e else None


def _words(text: str, span) -> set[int]:
    if span is None:
        return set()
    s, e = span
    return {m.start() + s for m in _WORD.finditer(text[s:e])}


def _dice(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _overlap(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def norm_name(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    s = _DIAC.sub("", s)
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    s = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in s)
    return " ".join(s.split())


def name_matches(pred: dict, gold: dict) -> bool:
    p = norm_name(pred.get("source_name"))
    names = {norm_name(gold.get("source_name"))} | {norm_name(a) for a in gold.get("aliases", [])}
    names.discard("")
    if not p or not names:
        return False
    if p in names:
        return True
    g = norm_name(gold.get("source_name"))
    # a fuller form of a named source still names it
    return not gold.get("anonymous") and len(g.split()) >= 2 and f" {g} " in f" {p} "


@dataclass
class _Prf:
    tp_p: float = 0.0
    tp_r: float = 0.0

    def add(self, p: float, r: float | None = None) -> None:
        self.tp_p += p
        self.tp_r += p if r is None else r

    def row(self, n_pred: int, n_gold: int) -> dict[str, float]:
        p = self.tp_p / n_pred if n_pred else 0.0
        r = self.tp_r / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


@dataclass
class Score:
    summary: dict
    errors: list[dict] = field(default_factory=list)


def _spans(text, rec):
    return tuple(_trim(text, rec.get(k)) for k in ("cue", "source", "content"))


def _pairs(text, golds, preds):
    g = [_spans(text, x) for x in golds]
    p = [_spans(text, x) for x in preds]
    cands = []
    for i, (gc, _, gt) in enumerate(g):
        gw = _words(text, gt)
        for j, (pc, _, pt) in enumerate(p):
            d = _dice(gw, _words(text, pt))
            if _overlap(gc, pc) or d >= 0.5:
                cands.append((d + (1.0 if _overlap(gc, pc) else 0.0), i, j))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return g, p, pairs


def score(gold_docs: list[dict], preds_by_doc: dict[str, list[dict]], texts: dict[str, str],
          errors: bool = False) -> Score:
    m = {k: _Prf() for k in METRICS}
    acc = {k: [0, 0] for k in ACCURACIES}
    n_pred = n_gold = 0
    report: list[dict] = []
    for gd in gold_docs:
        doc_id = gd["doc_id"]
        if doc_id not in texts:
            raise KeyError(doc_id)
        text = texts[doc_id]
        golds, preds = gd["attributions"], preds_by_doc.get(doc_id, [])
        n_gold += len(golds)
        n_pred += len(preds)
        g, p, pairs = _pairs(text, golds, preds)
        for i, j in pairs:
            (gc, gs, gt), (pc, ps, pt) = g[i], p[j]
            gw, pw = _words(text, gt), _words(text, pt)
            m["attribution"].add(1)
            m["cue_exact"].add(float(gc == pc))
            m["source_exact"].add(float(gs == ps))
            gsw, psw = _words(text, gs), _words(text, ps)
            if gs is None and ps is None:
                m["source_overlap"].add(1.0)
            elif gsw and psw:
                inter = len(gsw & psw)
                m["source_overlap"].add(inter / len(psw), inter / len(gsw))
            m["content_exact"].add(float(gt == pt))
            if gw and pw:
                inter = len(gw & pw)
                m["content_overlap"].add(inter / len(pw), inter / len(gw))
            m["all_exact"].add(float(gc == pc and gs == ps and gt == pt))
            gr, pr = golds[i], preds[j]
            oks = {"source_name": name_matches(pr, gr),
                   "source_type": pr.get("source_type") == gr.get("source_type"),
                   "anonymous": bool(pr.get("anonymous")) == bool(gr.get("anonymous")),
                   "kind": pr.get("kind") == gr.get("kind")}
            for key, ok in oks.items():
                acc[key][0] += ok
                acc[key][1] += 1
            if errors and not (gc == pc and gs == ps and gt == pt and oks["source_name"]):
                report.append({"doc_id": doc_id, "type": "partial", "gold": _show(text, g[i], gr),
                               "pred": _show(text, p[j], pr)})
        if errors:
            mg = {i for i, _ in pairs}
            mp = {j for _, j in pairs}
            report += [{"doc_id": doc_id, "type": "missed", "gold": _show(text, g[i], golds[i])}
                       for i in range(len(g)) if i not in mg]
            report += [{"doc_id": doc_id, "type": "spurious", "pred": _show(text, p[j], preds[j])}
                       for j in range(len(p)) if j not in mp]
    summary = {"documents": len(gold_docs), "gold": n_gold, "pred": n_pred}
    summary.update({k: v.row(n_pred, n_gold) for k, v in m.items()})
    summary["accuracy_on_matched"] = {k: round(a / b, 4) if b else 0.0 for k, (a, b) in acc.items()}
    return Score(summary, report)


def _show(text, spans, rec):
    cue, src, con = spans
    cut = (lambda sp: text[sp[0]:sp[1]] if sp else None)
    return {"cue": cut(cue), "source": cut(src), "content": (cut(con) or "")[:120],
            "source_name": rec.get("source_name"), "source_type": rec.get("source_type"), "kind": rec.get("kind")}


def format_table(summary: dict) -> str:
    lines = [f"{'metric':<18}{'P':>8}{'R':>8}{'F1':>8}"]
    for k in METRICS:
        r = summary[k]
        lines.append(f"{k:<18}{r['p']:>8.3f}{r['r']:>8.3f}{r['f1']:>8.3f}")
    for k, v in summary["accuracy_on_matched"].items():
        lines.append(f"{k + ' acc':<18}{v:>24.3f}")
    lines.append(f"docs {summary['documents']}  gold {summary['gold']}  pred {summary['pred']}")
    return "\n".join(lines)
