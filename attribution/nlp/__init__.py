"""NLP layer: one Annotator protocol, a stanza implementation and a model-free fallback.

``get_annotator(settings)`` returns the stanza annotator when its Arabic
models are found (``--models``, ``STANZA_RESOURCES_DIR`` or stanza's default
directory) and the rule-based fallback otherwise, announcing the reduced mode
once. stanza (and torch) are imported only when a parse is first needed.
"""
from __future__ import annotations

from ..errors import ModelNotFoundError
from .base import ALL_PROCESSORS, AnnotatedDoc, Annotator, Sentence, SentenceFilter, Token, Word
from .fallback import FallbackAnnotator, split_sentences, tokenize

__all__ = ["ALL_PROCESSORS", "AnnotatedDoc", "Annotator", "FallbackAnnotator", "Sentence", "SentenceFilter",
           "Token", "Word", "get_annotator", "split_sentences", "tokenize"]


def get_annotator(model_dir: str | None = None, use_stanza: bool = True, required: bool = False) -> Annotator:
    """The best annotator available.

    Args:
        model_dir: stanza resources directory; None means STANZA_RESOURCES_DIR or stanza's default.
        use_stanza: False forces the fallback.
        required: raise instead of falling back when the models are missing (an explicit --models).

    Raises:
        ModelNotFoundError: ``required`` and the models are not there.
    """
    if use_stanza:
        from .stanza_annotator import StanzaAnnotator

        try:
            return StanzaAnnotator(model_dir)
        except ModelNotFoundError:
            if required:
                raise
    return FallbackAnnotator()
