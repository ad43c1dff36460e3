"""Bad input gives one line on stderr, a non-zero exit, and leaves the store untouched."""
from __future__ import annotations

import pytest

from ..conftest import SEED


@pytest.fixture
def seeded(cli, db_path):
    assert cli("--db", db_path, "--no-stanza", "ingest", SEED)[0] == 0
    return db_path.read_bytes()


def _one_error_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip() and not x.startswith("attribution: note:")]
    assert len(lines) == 1, err
    assert lines[0].startswith("attribution: error: ")
    return lines[0]


@pytest.mark.parametrize("name,payload,expect", [
    ("empty.txt", b"", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("bad.jsonl", '{"id": "a", "text": "قال الوزير إن"}\n{"id": "b", "text": \n'.encode(), "bad.jsonl:2"),
], ids=["empty-file", "binary-file", "malformed-jsonl-line"])
def test_bad_file_is_refused_with_one_line_and_the_store_untouched(cli, db_path, seeded, tmp_path, name, payload,
                                                                     expect):
    bad = tmp_path / name
    bad.write_bytes(payload)
    code, out, err = cli("--db", db_path, "ingest", SEED, bad)
    assert code == 1
    assert expect in _one_error_line(err)
    assert db_path.read_bytes() == seeded


def test_missing_path_is_refused(cli, db_path, seeded, tmp_path):
    code, _, err = cli("--db", db_path, "ingest", tmp_path / "nope.txt")
    assert code == 1 and "no such file" in _one_error_line(err)
    assert db_path.read_bytes() == seeded


def test_usage_error_exits_2_with_one_line(cli):
    code, _, err = cli("ingest")
    assert code == 2 and "required" in _one_error_line(err)


def test_unknown_document_is_a_clear_error(cli, db_path, seeded):
    code, _, err = cli("--db", db_path, "show", "no-such-doc")
    assert code == 1 and "no-such-doc" in _one_error_line(err)


def test_reading_a_store_that_does_not_exist_says_how_to_make_one(cli, tmp_path):
    code, _, err = cli("--db", tmp_path / "none.json", "sources")
    assert code == 1 and "attribution ingest" in _one_error_line(err)
