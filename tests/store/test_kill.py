"""The kill test (issue 4, "Store"): SIGKILL a writing process at random moments, 100 times; after every
kill the store loads and holds every write the writer reported done.

The writer runs write sessions back to back: open the store (lock, read, parse), add two documents and give
the ``counter`` document a new version, close (backup rotation, serialise, fsync, rename), and only then
print what it wrote. Kills therefore land in every phase, including the middle of the file write; a kill
there leaves a temp file behind, which the next writer removes.

This covers process death (the kernel keeps what was written); power loss is covered only as far as the
fsync calls in atomic_write_bytes go, which a test here cannot cut.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from attribution.ingest import document_from_text
from attribution.store import TinyDBStore, backup_path, summarize_file

pytestmark = pytest.mark.slow

KILLS = 100
ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys
    from attribution.ingest import document_from_text
    from attribution.store import TinyDBStore

    path, run = sys.argv[1], sys.argv[2]
    # "the spokesman said the count reached N" + filler, so every write moves a few hundred KB
    filler = " وأضاف أن الوضع في المنطقة ما زال متوترا." * 8
    print("ready", flush=True)
    n = 0
    while True:
        s = TinyDBStore(path)
        ids = [f"{run}-{n}-{k}" for k in range(2)]
        s.put_documents([document_from_text(i, f"قال المتحدث إن العدد بلغ {i}." + filler) for i in ids])
        s.put_documents([document_from_text("counter", f"قال المتحدث إن العداد بلغ {run}-{n}.")])
        s.close()
        print(" ".join(ids), f"counter={run}-{n}", flush=True)  # done: close() returned
        n += 1
""")


def _order(counter: str) -> tuple[int, int]:
    run, n = counter.split("-")
    return int(run[1:]), int(n)


def _load_ids(db: Path) -> tuple[set[str], str]:
    with TinyDBStore(db, write=False) as s:
        ids = {d.id for d in s.iter_documents()}
        counter = s.get_document("counter").text if "counter" in ids else ""
    return ids, counter


def test_sigkill_at_random_moments_never_loses_a_reported_write(tmp_path, capsys):
    db = tmp_path / "tracker.json"
    with TinyDBStore(db) as s:  # a store of ~300 KB, so a write takes long enough to be hit
        s.put_documents([document_from_text(f"base-{i}", "قالت الوزارة إن الهدنة صامدة. " * 40) for i in range(60)])
    rng = random.Random(4)
    reported: set[str] = set()
    counters: list[str] = []
    interrupted_writes = 0
    started = time.monotonic()
    for run in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), f"r{run}"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=ROOT, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        for line in out.splitlines():
            *ids, counter = line.split() or [""]
            if len(ids) != 2 or not counter.startswith("counter="):
                continue  # a report the kill cut short: the write may be done, but it was not reported done
            reported.update(ids)
            counters.append(counter.removeprefix("counter="))
        interrupted_writes += bool(list(tmp_path.glob(".tracker.json.*.tmp")))

        ids, counter_text = _load_ids(db)  # loads: never a half-written file
        missing = reported - ids
        assert not missing, f"after kill {run + 1}: {len(missing)} reported write(s) lost, e.g. {sorted(missing)[:3]}"
        if counters:  # no reported update is rolled back (the current one may be newer than the last reported)
            assert _order(counter_text.split("بلغ ")[1].rstrip(".")) >= _order(counters[-1])
        assert summarize_file(backup_path(db)).ok, "the backup must always be a good store"

    with TinyDBStore(db) as s:  # the lock of the last killed writer is gone, its temp file is removed
        versions = [v.text.split("بلغ ")[1].rstrip(".") for v in s.iter_document_versions("counter")]
        stored = {d.id for d in s.iter_documents()}
    assert not list(tmp_path.glob(".tracker.json.*.tmp"))
    assert reported <= stored and len(reported) > KILLS  # the writers got work done between kills
    assert set(counters) <= set(versions)  # every reported new version of "counter" is kept
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nkill test: {KILLS} SIGKILLs, {len(reported)} document writes reported done in "
              f"{len(counters)} sessions, all present; {interrupted_writes} kill(s) left a half-written temp file "
              f"(landed mid-write); {len(versions)} versions of the counter document; {elapsed:.0f} s")
