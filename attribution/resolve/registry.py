"""Across documents: one registry entry per source, with its aliases and counts.

Sources are keyed by their normalised canonical name and kind (a person is
never merged with the body they speak for). Manual merges from review events
(``merge_sources``: ``after = {"into": SOURCE_ID}``) are applied last, so they
survive re-extraction.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..arabic import normalize
from ..models import Attribution, ReviewEvent, Source

UNNAMED = "(unnamed)"


def source_key(a: Attribution) -> str:
    name = normalize(a.source_name or "") or UNNAMED
    kind = "person" if a.source_type == "person" else "body"
    return f"{kind}:{name}"


def build_sources(attributions: Iterable[Attribution], events: Iterable[ReviewEvent] = (),
                  dates: dict[str, str | None] | None = None) -> tuple[list[Source], dict[str, str]]:
    """The registry and the source id of every attribution (rejected ones excluded)."""
    groups: dict[str, list[Attribution]] = defaultdict(list)
    for a in attributions:
        if a.status == "rejected":
            continue
        groups[source_key(a)].append(a)
    merged: dict[str, str] = {}
    for ev in events:
        if ev.action == "merge_sources" and ev.after and ev.after.get("into"):
            merged[ev.target] = ev.after["into"]
        elif ev.action == "split_source":
            merged.pop(ev.target, None)
    by_id: dict[str, list[Attribution]] = {}
    for key, atts in groups.items():
        by_id[Source.make_id(key)] = atts
    for src, dst in merged.items():
        seen = set()
        while dst in merged and dst not in seen:  # follow chains of merges
            seen.add(dst)
            dst = merged[dst]
        if src in by_id and dst in by_id and src != dst:
            by_id[dst] = by_id[dst] + by_id.pop(src)
    sources: list[Source] = []
    owner: dict[str, str] = {}
    dates = dates or {}
    for sid, atts in by_id.items():
        names: dict[str, int] = defaultdict(int)
        for a in atts:
            if a.source_name:
                names[a.source_name] += 1
            if a.source is not None:
                names[a.source.text.strip('"«»“” ')] += 0
        name = max(names, key=lambda n: (names[n], len(n))) if names else UNNAMED
        types = defaultdict(int)
        for a in atts:
            types[a.source_type] += 1
        seen_dates = sorted(d for d in (dates.get(a.doc_id) for a in atts) if d)
        sources.append(Source(
            id=sid, name=name, type=max(types, key=types.get),
            anonymous=sum(a.anonymous for a in atts) * 2 > len(atts),
            aliases=sorted(n for n in names if n != name),
            roles=sorted({a.role for a in atts if a.role}),
            affiliations=sorted({a.affiliation for a in atts if a.affiliation}),
            attribution_ids=[a.id for a in atts],
            doc_ids=sorted({a.doc_id for a in atts}),
            first_seen=seen_dates[0] if seen_dates else None,
            last_seen=seen_dates[-1] if seen_dates else None))
        for a in atts:
            owner[a.id] = sid
    sources.sort(key=lambda s: (-len(s.attribution_ids), s.name))
    return sources, owner
