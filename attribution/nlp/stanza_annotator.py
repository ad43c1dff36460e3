"""stanza behind the Annotator protocol: one Arabic pipeline per process.

Sentences come from the rule-based splitter (so both annotators agree on
where sentences are, and paragraphs never merge); only what the caller
selects — whole sentences, or the stretch around each cue — goes through
stanza's tokenize, mwt, pos, lemma and depparse, batched across documents. Token offsets are stanza's ``start_char`` /
``end_char`` shifted to the document, so they always slice the stored text.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelNotFoundError
from ..models import Document
from .base import ALL_PROCESSORS, AnnotatedDoc, Sentence, SentenceFilter, Token, Word
from .fallback import split_sentences

LANG = "ar"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
_PIPELINES: dict[tuple[str, str], object] = {}


def stanza_default_dir() -> str:
    """stanza's own default model directory, computed as stanza does (without importing torch)."""
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return env
    from importlib.metadata import PackageNotFoundError, version

    from platformdirs import user_cache_dir

    try:
        v = version("stanza")
    except PackageNotFoundError:
        v = ""
    return os.path.join(user_cache_dir("stanza", "StanfordNLP", v), "resources")


def resolve_model_dir(model_dir: str | None) -> Path:
    return Path(model_dir or stanza_default_dir()).expanduser()


@dataclass
class ProcessorStatus:
    name: str
    package: str | None
    path: Path | None

    @property
    def found(self) -> bool:
        return self.path is not None and self.path.is_file()


def find_processors(model_dir: str | Path) -> list[ProcessorStatus]:
    """Which Arabic processors a stanza resources directory holds, read from its resources.json."""
    root = Path(model_dir)
    try:
        resources = json.loads((root / "resources.json").read_text(encoding="utf-8"))
        lang = resources.get(LANG, {})
    except (OSError, ValueError):
        lang = {}
    default = dict(lang.get("default_processors", {}))
    default.update(lang.get("packages", {}).get("default", {}) if isinstance(lang.get("packages"), dict) else {})
    out = []
    for proc in PROCESSORS:
        pkg = default.get(proc)
        if isinstance(pkg, dict):  # newer resources.json: {"package": ...}
            pkg = pkg.get("package")
        path = root / LANG / proc / f"{pkg}.pt" if pkg else None
        if path is None or not path.is_file():
            cands = sorted((root / LANG / proc).glob("*.pt")) if (root / LANG / proc).is_dir() else []
            if cands:
                path, pkg = cands[0], cands[0].stem
        out.append(ProcessorStatus(proc, pkg, path))
    return out


def check_models(model_dir: str | Path) -> None:
    """Raises ModelNotFoundError naming what is missing and how to get it."""
    missing = [p.name for p in find_processors(model_dir) if not p.found]
    if missing:
        raise ModelNotFoundError(
            f"stanza Arabic models missing in {model_dir}: {', '.join(missing)}",
            hint="run `attribution models download`, or point STANZA_RESOURCES_DIR / --models at a "
                 "directory that has them, or pass --no-stanza for the reduced rule-based mode")


def load_pipeline(model_dir: str | Path, processors: str = ",".join(PROCESSORS)):
    """The process-wide stanza Pipeline for Arabic (built on first use)."""
    key = (str(model_dir), processors)
    if key not in _PIPELINES:
        check_models(model_dir)
        import stanza  # heavy: torch comes with it

        logging.getLogger("stanza").setLevel(logging.WARNING)
        _PIPELINES[key] = stanza.Pipeline(
            LANG, dir=str(model_dir), processors=processors, download_method=None,
            use_gpu=False, logging_level="WARN", tokenize_no_ssplit=True)
    return _PIPELINES[key]


class StanzaAnnotator:
    """Rule-based sentences; stanza tokens, POS, lemmas and a UD parse for selected sentences."""

    name = "stanza"
    provides = ALL_PROCESSORS

    def __init__(self, model_dir: str | Path | None = None, batch_chars: int = 20_000) -> None:
        self.model_dir = resolve_model_dir(str(model_dir) if model_dir else None)
        check_models(self.model_dir)
        self.batch_chars = batch_chars
        self.parsed_sentences = 0
        self.parsed_tokens = 0

    @property
    def pipeline(self):
        return load_pipeline(self.model_dir)

    def annotate(self, doc: Document, select: SentenceFilter | None = None) -> AnnotatedDoc:
        return self.annotate_many([doc], select)[0]

    def annotate_many(self, docs: list[Document], select: SentenceFilter | None = None) -> list[AnnotatedDoc]:
        out = [AnnotatedDoc(doc=d, sentences=split_sentences(d.text), annotator=self.name, provides=self.provides)
               for d in docs]
        todo: list[tuple[AnnotatedDoc, int, int, int]] = []  # document, sentence, first token, end token
        for adoc in out:
            for i, sent in enumerate(adoc.sentences):
                picked = True if select is None else select(adoc.text, sent)
                if picked is True:
                    picked = [(0, len(sent.tokens))]
                for a, b in picked or ():
                    if b > a:
                        todo.append((adoc, i, a, b))
        batch: list[tuple[AnnotatedDoc, int, int, int]] = []
        size = 0
        for item in todo:
            adoc, i, a, b = item
            batch.append(item)
            toks = adoc.sentences[i].tokens
            size += toks[b - 1].end - toks[a].start
            if size >= self.batch_chars:
                self._parse(batch)
                batch, size = [], 0
        if batch:
            self._parse(batch)
        return out

    def _parse(self, batch: list[tuple[AnnotatedDoc, int, int, int]]) -> None:
        import stanza

        texts = []
        for adoc, i, a, b in batch:
            toks = adoc.sentences[i].tokens
            texts.append(adoc.text[toks[a].start:toks[b - 1].end])
        parsed = self.pipeline.bulk_process([stanza.Document([], text=t) for t in texts])
        for (adoc, i, a, b), sdoc in zip(batch, parsed):
            sent = adoc.sentences[i]
            window = sent.tokens[a:b]
            offset = sum(len(t.words) for t in sent.tokens[:a])
            aligned = _align(window, sdoc, window[0].start, offset)
            sent.tokens[a:b] = aligned
            # words after the window move along in the flat list: renumber their offsets
            shift = sum(len(t.words) for t in aligned) - sum(len(t.words) for t in window)
            if shift:
                for t in sent.tokens[b:]:
                    t.word_offset += shift
            sent.parsed = True
            self.parsed_sentences += 1
            self.parsed_tokens += b - a


def _align(tokens: list[Token], sdoc, offset: int, word_base: int = 0) -> list[Token]:
    """Hang stanza's words on the rule-based tokens.

    Token boundaries stay those of the rule-based tokenizer in both modes
    (stanza sometimes glues a quote to a word, “سياسة, or splits a word), so
    spans never depend on the model; each stanza token's words go to the
    word token it overlaps most. Word heads index the sentence's flat word
    list in stanza's order, so they stay valid.
    """
    out = [Token(text=t.text, start=t.start, end=t.end, is_word=t.is_word) for t in tokens]
    starts = [t.start for t in out]
    assigned: list[list[Word]] = [[] for _ in out]
    first_word: list[int | None] = [None] * len(out)
    n_words = word_base
    for ssent in sdoc.sentences:
        base = n_words
        for stok in ssent.tokens:
            s, e = stok.start_char + offset, stok.end_char + offset
            words = [Word(text=w.text, upos=w.upos or "", lemma=w.lemma or "",
                          head=(w.head + base) if w.head else 0, deprel=w.deprel or "", feats=w.feats or "")
                     for w in stok.words]
            k = _best_token(out, starts, s, e)
            if k is not None:
                if first_word[k] is None:
                    first_word[k] = n_words
                assigned[k].extend(words)
            n_words += len(words)
    for k, t in enumerate(out):
        t.words = tuple(assigned[k])
        t.word_offset = first_word[k] if first_word[k] is not None else n_words
    return out


def _best_token(out: list[Token], starts: list[int], s: int, e: int) -> int | None:
    import bisect

    k = bisect.bisect_right(starts, s) - 1
    best, best_len = None, 0
    for j in range(max(k, 0), len(out)):
        t = out[j]
        if t.start >= e:
            break
        ov = min(e, t.end) - max(s, t.start)
        # prefer the word token over a glued quote mark
        score = ov + (1000 if t.is_word else 0) if ov > 0 else 0
        if score > best_len:
            best, best_len = j, score
    return best
