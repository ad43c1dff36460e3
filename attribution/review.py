"""Human review: append-only events in, derived state out.

Nothing here mutates stored machine output. ``apply_reviews`` replays the
event log over the current attributions: statuses come from the last
accept/reject/edit per attribution (``undo`` cancels the event it names),
edits overlay their ``after`` fields, ``add`` events bring in attributions
the machine missed. Events are keyed by attribution id and carry the
attribution's anchor (document, cue position and text), so a decision still
finds its attribution after re-extraction changed the id.
"""
from __future__ import annotations

import getpass
from typing import Iterable

from .models import Attribution, ReviewEvent

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


def _find(att_by_id: dict[str, Attribution], by_anchor: dict[tuple, str], ev: ReviewEvent) -> str | None:
    if ev.target in att_by_id:
        return ev.target
    if ev.anchor:
        key = (ev.anchor.get("doc_id"), ev.anchor.get("cue_text"), ev.anchor.get("cue_start"))
        if key in by_anchor:
            return by_anchor[key]
        # the document moved on (a new version): match the cue text and the start of the content
        for (doc_id, cue_text, _), aid in by_anchor.items():
            a = att_by_id[aid]
            if doc_id == ev.anchor.get("doc_id") and cue_text == ev.anchor.get("cue_text") and \
                    a.content.text[:80] == ev.anchor.get("content_text"):
                return aid
    return None


def apply_reviews(attributions: Iterable[Attribution], events: Iterable[ReviewEvent]) -> list[Attribution]:
    """The reviewed view of ``attributions``: statuses, edits and human additions applied."""
    atts = {a.id: a for a in attributions}
    by_anchor = {(a.doc_id, a.cue.text, a.cue.start): a.id for a in atts.values()}
    for ev in effective_events(events):
        if ev.action in ("merge_sources", "split_source"):
            continue
        if ev.action == "add" and ev.after:
            try:
                a = Attribution.model_validate({**ev.after, "origin": "human", "status": "accepted"})
            except ValueError:
                continue
            atts[a.id] = a
            by_anchor[(a.doc_id, a.cue.text, a.cue.start)] = a.id
            continue
        aid = _find(atts, by_anchor, ev)
        if aid is None:
            continue
        a = atts[aid]
        update = {"status": _STATUS.get(ev.action, a.status)}
        if ev.action == "edit" and ev.after:
            update.update({k: v for k, v in ev.after.items() if k in Attribution.model_fields and k != "id"})
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
    return ReviewEvent(actor=actor or reviewer_name(), action=action, target=attribution.id,
                       anchor=attribution.anchor, before=_jsonable(before) or None,
                       after=_jsonable(after) if after else None, suggestion=suggestion, note=note)


def _jsonable(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        out[k] = v.model_dump() if hasattr(v, "model_dump") else v
    return out
