"""Extraction never raises and every span slices its text — on any Unicode and on every pool article."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.ingest import document_from_text
from attribution.pipeline import make_pipeline

from ..conftest import shared_path

PIPE = make_pipeline(use_stanza=False)
# Arabic-heavy text: cue words, quotes, punctuation and anything else Unicode offers
ARABIC_BITS = st.sampled_from(["قال", "وقال", "إن", "أن", "بحسب", "حسب", "وأضاف", "مشيراً", "إلى", "«", "»", '"',
                               "“", "”", "،", ".", ":", "-", "(", ")", "الوزير", "مصادر", "لـ", "\u00a0", "\n",
                               "\u0640", "\u064b", " "])
TEXT = st.one_of(st.text(max_size=300), st.lists(st.one_of(ARABIC_BITS, st.text(max_size=5)), max_size=80)
                 .map(" ".join))


def _check(text: str) -> int:
    doc = document_from_text("p", text)
    atts = PIPE.process(doc)
    for a in atts:
        a.check(text)
        assert 0 <= a.confidence <= 1
        rec = a.record()
        for k in ("cue", "source", "content"):
            if rec[k]:
                assert text[rec[k]["start"]:rec[k]["end"]] == rec[k]["text"]
    return len(atts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_extracts_without_error_and_spans_slice_it(text):
    _check(text)


def test_every_pool_article_extracts_without_error_and_spans_slice_it():
    pool = shared_path("corpus", "pool.jsonl")
    n_docs = n_atts = 0
    for line in pool.read_text(encoding="utf-8").splitlines():
        if line.strip():
            n_atts += _check(json.loads(line)["text"])
            n_docs += 1
    assert n_docs == 400 and n_atts > 1000


def test_any_text_extracts_without_error_with_stanza_too(stanza_dir):
    """The stanza path aligns model tokens onto rule tokens; odd input must not break that."""
    pipe = make_pipeline(str(stanza_dir), use_stanza=True, required=True)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(TEXT)
    def check(text):
        doc = document_from_text("p", text)
        for a in pipe.process(doc):
            a.check(text)

    check()
