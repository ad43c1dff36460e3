"""The RTL display helpers: wrapping, reordering with styles, bracket mirroring, table cells."""
from __future__ import annotations

import pytest
from bidi import get_display
from rich.text import Text

from tui.widgets.rtl_text import base_level, display_cell, layout, reorder_text, visual_order, wrap_ranges

from .tui_support import SEED

# "And the director of the 'Furat Post' network (Suhaib al-Jaber) told Syria TV that ..."
SENTENCE = 'وقال مدير شبكة "فرات بوست" (صهيب الجابر) لـ موقع تلفزيون سوريا إن'


def _seed_lines(width: int = 60) -> list[tuple[str, int]]:
    out = []
    for para in SEED.read_text(encoding="utf-8").split("\n"):
        level = base_level(para)
        for a, b in wrap_ranges(para, width):
            if b > a:
                out.append((para[a:b], level))
    return out


def test_reorder_lays_out_seed_lines_exactly_as_python_bidi_get_display():
    """The index map comes from python-bidi's reference algorithm; the characters must be in the same
    places as get_display puts them (which does not mirror, so compare the logical characters)."""
    lines = _seed_lines()
    assert len(lines) > 20
    for line, level in lines:
        order = visual_order(line, level)
        assert "".join(line[i] for _, i in order) == get_display(line, base_dir="LR"[level]), line


# Lines of the UI that mix left-to-right labels, numbers and brackets with Arabic (glosses: "said (said,
# neutral)", "said (ISIS) that", "the spokesman said (2018) that", bracketed markup-like text).
MIXED = [
    "cue: وقال (قال, neutral)",
    "aliases: الجابر، مدير شبكة \"فرات بوست\" (صهيب الجابر)",
    "وقال (ISIS) إن",
    "قال المتحدث (2018) إن",
    "abc (عربي) def",
    "abc (عربي def) ghi",
    "[b]سوقاً شعبياً[/b] [عاجل]",
    "a (b [ج) د]",
    "registry: صهيب الجابر (person; 4 attribution(s) in 1 document(s))",
    "000_dff · تلفزيون سوريا · 2018-11-28 · قصف متبادل",
]


@pytest.mark.parametrize("line", MIXED, ids=[f"mixed-{i}" for i in range(len(MIXED))])
def test_mixed_direction_lines_with_brackets_match_get_display(line):
    """Paired brackets (UAX #9 rule N0) resolve as python-bidi's get_display resolves them."""
    level = base_level(line)
    order = visual_order(line, level)
    assert "".join(line[i] for _, i in order) == get_display(line, base_dir="LR"[level])


def test_reorder_mirrors_brackets_in_right_to_left_runs():
    """(صهيب الجابر) must still read as a parenthesis around the name when reordered."""
    shown = "".join(ch for ch, _ in visual_order(SENTENCE, 1))
    assert "(رباجلا بيهص)" in shown
    assert shown.endswith("لاقو")  # the first word sits at the right edge


def test_reorder_carries_each_characters_style_to_its_display_position():
    text = Text(SENTENCE)
    cue = SENTENCE.index("وقال")
    src = SENTENCE.index("صهيب الجابر")
    text.stylize("bold yellow", cue, cue + 4)
    text.stylize("cyan", src, src + len("صهيب الجابر"))
    shown = reorder_text(text, 1)
    plain = shown.plain
    at = plain.index("لاقو")
    assert all("yellow" in _style_at(shown, at + k) for k in range(4))
    at = plain.index("رباجلا بيهص")
    assert all("cyan" in _style_at(shown, at + k) for k in range(len("صهيب الجابر")))
    assert "cyan" not in _style_at(shown, plain.index("لاقو"))


def _style_at(text: Text, offset: int) -> str:
    return " ".join(str(s.style) for s in text.spans if s.start <= offset < s.end)


def test_wrap_breaks_at_spaces_but_not_at_no_break_spaces():
    """The seed writes تلفزيون سوريا\u00a0إن with a no-break space: those words stay on one line."""
    text = "موقع تلفزيون سوريا\u00a0إن قوات"
    ranges = wrap_ranges(text, 16)
    lines = [text[a:b] for a, b in ranges]
    assert "سوريا\u00a0إن" in "".join(lines)
    assert all(len(line) <= 16 for line in lines)
    assert wrap_ranges("", 10) == [(0, 0)]
    word = "abcdefgh"
    assert [word[a:b] for a, b in wrap_ranges(word, 3)] == ["abc", "def", "gh"]


def test_terminal_mode_passes_logical_text_through_and_reorder_mode_right_aligns_arabic():
    text = Text(SENTENCE)
    terminal = [t.plain for t in layout(text, 30, "terminal")]
    assert " ".join(terminal) == SENTENCE
    reordered = [t.plain for t in layout(text, 30, "reorder")]
    assert len(reordered) == len(terminal)
    assert all(len(line) == 30 for line in reordered)  # padded on the left: ends at the right edge
    assert reordered[0].rstrip().endswith("لاقو")


@pytest.mark.parametrize("mode", ["terminal", "reorder"])
def test_brackets_in_news_text_are_text_not_markup(mode):
    """Rich would eat [b]...[/b] as markup; built from plain strings the brackets stay."""
    # "the shelling hit [b]a popular market[/b]"
    raw = "استهدف القصف [b]سوقاً شعبياً[/b] [عاجل]"
    lines = [t.plain for t in layout(Text(raw), 80, mode)]
    shown = "".join(lines).replace(" ", "")
    assert sorted(shown.replace("]", "[")) == sorted(raw.replace(" ", "").replace("]", "["))
    if mode == "terminal":
        assert lines[0] == raw


def test_a_table_cell_is_cut_at_its_logical_end_before_reordering():
    """A long name keeps its beginning (the right-hand end on screen) and loses its end."""
    cell = display_cell("شبكات محلية على مواقع التواصل الاجتماعي", 12, "reorder")
    assert cell.cell_len == 12
    assert cell.plain.endswith("تاكبش")
    assert cell.plain.lstrip().startswith("…")
    assert display_cell("ناشطون", 12, "terminal").plain == "ناشطون"
