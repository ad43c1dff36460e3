"""attribution ingest PATH...: read articles into the store."""
from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

from . import _common as c


def register(sub) -> None:
    p = sub.add_parser(
        "ingest", help="read articles (.txt, .jsonl, .html, directories, - for stdin) into the store",
        description="Read articles into the store. The encoding of every input is detected (UTF-8 with or "
                    "without BOM, UTF-16, Windows-1256, ISO-8859-6, ...) and reported when it is not UTF-8. "
                    "Saved web pages (.html) are reduced to the article text, with title, date and outlet "
                    "as metadata; web chrome in plain text becomes metadata too. The text is stored exactly "
                    "as read. Re-ingesting the same content changes nothing; a changed text under a known "
                    "id becomes a new version and the previous one is kept. Empty and non-Arabic documents "
                    "are stored and flagged.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    p.add_argument("--skip-bad", action="store_true",
                   help="skip malformed JSONL lines (reported with line numbers) instead of failing; without "
                        "it one bad line stores nothing")
    p.add_argument("--encoding", metavar="ENC",
                   help="read every input in this encoding instead of detecting it (e.g. windows-1256)")
    p.set_defaults(func=run)


@contextlib.contextmanager
def _byte_progress(total: int | None) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """A bar over the input bytes with a document count, on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield (lambda n=1: None), (lambda n: None)
        return
    from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                               TransferSpeedColumn)

    with Progress(TextColumn("ingest"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  TimeRemainingColumn(), TextColumn("{task.fields[docs]} doc(s)"),
                  console=c.stderr, transient=False) as bar:
        task = bar.add_task("ingest", total=total, docs=0)
        docs = 0

        def on_doc(n: int = 1) -> None:
            nonlocal docs
            docs += n
            bar.update(task, docs=docs)

        yield on_doc, (lambda n: bar.advance(task, n))


def run(args) -> int:
    from ..ingest import decode, expand_paths, input_size
    from ..tracker import ingest_paths

    if args.encoding:
        decode.canonical_encoding(args.encoding)  # an unknown name is a usage error before anything is read
    total = input_size(expand_paths(args.paths))
    with c.store(args, write=True) as st:
        with _byte_progress(total) as (on_doc, on_bytes):
            rep = ingest_paths(st, args.paths, skip_bad=args.skip_bad, progress=on_doc,
                               encoding=args.encoding, on_bytes=on_bytes)
    for name, enc in rep.encodings.items():
        if enc not in ("utf-8", "ascii"):
            print(f"attribution: note: {name}: read as {enc}", file=sys.stderr)
    for b in rep.bad:
        print(f"attribution: warning: skipped {b.path}:{b.line}: {b.reason}", file=sys.stderr)
    for doc_id, flags in rep.flagged.items():
        print(f"attribution: warning: {doc_id} flagged {', '.join(flags)} (stored)", file=sys.stderr)
    for doc_id in dict.fromkeys(rep.repeated):
        print(f"attribution: warning: id {doc_id} occurs more than once in the input; the last one is its "
              "current version, the others are kept as earlier versions", file=sys.stderr)
    put = rep.put
    extra = f", {len(put.metadata_updated)} with new metadata" if put.metadata_updated else ""
    print(f"ingested {len(put.added)} new, {len(put.updated)} changed, {len(put.unchanged)} unchanged "
          f"document(s){extra} into {st.url}", file=sys.stderr)
    if put.updated:
        print(f"attribution: note: {len(put.updated)} document(s) have a new version (the previous text is "
              "kept); run `attribution extract` to update their attributions", file=sys.stderr)
    return 0
