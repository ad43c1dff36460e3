"""Claim text, figures and polarity: what two claims are compared on."""
from __future__ import annotations

import pytest

from attribution.claims.cluster import ClaimInput, judge, polarity, prepare
from attribution.claims.text import claim_text, figures, figures_compatible, negations, stems


def test_claim_text_folds_the_content_and_cuts_a_trailing_according_to_phrase():
    """"... bombed Baghouz, as Anadolu reported": who says it is not part of what is said."""
    assert claim_text("قوات النظام قصفت بلدة الباغوز، حسب ما نقلت وكالة الأناضول") == "قوات النظام قصفت بلده الباغوز"
    assert claim_text("القصف أدى إلى مقتل ٥ مدنيين بحسب ناشطين محليين") == "القصف ادي الي مقتل 5 مدنيين"


def test_a_non_attribution_according_to_phrase_stays_in_the_claim():
    """وفق الاشتراطات الجديدة ("under the new rules") names no source: the negation after it matters."""
    text = claim_text("طلبات الاستقدام وفق الاشتراطات الجديدة لم يتم تعليقها")
    assert text.endswith("لم يتم تعليقها")


@pytest.mark.parametrize("text,expected", [
    ("مقتل 42 حوثياً", {("42", "حوثي")}),  # "42 Houthis killed"
    ("قتل أربعة جنود و3 مدنيين", {("4", "جنود"), ("3", "مدني")}),  # number words and و+digit
    ("40 من مسلحي الحوثي قتلوا", {("40", "مسلح")}),  # what is counted comes after من
    ("مقتل أكثر من مائة شخص مدني", {("100", "شخص")}),  # مائة folds to مايه
    ("قصر 22 مايو والعاصمة على بعد 60 كلم منذ عام 2001 في اللواء 15", set()),  # dates, distances, names
], ids=["digits", "words", "min", "hundred", "not-figures"])
def test_figures_are_what_the_claim_counts(text, expected):
    assert figures(text) == expected


def test_the_same_counted_thing_with_another_number_is_incompatible():
    """16 vs عشرين شخصا: a different figure for the same quantity; 5 soldiers + 2 attackers vs 12 people
    including 5 soldiers: the shared count agrees."""
    assert not figures_compatible(figures("استشهد 16 شخصا"), figures("مقتل عشرين شخصًا"))
    assert figures_compatible(figures("خمسة عسكريين واثنين من المهاجمين قتلوا"),
                              figures("قتل 12 شخصاً، بينهم خمسة عسكريين"))
    assert figures_compatible(figures("مقتل جنود"), figures("مقتل 4 جنود"))
    assert not figures_compatible(figures("قتل 42"), figures("قتل 35"))


def test_negations_count_particles_but_not_fixed_expressions():
    """لم/لن/لا/ليس/عدم negate; لا يزال ("still") and لا بد ("must") do not."""
    assert negations("الطائرات لم تقصف المستشفى") == 1
    assert negations("لا يزال القصف مستمرا ولا بد من وقفه") == 0
    assert negations("ليس هناك ما يؤكد عدم وجود ضحايا") == 2


def test_polarity_flips_with_a_denial_and_with_each_negation():
    assert polarity("القوات قصفت المستشفى", denied=False) == 1
    assert polarity("القوات قصفت المستشفى", denied=True) == -1
    assert polarity("القوات لم تقصف المستشفى", denied=False) == -1
    assert polarity("القوات لم تقصف المستشفى", denied=True) == 1


def test_stems_drop_clitics_the_article_and_stop_words():
    """"and the forces shelled the hospital in the city" = "forces shelled hospital of the city"."""
    assert stems("والقوات قصفت المستشفى في المدينة") == stems("قوات قصفت مستشفى المدينة") == \
        ["قوا", "قصف", "مستشف", "مدين"]


def _pair(a: str, b: str, deny_a=False, deny_b=False, dates=("2015-08-01", "2015-08-02")):
    p = prepare([ClaimInput("a", "d1", a, deny_a, date=dates[0]), ClaimInput("b", "d2", b, deny_b, date=dates[1])])
    return judge(p[0], p[1])


def test_one_claim_in_two_wordings_is_the_same_claim():
    v = _pair("الطائرة كانت تحلق على ارتفاع منخفض عندما تعرضت لخلل تقني أدى إلى سقوطها",
              "الطائرة كانت تحلق على ارتفاع منخفض عندما تعرضت لخلل تقني ادى الى سقوطها")
    assert v.same_claim


def test_a_denial_of_the_same_proposition_is_a_conflict_not_the_same_claim():
    v = _pair("الطائرات الروسية قصفت المستشفى الوطني في مدينة إدلب",
              "تكون الطائرات الروسية قصفت المستشفى الوطني في مدينة إدلب", deny_b=True)
    assert (v.same_claim, v.same_topic, v.reason) == (False, True, "denial")


def test_a_different_figure_far_apart_in_time_is_another_event_not_a_conflict():
    """Same wording, different toll, two weeks apart: most likely two different bombings."""
    a, b = "قتل 19 شخصا في تفجير سيارة مفخخة استهدف سوقا تجارية", "قتل 15 شخصا في تفجير سيارة مفخخة استهدف سوقا تجارية"
    assert _pair(a, b).reason == "figure"
    far = _pair(a, b, dates=("2015-07-23", "2015-08-08"))
    assert not far.same_claim and not far.same_topic


def test_short_claims_are_not_matched_across_documents():
    """التفجير ("the bombing") in two articles says nothing checkable: not one claim."""
    assert not _pair("التفجير الانتحاري", "التفجير الانتحاري").same_claim


def test_only_quote_marks_that_wrap_the_whole_text_are_stripped():
    from attribution.arabic import strip_quotes

    assert strip_quotes("«رويترز»") == "رويترز"
    assert strip_quotes('"الجابر"') == "الجابر"
    assert strip_quotes("(صهيب الجابر)") == "صهيب الجابر"
    # the seed's claim: its first and last marks belong to two different quotations
    both = '"النظام" لا دورَ له في المنطقة التي يُسيطر عليها بشكل فعلي ميليشيا "الحرس الثوري الإيراني"'
    assert strip_quotes(both) == both
    assert strip_quotes('"سبق') == "سبق"  # a span cut inside a quotation
