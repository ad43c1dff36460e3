"""Odd input is stored and flagged, bad input is reported precisely (issue 4, "Input").

* empty and non-Arabic documents are stored with a flag, and extraction runs over them;
* malformed JSONL lines are reported with their line numbers; without ``--skip-bad`` nothing is written,
  with it the rest is ingested.
"""
from __future__ import annotations

import json

import pytest

from attribution.errors import IngestError
from attribution.ingest import BadRecord, ingest

from ..conftest import SEED

# "The ministry said that the truce is holding." / "The spokesman said the crossing is closed."
TRUCE = "قالت الوزارة إن الهدنة صامدة."
CROSSING = "قال المتحدث إن المعبر مغلق."
# "The health ministry said the number of injured rose to ten."
INJURED = "قالت وزارة الصحة إن عدد المصابين ارتفع إلى عشرة."


def _jsonl(path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def bad_jsonl(tmp_path):
    path = tmp_path / "feed.jsonl"
    _jsonl(path, [
        json.dumps({"id": "a", "text": TRUCE}, ensure_ascii=False),
        '{"id": "b", "text": "قال',                                   # 2: cut off
        json.dumps({"id": "c", "text": CROSSING}, ensure_ascii=False),
        json.dumps({"id": "d", "title": "بلا نص"}, ensure_ascii=False),  # 4: no text ("without text")
        json.dumps({"id": "e", "text": TRUCE, "date": 2020}, ensure_ascii=False),  # 5: a date that is no string
        "",
        json.dumps({"id": "f", "text": CROSSING + " " + TRUCE}, ensure_ascii=False),
    ])
    return path


def test_without_skip_bad_one_malformed_line_stores_nothing(cli, db_path, bad_jsonl):
    assert cli("--db", db_path, "ingest", SEED)[0] == 0
    before = db_path.read_bytes()
    code, _, err = cli("--db", db_path, "ingest", bad_jsonl)
    assert code == 1
    (line,) = [x for x in err.splitlines() if x.startswith("attribution: error:")]
    assert f"{bad_jsonl}:2: malformed JSONL line" in line and "--skip-bad" in line
    assert db_path.read_bytes() == before
    assert not db_path.with_name(db_path.name + ".bak").exists()  # no write session happened


def test_with_skip_bad_the_rest_is_ingested_and_every_bad_line_named(cli, db_path, bad_jsonl):
    code, _, err = cli("--db", db_path, "ingest", "--skip-bad", bad_jsonl)
    assert code == 0, err
    skipped = [x for x in err.splitlines() if "skipped" in x]
    assert [x.split(f"{bad_jsonl}:")[1].split(":")[0] for x in skipped] == ["2", "4", "5"]
    assert 'no "text" string' in skipped[1] and "field date" in skipped[2]
    assert "ingested 3 new" in err


def test_bad_lines_are_collected_with_numbers(bad_jsonl):
    bad: list[BadRecord] = []
    docs = ingest([str(bad_jsonl)], bad=bad)
    assert [d.id for d in docs] == ["a", "c", "f"]
    assert [(b.line, b.path) for b in bad] == [(2, str(bad_jsonl)), (4, str(bad_jsonl)), (5, str(bad_jsonl))]


def test_a_line_separator_inside_a_json_string_does_not_split_the_record(tmp_path):
    """U+2028 and U+0085 are legal unescaped inside JSON strings; only \\n ends a JSONL line."""
    path = tmp_path / "feed.jsonl"
    text = TRUCE + "\u2028" + CROSSING + "\u0085"
    path.write_text(json.dumps({"id": "x", "text": text}, ensure_ascii=False) + "\r\n", encoding="utf-8")
    (doc,) = ingest([str(path)])
    assert doc.text == text


def test_a_jsonl_file_with_a_bom_reads_its_first_record(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes("\ufeff".encode() + json.dumps({"id": "x", "text": TRUCE}, ensure_ascii=False).encode())
    (doc,) = ingest([str(path)])
    assert (doc.id, doc.text, doc.encoding) == ("x", TRUCE, "utf-8-sig")


def test_empty_and_non_arabic_documents_are_stored_flagged_and_extraction_runs(cli, db_path, tmp_path):
    feed = tmp_path / "feed.jsonl"
    _jsonl(feed, [json.dumps({"id": "blank", "text": ""}), json.dumps({"id": "ok", "text": INJURED},
                                                                      ensure_ascii=False)])
    (tmp_path / "spaces.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "english.txt").write_text("The minister said the crossing was closed on Monday.", encoding="utf-8")
    code, _, err = cli("--db", db_path, "ingest", tmp_path)
    assert code == 0, err
    assert "blank flagged empty (stored)" in err and "spaces flagged empty (stored)" in err
    assert "english flagged non_arabic (stored)" in err
    assert "ingested 4 new" in err
    code, _, err = cli("--db", db_path, "--no-stanza", "extract")
    assert code == 0, err
    from attribution.store import TinyDBStore

    with TinyDBStore(db_path, write=False) as s:
        flags = {d.id: d.flags for d in s.iter_documents()}
        atts = list(s.iter_attributions())
    assert flags == {"blank": ["empty"], "ok": [], "spaces": ["empty"], "english": ["non_arabic"]}
    assert [a.doc_id for a in atts] == ["ok"]


def test_a_zero_byte_file_is_still_an_error(tmp_path):
    """An empty *file* (most likely a failed download) is refused; an empty *record* is stored flagged."""
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="empty.txt: file is empty"):
        ingest([str(path)])


def test_the_same_id_twice_in_one_input_keeps_both_as_versions(cli, db_path, tmp_path):
    feed = tmp_path / "feed.jsonl"
    _jsonl(feed, [json.dumps({"id": "x", "text": t}, ensure_ascii=False) for t in (TRUCE, CROSSING)])
    code, _, err = cli("--db", db_path, "ingest", feed)
    assert code == 0 and "id x occurs more than once" in err and "ingested 1 new" in err
    from attribution.store import TinyDBStore

    with TinyDBStore(db_path, write=False) as s:
        assert [d.text for d in s.iter_document_versions("x")] == [TRUCE, CROSSING]


def test_stdin_streams_jsonl_and_text(cli, db_path):
    code, _, err = cli("--db", db_path, "ingest", "-",
                       stdin=json.dumps({"id": "s1", "text": TRUCE}, ensure_ascii=False) + "\n")
    assert code == 0 and "ingested 1 new" in err
    code, _, err = cli("--db", db_path, "ingest", "-", stdin=CROSSING)
    assert code == 0 and "ingested 1 new" in err
