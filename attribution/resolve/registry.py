"""Across documents: one registry of sources, with aliases, counts and manual fixes.

How attributions become registry entries, in order:

1. **Matching key per mention** (:func:`mention_key`). The source name is
   folded (diacritics, tatweel, alef/yaa/taa-marbuta forms, quotes and
   punctuation, the article ال on every word, the spellings of
   ``data/bodies.json``). Named persons get ``person:<words>`` without
   honorifics (الشيخ، الدكتور...), named bodies ``body:<words>``, with known
   variants mapped to one key (الأمم المتحدة = الامم المتحدة = UN; وكالة
   رويترز = رويترز). A person is never keyed or merged with the body they
   speak for: the affiliation stays a field of the person.
2. **Alias rules across documents** (:func:`_auto_merges`): a surname alone
   (``الجابر``) joins the only full name in the registry that ends with it
   (``صهيب الجابر``) — not when several full names share it, not for common
   first names and not for tribal/nisba surnames (``القحطاني``، ``الشمري``),
   which name many different people; a shorter form of a name joins the only
   longer one with the same first and last words (``عبدالله السلمي`` →
   ``عبدالله بن عويقل السلمي``); an outlet named with its generic head joins
   the bare name (``صحيفة الحياة`` → ``الحياة``).
3. **Manual decisions** (``attribution sources merge/split``), replayed from
   the review log in time order after the automatic rules, so they survive
   re-extraction and re-running the rules; an ``undo`` event cancels one, and
   a ``split_source`` naming neither keys nor attributions undoes the earlier
   merges of its target (the review UI's "undo merge").

A one-word name that many people share — a first name without the article
(``عبدالعزيز``) or a tribal/family nisba (``القحطاني``، ``التركي``) — is kept
apart per document: one registry entry per article, never merged across
articles by spelling alone (the reviewer merges them when they know better).

Unnamed sources. ``مصادر محلية`` in one article and ``مصادر محلية`` in another
are not known to be the same people, and folding every unnamed source into
one "مصادر" would hide how much coverage rests on whom. A fact-checker needs
both views, so unnamed and unresolved mentions (anonymous ones, and a lone
generic head such as ``المصدر``، ``الوزارة``، ``البيان`` that the document
did not resolve) become *description groups*: one entry per (folded phrase,
source type) across the corpus, flagged ``group=True`` and ``anonymous``
where they are, with per-document counts in ``doc_counts``. A group is a
label, not a speaker: claims count a group once (see :mod:`attribution.claims`),
and a reviewer who knows who ``المصدر`` is edits that attribution's source.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from ..arabic import normalize, strip_article
from ..extract.lexicon import Lexicon, default_lexicon
from ..models import Attribution, ReviewEvent, Source
from ..review import effective_events
from .bodies import Bodies, default_bodies

UNNAMED = "(unnamed)"

#: words that only describe a source; a name made of one of them alone is a description
_SELF = {"نفسه", "نفسها", "ذاته", "ذاتها", "نفسهم", "انفسهم", "نفسهما"}
#: words of a name that are not part of the name (trailing particles the mention kept)
_TRAILING = {"عن", "في", "من", "الي", "علي", "ب", "ل", "و", "انه", "انها", "قوله", "قولها"}
#: words that never occur inside a person's name: a "name" holding one is a mis-read phrase
_NOT_IN_NAMES = {"في", "من", "علي", "الي", "عن", "حسب", "بحسب", "وفق", "ذي", "لذي", "تي", "لتي", "ذين", "كان", "كانت",
                 "قال", "قالت", "ان", "انه", "انها", "هذا", "هذه", "ذلك", "تلك", "مع", "بعد", "قبل", "عند", "وقتها",
                 "حاليا", "سابقا", "ايضا", "انباء", "وكاله", "وزاره", "لوزاره", "ما", "كل", "لا", "لم", "لن", "قد",
                 "هو", "هي", "هذا", "ولهذا", "لهذا", "بلاده", "بلادها", "حكومته", "حكومتها", "نفسه", "ذاته",
                 "ال"}
#: name particles: inside a name (عبدالله بن عويقل السلمي), never at its end
_PARTICLES = {"بن", "ابن", "ابو", "بنت"}


@dataclass(frozen=True)
class DocInfo:
    """What the registry needs of a document: when and where it was published."""

    date: str | None = None
    outlet: str | None = None


@dataclass
class Merge:
    """One automatic alias merge, for review (``benchmarks/registry_pool.py`` samples them)."""

    key: str
    into: str
    rule: str


@dataclass
class Registry:
    sources: list[Source]
    owner: dict[str, str]  # attribution id -> source id
    names: int = 0  # distinct source names as extracted (folded), before any matching
    units: int = 0  # distinct matching keys
    auto_sources: int = 0  # entries after the automatic alias rules
    merges: list[Merge] = field(default_factory=list)
    unapplied: list[str] = field(default_factory=list)  # ids of review events that found no source


# -- 1. matching keys ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Vocab:
    honorifics: frozenset[str]
    generic: frozenset[str]
    first_names: frozenset[str]


def _vocab(lex: Lexicon, bodies: Bodies) -> _Vocab:
    """Word lists the keys need: the lexicon's (read, never edited here) and bodies.json's."""
    generic = set(bodies.description_heads)
    for key in ("anonymous_heads", "role_heads"):
        generic |= {strip_article(w) for w in lex.lists.get(key, ())}
    first = set()
    for w in lex.lists.get("first_names", ()):
        first.add(strip_article(w))
        first.add("".join(_join_compounds(bodies.tokens(w))))
    return _Vocab(honorifics=frozenset(strip_article(w) for w in lex.lists.get("honorifics", ())),
                  generic=frozenset(generic), first_names=frozenset(first))


def _join_compounds(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """عبد الله → عبدالله, so both spellings of a compound first name key alike."""
    out: list[str] = []
    for t in tokens:
        if t.startswith("عبدال") and len(t) > 6:
            t = "عبد" + t[5:]
        if out and out[-1] == "عبد":
            out[-1] = out[-1] + t
        else:
            out.append(t)
    return tuple(out)


def _clean(tokens: tuple[str, ...]) -> tuple[str, ...]:
    toks = list(tokens)
    while toks and toks[-1] in _TRAILING:
        toks.pop()
    return tuple(toks)


def person_tokens(tokens: tuple[str, ...], vocab: _Vocab) -> list[str]:
    """A person's name words: compounds joined (عبد الله = عبدالله), and leading honorifics and
    titles dropped (الشيخ، الدكتور; "رئيس الوزراء التركي أحمد داود أوغلو" → أحمد داود أوغلو when a
    known first name starts the name)."""
    toks = list(_join_compounds(tokens))
    firsts = [i for i, t in enumerate(toks) if t in vocab.first_names]
    if firsts and firsts[0] > 0 and len(toks) - firsts[0] >= 2:
        toks = toks[firsts[0]:]
    while len(toks) > 1 and toks[0] in vocab.honorifics:
        toks.pop(0)
    while len(toks) > 2 and (toks[-1] in vocab.generic or toks[-1] in vocab.honorifics):
        toks.pop()  # a role the mention kept after the name: ناصر الحاسي المتحدث
    return toks


def is_description(tokens: tuple[str, ...], vocab: _Vocab) -> bool:
    """A lone generic head (المصدر، الوزارة، البيان، المتحدث): a description, not a name."""
    core = [t for t in tokens if t not in _SELF]
    return len(core) == 1 and core[0] in vocab.generic


def mention_key(a: Attribution, bodies: Bodies, vocab: _Vocab) -> tuple[str, str]:
    """(matching key, kind) of an attribution's source; kind is person | body | group."""
    tokens = _clean(bodies.tokens(a.source_name or ""))
    if not tokens:
        return f"group:{a.source_type}:{UNNAMED}", "group"
    if a.anonymous or (a.source_type != "person" and is_description(tokens, vocab)):
        phrase = " ".join(t for t in tokens if t not in _SELF)
        # ناشطون / ناشطين: one description whatever the case ending
        phrase = " ".join(t[:-2] + "ين" if t.endswith("ون") and len(t) > 4 else t for t in phrase.split())
        return f"group:{a.source_type}:{phrase}", "group"
    if a.source_type == "person":
        toks = person_tokens(tokens, vocab)
        if len(toks) == 1 and _ambiguous_single_name(a.source_name or "", toks[0], vocab):
            # a bare first name (عبدالعزيز) or tribal surname (القحطاني) names different people in
            # different articles: the key stays inside its document
            return f"person:{toks[0]}@{a.doc_id}", "person"
        return "person:" + " ".join(toks), "person"
    known = bodies.lookup(tokens)
    if known is not None:
        return "body:" + " ".join(bodies.tokens(known.name)), "body"
    return "body:" + " ".join(tokens), "body"


def key_function(bodies: Bodies | None = None, lex: Lexicon | None = None):
    """``attribution -> matching key`` with the given (default: the user's) bodies and lexicon."""
    bodies = bodies or default_bodies()
    vocab = _vocab(lex or default_lexicon(), bodies)
    return lambda a: mention_key(a, bodies, vocab)[0]


# -- 2. automatic alias rules ----------------------------------------------------------------------------

class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, into: str) -> None:
        ra, rb = self.find(a), self.find(into)
        if ra != rb:
            self.parent[ra] = rb


def _is_nisba(raw_name: str) -> bool:
    """A tribal or family nisba surname (القحطاني، الشمري، العتيبي): shared by many people."""
    words = normalize(raw_name).split()
    return len(words) == 1 and words[0].endswith(("ي", "يه")) and len(strip_article(words[0])) >= 4


def _ambiguous_single_name(raw: str, token: str, vocab: _Vocab) -> bool:
    """A one-word person name shared by many people: a first name without the article, or a nisba."""
    return (token in vocab.first_names and not normalize(raw).startswith("ال")) or _is_nisba(raw)


def _name_like(tokens: list[str], vocab: _Vocab) -> bool:
    """Whether person-typed words read as a name rather than a mis-read phrase."""
    return bool(tokens) and tokens[-1] not in _PARTICLES and all(
        t not in _NOT_IN_NAMES and t not in vocab.generic and not t.endswith(("ها", "هم")) for t in tokens)


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def _auto_merges(units: dict[str, list[Attribution]], kinds: dict[str, str], bodies: Bodies,
                 vocab: _Vocab) -> list[Merge]:
    merges: list[Merge] = []
    persons = {k: k.split(":", 1)[1].split() for k in units if kinds[k] == "person"}
    by_last: dict[str, list[str]] = defaultdict(list)
    by_first_last: dict[tuple[str, str], list[str]] = defaultdict(list)
    persons = {k: toks for k, toks in persons.items() if _name_like(toks, vocab)}
    for k, toks in persons.items():
        if len(toks) >= 2:
            by_last[toks[-1]].append(k)
            by_first_last[(toks[0], toks[-1])].append(k)
    for k, toks in persons.items():
        if len(toks) == 1:
            surname = toks[0]
            if len(surname) < 3:
                continue
            raw = Counter(a.source_name for a in units[k]).most_common(1)[0][0] or ""
            cands = by_last.get(surname, [])
            # جابر alone may be a first name; الجابر, with the article, is a family name
            first_name = surname in vocab.first_names and not normalize(raw).startswith("ال")
            if len(cands) == 1 and not first_name and not _is_nisba(raw):
                merges.append(Merge(k, cands[0], "surname"))
        else:
            longer = [c for c in by_first_last.get((toks[0], toks[-1]), [])
                      if len(persons[c]) > len(toks) and _subsequence(toks, persons[c])]
            if len(longer) == 1:
                merges.append(Merge(k, longer[0], "shorter form"))
    for k in units:
        if kinds[k] != "body":
            continue
        rest = bodies.strip_media_head(tuple(k.split(":", 1)[1].split()))
        if rest and len("".join(rest)) >= 3 and "body:" + " ".join(rest) in units:
            merges.append(Merge(k, "body:" + " ".join(rest), "outlet head"))
    return merges


# -- 3. building the registry ------------------------------------------------------------------------------

@dataclass
class _Cluster:
    units: list[str]
    canonical: str
    merged: list[str] = field(default_factory=list)


def _best_unit(keys: Iterable[str], units: dict[str, list[Attribution]]) -> str:
    def rank(k: str):
        words = len(k.split(":", 1)[1].split()) if k.startswith("person:") else 0
        return (-words, -len(units[k]), k)

    return min(keys, key=rank)


def _display_name(atts: list[Attribution], kind: str) -> str:
    names = Counter(a.source_name for a in atts if a.source_name)
    if not names:
        return UNNAMED
    return max(names, key=lambda n: (names[n], len(n), n))


def build_registry(attributions: Iterable[Attribution], events: Iterable[ReviewEvent] = (),
                   docs: dict[str, DocInfo] | None = None, bodies: Bodies | None = None,
                   lex: Lexicon | None = None) -> Registry:
    """The source registry of reviewed attributions (rejected ones excluded)."""
    bodies = bodies or default_bodies()
    vocab = _vocab(lex or default_lexicon(), bodies)
    docs = docs or {}
    atts = [a for a in attributions if a.status != "rejected"]
    units: dict[str, list[Attribution]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for a in atts:
        key, kind = mention_key(a, bodies, vocab)
        units[key].append(a)
        kinds[key] = kind
    names = len({(kinds[mention_key(a, bodies, vocab)[0]] == "person", normalize(a.source_name or ""))
                 for a in atts})

    uf = _UnionFind()
    for k in units:
        uf.find(k)
    merges = _auto_merges(units, kinds, bodies, vocab)
    for m in merges:
        uf.union(m.key, m.into)
    groups: dict[str, list[str]] = defaultdict(list)
    for k in units:
        groups[uf.find(k)].append(k)
    clusters: dict[str, _Cluster] = {}
    for members in sorted(groups.values(), key=lambda m: (-sum(len(units[k]) for k in m), min(m))):
        canon = _best_unit(members, units)
        clusters[_source_id(canon, units, kinds, clusters)] = _Cluster(units=sorted(members), canonical=canon)
    auto_sources = len(clusters)

    unapplied = _apply_manual(clusters, units, kinds, events)

    sources: list[Source] = []
    owner: dict[str, str] = {}
    for sid, cl in clusters.items():
        members = [a for k in cl.units for a in units[k]]
        if not members:
            continue
        kind = kinds.get(cl.canonical, "body")
        canon_atts = units[cl.canonical] or members
        name = _display_name(canon_atts, kind)
        # every spelling the mentions used, as written (الجابر، مدير شبكة "فرات بوست" (صهيب الجابر))
        all_names = {a.source_name for a in members if a.source_name} | {
            a.source.text.strip('"«»“” ') for a in members if a.source is not None and a.source.text.strip('"«»“” ')}
        types = Counter(a.source_type for a in members)
        dates = sorted(d for d in (docs.get(a.doc_id, DocInfo()).date for a in members) if d)
        doc_counts = Counter(a.doc_id for a in members)
        outlets = Counter(docs.get(a.doc_id, DocInfo()).outlet or "" for a in members)
        group = kind == "group" and all(kinds.get(k) == "group" for k in cl.units)
        sources.append(Source(
            id=sid, name=name, type=max(types, key=lambda t: (types[t], t)),
            anonymous=(sum(a.anonymous for a in members) * 2 > len(members)) if not group else
            any(a.anonymous for a in members) or name == UNNAMED,
            aliases=sorted(all_names - {name}),
            roles=sorted({a.role for a in members if a.role}),
            affiliations=sorted({a.affiliation for a in members if a.affiliation}),
            attribution_ids=[a.id for a in sorted(members, key=lambda x: (x.doc_id, x.cue.start))],
            doc_ids=sorted(doc_counts), first_seen=dates[0] if dates else None,
            last_seen=dates[-1] if dates else None, group=group, keys=list(cl.units),
            doc_counts=dict(sorted(doc_counts.items())), outlets=dict(sorted(outlets.items())),
            merged=sorted(cl.merged)))
        for a in members:
            owner[a.id] = sid
    sources.sort(key=lambda s: (-len(s.attribution_ids), s.name, s.id))
    return Registry(sources=sources, owner=owner, names=names, units=len(units), auto_sources=auto_sources,
                    merges=merges, unapplied=unapplied)


def _source_id(canon: str, units: dict[str, list[Attribution]], kinds: dict[str, str], taken) -> str:
    """A source's id: the hash of its kind and folded display name, as the first registry had it,
    so ids (and review events naming them) stay put across registry versions; the canonical
    matching key breaks the rare tie (one phrase as two description groups of different types)."""
    names = [a.source_name for a in units[canon] if a.source_name]
    name = normalize(_display_name(units[canon], kinds.get(canon, "body"))) if names else UNNAMED
    sid = Source.make_id(f"{'person' if kinds.get(canon) == 'person' else 'body'}:{name}")
    return Source.make_id(canon) if sid in taken else sid


def _find_cluster(clusters: dict[str, _Cluster], units: dict[str, list[Attribution]], source_id: str | None,
                  keys: Iterable[str] = (), name: str | None = None) -> str | None:
    """The current cluster for an event's source: by id, else by the matching keys it held, else by
    its name (when a new extractor spells the mentions differently, the keys change, the name stays)."""
    if source_id in clusters:
        return source_id
    keys = list(keys)
    for k in keys[:1]:  # its canonical key first, then any of its keys
        for cid, cl in clusters.items():
            if cl.canonical == k:
                return cid
    for cid, cl in clusters.items():
        if any(k in cl.units for k in keys):
            return cid
    if name:
        want = normalize(name)
        hits = [cid for cid, cl in clusters.items()
                if any(normalize(a.source_name or "") == want for k in cl.units for a in units[k])]
        if len(hits) == 1:
            return hits[0]
    return None


def _apply_manual(clusters: dict[str, _Cluster], units: dict[str, list[Attribution]], kinds: dict[str, str],
                  events: Iterable[ReviewEvent]) -> list[str]:
    unapplied = []
    manual = [e for e in effective_events(events) if e.action in ("merge_sources", "split_source")]
    # a split naming neither keys nor attributions undoes the earlier merges of its target (the review
    # UI's "undo merge"): those merges are not replayed, and the split itself has nothing left to do
    cancelled: set[str] = set()
    for i, ev in enumerate(manual):
        if ev.action == "split_source" and not (ev.after or {}).get("keys") and not (ev.after or {}).get("attributions"):
            cancelled |= {m.id for m in manual[:i] if m.action == "merge_sources" and m.target == ev.target}
            cancelled.add(ev.id)
    for ev in (e for e in manual if e.id not in cancelled):
        anchor = ev.anchor or {}
        after = ev.after or {}
        src = _find_cluster(clusters, units, ev.target, anchor.get("keys", ()), anchor.get("name"))
        if src is None:
            unapplied.append(ev.id)
            continue
        if ev.action == "merge_sources":
            dst = _find_cluster(clusters, units, after.get("into"), anchor.get("into_keys", ()),
                                anchor.get("into_name"))
            if dst is None:
                unapplied.append(ev.id)
                continue
            if dst == src:
                continue
            gone = clusters.pop(src)
            clusters[dst].units = sorted(set(clusters[dst].units) | set(gone.units))
            clusters[dst].merged = sorted(set(clusters[dst].merged) | {src} | set(gone.merged))
            continue
        # split_source: keys (aliases) or single attributions leave the source
        cl = clusters[src]
        moving = [k for k in after.get("keys", ()) if k in cl.units]
        if after.get("attributions"):
            wanted = set(after["attributions"])
            anchors = {(x.get("doc_id"), x.get("cue_start"), x.get("cue_text")) for x in after.get("anchors", ())}
            picked = []
            for k in cl.units:
                keep = []
                for a in units[k]:
                    if a.id in wanted or (a.doc_id, a.cue.start, a.cue.text) in anchors:
                        picked.append(a)
                    else:
                        keep.append(a)
                units[k] = keep
            if picked:
                new_key = f"split:{ev.id}"
                units[new_key] = picked
                kinds[new_key] = "group" if all(a.anonymous for a in picked) else (
                    "person" if picked[0].source_type == "person" else "body")
                moving.append(new_key)
                cl.units.append(new_key)
        if not moving or len(moving) == len(cl.units):
            if not moving:
                unapplied.append(ev.id)
            continue
        cl.units = [k for k in cl.units if k not in moving]
        if cl.canonical in moving:
            cl.canonical = _best_unit(cl.units, units)
        canon = _best_unit(moving, units)
        clusters[_source_id(canon, units, kinds, clusters)] = _Cluster(units=sorted(moving), canonical=canon)
    return unapplied


def build_sources(attributions: Iterable[Attribution], events: Iterable[ReviewEvent] = (),
                  dates: dict[str, str | None] | None = None) -> tuple[list[Source], dict[str, str]]:
    """The registry and the source id of every attribution (rejected ones excluded).

    Kept for callers of the first version; :func:`build_registry` gives the statistics too.
    """
    reg = build_registry(attributions, events, {k: DocInfo(date=v) for k, v in (dates or {}).items()})
    return reg.sources, reg.owner
