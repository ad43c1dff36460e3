"""``?``: every key of the screen underneath (as currently mapped), the filter syntax, the RTL modes."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer

from ..query import FIELDS
from ..widgets.rtl_text import RtlText


def binding_rows(screen: Screen) -> list[tuple[str, str, str, str]]:
    """(keys, description, tooltip, binding id) for the screen's and the app's bindings, as mapped now."""
    rows = []
    seen = set()
    for key, active in screen.active_bindings.items():
        b = active.binding
        if not b.description or (b.id, b.action) in seen:
            continue
        seen.add((b.id, b.action))
        keys = screen.app.get_key_display(b)
        rows.append((keys, b.description, b.tooltip or "", b.id or ""))
    return rows


def help_text(screen: Screen) -> Text:
    out = Text(end="")
    out.append("Keys\n", "bold underline")
    for keys, desc, tip, _ in binding_rows(screen):
        out.append(f"  {keys:<10}", "bold")
        out.append(f" {desc}")
        if tip:
            out.append(f" — {tip}", "dim")
        out.append("\n")
    out.append("\nFilter line (/)\n", "bold underline")
    out.append("  field:value terms and free words, all must match; quote values with spaces:\n")
    out.append('  status:unreviewed type:person outlet:"تلفزيون سوريا" قصف\n')
    for name, what in FIELDS.items():
        out.append(f"  {name + ':':<8}", "bold")
        out.append(f" {what}\n")
    out.append("  Arabic is matched normalised: hamza forms, ta marbuta, alef maqsura and diacritics fold;\n"
               "  free words of one letter are ignored (still typing).\n")
    out.append("\nEditing and adding\n", "bold underline")
    out.append("  tab picks the span (cue, source, content); , and . move its start one word, < and > its end;\n"
               "  or click a word to select it and shift+click to extend the span to another word.\n"
               "  n (add) starts on the highlighted attribution's paragraph; pageup/pagedown change paragraph.\n")
    out.append("\nArabic display\n", "bold underline")
    out.append("  terminal: text goes to the terminal in logical order; right for VTE-based terminals and Konsole.\n"
               "  reorder: the app reorders every wrapped line (xterm, kitty, alacritty, WezTerm, Windows Terminal).\n"
               "  Set the default with tui.rtl in config.toml or ATTRIBUTION_TUI__RTL; remap keys with tui.keymap.\n")
    out.append("\nDecisions\n", "bold underline")
    out.append("  Every decision is an append-only review event saved at once; status is derived from the events,\n"
               "  and decisions are re-applied after a re-extraction. Undo cancels this session's last decision.\n")
    return out


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="help-close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; height: 90%; border: thick $accent; background: $surface;
                                  padding: 0 1; }
    """

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield RtlText(help_text(self.under), mode=self.app.rtl, id="help-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
