"""The cue lexicon and the word lists, loaded from the data files once.

``cues.json`` holds every reporting verb and according-to word with its
surface forms; ``lexicon.json`` holds the word lists (roles, honorifics,
type heads, time words...). Both are data a linguist edits; this module only
indexes them by folded form so lookups are one dict access per token.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..arabic import fold_word, strip_article


@dataclass(frozen=True, slots=True)
class CueEntry:
    lemma: str
    type: str  # verb | according_to | according_to_verb
    stance: str
    complements: tuple[str, ...]
    mark: bool
    words: tuple[str, ...] = ()  # multiword phrases: folded words after the first


@dataclass(frozen=True, slots=True)
class CueMatch:
    entry: CueEntry
    features: str  # e.g. past.f.sg, participle.m.sg, particle
    proclitic: str  # "" or the stripped و/ف

    @property
    def tense(self) -> str:
        return self.features.split(".")[0]

    @property
    def gender(self) -> str:
        parts = self.features.split(".")
        return parts[1] if len(parts) > 1 else ""

    @property
    def number(self) -> str:
        parts = self.features.split(".")
        return parts[2] if len(parts) > 2 else ""

    @property
    def is_participle(self) -> bool:
        return self.tense == "participle"


def _data_path(name: str) -> Path:
    return Path(str(resources.files("attribution") / "data" / name))


class Lexicon:
    """Folded-form indexes over the two data files."""

    def __init__(self, cues_path: Path | None = None, words_path: Path | None = None) -> None:
        cues = json.loads((cues_path or _data_path("cues.json")).read_text(encoding="utf-8"))
        words = json.loads((words_path or _data_path("lexicon.json")).read_text(encoding="utf-8"))
        self.forms: dict[str, tuple[CueEntry, str]] = {}
        self.phrases: dict[str, list[CueEntry]] = {}
        self.proclitics: set[str] = set()
        for e in cues["entries"]:
            entry = CueEntry(lemma=e["lemma"], type=e["type"], stance=e.get("stance", "neutral"),
                             complements=tuple(e.get("complements", ())), mark=e.get("mark", True),
                             words=tuple(fold_word(w) for w in e.get("words", ())[1:]))
            self.proclitics.update(e.get("proclitics", ()))
            for form, feats in e.get("forms", {}).items():
                self.forms.setdefault(fold_word(form), (entry, feats))
            if e.get("words"):
                self.phrases.setdefault(fold_word(e["words"][0]), []).append(entry)
        self.lists: dict[str, frozenset[str]] = {}
        for key, val in words.items():
            if isinstance(val, list):
                self.lists[key] = frozenset(fold_word(w) for w in val if " " not in w)
                multi = [tuple(fold_word(x) for x in w.split()) for w in val if " " in w]
                self.lists[key + "_multi"] = frozenset(multi)
        self.type_heads: dict[str, str] = {}
        self.type_multi: dict[tuple[str, ...], str] = {}
        for typ, heads in words["type_heads"].items():
            for h in heads:
                parts = tuple(fold_word(x) for x in h.split())
                if len(parts) == 1:
                    self.type_heads.setdefault(parts[0], typ)
                    self.type_heads.setdefault(strip_article(parts[0]), typ)
                else:
                    self.type_multi.setdefault(parts, typ)
        self.modifier_types: dict[str, str] = {}
        for typ, mods in words["modifier_types"].items():
            for m in mods:
                self.modifier_types.setdefault(fold_word(m), typ)
        self.cue_stems = frozenset(self.forms) | frozenset(self.phrases)
        #: role heads without the article (وزير for الوزير), for matching a mention's head either way
        self.role_stems = frozenset(strip_article(r) for r in self.lists["role_heads"])
        #: first words of multiword outlet names (فرانس برس، وول ستريت جورنال) for addressee detection
        self.media_first_words = frozenset(k[0] for k, t in self.type_multi.items() if t == "media")

    def in_list(self, name: str, folded: str) -> bool:
        return folded in self.lists[name]

    def match(self, folded: str) -> CueMatch | None:
        """The cue a folded token spells, trying it bare and without one proclitic."""
        hit = self.forms.get(folded)
        if hit:
            return CueMatch(hit[0], hit[1], "")
        if len(folded) > 3 and folded[0] in self.proclitics:
            hit = self.forms.get(folded[1:])
            if hit:
                return CueMatch(hit[0], hit[1], folded[0])
        return None

    def phrase_entries(self, folded: str) -> list[tuple[CueEntry, str]]:
        """Multiword cues starting with this folded token (with or without a proclitic)."""
        out = [(e, "") for e in self.phrases.get(folded, ())]
        if len(folded) > 2 and folded[0] in self.proclitics:
            out += [(e, folded[0]) for e in self.phrases.get(folded[1:], ())]
        return out

    def could_be_cue(self, folded: str) -> bool:
        """Cheap prefilter test: could this token start an attribution?"""
        return folded in self.cue_stems or (len(folded) > 2 and folded[0] in self.proclitics
                                            and folded[1:] in self.cue_stems)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon()
