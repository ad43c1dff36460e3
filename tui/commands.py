"""The command palette (ctrl+p): every action by name, grouped as ``group: action``.

Filter entries are generated from the model's vocabularies (statuses,
source types) and report entries from ``attribution.report.format_names()``
when that module is installed, so a new status, type or report format shows
up here without UI work.
"""
from __future__ import annotations

import importlib
from functools import partial
from typing import Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

from attribution.models import SOURCE_TYPES, STATUSES


def _report_formats() -> tuple[str, ...]:
    try:
        report = importlib.import_module("attribution.report")
    except ImportError:
        return ()
    names = getattr(report, "format_names", None)
    return tuple(names()) if callable(names) else ()


class TrackerCommands(Provider):
    """Commands of the review UI; screen actions run on the review screen."""

    def commands(self) -> Iterator[tuple[str, Callable, str]]:
        app = self.app
        review = self._on_review
        yield "claim: accept", review("accept"), "accept the highlighted attribution"
        yield "claim: reject", review("reject"), "reject the highlighted attribution"
        yield "claim: edit", review("edit"), "move spans, change kind, source, type, anonymity"
        yield "claim: add missed attribution", review("add"), "mark an attribution the machine missed"
        yield "review: undo", review("undo"), "undo your last decision of this session"
        yield "view: queue", self._to_queue, "back to the review queue"
        yield "view: sources", review("sources"), "the source registry: counts, aliases, merge"
        yield "view: claims", review("claims"), "claims: backing sources, grade, conflicts"
        yield "view: help", app.action_help, "every key binding and the filter syntax"
        yield "display: RTL terminal", partial(app.action_set_rtl, "terminal"), "the terminal reorders Arabic"
        yield "display: RTL reorder", partial(app.action_set_rtl, "reorder"), "the app reorders Arabic lines"
        for status in STATUSES:
            yield f"filter: status {status}", review("set_filter", f"status:{status}"), f"only {status}"
        for t in SOURCE_TYPES:
            yield f"filter: source type {t}", review("set_filter", f"type:{t}"), f"only {t} sources"
        yield "filter: this document", review("only_document"), "only the highlighted attribution's document"
        yield "filter: this source", review("only_source"), "only the highlighted attribution's source"
        yield "filter: clear", review("clear_filter"), "show every attribution"
        yield "data: re-extract this document", review("reextract"), "re-run extraction; decisions are kept"
        yield "data: re-extract all documents", lambda: app.reextract(None), "re-run extraction on the store"
        yield "data: rebuild sources and claims", app.rebuild_registry, "apply decisions and merges to the registry"
        for fmt in _report_formats():
            yield f"report: export {fmt}", partial(app.export_report, fmt), f"write the audit report as {fmt}"

    def _on_review(self, action: str, *args: str) -> Callable[[], None]:
        def run() -> None:
            from .screens.review import ReviewScreen

            screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, ReviewScreen)), None)
            if screen is None:
                return
            while self.app.screen is not screen:
                self.app.pop_screen()
            if action == "set_filter":
                screen.show_filter(args[0])
            else:
                getattr(screen, f"action_{action}")()

        return run

    def _to_queue(self) -> None:
        self._on_review("focus_queue")()

    async def discover(self) -> Hits:
        for name, run, help in self.commands():
            yield DiscoveryHit(name, run, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, text=name, help=help)
