"""Encodings (issue 4): UTF-8 with and without BOM, UTF-16, Windows-1256 and ISO-8859-6 are detected and
reported; undecodable input is refused with the file name and the reason.

The bytes are real: the seed article (Syria TV, 2018-11-28, with its U+00A0 no-break spaces and «لـ »)
encoded by Python's codecs, written to a file, read back through the ingest path.
"""
from __future__ import annotations

import random

import pytest

from attribution.errors import IngestError, UsageError
from attribution.ingest import decode_bytes, ingest
from attribution.ingest.decode import detect_encoding

from ..conftest import SEED

CASES = [
    # (python codec used to write the file, reported encoding, text stored)
    pytest.param("utf-8", "utf-8", "", id="utf-8"),
    pytest.param("utf-8-sig", "utf-8-sig", "\ufeff", id="utf-8-bom"),
    pytest.param("utf-16", "utf-16-le", "", id="utf-16-bom"),
    pytest.param("utf-16-le", "utf-16-le", "", id="utf-16-le-no-bom"),
    pytest.param("utf-16-be", "utf-16-be", "", id="utf-16-be-no-bom"),
    pytest.param("cp1256", "windows-1256", "", id="windows-1256"),
    pytest.param("iso-8859-6", "iso-8859-6", "", id="iso-8859-6"),
]


@pytest.mark.parametrize("codec,reported,prefix", CASES)
def test_the_seed_in_each_encoding_is_detected_and_stored_exactly(tmp_path, seed_text, codec, reported, prefix):
    path = tmp_path / f"{SEED.stem}.txt"
    path.write_bytes(seed_text.encode(codec))
    (doc,) = ingest([str(path)])
    assert doc.encoding == reported
    assert doc.text == prefix + seed_text  # a UTF-8 BOM stays as U+FEFF so offsets match the file read as UTF-8
    assert "\u00a0" in doc.text and "لـ قصفٍ" in doc.text
    assert doc.title.startswith("قصف متبادل") and doc.outlet == "تلفزيون سوريا" and not doc.flags


def test_the_cli_reports_a_legacy_encoding(cli, db_path, tmp_path, seed_text):
    path = tmp_path / "seed-1256.txt"
    path.write_bytes(seed_text.encode("cp1256"))
    code, _, err = cli("--db", db_path, "ingest", path)
    assert code == 0, err
    assert f"{path}: read as windows-1256" in err


def test_random_bytes_are_refused_with_the_file_name_and_the_reason(tmp_path):
    rng = random.Random(7)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    path = tmp_path / "noise.txt"
    path.write_bytes(noise)
    with pytest.raises(IngestError) as e:
        ingest([str(path)])
    assert str(path) in e.value.msg and "undecodable" in e.value.msg
    with pytest.raises(UnicodeDecodeError) as u:
        noise.decode("utf-8")
    assert f"byte 0x{noise[u.value.start]:02x} at offset {u.value.start} is invalid" in e.value.msg


@pytest.mark.parametrize("lowest", [0x00, 0x80], ids=["all-bytes", "high-bytes"])
def test_noise_is_never_stored_as_text(lowest):
    """charset-normalizer names some code page (Thai, Latin-1) for most random bytes; none of it is text."""
    for seed in range(10):
        rng = random.Random(seed)
        with pytest.raises(IngestError, match="noise.bin: (undecodable|binary)"):
            detect_encoding(bytes(rng.randrange(lowest, 0x100) for _ in range(4000)), "noise.bin")


def test_binary_with_nul_bytes_is_not_mistaken_for_utf16():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66"
    with pytest.raises(IngestError, match="image.png: binary file"):
        decode_bytes(png * 20, "image.png")


def test_a_wrong_forced_encoding_fails_at_the_first_bad_byte(tmp_path, seed_text):
    path = tmp_path / "seed.txt"
    raw = seed_text.encode("cp1256")
    path.write_bytes(raw)
    first_high = next(i for i, b in enumerate(raw) if b >= 0x80)
    from attribution.ingest import ReadContext, iter_documents

    with pytest.raises(IngestError, match=rf"seed.txt: not valid utf-8: invalid .* at byte {first_high}"):
        list(iter_documents([str(path)], ctx=ReadContext(encoding="utf-8")))


def test_a_forced_encoding_overrides_detection(tmp_path):
    # a short phrase ("the minister said") in ISO-8859-6 is also valid Windows-1256 (as other letters)
    text = "قال الوزير"
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode("iso-8859-6"))
    from attribution.ingest import ReadContext, iter_documents

    (doc,) = iter_documents([str(path)], ctx=ReadContext(encoding="iso-8859-6"))
    assert (doc.text, doc.encoding) == (text, "iso-8859-6")


def test_an_unknown_encoding_name_is_a_usage_error(cli, db_path):
    code, _, err = cli("--db", db_path, "ingest", SEED, "--encoding", "klingon-1")
    assert code == 2 and "unknown encoding 'klingon-1'" in err


def test_utf8_is_checked_over_the_whole_input_not_a_prefix(seed_text):
    """2 MB of ASCII, then Arabic in Windows-1256: detection must not settle on UTF-8 from the first chunk."""
    raw = b"x" * (2 << 20) + b"\n" + seed_text.encode("cp1256")
    detected = detect_encoding(raw, "mixed.txt")
    assert detected.encoding == "windows-1256"
    text, enc = decode_bytes(raw, "mixed.txt")
    assert text.endswith(seed_text) and enc == "windows-1256"


def test_unknown_encoding_name_is_rejected_before_reading():
    from attribution.ingest.decode import canonical_encoding

    assert canonical_encoding("cp1256") == "windows-1256"
    assert canonical_encoding("ISO_8859-6") == "iso-8859-6"
    with pytest.raises(UsageError):
        canonical_encoding("no-such-codec")
