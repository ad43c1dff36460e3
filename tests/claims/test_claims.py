"""Claims across documents: who backs each, how independently, and what contradicts it.

Small hand-made articles run through the real pipeline (model-free annotator) into a
MemoryStore; the store is rebuilt as `attribution extract` does.
"""
from __future__ import annotations

import pytest

from attribution.claims import GRADES, grade
from attribution.models import Document
from attribution.pipeline import make_pipeline
from attribution.store import MemoryStore
from attribution.tracker import extract_store

# "42 civilians were killed in air strikes on the city of Idlib."
IDLIB_42 = "42 مدنياً قتلوا في غارات جوية على مدينة إدلب"


@pytest.fixture(scope="module")
def pipe():
    return make_pipeline(use_stanza=False)


def _store(pipe, *docs: tuple[str, str]) -> MemoryStore:
    """docs: (outlet, text) pairs, published a day apart."""
    st = MemoryStore()
    st.put_documents(Document(id=f"d{i}", text=t, outlet=o, date=f"2015-08-0{i + 1}") for i, (o, t) in enumerate(docs))
    extract_store(st, pipe)
    return st


def _claims_with(st, words: str):
    return [c for c in st.iter_claims() if words in c.text]


def test_one_claim_from_two_outlets_and_two_sources_has_two_independent_sources(pipe):
    """Issue 5 acceptance: the same claim reported by two outlets from two different (named) sources →
    one claim, 2 independent sources, independent confirmation."""
    st = _store(pipe, ("الحياة", "وقالت وزارة الدفاع العراقية إن قوات الجيش العراقي قصفت بالمدفعية الثقيلة مواقع "
                                "تنظيم الدولة في بلدة الباغوز شرق دير الزور."),
                ("عكاظ", 'وقال مدير شبكة "فرات بوست" صهيب الجابر إن قوات الجيش العراقي قصفت بالمدفعية الثقيلة '
                        "مواقع تنظيم الدولة في بلدة الباغوز شرق دير الزور."))
    [claim] = _claims_with(st, "الباغوز")
    assert claim.independent_sources == 2 and claim.named_sources == 2 and claim.anonymous_sources == 0
    assert sorted(claim.sources) == ["صهيب الجابر", "وزارة الدفاع العراقية"]
    assert claim.doc_ids == ["d0", "d1"] and claim.outlets == ["الحياة", "عكاظ"]
    assert claim.grade == "independent confirmation" and claim.grade_level == 5


def test_two_outlets_relaying_one_agency_count_one_independent_source(pipe):
    """Issue 5 acceptance: two papers relaying Reuters (named as وكالة رويترز and as رويترز) → one source."""
    st = _store(pipe, ("الحياة", f"وقالت وكالة رويترز إن {IDLIB_42}."), ("عكاظ", f"وذكرت رويترز أن {IDLIB_42}."))
    [claim] = _claims_with(st, "ادلب")
    assert claim.independent_sources == 1 and len(claim.doc_ids) == 2
    assert claim.grade == "single named source"


def test_agencies_relaying_one_original_count_the_original_once_and_record_the_relays(pipe):
    """نقلت وكالة رويترز عن المرصد / ذكرت وكالة الأناضول نقلاً عن المرصد: the observatory is the one source,
    Reuters and Anadolu are relays (`via`), not sources."""
    st = _store(pipe, ("الحياة", f"ونقلت وكالة رويترز عن المرصد السوري لحقوق الإنسان قوله إن {IDLIB_42}."),
                ("عكاظ", f"وذكرت وكالة الأناضول، نقلاً عن المرصد السوري لحقوق الإنسان، أن {IDLIB_42}."))
    [claim] = _claims_with(st, "ادلب")
    assert claim.sources == ["المرصد السوري لحقوق الإنسان"] and claim.independent_sources == 1
    assert set(claim.relays) == {"وكالة رويترز", "وكالة الأناضول"}


def test_a_denial_is_a_separate_claim_listed_as_conflicting(pipe):
    """Issue 5 acceptance: a hospital director says Russian jets bombed the hospital; the Russian MoD
    spokesman denies it (نفى أن ...) → two claims, each in the other's conflicts_with, reason "denial"."""
    st = _store(pipe, ("الحياة", "وقال مدير المستشفى خالد العمر إن الطائرات الروسية قصفت المستشفى الوطني في مدينة إدلب."),
                ("عكاظ", "ونفى المتحدث باسم وزارة الدفاع الروسية إيغور كوناشينكوف أن تكون الطائرات الروسية قصفت "
                        "المستشفى الوطني في مدينة إدلب."))
    claims = _claims_with(st, "المستشفي الوطني")
    assert len(claims) == 2
    said, denied = sorted(claims, key=lambda c: c.polarity)
    assert (said.polarity, denied.polarity) == ("affirmed", "denied")
    assert said.conflicts_with == [denied.id] and denied.conflicts_with == [said.id]
    assert said.conflict_reasons[denied.id] == "denial"
    assert denied.sources == ["إيغور كوناشينكوف"]


def test_a_negated_clause_conflicts_and_two_denials_corroborate_each_other(pipe):
    """"Jets did not bomb the hospital" (local sources) agrees with the ministry's denial, and both
    conflict with the director's claim."""
    st = _store(pipe, ("الحياة", "وقال مدير المستشفى خالد العمر إن الطائرات الروسية قصفت المستشفى الوطني في مدينة إدلب."),
                ("عكاظ", "ونفى المتحدث باسم وزارة الدفاع الروسية إيغور كوناشينكوف أن تكون الطائرات الروسية قصفت "
                        "المستشفى الوطني في مدينة إدلب."),
                ("الرياض", "وقالت مصادر محلية إن الطائرات الروسية لم تقصف المستشفى الوطني في مدينة إدلب."))
    claims = _claims_with(st, "المستشفي الوطني")
    said = next(c for c in claims if c.polarity == "affirmed" and "لم" not in c.text.split())
    against = [c for c in claims if c is not said]
    assert len(against) == 1 and against[0].independent_sources == 2
    assert against[0].named_sources == 1 and against[0].anonymous_sources == 1
    assert said.conflicts_with == [against[0].id]


def test_a_different_figure_for_the_same_toll_is_a_conflicting_claim(pipe):
    """42 dead (the observatory) vs 35 dead (activists), the next day: separate claims, in conflict."""
    st = _store(pipe, ("الحياة", f"وقال المرصد السوري لحقوق الإنسان إن {IDLIB_42}."),
                ("عكاظ", "وقال ناشطون إن 35 مدنياً قتلوا في غارات جوية على مدينة إدلب."))
    claims = _claims_with(st, "ادلب")
    assert len(claims) == 2
    a, b = claims
    assert a.conflicts_with == [b.id] and a.conflict_reasons[b.id] == "figure"
    assert {tuple(c.figures) for c in claims} == {("42",), ("35",)}


def test_unnamed_sources_in_several_articles_back_a_claim_once(pipe):
    """مصادر محلية in two articles may be the same people: one anonymous source, not two."""
    text = "وقالت مصادر محلية إن قوات النظام استعادت السيطرة على بلدة كفرنبودة في ريف حماة."
    st = _store(pipe, ("الحياة", text), ("عكاظ", text))
    [claim] = _claims_with(st, "كفرنبوده")
    assert claim.independent_sources == 1 and claim.anonymous_sources == 1
    assert claim.grade == "single anonymous source"


def test_a_named_source_and_unnamed_ones_are_several_sources_of_one_side(pipe):
    st = _store(pipe, ("الحياة", "وقالت مصادر محلية إن قوات النظام استعادت السيطرة على بلدة كفرنبودة في ريف حماة."),
                ("عكاظ", "وأفاد مصدر عسكري بأن قوات النظام استعادت السيطرة على بلدة كفرنبودة في ريف حماة."),
                ("الرياض", "وقال محافظ حماة محمد الحزوري إن قوات النظام استعادت السيطرة على بلدة كفرنبودة في ريف حماة."))
    [claim] = _claims_with(st, "كفرنبوده")
    assert (claim.independent_sources, claim.named_sources, claim.anonymous_sources) == (3, 1, 2)
    assert claim.grade == "several sources, one side"


def test_the_grade_ladder():
    """From weakest to strongest, as documented in attribution.claims.corroboration."""
    assert grade(0, 1) == GRADES[0] == "single anonymous source"
    assert grade(1, 0) == GRADES[1] == "single named source"
    assert grade(0, 3) == GRADES[2] == "several anonymous sources"
    assert grade(2, 0, named_sides=1) == grade(1, 2) == GRADES[3] == "several sources, one side"
    assert grade(2, 1) == GRADES[4] == "independent confirmation"


def test_a_ministry_and_its_spokesman_are_one_side(pipe):
    """The spokesman speaks for the ministry: two sources, one side, not independent confirmation."""
    st = _store(pipe, ("الحياة", "وقالت وزارة الدفاع العراقية إن الجيش أحبط هجوماً على الحدود الغربية للبلاد."),
                ("عكاظ", "وقال المتحدث باسم وزارة الدفاع العراقية يحيى رسول إن الجيش أحبط هجوماً على الحدود "
                        "الغربية للبلاد."))
    [claim] = _claims_with(st, "الحدود")
    assert claim.independent_sources == 2 and claim.sides == 1
    assert claim.grade == "several sources, one side"
