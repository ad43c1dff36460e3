"""One rotated backup per write session, clear errors for a damaged store, ``db check`` and ``db restore``
(issue 4, "Store")."""
from __future__ import annotations

import json

import pytest

from attribution.errors import StoreCorruptError, StoreLockedError
from attribution.ingest import document_from_text
from attribution.store import TinyDBStore, backup_path, restore_backup

# "The ministry said that the truce is holding." / "The spokesman said the crossing is closed."
TRUCE = "قالت الوزارة إن الهدنة صامدة."
CROSSING = "قال المتحدث إن المعبر مغلق."


def _session(db, doc_id: str, text: str = TRUCE) -> None:
    with TinyDBStore(db) as s:
        s.put_documents([document_from_text(doc_id, text)])


def _ids(path) -> set[str]:
    return {d["id"] for d in json.loads(path.read_text("utf-8")).get("documents", {}).values()}


def test_each_write_session_keeps_the_state_before_it_as_the_backup(db_path):
    bak = backup_path(db_path)
    _session(db_path, "a")
    assert not bak.exists()  # nothing to back up before the first write
    _session(db_path, "b")
    assert _ids(bak) == {"a"} and _ids(db_path) == {"a", "b"}
    with TinyDBStore(db_path) as s:  # one session, several flushes: still one rotation
        s.put_documents([document_from_text("c", TRUCE)])
        s.flush()
        s.put_documents([document_from_text("d", TRUCE)])
    assert _ids(bak) == {"a", "b"} and _ids(db_path) == {"a", "b", "c", "d"}


def test_a_session_that_changes_nothing_leaves_file_and_backup_alone(db_path):
    _session(db_path, "a")
    _session(db_path, "b")
    state = db_path.read_bytes(), backup_path(db_path).read_bytes()
    _session(db_path, "b")  # the same content again: a no-op
    with TinyDBStore(db_path, write=False) as s:
        list(s.iter_documents())
    assert (db_path.read_bytes(), backup_path(db_path).read_bytes()) == state


def test_a_failed_command_writes_nothing(db_path):
    _session(db_path, "a")
    before = db_path.read_bytes()
    with pytest.raises(RuntimeError):
        with TinyDBStore(db_path) as s:
            s.put_documents([document_from_text("b", TRUCE)])
            raise RuntimeError("the command failed half-way")
    assert db_path.read_bytes() == before and not backup_path(db_path).exists()


@pytest.mark.parametrize("damage,words", [
    (lambda raw: raw[: len(raw) // 2], "is truncated"),
    (lambda raw: b"", "is empty (truncated to 0 bytes)"),
    (lambda raw: raw.replace(b'"documents"', b'"documents\xff"', 1), "is corrupt (not UTF-8"),
    (lambda raw: b"[1, 2, 3]", "is not a store"),
], ids=["half", "zero-bytes", "bad-utf8", "not-a-store"])
def test_a_damaged_store_names_the_file_and_the_last_good_backup(db_path, damage, words):
    _session(db_path, "a")
    _session(db_path, "b")
    db_path.write_bytes(damage(db_path.read_bytes()))
    for write in (True, False):
        with pytest.raises(StoreCorruptError) as e:
            TinyDBStore(db_path, write=write)
        line = e.value.one_line()
        assert f"store file {db_path} {words}" in line
        assert f"the last good backup is {backup_path(db_path)} (schema 2, 1 document(s), saved " in line
        assert "attribution db restore" in line
    assert _ids(backup_path(db_path)) == {"a"}  # the damaged file never replaced the backup


def test_a_damaged_store_without_a_backup_says_so(db_path):
    _session(db_path, "a")
    db_path.write_bytes(db_path.read_bytes()[:-3])
    with pytest.raises(StoreCorruptError) as e:
        TinyDBStore(db_path)
    assert "no backup exists" in e.value.one_line()


def test_restore_puts_the_backup_back_and_keeps_the_damaged_file(db_path):
    _session(db_path, "a")
    _session(db_path, "b")
    db_path.write_bytes(b'{"meta": {"1": {"schema_vers')
    done = restore_backup(db_path)
    assert _ids(db_path) == {"a"} and done.kept.read_bytes() == b'{"meta": {"1": {"schema_vers'
    assert _ids(backup_path(db_path)) == {"a"}  # still there for another restore
    _session(db_path, "c")  # and the store works again
    assert _ids(db_path) == {"a", "c"}


def test_restore_refuses_a_damaged_backup_and_a_locked_store(db_path):
    _session(db_path, "a")
    _session(db_path, "b")
    holder = TinyDBStore(db_path)
    try:
        with pytest.raises(StoreLockedError):
            restore_backup(db_path)
    finally:
        holder.close()
    backup_path(db_path).write_bytes(b"{")
    with pytest.raises(StoreCorruptError, match="cannot restore from .*bak: it is truncated"):
        restore_backup(db_path)
    assert _ids(db_path) == {"a", "b"}


# -- the commands ---------------------------------------------------------------------------------------------

def test_db_check_on_a_healthy_store(cli, db_path):
    from ..conftest import SEED

    assert cli("--db", db_path, "ingest", SEED)[0] == 0
    assert cli("--db", db_path, "--no-stanza", "extract")[0] == 0
    code, out, _ = cli("--db", db_path, "db", "check")
    assert code == 0 and out.strip().endswith("no problems found")
    assert "1 document(s), 0 earlier version(s)" in out and "9 attribution(s)" in out
    code, out, _ = cli("--db", db_path, "db", "check", "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["errors"] == 0


def test_db_check_finds_a_span_that_does_not_slice_its_document(cli, db_path):
    from ..conftest import SEED

    cli("--db", db_path, "ingest", SEED)
    cli("--db", db_path, "--no-stanza", "extract")
    data = json.loads(db_path.read_text("utf-8"))
    rec = next(iter(data["attributions"].values()))
    rec["cue"]["start"] += 1
    rec["cue"]["end"] += 1
    db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = cli("--db", db_path, "db", "check")
    assert code == 1 and "1 attribution(s) whose spans do not slice their document" in out


def test_db_check_warns_about_attributions_of_an_earlier_version(cli, db_path, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("قالت وزارة الصحة إن عدد المصابين ارتفع إلى عشرة.", encoding="utf-8")
    cli("--db", db_path, "ingest", art)
    cli("--db", db_path, "--no-stanza", "extract")
    art.write_text("قالت وزارة الصحة إن عدد المصابين ارتفع إلى عشرين.", encoding="utf-8")  # ten -> twenty
    code, _, err = cli("--db", db_path, "ingest", art)
    assert code == 0 and "run `attribution extract`" in err
    code, out, _ = cli("--db", db_path, "db", "check")
    assert code == 0 and "1 attribution(s) were extracted from an earlier version" in out
    assert "1 document(s), 1 earlier version(s)" in out


def test_db_check_and_restore_on_a_truncated_store(cli, db_path):
    _session(db_path, "a")
    _session(db_path, "b")
    db_path.write_bytes(db_path.read_bytes()[:40])
    code, _, err = cli("--db", db_path, "sources")
    assert code == 1 and "the last good backup is" in err
    code, out, _ = cli("--db", db_path, "db", "check")
    assert code == 1 and f"ERROR  file          {db_path} is truncated" in out
    assert "restore it with `attribution db restore`" in out
    code, _, err = cli("--db", db_path, "db", "restore")
    assert code == 0 and f"restored {db_path} from {backup_path(db_path)}" in err and ".replaced-" in err
    assert cli("--db", db_path, "db", "check")[0] == 0


def test_db_without_an_action_is_a_usage_error(cli, db_path):
    code, _, err = cli("--db", db_path, "db")
    assert code == 2 and "check or restore" in err
