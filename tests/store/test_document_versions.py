"""Re-ingesting: the same content is a no-op, a changed text is a new version, and review decisions on the
attributions the change did not touch carry over to the re-extracted ones (issue 4, "Input", last point).

The article is the seed. Its second version gains a paragraph before the body (every offset after it moves)
and one word inside the last quote of «ناشطون محليون» ("local activists") changes.
"""
from __future__ import annotations

import pytest

from attribution.errors import NotFoundError
from attribution.ingest import document_from_text
from attribution.models import Span
from attribution.pipeline import make_pipeline
from attribution.review import decision
from attribution.store import MemoryStore, TinyDBStore
from attribution.tracker import extract_store, ingest_paths, reviewed_attributions

# "In a related context, unknown aircraft struck positions near the border crossing." (no reporting verb)
NEW_PARAGRAPH = "وفي سياق متصل، استهدفت طائرات مجهولة مواقع قرب المعبر الحدودي في المنطقة ذاتها.\n\n"
FIRST_BODY = "تعرّضت مواقع تنظيم"
# in the last quote: "that controls the border areas" -> "that controls the desert areas"
OLD_WORDS, NEW_WORDS = "التي تسيطر على المناطق الحدودية", "التي تسيطر على المناطق الصحراوية"


def _second_version(seed: str) -> str:
    assert seed.count(OLD_WORDS) == 1
    at = seed.index(FIRST_BODY)
    return (seed[:at] + NEW_PARAGRAPH + seed[at:]).replace(OLD_WORDS, NEW_WORDS)


def _by_cue(atts, cue_text, source_text=None):
    found = [a for a in atts if a.cue.text == cue_text and (source_text is None or a.source.text == source_text)]
    assert len(found) == 1, [(a.cue.text, a.source and a.source.text) for a in atts]
    return found[0]


@pytest.fixture
def pipe():
    return make_pipeline(use_stanza=False)


def test_reingesting_the_same_file_writes_nothing(tmp_path, seed_text):
    art = tmp_path / "article.txt"
    art.write_text(seed_text, encoding="utf-8")
    db = tmp_path / "t.json"
    with TinyDBStore(db) as s:
        assert ingest_paths(s, [str(art)]).put.added == ["article"]
    before = db.stat().st_mtime_ns, db.read_bytes()
    with TinyDBStore(db) as s:
        put = ingest_paths(s, [str(art)]).put
    assert (put.added, put.updated, put.unchanged) == ([], [], ["article"])
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before


def test_same_text_with_corrected_metadata_updates_in_place_without_a_version():
    s = MemoryStore()
    s.put_documents([document_from_text("d", "قال الوزير إن الوضع مستقر.", date="2020-01-01")])
    put = s.put_documents([document_from_text("d", "قال الوزير إن الوضع مستقر.", date="2020-01-02")])
    assert put.metadata_updated == ["d"] and not put.changed
    assert s.get_document("d").date == "2020-01-02"
    assert len(list(s.iter_document_versions("d"))) == 1


def test_a_changed_text_is_a_new_version_and_the_old_one_stays_retrievable(seed_text):
    s = MemoryStore()
    v2 = _second_version(seed_text)
    s.put_documents([document_from_text("article", seed_text)])
    put = s.put_documents([document_from_text("article", v2)])
    assert put.updated == ["article"]
    versions = list(s.iter_document_versions("article"))
    assert [v.text for v in versions] == [seed_text, v2]
    assert s.get_document("article").text == v2
    assert s.get_document("article", version=versions[0].version).text == seed_text
    with pytest.raises(NotFoundError, match="no version"):
        s.get_document("article", version="0" * 16)


def test_review_decisions_on_unchanged_attributions_carry_over_to_the_new_version(tmp_path, seed_text, pipe):
    art = tmp_path / "article.txt"
    art.write_text(seed_text, encoding="utf-8")
    db = tmp_path / "t.json"
    with TinyDBStore(db) as s:
        ingest_paths(s, [str(art)])
        extract_store(s, pipe)
        atts = list(s.iter_attributions())
        jaber = _by_cue(atts, "وقال")                               # accepted
        hasab = _by_cue(atts, "حسب")                                # rejected
        ministry = _by_cue(atts, "أعلنت")                           # edited: a role the machine missed
        ashar = _by_cue(atts, "وأشار")                              # edited: a wider source span
        local = _by_cue(atts, "قال", "ناشطون محليون")               # accepted, then its words change
        wider = seed_text.index("وأشار") + len("وأشار") + 1        # "الجابر" with its quotes
        wider_span = Span.of(seed_text, wider, wider + len('"الجابر"'))
        s.append_reviews([
            decision("accept", jaber, actor="t"),
            decision("reject", hasab, actor="t"),
            decision("edit", ministry, actor="t", after={"role": "المتحدث الرسمي"}),
            decision("edit", ashar, actor="t", after={"source": wider_span.model_dump()}),
            decision("accept", local, actor="t"),
        ])

    v2 = _second_version(seed_text)
    art.write_text(v2, encoding="utf-8")
    with TinyDBStore(db) as s:
        assert ingest_paths(s, [str(art)]).put.updated == ["article"]
        extract_store(s, pipe)

    shift = len(NEW_PARAGRAPH)
    with TinyDBStore(db, write=False) as s:
        assert [v.text for v in s.iter_document_versions("article")] == [seed_text, v2]
        reviewed = reviewed_attributions(s)
        doc = s.get_document("article")
    for a in reviewed:
        a.check(doc.text)  # every span, carried-over edits included, slices the new text
    new_jaber = _by_cue(reviewed, "وقال")
    assert new_jaber.id != jaber.id and new_jaber.cue.start == jaber.cue.start + shift
    assert new_jaber.status == "accepted"
    assert _by_cue(reviewed, "حسب").status == "rejected"
    new_ministry = _by_cue(reviewed, "أعلنت")
    assert (new_ministry.status, new_ministry.role) == ("edited", "المتحدث الرسمي")
    new_ashar = _by_cue(reviewed, "وأشار")
    assert new_ashar.status == "edited"
    assert (new_ashar.source.start, new_ashar.source.text) == (wider_span.start + shift, '"الجابر"')
    new_local = _by_cue(reviewed, "قال", "ناشطون محليون")
    assert NEW_WORDS in new_local.content.text and new_local.status == "unreviewed"
    # nothing else was reviewed
    assert sorted(a.status for a in reviewed).count("unreviewed") == len(reviewed) - 4


# -- focused: how a decision finds its attribution in a new version ---------------------------------------------

# "The minister said that the crossing is closed." / "... is open." (same place, other words)
CLOSED = "قال الوزير إن المعبر مغلق."
OPENED = "قال الوزير إن المعبر مفتوح اليوم."


def _att(text: str):
    from attribution.models import Attribution, Document

    doc = Document(id="d", text=text)
    cue = Span.of(text, 0, 3)
    content = Span.of(text, text.index("المعبر"), len(text) - 1)
    return doc, Attribution(doc_id="d", doc_version=doc.version, kind="indirect", cue=cue, content=content,
                            source=Span.of(text, 4, 10))


def test_a_decision_does_not_jump_to_other_words_at_the_old_position():
    """Same cue at the same offset, but the quote now says something else: the acceptance stays behind."""
    from attribution.review import apply_reviews

    _, old = _att(CLOSED)
    doc, new = _att(OPENED)
    out = apply_reviews([new], [decision("accept", old, actor="t")], document=lambda _id: doc)
    assert out[0].status == "unreviewed"


def test_a_human_added_attribution_moves_with_its_words():
    """An attribution the reviewer added on version 1 is re-anchored into version 2 (two lines in front)."""
    from attribution.review import apply_reviews

    _, added = _att(CLOSED)
    prefix = "خبر عاجل\n\n"  # "breaking news"
    doc, _ = _att(prefix + CLOSED)
    ev = decision("add", added.model_copy(update={"origin": "human"}), actor="t",
                  after=added.model_dump(mode="json"))
    (out,) = apply_reviews([], [ev], document=lambda _id: doc)
    assert out.cue.start == len(prefix) and out.origin == "human" and out.status == "accepted"
    out.check(doc.text)
    assert out.doc_version == doc.version
