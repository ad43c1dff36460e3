"""Very large inputs (issue 4): 5 MB of text streams with bounded memory and reports progress as it goes.

The files are generated from the seed's body paragraphs, numbered («الفقرة 12: ...», "paragraph 12: ...")
so that no two are alike.
"""
from __future__ import annotations

import json
import tracemalloc

import pytest

from attribution.ingest import iter_documents
from attribution.ingest.decode import CHUNK
from attribution.store import TinyDBStore
from attribution.tracker import ingest_paths

FIVE_MB = 5 * 2**20


def _paragraphs(seed_text: str):
    body = [p for p in seed_text[seed_text.index("تعرّضت"):].split("\n") if p.strip()]
    i = 0
    while True:
        yield f"الفقرة {i}: {body[i % len(body)]}\n\n"
        i += 1


def _write_text(path, seed_text: str, size: int) -> str:
    parts, n = [], 0
    for p in _paragraphs(seed_text):
        parts.append(p)
        n += len(p.encode("utf-8"))
        if n >= size:
            break
    text = "".join(parts)
    path.write_text(text, encoding="utf-8")
    return text


def _write_jsonl(path, seed_text: str, size: int) -> int:
    n = records = 0
    paras = _paragraphs(seed_text)
    with path.open("w", encoding="utf-8") as fh:
        while n < size:
            line = json.dumps({"id": f"r{records}", "text": "".join(next(paras) for _ in range(5))},
                              ensure_ascii=False) + "\n"
            fh.write(line)
            n += len(line.encode("utf-8"))
            records += 1
    return records


def test_a_5mb_article_is_stored_exactly_with_byte_progress(tmp_path, seed_text):
    path = tmp_path / "long.txt"
    text = _write_text(path, seed_text, FIVE_MB)
    size = path.stat().st_size
    assert size >= FIVE_MB
    seen: list[int] = []
    with TinyDBStore(tmp_path / "t.json") as s:
        rep = ingest_paths(s, [str(path)], on_bytes=seen.append)
    assert rep.put.added == ["long"] and not rep.flagged
    assert sum(seen) == size and len(seen) >= size // CHUNK  # the bar moves chunk by chunk
    with TinyDBStore(tmp_path / "t.json", write=False) as s:
        doc = s.get_document("long")
    assert doc.text == text and doc.encoding == "utf-8"


@pytest.mark.parametrize("megabytes", [5, 10])
def test_a_big_jsonl_file_streams_in_bounded_memory(tmp_path, seed_text, megabytes):
    """Reading never holds the file: peak memory stays near a few chunks whether the file is 5 or 10 MB."""
    path = tmp_path / "big.jsonl"
    records = _write_jsonl(path, seed_text, megabytes * 2**20)
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_documents([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == records
    assert peak < 10 * CHUNK, f"peak {peak / 2**20:.1f} MB while reading a {megabytes} MB file"


def test_progress_counts_documents_and_bytes_of_a_big_jsonl(tmp_path, seed_text):
    path = tmp_path / "big.jsonl"
    records = _write_jsonl(path, seed_text, FIVE_MB)
    docs, seen = [], []
    with TinyDBStore(tmp_path / "t.json") as s:
        rep = ingest_paths(s, [str(path)], progress=docs.append, on_bytes=seen.append)
    assert len(rep.put.added) == records == sum(docs)
    assert sum(seen) == path.stat().st_size
