"""attribution ingest PATH...: read articles into the store."""
from __future__ import annotations

import sys

from . import _common as c


def register(sub) -> None:
    p = sub.add_parser("ingest", help="read articles (.txt, .jsonl, directories, - for stdin) into the store",
                       description="Read articles into the store. Web chrome becomes metadata; the text is "
                                   "stored exactly as read. Re-ingesting the same content changes nothing.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    p.add_argument("--skip-bad", action="store_true",
                   help="skip malformed JSONL lines (reported with line numbers) instead of failing")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..tracker import ingest_paths

    with c.store(args, write=True) as st:
        with c.progress("ingest", None) as advance:
            rep = ingest_paths(st, args.paths, skip_bad=args.skip_bad, progress=advance)
    for b in rep.bad:
        print(f"attribution: warning: skipped {b.path}:{b.line}: {b.reason}", file=sys.stderr)
    for doc_id, flags in rep.flagged.items():
        print(f"attribution: warning: {doc_id} flagged {', '.join(flags)}", file=sys.stderr)
    put = rep.put
    print(f"ingested {len(put.added)} new, {len(put.updated)} changed, {len(put.unchanged)} unchanged "
          f"document(s) into {st.url}", file=sys.stderr)
    return 0
