"""Human review: append-only events in, derived state out.

Nothing here mutates stored machine output. ``apply_reviews`` replays the
event log over the current attributions: statuses come from the last
accept/reject/edit per attribution (``undo`` cancels the event it names),
edits overlay their ``after`` fields, ``add`` events bring in attributions
the machine missed. Events are keyed by attribution id and carry the
attribution's anchor (document, document version, cue position and text, start
of the content), so a decision still finds its attribution after
re-extraction changed the id, and after a new version of the document moved
it: a decision carries over to an attribution whose cue and content text are
unchanged, never to one whose words changed.
"""
from __future__ import annotations

import getpass
from typing import Callable, Iterable

from .models import Attribution, Document, ReviewEvent

_STATUS = {"accept": "accepted", "reject": "rejected", "edit": "edited", "add": "accepted", "reset": "unreviewed"}


def reviewer_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database in some containers
        return "reviewer"


def effective_events(events: Iterable[ReviewEvent]) -> list[ReviewEvent]:
    """Events in time order with undone ones removed (undo targets an event id)."""
    evs = sorted(events, key=lambda e: (e.at, e.id))
    undone = {e.target for e in evs if e.action == "undo"}
    return [e for e in evs if e.action != "undo" and e.id not in undone]


#: attribution fields that hold spans, which an event may carry from an older text of the document
_SPAN_FIELDS = ("cue", "source", "content")

DocumentLookup = Callable[[str], "Document | None"]


def _same_text(a: Attribution, anchor: dict) -> bool:
    """Whether ``a`` still says what the reviewer saw: same document version, or (across versions, or for
    an anchor that does not record its version) the same start of the content."""
    version = anchor.get("doc_version")
    if version is not None and a.doc_version and version == a.doc_version:
        return True
    content = anchor.get("content_text")
    if version is None and content is None:
        return True
    return content is not None and a.content.text[:80] == content


def _find(att_by_id: dict[str, Attribution], by_cue: dict[tuple, list[str]], ev: ReviewEvent) -> str | None:
    anchor = ev.anchor or {}
    if ev.target in att_by_id and (not anchor or _same_text(att_by_id[ev.target], anchor)):
        return ev.target
    if not anchor:
        return None
    candidates = by_cue.get((anchor.get("doc_id"), anchor.get("cue_text")), [])
    at = anchor.get("cue_start")
    for aid in candidates:  # same place: a re-extraction changed the id (other content boundaries, say)
        a = att_by_id[aid]
        if a.cue.start == at and (anchor.get("doc_version") is None or _same_text(a, anchor)):
            return aid
    # the document moved on (a new version): the same cue and content text, nearest to where it was
    moved = [aid for aid in candidates if att_by_id[aid].content.text[:80] == anchor.get("content_text")]
    if moved:
        return min(moved, key=lambda aid: abs(att_by_id[aid].cue.start - (at or 0)))
    return None


def _relocate(span: dict, text: str, near: int) -> dict | None:
    """``span`` moved into ``text``: where its text now stands nearest to ``near``; None when it is gone."""
    want = span.get("text") or ""
    if not want:
        return None
    if text[near:near + len(want)] == want:
        return {**span, "start": near, "end": near + len(want)}
    best, pos = None, text.find(want)
    while pos >= 0:
        if best is None or abs(pos - near) < abs(best - near):
            best = pos
        pos = text.find(want, pos + 1)
    return None if best is None else {**span, "start": best, "end": best + len(want)}


def _carry_spans(fields: dict, delta: int, doc: "Document | None") -> dict | None:
    """Span fields of an event moved by ``delta`` (and checked against the current text when it is known).

    Returns None when a span's text is no longer in the document: that part of the text changed, so the
    decision does not carry over.
    """
    out = dict(fields)
    for name in _SPAN_FIELDS:  # the cue first: where it went, the source and content went too
        span = fields.get(name)
        if not isinstance(span, dict) or "start" not in span:
            continue
        moved = {**span, "start": span["start"] + delta, "end": span["end"] + delta}
        if doc is not None:
            moved = _relocate(span, doc.text, span["start"] + delta)
            if moved is None:
                return None
            if name == "cue":
                delta = moved["start"] - span["start"]
        out[name] = moved
    if doc is not None and "doc_version" in out:
        out["doc_version"] = doc.version
    return out


def apply_reviews(attributions: Iterable[Attribution], events: Iterable[ReviewEvent],
                  document: DocumentLookup | None = None) -> list[Attribution]:
    """The reviewed view of ``attributions``: statuses, edits and human additions applied.

    Args:
        document: looks up a document's current text by id. When given, spans that events carry
            (an edit's new source span, a human-added attribution) are checked against the text as it
            is now and moved with it if the document changed; a span whose text is gone drops the event.
            Without it, such spans move by as much as the attribution's cue moved.
    """
    atts = {a.id: a for a in attributions}
    by_cue: dict[tuple, list[str]] = {}
    for a in atts.values():
        by_cue.setdefault((a.doc_id, a.cue.text), []).append(a.id)
    docs: dict[str, Document | None] = {}

    def doc_of(doc_id: str) -> "Document | None":
        if document is None:
            return None
        if doc_id not in docs:
            docs[doc_id] = document(doc_id)
        return docs[doc_id]

    for ev in effective_events(events):
        if ev.action in ("merge_sources", "split_source"):
            continue
        if ev.action == "add" and ev.after:
            after = _carry_spans(ev.after, 0, doc_of(str(ev.after.get("doc_id"))))
            if after is None:
                continue
            try:
                moved = any(after.get(k) != ev.after.get(k) for k in _SPAN_FIELDS)
                a = Attribution.model_validate({**after, "origin": "human", "status": "accepted",
                                                **({"id": ""} if moved else {})})
            except ValueError:
                continue
            atts[a.id] = a
            by_cue.setdefault((a.doc_id, a.cue.text), []).append(a.id)
            continue
        aid = _find(atts, by_cue, ev)
        if aid is None:
            continue
        a = atts[aid]
        update = {"status": _STATUS.get(ev.action, a.status)}
        if ev.action == "edit" and ev.after:
            delta = a.cue.start - (ev.anchor or {}).get("cue_start", a.cue.start)
            after = _carry_spans(ev.after, delta, doc_of(a.doc_id)) if delta or document else ev.after
            if after is None:
                continue
            update.update({k: v for k, v in after.items() if k in Attribution.model_fields and k != "id"})
        try:
            atts[aid] = Attribution.model_validate({**a.model_dump(), **update, "id": a.id})
        except ValueError:
            continue
    return sorted(atts.values(), key=lambda a: (a.doc_id, a.cue.start))


def decision(action: str, attribution: Attribution, actor: str | None = None, after: dict | None = None,
             note: str | None = None) -> ReviewEvent:
    """A review event for one attribution, recording the machine's suggestion alongside."""
    before = {k: getattr(attribution, k) for k in (after or {}) if k in Attribution.model_fields}
    suggestion = attribution.record() if attribution.origin == "machine" else None
    # the document version pins the decision to the text the reviewer saw (see _same_text)
    return ReviewEvent(actor=actor or reviewer_name(), action=action, target=attribution.id,
                       anchor={**attribution.anchor, "doc_version": attribution.doc_version}, before=_jsonable(before) or None,
                       after=_jsonable(after) if after else None, suggestion=suggestion, note=note)


def _jsonable(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        out[k] = v.model_dump() if hasattr(v, "model_dump") else v
    return out
