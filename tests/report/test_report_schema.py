"""The canonical JSON validates against the JSON Schema shipped in the package, and the schema has teeth."""
from __future__ import annotations

import copy
import json
from importlib.resources import files

import pytest

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra: pip install -e '.[test]'")

from attribution.report import FORMAT_NAME, FORMAT_VERSION, render_report, schema_path  # noqa: E402


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _json(report) -> dict:
    return json.loads(render_report(report, "json"))


@pytest.mark.parametrize("store_name", ["seed", "awkward"])
def test_json_report_validates_against_the_schema(validator, report_of, store_name):
    data = _json(report_of(store_name))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    assert (data["format"], data["version"]) == (FORMAT_NAME, FORMAT_VERSION)


def test_filtered_report_validates_too(validator, report_of):
    from attribution.report import Filters

    data = _json(report_of("awkward", Filters.parse(since="2024-03-02", status=["unreviewed"])))
    assert not list(validator.iter_errors(data))
    assert data["filters"]["since"] == "2024-03-02"


@pytest.mark.parametrize(("path", "value"), [
    pytest.param(("version",), 2, id="newer-version"),
    pytest.param(("format",), "something-else", id="other-format"),
    pytest.param(("summary", "anonymous_share"), 1.5, id="share-above-one"),
    pytest.param(("summary", "review", "maybe"), 1, id="unknown-status"),
    pytest.param(("sources", 0, "type"), "celebrity", id="unknown-source-type"),
    pytest.param(("generated_at",), "yesterday", id="not-a-time"),
])
def test_schema_rejects_a_broken_report(validator, report_of, path, value):
    """The schema is a contract, not a formality: each of these edits makes a report invalid."""
    data = copy.deepcopy(_json(report_of("seed")))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert list(validator.iter_errors(data))


def test_schema_ships_inside_the_package():
    shipped = files("attribution.report").joinpath("schema", "audit-report.schema.json")
    assert shipped.is_file()
    assert json.loads(shipped.read_text(encoding="utf-8"))["properties"]["format"]["const"] == FORMAT_NAME


@pytest.mark.parametrize("store_name", ["seed", "awkward"])
def test_json_is_plain_indented_utf8_json(report_of, store_name):
    """The fast serializer writes exactly what the standard library would (U+00A0, quotes, <script> unescaped)."""
    report = report_of(store_name)
    expected = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert render_report(report, "json") == expected.encode("utf-8")
