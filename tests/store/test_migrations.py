"""Schema version and migration path (issue 4): a store written by the previous schema opens, is migrated
to the current one, keeps its review decisions, and the old file stays restorable.

``tests/data/store_v1.json`` was written by the walking-skeleton code (schema 1) and is never regenerated:
the seed article plus «قالت وزارة الصحة إن عدد المصابين ارتفع إلى عشرة» ("the health ministry said the
number of injured rose to ten"), extracted with the fallback annotator, the first attribution accepted and
the second rejected.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from attribution.errors import SchemaVersionError
from attribution.ingest import document_from_text
from attribution.store import SCHEMA_VERSION, TinyDBStore, backup_path, restore_backup
from attribution.store.migrations import MIGRATIONS
from attribution.tracker import reviewed_attributions

V1 = Path(__file__).resolve().parents[1] / "data" / "store_v1.json"


@pytest.fixture
def v1_store(tmp_path) -> Path:
    path = tmp_path / "old.json"
    shutil.copyfile(V1, path)
    return path


def test_the_fixture_really_is_schema_1():
    data = json.loads(V1.read_text("utf-8"))
    assert data["meta"]["1"]["schema_version"] == 1 and "document_versions" not in data
    assert SCHEMA_VERSION == 2 and set(MIGRATIONS) == {1}


def test_reading_a_v1_store_migrates_in_memory_and_leaves_the_file(v1_store):
    before = v1_store.read_bytes()
    with TinyDBStore(v1_store, write=False) as s:
        assert s.schema_version() == 2 and s.migrated_from == 1
        assert {d.id for d in s.iter_documents()} == {"000_dff7ac58f2ed17cf", "short"}
        assert [len(list(s.iter_document_versions(d))) for d in ("short",)] == [1]
        statuses = sorted(a.status for a in reviewed_attributions(s))
    assert statuses.count("accepted") == 1 and statuses.count("rejected") == 1
    assert v1_store.read_bytes() == before


def test_writing_to_a_v1_store_saves_it_as_v2_and_keeps_the_v1_file_as_backup(v1_store):
    with TinyDBStore(v1_store) as s:
        s.put_documents([document_from_text("short", "قالت وزارة الصحة إن عدد المصابين ارتفع إلى عشرين.")])
    data = json.loads(v1_store.read_text("utf-8"))
    meta = data["meta"]["1"]
    assert meta["schema_version"] == 2 and meta["migrations"][0]["from"] == 1
    assert backup_path(v1_store).read_bytes() == V1.read_bytes()
    # v2 layout: ingest time on every document, the replaced text kept as an earlier version
    assert all(d.get("ingested_at") for d in data["documents"].values())
    (old,) = data["document_versions"].values()
    assert old["text"] == "قالت وزارة الصحة إن عدد المصابين ارتفع إلى عشرة.\n" and old["superseded_at"]
    # the migration pinned each review to the document version its attribution was extracted from
    versions = {d["id"]: d["version"] for d in data["documents"].values()}
    for ev in data["reviews"].values():
        assert ev["anchor"]["doc_version"] == versions["000_dff7ac58f2ed17cf"]
    with TinyDBStore(v1_store, write=False) as s:
        assert s.migrated_from is None
        statuses = sorted(a.status for a in reviewed_attributions(s))
    assert statuses.count("accepted") == 1 and statuses.count("rejected") == 1


def test_restoring_the_v1_backup_migrates_again_on_the_next_write(v1_store):
    with TinyDBStore(v1_store) as s:
        s.put_documents([document_from_text("new", "قال المتحدث إن المعبر مغلق.")])
    restore_backup(v1_store)
    assert json.loads(v1_store.read_text("utf-8"))["meta"]["1"]["schema_version"] == 1
    with TinyDBStore(v1_store) as s:
        assert s.migrated_from == 1 and s.count("documents") == 2


def test_a_store_from_a_newer_tool_is_refused(db_path):
    with TinyDBStore(db_path) as s:
        s.put_documents([document_from_text("a", "قال المتحدث إن المعبر مغلق.")])
    data = json.loads(db_path.read_text("utf-8"))
    data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    db_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SchemaVersionError, match=f"schema version {SCHEMA_VERSION + 1}"):
        TinyDBStore(db_path, write=False)


def test_db_check_reports_a_v1_store(cli, v1_store):
    code, out, _ = cli("--db", v1_store, "db", "check")
    assert code == 0 and "schema 1 (read as 2; the file is migrated on the next write)" in out
