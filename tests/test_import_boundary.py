"""attribution is usable without the TUI, and importing it loads neither textual nor stanza/torch."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["attribution", "attribution.cli", "attribution.models", "attribution.ingest", "attribution.nlp",
           "attribution.extract", "attribution.resolve", "attribution.claims", "attribution.store",
           "attribution.pipeline", "attribution.tracker", "attribution.review", "attribution.evaluate"]


@pytest.mark.parametrize("module", MODULES)
def test_core_module_imports_without_textual_stanza_or_torch(module):
    code = (f"import sys, {module}; bad = [m for m in ('textual', 'tui', 'stanza', 'torch') if m in sys.modules];"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_import_linter_contract_holds():
    """The static contract in pyproject.toml: attribution never imports textual or tui."""
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    res = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
