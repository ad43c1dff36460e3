"""What only the PostgreSQL store has to do: many writers at once, a server that is not there, the GIN index,
a store per schema, and ``db migrate`` from TinyDB into PostgreSQL and back.

The writers are real processes on a real server (the session's, see conftest.py); the barriers make both
sessions hold uncommitted work at the same moment, which is when a lost write or a deadlock would happen.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import subprocess
import sys

import pytest

from attribution.ingest import document_from_text
from attribution.store import open_store

pytestmark = pytest.mark.postgres

# "The spokesman said that the talks will resume on Sunday" (number {i}) — a distinct text per id
SAID = "قال المتحدث إن المحادثات ستستأنف يوم الأحد رقم {i}."
# one speaker and one claim in many documents: "Suhaib al-Jaber said the shelling targeted the group's
# positions near the border"
JABER = "وقال صهيب الجابر إن القصف استهدف مواقع التنظيم قرب الحدود."
# two texts two writers store under the same ids at once: "... the situation is calm" / "... is tense"
CALM, TENSE = "قالت مصادر إن الوضع هادئ {i}.", "قالت مصادر إن الوضع متوتر {i}."
#: the command line in a process of its own
CLI = [sys.executable, "-c", "import sys; from attribution.cli import main; sys.exit(main(sys.argv[1:]))"]


def _docs(prefix: str, n: int, text: str = SAID) -> list:
    return [document_from_text(f"{prefix}{i}", text.format(i=i)) for i in range(n)]


def _ingest_at_once(url: str, docs: list[dict], barrier, out) -> None:
    """One writer: open, stage its documents in batches while the other does, commit after both staged."""
    from attribution.models import Document

    s = open_store(url)
    barrier.wait(60)
    docs = [Document.model_validate(d) for d in docs]
    added = []
    for i in range(0, len(docs), 40):
        added += s.put_documents(docs[i:i + 40]).added
    barrier.wait(60)  # both sessions hold uncommitted writes now
    s.close()
    out.put(len(added))


def _run_together(target, args_per_process: list[tuple]) -> list:
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(len(args_per_process)), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, barrier, out)) for a in args_per_process]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    return [out.get(timeout=5) for _ in procs]


def test_two_processes_ingesting_at_once_lose_nothing(pg_url):
    shared = _docs("s", 100)
    calm, tense = _docs("c", 10, CALM), _docs("c", 10, TENSE)
    first = _docs("a", 100) + shared + calm
    second = calm[:0] + tense[::-1] + shared[::-1] + _docs("b", 100)  # the shared ids in the other order
    with open_store(pg_url):
        pass  # the schema exists before the race (creating it concurrently is tested below)
    _run_together(_ingest_at_once, [(pg_url, [d.model_dump() for d in first]),
                                    (pg_url, [d.model_dump() for d in second])])
    with open_store(pg_url, write=False) as s:
        stored = {d.id: d.text for d in s.iter_documents()}
        assert len(stored) == 310 and s.count("documents") == 310
        for d in _docs("a", 100) + shared + _docs("b", 100):
            assert stored[d.id] == d.text
        for i in range(10):
            # both texts survive: whichever committed last is current, the other is its earlier version
            texts = [v.text for v in s.iter_document_versions(f"c{i}")]
            assert sorted(texts) == sorted([CALM.format(i=i), TENSE.format(i=i)])
        assert s.count("document_versions") == 10


def test_two_first_writers_create_the_store_once(pg_url):
    _run_together(_ingest_at_once, [(pg_url, [d.model_dump() for d in _docs("a", 50)]),
                                    (pg_url, [d.model_dump() for d in _docs("b", 50)])])
    with open_store(pg_url, write=False) as s:
        assert s.count("documents") == 100 and s.schema_version() == 2


def _extract_at_once(url: str, doc_ids: list[str], barrier, out) -> None:
    """One extract command: compute without locks, then write and rebuild the derived tables."""
    from attribution.pipeline import make_pipeline
    from attribution.tracker import _write_attributions, rebuild

    pipe = make_pipeline(use_stanza=False)
    s = open_store(url)
    by_doc = pipe.process_many([s.get_document(i) for i in doc_ids])
    barrier.wait(60)
    _write_attributions(s, by_doc)
    rebuild(s)
    s.close()
    out.put(sum(map(len, by_doc.values())))


def test_two_extract_commands_at_once_rebuild_over_both(pg_url, seed_text):
    """The second writer of derived tables waits for the first and rebuilds over its attributions too."""
    from attribution.pipeline import make_pipeline
    from attribution.store import MemoryStore
    from attribution.tracker import extract_store

    docs = [document_from_text("seed", seed_text)] + [document_from_text(f"j{i}", JABER) for i in range(6)]
    with open_store(pg_url) as s:
        s.put_documents(docs)
    half = len(docs) // 2
    _run_together(_extract_at_once, [(pg_url, [d.id for d in docs[:half]]), (pg_url, [d.id for d in docs[half:]])])

    ref = MemoryStore()
    ref.put_documents(docs)
    extract_store(ref, make_pipeline(use_stanza=False))
    # the speaker and the claim span both halves: a rebuild that missed the other writer's half would show
    jaber = next(c for c in ref.iter_claims() if "القصف" in c.text)
    assert {"j0", "j5"} <= set(jaber.doc_ids)
    with open_store(pg_url, write=False) as s:
        assert {a.id for a in s.iter_attributions()} == {a.id for a in ref.iter_attributions()}
        for table in ("iter_sources", "iter_claims"):
            got = sorted((x.id, sorted(x.attribution_ids)) for x in getattr(s, table)())
            assert got == sorted((x.id, sorted(x.attribution_ids)) for x in getattr(ref, table)()), table


def test_two_ingest_commands_at_once_through_the_cli(pg_url, tmp_path):
    files = []
    for name, docs in (("one", _docs("p", 150) + _docs("s", 50)), ("two", _docs("s", 50)[::-1] + _docs("q", 150))):
        f = tmp_path / f"{name}.jsonl"
        f.write_text("".join(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n" for d in docs),
                     encoding="utf-8")
        files.append(f)
    cmd = [*CLI, "--db", pg_url, "ingest"]
    procs = [subprocess.Popen([*cmd, str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    with open_store(pg_url, write=False) as s:
        assert s.count("documents") == 350 and s.count("document_versions") == 0


def test_an_unreachable_server_is_one_clear_line_without_the_password(cli):
    code, out, err = cli("--db", "postgresql://reader:s3cret@127.0.0.1:1/news", "sources")
    assert code == 1 and out == ""
    assert err.startswith("attribution: error: cannot connect to PostgreSQL at postgresql://reader:***@127.0.0.1:1/news")
    assert "s3cret" not in err and len(err.strip().splitlines()) == 1


def test_without_psycopg_the_core_runs_and_a_postgres_url_says_what_to_install(tmp_path):
    code = f"""
import sys
sys.modules["psycopg"] = None  # as if it were not installed
import attribution.store, attribution.cli, attribution.batch
from attribution.cli import main
sys.exit(main(["--db", "postgresql://u@127.0.0.1:1/x", "sources"]))
"""
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 1
    assert "a PostgreSQL store needs psycopg" in p.stderr and "arabic-attribution[postgres]" in p.stderr
    p = subprocess.run([sys.executable, "-c", "import sys, attribution.store, attribution.cli, attribution.tracker; "
                        "print('psycopg' in sys.modules)"], capture_output=True, text=True)
    assert p.stdout.strip() == "False"


def test_an_unknown_url_scheme_is_refused(cli):
    code, _, err = cli("--db", "mysql://u@h/db", "sources")
    assert code == 1 and "unknown store URL scheme 'mysql'" in err


def test_containment_queries_use_the_gin_index(pg_url, seed_text):
    from attribution.pipeline import make_pipeline
    from attribution.tracker import extract_store

    with open_store(pg_url) as s:
        s.put_documents([document_from_text("seed", seed_text, outlet="تلفزيون سوريا")] + _docs("x", 3))
        extract_store(s, make_pipeline(use_stanza=False))
        assert [r["id"] for r in s.find("documents", {"outlet": "تلفزيون سوريا"})] == ["seed"]
        some = next(iter(s.iter_sources()))
        aid = some.attribution_ids[0]
        assert some.id in [r["id"] for r in s.find("sources", {"attribution_ids": [aid]})]
        assert {r["id"] for r in s.find("attributions", {"anonymous": True})} == \
            {a.id for a in s.iter_attributions() if a.anonymous}
    import psycopg

    with psycopg.connect(pg_url) as conn:
        conn.execute("SET enable_seqscan = off")  # a tiny table: ask whether the index *can* answer
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN SELECT doc FROM sources WHERE doc @> %s::jsonb", (json.dumps({"attribution_ids": [aid]}),)))
        assert "sources_doc" in plan
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}
    assert {"attributions_doc_id", "document_versions_doc_id", "reviews_target", "attributions_doc",
            "documents_doc", "claims_doc"} <= indexes


def test_a_schema_in_the_url_keeps_two_stores_apart_in_one_database(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA desk_a; CREATE SCHEMA desk_b")
    a, b = (f"{pg_url}?options=-csearch_path%3D{name}" for name in ("desk_a", "desk_b"))
    with open_store(a) as s:
        s.put_documents(_docs("a", 3))
    with open_store(b) as s:
        s.put_documents(_docs("b", 2))
    with open_store(a, write=False) as s:
        assert [d.id for d in s.iter_documents()] == ["a0", "a1", "a2"]
    with open_store(b, write=False) as s:
        assert [d.id for d in s.iter_documents()] == ["b0", "b1"]


def test_db_migrate_tinydb_to_postgres_and_back_gives_the_same_store(cli, pg_url, tmp_path, seed_text):
    from attribution.models import ReviewEvent
    from attribution.pipeline import make_pipeline
    from attribution.tracker import extract_store

    src = tmp_path / "src.json"
    with open_store(str(src)) as s:
        s.put_documents([document_from_text("seed", seed_text), document_from_text("c", CALM.format(i=1))])
        s.put_documents([document_from_text("c", TENSE.format(i=1))])  # an earlier version to carry along
        extract_store(s, make_pipeline(use_stanza=False))
        s.append_reviews([ReviewEvent(action="accept", target=next(s.iter_attributions()).id, actor="t")])

    code, out, err = cli("db", "migrate", "--from", src, "--to", pg_url, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ok"] and {t["table"]: t["target"] for t in report["tables"]}["document_versions"] == 1
    back = tmp_path / "back.json"
    code, out, err = cli("--db", pg_url, "db", "migrate", "--to", back)
    assert code == 0, err
    assert out.strip().splitlines()[-1].startswith("copied ")

    a, b = json.loads(src.read_text("utf-8")), json.loads(back.read_text("utf-8"))
    assert a.keys() == b.keys()
    for table in a:
        if table != "meta":
            assert list(a[table].items()) == list(b[table].items()), table  # same records, same order
    assert b["meta"]["1"]["copied_from"].startswith("postgresql://")

    code, _, err = cli("db", "migrate", "--from", src, "--to", pg_url)
    assert code == 1 and "is not empty" in err
    code, _, err = cli("db", "migrate", "--from", src, "--to", src)
    assert code == 2
