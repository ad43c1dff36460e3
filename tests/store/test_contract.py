"""The Store protocol, run against every backend (tests/store/conftest.py): what any backend must do.

Memory, TinyDB and PostgreSQL: the same records in give the same answers out, in the same order, as the
in-memory reference; re-ingesting changes nothing; review events survive sessions and re-extraction;
a command's writes become durable when it closes the store and an aborted command leaves nothing.
"""
from __future__ import annotations

import pytest

from attribution.errors import NotFoundError, StoreError
from attribution.ingest import document_from_text
from attribution.models import Attribution, ReviewEvent, Span
from attribution.store import SCHEMA_VERSION, TABLES, MemoryStore, Store, open_store

from .conftest import DURABLE

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


# -- the whole workflow, every backend against the in-memory reference ---------------------------------------
# A second article: "The ministry announced that the crossing will reopen tomorrow, according to local sources."
CROSSING = "أعلنت الوزارة أن المعبر سيفتح غدا، حسب مصادر محلية."


def _workflow(store, corpus_dir, events: list | None = None) -> list:
    """What a user does: ingest, re-ingest a changed article, extract, review, extract again. Returns the review
    events (made on the first run; a later run replays them, as their ids and times are not content)."""
    from attribution.pipeline import make_pipeline
    from attribution.review import decision
    from attribution.tracker import extract_store, ingest_paths

    pipe = make_pipeline(use_stanza=False)
    (corpus_dir / "crossing.txt").write_text(CROSSING, encoding="utf-8")
    ingest_paths(store, [str(corpus_dir)])
    (corpus_dir / "crossing.txt").write_text(CROSSING + "\n\n" + STABLE, encoding="utf-8")
    ingest_paths(store, [str(corpus_dir)])
    extract_store(store, pipe)
    atts = list(store.iter_attributions())
    events = events or [decision("accept", atts[0], actor="t"), decision("reject", atts[-1], actor="t")]
    store.append_reviews(events)
    extract_store(store, pipe)
    return events


def _answers(store) -> dict:
    """Everything a store answers, as plain data (ingestion times aside, which differ by run)."""
    docs = list(store.iter_documents())
    return {
        "documents": [d.model_dump() for d in docs],
        "versions": {d.id: [v.model_dump() for v in store.iter_document_versions(d.id)] for d in docs},
        "by_version": {d.id: store.get_document(d.id, version=d.version).model_dump() for d in docs},
        "attributions": [a.model_dump() for a in store.iter_attributions()],
        "per_doc": {d.id: [a.id for a in store.iter_attributions(d.id)] for d in docs},
        "sources": [s.model_dump() for s in store.iter_sources()],
        "claims": [c.model_dump() for c in store.iter_claims()],
        "reviews": [e.model_dump() for e in store.iter_reviews()],
        "counts": {t: store.count(t) for t in TABLES},
    }


@pytest.fixture
def corpus_dir(tmp_path, seed_text):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "seed.txt").write_text(seed_text, encoding="utf-8")
    (d / "crossing.txt").write_text(CROSSING, encoding="utf-8")
    return d


def test_same_records_in_same_answers_out(store, corpus_dir):
    reference = MemoryStore()
    _workflow(store, corpus_dir, _workflow(reference, corpus_dir))
    got, want = _answers(store), _answers(reference)
    assert want["counts"]["document_versions"] == 1 and want["counts"]["reviews"] == 2
    assert want["counts"]["attributions"] > 5 and want["sources"] and want["claims"]
    for key in want:
        assert got[key] == want[key], key
    a = want["attributions"][0]
    assert store.get_attribution(a["id"]).model_dump() == a
    assert store.get_source(want["sources"][0]["id"]).model_dump() == want["sources"][0]
    assert store.get_claim(want["claims"][0]["id"]).model_dump() == want["claims"][0]


def test_unknown_attribution_source_and_claim_raise_not_found(store):
    for get in (store.get_attribution, store.get_source, store.get_claim):
        with pytest.raises(NotFoundError):
            get("nope")


def test_corrected_metadata_is_updated_in_place_without_a_version(store):
    store.put_documents([document_from_text("d", STABLE, date="2020-01-01")])
    put = store.put_documents([document_from_text("d", STABLE, date="2020-01-02", outlet="X")])
    assert put.metadata_updated == ["d"] and not put.changed
    assert (store.get_document("d").date, store.get_document("d").outlet) == ("2020-01-02", "X")
    assert store.count("document_versions") == 0


def test_the_same_id_twice_in_one_put_keeps_both_texts(store):
    put = store.put_documents([document_from_text("d", STABLE), document_from_text("d", TENSE)])
    assert put.added == ["d"] and put.updated == ["d"]
    assert [v.text for v in store.iter_document_versions("d")] == [STABLE, TENSE]


def test_human_attribution_with_a_machine_id_is_replaced_by_the_machine_one(store):
    doc = document_from_text("d", STABLE)
    store.put_documents([doc])
    machine = _att(doc)
    store.put_attributions([machine.model_copy(update={"origin": "human", "role": "وزير"})])
    store.replace_attributions("d", [machine])
    assert [(a.id, a.origin, a.role) for a in store.iter_attributions()] == [(machine.id, "machine", None)]


# -- durable backends: what survives a session ---------------------------------------------------------------

durable = pytest.mark.parametrize("location", DURABLE, indirect=True)


@durable
def test_reingesting_the_same_corpus_changes_nothing(location, corpus_dir):
    from attribution.pipeline import make_pipeline
    from attribution.tracker import extract_store, ingest_paths

    pipe = make_pipeline(use_stanza=False)
    with open_store(location) as s:
        assert len(ingest_paths(s, [str(corpus_dir)]).put.added) == 2
        extract_store(s, pipe)
    with open_store(location, write=False) as s:
        first = _answers(s)
    with open_store(location) as s:
        put = ingest_paths(s, [str(corpus_dir)]).put
        assert (put.added, put.updated, sorted(put.unchanged)) == ([], [], ["crossing", "seed"])
        extract_store(s, pipe)
    with open_store(location, write=False) as s:
        assert _answers(s) == first


@durable
def test_review_events_survive_sessions_and_reextraction(location, corpus_dir):
    from attribution.pipeline import make_pipeline
    from attribution.review import decision
    from attribution.tracker import extract_store, ingest_paths, reviewed_attributions

    pipe = make_pipeline(use_stanza=False)
    with open_store(location) as s:
        ingest_paths(s, [str(corpus_dir)])
        extract_store(s, pipe)
        target = next(a for a in s.iter_attributions() if a.doc_id == "crossing")
        events = [decision("accept", target, actor="t"), ReviewEvent(action="reject", target="a-gone", actor="u")]
        s.append_reviews(events)
    with open_store(location) as s:
        extract_store(s, pipe)
    with open_store(location, write=False) as s:
        assert [e.model_dump() for e in s.iter_reviews()] == [e.model_dump() for e in sorted(
            events, key=lambda e: (e.at, e.id))]
        assert next(a for a in reviewed_attributions(s) if a.id == target.id).status == "accepted"


@durable
def test_changes_are_durable_at_close_and_an_aborted_command_leaves_nothing(location):
    with open_store(location) as s:
        s.put_documents([document_from_text("kept", STABLE)])
    s = open_store(location)
    s.put_documents([document_from_text("dropped", TENSE), document_from_text("kept", TENSE)])
    s.append_reviews([ReviewEvent(action="accept", target="a-1", actor="t")])
    s.abort()
    with open_store(location, write=False) as s:
        assert [(d.id, d.text) for d in s.iter_documents()] == [("kept", STABLE)]
        assert s.count("document_versions") == 0 and s.count("reviews") == 0


@durable
def test_flush_makes_a_command_s_writes_durable_before_it_ends(location):
    s = open_store(location)
    s.put_documents([document_from_text("early", STABLE)])
    s.flush()
    s.put_documents([document_from_text("late", TENSE)])
    s.abort()
    with open_store(location, write=False) as r:
        assert [d.id for d in r.iter_documents()] == ["early"]


@durable
def test_after_a_flush_the_rest_of_the_command_is_still_one_unit(location):
    s = open_store(location)
    s.put_documents([document_from_text("early", STABLE)])
    s.flush()
    s.append_reviews([ReviewEvent(action="accept", target="a-1", actor="t")])
    s.put_attributions([_att(document_from_text("early", STABLE))])
    s.abort()
    with open_store(location, write=False) as r:
        assert (r.count("documents"), r.count("reviews"), r.count("attributions")) == (1, 0, 0)


@durable
def test_a_read_only_session_refuses_writes_and_needs_a_store(location):
    with pytest.raises(NotFoundError, match="no store"):
        open_store(location, write=False)
    with open_store(location) as s:
        s.put_documents([document_from_text("d", STABLE)])
    with open_store(location, write=False) as s:
        with pytest.raises(StoreError, match="read-only"):
            s.put_documents([document_from_text("e", TENSE)])
