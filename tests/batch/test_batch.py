"""Batch extraction: worker processes and Dask give what one process gives, in the same order; the client
writes; Ctrl-C or a dead worker writes nothing and leaves no process behind.

Most tests use the model-free annotator (fast, and the same code path: the pipeline object is what travels
to the workers); one runs the stanza models in two workers.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attribution.batch import DaskRunner, InlineRunner, ProcessPoolRunner, make_runner
from attribution.errors import UsageError
from attribution.ingest import document_from_text
from attribution.pipeline import make_pipeline
from attribution.store import open_store

# "Suhaib al-Jaber, director of the Furat Post network, said the shelling targeted the group's positions"
JABER = 'وقال صهيب الجابر مدير شبكة "فرات بوست" إن القصف استهدف مواقع التنظيم قرب الحدود.'
# "The ministry announced that the crossing will reopen tomorrow, according to local sources."
CROSSING = "أعلنت الوزارة أن المعبر سيفتح غدا، حسب مصادر محلية."
CLI = [sys.executable, "-c", "import sys; from attribution.cli import main; sys.exit(main(sys.argv[1:]))"]


def _docs(seed_text: str, n: int = 30) -> list:
    texts = [seed_text, JABER, CROSSING, JABER + "\n\n" + CROSSING]
    return [document_from_text(f"d{i:03d}", texts[i % len(texts)] + f"\n\n({i})") for i in range(n)]


def _run(runner, docs) -> list:
    with runner:
        return [(d.id, [a.model_dump() for a in atts]) for d, atts in runner.iter_process(docs)]


@pytest.fixture
def pipe():
    return make_pipeline(use_stanza=False)


def test_process_pool_and_local_dask_return_what_one_process_returns_in_input_order(pipe, seed_text):
    docs = _docs(seed_text)
    want = _run(InlineRunner(pipe), docs)
    assert [i for i, _ in want] == [d.id for d in docs] and sum(len(a) for _, a in want) > 30
    # batches of 3 over 2 workers finish out of order; the results must not
    assert _run(ProcessPoolRunner(pipe, 2, batch_size=3), docs) == want
    assert _run(DaskRunner(pipe, workers=2, batch_size=3), docs) == want


def test_a_running_dask_cluster_by_its_address(pipe, seed_text, tmp_path, cli):
    from distributed import LocalCluster

    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n"
                            for d in _docs(seed_text, 12)), encoding="utf-8")
    code, want, err = cli("--no-stanza", "extract", docs, "--format", "jsonl")
    assert code == 0, err
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        code, out, err = cli("--no-stanza", "extract", docs, "--format", "jsonl", "--scheduler",
                             cluster.scheduler_address, "--batch-size", "2")
    assert code == 0, err
    assert out == want and len(want.splitlines()) > 12


def test_one_shot_jsonl_is_the_same_with_workers(cli, seed_text, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for doc in _docs(seed_text, 10):
        (d / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
    code, want, err = cli("--no-stanza", "extract", d, "--format", "jsonl")
    assert code == 0, err
    code, got, err = cli("--no-stanza", "extract", d, "--format", "jsonl", "--workers", "2", "--batch-size", "1")
    assert code == 0, err
    assert got == want and len(want.splitlines()) >= 10


def _ingested(tmp_path, seed_text, n=30) -> Path:
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n"
                           for d in _docs(seed_text, n)), encoding="utf-8")
    return src


def _tables(path: Path) -> dict:
    """Every table of a TinyDB store file in file order, without ingestion times (they differ by run)."""
    data = json.loads(path.read_text("utf-8"))
    return {t: [(k, {f: x for f, x in rec.items() if f != "ingested_at"}) for k, rec in v.items()]
            for t, v in data.items() if t != "meta"}


@pytest.mark.parametrize("flags", [["--workers", "2"], ["--dask", "local", "--workers", "2"]],
                         ids=["processes", "dask"])
def test_extract_with_workers_writes_the_store_one_process_writes(cli, tmp_path, seed_text, flags):
    src = _ingested(tmp_path, seed_text)
    stores = {}
    for name, extra in (("inline", []), ("workers", [*flags, "--batch-size", "4"])):
        db = tmp_path / f"{name}.json"
        assert cli("--db", db, "ingest", src)[0] == 0
        code, _, err = cli("--no-stanza", "--db", db, "extract", *extra)
        assert code == 0, err
        stores[name] = _tables(db)
    assert stores["workers"] == stores["inline"] and len(stores["inline"]["attributions"]) > 30


def test_extract_with_workers_into_postgres(cli, tmp_path, seed_text, pg_url):
    src = _ingested(tmp_path, seed_text)
    db = tmp_path / "inline.json"
    for where in (db, pg_url):
        assert cli("--db", where, "ingest", src)[0] == 0
    assert cli("--no-stanza", "--db", db, "extract")[0] == 0
    code, _, err = cli("--no-stanza", "--db", pg_url, "extract", "--workers", "2", "--batch-size", "4")
    assert code == 0, err
    with open_store(str(db), write=False) as a, open_store(pg_url, write=False) as b:
        for table in ("iter_attributions", "iter_sources", "iter_claims"):
            assert [x.model_dump() for x in getattr(a, table)()] == [x.model_dump() for x in getattr(b, table)()]


@pytest.mark.slow
def test_stanza_in_two_workers_agrees_with_one_process(stanza_dir, seed_text):
    pipe = make_pipeline(str(stanza_dir))
    docs = _docs(seed_text, 8)
    want = _run(InlineRunner(pipe), docs)
    runner = ProcessPoolRunner(pipe, 2, batch_size=2)
    with runner:
        got = [(d.id, [a.model_dump() for a in atts]) for d, atts in runner.iter_process(docs)]
        # each worker built its stanza pipeline once, at start-up, and kept it for every batch
        loaded = [runner._pool.submit(_loaded_pipelines).result() for _ in range(6)]  # noqa: SLF001
    assert got == want
    assert {n for _, n in loaded} == {1} and len({pid for pid, _ in loaded}) <= 2


def _loaded_pipelines() -> tuple[int, int]:
    from attribution.nlp import stanza_annotator

    return os.getpid(), len(stanza_annotator._PIPELINES)  # noqa: SLF001


@pytest.mark.parametrize("argv, message", [
    (["--workers", "0"], "--workers must be at least 1"),
    (["--dask", "local", "--scheduler", "tcp://127.0.0.1:8786"], "not both"),
    (["--batch-size", "0"], "--batch-size must be at least 1"),
])
def test_impossible_flags_are_usage_errors(cli, argv, message):
    code, _, err = cli("--no-stanza", "extract", *argv)
    assert code == 2 and message in err


def test_an_unreachable_scheduler_is_one_clear_line(cli, tmp_path, seed_text):
    import dask

    src = _ingested(tmp_path, seed_text, 2)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code, out, err = cli("--no-stanza", "extract", src, "--scheduler", "tcp://127.0.0.1:1")
    assert code == 1 and out == ""
    assert err.startswith("attribution: error: cannot reach the Dask scheduler at tcp://127.0.0.1:1")


def test_importing_the_runners_loads_no_cluster_or_model_code():
    code = ("import sys, attribution.batch, attribution.cli.extract_cmd; print(','.join(m for m in ('dask', "
            "'distributed', 'torch', 'stanza', 'psycopg') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == ""


def test_make_runner_picks_the_runner_the_flags_ask_for(pipe):
    assert isinstance(make_runner(pipe), InlineRunner)
    assert isinstance(make_runner(pipe, workers=3), ProcessPoolRunner)
    local = make_runner(pipe, dask="local", workers=2)
    assert isinstance(local, DaskRunner) and local.scheduler is None and local.workers == 2
    assert make_runner(pipe, scheduler="tcp://h:8786").scheduler == "tcp://h:8786"
    with pytest.raises(UsageError):
        make_runner(pipe, dask="remote")


# -- stopping: Ctrl-C, a dead worker ---------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _group_gone(pgid: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def _extract_in_a_terminal(db: Path, flags: list[str], act, at_least: int):
    """Run ``extract`` with stderr on a pseudo-terminal (so the progress bar draws), in a process group of its
    own; once the bar shows ``at_least`` documents done, call ``act(proc)``. Returns (exit code, terminal text)."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    proc = subprocess.Popen([*CLI, "--no-stanza", "--db", str(db), "extract", *flags], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen, acted = b"", False
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed: the process ended
                break
            if not chunk:
                break
            seen += chunk
            done = [int(m) for m in re.findall(rb"(\d+)/\d+", seen)]
            if not acted and done and max(done) >= at_least:
                act(proc)
                acted = True
        code = proc.wait(60)
    finally:
        os.close(master)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert acted, seen.decode("utf-8", "replace")[-500:]
    return code, seen.decode("utf-8", "replace"), proc.pid


@pytest.mark.slow
@pytest.mark.parametrize("flags", [["--workers", "2"], ["--dask", "local", "--workers", "2"]],
                         ids=["processes", "dask"])
def test_ctrl_c_stops_the_workers_and_writes_nothing(tmp_path, seed_text, flags, cli):
    db = tmp_path / "t.json"
    assert cli("--db", db, "ingest", _ingested(tmp_path, seed_text, 1500))[0] == 0
    before = db.read_bytes()
    # Ctrl-C in a terminal signals the whole foreground group: the client and every worker
    code, screen, pgid = _extract_in_a_terminal(db, [*flags, "--batch-size", "4"],
                                                lambda p: os.killpg(p.pid, signal.SIGINT), at_least=100)
    assert code == 130, screen[-800:]
    assert "extract" in screen  # the progress bar was drawn
    assert "interrupted; nothing from this command was written" in screen
    assert "Traceback" not in screen, screen[-1500:]
    assert db.read_bytes() == before
    assert _group_gone(pgid), "worker processes outlived the command"


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_one_error_and_writes_nothing(tmp_path, seed_text, cli):
    db = tmp_path / "t.json"
    assert cli("--db", db, "ingest", _ingested(tmp_path, seed_text, 1500))[0] == 0
    before = db.read_bytes()

    def kill_a_worker(proc):
        workers = [c for c in _children(proc.pid)
                   if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert workers
        os.kill(workers[0], signal.SIGKILL)

    code, screen, pgid = _extract_in_a_terminal(db, ["--workers", "2", "--batch-size", "4"], kill_a_worker,
                                                at_least=100)
    assert code == 1, screen[-800:]
    assert "attribution: error: a worker process died" in screen
    assert db.read_bytes() == before
    assert _group_gone(pgid)

