"""TinyDB against PostgreSQL on the same 10k-document synthetic set, measured in one run.

    python -m benchmarks.store_backends [--docs 10000] [--pg URL] [--json]

The set: ``--docs`` synthetic Arabic articles (news vocabulary, 150-700
words each, a fixed random seed), four attributions per article and one
source per 20 articles that lists their attribution and document ids. Both
backends get exactly the same records, through the Store protocol, as the
tool writes them:

* ingest: one command puts every article (batches of 256, as ``ingest``
  does) and closes: milliseconds per document, the close (TinyDB's one file
  write, PostgreSQL's merge and commit) included;
* one more article: a command that opens the full store, puts one article
  and closes, five times: what a single write costs at this size (TinyDB
  rewrites its whole file; PostgreSQL writes one row);
* attributions: one command replaces the attributions of every article;
* queries, each in a fresh read-only session as a command runs them: open,
  look up 200 articles by id, 200 articles' attributions, 200 "sources of an
  article" (PostgreSQL: the JSONB containment ``@>`` on the GIN index;
  TinyDB: a scan, it has no index), one scan over every article.

PostgreSQL: ``--pg URL`` names an empty database to use; otherwise a
throwaway server is started from the installed binaries (tests/pg_server.py)
with fsync on, as a real server runs. The ratio column is TinyDB's time over
PostgreSQL's (above 1: PostgreSQL is faster).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from attribution.ingest import document_from_text
from attribution.models import Attribution, Source, Span
from attribution.store import open_store

# news vocabulary: "said", "confirmed", "announced", "spokesman", "ministry", "that", "forces", ...
_WORDS = ("قال أكد أعلن المتحدث باسم الوزارة إن أن القوات المدينة الحكومة المعارضة مصادر محلية الجيش "
          "مواقع قصف اليوم أمس الأحد الاثنين الحدود الشرقية الغربية مقتل إصابة مدنيين عسكريين بيان رسمي "
          "وكالة الأنباء وأضاف وأشار ولفت إلى في على من عن مع بعد قبل خلال").split()
BATCH = 256
LOOKUPS = 200


def synthetic_set(n: int, seed: int = 8):
    """(documents, attributions by document, sources): the same records for every backend."""
    rng = random.Random(seed)
    docs, by_doc, sources = [], {}, []
    for i in range(n):
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(150, 700))) + f" ({i})."
        doc = document_from_text(f"bench-{i:06d}", text, outlet=f"outlet-{i % 7}", date=f"2024-01-{1 + i % 28:02d}")
        docs.append(doc)
        atts = []
        for k in range(4):
            start = (k * len(text)) // 4
            atts.append(Attribution(doc_id=doc.id, doc_version=doc.version, kind="indirect",
                                    cue=Span.of(text, start, start + 3), content=Span.of(text, start + 4, start + 40),
                                    source_name=f"مصدر {i % 50}", anonymous=k == 3))
        by_doc[doc.id] = atts
    for g in range(0, n, 20):
        group = docs[g:g + 20]
        sources.append(Source(id=Source.make_id(f"source-{g}"), name=f"مصدر {g}", type="person",
                              attribution_ids=[a.id for d in group for a in by_doc[d.id]],
                              doc_ids=[d.id for d in group]))
    return docs, by_doc, sources


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(location: str, docs, by_doc, sources, extra) -> dict:
    rng = random.Random(1)
    sample = [d.id for d in rng.sample(docs, min(LOOKUPS, len(docs)))]
    out: dict[str, float] = {}

    def ingest():
        with open_store(location) as s:
            for i in range(0, len(docs), BATCH):
                s.put_documents(docs[i:i + BATCH])
    out["ingest_s"] = _timed(ingest)
    out["ingest_ms_per_doc"] = 1000 * out["ingest_s"] / len(docs)

    singles = []
    for doc in extra:
        def one(doc=doc):
            with open_store(location) as s:
                s.put_documents([doc])
        singles.append(_timed(one))
    out["one_more_doc_s"] = sorted(singles)[len(singles) // 2]

    def attributions():
        with open_store(location) as s:
            s.replace_attributions_many(by_doc)
            s.replace_sources(sources)
    out["attributions_s"] = _timed(attributions)
    out["attributions_ms_per_doc"] = 1000 * out["attributions_s"] / len(docs)

    def reads():
        t0 = time.perf_counter()
        s = open_store(location, write=False)
        out["open_read_s"] = time.perf_counter() - t0
        try:
            out["get_document_ms"] = 1000 * _timed(lambda: [s.get_document(i) for i in sample]) / len(sample)
            n_atts = []
            out["doc_attributions_ms"] = 1000 * _timed(
                lambda: n_atts.extend(len(list(s.iter_attributions(i))) for i in sample)) / len(sample)
            assert set(n_atts) == {4}, set(n_atts)
            found = []
            if hasattr(s, "find"):
                q = lambda i: [r["id"] for r in s.find("sources", {"doc_ids": [i]})]  # noqa: E731
            else:
                q = lambda i: [x.id for x in s.iter_sources() if i in x.doc_ids]  # noqa: E731
            out["sources_of_doc_ms"] = 1000 * _timed(lambda: found.extend(len(q(i)) for i in sample)) / len(sample)
            assert set(found) == {1}, set(found)
            count = []
            out["scan_documents_s"] = _timed(lambda: count.append(sum(1 for _ in s.iter_documents())))
            assert count == [len(docs) + len(extra)]
        finally:
            s.close()
    reads()
    return out


ROWS = [  # key, label, unit
    ("ingest_ms_per_doc", "ingest, one command", "ms/doc"),
    ("ingest_s", "  (whole command)", "s"),
    ("one_more_doc_s", "one more article, one command", "s"),
    ("attributions_ms_per_doc", "replace attributions + sources", "ms/doc"),
    ("open_read_s", "open for reading", "s"),
    ("get_document_ms", "document by id", "ms"),
    ("doc_attributions_ms", "attributions of a document", "ms"),
    ("sources_of_doc_ms", "sources of a document", "ms"),
    ("scan_documents_s", "scan every document", "s"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="synthetic articles (default: 10000)")
    ap.add_argument("--pg", metavar="URL", help="an empty PostgreSQL database (default: start a throwaway server)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs, by_doc, sources = synthetic_set(args.docs)
    extra = synthetic_set(5, seed=9)[0]
    extra = [d.model_copy(update={"id": f"extra-{i}"}) for i, d in enumerate(extra)]
    made = time.perf_counter() - t0
    server = None
    url = args.pg
    if not url:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests import pg_server

        server = pg_server.start(fsync=True)
        url = server.url
    try:
        with tempfile.TemporaryDirectory(prefix="store-backends-") as tmp:
            res = {"tinydb": measure(str(Path(tmp) / "bench.json"), docs, by_doc, sources, extra),
                   "postgres": measure(url, docs, by_doc, sources, extra)}
    finally:
        if server:
            server.stop()
    if args.json:
        print(json.dumps({"docs": args.docs, **res}, indent=2))
        return 0
    mb = sum(len(d.text.encode()) for d in docs) / 2**20
    print(f"{args.docs} synthetic articles ({mb:.0f} MB of text, made in {made:.1f} s), "
          f"{sum(map(len, by_doc.values()))} attributions, {len(sources)} sources; "
          f"PostgreSQL {'at ' + args.pg if args.pg else 'throwaway server, fsync on'}")
    print(f"{'':32} {'TinyDB':>13} {'PostgreSQL':>13} {'ratio':>7}")
    for key, label, unit in ROWS:
        a, b = res["tinydb"][key], res["postgres"][key]
        print(f"{label:<32} {f'{a:.3f} {unit}':>13} {f'{b:.3f} {unit}':>13} {a / b:>6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
