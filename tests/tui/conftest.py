"""Fixtures for the review UI tests: stores built through the real pipeline (model-free annotator)."""
from __future__ import annotations

import pytest

from attribution.store import MemoryStore, TinyDBStore

from .tui_support import fill

@pytest.fixture
def store(tmp_path):
    st = MemoryStore()
    fill(st, tmp_path)
    return st


@pytest.fixture
def file_store(tmp_path):
    path = tmp_path / "tracker.json"
    st = TinyDBStore(path)
    fill(st, tmp_path)
    st.flush()
    yield st, path
    st.close()
