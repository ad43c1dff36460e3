"""The queue filter: one line of ``field:value`` terms and free text.

``status:unreviewed type:person source:الجابر outlet:"تلفزيون سوريا" قصف``
keeps attributions that match every term. Field values match by prefix for
closed vocabularies (status, type, kind) and as substrings of the normalised
text otherwise (source name or id, document id, outlet, claim id); free
words (two characters or more) match the normalised source name, cue,
content and document title.
Normalisation is :func:`attribution.arabic.normalize`, so ``أعلنت`` finds
``اعلنت`` and diacritics never get in the way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from attribution.arabic import normalize
from attribution.models import KINDS, SOURCE_TYPES, STATUSES

#: field name -> what it matches (shown in the help screen)
FIELDS: dict[str, str] = {
    "status": "review status: " + ", ".join(STATUSES),
    "type": "source type: " + ", ".join(SOURCE_TYPES),
    "kind": "attribution kind: " + ", ".join(KINDS),
    "source": "source name (any alias) or source id",
    "doc": "document id (prefix)",
    "outlet": "outlet name",
    "claim": "claim id",
}
#: free words shorter than this match nearly everything: treated as still being typed
MIN_WORD = 2
_ALIASES = {"st": "status", "s": "status", "t": "type", "src": "source", "d": "doc", "document": "doc",
            "o": "outlet", "c": "claim", "k": "kind"}
_CLOSED = {"status": STATUSES, "type": SOURCE_TYPES, "kind": KINDS}
_SOURCE_ID = re.compile(r"s-[0-9a-f]{6,}")
_TOKEN = re.compile(r'(?P<field>[A-Za-z]+):(?:"(?P<qv>[^"]*)"?|(?P<v>\S*))|"(?P<qt>[^"]*)"?|(?P<t>\S+)')


@dataclass(frozen=True)
class Query:
    """A parsed filter. Closed-vocabulary fields hold the full values they allow."""

    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.fields and not self.words

    def describe(self) -> str:
        parts = [f"{k}:{'|'.join(v)}" for k, v in self.fields.items()]
        parts += [f'"{w}"' for w in self.words]
        return " ".join(parts) or "everything"


def parse_query(text: str) -> Query:
    """Parse a filter line; unknown fields and impossible values are reported, not raised."""
    fields: dict[str, tuple[str, ...]] = {}
    words: list[str] = []
    problems: list[str] = []
    for m in _TOKEN.finditer(text):
        if m.group("field") is not None:
            name = m.group("field").lower()
            name = _ALIASES.get(name, name)
            value = m.group("qv") if m.group("qv") is not None else m.group("v")
            if name not in FIELDS:
                problems.append(f"unknown filter {name!r} (use {', '.join(FIELDS)})")
                continue
            if not value:
                continue  # still typing
            if name in _CLOSED:
                allowed = tuple(v for v in _CLOSED[name] if v.startswith(value.lower()))
                if not allowed:
                    problems.append(f"no {name} starts with {value!r}")
                fields[name] = allowed
            else:
                raw = name in ("doc", "claim") or (name == "source" and _SOURCE_ID.fullmatch(value))
                fields[name] = (value if raw else normalize(value) or value,)
        else:
            w = m.group("qt") if m.group("qt") is not None else m.group("t")
            w = normalize(w)
            if len(w) >= MIN_WORD:
                words.append(w)
    return Query(fields=fields, words=tuple(words), problems=tuple(problems))
