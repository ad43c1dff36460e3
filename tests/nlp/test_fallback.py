"""The model-free tokenizer: whole clitic-bearing words, exact offsets, careful sentence ends."""
from __future__ import annotations

from attribution.nlp.fallback import split_sentences, tokenize


def test_clitic_bearing_words_stay_whole_and_offsets_slice_the_text():
    text = "وقال مدير الشبكة لـ موقع تلفزيون سوريا إن القصف «مستمر»، وبحسب ناشطين"
    toks = tokenize(text)
    assert [t.text for t in toks][:5] == ["وقال", "مدير", "الشبكة", "لـ", "موقع"]
    assert "وبحسب" in [t.text for t in toks]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert [t.text for t in toks if not t.is_word] == ["«", "»", "،"]


def test_numbers_dates_and_times_are_one_token():
    toks = [t.text for t in tokenize("2018.11.28 | 10:11 قتل 44.5 شخصاً و1,000 جريح")]
    assert "2018.11.28" in toks and "10:11" in toks and "44.5" in toks and "و1,000" in toks  # و stays on its word


def test_sentences_end_at_stops_not_inside_numbers_or_after_one_letter_abbreviations():
    text = "قال د. محمد إن النسبة 44.5 في المئة. وأضاف أن الوضع مستقر!\nفقرة جديدة بلا نقطة"
    sents = [text[s.start:s.end] for s in split_sentences(text)]
    assert sents == ["قال د. محمد إن النسبة 44.5 في المئة.", "وأضاف أن الوضع مستقر!", "فقرة جديدة بلا نقطة"]


def test_a_closing_quote_after_the_stop_belongs_to_the_sentence():
    text = "وقال: «انتهى الأمر.» ثم غادر."
    sents = [text[s.start:s.end] for s in split_sentences(text)]
    assert sents[0] == "وقال: «انتهى الأمر.»"


def test_line_breaks_start_new_paragraphs():
    sents = split_sentences("السطر الأول\nالسطر الثاني\n\nالثالث")
    assert [s.paragraph for s in sents] == [0, 1, 2]


def test_tatweel_diacritics_and_no_break_spaces_survive():
    text = "وقـــالَ\u00a0الوزيرُ"
    assert [t.text for t in tokenize(text)] == ["وقـــالَ", "الوزيرُ"]
