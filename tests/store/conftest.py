"""One fixture runs every backend: a new backend is one new parameter id.

PostgreSQL: the session uses the server named by ``$ATTRIBUTION_TEST_PG``
(``.ci/run`` starts one and sets it), else starts its own throwaway server
from the installed binaries (tests/pg_server.py), else the PostgreSQL tests
skip and say why. Every test gets a database of its own, dropped afterwards.
"""
from __future__ import annotations

import os
import uuid

import pytest

from attribution.store import MemoryStore, TinyDBStore

BACKENDS = ["memory", "tinydb", "postgres"]
#: backends that keep data between sessions (a store can be closed and opened again)
DURABLE = ["tinydb", "postgres"]


@pytest.fixture(scope="session")
def pg_server():
    """The base URL of a PostgreSQL server whose role may create databases."""
    psycopg = pytest.importorskip("psycopg", reason="PostgreSQL tests need psycopg (the test extra installs it)")
    url = os.environ.get("ATTRIBUTION_TEST_PG")
    if url:
        try:
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.Error as e:
            pytest.skip(f"ATTRIBUTION_TEST_PG={url} is not reachable: {str(e).strip().splitlines()[0]}")
        yield url
        return
    from tests import pg_server as pgs

    try:
        server = pgs.start()
    except (pgs.Unavailable, OSError) as e:
        pytest.skip(f"no PostgreSQL server for the tests: {e}")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server, for one test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = pg_server.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def location(request, tmp_path):
    """Where a store of the requested durable backend lives (``indirect`` parametrisation)."""
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return str(tmp_path / "contract.json")


def open_backend(kind: str, request, tmp_path):
    if kind == "memory":
        return MemoryStore()
    if kind == "tinydb":
        return TinyDBStore(tmp_path / "contract.json")
    from attribution.store.postgres import PostgresStore

    return PostgresStore(request.getfixturevalue("pg_url"))


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = open_backend(request.param, request, tmp_path)
    yield s
    s.close()
