"""Bytes → text, refusing binary input with a reason.

UTF-8 is tried first and kept exactly (a BOM stays in the text as U+FEFF, so
offsets agree with any tool that reads the file as UTF-8; ingest marks it as
an excluded range).
"""
from __future__ import annotations

from ..errors import IngestError


def decode_bytes(raw: bytes, name: str) -> tuple[str, str]:
    """Decode ``raw``; returns ``(text, encoding)``.

    Raises:
        IngestError: the bytes are binary or in no encoding this tool reads.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise IngestError(f"{name}: undecodable UTF-16 ({e.reason} at byte {e.start})") from e
    if b"\x00" in raw[:4096]:
        raise IngestError(f"{name}: binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        raise IngestError(f"{name}: not valid UTF-8 ({e.reason} at byte {e.start})",
                          hint="convert it to UTF-8") from e
