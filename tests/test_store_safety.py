"""The TinyDB store survives a killed writer and refuses a second one."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from attribution.errors import StoreLockedError
from attribution.ingest import document_from_text
from attribution.store import TinyDBStore

WRITER = textwrap.dedent("""
    import sys
    from attribution.ingest import document_from_text
    from attribution.store import TinyDBStore
    s = TinyDBStore(sys.argv[1])
    s.put_documents([document_from_text(f"d{i}", "قال الوزير إن " + "كلمة " * 2000) for i in range(300)])
    print("locked", flush=True)
    s.close()
""")


def test_a_write_killed_midway_leaves_a_loadable_store(db_path):
    """kill -9 during the whole-file write: the file on disk is the old one or the new one, never half."""
    with TinyDBStore(db_path) as s:
        s.put_documents([document_from_text("keep", "قالت الوزارة إن الهدنة صامدة.")])
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"locked"
    time.sleep(0.05)  # inside close(): serialising and writing several MB
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    data = json.loads(db_path.read_text("utf-8"))
    ids = {d["id"] for d in data["documents"].values()}
    assert "keep" in ids and len(ids) in (1, 301)
    with TinyDBStore(db_path) as s:  # the kernel dropped the dead writer's lock
        assert s.get_document("keep").text.startswith("قالت")


def test_a_second_writer_gets_a_clear_error(db_path):
    first = TinyDBStore(db_path)
    try:
        with pytest.raises(StoreLockedError, match=r"locked by another process \(pid \d+\)"):
            TinyDBStore(db_path)
    finally:
        first.close()
    TinyDBStore(db_path).close()


def test_second_writer_through_the_cli_exits_1(cli, db_path, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("قال الوزير إن الوضع مستقر.", encoding="utf-8")
    holder = TinyDBStore(db_path)
    try:
        code, _, err = cli("--db", db_path, "--no-stanza", "ingest", doc)
    finally:
        holder.close()
    assert code == 1 and "store is locked by another process" in err and str(os.getpid()) in err
