"""Attribution frames on short Arabic news sentences (ANNOTATION.md §1–§3).

Every case runs with the rule-based annotator and with stanza; the spans must
come out the same because token boundaries never depend on the model.
"""
from __future__ import annotations


def _one(recs, cue):
    hits = [r for r in recs if r["cue"]["text"] == cue]
    assert len(hits) == 1, recs
    return hits[0]


def test_verb_first_with_addressee_and_complementizer(run):
    # "The network's director told Syria TV that the shelling goes on."
    text = "وقال مدير الشبكة لـ موقع تلفزيون سوريا إن القصف مستمر على المدينة."
    r = _one(run(text), "وقال")
    assert r["kind"] == "indirect"
    assert r["source"]["text"] == "مدير الشبكة"
    assert r["addressee"] == "موقع تلفزيون سوريا"
    assert r["content"]["text"] == "القصف مستمر على المدينة"


def test_subject_first_after_a_complementizer_with_a_time_adjunct(run):
    # "It is worth noting that local networks reported, yesterday Tuesday, that negotiations are under way."
    text = "الجدير بالذكر، أن شبكات محلية ذكرت، أمس الثلاثاء، أن مفاوضات تجري بين الطرفين."
    r = _one(run(text), "ذكرت")
    assert r["source"]["text"] == "شبكات محلية"
    assert r["content"]["text"] == "مفاوضات تجري بين الطرفين"
    assert r["anonymous"] is True


def test_dropped_subject_takes_the_previous_speaker(run):
    # "The minister said the truce holds. He added that aid will arrive tomorrow."
    text = "قال وزير الخارجية سامي الخطيب إن الهدنة صامدة. وأضاف أن المساعدات ستصل غداً."
    recs = run(text)
    added = _one(recs, "وأضاف")
    assert added["source"] is None
    assert added["source_name"] == "سامي الخطيب" and added["source_type"] == "person"
    assert added["role"] == "وزير الخارجية"


def test_participle_continuation_is_its_own_attribution(run):
    # "..., pointing out that the ministry fears misuse of the books."
    text = "وقال مصدر مسؤول في الوزارة إن المشكلة تأتي من المكتبات الصغيرة، مشيراً إلى أن الوزارة تخشى استغلال الكتب."
    recs = run(text)
    first, part = _one(recs, "وقال"), _one(recs, "مشيراً")
    assert first["content"]["text"] == "المشكلة تأتي من المكتبات الصغيرة"
    assert part["source"] is None and part["source_name"] == "مصدر مسؤول في الوزارة"
    assert part["source_type"] == "government" and part["anonymous"] is True


def test_direct_quote_after_a_colon_spans_two_sentences(run):
    # "The minister said: «The situation is hard. But we will win»."
    text = "وقال الوزير: «الوضع صعب. لكننا سننتصر في النهاية»."
    r = _one(run(text), "وقال")
    assert r["kind"] == "direct"
    assert r["content"]["text"] == "الوضع صعب. لكننا سننتصر في النهاية"


def test_quote_before_the_verb_with_the_source_after_it(run):
    # "«The situation is under control», said the police spokesman."
    text = "«الوضع تحت السيطرة تماماً»، قال المتحدث باسم الشرطة."
    r = _one(run(text), "قال")
    assert r["kind"] == "direct"
    assert r["source"]["text"] == "المتحدث باسم الشرطة"
    assert r["content"]["text"] == "الوضع تحت السيطرة تماماً"


def test_indirect_frame_with_quoted_words_is_mixed_but_quoted_names_are_not(run):
    mixed = "وأوضح الوزير أن \"القرار سيخضع للمراجعة الشهرية من قبل اللجنة المختصة\"."
    assert _one(run(mixed), "وأوضح")["kind"] == "mixed"
    # quotes around a name ("the State") do not make speech
    plain = "وقال ناشطون إن تنظيم \"الدولة\" قصف مواقع الجيش."
    assert _one(run(plain), "وقال")["kind"] == "indirect"


def test_parenthetical_according_to_credits_the_whole_clause(run):
    # "The organisation targeted - according to activists - army positions."
    text = "كذلك، استهدف التنظيم - حسب ناشطين - بقذائف الهاون مواقع الجيش في المدينة."
    r = _one(run(text), "حسب")
    assert r["kind"] == "according_to"
    assert r["source"]["text"] == "ناشطين"
    assert r["content"]["text"] == "استهدف التنظيم - حسب ناشطين - بقذائف الهاون مواقع الجيش في المدينة"
    assert r["source_type"] == "activists" and r["anonymous"] is True


def test_trailing_and_leading_according_to(run):
    trailing = "قتل 12 شخصاً في غارة جوية على القرية، بحسب المرصد السوري لحقوق الإنسان."
    r = _one(run(trailing), "بحسب")
    assert r["content"]["text"] == "قتل 12 شخصاً في غارة جوية على القرية"
    assert r["source"]["text"] == "المرصد السوري لحقوق الإنسان" and r["source_type"] == "organization"
    leading = "وبحسب مصادر أمنية فإن أربع سيارات مفخخة انفجرت في العاصمة."
    r = _one(run(leading), "وبحسب")
    assert r["content"]["text"] == "أربع سيارات مفخخة انفجرت في العاصمة"
    assert r["source_type"] == "government"


def test_legal_basis_and_terms_are_not_attributions(run):
    # "Aid is distributed according to the law / according to the new programme."
    assert run("وتوزع المساعدات حسب القانون المعمول به في البلاد.") == []
    assert run("وسيتم التسعير وفقاً للأسعار العالمية كل شهر.") == []


def test_relay_credits_the_original_and_records_the_outlet(run):
    # "Reuters quoted the Observatory as saying that the shelling continued."
    text = "نقلت وكالة رويترز عن المرصد السوري قوله إن القصف استمر طوال الليل."
    r = _one(run(text), "نقلت")
    assert r["source"]["text"] == "المرصد السوري"
    assert r["via"] == "وكالة رويترز"
    assert r["content"]["text"] == "القصف استمر طوال الليل"


def test_according_to_before_a_reporting_verb_becomes_its_via(run):
    text = "وحسب وكالة الأنباء الألمانية، قال الناطق باسم الجيش إن القوات تقدمت نحو المدينة."
    recs = run(text)
    assert len(recs) == 1
    r = recs[0]
    assert (r["cue"]["text"], r["via"]) == ("قال", "وكالة الأنباء الألمانية")


def test_event_noun_phrase_as_the_claim(run):
    # "Local sources reported the killing of a civilian in the shelling."
    text = "أفادت مصادر محلية بمقتل مدني في القصف الذي استهدف السوق."
    r = _one(run(text), "أفادت")
    assert r["content"]["text"] == "بمقتل مدني في القصف الذي استهدف السوق"
    assert r["source"]["text"] == "مصادر محلية"


def test_negated_speech_directives_and_objects_that_state_nothing_are_not_marked(run):
    assert run("ولم يؤكد المسؤول أن الهجوم وقع في المدينة.") == []   # negated
    assert run("ودعا الوزير إلى ضبط النفس ووقف التصعيد.") == []       # an appeal
    assert run("ونفت الحكومة الاتهامات بشدة.") == []                  # a noun pointing back to speech


def test_nested_attribution_inside_content_is_marked_separately(run):
    text = "وقال المتحدث إن الدراسات المختصة تشير إلى أن الأسعار ستبقى منخفضة."
    recs = run(text)
    outer, inner = _one(recs, "وقال"), _one(recs, "تشير")
    assert outer["content"]["text"].startswith("الدراسات المختصة تشير")
    assert inner["source"]["text"] == "الدراسات المختصة" and inner["source_type"] == "document"
    assert inner["content"]["text"] == "الأسعار ستبقى منخفضة"


def test_accusation_content_runs_from_the_accused(run):
    text = "واتهمت الحكومة الأوكرانية الانفصاليين باستهداف مواقعها بالمدفعية."
    r = _one(run(text), "واتهمت")
    assert r["source"]["text"] == "الحكومة الأوكرانية"
    assert r["content"]["text"] == "الانفصاليين باستهداف مواقعها بالمدفعية"


def test_real_world_orthography_keeps_exact_spans(run):
    # tatweel in the cue, a no-break space, diacritics, a Latin outlet name
    text = "وقـــال المتحدثُ\u00a0باسم الجيش لـ CNN إنّ القوات انسحبت من البلدة."
    r = _one(run(text), "وقـــال")
    assert r["source"]["text"] == "المتحدثُ\u00a0باسم الجيش"
    assert r["addressee"] == "CNN"
    assert r["content"]["text"] == "القوات انسحبت من البلدة"
    assert r["source_type"] == "military"


def test_brackets_inside_a_source_stay_balanced(run):
    # "The Civil Defence spokesman [the White Helmets] said the shelling hit the market."
    text = "وقال المتحدث باسم الدفاع المدني [الخوذ البيضاء] إن القصف استهدف السوق."
    r = _one(run(text), "وقال")
    assert r["source"]["text"] == "المتحدث باسم الدفاع المدني [الخوذ البيضاء]"


def test_time_phrase_before_the_complementizer_is_not_the_source(run):
    # "Khamenei had said the day before yesterday that ..." — أول من أمس is a time, not a speaker
    text = "وكان خامنئي قال أول من أمس، إن الاتفاق لا يعني حدوث أي تحول في السياسة."
    r = _one(run(text), "قال")
    assert r["source"]["text"] == "خامنئي"


def test_an_anonymity_clause_belongs_to_the_source(run):
    # "A military source, who declined to be named, reported that the forces advanced."
    text = "وأفاد مصدر عسكري رفض الكشف عن اسمه بأن القوات تقدمت نحو البلدة."
    r = _one(run(text), "وأفاد")
    assert r["source"]["text"] == "مصدر عسكري رفض الكشف عن اسمه"
    assert r["content"]["text"] == "القوات تقدمت نحو البلدة"
    assert r["anonymous"] is True and r["source_type"] == "military"


def test_a_role_named_in_full_is_the_person_who_holds_it(run):
    text = "وقال وزير الخارجية الأميركي جون كيري إن المحادثات مثمرة. وأكد وزير الخارجية الأميركي أن الاتفاق قريب."
    assert _one(run(text), "وأكد")["source_name"] == "جون كيري"


def test_a_contrast_that_opens_another_attribution_ends_the_content(run):
    # "The ministry said all the dead were civilians, but local officials described them as fighters."
    text = "وأشارت وزارة الداخلية إلى أن جميع القتلى مدنيون، غير أن مسؤولين محليين قالوا إنهم مقاتلون."
    r = _one(run(text), "وأشارت")
    assert r["content"]["text"] == "جميع القتلى مدنيون"
    assert _one(run(text), "قالوا")["source"]["text"] == "مسؤولين محليين"


def test_a_contrast_that_continues_the_argument_stays_in_the_content(run):
    # "He said the report is not about Clinton, but there may be a link." — no new speaker after لكن
    text = "وقال المتحدث إن التقرير لا يتصل بموضوع كلينتون، لكن يمكن أن تكون هناك صلة."
    assert _one(run(text), "وقال")["content"]["text"] == "التقرير لا يتصل بموضوع كلينتون، لكن يمكن أن تكون هناك صلة"


def test_the_reporters_verification_note_is_not_the_sources_words(run):
    # "... said the deal was finalised late on Wednesday but Reuters could not immediately verify the report."
    text = "وذكرت وسائل إعلام محلية أن الاتفاق تم ليلة الأربعاء لكن لم يتسن لرويترز على الفور التأكد من صحة التقرير."
    assert _one(run(text), "وذكرت")["content"]["text"] == "الاتفاق تم ليلة الأربعاء"


def test_a_participle_cue_without_a_comma_starts_its_own_attribution(run):
    # "The directorate stressed it reserves its right to reply, noting it wrote to the authorities."
    text = "وتؤكد المديرية أنها تحتفظ بحقها في الرد منوهة أنها خاطبت الجهات المختصة."
    recs = run(text)
    assert _one(recs, "وتؤكد")["content"]["text"] == "أنها تحتفظ بحقها في الرد"
    assert _one(recs, "منوهة")["content"]["text"] == "أنها خاطبت الجهات المختصة"


def test_an_announced_event_after_a_time_adjunct_between_commas(run):
    # "The Kuwaiti authorities announced, yesterday, the dismantling of a terrorist cell."
    text = "أعلنت السلطات الكويتية، أمس، عن تفكيك خلية إرهابية على علاقة بتنظيم داعش."
    r = _one(run(text), "أعلنت")
    assert r["source"]["text"] == "السلطات الكويتية"
    assert r["content"]["text"] == "تفكيك خلية إرهابية على علاقة بتنظيم داعش"


def test_announcing_a_topic_is_not_a_claim(run):
    # "More than 80 offices announced recruitment from the Philippines." — أعلن عن + a non-event noun
    text = "وفي نفس الوقت أعلن أكثر من 80 مكتب وشركة عن الاستقدام من الفلبين والهند."
    assert [r for r in run(text) if r["cue"]["text"] == "أعلن"] == []


def test_an_addressee_before_the_event_preposition(run):
    # "Military sources told AFP of the killing of eight people."
    text = "وفي وقت سابق اشارت مصادر عسكرية لفرانس برس الى مقتل ثمانية اشخاص في الفندق."
    r = _one(run(text), "اشارت")
    assert r["source"]["text"] == "مصادر عسكرية"
    assert r["addressee"] == "فرانس برس"
    assert r["content"]["text"] == "مقتل ثمانية اشخاص في الفندق"


def test_a_when_asked_clause_between_speaker_and_quote(run):
    # "Earnest said, when asked about Incirlik air base, “I cannot talk about some of these issues.”"
    text = "وقال إيرنست حين سئل عن قاعدة إنجرليك الجوية “لا يمكنني الحديث عن بعض تلك القضايا.”"
    r = _one(run(text), "وقال")
    assert r["source"]["text"] == "إيرنست" and r["kind"] == "direct"
    assert r["content"]["text"] == "لا يمكنني الحديث عن بعض تلك القضايا"


def test_the_addressee_is_named_without_its_glued_preposition(run):
    # "The spokesman told Reuters that ..." — لـ«رويترز» gives the addressee رويترز; 'in it' is no addressee
    recs = run("وقال المتحدث لـ«رويترز» إن الهجوم فشل. وأصدرت الوزارة بياناً أكدت فيه أن الحدود مغلقة.")
    assert _one(recs, "وقال")["addressee"] == "رويترز"
    assert _one(recs, "أكدت")["addressee"] is None


def test_whom_a_source_informed_is_the_addressee_not_part_of_the_source(run):
    # "An official in the Hajj ministry told Okaz that the companies are bound by the rules."
    r = _one(run("وأبلغ مسؤول في وزارة الحج «عكاظ» أن الشركات ملزمة بالتعليمات."), "وأبلغ")
    assert r["source"]["text"] == "مسؤول في وزارة الحج"
    assert r["source_name"] == "مسؤول في وزارة الحج" and r["addressee"] == "عكاظ"


def test_one_of_the_sources_is_one_man_for_a_dropped_subject(run):
    # "One of the military sources said 12 people were killed. He added that five were soldiers."
    recs = run("وقال احد المصادر العسكرية ان 12 شخصا قتلوا في الهجوم. واضاف ان بين القتلى خمسة جنود.")
    assert _one(recs, "واضاف")["source_name"] == "احد المصادر العسكرية"


def test_the_accused_starts_after_the_accusers_name(run):
    # "The Ukrainian government accused the pro-Russian separatists of targeting its positions."
    text = "اتهمت الحكومة الأوكرانية الانفصاليين الموالين للروس باستهداف مواقعها بأعنف قصف مدفعي منذ ستة أشهر."
    r = _one(run(text), "اتهمت")
    assert r["source"]["text"] == "الحكومة الأوكرانية"
    assert r["content"]["text"].startswith("الانفصاليين الموالين للروس باستهداف")


def test_initials_and_abbreviated_titles_inside_a_speakers_name(run):
    # "Railway police chief M.S. Gupta said '27 people were killed'. He added ..., noting the toll may rise."
    text = ('وقال قائد شرطة السكك الحديد م.س. غوبتا "قتل 27 شخصا نتيجة الحادثين". '
            'وأضاف أنه "تم إخلاء كل العربات" مشيراً الى ان الحصيلة قد ترتفع. وأضاف د. الشريف قائلا: إن الورشة انعقدت.')
    recs = run(text)
    said = _one(recs, "وقال")
    assert said["source"]["text"] == "قائد شرطة السكك الحديد م.س. غوبتا"
    assert _one(recs, "مشيراً")["content"]["text"] == "الحصيلة قد ترتفع"
    assert [r for r in recs if r["cue"]["text"] == "وأضاف"][0]["content"]["text"] == 'أنه "تم إخلاء كل العربات"'
    doctor = [r for r in recs if r["cue"]["text"] == "وأضاف"][1]
    assert doctor["source_name"] == "الشريف" and doctor["source_type"] == "person"
    assert [r for r in recs if r["cue"]["text"] == "قائلا"] == []


def test_an_addressee_in_marks_before_the_subject(run):
    # "The committee head told (Okaz) ..." / "Informed sources revealed to "Al-Eqtisadiah" ..."
    recs = run('وأوضح لـ(عكاظ) رئيس اللجنة عبدالله النفيعي أن المقرات جاهزة. '
               'كشفت لـ"الاقتصادية" مصادر مطلعة في وزارة المالية أن الميزانية ستعلن قريبا.')
    explained = _one(recs, "وأوضح")
    assert explained["source_name"] == "عبدالله النفيعي" and explained["addressee"] == "عكاظ"
    revealed = _one(recs, "كشفت")
    assert revealed["source"]["text"] == "مصادر مطلعة في وزارة المالية"
    assert revealed["addressee"] == "الاقتصادية" and revealed["anonymous"] is True


def test_the_group_after_a_number_of_is_the_antecedent_of_a_plural_dropped_subject(run):
    # "A number of the excluded denounced ... They said great harm was done, noting that ..."
    text = ("استهجن عدد من المستبعدين من الوظائف التعليمية طريقة استبعادهم. "
            "وقالوا إن ضرراً كبيراً قد لحق بكثير منهم، مشيرين إلى أن بعضهم ترك عمله.")
    recs = run(text)
    assert _one(recs, "وقالوا")["source_name"] == "عدد من المستبعدين"
    assert _one(recs, "مشيرين")["source_name"] == "عدد من المستبعدين"


def test_a_leader_named_before_his_role_in_a_condemnation(run):
    # "Ismail Haniyeh, the Hamas leader in Gaza, condemned Israel and said: «...»"
    text = "وندد إسماعيل هنية القيادي في حركة حماس في غزة بإسرائيل وقال: «هذا التصعيد خطير»."
    r = _one(run(text), "وقال")
    assert r["source_name"] == "إسماعيل هنية" and r["source_type"] == "person"


def test_a_second_reporting_verb_of_the_same_speaker_ends_the_first_content(run):
    # "The government accused the separatists of shelling and said that there are signs of escalation."
    text = "اتهمت الحكومة الأوكرانية الانفصاليين بقصف مواقعها منذ ستة أشهر وقالت إن مؤشرات تدل على تصعيد الصراع."
    recs = run(text)
    assert _one(recs, "اتهمت")["content"]["text"] == "الانفصاليين بقصف مواقعها منذ ستة أشهر"
    assert _one(recs, "وقالت")["content"]["text"] == "مؤشرات تدل على تصعيد الصراع"


def test_a_period_between_two_words_without_a_space_ends_the_sentence(run):
    # "... three fighters were killed and 15 wounded.Also the rebels benefited ..." (no space after the period)
    text = "وقالت مصادر طبية إن ثلاثة من رجال المقاومة استشهدوا وأصيب 15 آخرون.كما استفاد الثوار من الدعم الجوي."
    assert _one(run(text), "وقالت")["content"]["text"] == "ثلاثة من رجال المقاومة استشهدوا وأصيب 15 آخرون"


def test_a_participle_with_a_colon_after_a_quote_starts_its_own_attribution(run):
    text = 'وقال المسؤول إن "الانفجار وقع عند أول حاجز أمني" مضيفا: "نخشى أن يكون هناك ضحايا".'
    recs = run(text)
    assert _one(recs, "وقال")["content"]["text"] == '"الانفجار وقع عند أول حاجز أمني"'
    assert _one(recs, "مضيفا")["content"]["text"] == "نخشى أن يكون هناك ضحايا"


def test_declining_to_comment_is_the_reporters_note_not_the_claim(run):
    # "Earnest said Obama and Erdogan agreed to step up cooperation but he declined to comment on Incirlik."
    text = ("وقال جون إيرنست المتحدث باسم البيت الأبيض إن أوباما واردوغان اتفقا على توطيد التعاون "
            "لكنه رفض التعليق بخصوص قاعدة إنجرليك.")
    assert _one(run(text), "وقال")["content"]["text"] == "أوباما واردوغان اتفقا على توطيد التعاون"


def test_a_subject_before_qad_and_an_event_after_a_time_phrase(run):
    # "The Popular Resistance had announced the day before yesterday, Saturday, the start of the operation."
    text = "وكانت المقاومة الشعبية قد أعلنت أول من أمس السبت بدء عملية تحرير مدينة أبين."
    r = _one(run(text), "أعلنت")
    assert r["source"]["text"] == "المقاومة الشعبية"
    assert r["content"]["text"] == "بدء عملية تحرير مدينة أبين"


def test_a_specialist_named_before_his_field_is_the_person(run):
    text = "قال المحامي سمير بن عمر المتخصص في شؤون الإرهاب لـ«الشرق الأوسط» إن ما حصل كان عملية اختطاف."
    r = _one(run(text), "قال")
    assert r["source_name"] == "سمير بن عمر" and r["addressee"] == "الشرق الأوسط"


def test_a_role_names_its_holder_written_after_it_elsewhere_in_the_article(run):
    # The name appears only inside a quote: "US Secretary of State John Kerry briefed us ..."
    text = ('وقال الوزير القطري: "إن وزير الخارجية الأميركي جون كيري أطلعنا على تفاصيل الاتفاق". '
            'وأوضح وزير الخارجية الأميركي أن الاتفاقية ليست مبنية على توقعات. '
            'وقال: "هدفنا تنفيذ الاتفاقية، ونحن نعلم دعمها لحزب الله". وأضاف أن العمل مستمر.')
    recs = run(text)
    explained = _one(recs, "وأوضح")
    assert explained["source_name"] == "جون كيري" and explained["role"] == "وزير الخارجية الأميركي"
    # نعلم inside the quote names no new speaker: وأضاف is still Kerry
    assert _one(recs, "وأضاف")["source_name"] == "جون كيري"


def test_a_participle_after_a_comma_keeps_its_own_claim_and_the_verbs_subject(run):
    # "Minister Al-Dakhil stressed, during his meeting, the importance of the future, saying: «...»"
    text = ("وأكد الدكتور الدخيل، خلال اجتماعه بمديري الجامعات، على أهمية مستقبل الوطن، "
            "قائلا: «نحن مسؤولون عن التعليم من الحضانة إلى الزمالة».")
    recs = run(text)
    assert [r for r in recs if r["cue"]["text"] == "وأكد"] == []  # its only claim is the participle's
    saying = _one(recs, "قائلا")
    assert saying["content"]["text"] == "نحن مسؤولون عن التعليم من الحضانة إلى الزمالة"
    assert saying["source_name"] == "الدخيل"


def test_words_that_fold_to_a_first_name_do_not_name_a_roles_holder(run):
    # على (on) folds to علي (Ali), بأن (that) to بان (Ban): neither names the emir or the minister
    text = ("وأطلع الوزير أمير قطر على تفاصيل الاتفاق. وأعرب أمير قطر عن أمله بأن تكون المنطقة خالية من السلاح. "
            "وأقر وزير الشؤون الاسلامية بأن خطابنا الديني يخضع لاجتهادات شخصية.")
    recs = run(text)
    assert all(r["source_name"] not in ("على تفاصيل", "بأن خطابنا") for r in recs), recs
