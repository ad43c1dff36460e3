"""The detail pane: the sentence in its paragraph, the source record, the claim, the history."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from attribution.models import Attribution

from ..highlight import highlighted, legend, paragraph_bounds, sentence_bounds
from ..index import ReviewIndex
from .rtl_text import RtlText, isolate


def _line(label: str, value: str | None, out: Text) -> None:
    if not value:
        return
    out.append(f"{label}: ", "bold")
    out.append(isolate(value))
    out.append("\n")


class AttributionDetail(VerticalScroll):
    """Everything a reviewer needs to judge one attribution, in the current RTL mode."""

    DEFAULT_CSS = """
    AttributionDetail { height: 1fr; border-top: solid $primary; padding: 0 1; }
    AttributionDetail > RtlText { margin-bottom: 1; }
    AttributionDetail > #detail-legend { margin-bottom: 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.attribution_id: str | None = None

    def compose(self) -> ComposeResult:
        yield RtlText(id="detail-header")
        yield RtlText(legend(), id="detail-legend")
        yield RtlText(id="detail-paragraph")
        yield RtlText(id="detail-record")

    def set_mode(self, mode: str) -> None:
        for w in self.query(RtlText):
            w.mode = mode

    def show(self, index: ReviewIndex | None, aid: str | None) -> None:
        self.attribution_id = aid
        header = self.query_one("#detail-header", RtlText)
        para = self.query_one("#detail-paragraph", RtlText)
        record = self.query_one("#detail-record", RtlText)
        if index is None or aid is None or aid not in index.current:
            header.text = Text("nothing selected" if index and index.loaded else "loading…", style="dim")
            para.text = Text("")
            record.text = Text("")
            return
        a = index.current[aid]
        doc = index.documents.get(a.doc_id)
        head = Text(end="")
        head.append(a.doc_id, "bold")
        for part in (doc.outlet, doc.date, doc.title) if doc else ():
            if part:
                head.append(" · ")
                head.append(isolate(part))
        header.text = head
        if doc is None:
            para.text = Text(f"(document {a.doc_id} is not in the store)", style="red")
        else:
            para.text = paragraph_text(doc.text, a)
        record.text = record_text(index, a)
        self.scroll_home(animate=False)

    def lines(self) -> dict[str, list[str]]:
        """Rendered line text of each part (for tests)."""
        return {w.id or "": [w.render_line(y).text for y in range(len(w.lines()))] for w in self.query(RtlText)}


def span_pairs(a: Attribution) -> dict[str, tuple[int, int] | None]:
    return {"cue": (a.cue.start, a.cue.end), "source": (a.source.start, a.source.end) if a.source else None,
            "content": (a.content.start, a.content.end)}


def paragraph_text(text: str, a: Attribution) -> Text:
    spans = span_pairs(a)
    lo = min(s[0] for s in spans.values() if s)
    hi = max(s[1] for s in spans.values() if s)
    ps, _ = paragraph_bounds(text, lo, lo)
    _, pe = paragraph_bounds(text, hi, hi)
    return highlighted(text, ps, pe, spans, sentence=sentence_bounds(text, lo, hi))


def record_text(index: ReviewIndex, a: Attribution) -> Text:
    out = Text(end="")
    status = index.status[index.row_of[a.id]] if a.id in index.row_of else a.status
    out.append("status: ", "bold")
    out.append(status, {"accepted": "green", "rejected": "red", "edited": "yellow"}.get(status, ""))
    out.append(f"   kind: {a.kind}   origin: {a.origin}   confidence: {a.confidence:.2f}\n")
    out.append("cue: ", "bold")
    out.append(isolate(a.cue.text))
    if a.cue_lemma:
        out.append("   lemma: ", "bold")
        out.append(isolate(a.cue_lemma))
    if a.stance:
        out.append(f"   stance: {a.stance}")
    out.append("\n")
    out.append("source: ", "bold")
    out.append(isolate(a.source_name or (a.source.text if a.source else "(none)")))
    out.append(f" — {a.source_type}, {'anonymous' if a.anonymous else 'named'}\n")
    _line("role", a.role, out)
    _line("affiliation", a.affiliation, out)
    _line("addressee", a.addressee, out)
    _line("via", a.via, out)
    src = index.source_for(a.id)
    if src is not None:
        out.append("registry: ", "bold")
        out.append(isolate(src.name))
        out.append(f" ({src.type}; {len(src.attribution_ids)} attribution(s) in {len(src.doc_ids)} document(s))\n")
        if src.aliases:
            _line("aliases", "، ".join(src.aliases[:8]), out)
    elif index.registry_stale:
        out.append("registry: ", "bold")
        out.append("changed since the last rebuild (open sources or claims to rebuild)\n", "dim")
    claim = index.claim_for(a.id)
    if claim is not None:
        out.append("claim: ", "bold")
        out.append(f"{claim.grade}; {claim.independent_sources} independent source(s) "
                   f"({claim.named_sources} named, {claim.anonymous_sources} anonymous) [{claim.id}]\n")
        others = [index.sources[s].name for s in claim.source_ids if s in index.sources and
                  (src is None or s != src.id)]
        if others:
            _line("also backed by", "، ".join(others[:10]) + ("…" if len(others) > 10 else ""), out)
        if claim.conflicts_with:
            _line("conflicts with", ", ".join(claim.conflicts_with[:5]), out)
    hist = index.events_for(a.id)
    if hist:
        out.append("history: ", "bold")
        out.append("; ".join(f"{e.action} by {e.actor} {e.at:%Y-%m-%d %H:%M}Z" for e in hist[-5:]))
        out.append("\n")
    out.rstrip()
    return out
