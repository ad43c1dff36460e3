"""Within one document: who each attribution's source is.

* Each mention is read by :func:`.mentions.analyze` (name, role, type...).
* Mentions of one speaker are chained to the fullest mention of it in the
  document, before or after: a surname (``"الجابر"``) to the full name with the
  same last word (صهيب الجابر, role and affiliation included); a shorter or
  definite description (``وزارة الداخلية``, ``الوزارة``, ``المصدر نفسه``) to a
  mention with the same head noun whose words include its words, unless a
  category adjective disagrees (``المصدر الطبي`` is not ``مصدر أمني``).
* A dropped source (``وأضاف أن``, ``، مشيراً إلى أن``) takes the nearest
  earlier speaker whose gender and number agree with the cue's form; speakers
  of directives (``وطالب الجبرتي ...``), which are not attributions, count as
  earlier speakers too.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..arabic import fold_word, strip_article
from ..extract.lexicon import Lexicon, default_lexicon
from ..models import Attribution, Document
from .mentions import Mention, analyze, words

_SAME = {"نفسه", "نفسها", "ذاته", "ذاتها", "نفسهم", "انفسهم", "نفسهما"}
_STRIP = {"هذا", "هذه", "ذلك", "تلك", "هولاء", "احد", "بعض"}


@dataclass
class Speaker:
    """A speaker mention outside the attributions (a directive's subject), usable as an antecedent."""

    cue_start: int
    text: str
    features: str


def resolve_document(doc: Document, attributions: list[Attribution], lex: Lexicon | None = None,
                     speakers: list[Speaker] | None = None) -> list[Attribution]:
    """Fill source_name, type, anonymity, role and affiliation of every attribution of ``doc``."""
    lex = lex or default_lexicon()
    atts = sorted(attributions, key=lambda x: x.cue.start)
    mentions = {id(a): analyze(a.source.text, lex, attached_lam=_attached_lam(a)) for a in atts if a.source is not None}
    pool = list(mentions.values())
    # subjects of directives help find who a dropped subject is, but never rename a source
    extra = [(sp.cue_start, sp.features, analyze(sp.text, lex)) for sp in (speakers or [])]
    for key, m in list(mentions.items()):
        mentions[key] = _canonical(m, pool, doc, lex)
    timeline: list[tuple[int, str, Attribution | None, Mention]] = []
    out = []
    for a in atts:
        if a.source is not None:
            m = mentions[id(a)]
        else:
            earlier = [(pos, kind, att, mm) for pos, kind, att, mm in timeline if pos < a.cue.start]
            earlier += [(pos, "speaker", None, _canonical(mm, pool + [mm], doc, lex)) for pos, _, mm in extra
                        if pos < a.cue.start]
            earlier.sort(key=lambda x: x[0])
            m = _antecedent(a, earlier)
        if m is None:
            upd = {"source_name": None, "source_type": "unknown", "anonymous": True}
        else:
            upd = {"source_name": m.name or None, "source_type": m.type, "anonymous": m.anonymous,
                   "role": m.role, "affiliation": m.affiliation}
        b = a.model_copy(update=upd)
        if m is not None:
            timeline.append((a.cue.start, a.kind, b, m))
        out.append(b)
    return out


def _attached_lam(a: Attribution) -> bool:
    return a.kind == "according_to" and (a.cue_lemma or "") in ("وفق", "طبق", "تبع", "استناد")


def _folded(text: str) -> list[str]:
    return [fold_word(w) for w in words(text) if w[0].isalpha()]


def _content_words(m: Mention) -> list[str]:
    return [strip_article(w) for w in _folded(m.name or m.text) if w not in _SAME and w not in _STRIP]


def _quantified(m: Mention) -> bool:
    f = _folded(m.text)
    return bool(f) and f[0] in ("احد", "احدي", "بعض", "عدد")


def _canonical(m: Mention, pool: list[Mention], doc: Document, lex: Lexicon) -> Mention:
    ws = _content_words(m)
    if not ws:
        return m
    first = _folded(m.text)[0]
    if m.named_person or (len(ws) == 1 and m.type in ("unknown", "person") and first not in lex.lists["anonymous_heads"]
                          and strip_article(first) not in lex.type_heads and first not in lex.lists["role_heads"]):
        return _person(m, pool, doc, lex)
    if first in lex.lists["role_heads"] and len(ws) >= 2 and not m.anonymous:
        # وزير الخارجية الأميركي ... جون كيري: a role described in full is the person holding it
        for other in pool:
            if other.named_person and other.role and set(ws) <= {strip_article(w) for w in _folded(other.role)} | \
                    {strip_article(w) for w in _folded(other.affiliation or "")}:
                return _copy(m, other)
        holder = _holder_in_text(doc.text, _folded(m.text), lex)
        if holder:
            # ... وزير الخارجية الأميركي جون كيري ... written somewhere in the article, outside any attribution
            return Mention(text=m.text, name=holder, type="person", anonymous=False, role=m.text,
                           affiliation=m.affiliation, named_person=True, head=m.head, gender="m")
    if first.startswith("ال") and first in lex.lists["role_heads"] and len(ws) <= 2:
        # المفتش / الوزير: a definite role noun refers back to the person holding that role
        for other in reversed(pool[:_index(pool, m)]):
            if other.named_person and other.role and strip_article(first) in {strip_article(w) for w in _folded(other.role)}:
                return _copy(m, other)
    if _quantified(m):
        return m  # أحد المصادر العسكرية is one of them, not all of مصادر عسكرية
    if m.anonymous and not first.startswith("ال"):
        return m  # مصادر / مصدر مطلع: an indefinite unnamed source introduces a new one
    cats = {w for w in ws if w in lex.lists["category_adjectives"] or ("ال" + w) in lex.lists["category_adjectives"]}
    best, best_key = m, None
    candidates = pool[:_index(pool, m)] if m.anonymous else pool
    for other in candidates:
        if other is m or other.named_person or other.head != m.head or _quantified(other):
            continue
        ow = _content_words(other)
        if len(ow) <= 1 and len(ws) >= 1 and other.name == m.name:
            continue
        if cats - set(ow):
            continue  # المصدر الطبي is not مصدر أمني
        extra = set(ws) - set(ow)
        if extra and (not first.startswith("ال") or extra - _category_free(list(extra), lex) or len(ws) > 4):
            continue
        if not extra and len(ow) <= len(ws):
            continue
        # prefer the mention that introduced the speaker (indefinite: مسؤول أميركي), then the fullest
        key = (not _folded(other.text)[0].startswith("ال"), len(ow))
        if best_key is None or key > best_key:
            best, best_key = other, key
    return m if best is m else _copy(m, best)


def _index(pool: list[Mention], m: Mention) -> int:
    for k, other in enumerate(pool):
        if other is m:
            return k
    return len(pool)


def _copy(m: Mention, best: Mention) -> Mention:
    return Mention(text=m.text, name=best.name, type=best.type, anonymous=best.anonymous, role=best.role,
                   affiliation=best.affiliation, named_person=best.named_person, head=best.head, gender=best.gender)


def _category_free(ws: list[str], lex: Lexicon) -> set[str]:
    """Modifiers that describe rather than classify (الرفيع, المستوى): they never block a match."""
    return {w for w in ws if w not in lex.lists["category_adjectives"] and ("ال" + w) not in lex.lists["category_adjectives"]}


def _person(m: Mention, pool: list[Mention], doc: Document, lex: Lexicon) -> Mention:
    """A surname or a shorter form of a name → the fullest name with the same last word(s)."""
    own = _folded(m.name) if m.named_person else _folded(m.text)
    own = [strip_article(w) for w in own]
    if not own:
        return m
    best = m if m.named_person else None
    best_len = len(own) if m.named_person else 0
    for other in pool:
        if not other.named_person or other is m:
            continue
        ow = [strip_article(w) for w in _folded(other.name)]
        if len(ow) > best_len and ow[-len(own):] == own:
            best, best_len = other, len(ow)
    if best is None and len(own) == 1:
        full = _full_name_in_text(doc.text, _folded(m.text)[-1], lex) or _name_in_mentions(_folded(m.text)[-1], pool, m, lex)
        if full:
            return Mention(text=m.text, name=full, type="person", anonymous=False, named_person=True,
                           head=m.head, gender="m")
        if m.type == "unknown" and _folded(m.text)[0] not in lex.lists["anonymous_heads"]:
            # an unknown single word spoken of as a speaker: most often a surname
            return Mention(text=m.text, name=m.name, type="person", anonymous=False, named_person=True,
                           head=m.head, gender="m")
        return m
    if best is None or best is m:
        return m
    return Mention(text=m.text, name=best.name, type="person", anonymous=False, role=best.role or m.role,
                   affiliation=best.affiliation or m.affiliation, named_person=True, head=best.head,
                   gender=best.gender)


def _name_in_mentions(surname: str, pool: list[Mention], m: Mention, lex: Lexicon) -> str | None:
    """تري غودي for غودي: a longer mention ending in the surname, whose word before it is no known word."""
    for other in pool:
        if other is m:
            continue
        ws = words(other.text)
        f = [fold_word(w) for w in ws]
        if len(f) >= 2 and f[-1] == surname:
            prev = f[-2]
            known = (prev in lex.lists["role_heads"] or prev in lex.lists["honorifics"] or prev.startswith("ال")
                     or strip_article(prev) in lex.type_heads or prev in lex.lists["time_words"])
            if not known:
                return f"{ws[-2]} {ws[-1]}"
    return None


@lru_cache(maxsize=4)
def _text_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The document's words and their folded forms: read once per document, not once per mention."""
    toks = tuple(words(text))
    return toks, tuple(fold_word(t) for t in toks)


#: words that spell a first name once folded (علي، بان) but are a preposition or a complementizer as written
_NOT_NAMES = {"على", "إلى", "الى", "بأن", "بان", "وأن", "وان", "أن", "ان", "إن", "في", "من", "عن"}
_NOT_NAMES_FOLDED = {"ان", "بان", "وان", "الي", "علي", "في", "من", "عن"}


def _holder_in_text(text: str, role_folded: list[str], lex: Lexicon) -> str | None:
    """The name written right after the role phrase anywhere in the document: 'وزير الخارجية الأميركي جون كيري'
    for وزير الخارجية الأميركي. The name must open with a known first name; it takes one more word, two when the
    second is a link word (عبد، بن، أبو)."""
    toks, folded = _text_words(text)
    role_folded = tuple(role_folded)  # compared with slices of the folded words
    firsts = lex.lists["first_names"]
    n = len(role_folded)
    for i in range(len(toks) - n - 1):
        if folded[i:i + n] != role_folded:
            continue
        k = i + n
        if folded[k] not in firsts or toks[k] in _NOT_NAMES or folded[k + 1] in _NOT_NAMES_FOLDED:
            continue  # أمير قطر على تفاصيل: على is the preposition, not the name علي
        end = k + 2
        if end < len(toks) and folded[k + 1] in ("عبد", "بن", "ابو"):
            end += 1
        if end <= len(toks) and all(t.isalpha() for t in toks[k:end]):
            return " ".join(toks[k:end])
    return None


def _full_name_in_text(text: str, surname_folded: str, lex: Lexicon) -> str | None:
    """'First Surname' anywhere in the document for a surname-only mention (جون إيرنست for إيرنست)."""
    toks, folded = _text_words(text)
    firsts = lex.lists["first_names"]
    for i in range(1, len(toks)):
        if folded[i] == surname_folded and folded[i - 1] in firsts:
            k = i - 1
            while k > 0 and (folded[k - 1] in firsts or folded[k - 1] in ("عبد", "بن", "ابو")) and i - k < 3:
                k -= 1
            return " ".join(toks[k:i + 1])
    return None


def _cue_agreement(a: Attribution) -> tuple[str, str]:
    feats = (a.cue_features or "").split(".")
    return (feats[1] if len(feats) > 1 else "", feats[2] if len(feats) > 2 else "")


def _agrees(a: Attribution, m: Mention) -> bool:
    g, num = _cue_agreement(a)
    if g in ("", "1", "passive"):
        return True
    if num == "pl":
        return m.gender == "pl"
    if num == "du":
        return True
    if g == "f":
        return m.gender in ("f", "pl") and not (m.named_person and m.gender == "m")
    if g == "m":
        return m.gender in ("m", "")
    return True


def _antecedent(a: Attribution, earlier) -> Mention | None:
    """The source of a dropped-subject attribution: the nearest agreeing earlier speaker."""
    for pos, kind, _att, m in reversed(earlier):
        if kind != "according_to" and _agrees(a, m):
            return m
    for pos, kind, _att, m in reversed(earlier):
        if _agrees(a, m):
            return m
    return None  # nobody earlier fits the verb's gender and number: better unknown than wrong
