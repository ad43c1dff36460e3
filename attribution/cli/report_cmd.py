"""attribution report: the source audit report (json, csv, md, html) of the store."""
from __future__ import annotations

import os
import sys
from datetime import datetime, timezone

from ..errors import UsageError
from ..models import STATUSES
from . import _common as c


def register(sub) -> None:
    from ..report import format_names, get_format

    csv_tables = ", ".join(get_format("csv").tables)
    p = sub.add_parser(
        "report", help="the source audit report: who is quoted, how much rests on unnamed sources",
        description="The source audit report of the store: a summary (documents, attributions, claims, sources, "
                    "named vs anonymous, by source type and outlet, review status, versions), every source and "
                    "every claim with its backing sources and grade. JSON is the canonical format "
                    "(versioned, with a JSON Schema); csv is UTF-8 with BOM for Excel; md is for pasting into a "
                    "ticket; html is one self-contained right-to-left page with charts. Without -o the report "
                    "goes to stdout. The generation time honours SOURCE_DATE_EPOCH for reproducible output.")
    p.add_argument("--format", choices=format_names(), default=None,
                   help="report format (default: from the -o suffix, else json)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write here instead of stdout (atomically: a failed run leaves no partial file); for csv "
                        "without --table, one file per table: FILE.summary.csv, FILE.sources.csv, ...")
    p.add_argument("--table", metavar="NAME", help=f"csv: only this table ({csv_tables})")
    p.add_argument("--outlet", action="append", default=[], metavar="NAME",
                   help="only documents of this outlet (repeatable)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only documents dated on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only documents dated on or before this day")
    p.add_argument("--status", action="append", default=[], choices=STATUSES,
                   help="only attributions with this review status (repeatable; default: all but rejected)")
    p.add_argument("--source", action="append", default=[], metavar="NAME_OR_ID",
                   help="only attributions of this source: an id, a name or an alias (repeatable)")
    p.set_defaults(func=run)


def _generated_at() -> datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) fixes the report's time stamp."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    except (ValueError, OverflowError, OSError) as e:
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds") from e


def _choose_format(args) -> str:
    from ..report import format_for_path, format_names

    if args.format:
        return args.format
    if not args.output:
        return "json"
    f = format_for_path(args.output)
    if f is None:
        raise UsageError(f"cannot tell the report format from {args.output!r}",
                         hint=f"pass --format ({', '.join(format_names())})")
    return f.name


def run(args) -> int:
    from ..report import Filters, build_report, get_format, render_report, write_report
    from ..report.model import paused_gc

    fmt = get_format(_choose_format(args))
    if args.table is not None:
        fmt.check_table(args.table)
    elif fmt.tables and not args.output:
        raise UsageError(f"the {fmt.name} report has several tables ({', '.join(fmt.tables)})",
                         hint="pass --table NAME to print one, or -o FILE to write one file per table")
    filters = Filters.parse(outlet=args.outlet, since=args.since, until=args.until, status=args.status,
                            source=args.source)
    stamp = _generated_at()
    with paused_gc(), c.store(args, write=False) as st:  # loading a big store is allocation-bound
        report = build_report(st, filters, generated_at=stamp)
    if not args.output:
        data = render_report(report, fmt.name, args.table)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    written = write_report(report, fmt.name, args.output, args.table)
    for p in written:
        print(f"wrote {p} ({p.stat().st_size:,} bytes)", file=sys.stderr)
    s = report.summary
    print(f"report: {s.documents} document(s), {s.attributions} attribution(s), {s.sources} source(s), "
          f"{s.claims} claim(s); {s.anonymous_share * 100:.1f}% anonymous", file=sys.stderr)
    return 0
