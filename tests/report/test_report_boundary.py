"""The report is part of the headless core: importing and rendering it loads neither textual nor stanza/torch."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["attribution.report", "attribution.cli.report_cmd"])
def test_report_imports_without_textual_stanza_or_torch(module):
    code = (f"import sys, {module}; import attribution.report as r; from attribution.store import MemoryStore; "
            "[r.render(MemoryStore(), f, table='sources' if f == 'csv' else None) for f in r.format_names()]; "
            "print(','.join(m for m in ('textual', 'tui', 'stanza', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
