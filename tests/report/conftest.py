"""Stores for the report tests: the seed article through the real pipeline, and one awkward store.

``seed_store``: ``corpus/000_dff7ac58f2ed17cf.txt`` ingested and extracted with
the model-free fallback annotator (deterministic, no stanza), sources and
claims rebuilt by the real code. When the extractor on main improves, the
seed goldens change with it: regenerate them with

    ATTRIBUTION_REGEN_GOLDEN=1 python -m pytest tests/report -q

then read the diff (``git diff tests/report/golden``) before committing.

``awkward_store``: built directly from models, so it never changes under
extractor work. It holds everything a renderer can get wrong (STYLE.md §11):
U+00A0, ``لـ `` with its space, «» and ``"`` quotes, ``[`` in article text,
``<script>``, a ``=HYPERLINK(...)`` cell and cells starting with ``+ - @``,
a Latin name inside Arabic, an outlet-less undated document, a reviewed and
a rejected attribution, a claim backed by two sources and two conflicting claims.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from attribution.models import Attribution, Document, ReviewEvent, Span
from attribution.nlp import FallbackAnnotator
from attribution.pipeline import Pipeline
from attribution.store import MemoryStore
from attribution.tracker import extract_store, ingest_paths, rebuild

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_dff7ac58f2ed17cf.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"
#: set to 1 to rewrite the golden files from the current output instead of comparing
REGEN = os.environ.get("ATTRIBUTION_REGEN_GOLDEN") == "1"

#: fixed so that goldens do not change with the clock or the package version
GENERATED_AT = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
TOOL_VERSION = "0.0.0+golden"

# "And Suhaib 'Abu Ahmad' al-Jaber, director of the «Furat Post» network, told [Syria TV] that
#  'the shelling continues'." (U+00A0 between the names, لـ with its space, « » and " quotes, a [ )
TEXT_A = ('وقال صهيب\u00a0"أبو أحمد" الجابر، مدير شبكة «فرات بوست»، لـ [تلفزيون سوريا] '
          'إن "القصف مستمر على البوكمال".')
# "John O'Brien, spokesman of =HYPERLINK(...), confirmed that the shelling continues on Al-Bukamal."
# (a Latin name inside Arabic; a formula where an affiliation would be)
TEXT_B = ('وأكد John O\'Brien، المتحدث باسم =HYPERLINK("http://evil.example","انقر")، '
          'أن القصف مستمر على البوكمال.')
# "Local sources reported that <script>alert("x")</script> the army withdrew; activists said that
#  +the army did not withdraw; and -according to a witness- @the crossing is closed." (no date, no outlet)
TEXT_C = ('ونقلت مصادر محلية أن <script>alert("x")</script> الجيش انسحب. '
          'وقال ناشطون إن +الجيش لم ينسحب. '
          'وذكر شاهد عيان أن @المعبر مغلق.')


def _span(text: str, needle: str, start_at: int = 0) -> Span:
    i = text.index(needle, start_at)
    return Span.of(text, i, i + len(needle))


def _att(doc: Document, kind: str, cue: str, source: str | None, content: str, **fields) -> Attribution:
    t = doc.text
    return Attribution(doc_id=doc.id, doc_version=doc.version, kind=kind, cue=_span(t, cue),
                       source=_span(t, source) if source else None, content=_span(t, content), **fields)


def build_awkward_store() -> MemoryStore:
    store = MemoryStore()
    a = Document(id="doc-a", text=TEXT_A, title="قصف «البوكمال» [عاجل]", date="2024-03-01",
                 outlet='تلفزيون "سوريا"')
    b = Document(id="doc-b", text=TEXT_B, title="=cmd|' /C calc'!A0", date="2024-03-05T10:00:00+03:00",
                 outlet="@Evil <b>Outlet</b>")
    c = Document(id="doc-c", text=TEXT_C)
    store.put_documents([a, b, c])
    atts = [
        _att(a, "mixed", "وقال", 'صهيب\u00a0"أبو أحمد" الجابر', '"القصف مستمر على البوكمال"',
             source_name='صهيب "أبو أحمد" الجابر', source_type="person", role="مدير شبكة «فرات بوست»",
             affiliation="فرات بوست", addressee="[تلفزيون سوريا]", cue_lemma="قال"),
        _att(b, "indirect", "وأكد", "John O'Brien", "القصف مستمر على البوكمال",
             source_name="John O'Brien", source_type="person",
             role='المتحدث باسم =HYPERLINK("http://evil.example","انقر")',
             affiliation='=HYPERLINK("http://evil.example","انقر")', cue_lemma="أكد"),
        _att(c, "indirect", "ونقلت", "مصادر محلية", '<script>alert("x")</script> الجيش انسحب',
             source_name="مصادر محلية <script>", source_type="unknown", anonymous=True, cue_lemma="نقل"),
        _att(c, "indirect", "وقال", "ناشطون", "+الجيش لم ينسحب",
             source_name="-ناشطون", source_type="activists", anonymous=True, cue_lemma="قال"),
        _att(c, "indirect", "وذكر", "شاهد عيان", "@المعبر مغلق",
             source_name="شاهد عيان", source_type="person", anonymous=True, cue_lemma="ذكر"),
    ]
    for x in atts:
        x.check(store.get_document(x.doc_id).text)
    store.put_attributions(atts)
    at = datetime(2024, 3, 6, 12, 0, tzinfo=timezone.utc)
    store.append_reviews([
        ReviewEvent(at=at, actor="tester", action="accept", target=atts[0].id, anchor=atts[0].anchor),
        ReviewEvent(at=at, actor="tester", action="reject", target=atts[4].id, anchor=atts[4].anchor),
    ])
    _, claims = rebuild(store)
    # Conflicts come from the claims stage (issue 5); set one pair here so the column is exercised.
    withdrew = next(cl for cl in claims if "انسحب" in cl.text and "لم" not in cl.text)
    not_withdrew = next(cl for cl in claims if "لم ينسحب" in cl.text)
    store.replace_claims([
        cl.model_copy(update={"conflicts_with": [not_withdrew.id]}) if cl.id == withdrew.id else
        cl.model_copy(update={"conflicts_with": [withdrew.id]}) if cl.id == not_withdrew.id else cl
        for cl in claims])
    return store


def build_seed_store() -> MemoryStore:
    store = MemoryStore()
    ingest_paths(store, [str(SEED)])
    extract_store(store, Pipeline(annotator=FallbackAnnotator()))
    return store


@pytest.fixture(scope="session")
def seed_store() -> MemoryStore:
    return build_seed_store()


@pytest.fixture(scope="session")
def awkward_store() -> MemoryStore:
    return build_awkward_store()


@pytest.fixture(scope="session")
def stores(seed_store, awkward_store) -> dict[str, MemoryStore]:
    return {"seed": seed_store, "awkward": awkward_store}


@pytest.fixture(scope="session")
def report_of(stores):
    """``report_of("seed", filters=None)``: the report with the fixed time stamp and tool version."""
    from attribution.report import build_report

    def build(name: str, filters=None):
        return build_report(stores[name], filters, generated_at=GENERATED_AT, tool_version=TOOL_VERSION)

    return build


@pytest.fixture(scope="session")
def golden_dir() -> Path:
    return GOLDEN


@pytest.fixture(scope="session")
def regen() -> bool:
    return REGEN
