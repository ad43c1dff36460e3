"""attribution db check / db restore / db migrate: look after the store, move it between backends."""
from __future__ import annotations

import sys
from pathlib import Path

from . import _common as c


def register(sub) -> None:
    p = sub.add_parser("db", help="check the store, restore its last good backup, or copy it to another backend",
                       description="Look after the store. Every command that writes keeps the file it replaces "
                                   "as <store>.bak (one backup, rotated per write session).")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", parser_class=type(p))
    chk = dbsub.add_parser("check", help="parse the store and its backup and check every record",
                           description="Parse the store file and its backup, validate every record, check that "
                                       "every attribution's spans slice its document and that derived tables "
                                       "are current. Exit 0 when there is no error, 1 otherwise.")
    c.add_format(chk)
    chk.set_defaults(func=run_check)
    rst = dbsub.add_parser("restore", help="replace the store with its last good backup",
                           description="Replace the store with <store>.bak (or --from FILE) after checking that it "
                                       "parses. The replaced file is kept as <store>.replaced-<time>, so nothing "
                                       "is lost.")
    rst.add_argument("--from", dest="source", metavar="FILE", help="restore from this file instead of <store>.bak")
    rst.set_defaults(func=run_restore)
    mig = dbsub.add_parser("migrate", help="copy a store into another backend (TinyDB <-> PostgreSQL)",
                           description="Copy every record (documents and their earlier versions, attributions, "
                                       "sources, claims, review events) from one store into another, e.g. a TinyDB "
                                       "file into PostgreSQL or back; ids, versions and times are kept. The target "
                                       "must be new or empty. The copy is checked by the counts and ids of every "
                                       "table before it is committed (a failed check writes nothing) and again "
                                       "after. Exit 0 when both checks pass.")
    mig.add_argument("--from", dest="source", metavar="STORE",
                     help="the store to copy: a TinyDB file or a postgresql:// URL (default: --db / $ATTRIBUTION_DB)")
    mig.add_argument("--to", dest="target", metavar="STORE", required=True,
                     help="the new store: a TinyDB file path or a postgresql:// URL")
    c.add_format(mig)
    mig.set_defaults(func=run_migrate)
    p.set_defaults(func=lambda args: c.need(None, "db needs an action: migrate, check or restore"))


def _file_findings(path: Path) -> tuple[list, bool]:
    """Findings on the file and its backup; the bool says whether the store file itself is readable."""
    from ..store import backup_path, summarize_file
    from ..store.check import Finding

    out = []
    if not path.exists():
        out.append(Finding("error", "file", f"no store at {path}"))
        readable = False
    else:
        s = summarize_file(path)
        readable = s.ok
        out.append(Finding("info" if s.ok else "error", "file", s.describe()))
    bak = backup_path(path)
    if bak.exists():
        b = summarize_file(bak)
        out.append(Finding("info" if b.ok else "warning", "backup",
                           b.describe() if b.ok else f"{b.describe()}; it cannot be restored"))
        if not readable and b.ok:
            out.append(Finding("info", "backup", "restore it with `attribution db restore`"))
    else:
        out.append(Finding("info", "backup", "no backup yet (the next write makes one)"))
    temps = list(path.parent.glob(f".{path.name}.*.tmp"))
    if temps:
        out.append(Finding("info", "file", f"{len(temps)} temp file(s) of an interrupted write; the next write "
                                           "removes them"))
    return out, readable


def run_check(args) -> int:
    from ..store import is_file_store
    from ..store.check import check_store

    location = c.settings(args).store.path
    findings, readable = ([], True)
    if is_file_store(location):
        findings, readable = _file_findings(Path(location).expanduser())
    if readable:
        with c.store(args, write=False) as st:
            findings += check_store(st)
    errors = [f for f in findings if f.level == "error"]
    warnings = [f for f in findings if f.level == "warning"]
    if args.format == "json":
        c.print_json({"store": location, "ok": not errors, "errors": len(errors), "warnings": len(warnings),
                      "findings": [f.record() for f in findings]})
    else:
        for f in findings:
            mark = {"error": "ERROR", "warning": "warn", "info": "ok"}[f.level]
            print(f"{mark:<6} {f.topic:<13} {f.message}")
        verdict = "no problems found" if not errors and not warnings else \
            f"{len(errors)} error(s), {len(warnings)} warning(s)"
        print(verdict)
    return 1 if errors else 0


def run_restore(args) -> int:
    from ..errors import UsageError
    from ..store import is_file_store, restore_backup

    location = c.settings(args).store.path
    if not is_file_store(location):
        raise UsageError(f"db restore works on TinyDB store files, not {location}")
    done = restore_backup(location, args.source)
    print(f"restored {done.path} from {done.source.describe()}", file=sys.stderr)
    if done.kept:
        print(f"attribution: note: the replaced file is kept as {done.kept}", file=sys.stderr)
    return 0


def run_migrate(args) -> int:
    from ..errors import StoreError, UsageError
    from ..store import TABLES, open_store
    from ..store.transfer import copy_store, verify_copy

    source = args.source or c.settings(args).store.path
    if source == args.target:
        raise UsageError(f"db migrate needs two different stores, not {source} twice")
    src = open_store(source, write=False)
    try:
        total = sum(src.count(t) for t in TABLES)
        dst = open_store(args.target, write=True)
        try:
            with c.progress("migrate", total) as advance:
                before = copy_store(src, dst, progress=advance)
            bad = [t for t in before if not t.ok]
            if bad:
                raise StoreError(f"the copy does not match its source ({bad[0].describe()}); nothing was written")
        except BaseException:
            dst.abort()
            raise
        dst.close()
        target = open_store(args.target, write=False)
        try:
            after = verify_copy(src, target)
            url = target.url
        finally:
            target.close()
    finally:
        src.close()
    ok = all(t.ok for t in after)
    if args.format == "json":
        c.print_json({"from": src.url, "to": url, "ok": ok, "tables": [t.record() for t in after]})
    else:
        for t in after:
            print(f"{'ok' if t.ok else 'ERROR':<6} {t.table:<18} {t.source:>8} -> {t.target:<8}"
                  + ("" if t.ok else f" {t.describe()}"))
        print(f"copied {sum(t.target for t in after)} record(s) from {src.url} to {url}; counts and ids match"
              if ok else "the committed copy does not match its source")
    return 0 if ok else 1
