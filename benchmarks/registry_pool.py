"""Registry and claim statistics on the 400-article pool, and a sample to check by hand.

Run::

    python -m benchmarks.registry_pool                 # extract the pool model-free (seconds)
    python -m benchmarks.registry_pool --stanza        # with the stanza models (minutes)
    python -m benchmarks.registry_pool --db STORE      # an already extracted store (e.g. after `extract`)

Prints the registry size at each matching stage (distinct mention names as
extracted → matching keys after folding and known variants → after the alias
rules → after manual decisions), the 10 most cited sources (all, and named
ones only, since description groups such as "(unnamed)" lead the list), the
claim counts (multi-document, with conflicts, per grade), and ``--sample N``
merges and multi-document claim clusters drawn at random (``--seed``) for a
person to read and judge. Not a timed benchmark.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ATTRIBUTION_SHARED", ROOT.parent / "shared"))


def _store(args):
    from attribution.store import MemoryStore, open_store

    if args.db:
        return open_store(args.db, write=False)
    from attribution.ingest import iter_documents
    from attribution.pipeline import make_pipeline

    pool = SHARED / "corpus" / "pool.jsonl"
    if not pool.is_file():
        sys.exit(f"registry_pool: needs {pool} (the shared pool) beside the repository, or --db STORE")
    st = MemoryStore()
    st.put_documents(iter_documents([str(pool)]))
    models = str(SHARED / "models" / "stanza-ar") if args.stanza else None
    pipe = make_pipeline(models, use_stanza=args.stanza, required=args.stanza)
    print(f"registry_pool: extracting {st.count('documents')} documents "
          f"({'stanza' if args.stanza else 'model-free'})...", file=sys.stderr)
    docs = list(st.iter_documents())
    by_doc = {}
    for i in range(0, len(docs), pipe.batch_size):
        batch = docs[i:i + pipe.batch_size]
        try:
            by_doc.update(pipe.process_many(batch))
        except Exception:  # noqa: BLE001 - one extractor failure must not stop the statistics
            for d in batch:
                try:
                    by_doc[d.id] = pipe.process(d)
                except Exception as e:  # noqa: BLE001
                    print(f"registry_pool: note: extraction failed on {d.id} ({e.__class__.__name__}); "
                          "skipped", file=sys.stderr)
    st.replace_attributions_many(by_doc)
    return st


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.registry_pool", description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="an extracted store to read instead of extracting the pool")
    ap.add_argument("--stanza", action="store_true", help="extract with the stanza models")
    ap.add_argument("--sample", type=int, default=20, help="merges and clusters to print for a hand check")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from attribution.arabic import normalize
    from attribution.tracker import derive

    st = _store(args)
    reg, claims = derive(st)
    atts = {a.id: a for a in st.iter_attributions()}
    docs = {d.id: d for d in st.iter_documents()}
    raw_names = {a.source_name for a in atts.values()}
    named = [s for s in reg.sources if not s.group and not s.anonymous]
    multi = [c for c in claims if len(c.doc_ids) > 1]
    stats = {
        "documents": len(docs), "attributions": len(atts),
        "distinct_mention_names": len(raw_names),
        "matching_keys": reg.units, "after_alias_rules": reg.auto_sources, "sources": len(reg.sources),
        "alias_merges": Counter(m.rule for m in reg.merges),
        "description_groups": sum(s.group for s in reg.sources),
        "top_sources": [(s.name, s.type, len(s.attribution_ids), len(s.doc_ids), s.group) for s in reg.sources[:10]],
        "top_named_sources": [(s.name, s.type, len(s.attribution_ids), len(s.doc_ids)) for s in named[:10]],
        "claims": len(claims), "multi_document_claims": len(multi),
        "multi_outlet_claims": sum(len(c.outlets) > 1 for c in claims),
        "claims_with_conflicts": sum(bool(c.conflicts_with) for c in claims),
        "grades": Counter(c.grade for c in claims),
        "multi_document_grades": Counter(c.grade for c in multi),
    }
    rng = random.Random(args.seed)
    def spellings(s):
        return {normalize(atts[i].source_name or "") for i in s.attribution_ids if i in atts}

    # sources that joined differently spelled names (keys: alias rules; spellings: folding and bodies.json)
    merged_sources = [s for s in reg.sources if not s.group and (len(s.keys) > 1 or len(spellings(s)) > 1)]
    pool = [("source", s) for s in merged_sources] + [("claim", c) for c in multi]
    sample = rng.sample(pool, min(args.sample, len(pool)))
    if args.json:
        print(json.dumps({**stats, "sample": [(k, x.id) for k, x in sample]}, ensure_ascii=False, indent=2))
        return 0
    print(f"{stats['documents']} documents, {stats['attributions']} attributions")
    print(f"registry: {stats['distinct_mention_names']} distinct mention names -> {stats['matching_keys']} matching "
          f"keys (folding, honorifics, bodies.json variants) -> {stats['after_alias_rules']} after alias rules "
          f"{dict(stats['alias_merges'])} -> {stats['sources']} sources ({stats['description_groups']} description "
          "groups)")
    print("10 most cited sources (attributions, documents):")
    for name, typ, n, d, group in stats["top_sources"]:
        print(f"  {n:4d} {d:4d}  {name} [{typ}{', group' if group else ''}]")
    print("10 most cited named sources:")
    for name, typ, n, d in stats["top_named_sources"]:
        print(f"  {n:4d} {d:4d}  {name} [{typ}]")
    print(f"claims: {stats['claims']}, in 2+ documents: {stats['multi_document_claims']} "
          f"({stats['multi_outlet_claims']} in 2+ outlets), with a conflict: {stats['claims_with_conflicts']}")
    print(f"grades: {dict(stats['grades'])}")
    print(f"grades of multi-document claims: {dict(stats['multi_document_grades'])}")
    print(f"\n{len(sample)} sampled merges/clusters (seed {args.seed}) to check by hand:")
    for k, (kind, x) in enumerate(sample, 1):
        if kind == "source":
            print(f"\n[{k}] source {x.id} {x.name} [{x.type}] keys={x.keys}")
            for aid in x.attribution_ids[:8]:
                a = atts.get(aid)
                if a:
                    print(f"     {a.doc_id} | {a.source.text if a.source else '(dropped)'} -> {a.source_name}")
        else:
            print(f"\n[{k}] claim {x.id} {x.grade}, {x.independent_sources} source(s): {'، '.join(x.sources)}")
            for aid in x.attribution_ids[:8]:
                a = atts.get(aid)
                if a:
                    print(f"     {a.doc_id} {docs[a.doc_id].date} | {a.source_name} | "
                          f"{a.content.text[:150]}".replace("\n", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
