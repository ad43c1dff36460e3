"""Sources and claims screens, help, the command palette and the keymap setting."""
from __future__ import annotations

from textual.command import CommandList
from textual.widgets import DataTable

from tui import messages as m
from tui.app import TrackerApp
from tui.commands import TrackerCommands
from tui.screens.claims import ClaimsScreen
from tui.screens.help import HelpScreen
from tui.screens.review import ReviewScreen
from tui.screens.sources import SourcesScreen

from .tui_support import loaded, saved, settings, wait_for

SIZE = (140, 48)


def _table_lines(screen) -> list[str]:
    table = screen.query_one(DataTable)
    return [table.render_line(y).text for y in range(min(table.row_count + 1, table.size.height))]


async def test_merging_two_sources_is_a_review_event_applied_by_the_registry_and_undone_by_a_split(store):
    seen = []
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await loaded(pilot)
        before = len(app.index.sources)
        await pilot.press("S")
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == before
        first = app.screen.current_id
        await pilot.press("m", "down")
        second = app.screen.current_id
        assert first != second
        await pilot.press("m")
        await saved(pilot)
        ev = [e for e in store.iter_reviews()][-1]
        assert (ev.action, ev.target, ev.after["into"]) == ("merge_sources", first, second)
        await wait_for(pilot, lambda: len(app.index.sources) == before - 1, what="the registry rebuild")
        merged = app.index.sources[second]
        assert store.get_source(second).attribution_ids == merged.attribution_ids  # rebuilt in the store too
        assert any(isinstance(x, m.SourcesMerged) for x in seen)
        await pilot.press("u")
        await saved(pilot)
        assert [e.action for e in store.iter_reviews()][-1] == "split_source"
        await wait_for(pilot, lambda: len(app.index.sources) == before, what="the split")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_sources_screen_shows_counts_and_opens_a_source_in_the_queue(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        lines = _table_lines(app.screen)
        jaber = next(line for line in lines if "صهيب الجابر" in line)
        record = next(s for s in store.iter_sources() if s.name == "صهيب الجابر")
        assert len(record.attribution_ids) >= 3
        assert "person" in jaber and f" {len(record.attribution_ids)} " in jaber
        while app.index.sources[app.screen.current_id].name != "صهيب الجابر":
            await pilot.press("down")
        await pilot.press("enter")
        assert isinstance(app.screen, ReviewScreen)
        ids = app.screen.queue.ids
        assert sorted(ids) == sorted(record.attribution_ids)


async def test_claims_screen_shows_grade_and_backing_sources_and_filters_the_queue(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("C")
        assert isinstance(app.screen, ClaimsScreen)
        assert app.screen.query_one(DataTable).row_count == len(app.index.claims)
        cid = app.screen.current_id
        claim = app.index.claims[cid]
        detail = "\n".join(app.screen.query_one("#claims-detail").render_line(y).text for y in range(6))
        assert claim.grade in detail and "backed by" in detail
        await pilot.press("enter")
        assert isinstance(app.screen, ReviewScreen)
        assert sorted(app.screen.queue.ids) == sorted(claim.attribution_ids)


async def test_a_decision_marks_the_registry_stale_and_opening_claims_rebuilds_it(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        claims = len(app.index.claims)
        await pilot.press("r")  # a rejected attribution backs no claim
        assert app.index.registry_stale
        await pilot.press("C")
        await wait_for(pilot, lambda: not app.index.registry_stale, what="the rebuild")
        assert len(app.index.claims) == claims - 1
        assert len(list(store.iter_claims())) == claims - 1


async def test_help_lists_the_screens_keys_and_the_filter_syntax(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text")
        lines = [text.render_line(y).text for y in range(len(text.lines()))]
        body = "\n".join(lines)
        assert any(line.strip().startswith("a ") and "Accept" in line for line in lines)
        assert "Undo" in body and "status:" in body and "reorder" in body
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_command_palette_switches_the_rtl_display(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"RTL reorder")
        palette = app.screen
        hits = palette.query_one(CommandList)
        await wait_for(pilot, lambda: hits.option_count and "display: RTL reorder" in str(
            hits.get_option_at_index(0).prompt), what="the palette hit")
        for _ in range(3):  # highlight, pick, run
            if app.rtl == "reorder":
                break
            await pilot.press("enter")
            await pilot.pause(0.1)
        await wait_for(pilot, lambda: app.rtl == "reorder", what="the mode switch")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.queue.mode == "reorder"


async def test_keymap_setting_rebinds_by_binding_id_and_warns_about_unknown_ids(store):
    app = TrackerApp(store, settings(keymap={"review-accept": "y", "review-acept": "z"}))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert any("review-acept" in str(n.message) for n in app._notifications)
        await pilot.press("a")  # no longer bound
        await pilot.press("y")
        await saved(pilot)
        assert [e.action for e in store.iter_reviews()] == ["accept"]


async def test_report_commands_come_from_the_report_formats_and_export_with_decisions(store, tmp_path,
                                                                                      monkeypatch):
    from attribution.report import format_names

    monkeypatch.chdir(tmp_path)
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        names = [name for name, _, _ in TrackerCommands(app.screen).commands()]
        assert [n for n in names if n.startswith("report: ")] == [f"report: export {f}" for f in format_names()]
        await pilot.press("r")  # a rejection: the report must be built on the rebuilt registry
        await app.export_report("json").wait()
        out = tmp_path / "attribution-report.json"
        assert out.is_file()
        await wait_for(pilot, lambda: not app.index.registry_stale, what="the rebuilt registry")
        assert len(list(store.iter_claims())) == len(app.index.claims)
