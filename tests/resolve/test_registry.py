"""The cross-document source registry: aliases, description groups, manual merge/split.

End-to-end tests run small hand-made articles through the real pipeline (model-free
annotator) into a MemoryStore and rebuild; rule tests build attributions directly.
"""
from __future__ import annotations

import json

import pytest

from attribution.errors import ConfigError, NotFoundError, UsageError
from attribution.models import Attribution, Document, ReviewEvent, Span
from attribution.pipeline import make_pipeline
from attribution.resolve.bodies import load_bodies
from attribution.resolve.registry import build_registry
from attribution.review import decision
from attribution.store import MemoryStore
from attribution.tracker import extract_store, merge_sources, reviewed_attributions, split_source

# "Firat Post network director Suhaib al-Jaber told Syria TV that Iraqi army forces shelled IS positions in Baghouz."
JABER_FULL = ('وقال مدير شبكة "فرات بوست" صهيب الجابر لموقع تلفزيون سوريا إن قوات الجيش العراقي قصفت '
              'بالمدفعية الثقيلة مواقع تنظيم الدولة في بلدة الباغوز شرق دير الزور.')
# "Al-Jaber confirmed that the army shelled the organisation's positions in Baghouz."
JABER_SURNAME = "وأكد الجابر أن قوات الجيش العراقي قصفت مواقع التنظيم في بلدة الباغوز شرق دير الزور."
# "Local sources said regime forces retook Kafr Nabuda in the Hama countryside."
LOCAL_SOURCES = "وقالت مصادر محلية إن قوات النظام استعادت السيطرة على بلدة كفرنبودة في ريف حماة."


@pytest.fixture(scope="module")
def pipe():
    return make_pipeline(use_stanza=False)


def _store(pipe, *texts: str, outlets=None) -> MemoryStore:
    st = MemoryStore()
    st.put_documents(Document(id=f"d{i}", text=t, date=f"2015-08-0{i + 1}",
                              outlet=(outlets[i] if outlets else f"outlet {i}")) for i, t in enumerate(texts))
    extract_store(st, pipe)
    return st


def _by_name(st) -> dict:
    return {s.name: s for s in st.iter_sources()}


def _att(doc_id: str, name: str, typ: str = "organization", anonymous: bool = False, at: int = 0, **kw) -> Attribution:
    text = "x" * 200
    return Attribution(doc_id=doc_id, kind="indirect", cue=Span.of(text, at, at + 4),
                       content=Span.of(text, at + 10, at + 40), source_name=name, source_type=typ,
                       anonymous=anonymous, **kw)


def test_surname_in_one_document_and_full_name_in_another_are_one_source(pipe):
    """Issue 5 acceptance: `الجابر` (doc 2) and `صهيب الجابر` (doc 1) → one source, named after the full name."""
    st = _store(pipe, JABER_FULL, JABER_SURNAME)
    jaber = [s for s in st.iter_sources() if "الجابر" in s.name or "الجابر" in s.aliases]
    assert len(jaber) == 1
    assert jaber[0].name == "صهيب الجابر"
    assert jaber[0].aliases == sorted(["الجابر", 'مدير شبكة "فرات بوست" صهيب الجابر'])  # as written
    assert jaber[0].doc_ids == ["d0", "d1"] and jaber[0].type == "person" and not jaber[0].group
    assert jaber[0].affiliations == ["فرات بوست"]


def test_a_surname_two_full_names_end_with_stays_apart():
    """Two different Jabers in the corpus: a bare الجابر cannot be told apart, so it is not merged."""
    reg = build_registry([_att("d1", "صهيب الجابر", "person"), _att("d2", "أحمد الجابر", "person"),
                          _att("d3", "الجابر", "person")])
    assert {s.name for s in reg.sources} == {"الجابر", "أحمد الجابر", "صهيب الجابر"}


def test_a_tribal_surname_alone_is_not_merged_into_a_full_name():
    """القحطاني names many people; one سلمان القحطاني in the corpus does not make every القحطاني him."""
    reg = build_registry([_att("d1", "سلمان القحطاني", "person"), _att("d2", "القحطاني", "person")])
    assert len(reg.sources) == 2 and not reg.merges


def test_a_shorter_form_of_a_name_joins_the_only_longer_one():
    """عبدالله السلمي → عبدالله بن عويقل السلمي (same first and last word, in order)."""
    reg = build_registry([_att("d1", "عبدالله بن عويقل السلمي", "person"), _att("d2", "عبد الله السلمي", "person")])
    assert [s.name for s in reg.sources] == ["عبدالله بن عويقل السلمي"]
    assert [m.rule for m in reg.merges] == ["shorter form"]


def test_a_person_stays_distinct_from_the_body_they_speak_for(pipe):
    """The ministry's spokesman يحيى رسول is a person with the ministry as affiliation, not the ministry."""
    st = _store(pipe, "وقالت وزارة الدفاع العراقية إن الجيش أحبط هجوماً على الحدود الغربية.",
                "وقال المتحدث باسم وزارة الدفاع العراقية يحيى رسول إن الجيش أحبط هجوماً على الحدود.")
    src = _by_name(st)
    assert src["وزارة الدفاع العراقية"].type == "government"
    assert src["يحيى رسول"].type == "person" and src["يحيى رسول"].affiliations == ["وزارة الدفاع العراقية"]


def test_spelling_variants_and_known_names_of_a_body_are_one_source():
    """الأمم المتحدة = الامم المتحدة = منظمة الأمم المتحدة = UN; وكالة رويترز = رويترز (bodies.json)."""
    reg = build_registry([_att("d1", "الأمم المتحدة"), _att("d2", "الامم المتحدة"), _att("d3", "منظمة الأمم المتحدة"),
                          _att("d4", "UN"), _att("d5", "وكالة رويترز", "media"), _att("d6", "رويترز", "media"),
                          _att("d7", "وزارة الدفاع الأميركية", "government"),
                          _att("d8", "وزارة الدفاع الأمريكية", "government")])
    assert len(reg.sources) == 3
    un = next(s for s in reg.sources if "UN" in s.aliases or s.name == "UN")
    assert len(un.doc_ids) == 4


def test_an_outlet_named_with_its_generic_head_joins_the_bare_name():
    """صحيفة عكاظ and عكاظ: the generic head (صحيفة، وكالة، قناة) is not part of the name."""
    reg = build_registry([_att("d1", "صحيفة عكاظ", "media"), _att("d2", "عكاظ", "media")])
    assert len(reg.sources) == 1 and [m.rule for m in reg.merges] == ["outlet head"]


def test_unnamed_sources_are_flagged_description_groups_counted_per_document(pipe):
    """مصادر محلية in two articles: one group entry (not one speaker), with its per-document counts;
    مصدر عسكري is another description."""
    st = _store(pipe, LOCAL_SOURCES, "وقالت مصادر محلية إن الطيران قصف سوق المدينة.",
                "وأفاد مصدر عسكري بأن قوات النظام استعادت السيطرة على بلدة كفرنبودة في ريف حماة.")
    src = _by_name(st)
    local = src["مصادر محلية"]
    assert local.group and local.anonymous and local.doc_counts == {"d0": 1, "d1": 1}
    assert src["مصدر عسكري"].group and src["مصدر عسكري"].type == "military"


def test_a_lone_generic_head_is_a_description_not_a_named_body():
    """الوزارة left unresolved in two articles may be two ministries: a group, not one body."""
    reg = build_registry([_att("d1", "الوزارة", "government"), _att("d2", "الوزارة", "government"),
                          _att("d3", "وزارة الصحة", "government")])
    groups = {s.name: s.group for s in reg.sources}
    assert groups == {"الوزارة": True, "وزارة الصحة": False}


def test_a_manual_merge_survives_reextraction(pipe):
    """`sources merge` is a review event: re-running extraction replays it."""
    st = _store(pipe, "وقال وزير الخارجية السعودي إن المملكة تدعم الحل السياسي في اليمن.",
                "وقال عادل الجبير إن المملكة تدعم الحل السياسي في اليمن.")
    ev, merged = merge_sources(st, "وزير الخارجية السعودي", "عادل الجبير", actor="tester")
    assert ev.action == "merge_sources" and merged.name == "عادل الجبير" and len(merged.doc_ids) == 2
    extract_store(st, pipe)
    jubeir = _by_name(st)["عادل الجبير"]
    assert len(jubeir.doc_ids) == 2 and ev.target in jubeir.merged
    assert "وزير الخارجية السعودي" not in _by_name(st)


def test_splitting_an_alias_undoes_an_alias_rule_and_survives_reextraction(pipe):
    """The surname rule joined الجابر to صهيب الجابر; a reviewer who knows better splits it out."""
    st = _store(pipe, JABER_FULL, JABER_SURNAME)
    ev, touched = split_source(st, "صهيب الجابر", aliases=["الجابر"], actor="tester")
    assert sorted(s.name for s in touched) == ["الجابر", "صهيب الجابر"]
    extract_store(st, pipe)
    src = _by_name(st)
    assert src["الجابر"].doc_ids == ["d1"] and src["صهيب الجابر"].doc_ids == ["d0"]


def test_splitting_one_attribution_moves_only_that_quote(pipe):
    st = _store(pipe, LOCAL_SOURCES, "وقالت مصادر محلية إن الطيران قصف سوق المدينة.")
    local = _by_name(st)["مصادر محلية"]
    moved = next(a for a in reviewed_attributions(st) if a.doc_id == "d1")
    _, touched = split_source(st, local.id, attributions=[moved.id[:10]])
    assert sorted(len(s.attribution_ids) for s in touched) == [1, 1]
    extract_store(st, pipe)
    assert sorted(len(s.attribution_ids) for s in st.iter_sources() if s.name == "مصادر محلية") == [1, 1]


def test_review_decisions_survive_reextraction(pipe):
    """A rejected attribution stays out of the registry and the claims after extraction runs again."""
    st = _store(pipe, JABER_FULL, LOCAL_SOURCES)
    wrong = next(a for a in reviewed_attributions(st) if a.source_name == "مصادر محلية")
    st.append_reviews([decision("reject", wrong, actor="tester")])
    extract_store(st, pipe)
    assert "مصادر محلية" not in _by_name(st)
    assert all(wrong.id not in c.attribution_ids for c in st.iter_claims())


def test_splitting_everything_out_or_nothing_is_refused(pipe):
    st = _store(pipe, LOCAL_SOURCES)
    with pytest.raises(UsageError):
        split_source(st, "مصادر محلية")
    with pytest.raises(UsageError):
        split_source(st, "مصادر محلية", aliases=["مصادر محلية"])
    with pytest.raises(NotFoundError, match="no mention named"):
        split_source(st, "مصادر محلية", aliases=["الجابر"])


def test_merge_names_are_resolved_or_the_ambiguity_is_reported():
    st = MemoryStore()
    reg = build_registry([_att("d1", "الأمم المتحدة"), _att("d2", "عادل الجبير", "person")])
    st.replace_sources(reg.sources)
    with pytest.raises(NotFoundError, match="no source"):
        merge_sources(st, "غير موجود", "الأمم المتحدة")
    with pytest.raises(UsageError, match="same source"):
        merge_sources(st, "الامم المتحدة", "الأمم المتحدة")


def test_a_merge_recorded_against_old_ids_finds_its_sources_by_their_keys():
    """Ids are hashes of a canonical key; if the canonical key changes, the stored keys still find them."""
    atts = [_att("d1", "وزير الخارجية السعودي", "government"), _att("d2", "عادل الجبير", "person")]
    ev = ReviewEvent(action="merge_sources", target="s-gone", anchor={"keys": ["body:وزير خارجيه سعودي"],
                                                                        "into_keys": ["person:عادل جبير"]},
                     after={"into": "s-gone-too"})
    reg = build_registry(atts, [ev])
    assert [s.name for s in reg.sources] == ["عادل الجبير"] and not reg.unapplied


def test_an_undone_merge_is_not_applied():
    atts = [_att("d1", "وزير الخارجية السعودي", "government"), _att("d2", "عادل الجبير", "person")]
    before = build_registry(atts)
    a, b = before.sources
    ev = ReviewEvent(action="merge_sources", target=a.id, anchor={"keys": a.keys}, after={"into": b.id})
    undo = ReviewEvent(action="undo", target=ev.id)
    assert len(build_registry(atts, [ev]).sources) == 1
    assert len(build_registry(atts, [ev, undo]).sources) == 2


def test_a_users_bodies_file_adds_variants(tmp_path):
    """A user file adds a body (or variants of a packaged one) without touching the package."""
    extra = tmp_path / "bodies.json"
    extra.write_text(json.dumps({"bodies": [{"name": "المجلس الانتقالي الجنوبي", "type": "organization",
                                             "variants": ["الانتقالي الجنوبي"]}]}, ensure_ascii=False), "utf-8")
    bodies = load_bodies([extra], user_files=False)
    reg = build_registry([_att("d1", "المجلس الانتقالي الجنوبي"), _att("d2", "الانتقالي الجنوبي")], bodies=bodies)
    assert len(reg.sources) == 1
    assert str(extra) in bodies.sources


def test_a_malformed_bodies_file_is_a_config_error(tmp_path):
    bad = tmp_path / "bodies.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(ConfigError, match="not valid UTF-8 JSON"):
        load_bodies([bad], user_files=False)
    with pytest.raises(ConfigError, match="cannot read"):
        load_bodies([tmp_path / "missing.json"], user_files=False)


def test_a_merge_whose_keys_changed_finds_its_sources_by_name():
    """A new extractor may key mentions differently; the names recorded with the decision still work."""
    atts = [_att("d1", "وزير الخارجية السعودي", "government"), _att("d2", "عادل الجبير", "person")]
    ev = ReviewEvent(action="merge_sources", target="s-old", anchor={"keys": ["body:old"], "name": "وزير الخارجية السعودي",
                                                                       "into_keys": ["person:old"],
                                                                       "into_name": "عادل الجبير"},
                     after={"into": "s-old-too"})
    reg = build_registry(atts, [ev])
    assert [s.name for s in reg.sources] == ["عادل الجبير"] and not reg.unapplied
    lost = ReviewEvent(action="merge_sources", target="s-x", anchor={"keys": ["body:x"], "name": "لا أحد"},
                       after={"into": "s-y"})
    assert build_registry(atts, [lost]).unapplied == [lost.id]


def test_a_bare_first_name_or_nisba_is_not_one_person_across_articles():
    """عبدالعزيز in three articles is three people (a gunman, a spokesman, a girl's father);
    التركي likewise. A bare famous surname (نتنياهو) is still one person."""
    reg = build_registry([_att("d1", "عبدالعزيز", "person"), _att("d2", "عبد العزيز", "person"),
                          _att("d3", "التركي", "person"), _att("d4", "التركي", "person"),
                          _att("d5", "نتنياهو", "person"), _att("d6", "نتنياهو", "person"),
                          _att("d6", "التركي", "person", at=50)])
    sizes = sorted((s.name, len(s.doc_ids)) for s in reg.sources)
    assert sizes == sorted([("عبدالعزيز", 1), ("عبد العزيز", 1), ("التركي", 1), ("التركي", 1), ("التركي", 1),
                            ("نتنياهو", 2)])
    assert len({s.id for s in reg.sources}) == len(reg.sources)


def test_a_bare_split_of_a_merged_source_undoes_its_merge():
    """The review UI undoes a merge with split_source(target=A) and no keys: A stands alone again."""
    atts = [_att("d1", "وزير الخارجية السعودي", "government"), _att("d2", "عادل الجبير", "person")]
    a, b = build_registry(atts).sources
    merge = ReviewEvent(action="merge_sources", target=a.id, after={"into": b.id})
    split = ReviewEvent(action="split_source", target=a.id, before={"into": b.id}, at=merge.at.replace(year=2100))
    reg = build_registry(atts, [merge, split])
    assert {s.id for s in reg.sources} == {a.id, b.id} and not reg.unapplied
