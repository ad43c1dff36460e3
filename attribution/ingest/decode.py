"""Bytes → text: detect the encoding, decode strictly, refuse what is not text.

Detection, in order:

1. a byte-order mark (UTF-32, UTF-8, UTF-16);
2. valid UTF-8 over the *whole* input (checked streaming, one chunk at a time);
3. the charset the input declares (HTML ``<meta charset>``), when it decodes;
4. charset-normalizer on a sample around the first non-UTF-8 byte: this is
   how Windows-1256, ISO-8859-6 and BOM-less UTF-16 are recognised. Its
   guess must read as running text (letters, punctuation, spaces between
   words), so random bytes are refused rather than stored as "Thai"; a
   legacy-encoded text written without spaces (Thai, CJK) needs ``--encoding``.

Whatever is chosen is then decoded *strictly* over the whole input, so a
file that is not what it seemed fails with its name and the byte offset
instead of being stored with replacement characters.

A UTF-8 BOM stays in the text as U+FEFF (so offsets agree with any tool that
reads the file as UTF-8; ingest marks it as an excluded range) and the
encoding is reported as ``utf-8-sig``. A UTF-16/32 BOM is not text and is
dropped.

Inputs are read in chunks (:data:`CHUNK`), so neither detection nor decoding
holds more than a chunk of raw bytes at a time.
"""
from __future__ import annotations

import codecs
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from ..errors import IngestError, UsageError

__all__ = ["CHUNK", "Detected", "TextSource", "decode_bytes", "detect_encoding", "open_path", "open_stdin",
           "canonical_encoding"]

#: bytes read at a time when sniffing and decoding
CHUNK = 1 << 18
#: bytes of legacy-encoded input handed to charset-normalizer
_SAMPLE = 256 * 1024

_BOMS: tuple[tuple[bytes, str, str, int], ...] = (
    # (bom, reported name, codec, bytes to skip); UTF-32 first: its LE BOM starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le", 4),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be", 4),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8", 0),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le", 2),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be", 2),
)

#: Python codec name -> the name reported to users (the IANA/WHATWG spelling they will recognise)
_REPORTED = {
    "utf_8": "utf-8", "utf_8_sig": "utf-8-sig", "utf_16": "utf-16", "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be", "utf_32": "utf-32", "utf_32_le": "utf-32-le", "utf_32_be": "utf-32-be",
    "cp1256": "windows-1256", "iso8859_6": "iso-8859-6", "cp1252": "windows-1252",
    "ascii": "ascii", "mac_arabic": "mac-arabic",
}


def _reported(codec: str) -> str:
    if codec in _REPORTED:
        return _REPORTED[codec]
    if codec.startswith("iso8859_"):
        return "iso-8859-" + codec.removeprefix("iso8859_")
    return codec.replace("_", "-")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)


def canonical_encoding(name: str) -> str:
    """The reported spelling of an encoding name (``cp1256`` → ``windows-1256``).

    Raises:
        UsageError: no such encoding.
    """
    try:
        codec = _codec(name)
    except LookupError as e:
        raise UsageError(f"unknown encoding {name!r}", hint="use a name such as utf-8, windows-1256, "
                                                            "iso-8859-6 or utf-16") from e
    return _reported(codec)


@dataclass(frozen=True)
class Detected:
    """The outcome of detection: what to tell the user and how to decode."""

    encoding: str
    """reported name: utf-8, utf-8-sig, utf-16-le, windows-1256, iso-8859-6, ..."""
    codec: str
    """the Python codec that decodes the bytes after ``skip``"""
    skip: int = 0
    """leading bytes (a UTF-16/32 BOM) that are not part of the text"""


def _bom(head: bytes) -> Detected | None:
    for bom, name, codec, skip in _BOMS:
        if head.startswith(bom):
            return Detected(name, codec, skip)
    return None


def _forced(encoding: str) -> Detected:
    name = canonical_encoding(encoding)
    codec = _codec(encoding)
    if name == "utf-8-sig":  # keep the BOM in the text, as for a detected one
        return Detected(name, "utf-8")
    return Detected(name, codec)


def _declared(head: bytes) -> str | None:
    m = _META_CHARSET.search(head[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


#: single-byte Arabic code pages: preferred over another candidate when they decode to Arabic
_ARABIC_CODECS = {"cp1256", "iso8859_6", "cp864", "cp720", "mac_arabic"}


def _codec(name: str) -> str:
    return codecs.lookup(name).name.replace("-", "_")


def _looks_like_text(text: str) -> bool:
    """A guess is accepted only if it reads as running text: almost no control or unassigned characters,
    mostly letters, digits, punctuation and spaces, and some spaces between words. charset-normalizer
    will name *some* code page for random bytes (any byte is a Thai or Latin-1 letter); this is what
    turns such input into a clear refusal instead of stored noise."""
    if not text:
        return False
    bad = plain = space = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r\f":
            plain += 1
            space += 1
        elif cat[0] == "C" or ch == "\ufffd":
            bad += 1
        elif cat[0] in "LMNZP":
            plain += 1
            space += cat == "Zs"
    n = len(text)
    return bad <= n * 0.01 and plain >= n * 0.85 and space >= n * 0.03


def _normalizer(sample: bytes, name: str, nul: bool, utf8_error: str) -> Detected:
    from charset_normalizer import from_bytes  # only non-UTF-8 input pays for the import

    from ..arabic import arabic_ratio

    matches = list(from_bytes(sample))
    best = matches[0] if matches else None
    if best is not None and _codec(best.encoding) not in _ARABIC_CODECS:
        # short Arabic texts in ISO-8859-6 can score as Thai or Hebrew; a candidate that reads as Arabic wins
        arabic = next((m for m in matches if _codec(m.encoding) in _ARABIC_CODECS), None)
        if arabic is not None and arabic_ratio(str(arabic)) >= 0.5:
            best = arabic
    if best is not None and not _looks_like_text(str(best)[:20000]):
        best = None
    if best is None:
        if nul:
            raise IngestError(f"{name}: binary file (NUL bytes), not text")
        raise IngestError(f"{name}: undecodable: {utf8_error}, and no other text encoding fits",
                          hint="convert it to UTF-8 or pass --encoding")
    codec = _codec(best.encoding)
    if nul and not codec.startswith(("utf_16", "utf_32")):
        raise IngestError(f"{name}: binary file (NUL bytes), not text")
    return Detected(_reported(codec), codec)


def _sniff(stream: BinaryIO, name: str, declared_ok: bool) -> Detected:
    """Pass 1 over a seekable stream: BOM, whole-input UTF-8 validity, else a sample for charset-normalizer."""
    head = stream.read(CHUNK)
    found = _bom(head)
    if found:
        return found
    declared = _declared(head) if declared_ok else None
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    nul = False
    offset = bad = 0
    chunk = head
    error = None
    while chunk:
        nul = nul or b"\x00" in chunk
        try:
            utf8.decode(chunk)
        except UnicodeDecodeError as e:
            bad = offset + max(e.start, 0)
            error = f"not UTF-8 (byte 0x{chunk[e.start]:02x} at offset {bad} is invalid)" \
                if 0 <= e.start < len(chunk) else f"not UTF-8 (invalid byte near offset {bad})"
            break
        offset += len(chunk)
        chunk = stream.read(CHUNK)
    else:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            bad = offset
            error = f"not UTF-8 (the input ends inside a character at offset {offset})"
    if error is None and not nul:
        return Detected("utf-8", "utf-8")
    if declared:
        stream.seek(0)
        if _decodes(stream, declared):
            return Detected(_reported(declared.replace("-", "_")), declared)
    # a sample that starts at the input and reaches past the first non-UTF-8 byte
    stream.seek(0)
    sample = stream.read(_SAMPLE)
    if error is not None and bad >= len(sample):
        stream.seek(max(bad - 4096, 0))
        sample = stream.read(_SAMPLE)
    return _normalizer(sample, name, nul, error or "contains NUL bytes")


def _decodes(stream: BinaryIO, codec: str) -> bool:
    dec = codecs.getincrementaldecoder(codec)("strict")
    try:
        while chunk := stream.read(CHUNK):
            dec.decode(chunk)
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(raw: bytes, name: str, declared_ok: bool = False) -> Detected:
    """Detect the encoding of ``raw`` (see the module docstring for the order).

    Raises:
        IngestError: binary input, or bytes no text encoding fits.
    """
    import io

    return _sniff(io.BytesIO(raw), name, declared_ok)


class TextSource:
    """A byte stream with its detected encoding, readable as text one chunk at a time.

    Owns the stream; use as a context manager or call :meth:`close`.
    """

    def __init__(self, stream: BinaryIO, name: str, size: int | None, detected: Detected) -> None:
        self._stream = stream
        self.name = name
        self.size = size
        self.detected = detected

    @property
    def encoding(self) -> str:
        return self.detected.encoding

    def chunks(self, on_bytes: Callable[[int], None] | None = None) -> Iterator[str]:
        """The text in pieces, decoded strictly; ``on_bytes(n)`` after each raw chunk.

        Raises:
            IngestError: a byte sequence the detected encoding cannot decode.
        """
        self._stream.seek(self.detected.skip)
        if on_bytes and self.detected.skip:
            on_bytes(self.detected.skip)
        dec = codecs.getincrementaldecoder(self.detected.codec)("strict")
        offset = self.detected.skip
        while True:
            chunk = self._stream.read(CHUNK)
            try:
                text = dec.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                raise IngestError(f"{self.name}: not valid {self.encoding}: {e.reason} at byte "
                                  f"{offset + max(e.start, 0)}", hint="pass --encoding if the detection is wrong") \
                    from e
            if text:
                yield text
            if not chunk:
                return
            offset += len(chunk)
            if on_bytes:
                on_bytes(len(chunk))

    def read(self, on_bytes: Callable[[int], None] | None = None) -> str:
        return "".join(self.chunks(on_bytes))

    def lines(self, on_bytes: Callable[[int], None] | None = None) -> Iterator[str]:
        """Lines split on ``\\n`` only (a JSON string may hold U+2028 or U+0085), ``\\r`` stripped."""
        rest: list[str] = []  # the unfinished line, in pieces (a line may span many chunks)
        for piece in self.chunks(on_bytes):
            start = 0
            while (nl := piece.find("\n", start)) >= 0:
                line = piece[start:nl]
                if rest:
                    line = "".join(rest) + line
                    rest = []
                yield line.removesuffix("\r")
                start = nl + 1
            if start < len(piece):
                rest.append(piece[start:])
        if rest:
            yield "".join(rest).removesuffix("\r")

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> "TextSource":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_path(path: Path, encoding: str | None = None, declared_ok: bool = False) -> TextSource:
    """Open a file and detect its encoding (or take ``encoding`` as given).

    Raises:
        IngestError: missing, unreadable, empty, binary or undecodable input.
    """
    try:
        stream = path.open("rb")
        size = os.fstat(stream.fileno()).st_size
    except FileNotFoundError as e:
        raise IngestError(f"{path}: no such file or directory") from e
    except IsADirectoryError as e:
        raise IngestError(f"{path}: is a directory") from e
    except OSError as e:
        raise IngestError(f"{path}: cannot read ({e.strerror})") from e
    return _source(stream, str(path), size, encoding, declared_ok)


def open_stdin(encoding: str | None = None) -> TextSource:
    """Standard input, spooled (to disk past 8 MB) so it can be read twice like a file."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * CHUNK)
    src = sys.stdin.buffer
    size = 0
    while chunk := src.read(CHUNK):
        spool.write(chunk)
        size += len(chunk)
    return _source(spool, "stdin", size, encoding, False)


def _source(stream: BinaryIO, name: str, size: int | None, encoding: str | None, declared_ok: bool) -> TextSource:
    try:
        if not size:
            raise IngestError(f"{name}: file is empty" if name != "stdin" else "stdin: no input")
        detected = _forced(encoding) if encoding else _sniff(stream, name, declared_ok)
        stream.seek(0)
    except BaseException:
        stream.close()
        raise
    return TextSource(stream, name, size, detected)


def decode_bytes(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``raw`` in one go; returns ``(text, reported encoding)``.

    Raises:
        IngestError: the bytes are binary or in no encoding this tool reads.
    """
    import io

    if not raw:
        raise IngestError(f"{name}: file is empty")
    with _source(io.BytesIO(raw), name, len(raw), encoding, False) as src:
        return src.read(), src.encoding
