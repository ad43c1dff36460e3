"""`attribution claims`, `claim ID` and `sources merge/split/rebuild` on a real store file."""
from __future__ import annotations

import json

import pytest

ARTICLES = {
    # "The Iraqi defence ministry said the army shelled IS positions in Baghouz."
    "a.txt": "وقالت وزارة الدفاع العراقية إن قوات الجيش العراقي قصفت بالمدفعية الثقيلة مواقع تنظيم الدولة في "
             "بلدة الباغوز شرق دير الزور.\nوقال وزير الخارجية السعودي إن المملكة تدعم الحل السياسي في اليمن.",
    # "Suhaib al-Jaber said the same; Adel al-Jubeir said the kingdom backs a political solution."
    "b.txt": 'وقال مدير شبكة "فرات بوست" صهيب الجابر إن قوات الجيش العراقي قصفت بالمدفعية الثقيلة مواقع تنظيم '
             "الدولة في بلدة الباغوز شرق دير الزور.\nوقال عادل الجبير إن المملكة تدعم الحل السياسي في اليمن.",
}


@pytest.fixture
def db(cli, tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, "utf-8")
    db = tmp_path / "tracker.json"
    assert cli("--db", db, "--no-stanza", "ingest", src)[0] == 0
    assert cli("--db", db, "--no-stanza", "extract")[0] == 0
    return db


def _json(cli, *argv):
    code, out, err = cli(*argv)
    assert code == 0, err
    return json.loads(out)


def test_claims_json_follows_the_output_contract(cli, db):
    """ANNOTATION.md §6: claim_id, text, attributions (doc_id, cue, content, source_name, via), sources,
    independent_sources, conflicts_with, grade; offsets slice each document's stored text."""
    claims = _json(cli, "--db", db, "claims", "--format", "json", "--min-sources", "2")
    [claim] = [c for c in claims if "الباغوز" in c["text"]]
    assert {"claim_id", "text", "attributions", "sources", "independent_sources", "conflicts_with",
            "grade"} <= set(claim)
    assert claim["independent_sources"] == 2 and claim["grade"] == "independent confirmation"
    stored = {d["id"]: d["text"] for d in json.loads(db.read_text("utf-8"))["documents"].values()}
    for att in claim["attributions"]:
        assert {"doc_id", "cue", "content", "source_name", "via"} <= set(att)
        body = stored[att["doc_id"]]
        assert body in ARTICLES.values()
        for span in ("cue", "content"):
            assert body[att[span]["start"]:att[span]["end"]] == att[span]["text"]
    assert all(c["independent_sources"] >= 2 for c in claims)


def test_claim_shows_every_backing_sentence_and_the_grade(cli, db):
    claims = _json(cli, "--db", db, "claims", "--format", "json")
    cid = next(c["claim_id"] for c in claims if "الباغوز" in c["text"])
    code, out, err = cli("--db", db, "claim", cid[:8])
    assert code == 0, err
    assert "independent confirmation" in out and "2 independent source(s)" in out
    assert out.count("قوات الجيش العراقي قصفت بالمدفعية الثقيلة") >= 2
    assert "صهيب الجابر" in out and "وزارة الدفاع العراقية" in out
    assert "المملكة تدعم" not in out  # the next sentence is not part of this claim's backing


def test_an_unknown_claim_is_one_error_line(cli, db):
    code, out, err = cli("--db", db, "claim", "c-nothing")
    assert code == 1 and out == "" and err.startswith("attribution: error: no claim 'c-nothing'")


def test_sources_merge_then_split_through_the_cli(cli, db):
    """Merge the unnamed office into the named minister, re-extract, then split it back out."""
    merged = _json(cli, "--db", db, "sources", "merge", "وزير الخارجية السعودي", "عادل الجبير", "--format", "json")
    assert merged[0]["name"] == "عادل الجبير" and merged[0]["documents"] == 2
    assert cli("--db", db, "--no-stanza", "extract")[0] == 0
    names = {s["name"]: s for s in _json(cli, "--db", db, "sources", "--format", "json")}
    assert "وزير الخارجية السعودي" not in names and names["عادل الجبير"]["documents"] == 2
    split = _json(cli, "--db", db, "sources", "split", "عادل الجبير", "--alias", "وزير الخارجية السعودي",
                  "--format", "json")
    assert sorted(s["name"] for s in split) == ["عادل الجبير", "وزير الخارجية السعودي"]
    stats = _json(cli, "--db", db, "sources", "rebuild", "--format", "json")
    assert stats["unapplied_manual_decisions"] == [] and stats["sources"] == len(
        _json(cli, "--db", db, "sources", "--format", "json"))


def test_sources_merge_with_an_unknown_name_writes_nothing(cli, db):
    before = db.read_bytes()
    code, out, err = cli("--db", db, "sources", "merge", "لا أحد", "عادل الجبير")
    assert code == 1 and "no source 'لا أحد'" in err and err.count("\n") == 1
    assert db.read_bytes() == before


def test_sources_split_without_what_to_move_is_a_usage_error(cli, db):
    code, _, err = cli("--db", db, "sources", "split", "عادل الجبير")
    assert code == 2 and "--alias NAME or --attribution ID" in err


def test_sources_lists_groups_and_filters(cli, db):
    rows = _json(cli, "--db", db, "sources", "--format", "json", "--type", "person")
    assert {r["name"] for r in rows} == {"صهيب الجابر", "عادل الجبير"}
    assert all(r["claims"] == 1 and not r["group"] for r in rows)
