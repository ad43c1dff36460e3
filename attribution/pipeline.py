"""The document pipeline: annotate → extract → resolve, in batches.

Pure with respect to storage: it takes documents and returns attributions;
the CLI, the TUI and batch workers decide where results go.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .claims.lemmas import with_lemmas
from .errors import ExtractionError
from .extract import REQUIRES, Lexicon, cue_windows, default_lexicon, extract_with_speakers
from .models import Attribution, Document
from .nlp import Annotator, get_annotator
from .resolve import resolve_document


@dataclass
class Pipeline:
    annotator: Annotator
    lexicon: Lexicon = field(default_factory=default_lexicon)
    prefilter: bool = True
    batch_size: int = 16

    def __post_init__(self) -> None:
        missing = REQUIRES - self.annotator.provides
        if missing:
            raise ExtractionError(f"the {self.annotator.name} annotator does not provide {', '.join(sorted(missing))}")

    def _select(self, text, sentence) -> list[tuple[int, int]]:
        return cue_windows(text, sentence, self.lexicon)

    def process(self, doc: Document) -> list[Attribution]:
        return self.process_many([doc])[doc.id]

    def process_many(self, docs: list[Document]) -> dict[str, list[Attribution]]:
        """Attributions per document id, resolved within each document."""
        select = self._select if self.prefilter else None
        out: dict[str, list[Attribution]] = {}
        for adoc in self.annotator.annotate_many(docs, select):
            atts, speakers = extract_with_speakers(adoc, self.lexicon)
            # content lemmas are kept for clustering claims across documents at rebuild time
            out[adoc.doc.id] = with_lemmas(adoc, resolve_document(adoc.doc, atts, self.lexicon, speakers))
        return out

    def iter_process(self, docs: Iterable[Document],
                     progress: Callable[[int], None] | None = None) -> Iterator[tuple[Document, list[Attribution]]]:
        """Process documents in batches, yielding each with its attributions in input order."""
        batch: list[Document] = []
        for d in docs:
            batch.append(d)
            if len(batch) >= self.batch_size:
                yield from self._flush(batch, progress)
                batch = []
        if batch:
            yield from self._flush(batch, progress)

    def _flush(self, batch, progress):
        res = self.process_many(batch)
        for d in batch:
            yield d, res[d.id]
        if progress:
            progress(len(batch))


def make_pipeline(model_dir: str | None = None, use_stanza: bool = True, prefilter: bool = True,
                  required: bool = False) -> Pipeline:
    """A pipeline on the best available annotator (stanza when its models are found)."""
    return Pipeline(annotator=get_annotator(model_dir, use_stanza, required=required), prefilter=prefilter)
