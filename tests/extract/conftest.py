"""Run extraction on inline Arabic text, with the rule-based annotator and (when present) stanza."""
from __future__ import annotations

import pytest

from attribution.ingest import document_from_text
from attribution.pipeline import make_pipeline

from ..conftest import STANZA_DIR

_PIPES: dict[str, object] = {}


def _pipe(mode: str):
    if mode not in _PIPES:
        if mode == "stanza":
            if not (STANZA_DIR / "resources.json").is_file():
                pytest.skip("needs the stanza Arabic models in ../shared/models/stanza-ar")
            _PIPES[mode] = make_pipeline(str(STANZA_DIR), use_stanza=True, required=True)
        else:
            _PIPES[mode] = make_pipeline(use_stanza=False)
    return _PIPES[mode]


@pytest.fixture(params=["fallback", "stanza"])
def run(request):
    """run(text) -> list of attribution records (§4) for the text as one document."""
    pipe = _pipe(request.param)

    def _run(text: str):
        doc = document_from_text("t", text)
        atts = pipe.process(doc)
        for a in atts:
            a.check(text)
        return [a.record() for a in atts]

    return _run
