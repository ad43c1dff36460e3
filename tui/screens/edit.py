"""Fix an attribution, or mark one the machine missed, by moving span boundaries word by word.

One screen for both: in edit mode it starts from the attribution's spans and
returns the changed fields (the ``after`` of an ``edit`` event); in add mode
it starts empty on a paragraph and returns a new human
:class:`~attribution.models.Attribution`. Boundaries move by tokens (a word
or one punctuation mark), so a span can take or leave a quotation mark; a
click selects a word and shift+click extends the span to another, in either
RTL mode (the display keeps a map from screen cells to text offsets). Every
span is cut from the stored text with :meth:`Span.of`, never retyped.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from attribution.arabic import strip_quotes
from attribution.models import KINDS, SOURCE_TYPES, Attribution, Document, Span

from .. import messages as m
from ..highlight import ROLES, highlighted, legend, paragraph_bounds, tokens
from ..index import ReviewIndex
from ..widgets.rtl_text import RtlText, isolate


class EditScreen(ModalScreen):
    """Returns the changed fields (edit), a new attribution (add), or None (cancelled)."""

    BINDINGS = [
        Binding("tab", "next_role", "Span", id="edit-next-span", tooltip="Edit cue → source → content"),
        Binding("comma", "move('start', -1)", "Start −1", id="edit-start-earlier",
                tooltip="Move the start of the span one word earlier in the text"),
        Binding("full_stop", "move('start', 1)", "Start +1", id="edit-start-later",
                tooltip="Move the start of the span one word later in the text"),
        Binding("less_than_sign", "move('end', -1)", "End −1", id="edit-end-earlier",
                tooltip="Move the end of the span one word earlier in the text"),
        Binding("greater_than_sign", "move('end', 1)", "End +1", id="edit-end-later",
                tooltip="Move the end of the span one word later in the text"),
        Binding("k", "cycle_kind", "Kind", id="edit-kind", tooltip="direct → indirect → mixed → according_to"),
        Binding("t", "cycle_type", "Type", id="edit-type", tooltip="Cycle the source type"),
        Binding("y", "toggle_anonymous", "Anonymous", id="edit-anonymous", tooltip="Named ↔ anonymous source"),
        Binding("N", "edit_name", "Name", id="edit-source-name", tooltip="Type the source's canonical name"),
        Binding("c", "choose_source", "Source…", id="edit-choose-source",
                tooltip="Pick a registry source for this attribution, or merge its source into another"),
        Binding("delete", "clear_span", "Clear", id="edit-clear-span",
                tooltip="Remove the selected span (only the source may be absent)"),
        Binding("pageup", "paragraph(-1)", "Prev paragraph", id="edit-prev-paragraph", show=False),
        Binding("pagedown", "paragraph(1)", "Next paragraph", id="edit-next-paragraph", show=False),
        Binding("ctrl+s", "save", "Save", id="edit-save", tooltip="Record the edit (or the addition)"),
        Binding("escape", "cancel", "Cancel", id="edit-cancel"),
    ]

    DEFAULT_CSS = """
    EditScreen { align: center middle; }
    EditScreen > Vertical { width: 95%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    EditScreen #edit-title { text-style: bold; height: 1; }
    EditScreen VerticalScroll { height: 1fr; }
    EditScreen #edit-name { display: none; }
    EditScreen #edit-name.visible { display: block; }
    """

    def __init__(self, doc: Document, attribution: Attribution | None, index: ReviewIndex,
                 at: int = 0) -> None:
        super().__init__()
        self.doc = doc
        self.original = attribution
        self.index = index
        self.adding = attribution is None
        a = attribution
        self.spans: dict[str, tuple[int, int] | None] = {
            "cue": (a.cue.start, a.cue.end) if a else None,
            "source": (a.source.start, a.source.end) if a and a.source else None,
            "content": (a.content.start, a.content.end) if a else None,
        }
        self.kind = a.kind if a else "indirect"
        self.source_type = a.source_type if a else "unknown"
        self.anonymous = a.anonymous if a else False
        self.source_name: str | None = a.source_name if a else None
        self._name_typed = False
        self.role = "cue"
        anchor = a.cue.start if a else at
        self.para = paragraph_bounds(doc.text, anchor, anchor)
        if a:
            lo = min(s[0] for s in self.spans.values() if s)
            hi = max(s[1] for s in self.spans.values() if s)
            self.para = (paragraph_bounds(doc.text, lo, lo)[0], paragraph_bounds(doc.text, hi, hi)[1])
        self._skip_blank(1)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a missed attribution" if self.adding else "Edit attribution", id="edit-title")
            with VerticalScroll():
                yield RtlText(id="edit-legend")
                yield RtlText(id="edit-paragraph")
                yield RtlText(id="edit-fields")
            yield Input(placeholder="source name (enter to apply, escape to cancel)", id="edit-name")
        yield Footer()

    def on_mount(self) -> None:
        for w in self.query(RtlText):
            w.mode = self.app.rtl
        self.redraw()

    def on_rtl_mode_changed(self, msg: m.RtlModeChanged) -> None:
        for w in self.query(RtlText):
            w.mode = msg.mode

    # -- state -------------------------------------------------------------------------------
    def _skip_blank(self, step: int) -> None:
        text = self.doc.text
        for _ in range(len(text)):
            if text[self.para[0]:self.para[1]].strip():
                return
            nxt = self.para[1] + 1 if step > 0 else self.para[0] - 2
            if nxt < 0 or nxt > len(text):
                return
            self.para = paragraph_bounds(text, nxt, nxt)

    def _tokens(self) -> list[tuple[int, int]]:
        return tokens(self.doc.text, *self.para)

    def span_text(self, role: str) -> str | None:
        sp = self.spans[role]
        return self.doc.text[sp[0]:sp[1]] if sp else None

    def redraw(self) -> None:
        self.query_one("#edit-legend", RtlText).text = legend(self.role) + Text(
            f"   editing: {self.role}", style="bold")
        self.query_one("#edit-paragraph", RtlText).text = highlighted(
            self.doc.text, self.para[0], self.para[1], self.spans, active=self.role)
        out = Text(end="")
        for role in ROLES:
            out.append(f"{'▶ ' if role == self.role else '  '}{role}: ", "bold")
            out.append(isolate(self.span_text(role) or "(none)"))
            out.append("\n")
        out.append("kind: ", "bold")
        out.append(f"{self.kind}   ")
        out.append("type: ", "bold")
        out.append(f"{self.source_type}   ")
        out.append("anonymous: ", "bold")
        out.append(f"{'yes' if self.anonymous else 'no'}\n")
        out.append("source name: ", "bold")
        out.append(isolate(self.chosen_name() or "(none)"))
        self.query_one("#edit-fields", RtlText).text = out

    def chosen_name(self) -> str | None:
        if self._name_typed or (self.source_name and not self.spans["source"]):
            return self.source_name
        src = self.span_text("source")
        if src is None:
            return self.source_name
        if self.original is not None and self.original.source and src == self.original.source.text:
            return self.source_name
        return strip_quotes(src) or None

    # -- actions ---------------------------------------------------------------------------
    def action_next_role(self) -> None:
        self.role = ROLES[(ROLES.index(self.role) + 1) % len(ROLES)]
        self.redraw()

    def action_move(self, edge: str, step: int) -> None:
        toks = self._tokens()
        if not toks:
            self.app.bell()
            return
        sp = self.spans[self.role]
        if sp is None:
            sp = self._fresh_span(toks)
            self.spans[self.role] = sp
            self.redraw()
            return
        start, end = sp
        if edge == "start":
            starts = [t[0] for t in toks]
            i = max((k for k, s in enumerate(starts) if s <= start), default=0)
            j = i + step if starts[i] == start or step > 0 else i
            if not (0 <= j < len(toks)) or starts[j] >= end:
                self.app.bell()
                return
            start = starts[j]
        else:
            ends = [t[1] for t in toks]
            i = min((k for k, e in enumerate(ends) if e >= end), default=len(ends) - 1)
            j = i + step if ends[i] == end or step < 0 else i
            if not (0 <= j < len(toks)) or ends[j] <= start:
                self.app.bell()
                return
            end = ends[j]
        self.spans[self.role] = (start, end)
        self.redraw()

    def _fresh_span(self, toks: list[tuple[int, int]]) -> tuple[int, int]:
        """A new span: the token after the span before this one in the text, else the first token."""
        after = max((s[1] for r, s in self.spans.items() if s and r != self.role), default=self.para[0])
        for t in toks:
            if t[0] >= after:
                return t
        return toks[0]

    def on_rtl_text_clicked(self, event: RtlText.Clicked) -> None:
        """Click a word: it becomes the selected span; shift+click: the span grows to it."""
        if event.rtl_text.id != "edit-paragraph":
            return
        at = self.para[0] + event.offset
        tok = next((t for t in self._tokens() if t[1] > at), None)
        if tok is None:
            return
        sp = self.spans[self.role]
        if event.shift and sp is not None:
            self.spans[self.role] = (min(sp[0], tok[0]), max(sp[1], tok[1]))
        else:
            self.spans[self.role] = tok
        self.redraw()

    def action_clear_span(self) -> None:
        self.spans[self.role] = None
        self.redraw()

    def action_cycle_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.redraw()

    def action_cycle_type(self) -> None:
        self.source_type = SOURCE_TYPES[(SOURCE_TYPES.index(self.source_type) + 1) % len(SOURCE_TYPES)]
        self.redraw()

    def action_toggle_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        self.redraw()

    def action_paragraph(self, step: int) -> None:
        if not self.adding:
            self.app.bell()
            return
        text = self.doc.text
        nxt = self.para[1] + 1 if step > 0 else self.para[0] - 2
        if nxt < 0 or nxt > len(text):
            self.app.bell()
            return
        self.para = paragraph_bounds(text, nxt, nxt)
        self._skip_blank(step)
        self.spans = {r: None for r in ROLES}
        self.redraw()

    def action_edit_name(self) -> None:
        box = self.query_one("#edit-name", Input)
        box.value = self.chosen_name() or ""
        box.add_class("visible")
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "edit-name":
            self.source_name = event.value.strip() or None
            self._name_typed = True
            event.input.remove_class("visible")
            self.redraw()

    def action_choose_source(self) -> None:
        from .source_picker import SourcePicker

        def picked(choice: tuple[str, str] | None) -> None:
            if not choice:
                return
            how, sid = choice
            src = self.index.sources.get(sid)
            if src is None:
                return
            if how == "use":
                self.source_name, self.source_type, self.anonymous = src.name, src.type, src.anonymous
                self._name_typed = True
                self.redraw()
            elif how == "merge" and self.original is not None:
                own = self.index.source_of.get(self.original.id)
                if own is None or own == sid:
                    self.notify("this attribution's source is not in the registry yet (or is that source)",
                                severity="warning")
                    return
                from attribution.models import ReviewEvent

                self.app.record(ReviewEvent(actor=self.app.reviewer, action="merge_sources", target=own,
                                            before={"name": self.index.sources[own].name},
                                            after={"into": sid, "name": src.name}))
                self.notify(f"merged {self.index.sources[own].name} into {src.name}")

        self.app.push_screen(SourcePicker(self.index, merge_allowed=self.original is not None), picked)

    def action_cancel(self) -> None:
        box = self.query_one("#edit-name", Input)
        if box.has_class("visible"):
            box.remove_class("visible")
            self.query_one(VerticalScroll).focus()
            return
        self.dismiss(None)

    def action_save(self) -> None:
        if self.spans["cue"] is None or self.spans["content"] is None:
            self.notify("a cue and a content span are needed", severity="error")
            return
        text = self.doc.text
        sp = {r: Span.of(text, *s) if s else None for r, s in self.spans.items()}
        if self.adding:
            new = Attribution(doc_id=self.doc.id, doc_version=self.doc.version, kind=self.kind, cue=sp["cue"],
                              source=sp["source"], content=sp["content"], source_name=self.chosen_name(),
                              source_type=self.source_type, anonymous=self.anonymous, confidence=1.0,
                              origin="human", status="accepted")
            self.dismiss(new)
            return
        a = self.original
        assert a is not None
        after: dict = {}
        for role in ROLES:
            old = getattr(a, role)
            if sp[role] != old:
                after[role] = sp[role]
        for field, value in (("kind", self.kind), ("source_type", self.source_type),
                             ("anonymous", self.anonymous), ("source_name", self.chosen_name())):
            if getattr(a, field) != value:
                after[field] = value
        if not after:
            self.notify("nothing changed")
        self.dismiss(after or None)
