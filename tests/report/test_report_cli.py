"""``attribution report``: formats, files, filters and errors, end to end on a TinyDB file of the seed."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from attribution.nlp import FallbackAnnotator
from attribution.pipeline import Pipeline
from attribution.store import TinyDBStore
from attribution.tracker import extract_store, ingest_paths

SEED = Path(__file__).resolve().parents[2] / "corpus" / "000_dff7ac58f2ed17cf.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("report-cli") / "tracker.json"
    st = TinyDBStore(path)
    ingest_paths(st, [str(SEED)])
    extract_store(st, Pipeline(annotator=FallbackAnnotator()))
    st.close()
    return path


def test_json_on_stdout_by_default(cli, db):
    code, out, err = cli("--db", db, "report")
    assert code == 0, err
    data = json.loads(out)
    assert data["format"] == "attribution-audit-report"
    assert data["summary"]["documents"] == 1 and data["summary"]["attributions"] > 0


def test_format_follows_the_output_suffix(cli, db, tmp_path):
    out = tmp_path / "audit.html"
    code, stdout, err = cli("--db", db, "report", "-o", out)
    assert code == 0, err
    assert stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ar" dir="rtl">' in page
    assert f"wrote {out}" in err and "anonymous" in err


def test_csv_writes_one_file_per_table_or_the_table_asked_for(cli, db, tmp_path):
    code, _, err = cli("--db", db, "report", "--format", "csv", "-o", tmp_path / "audit.csv")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "audit.claims.csv", "audit.outlets.csv", "audit.source_types.csv", "audit.sources.csv", "audit.summary.csv"]
    code, out, err = cli("--db", db, "report", "--format", "csv", "--table", "sources")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows and {"name", "type", "share", "first_seen"} <= set(rows[0])


@pytest.mark.parametrize(("argv", "message"), [
    pytest.param(["--format", "csv"], "several tables", id="csv-stdout-needs-a-table"),
    pytest.param(["--format", "html", "--table", "sources"], "single document", id="table-on-html"),
    pytest.param(["--format", "csv", "--table", "people"], "unknown csv table 'people'", id="unknown-table"),
    pytest.param(["--format", "pdf"], "invalid choice: 'pdf'", id="unknown-format"),
    pytest.param(["-o", "audit.txt"], "cannot tell the report format", id="unknown-suffix"),
    pytest.param(["--since", "2018-31-12"], "is not a date", id="bad-date"),
    pytest.param(["--source", "nobody at all"], "no source matches", id="unknown-source"),
])
def test_usage_errors_are_one_line_with_exit_2(cli, db, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("--db", db, "report", *argv)
    assert code == 2
    assert out == "" and err.startswith("attribution: error: ") and message in err
    assert err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_failed_report_leaves_the_previous_file_untouched(cli, db, tmp_path):
    out = tmp_path / "audit.html"
    out.write_text("yesterday's report", encoding="utf-8")
    code, _, err = cli("--db", db, "report", "-o", out, "--source", "nobody at all")
    assert code == 2
    assert out.read_text(encoding="utf-8") == "yesterday's report"
    code, _, err = cli("--db", db, "report", "-o", out)
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["audit.html"]  # no temporary file left behind


def test_missing_directory_is_an_error_not_a_mkdir(cli, db, tmp_path):
    code, _, err = cli("--db", db, "report", "-o", tmp_path / "nope" / "audit.md")
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "nope").exists()


def test_missing_store_is_a_data_error(cli, tmp_path):
    code, _, err = cli("--db", tmp_path / "absent.json", "report")
    assert code == 1 and "no store at" in err
    assert not (tmp_path / "absent.json").exists()


def test_source_date_epoch_makes_reports_reproducible(cli, db, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = cli("--db", db, "report", "--format", "md")
    second = cli("--db", db, "report", "--format", "md")
    assert first[0] == 0 and first[1] == second[1]
    assert "Generated 2023-11-14T22:13:20Z" in first[1]


def test_filters_reach_the_report(cli, db):
    code, out, _ = cli("--db", db, "report", "--outlet", "تلفزيون سوريا", "--status", "unreviewed")
    data = json.loads(out)
    assert code == 0 and data["summary"]["documents"] == 1
    assert data["filters"]["outlet"] == ["تلفزيون سوريا"] and data["filters"]["status"] == ["unreviewed"]
    code, out, _ = cli("--db", db, "report", "--outlet", "الجزيرة", "--format", "md")  # Al Jazeera: not here
    assert code == 0 and "| Documents | 0 |" in out
    code, out, _ = cli("--db", db, "report", "--since", "2018-11-29")
    assert json.loads(out)["summary"]["attributions"] == 0
