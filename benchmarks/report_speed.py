"""How long ``attribution report`` takes on a large store, per format (a benchmark, not a test).

Builds synthetic TinyDB stores (Arabic sentences with real attribution spans,
a Zipf-like spread of named and anonymous sources over a dozen outlets and two
years, claims repeated across documents, some reviews), derives sources and
claims with the real ``tracker.rebuild``, then times what the CLI does for
each format: open the store read-only, build the report, render it, write the
file(s) atomically. The baseline is the same work on a store a tenth the size,
measured in the same process; only ratios compare across machines.

    python -m benchmarks.report_speed [--docs 10000] [--runs 3] [--json]

Prints ``format  docs  base_ms  new_ms  ratio`` (ratio = new/base) and each
format against json on the big store. The target is under 5 s per format
at 10,000 documents.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from unittest import mock

from attribution.models import Attribution, Document, ReviewEvent, Span
from attribution.report import model as report_model
from attribution.report import build_report, format_names, write_report
from attribution.report.model import paused_gc
from attribution.store import TinyDBStore
from attribution.tracker import rebuild

TARGET_S = 5.0
_CUES = [("وقال", "قال", "indirect", " إن "), ("وأكد", "أكد", "indirect", " أن "),
         ("وأعلنت", "أعلن", "indirect", " أن "), ("ونقلت", "نقل", "indirect", " أن ")]
_PEOPLE = ["صهيب الجابر", "أحمد الحسن", "ليلى منصور", "John Smith", "سامر العلي", "نور الدين خليل", "مريم يوسف",
           "خالد العمر", "هدى السيد", "Marie Dubois"]
_BODIES = ["وزارة الدفاع", "الحكومة", "المرصد", "الجيش", "الشبكة", "المجلس المحلي", "الهلال الأحمر", "الوكالة"]
_ANON = ["مصادر محلية", "ناشطون", "مصدر عسكري", "شهود عيان", "مصادر مطلعة"]
_PLACES = ["البوكمال", "دير الزور", "الرقة", "حلب", "إدلب", "درعا", "حمص", "الميادين", "الباغوز", "منبج"]
_EVENTS = ["القصف مستمر على", "قوات انسحبت من", "تعزيزات وصلت إلى", "اشتباكات اندلعت في", "المعبر مغلق قرب",
           "الطيران استهدف", "مفاوضات تجري حول", "الأسعار ارتفعت في"]
_OUTLETS = ["تلفزيون سوريا", "عنب بلدي", "الجزيرة نت", "العربية", "فرات بوست", "BBC عربي", "سكاي نيوز عربية",
            "الشرق الأوسط", "القدس العربي", "روسيا اليوم", "المدن", "الحرة"]


def _sources(rng: random.Random, n: int) -> list[tuple[str, str, bool]]:
    out = []
    for i in range(n):
        kind = rng.random()
        if kind < 0.15:
            out.append((f"{rng.choice(_ANON)} في {rng.choice(_PLACES)}", "activists", True))
        elif kind < 0.55:
            out.append((f"{rng.choice(_PEOPLE)} {i}", "person", False))
        else:
            out.append((f"{rng.choice(_BODIES)} {i}", "government", False))
    return out


def synthetic_store(path: Path, n_docs: int, seed: int = 7) -> dict[str, int]:
    """A TinyDB store of ``n_docs`` documents with attributions, reviews, sources and claims."""
    rng = random.Random(seed)
    pool = _sources(rng, max(50, n_docs // 20))
    weights = [1 / (i + 1) for i in range(len(pool))]  # a few sources are quoted very often
    claims = [f"{e} {p} {k}" for e in _EVENTS for p in _PLACES for k in range(max(1, n_docs // 400))]
    start = date(2023, 1, 1)
    st = TinyDBStore(path)
    docs, atts, events = [], [], []
    at = datetime(2024, 6, 1, tzinfo=timezone.utc)
    for d in range(n_docs):
        parts, spans = [], []
        pos = 0
        for _ in range(rng.randint(2, 6)):
            cue, lemma, kind, comp = rng.choice(_CUES)
            name, stype, anon = rng.choices(pool, weights)[0]
            content = rng.choice(claims)
            filler = f"وفي سياق متصل، تحدثت التقارير عن الوضع في {rng.choice(_PLACES)}. "
            sentence = f"{filler}{cue} {name}{comp}{content}."
            c0 = pos + len(filler)
            s0 = c0 + len(cue) + 1
            k0 = s0 + len(name) + len(comp)
            spans.append((c0, cue, s0, name, k0, content, lemma, kind, stype, anon))
            parts.append(sentence)
            pos += len(sentence) + 1
        text = " ".join(parts)
        doc = Document(id=f"syn-{d:05d}", text=text, outlet=rng.choice(_OUTLETS),
                       date=(start + timedelta(days=rng.randrange(730))).isoformat(), title=f"خبر {d}")
        docs.append(doc)
        for c0, cue, s0, name, k0, content, lemma, kind, stype, anon in spans:
            a = Attribution(doc_id=doc.id, doc_version=doc.version, kind=kind,
                            cue=Span(start=c0, end=c0 + len(cue), text=cue),
                            source=Span(start=s0, end=s0 + len(name), text=name),
                            content=Span(start=k0, end=k0 + len(content), text=content),
                            source_name=name, source_type=stype, anonymous=anon, cue_lemma=lemma)
            atts.append(a)
            r = rng.random()
            if r < 0.10 or r > 0.97:
                events.append(ReviewEvent(at=at, actor="bench", action="accept" if r < 0.10 else "reject",
                                          target=a.id, anchor=a.anchor))
    st.put_documents(docs)
    st.put_attributions(atts)
    st.append_reviews(events)
    st.set_meta(extraction={"tool_version": "bench", "annotator": "synthetic", "stanza": None, "models": {}})
    sources, claims_ = rebuild(st)
    st.close()
    return {"documents": len(docs), "attributions": len(atts), "sources": len(sources), "claims": len(claims_),
            "reviews": len(events), "bytes": path.stat().st_size}


def _open_and_build(db: Path):
    st = TinyDBStore(db, write=False)
    report = build_report(st)
    st.close()
    return report


def time_report(db: Path, fmt: str, out_dir: Path, runs: int, pause_gc: bool = True) -> tuple[float, float, int]:
    """Median seconds for open + build + render + write, as ``attribution report -o`` does them.

    ``pause_gc=False`` is the baseline without :func:`paused_gc`: the collector
    runs throughout, as it did before the report paused it.
    """
    times, cpu = [], []
    size = 0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        if pause_gc:
            with paused_gc():
                report = _open_and_build(db)
        else:
            with mock.patch.object(report_model, "paused_gc", contextlib.nullcontext):
                report = _open_and_build(db)
        paths = write_report(report, fmt, out_dir / f"audit.{fmt}")
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        size = sum(p.stat().st_size for p in paths)
    return statistics.median(times), statistics.median(cpu), size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents in the big store (default 10000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per format; the median is reported")
    ap.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = ap.parse_args(argv)
    base_docs = max(1, args.docs // 10)
    results = []
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        tmpd = Path(tmp)
        stats = {}
        for n in (base_docs, args.docs):
            t0 = time.perf_counter()
            stats[n] = synthetic_store(tmpd / f"db-{n}.json", n)
            print(f"built a {n}-document store in {time.perf_counter() - t0:.1f} s: "
                  + ", ".join(f"{k} {v:,}" for k, v in stats[n].items()), file=sys.stderr)
        print(f"base = {base_docs} documents, new = {args.docs} documents; wall-clock medians of {args.runs} runs "
              f"(cpu_ms: process CPU time of the new run)")
        print(f"{'format':<7}{'docs':>7}{'base_ms':>10}{'new_ms':>10}{'ratio':>8}{'vs_json':>9}{'cpu_ms':>9}"
              f"{'MB':>8}  target")
        json_new = json_cpu = None
        for fmt in format_names():
            base, _, _ = time_report(tmpd / f"db-{base_docs}.json", fmt, tmpd, args.runs)
            new, cpu, size = time_report(tmpd / f"db-{args.docs}.json", fmt, tmpd, args.runs)
            json_new = json_new or new
            json_cpu = json_cpu or cpu
            ok = "ok" if new < TARGET_S else f"OVER {TARGET_S:.0f} s"
            print(f"{fmt:<7}{args.docs:>7}{base * 1000:>10.0f}{new * 1000:>10.0f}{new / base:>7.2f}x"
                  f"{new / json_new:>8.2f}x{cpu * 1000:>9.0f}{size / 1e6:>8.2f}  {ok}")
            results.append({"format": fmt, "docs": args.docs, "base_docs": base_docs, "base_ms": round(base * 1000),
                            "new_ms": round(new * 1000), "cpu_ms": round(cpu * 1000), "ratio": round(new / base, 2),
                            "vs_json": round(new / json_new, 2), "bytes": size})
        on, on_cpu, _ = time_report(tmpd / f"db-{args.docs}.json", "json", tmpd, args.runs, pause_gc=False)
        print(f"json with the garbage collector left running (no paused_gc): {on * 1000:.0f} ms wall "
              f"({on / json_new:.2f}x), {on_cpu * 1000:.0f} ms cpu ({on_cpu / json_cpu:.2f}x)")
    if args.json:
        print(json.dumps({"stores": stats, "results": results}, ensure_ascii=False, indent=2))
    return 0 if all(r["new_ms"] < TARGET_S * 1000 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
