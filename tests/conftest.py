"""Shared fixtures: where ../shared is, the seed article, the stanza models.

Tests that need ../shared (corpus, gold, models) skip with a reason when it is
absent; a plain ``pytest`` on a clone without it still runs everything else.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ATTRIBUTION_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "corpus" / "000_dff7ac58f2ed17cf.txt"
STANZA_DIR = SHARED / "models" / "stanza-ar"


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} beside the repository (not present)")
    return p


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def stanza_dir() -> Path:
    if not (STANZA_DIR / "resources.json").is_file():
        pytest.skip("needs the stanza Arabic models in ../shared/models/stanza-ar")
    return STANZA_DIR


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "tracker.json"


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from attribution.cli import main

    def run(*argv: str, stdin: str | None = None):
        if stdin is not None:
            import io

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run
