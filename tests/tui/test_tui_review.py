"""The review screen driven with keys on a store built from the seed: events in the store, derived status,
undo, edits, additions, filters, and Arabic / bracket text as rendered in both RTL modes."""
from __future__ import annotations

from datetime import timezone

import pytest

from attribution.errors import StoreLockedError
from attribution.models import Span
from attribution.review import apply_reviews
from attribution.store import TinyDBStore
from attribution.tracker import reviewed_attributions
from tui import messages as m
from tui.app import TrackerApp
from tui.query import parse_query

from .tui_support import BRACKETS_ID, SEED_ID, loaded, saved, settings, wait_for

SIZE = (140, 48)


def _status(store, aid: str) -> str:
    return next(a.status for a in reviewed_attributions(store) if a.id == aid)


async def test_accept_posts_a_message_and_stores_one_event_with_the_machine_suggestion(store):
    seen = []
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await loaded(pilot)
        aid = app.screen.queue.current_id
        machine = store.get_attribution(aid)
        await pilot.press("a")
        await saved(pilot)
        reviewed = [msg for msg in seen if isinstance(msg, m.AttributionReviewed)]
        assert reviewed and reviewed[0].event.action == "accept" and reviewed[0].changed == [aid]
        events = list(store.iter_reviews())
        assert len(events) == 1
        ev = events[0]
        assert (ev.action, ev.target, ev.actor) == ("accept", aid, "tester")
        assert ev.at.tzinfo is not None and ev.at.utcoffset() == timezone.utc.utcoffset(None)
        assert ev.suggestion == machine.record()
        assert ev.anchor == machine.anchor
        assert _status(store, aid) == "accepted"
        assert app.screen.queue.cursor == 1  # on to the next one
        assert "reviewed 1/" in str(app.screen.query_one("#progress").render())


async def test_reject_then_undo_leaves_two_events_and_the_attribution_unreviewed(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        aid = app.screen.queue.current_id
        await pilot.press("r")
        await saved(pilot)
        assert _status(store, aid) == "rejected"
        await pilot.press("u")
        await saved(pilot)
        events = list(store.iter_reviews())
        assert [e.action for e in events] == ["reject", "undo"]
        assert events[1].target == events[0].id
        assert events[1].before == {"status": "rejected"} and events[1].after == {"status": "unreviewed"}
        assert _status(store, aid) == "unreviewed"
        assert app.index.status[app.index.row_of[aid]] == "unreviewed"
        assert app.screen.queue.current_id == aid  # undo brings the cursor back
        await pilot.press("u")  # nothing left to undo: no event
        await saved(pilot)
        assert len(list(store.iter_reviews())) == 2


async def test_edit_moves_span_boundaries_word_by_word_and_sets_kind_and_anonymity(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        aid = app.screen.queue.current_id
        before = store.get_attribution(aid)
        doc = store.get_document(before.doc_id)
        await pilot.press("e")
        await pilot.press("tab", "tab")           # cue -> source -> content
        await pilot.press("less_than_sign")       # content end one word earlier
        await pilot.press("full_stop")            # content start one word later
        await pilot.press("k")                    # kind: indirect -> mixed
        await pilot.press("y")                    # anonymous
        await pilot.press("ctrl+s")
        await saved(pilot)
        ev = list(store.iter_reviews())[-1]
        assert ev.action == "edit"
        assert set(ev.after) == {"content", "kind", "anonymous"}
        assert ev.before["kind"] == "indirect" and ev.after["kind"] == "mixed"
        assert ev.before["content"] == before.content.model_dump()
        after = next(a for a in reviewed_attributions(store) if a.id == aid)
        assert after.status == "edited" and after.kind == "mixed" and after.anonymous
        words = before.content.text.split()
        # the content lost its first word and its last token (the closing word before the full stop)
        assert after.content.start > before.content.start and after.content.end < before.content.end
        assert after.content.text.split()[0] == words[1]
        Span.of(doc.text, after.content.start, after.content.end).check(doc.text)


async def test_edit_changes_the_source_by_name_and_by_picking_a_registry_source(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        aid = app.screen.queue.current_id
        await pilot.press("e", "N")
        box = app.screen.query_one("#edit-name")
        box.value = ""
        await pilot.press(*"الجابر", "enter", "ctrl+s")
        await saved(pilot)
        ev = list(store.iter_reviews())[-1]
        assert ev.action == "edit" and ev.after == {"source_name": "الجابر"}
        assert ev.before == {"source_name": "صهيب الجابر"}
        await pilot.press("up", "e", "c")          # pick "وزارة الدفاع العراقية" from the registry
        await pilot.press(*"وزارة", "enter", "ctrl+s")
        await saved(pilot)
        ev = list(store.iter_reviews())[-1]
        assert ev.target == aid
        assert ev.after == {"source_name": "وزارة الدفاع العراقية", "source_type": "government"}
        after = next(a for a in reviewed_attributions(store) if a.id == aid)
        assert (after.source_name, after.source_type, after.status) == ("وزارة الدفاع العراقية", "government",
                                                                        "edited")


async def test_a_missed_attribution_is_added_by_selecting_words_and_undone(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        total = len(app.index)
        await pilot.press("n")                    # add, on the highlighted attribution's paragraph
        screen = app.screen
        toks = screen._tokens()
        await pilot.press("full_stop")            # cue: the first free token
        await pilot.press("tab")                  # source (left empty)
        await pilot.press("tab")                  # content
        await pilot.press("full_stop")            # content starts after the cue
        for _ in range(3):
            await pilot.press("greater_than_sign")  # ...and grows by three words
        cue, content = screen.spans["cue"], screen.spans["content"]
        assert cue == toks[0] and content[0] == toks[1][0] and content[1] == toks[4][1]
        await pilot.press("ctrl+s")
        await saved(pilot)
        ev = list(store.iter_reviews())[-1]
        assert ev.action == "add" and ev.before is None and ev.after["origin"] == "human"
        added = [a for a in reviewed_attributions(store) if a.origin == "human"]
        assert len(added) == 1 and added[0].status == "accepted"
        doc = store.get_document(added[0].doc_id)
        assert added[0].cue.text == doc.text[cue[0]:cue[1]]
        assert len(app.index.filter(parse_query(""))) == total + 1
        assert app.screen.queue.current_id == added[0].id
        await pilot.press("u")
        await saved(pilot)
        assert not [a for a in reviewed_attributions(store) if a.origin == "human"]
        assert app.index.progress() == (0, total)


@pytest.mark.parametrize("rtl", ["terminal", "reorder"])
async def test_a_missed_attribution_is_selected_with_the_mouse_in_either_rtl_mode(store, rtl):
    """Click a word for the cue, click and shift+click for the content; the screen maps cells to offsets."""
    app = TrackerApp(store, settings(rtl=rtl))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        screen = app.screen
        para = screen.query_one("#edit-paragraph")
        text = para.text.plain

        def cell_of(word: str) -> tuple[int, int]:
            at = text.index(word)
            for y, (_, cells) in enumerate(para._layout(None)):
                if at in cells:
                    return cells.index(at), y
            raise AssertionError(word)

        await pilot.click(para, offset=cell_of("وقال"))
        await pilot.press("tab", "tab")           # content
        await pilot.click(para, offset=cell_of("قوات الجيش"))
        await pilot.click(para, offset=cell_of("الثقيلة"), shift=True)
        doc = app.index.documents[SEED_ID].text
        assert doc[slice(*screen.spans["cue"])] == "وقال"
        assert doc[slice(*screen.spans["content"])] == "قوات الجيش العراقي قصفت بالمدفعية الثقيلة"
        await pilot.press("ctrl+s")
        await saved(pilot)
        added = [a for a in reviewed_attributions(store) if a.origin == "human"]
        assert [(a.cue.text, a.content.text) for a in added] == [("وقال", "قوات الجيش العراقي قصفت بالمدفعية الثقيلة")]


async def test_filter_line_and_status_key_narrow_the_queue(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        total = len(app.screen.queue.ids)
        await pilot.press("a")
        await pilot.press("s", "s")               # all -> unreviewed -> accepted
        assert app.screen.filter_text.startswith("status:accepted")
        assert len(app.screen.queue.ids) == 1
        await pilot.press("x")
        assert len(app.screen.queue.ids) == total
        await pilot.press("slash")
        await pilot.press(*"source:الجابر")
        await pilot.press("enter")
        shown = app.screen.queue.ids
        assert shown and all(app.index.current[a].source_name == "صهيب الجابر" for a in shown)
        await pilot.press("x")
        await pilot.press("d")                    # only this document
        assert app.screen.filter_text == f"doc:{app.index.current[app.screen.queue.ids[0]].doc_id}"


async def test_arabic_reads_in_logical_order_in_terminal_mode_and_reordered_in_reorder_mode(store):
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.index.current[app.screen.queue.current_id].doc_id == SEED_ID
        para = app.screen.detail.lines()["detail-paragraph"]
        # "And the director of the 'Furat Post' network (Suhaib al-Jaber) said ..."
        assert para[0].startswith('وقال مدير شبكة "فرات بوست" (صهيب الجابر)')
        row = app.screen.queue.visible_lines()[0]
        assert "صهيب الجابر" in row and "قوات الجيش العراقي قصفت" in row
        await pilot.press("f2")
        await pilot.pause()
        assert app.rtl == "reorder"
        para = app.screen.detail.lines()["detail-paragraph"]
        first = para[0].rstrip()
        assert first.endswith('(رباجلا بيهص) "تسوب تارف" ةكبش ريدم لاقو')  # right edge = first word
        row = app.screen.queue.visible_lines()[0]
        assert "رباجلا بيهص" in row and "تفصق يقارعلا شيجلا تاوق" in row
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.detail.lines()["detail-paragraph"][0].startswith("وقال مدير شبكة")


@pytest.mark.parametrize("rtl", ["terminal", "reorder"])
async def test_brackets_in_article_text_are_shown_not_parsed_as_markup(store, rtl):
    app = TrackerApp(store, settings(rtl=rtl))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *f"doc:{BRACKETS_ID}", "enter")
        assert app.screen.queue.ids
        para = "".join(app.screen.detail.lines()["detail-paragraph"])
        row = app.screen.queue.visible_lines()[0]
        if rtl == "terminal":
            assert "[الخوذ البيضاء]" in para and "[b]سوقاً شعبياً[/b]" in para
            assert "[b]سوقاً" in row
        else:
            # reversed for display, brackets mirrored: they still enclose the same words
            assert "[ءاضيبلا ذوخلا]" in para
            assert "[b/]ًايبعش ًاقوس[b]" in para
            assert "ًايبعش ًاقوس" in row
        assert para.count("[") + para.count("]") == 6  # all brackets of the paragraph survive


async def test_every_decision_reaches_the_file_at_once_while_the_app_holds_the_lock(file_store):
    store, path = file_store
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        aid = app.screen.queue.current_id
        await pilot.press("a")
        await saved(pilot)
        with pytest.raises(StoreLockedError):
            TinyDBStore(path)  # a second writer is refused while the review UI runs
        reader = TinyDBStore(path, write=False)
        on_disk = list(reader.iter_reviews())
        assert [(e.action, e.target) for e in on_disk] == [("accept", aid)]


async def test_decisions_survive_a_reextraction_that_changes_ids(store):
    """A new extractor version moves the content end: the id changes, the anchor still finds it."""
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        aid = app.screen.queue.current_id
        await pilot.press("a")
        await saved(pilot)
        old = store.get_attribution(aid)
        doc = store.get_document(old.doc_id)
        moved = old.model_copy(update={"id": "", "content": Span.of(doc.text, old.content.start, old.content.end - 1)})
        moved = type(old).model_validate(moved.model_dump())
        assert moved.id != aid
        others = [a for a in store.iter_attributions(old.doc_id) if a.id != aid]
        store.replace_attributions(old.doc_id, [moved, *others])
        app.load()
        await wait_for(pilot, lambda: moved.id in app.index.row_of and app.index.loaded, what="reload")
        assert app.index.status[app.index.row_of[moved.id]] == "accepted"
        assert {a.id: a.status for a in apply_reviews(store.iter_attributions(), store.iter_reviews())}[moved.id] \
            == "accepted"


async def test_reextracting_a_document_in_a_worker_keeps_decisions(store):
    seen = []
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await loaded(pilot)
        aid = app.screen.queue.current_id
        await pilot.press("r")
        await saved(pilot)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: any(isinstance(x, m.ExtractionFinished) for x in seen), what="re-extraction")
        await wait_for(pilot, lambda: any(isinstance(x, m.IndexLoaded) for x in seen[[type(y) for y in seen].index(
            m.ExtractionFinished):]), what="reload")
        assert app.index.status[app.index.row_of[aid]] == "rejected"
        assert _status(store, aid) == "rejected"
        assert any(isinstance(x, m.ExtractionProgressed) for x in seen)


async def test_a_reload_started_during_a_reload_wins_without_duplicating_rows(store):
    seen = []
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await loaded(pilot)
        rows = len(app.index)
        app.load()
        app.load()
        await wait_for(pilot, lambda: sum(isinstance(x, m.IndexLoaded) for x in seen) >= 2 and app.index.loaded,
                       what="the reloads")
        await pilot.pause(0.2)
        assert len(app.index) == rows == len(set(app.index.ids))
        assert len(app.screen.queue.ids) == rows


async def test_the_initial_filter_applies_at_start(store):
    app = TrackerApp(store, settings(), initial_filter="type:activists")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        ids = app.screen.queue.ids
        assert ids and all(app.index.current[a].source_type == "activists" for a in ids)


async def test_an_empty_store_opens_and_every_key_is_harmless():
    from attribution.store import MemoryStore

    store = MemoryStore()
    app = TrackerApp(store, settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.index.loaded, what="the empty index")
        await pilot.press("a", "r", "e", "n", "u", "s", "d", "o", "S", "escape", "C", "enter", "escape")
        assert "reviewed 0/0" in str(app.screen.query_one("#progress").render())
        assert list(store.iter_reviews()) == []
