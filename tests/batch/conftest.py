"""Batch tests write into PostgreSQL too: the store tests' server fixtures, reused."""
from tests.store.conftest import pg_server, pg_url  # noqa: F401
