"""Within one document: who each attribution's source is.

* A mention is read by :func:`.mentions.analyze` (name, role, type...).
* A surname or a short definite mention (``"الجابر"``, ``الوزارة``,
  ``المصدر نفسه``) takes the fullest earlier mention with the same last name
  or head noun: الجابر → صهيب الجابر, with his role and affiliation.
* A dropped source (``وأضاف أن``, ``، مشيراً إلى أن``) takes the nearest
  earlier source whose gender and number agree with the cue's form.
"""
from __future__ import annotations

from ..arabic import fold_word, normalize, strip_article
from ..extract.lexicon import Lexicon, default_lexicon
from ..models import Attribution, Document
from .mentions import Mention, analyze, words

_SAME = {"نفسه", "نفسها", "ذاته", "ذاتها", "نفسهم", "انفسهم"}


def resolve_document(doc: Document, attributions: list[Attribution], lex: Lexicon | None = None) -> list[Attribution]:
    """Fill source_name, type, anonymity, role and affiliation of every attribution of ``doc``."""
    lex = lex or default_lexicon()
    resolved: list[tuple[Attribution, Mention]] = []
    out = []
    for a in sorted(attributions, key=lambda x: x.cue.start):
        if a.source is not None:
            m = analyze(a.source.text, lex)
            m = _corefer(m, resolved, doc, lex)
        else:
            m = _antecedent(a, resolved, doc)
        if m is None:
            upd = {"source_name": None, "source_type": "unknown", "anonymous": True}
        else:
            upd = {"source_name": m.name or None, "source_type": m.type, "anonymous": m.anonymous,
                   "role": m.role, "affiliation": m.affiliation}
        b = a.model_copy(update=upd)
        if m is not None:
            resolved.append((b, m))
        out.append(b)
    return out


def _last(name: str) -> str:
    ws = [fold_word(w) for w in words(name) if w[0].isalpha()]
    return strip_article(ws[-1]) if ws else ""


def _corefer(m: Mention, seen: list[tuple[Attribution, Mention]], doc: Document, lex: Lexicon) -> Mention:
    ws = [fold_word(w) for w in words(m.text) if w[0].isalpha()]
    if not ws:
        return m
    # a surname alone: الجابر → صهيب الجابر
    if len(ws) == 1 and (m.type in ("unknown", "person")) and not (
            ws[0] in lex.lists["anonymous_heads"] or strip_article(ws[0]) in lex.type_heads):
        surname = strip_article(ws[0])
        for _, prev in reversed(seen):
            if prev.named_person and _last(prev.name) == surname and len(prev.name.split()) > 1:
                return Mention(text=m.text, name=prev.name, type="person", anonymous=False, role=prev.role,
                               affiliation=prev.affiliation, named_person=True, head=prev.head, gender=prev.gender)
        full = _full_name_in_text(doc.text, ws[0], lex)
        if full:
            return Mention(text=m.text, name=full, type="person", anonymous=False, named_person=True,
                           head=m.head, gender="m")
        if m.type == "unknown" and not ws[0].startswith("ال") or _nisba(ws[0]):
            return Mention(text=m.text, name=m.name, type="person", anonymous=False, named_person=True,
                           head=m.head, gender="m")
    # a short definite mention: الوزارة، المرصد، المصدر نفسه، المصادر نفسها
    core = [w for w in ws if w not in _SAME]
    if 1 <= len(core) <= 2 and core[0].startswith("ال") and not m.named_person:
        head = strip_article(core[0])
        for _, prev in reversed(seen):
            if prev.head == head and len(words(prev.name)) > len(core) and normalize(prev.name) != normalize(m.name):
                return Mention(text=m.text, name=prev.name, type=prev.type, anonymous=prev.anonymous,
                               role=prev.role, affiliation=prev.affiliation, named_person=prev.named_person,
                               head=prev.head, gender=prev.gender)
    return m


def _nisba(f: str) -> bool:
    return f.startswith("ال") and f.endswith("ي") and len(f) >= 6


def _full_name_in_text(text: str, surname_folded: str, lex: Lexicon) -> str | None:
    """An earlier 'First Surname' in the document text for a surname-only mention."""
    toks = words(text)
    folded = [fold_word(t) for t in toks]
    for i in range(1, len(toks)):
        if folded[i] == surname_folded and toks[i - 1][0].isalpha():
            prev = folded[i - 1]
            if prev in lex.lists["first_names"] or (prev not in lex.lists["role_heads"] and not prev.startswith("ال")
                                                   and prev not in lex.lists["honorifics"]
                                                   and strip_article(prev) not in lex.type_heads and len(prev) > 2
                                                   and prev in lex.lists["first_names"]):
                name = [toks[i - 1], toks[i]]
                if i >= 2 and folded[i - 2] in ("عبد", "ابو", "بن", "ابن") or (i >= 2 and folded[i - 1] in ("بن", "ابن")):
                    name.insert(0, toks[i - 2])
                return " ".join(name)
    return None


def _agrees(a: Attribution, m: Mention) -> bool:
    feats = (a.cue_features or "").split(".")
    g = feats[1] if len(feats) > 1 else ""
    num = feats[2] if len(feats) > 2 else ""
    if g in ("", "1"):
        return True
    if num == "pl":
        return m.gender == "pl" or m.type not in ("person",)
    if g == "f":
        return m.gender in ("f", "pl") or m.type not in ("person",) and m.gender != "m"
    if g == "m":
        return m.gender != "f" or m.type == "person"
    return True


def _antecedent(a: Attribution, seen: list[tuple[Attribution, Mention]], doc: Document) -> Mention | None:
    """The source of a dropped-subject attribution: the nearest agreeing earlier source."""
    cands = [(b, m) for b, m in reversed(seen) if b.kind != "according_to"] + \
            [(b, m) for b, m in reversed(seen) if b.kind == "according_to"]
    for b, m in cands:
        if _agrees(a, m):
            return m
    return cands[0][1] if cands else None
