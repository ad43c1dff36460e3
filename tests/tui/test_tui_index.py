"""The review UI's in-memory index and its filter line, on the seed store."""
from __future__ import annotations

from attribution.models import ReviewEvent
from attribution.review import decision
from attribution.tracker import reviewed_attributions
from tui.index import ReviewIndex, load_chunks, read_snapshot, refines
from tui.query import parse_query

from .tui_support import BRACKETS_ID, SEED_ID


def _index(store, first: int = 1000, size: int = 20000) -> ReviewIndex:
    snap = read_snapshot(store)
    idx = ReviewIndex()
    idx.set_snapshot(snap)
    for chunk in load_chunks(store, snap, first=first, size=size):
        idx.add_chunk(chunk)
    return idx


def test_filter_fields_match_by_prefix_or_normalised_substring():
    q = parse_query('status:unr type:per outlet:"تلفزيون سوريا" أعلنت')
    assert q.fields["status"] == ("unreviewed",)
    assert q.fields["type"] == ("person",)
    assert q.fields["outlet"] == ("تلفزيون سوريا",)
    assert q.words == ("اعلنت",)  # hamza folded: أعلنت matches اعلنت
    assert parse_query("colour:red").problems
    assert parse_query("status:").fields == {}  # still typing
    assert parse_query("status:zzz").problems
    assert parse_query("ق").words == ()  # one letter matches nearly everything: still typing


def test_a_narrower_query_is_answered_from_the_last_result(store):
    """Typing قص then قصف rescans only what قص matched; the answer is the same as a fresh scan."""
    idx = _index(store)
    wide = idx.filter(parse_query("قص"))
    assert idx._last is not None
    narrow = idx.filter(parse_query("قصف type:activists"))
    idx._last = None  # forget: a fresh scan
    assert narrow == idx.filter(parse_query("قصف type:activists"))
    assert set(narrow) <= set(wide) and narrow
    assert refines(parse_query("status:u source:الج"), parse_query("status:unreviewed source:الجابر x:y"))
    assert not refines(parse_query("source:الجابر"), parse_query("source:الج"))
    assert not refines(parse_query("قصف"), parse_query(""))


def test_chunked_loading_gives_the_same_reviewed_view_as_the_store(store):
    """Decisions are re-derived per document by apply_reviews, however the rows arrive."""
    atts = list(store.iter_attributions())
    store.append_reviews([decision("accept", atts[0], actor="t"), decision("reject", atts[3], actor="t")])
    idx = _index(store, first=2, size=3)
    expected = {a.id: a.status for a in reviewed_attributions(store)}
    assert idx.loaded and len(idx) == len(expected)
    assert {aid: idx.status[idx.row_of[aid]] for aid in idx.ids} == expected
    assert idx.progress() == (2, len(expected))
    order = [idx.current[aid] for aid in idx.ids]
    assert [(a.doc_id, a.cue.start) for a in order] == sorted((a.doc_id, a.cue.start) for a in order)


def test_filter_by_status_source_type_document_outlet_and_words(store):
    idx = _index(store)
    everything = idx.filter(parse_query(""))
    assert len(everything) == len(idx)
    jaber = idx.filter(parse_query("source:الجابر"))
    assert jaber and all(idx.current[a].source_name == "صهيب الجابر" for a in jaber)
    persons = idx.filter(parse_query("type:person"))
    assert set(jaber) <= set(persons)
    assert all(idx.current[a].doc_id == BRACKETS_ID for a in idx.filter(parse_query(f"doc:{BRACKETS_ID}")))
    in_seed = [a.id for a in store.iter_attributions(SEED_ID)]
    assert len(in_seed) >= 5
    assert sorted(idx.filter(parse_query(f"doc:{SEED_ID}"))) == sorted(in_seed)
    assert sorted(idx.filter(parse_query("outlet:تلفزيون"))) == sorted(in_seed)  # the seed is Syria TV's
    # "mortar": only what mentions the mortar shells (بقذائف "هاون")
    mortar = idx.filter(parse_query("هاون"))
    assert mortar and all("هاون" in idx.current[a].content.text for a in mortar)
    assert len(mortar) == sum("هاون" in a.content.text for a in store.iter_attributions())
    assert idx.filter(parse_query("status:accepted")) == []


def test_a_new_event_rederives_only_its_document(store):
    idx = _index(store)
    a = idx.current[idx.ids[0]]
    changed = idx.record(decision("reject", a, actor="t"))
    assert changed == [a.id]
    assert idx.status[idx.row_of[a.id]] == "rejected"
    assert idx.progress()[0] == 1
    assert idx.filter(parse_query("status:rejected")) == [a.id]


def test_undoing_an_addition_removes_its_row(store):
    idx = _index(store)
    base = idx.current[idx.ids[0]]
    new = base.model_copy(update={"id": "", "origin": "human", "source_name": "مصدر"})
    new = type(base).model_validate({**new.model_dump(), "id": "", "content": {
        "start": base.content.start, "end": base.content.end - 1, "text": base.content.text[:-1]}})
    add = ReviewEvent(actor="t", action="add", target=new.id, anchor=new.anchor, after=new.model_dump(mode="json"))
    assert idx.record(add) == [new.id]
    assert new.id in idx.filter(parse_query(""))
    idx.record(ReviewEvent(actor="t", action="undo", target=add.id, anchor=add.anchor))
    assert new.id not in idx.filter(parse_query(""))
    assert idx.progress() == (0, len(idx) - 1)
