"""One fixture runs every backend: a new backend is one new parameter id (and a PostgreSQL one later)."""
from __future__ import annotations

import pytest

from attribution.store import MemoryStore, TinyDBStore


@pytest.fixture(params=["memory", "tinydb"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else TinyDBStore(tmp_path / "contract.json")
    yield s
    s.close()
