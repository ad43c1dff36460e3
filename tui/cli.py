"""``attribution review``: the plugin command that opens the review UI.

Registered under the ``attribution.commands`` entry-point group, so the core
CLI never imports Textual. The store is opened for writing before the UI
starts: a second writer, a missing or corrupt store fail here with the
usual one-line error instead of inside a full-screen app.
"""
from __future__ import annotations

import os
import sys

from attribution.errors import NotFoundError, UsageError
from attribution.settings import load_settings
from attribution.store import open_store


def register(sub) -> None:
    p = sub.add_parser(
        "review", help="review attributions in a terminal UI: accept, reject, fix, add, merge sources",
        description="Open the keyboard-first review UI on the store. Every decision is saved at once as an "
                    "append-only review event. Press ? inside for every key.")
    p.add_argument("--rtl", choices=("terminal", "reorder"),
                   help="Arabic display: 'terminal' if your terminal does bidi (VTE, Konsole), 'reorder' to let "
                        "the app reorder lines (xterm, kitty, alacritty, WezTerm); default: the tui.rtl setting")
    p.add_argument("--reviewer", metavar="NAME", help="name recorded in review events (default: tui.reviewer, $USER)")
    p.add_argument("--filter", metavar="QUERY", default="",
                   help="start with this queue filter, e.g. 'status:unreviewed type:person'")
    p.set_defaults(func=run)


def run(args) -> int:
    settings = load_settings(db=getattr(args, "db", None), models=getattr(args, "models", None),
                             no_stanza=getattr(args, "no_stanza", False))
    if args.rtl:
        settings.tui.rtl = args.rtl
    if args.reviewer:
        settings.tui.reviewer = args.reviewer
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("attribution review needs an interactive terminal (stdin and stdout are not a TTY)")
    path = settings.store.path
    if "://" not in path and not os.path.exists(path):
        raise NotFoundError(f"no store at {path}", hint="run `attribution ingest PATH...` and `attribution extract` first")
    store = open_store(path, write=True)
    from .app import TrackerApp

    app = TrackerApp(store, settings, initial_filter=args.filter)
    try:
        app.run()
    finally:
        try:
            app.save_now()  # decisions the app could not save before it stopped
        finally:
            store.close()
    return int(app.return_code or 0)
