"""Schema migrations, applied in order when an older store is opened for writing.

Each step takes the repository at version N and leaves it at N+1. A store
opened read-only is migrated in memory only; the file changes on the next write.
"""
from __future__ import annotations

from typing import Callable

from ..errors import SchemaVersionError
from .base import SCHEMA_VERSION

#: version N -> function upgrading a repository from N to N+1
MIGRATIONS: dict[int, Callable] = {}


def migrate(repo, from_version: int) -> None:
    version = from_version
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SchemaVersionError(f"store {repo.url} has schema version {version}; no migration to "
                                     f"{version + 1} is known")
        step(repo)
        version += 1
    repo.set_meta(schema_version=version)
