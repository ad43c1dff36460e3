"""Ingest: files, directories, JSONL and stdin → :class:`Document` records.

``iter_documents(paths)`` yields documents lazily (so very large inputs
stream); ``ingest(paths)`` collects them. Readers are a registry keyed by
file suffix. The text is stored exactly as decoded: web chrome becomes
metadata and excluded ranges, never an edit.

Ids: the JSONL record's ``id``, else the file stem (the contract of
``extract --format jsonl``); a JSONL record without an id gets
``<file stem>-<line number>``.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..arabic import arabic_ratio
from ..errors import IngestError
from ..models import Document, text_hash
from .chrome import detect_chrome
from .decode import decode_bytes

__all__ = ["ingest", "iter_documents", "document_from_text", "BadRecord", "READERS", "expand_paths"]

_KNOWN_FIELDS = {"id", "text", "title", "date", "outlet", "url", "licence"}


@dataclass
class BadRecord:
    """A JSONL line that could not be read, kept for the error report."""

    path: str
    line: int
    reason: str


def document_from_text(doc_id: str, text: str, origin: str | None = None, encoding: str | None = None,
                       **meta) -> Document:
    """A Document with web chrome detected and quality flags set; ``text`` is kept as is."""
    chrome = detect_chrome(text)
    flags = []
    if not text.strip():
        flags.append("empty")
    elif arabic_ratio(text) < 0.3:
        flags.append("non_arabic")
    extra = {k: v for k, v in meta.items() if k not in _KNOWN_FIELDS}
    return Document(
        id=doc_id, text=text, origin=origin, encoding=encoding,
        title=meta.get("title") or chrome.title, date=meta.get("date") or chrome.date,
        outlet=meta.get("outlet") or chrome.outlet, url=meta.get("url"), licence=meta.get("licence"),
        excluded=chrome.excluded, flags=flags, extra=extra)


def _read_text_file(path: Path, bad: list[BadRecord] | None) -> Iterator[Document]:
    raw = _read_bytes(path)
    if not raw:
        raise IngestError(f"{path}: file is empty")
    text, encoding = decode_bytes(raw, str(path))
    yield document_from_text(path.stem, text, origin=str(path), encoding=encoding)


def _read_jsonl(path: Path, bad: list[BadRecord] | None) -> Iterator[Document]:
    raw = _read_bytes(path)
    if not raw:
        raise IngestError(f"{path}: file is empty")
    text, encoding = decode_bytes(raw, str(path))
    yield from _jsonl_records(text.splitlines(), str(path), path.stem, bad, encoding)


def _jsonl_records(lines: Iterable[str], where: str, stem: str, bad: list[BadRecord] | None,
                   encoding: str | None = "utf-8") -> Iterator[Document]:
    for n, line in enumerate(lines, 1):
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
        except ValueError as e:
            reason = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
            if bad is None:
                raise IngestError(f"{where}:{n}: malformed JSONL line ({reason})",
                                  hint="fix the line or pass --skip-bad") from e
            bad.append(BadRecord(where, n, reason))
            continue
        yield document_from_text(doc_id, text, origin=f"{where}:{n}", encoding=encoding, **meta)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as e:
        raise IngestError(f"{path}: no such file or directory") from e
    except IsADirectoryError as e:
        raise IngestError(f"{path}: is a directory") from e
    except OSError as e:
        raise IngestError(f"{path}: cannot read ({e.strerror})") from e


Reader = Callable[[Path, "list[BadRecord] | None"], Iterator[Document]]

#: file suffix -> reader; files with other suffixes inside a directory are skipped
READERS: dict[str, Reader] = {
    ".txt": _read_text_file,
    ".text": _read_text_file,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
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


def _read_stdin(bad: list[BadRecord] | None) -> Iterator[Document]:
    raw = sys.stdin.buffer.read()
    if not raw.strip():
        raise IngestError("stdin: no input")
    text, encoding = decode_bytes(raw, "stdin")
    if text.lstrip().startswith("{"):
        yield from _jsonl_records(text.splitlines(), "stdin", "stdin", bad, encoding)
    else:
        yield document_from_text(f"stdin-{text_hash(text)[:12]}", text, origin="stdin", encoding=encoding)


def iter_documents(paths: Iterable[str], bad: list[BadRecord] | None = None) -> Iterator[Document]:
    """Yield documents from every path, in order.

    Args:
        bad: when given, malformed JSONL lines are appended here and skipped;
            when None, the first one raises.

    Raises:
        IngestError: a missing, empty, binary or undecodable input, or (``bad`` is None) a bad JSONL line.
    """
    for path in expand_paths(paths):
        if path == "-":
            yield from _read_stdin(bad)
            continue
        reader = READERS.get(path.suffix.lower(), _read_text_file)
        yield from reader(path, bad)


def ingest(paths: Iterable[str], bad: list[BadRecord] | None = None) -> list[Document]:
    """All documents from ``paths`` (later duplicates of an id replace earlier ones)."""
    docs: dict[str, Document] = {}
    for d in iter_documents(paths, bad):
        docs[d.id] = d
    return list(docs.values())
