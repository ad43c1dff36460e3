"""The Store protocol, run against every backend (tests/store/conftest.py): what any backend must do."""
from __future__ import annotations

import pytest

from attribution.errors import NotFoundError, StoreError
from attribution.ingest import document_from_text
from attribution.models import Attribution, ReviewEvent, Span
from attribution.store import SCHEMA_VERSION, Store

# "The minister said that the situation is stable." / "... is tense."
STABLE = "قال الوزير إن الوضع مستقر."
TENSE = "قال الوزير إن الوضع متوتر جدا."


def _att(doc) -> Attribution:
    return Attribution(doc_id=doc.id, doc_version=doc.version, kind="indirect", cue=Span.of(doc.text, 0, 3),
                       content=Span.of(doc.text, doc.text.index("الوضع"), len(doc.text) - 1))


def test_is_a_store(store):
    assert isinstance(store, Store) and store.schema_version() == SCHEMA_VERSION


def test_put_is_idempotent_and_a_new_text_is_a_new_version(store):
    assert store.put_documents([document_from_text("d", STABLE)]).added == ["d"]
    assert store.put_documents([document_from_text("d", STABLE)]).unchanged == ["d"]
    assert store.put_documents([document_from_text("d", TENSE)]).updated == ["d"]
    old, new = store.iter_document_versions("d")
    assert (old.text, new.text) == (STABLE, TENSE)
    assert store.get_document("d").text == TENSE and store.get_document("d", version=old.version).text == STABLE
    assert [d.id for d in store.iter_documents()] == ["d"] and store.count("documents") == 1


def test_unknown_ids_raise_not_found(store):
    with pytest.raises(NotFoundError):
        store.get_document("nope")
    with pytest.raises(NotFoundError):
        list(store.iter_document_versions("nope"))


def test_machine_attributions_are_replaced_human_ones_stay(store):
    doc = document_from_text("d", STABLE)
    store.put_documents([doc])
    machine = _att(doc)
    human = machine.model_copy(update={"id": "a-human", "origin": "human"})
    store.put_attributions([human])
    store.replace_attributions("d", [machine])
    assert {a.id for a in store.iter_attributions("d")} == {machine.id, "a-human"}
    store.replace_attributions("d", [])
    assert [a.id for a in store.iter_attributions()] == ["a-human"]


def test_reviews_are_append_only(store):
    ev = ReviewEvent(action="accept", target="a-1", actor="t")
    store.append_reviews([ev])
    with pytest.raises(StoreError, match="append-only"):
        store.append_reviews([ev])
    assert [e.id for e in store.iter_reviews()] == [ev.id]
