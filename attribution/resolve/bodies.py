"""Known bodies and their variant names: the data the source registry matches with.

``data/bodies.json`` lists organisations, agencies, outlets and groups whose
names vary across articles (الأمم المتحدة = الامم المتحدة = UN, رويترز =
وكالة رويترز, داعش = تنظيم الدولة). Users extend it without touching the
package: a ``bodies.json`` beside the config file (``<config dir>/bodies.json``),
any files named in ``$ATTRIBUTION_BODIES`` (``:``-separated), or files passed
explicitly (``attribution sources rebuild --bodies FILE``). Later files add
variants to earlier entries of the same name.

This module only matches names; a mention's *type* and anonymity come from
the extractor's lexicon (``lexicon.json``).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from ..arabic import normalize, strip_article
from ..errors import ConfigError


def name_tokens(name: str, spellings: Iterable[tuple[str, str]] = ()) -> tuple[str, ...]:
    """The folded, article-less words of a name: the unit every matching key is built from."""
    s = normalize(name).lower()
    for a, b in spellings:
        s = s.replace(a, b)
    return tuple(strip_article(w) for w in s.split())


@dataclass(frozen=True)
class Body:
    name: str
    type: str
    variants: tuple[str, ...]


@dataclass
class Bodies:
    """Folded variant → canonical key, plus the words that introduce an outlet's name."""

    bodies: list[Body] = field(default_factory=list)
    spellings: list[tuple[str, str]] = field(default_factory=list)
    media_heads: list[tuple[str, ...]] = field(default_factory=list)
    #: folded, article-less common nouns that alone only describe a source (الوزارة، المصدر)
    description_heads: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)
    _index: dict[tuple[str, ...], Body] = field(default_factory=dict, repr=False)

    def tokens(self, name: str) -> tuple[str, ...]:
        return name_tokens(name, self.spellings)

    def add(self, body: Body) -> None:
        for existing in self.bodies:
            if existing.name == body.name:
                body = Body(existing.name, body.type or existing.type,
                            tuple(dict.fromkeys(existing.variants + body.variants)))
                self.bodies.remove(existing)
                break
        self.bodies.append(body)
        for v in (body.name, *body.variants):
            toks = self.tokens(v)
            if toks:
                self._index[toks] = body

    def lookup(self, tokens: tuple[str, ...]) -> Body | None:
        """The known body a folded name stands for, directly or after an outlet head (وكالة، صحيفة...)."""
        if tokens in self._index:
            return self._index[tokens]
        rest = self.strip_media_head(tokens)
        return self._index.get(rest) if rest else None

    def strip_media_head(self, tokens: tuple[str, ...]) -> tuple[str, ...] | None:
        """The outlet's own name without the generic word before it, or None."""
        for head in sorted(self.media_heads, key=len, reverse=True):
            if tokens[:len(head)] == head and len(tokens) > len(head):
                return tokens[len(head):]
        return None


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read bodies file {path}: {e.strerror or e}") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ConfigError(f"bodies file {path} is not valid UTF-8 JSON ({e})",
                          hint="see attribution/data/bodies.json for the format") from e
    if not isinstance(data, dict) or not isinstance(data.get("bodies", []), list):
        raise ConfigError(f"bodies file {path} must be an object with a 'bodies' list",
                          hint="see attribution/data/bodies.json for the format")
    return data


def load_bodies(extra: Iterable[str | os.PathLike] = (), user_files: bool = True) -> Bodies:
    """The packaged bodies, then the user's files, then ``extra`` (in that order).

    Raises:
        ConfigError: a user file is missing, unreadable or not in the bodies format.
    """
    paths: list[Path] = [Path(str(resources.files("attribution") / "data" / "bodies.json"))]
    if user_files:
        from ..settings import config_file

        beside_config = config_file().parent / "bodies.json"
        if beside_config.is_file():
            paths.append(beside_config)
        paths += [Path(p) for p in os.environ.get("ATTRIBUTION_BODIES", "").split(os.pathsep) if p]
    paths += [Path(p) for p in extra]
    out = Bodies()
    for path in paths:
        data = _read(path)
        out.sources.append(str(path))
        out.spellings += [(normalize(a), normalize(b)) for a, b in data.get("spellings", [])]
        out.media_heads += [name_tokens(h) for h in data.get("media_heads", [])]
        out.description_heads |= {w for h in data.get("description_heads", []) for w in name_tokens(h)}
        for i, b in enumerate(data.get("bodies", [])):
            try:
                out.add(Body(name=b["name"], type=b.get("type", ""), variants=tuple(b.get("variants", ()))))
            except (KeyError, TypeError) as e:
                raise ConfigError(f"bodies file {path}: entry {i + 1} needs a 'name' and a 'variants' list") from e
    # re-index so that spellings read from later files apply to earlier entries too
    bodies, out.bodies, out._index = out.bodies, [], {}
    for b in bodies:
        out.add(b)
    return out


@lru_cache(maxsize=1)
def _packaged() -> Bodies:
    return load_bodies(user_files=False)


def default_bodies() -> Bodies:
    """The packaged bodies plus the user's files (read on each call: the user may have edited them)."""
    from ..settings import config_file

    has_user = (config_file().parent / "bodies.json").is_file() or os.environ.get("ATTRIBUTION_BODIES")
    return load_bodies() if has_user else _packaged()
