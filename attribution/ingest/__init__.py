"""Ingest: files, directories, JSONL, HTML and stdin → :class:`Document` records.

``iter_documents(paths)`` yields documents lazily and reads every input in
chunks, so a 5 MB file or a JSONL file of any length streams with bounded
memory; ``ingest(paths)`` collects them. Readers are a registry keyed by file
suffix. The text is stored exactly as decoded (or, for HTML, as extracted):
web chrome becomes metadata and excluded ranges, never an edit.

Every input's encoding is detected (:mod:`.decode`) and recorded on the
document; empty and non-Arabic documents are stored with a flag
(``empty``, ``non_arabic``) rather than refused. A 0-byte *file* is an error
(nothing to store, most likely a failed download); a JSONL record with an
empty text is a document flagged ``empty``.

Ids: the JSONL record's ``id``, else the file stem (the contract of
``extract --format jsonl``); a JSONL record without an id gets
``<file stem>-<line number>``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pydantic import ValidationError

from ..arabic import ARABIC_LETTER_RE
from ..errors import IngestError
from ..models import Document, text_hash
from .chrome import detect_chrome
from .decode import TextSource, decode_bytes, open_path, open_stdin

__all__ = ["ingest", "iter_documents", "document_from_text", "BadRecord", "ReadContext", "READERS",
           "expand_paths", "register_reader", "decode_bytes", "input_size"]

_KNOWN_FIELDS = {"id", "text", "title", "date", "outlet", "url", "licence"}
#: below this share of Arabic letters a document is flagged non_arabic
NON_ARABIC_BELOW = 0.3


@dataclass
class BadRecord:
    """A JSONL line that could not be read, kept for the error report."""

    path: str
    line: int
    reason: str


@dataclass
class ReadContext:
    """What one ingest run passes to every reader, and what they report back."""

    bad: list[BadRecord] | None = None
    """where skipped malformed JSONL lines go; None: the first one raises"""
    encoding: str | None = None
    """decode every input with this encoding instead of detecting it"""
    on_bytes: Callable[[int], None] | None = None
    """progress: called with the number of raw bytes just read"""
    encodings: dict[str, str] = field(default_factory=dict)
    """input name -> the encoding it was read with (filled by the readers)"""


_LETTERS = re.compile(r"[^\W\d_]+")
_ARABIC_LETTERS = re.compile(ARABIC_LETTER_RE.pattern + "+")


def _arabic_share(text: str) -> float:
    """:func:`~attribution.arabic.arabic_ratio`, estimated cheaply: ingest runs it on every document.

    Letters are counted by deleting them in C (``str.isalpha`` and ``[^\\W\\d_]`` differ only on
    non-decimal numerals such as ½), and a text over 2,000 characters is judged on 8 slices spread
    over it, so a 5 MB document costs what a short one does.
    """
    if len(text) > 2000:
        step = len(text) // 8
        text = "".join(text[i:i + 250] for i in range(0, step * 8, step))
    letters = len(text) - len(_LETTERS.sub("", text))
    if not letters:
        return 0.0
    return (len(text) - len(_ARABIC_LETTERS.sub("", text))) / letters


def document_from_text(doc_id: str, text: str, origin: str | None = None, encoding: str | None = None,
                       **meta) -> Document:
    """A Document with web chrome detected and quality flags set; ``text`` is kept as is."""
    chrome = detect_chrome(text)
    flags = []
    if not text.strip():
        flags.append("empty")
    elif _arabic_share(text) < NON_ARABIC_BELOW:
        flags.append("non_arabic")
    extra = {k: v for k, v in meta.items() if k not in _KNOWN_FIELDS}
    return Document(
        id=doc_id, text=text, origin=origin, encoding=encoding,
        title=meta.get("title") or chrome.title, date=meta.get("date") or chrome.date,
        outlet=meta.get("outlet") or chrome.outlet, url=meta.get("url"), licence=meta.get("licence"),
        excluded=chrome.excluded, flags=flags, extra=extra)


def _read_text_file(path: Path, ctx: ReadContext) -> Iterator[Document]:
    with open_path(path, ctx.encoding) as src:
        ctx.encodings[src.name] = src.encoding
        text = src.read(ctx.on_bytes)
    yield document_from_text(path.stem, text, origin=str(path), encoding=src.encoding)


def _read_jsonl(path: Path, ctx: ReadContext) -> Iterator[Document]:
    with open_path(path, ctx.encoding) as src:
        ctx.encodings[src.name] = src.encoding
        yield from _jsonl_records(src, path.stem, ctx)


def _read_html(path: Path, ctx: ReadContext) -> Iterator[Document]:
    from .html import extract_html

    with open_path(path, ctx.encoding, declared_ok=True) as src:
        ctx.encodings[src.name] = src.encoding
        markup = src.read(ctx.on_bytes)
    text, meta = extract_html(markup)
    del markup
    yield document_from_text(path.stem, text, origin=str(path), encoding=src.encoding, **meta)


def _jsonl_records(src: TextSource, stem: str, ctx: ReadContext) -> Iterator[Document]:
    for n, line in enumerate(src.lines(ctx.on_bytes), 1):
        if n == 1:
            line = line.removeprefix("\ufeff")  # a BOM belongs to the file, not to the first record
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
            text = rec.get("text")
            if not isinstance(text, str):
                raise ValueError('no "text" string')
            doc_id = str(rec.get("id") or f"{stem}-{n}")
            meta = {k: v for k, v in rec.items() if k not in ("id", "text")}
            doc = document_from_text(doc_id, text, origin=f"{src.name}:{n}", encoding=src.encoding, **meta)
        except ValueError as e:
            if isinstance(e, json.JSONDecodeError):
                reason = f"{e.msg} at column {e.colno}"
            elif isinstance(e, ValidationError):
                err = e.errors()[0]
                reason = f"field {'.'.join(map(str, err['loc']))}: {err['msg']}"
            else:
                reason = str(e)
            if ctx.bad is None:
                raise IngestError(f"{src.name}:{n}: malformed JSONL line ({reason})",
                                  hint="fix the line or pass --skip-bad") from e
            ctx.bad.append(BadRecord(src.name, n, reason))
            continue
        yield doc


Reader = Callable[[Path, ReadContext], Iterator[Document]]

#: file suffix -> reader; files with other suffixes inside a directory are skipped
READERS: dict[str, Reader] = {
    ".txt": _read_text_file,
    ".text": _read_text_file,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".html": _read_html,
    ".htm": _read_html,
    ".xhtml": _read_html,
}


def register_reader(suffix: str, reader: Reader) -> None:
    READERS[suffix.lower()] = reader


def expand_paths(paths: Iterable[str]) -> list[Path | str]:
    """Files to read, in a stable order; ``-`` stays as stdin. Raises IngestError for a missing path."""
    out: list[Path | str] = []
    for p in paths:
        if p == "-":
            out.append("-")
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in READERS
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            out.extend(files)
        elif path.exists():
            out.append(path)
        else:
            raise IngestError(f"{p}: no such file or directory")
    return out


def input_size(paths: Iterable[Path | str]) -> int | None:
    """Total bytes of the expanded inputs (for a progress bar); None when stdin is among them."""
    total = 0
    for p in paths:
        if p == "-":
            return None
        try:
            total += Path(p).stat().st_size
        except OSError:
            pass
    return total


def _read_stdin(ctx: ReadContext) -> Iterator[Document]:
    with open_stdin(ctx.encoding) as src:
        ctx.encodings["stdin"] = src.encoding
        head = next(src.chunks(), "")
        if head.lstrip("\ufeff \t\r\n").startswith("{"):
            yield from _jsonl_records(src, "stdin", ctx)
        else:
            text = src.read(ctx.on_bytes)
            yield document_from_text(f"stdin-{text_hash(text)[:12]}", text, origin="stdin", encoding=src.encoding)


def iter_documents(paths: Iterable[str], bad: list[BadRecord] | None = None,
                   ctx: ReadContext | None = None) -> Iterator[Document]:
    """Yield documents from every path, in order, reading each input in chunks.

    Args:
        bad: when given, malformed JSONL lines are appended here and skipped;
            when None, the first one raises. (Shorthand for ``ctx.bad``.)
        ctx: encoding override, progress callback, and the encodings found.

    Raises:
        IngestError: a missing, empty, binary or undecodable input, or (no ``bad`` list) a bad JSONL line.
    """
    ctx = ctx or ReadContext()
    if bad is not None:
        ctx.bad = bad
    for path in expand_paths(paths):
        if path == "-":
            yield from _read_stdin(ctx)
            continue
        reader = READERS.get(path.suffix.lower(), _read_text_file)
        yield from reader(path, ctx)


def ingest(paths: Iterable[str], bad: list[BadRecord] | None = None) -> list[Document]:
    """All documents from ``paths`` (later duplicates of an id replace earlier ones)."""
    docs: dict[str, Document] = {}
    for d in iter_documents(paths, bad):
        docs[d.id] = d
    return list(docs.values())
