"""With stanza parsing the whole content, claims are compared on the content lemmas the pipeline keeps.

The default pipeline parses only the stretch around each cue (prefilter), which leaves most contents
unparsed and the claims on character n-grams; `extract --no-prefilter` parses every sentence.
"""
from __future__ import annotations

import pytest

from attribution.claims.cluster import ClaimInput, judge, prepare
from attribution.models import Document
from attribution.pipeline import make_pipeline
from attribution.store import MemoryStore
from attribution.tracker import extract_store

pytestmark = pytest.mark.stanza

# "The hospital director said Russian jets bombed the national hospital in Idlib."
SAID = "وقال مدير المستشفى خالد العمر إن الطائرات الروسية قصفت المستشفى الوطني في مدينة إدلب."
# "Local sources said Russian jets did not bomb the national hospital in Idlib."
NOT = "وقالت مصادر محلية إن الطائرات الروسية لم تقصف المستشفى الوطني في مدينة إدلب."


@pytest.fixture(scope="module")
def pipe(stanza_dir):
    return make_pipeline(str(stanza_dir), use_stanza=True, prefilter=False, required=True)



def test_the_pipeline_keeps_folded_content_lemmas_with_negations(pipe):
    """قصفت / تقصف share the lemma قصف; the negation لم is kept because it changes the claim."""
    [said] = pipe.process(Document(id="d1", text=SAID))
    [neg] = pipe.process(Document(id="d2", text=NOT))
    assert "قصف" in said.content_lemmas and "ادلب" in said.content_lemmas
    assert "لم" in neg.content_lemmas and "قصف" in neg.content_lemmas


def test_claims_with_lemmas_on_both_sides_are_compared_in_lemma_mode(pipe):
    [said] = pipe.process(Document(id="d1", text=SAID))
    [neg] = pipe.process(Document(id="d2", text=NOT))
    a, b = prepare([ClaimInput(x.id, x.doc_id, x.content.text, x.stance == "deny", x.content_lemmas)
                    for x in (said, neg)])
    v = judge(a, b)
    assert v.mode == "lemma" and v.same_topic and not v.same_claim and v.reason == "negation"


def test_a_store_extracted_with_stanza_clusters_and_conflicts_across_documents(pipe):
    st = MemoryStore()
    st.put_documents([Document(id="d1", text=SAID, date="2015-08-01"), Document(id="d2", text=NOT, date="2015-08-02"),
                      Document(id="d3", text=SAID.replace("وقال مدير المستشفى خالد العمر", "وقال ناشطون"),
                               date="2015-08-02")])
    extract_store(st, pipe)
    claims = [c for c in st.iter_claims() if "المستشفي" in c.text]
    assert sorted(len(c.doc_ids) for c in claims) == [1, 2]
    two = next(c for c in claims if len(c.doc_ids) == 2)
    assert two.independent_sources == 2 and two.grade == "several sources, one side"
    assert len(two.conflicts_with) == 1
