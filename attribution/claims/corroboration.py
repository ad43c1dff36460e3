"""Who backs a claim, how independently, and a grade a reviewer reads at a glance.

* **Original sources, relays counted once.** Each backing attribution is
  credited to its source as resolved (for ``نقلت وكالة رويترز عن المرصد``
  that is المرصد, with رويترز in ``via``). The outlets that carry or relay a
  claim (the documents' outlets and every ``via``) are recorded but never
  counted as sources; and a media source that relays another backing
  attribution of the same claim (its name is that attribution's ``via``)
  is treated as a relay, not as a second source.
* **Unnamed groups count once.** A description group (``مصادر محلية`` across
  articles, see :mod:`attribution.resolve.registry`) may be the same people
  in every article, so it adds one source to a claim however many articles
  use it. Two *different* descriptions (``مصادر محلية``, ``مصدر عسكري``) count
  as two.
* **Sides.** An organisation and the people who speak for it are one side: a
  person's side is their affiliation (matched to the registry when it is
  there), a body's side is itself.

The grade, from weakest to strongest (:data:`GRADES`):

1. ``single anonymous source`` — one unnamed source (or one description group);
2. ``single named source`` — one named source;
3. ``several anonymous sources`` — two or more independent sources, none named;
4. ``several sources, one side`` — two or more sources, and every named one
   speaks for the same side (a ministry and its spokesman; a named official
   plus unnamed "local sources");
5. ``independent confirmation`` — named sources on at least two sides.

Conflicts are not folded into the grade: a claim lists them in
``conflicts_with`` and a reader sees both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..models import Attribution, Source
from ..resolve.bodies import Bodies

GRADES = ("single anonymous source", "single named source", "several anonymous sources",
          "several sources, one side", "independent confirmation")


@dataclass(frozen=True)
class Corroboration:
    source_ids: list[str]  # the independent original sources, registry ids
    named: int
    anonymous: int
    sides: int
    relays: list[str]  # outlets named in via, and media sources that only relay here
    grade: str
    level: int


def grade(named: int, anonymous: int, named_sides: int = 0) -> str:
    """The grade from counts of independent named/anonymous sources and of distinct sides among
    the named ones (default: each named source its own side)."""
    named_sides = named_sides or named
    if named + anonymous <= 1:
        return GRADES[1] if named else GRADES[0]
    if named == 0:
        return GRADES[2]
    if named_sides >= 2:
        return GRADES[4]
    return GRADES[3]


def grade_level(g: str) -> int:
    """1 (single anonymous source) .. 5 (independent confirmation); 0 for an unknown grade."""
    return GRADES.index(g) + 1 if g in GRADES else 0


class SourceIndex:
    """Registry lookups corroboration needs: a source by id, by a matching key, by a name."""

    def __init__(self, sources: Iterable[Source], bodies: Bodies) -> None:
        self.by_id = {s.id: s for s in sources}
        self.by_key = {k: s.id for s in self.by_id.values() for k in s.keys}
        self.bodies = bodies

    def body_id(self, name: str | None) -> str | None:
        """The registry id of a body named ``name`` (an affiliation, a via outlet), if registered."""
        if not name:
            return None
        toks = self.bodies.tokens(name)
        known = self.bodies.lookup(toks)
        if known is not None:
            toks = self.bodies.tokens(known.name)
        sid = self.by_key.get("body:" + " ".join(toks))
        if sid is None:
            rest = self.bodies.strip_media_head(toks)
            sid = self.by_key.get("body:" + " ".join(rest)) if rest else None
        return sid

    def side(self, source: Source) -> str:
        if source.type == "person" and source.affiliations:
            aff = source.affiliations[0]
            return self.body_id(aff) or "aff:" + " ".join(self.bodies.tokens(aff))
        return source.id


def corroborate(atts: list[Attribution], owner: dict[str, str], index: SourceIndex) -> Corroboration:
    """Independent sources, named/anonymous counts, sides and grade of one claim's backing."""
    via_names = sorted({a.via for a in atts if a.via})
    via_ids = {index.body_id(v) for v in via_names} - {None}
    relays = list(via_names)
    independent: list[str] = []
    for a in atts:
        sid = owner.get(a.id)
        src = index.by_id.get(sid) if sid else None
        if src is None or sid in independent:
            continue
        if sid in via_ids and src.type == "media" and any(owner.get(b.id) != sid for b in atts):
            if src.name not in relays:
                relays.append(src.name)
            continue
        independent.append(sid)
    srcs = [index.by_id[s] for s in independent]
    named = [s for s in srcs if not s.anonymous and not s.group]
    anonymous = len(srcs) - len(named)
    named_sides = len({index.side(s) for s in named})
    sides = len({index.side(s) for s in srcs})
    g = grade(len(named), anonymous, named_sides)
    return Corroboration(source_ids=independent, named=len(named), anonymous=anonymous, sides=sides,
                         relays=relays, grade=g, level=grade_level(g))
