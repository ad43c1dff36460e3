"""Helpers for the review UI tests: the test stores' content, settings, waiting for workers.

A plain module (test files import it by name). The seed article gives nine
attributions; a second small document puts brackets (``[الخوذ البيضاء]``,
``[b]…[/b]``) into attribution text, which must reach the screen as text,
never as markup.
"""
from __future__ import annotations

import time
from pathlib import Path

from attribution.pipeline import make_pipeline
from attribution.settings import NlpSettings, Settings, StoreSettings, TuiSettings
from attribution.tracker import extract_store, ingest_paths

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_dff7ac58f2ed17cf.txt"
SEED_ID = SEED.stem
# "Breaking: shelling of the market" / "The civil defence spokesman [the White Helmets] said the shelling
# hit [b]a popular market[/b] in the city this morning."
BRACKETS = ("[عاجل] قصف على السوق\n\n"
            "وقال المتحدث باسم الدفاع المدني [الخوذ البيضاء] إن القصف استهدف [b]سوقاً شعبياً[/b] في المدينة "
            "صباح اليوم.\n")
BRACKETS_ID = "brackets"


def fill(store, tmp_path: Path) -> None:
    extra = tmp_path / f"{BRACKETS_ID}.txt"
    extra.write_text(BRACKETS, encoding="utf-8")
    ingest_paths(store, [str(SEED), str(extra)])
    extract_store(store, make_pipeline(use_stanza=False))


def settings(rtl: str = "terminal", **tui) -> Settings:
    return Settings(nlp=NlpSettings(use_stanza=False), store=StoreSettings(path="memory://"),
                    tui=TuiSettings(rtl=rtl, reviewer="tester", **tui))


async def wait_for(pilot, condition, timeout: float = 15.0, what: str = "condition") -> None:
    """Let the app run until ``condition()`` holds (workers post back asynchronously)."""
    t0 = time.monotonic()
    while not condition():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def loaded(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.index.loaded and app.screen.queue.ids, what="the index to load")
    await pilot.pause()


async def saved(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.pending == 0 and not [
        w for w in app.workers if w.group == "save" and w.is_running], what="review events to be saved")
