"""The repository interface every store backend implements.

Kept small on purpose (TinyDB today, a server store later): bulk puts and
whole-table replacement for derived data, iteration for reads, an append-only
review log. Backends batch writes and make them durable on :meth:`Store.flush`
/ :meth:`Store.close`; a command calls ``close`` once, so a crash mid-command
leaves the previous state on disk.

Schema 2 (this version) adds document versions: a put with changed text
under a known id keeps the previous text retrievable
(:meth:`Store.iter_document_versions`, ``get_document(id, version=...)``),
and :class:`PutResult` tells new versions apart from metadata corrections.
A backend only has to keep every version's record; how (a table, a column,
a file) is its own business.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ValidationError

from ..errors import StoreCorruptError
from ..models import Attribution, Claim, Document, ReviewEvent, Source

M = TypeVar("M", bound=BaseModel)

#: bump when the stored layout changes; add a migration in store/migrations.py
SCHEMA_VERSION = 2

TABLES = ("documents", "document_versions", "attributions", "sources", "claims", "reviews")


def validated(url: str, table: str, model: type[M], raw: dict) -> M:
    """A stored record as its model; a record that does not validate is a corrupt store, said in one line."""
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        raise StoreCorruptError(f"store {url}: bad {table} record {raw.get('id', '?')!r}: "
                                f"{'.'.join(map(str, err['loc']))}: {err['msg']}") from e


class CommandScope:
    """``with store:`` is one command: committed by ``close`` when the block ends normally, rolled back
    by ``abort`` when it raises (a failed or interrupted command leaves nothing)."""

    def close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


@dataclass
class PutResult:
    """What a bulk document put did, by document id."""

    added: list[str] = field(default_factory=list)
    #: new text under a known id: a new version (the previous one stays retrievable)
    updated: list[str] = field(default_factory=list)
    #: the same text: nothing written
    unchanged: list[str] = field(default_factory=list)
    #: the same text with other title/date/outlet/url/licence/extra: updated in place, no new version
    metadata_updated: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return self.added + self.updated


@runtime_checkable
class Store(Protocol):
    url: str
    writable: bool

    def schema_version(self) -> int: ...

    def meta(self) -> dict: ...

    # documents -------------------------------------------------------------
    def put_documents(self, docs: Iterable[Document]) -> PutResult:
        """Store documents by id: new ids are added, a changed text becomes the current version and the
        previous one is kept, the same text is a no-op (see :class:`PutResult`)."""

    def get_document(self, doc_id: str, version: str | None = None) -> Document:
        """The current document, or the given ``version`` (:attr:`Document.version`) of it.

        Raises NotFoundError when the id or the version is unknown."""

    def iter_documents(self) -> Iterator[Document]:
        """The current version of every document."""

    def iter_document_versions(self, doc_id: str) -> Iterator[Document]:
        """Every stored version of a document, oldest first, the current one last.

        Raises NotFoundError when the id is unknown."""

    def count(self, table: str) -> int: ...

    # attributions ------------------------------------------------------------
    def replace_attributions(self, doc_id: str, attributions: list[Attribution]) -> None:
        """Make ``attributions`` the machine output for ``doc_id`` (human-added ones stay)."""

    def put_attributions(self, attributions: Iterable[Attribution]) -> None: ...

    def get_attribution(self, attribution_id: str) -> Attribution: ...

    def iter_attributions(self, doc_id: str | None = None) -> Iterator[Attribution]: ...

    # derived tables -------------------------------------------------------------
    def replace_sources(self, sources: Iterable[Source]) -> None: ...

    def iter_sources(self) -> Iterator[Source]: ...

    def get_source(self, source_id: str) -> Source: ...

    def replace_claims(self, claims: Iterable[Claim]) -> None: ...

    def iter_claims(self) -> Iterator[Claim]: ...

    def get_claim(self, claim_id: str) -> Claim: ...

    # review log -------------------------------------------------------------------
    def append_reviews(self, events: Iterable[ReviewEvent]) -> None: ...

    def iter_reviews(self) -> Iterator[ReviewEvent]: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...
