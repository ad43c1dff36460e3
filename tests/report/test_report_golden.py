"""Every report format, byte for byte, on the seed store and the awkward store (STYLE.md §11).

A failure prints a diff; if the change is intended (the extractor improved, a
format changed), regenerate and read the diff before committing:

    ATTRIBUTION_REGEN_GOLDEN=1 python -m pytest tests/report -q
    git diff tests/report/golden
"""
from __future__ import annotations

import difflib

import pytest

from attribution.report import format_names, get_format, outputs


def _cases():
    for store in ("seed", "awkward"):
        for fmt in format_names():
            yield pytest.param(store, fmt, id=f"{store}-{fmt}")


@pytest.mark.parametrize(("store_name", "fmt"), list(_cases()))
def test_report_matches_its_golden_file(report_of, golden_dir, regen, store_name, fmt):
    report = report_of(store_name)
    planned = outputs(report, fmt, golden_dir / f"{store_name}{get_format(fmt).suffix}")
    assert planned, "a format writes at least one file"
    for path, data in planned:
        if regen:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            continue
        if not path.exists():
            pytest.fail(f"no golden file {path.name}; create it with ATTRIBUTION_REGEN_GOLDEN=1")
        want = path.read_bytes()
        if data != want:
            diff = "\n".join(difflib.unified_diff(want.decode("utf-8").splitlines(),
                                                  data.decode("utf-8").splitlines(),
                                                  f"golden/{path.name}", "rendered", lineterm="", n=1))
            pytest.fail(f"{path.name} differs from its golden file "
                        f"(ATTRIBUTION_REGEN_GOLDEN=1 regenerates it):\n{diff[:4000]}")


def test_every_golden_file_belongs_to_a_format(golden_dir, regen):
    """A renamed table or a dropped format must not leave a stale golden behind."""
    expected = {f"{store}{suffix}" for store in ("seed", "awkward") for fmt in format_names()
                for suffix in ([f".{t}{get_format(fmt).suffix}" for t in get_format(fmt).tables]
                               or [get_format(fmt).suffix])}
    present = {p.name for p in golden_dir.iterdir() if not p.name.startswith(".")} if golden_dir.exists() else set()
    assert regen or present == expected
