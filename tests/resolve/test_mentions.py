"""Reading one source mention: name, role, affiliation, type, anonymity (ANNOTATION.md §3)."""
from __future__ import annotations

import pytest

from attribution.ingest import document_from_text
from attribution.pipeline import make_pipeline
from attribution.resolve.mentions import analyze


@pytest.mark.parametrize("mention,name,typ,anonymous,role,affiliation", [
    # the seed's speaker: role, quoted outlet, name in parentheses
    ('مدير شبكة "فرات بوست" (صهيب الجابر)', "صهيب الجابر", "person", False, 'مدير شبكة "فرات بوست"', "فرات بوست"),
    # role + genitive + name; honorific before the name
    ("وزير الطاقة سهيل المزروعي", "سهيل المزروعي", "person", False, "وزير الطاقة", None),
    ("المفتش العام في وزارة الخارجية ستيف لينيك", "ستيف لينيك", "person", False,
     "المفتش العام في وزارة الخارجية", "وزارة الخارجية"),
    ("آدم زوبين، وكيل الوزارة لشؤون الإرهاب", "آدم زوبين", "person", False, "وكيل الوزارة لشؤون الإرهاب", None),
    ("الرئيس التركي، رجب طيب أردوغان", "رجب طيب أردوغان", "person", False, "الرئيس التركي", None),
    # bodies and unnamed sources
    ("وزارة الدفاع العراقية", "وزارة الدفاع العراقية", "government", False, None, None),
    ("إدارة الرئيس الأميركي باراك أوباما", "إدارة الرئيس الأميركي باراك أوباما", "government", False, None, None),
    ("مصدر أمني في وزارة الداخلية", "مصدر أمني في وزارة الداخلية", "government", True, None, None),
    ("مصادر عسكرية", "مصادر عسكرية", "military", True, None, None),
    ("مسؤولون في الكتائب", "مسؤولون في الكتائب", "armed_group", True, None, None),
    ("مصادر طبية من مستشفى ردفان", "مصادر طبية من مستشفى ردفان", "organization", True, None, None),
    ("المكتب الإعلامي لمقاومة آزال", "المكتب الإعلامي لمقاومة آزال", "armed_group", False, None, None),
    ("شهود عيان", "شهود عيان", "activists", True, None, None),
    ("صحيفة «نيويورك تايمز» الأميركية", "صحيفة نيويورك تايمز الأميركية", "media", False, None, None),
    ("مسؤولاً محلياً، طلب عدم ذكر اسمه", "مسؤولاً محلياً", "government", True, None, None),
], ids=["role-quoted-outlet-paren-name", "role-genitive-name", "role-pp-name-affiliation", "name-comma-role",
        "role-comma-name", "ministry", "administration-not-president", "security-source", "military-sources",
        "armed-group-officials", "hospital-sources", "media-office-of-group", "eyewitnesses", "quoted-newspaper",
        "official-with-anonymity-clause"])
def test_mention_reading(mention, name, typ, anonymous, role, affiliation):
    m = analyze(mention)
    assert (m.name, m.type, m.anonymous, m.role, m.affiliation) == (name, typ, anonymous, role, affiliation)


def test_surname_and_definite_descriptions_take_the_fullest_mention_in_the_document():
    text = ("وقال وزير الطاقة سهيل المزروعي إن الأسعار ستنخفض. وأشار المزروعي إلى أن القرار نهائي. "
            "وقالت مصادر أمنية وطبية إن الانفجار وقع صباحاً. وأضافت المصادر نفسها أن الحصيلة ارتفعت.")
    atts = make_pipeline(use_stanza=False).process(document_from_text("d", text))
    by_cue = {a.cue.text: a for a in atts}
    assert by_cue["وأشار"].source.text == "المزروعي"
    assert by_cue["وأشار"].source_name == "سهيل المزروعي" and by_cue["وأشار"].role == "وزير الطاقة"
    assert by_cue["وأضافت"].source_name == "مصادر أمنية وطبية" and by_cue["وأضافت"].anonymous


def test_a_dropped_subject_agrees_in_gender_with_its_antecedent():
    # masculine وأضاف skips the feminine ministry and finds the minister
    text = ("وقال الوزير خالد العمر إن الخطة جاهزة. وقالت الوزارة إن التنفيذ يبدأ غداً. "
            "وأضاف أن الميزانية كافية.")
    atts = make_pipeline(use_stanza=False).process(document_from_text("d", text))
    added = next(a for a in atts if a.cue.text == "وأضاف")
    assert added.source is None and added.source_name == "خالد العمر"
