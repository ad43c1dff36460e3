"""The ``attribution`` command line.

One entry point, subcommands from a list of modules (each has ``register``)
plus plugins under the ``attribution.commands`` entry-point group (the
Textual review UI registers ``review`` that way, so this package never
imports it). The only ``except AttributionError`` of the tool is here: it
prints ``attribution: error: <message>`` on one line to stderr and exits with
the mapped code (0 ok, 1 error, 2 usage, 130 interrupted). stdout carries
data only; ``--debug`` shows tracebacks.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from importlib.metadata import entry_points

from .. import __version__
from ..errors import AttributionError, ExitCode, UsageError, exit_code_for

#: modules of this package that add subcommands, in help order
COMMAND_MODULES = ("ingest_cmd", "extract_cmd", "browse_cmd", "models_cmd", "eval_cmd", "db_cmd", "report_cmd")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as every other error
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="attribution",
                     description="Arabic claim-and-source attribution tracker: who says so, who else says so, "
                                 "and how much rests on unnamed sources.")
    parser.add_argument("--version", action="version", version=f"attribution {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="store location: a TinyDB file path or a postgresql://user@host/database URL "
                             "(default: $ATTRIBUTION_DB or a TinyDB file in the user data dir)")
    parser.add_argument("--models", metavar="DIR",
                        help="stanza resources directory (default: $STANZA_RESOURCES_DIR or stanza's default)")
    parser.add_argument("--no-stanza", action="store_true",
                        help="do not load stanza; use the rule-based tokenizer (reduced mode)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    for ep in entry_points(group="attribution.commands"):
        try:
            ep.load()(sub)
        except Exception as e:  # noqa: BLE001 - a broken plugin must not break the core CLI
            print(f"attribution: warning: command plugin {ep.name!r} failed to load: {e}", file=sys.stderr)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help(sys.stderr)
            return ExitCode.USAGE
        rc = args.func(args)
        return int(rc or 0)
    except AttributionError as e:
        if debug:
            raise
        print(f"attribution: error: {e.one_line()}", file=sys.stderr)
        return int(exit_code_for(e))
    except KeyboardInterrupt:
        print("attribution: interrupted; nothing from this command was written", file=sys.stderr)
        return int(ExitCode.INTERRUPT)
    except BrokenPipeError:
        return 0
    except OSError as e:
        if debug:
            raise
        print(f"attribution: error: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return int(ExitCode.DATA)
    except Exception as e:  # noqa: BLE001 - a bug still gets one line, the traceback is behind --debug
        if debug:
            raise
        print(f"attribution: error: internal error ({e.__class__.__name__}: {e}); rerun with --debug and "
              "report it", file=sys.stderr)
        return int(ExitCode.DATA)


if __name__ == "__main__":
    sys.exit(main())
