"""One source mention → name, role, affiliation, type and anonymity.

``مدير شبكة "فرات بوست" (صهيب الجابر)`` → name صهيب الجابر, role
مدير شبكة "فرات بوست", affiliation فرات بوست, person, named.
``مصدر أمني في وزارة الداخلية`` → an anonymous government source.
The rules read the mention's shape (parentheses, honorifics, role heads,
first names, the article) and the word lists of ``data/lexicon.json``; they
never look at anything outside the mention (that is :mod:`.document`'s job).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..arabic import fold_word, normalize, strip_article, strip_quotes
from ..extract.lexicon import Lexicon, default_lexicon

_WORD_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640]+|[^\w\s]")
_QUOTED_RE = re.compile(r"[\"«“”]([^\"«»“”]{2,60})[\"»”“]")
_PAREN_RE = re.compile(r"\(([^()]{2,60})\)")
_QUANTIFIERS = {"بعض", "احد", "احدي", "عدد", "مجموعه", "هولاء", "هذا", "هذه", "اغلب", "معظم", "كل", "جميع"}
_RELATIVE_CUT = re.compile(r"\s*(?:،|,)?\s*(?:الذي|التي|الذين|ممن)?\s*(?:طلب|رفض|فضل|اشترط|طلبت|رفضت|فضلت|طلبوا|رفضوا|فضلوا)"
                           r"\s+(?:عدم\s+)?(?:الكشف|ذكر|نشر|كشف|الإفصاح|الافصاح)\s.*$")


@dataclass
class Mention:
    text: str
    name: str
    type: str
    anonymous: bool
    role: str | None = None
    affiliation: str | None = None
    named_person: bool = False
    head: str = ""  # folded head noun without the article: the key for coreference
    gender: str = ""  # m | f | pl | ""


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def analyze(text: str, lex: Lexicon | None = None) -> Mention:
    """Read one source mention (as written in the document)."""
    lex = lex or default_lexicon()
    raw = " ".join(text.split())
    anon_marker = bool(_RELATIVE_CUT.search(raw)) or any(m in raw for m in _anon_markers(lex))
    core = _RELATIVE_CUT.sub("", raw).strip(" ،,")
    role = affiliation = None
    name = None
    # 1. a name in parentheses: مدير شبكة "فرات بوست" (صهيب الجابر)
    pm = _PAREN_RE.search(core)
    if pm and _looks_like_name(pm.group(1), lex):
        name = pm.group(1).strip()
        role = core[:pm.start()].strip(" ،,-") or None
    ws = [w for w in words(core) if w.strip()]
    fws = [fold_word(w) for w in ws]
    if name is None:
        name, role = _split_role_name(core, ws, fws, lex)
    if role:
        qm = _QUOTED_RE.search(role)
        if qm:
            affiliation = qm.group(1).strip()
        else:
            affiliation = _affiliation_from_role(role, lex)
    head_i = 0
    while head_i < len(fws) - 1 and (fws[head_i] in _QUANTIFIERS or fws[head_i] == "من"):
        head_i += 1
    head = strip_article(fws[head_i]) if fws else ""
    named = name is not None
    typ = "person" if named else _type_of(fws, head_i, lex)
    if named and typ == "person":
        anonymous = False
    else:
        anonymous = anon_marker or typ in ("activists", "unknown") or _anonymous_head(fws, head_i, lex)
    canonical = name if named else _plain_name(core)
    return Mention(text=text, name=canonical, type=typ, anonymous=anonymous, role=role if named else None,
                   affiliation=affiliation if named else None, named_person=named and typ == "person",
                   head=head, gender=_gender(fws, head_i, named))


def _anon_markers(lex: Lexicon) -> tuple[str, ...]:
    return ("رفض الكشف", "طلب عدم", "فضل عدم", "اشترط عدم")


def _looks_like_name(s: str, lex: Lexicon) -> bool:
    ws = [fold_word(w) for w in words(s) if w.strip() and w[0].isalpha()]
    if not (1 <= len(ws) <= 5):
        return False
    if any(w in lex.lists["time_words"] for w in ws):
        return False
    if ws[0] in lex.lists["first_names"]:
        return True
    # a two-to-four word run that is not a common role or body
    return len(ws) >= 2 and strip_article(ws[0]) not in lex.type_heads and ws[0] not in lex.lists["role_heads"]


def _split_role_name(core: str, ws: list[str], fws: list[str], lex: Lexicon) -> tuple[str | None, str | None]:
    """Find the personal name inside a mention; returns (name, role before it)."""
    if not ws:
        return None, None
    # cut at the first comma: "آدم زوبين، وكيل الوزارة ..." → name first, role after
    parts = re.split(r"\s*[،,]\s*", core)
    if len(parts) > 1:
        first_name, first_role = _split_role_name(parts[0], words(parts[0]), [fold_word(w) for w in words(parts[0])], lex)
        if first_name:
            rest = "، ".join(p for p in parts[1:] if p)
            role = ", ".join(x for x in (first_role, rest) if x) or None
            return first_name, role.replace(", ", "، ") if role else None
        # "المهندس محمد الزميع، وكيل الوزارة": the name may follow an honorific in the first part
    honor = lex.lists["honorifics"]
    roles = lex.lists["role_heads"]
    firsts = lex.lists["first_names"]
    idx = [i for i, w in enumerate(fws) if w in honor or w.rstrip(".") in honor]
    start = None
    if idx:
        h = idx[-1]
        if h + 1 < len(fws) and _namey(fws, h + 1, lex):
            start = h + 1
    if start is None:
        for i, w in enumerate(fws):
            if i > 0 and (w in firsts or (w.startswith("عبد") and len(w) > 3)) and _namey(fws, i, lex):
                start = i
                break
    if start is None and fws and (fws[0] in firsts) and len(fws) >= 2:
        start = 0
    if start is None:
        # role head + genitive chain + a name: وزير الطاقة سهيل المزروعي
        if fws and (fws[0] in roles or strip_article(fws[0]) in {strip_article(r) for r in roles}):
            for i in range(1, len(fws)):
                w = fws[i]
                if not w.startswith("ال") and i >= 2 and fws[i - 1].startswith("ال") and _namey(fws, i, lex) \
                        and w not in roles and strip_article(w) not in lex.type_heads and w not in ("في", "من", "باسم"):
                    start = i
                    break
        elif len(fws) == 1 and _single_name(fws[0], lex):
            return ws[0].strip("\"'«»“”"), None
        elif 2 <= len(fws) <= 4 and not any(f.startswith("ال") for f in fws[:1]) and all(
                _single_name(f, lex) or f in firsts for f in fws[:1]) and not any(f in lex.lists["anonymous_heads"] for f in fws):
            return None, None
    if start is None:
        return None, None
    # the name runs to the first preposition/comma after it
    end = start
    while end < len(fws) and fws[end] not in ("في", "من", "ب", "علي", "الي", "باسم", "عن", "لدي", "و") \
            and not ws[end] in "،,()\"«»“”" and end - start < 5:
        end += 1
    name_words = [w for w in ws[start:end] if w not in "\"«»“”"]
    if not name_words:
        return None, None
    name = " ".join(name_words)
    # the role is everything before the name (minus the honorific title)
    pre = ws[:start]
    while pre and (fold_word(pre[-1]) in honor or fold_word(pre[-1]).rstrip(".") in honor):
        pre = pre[:-1]
    role = _join(core, pre) if pre else None
    tail = ws[end:]
    if tail and fold_word(tail[0]) in ("في", "ب", "من") and not role:
        role = None
    return name, role


def _join(core: str, toks: list[str]) -> str:
    """The stretch of ``core`` covering ``toks`` (keeps the original spacing and quotes)."""
    if not toks:
        return ""
    first, last = toks[0], toks[-1]
    a = core.find(first)
    b = core.rfind(last)
    if a < 0 or b < 0 or b < a:
        return " ".join(toks)
    out = core[a:b + len(last)]
    # close a quote the cut left open: مدير شبكة "فرات بوست"
    if out.count('"') % 2 == 1 and core[b + len(last):b + len(last) + 1] == '"':
        out += '"'
    return out.strip(" ،,")


def _namey(fws: list[str], i: int, lex: Lexicon) -> bool:
    w = fws[i]
    if not w or not w[0].isalpha():
        return False
    if w in lex.lists["time_words"] or w in ("في", "من", "علي", "الي", "باسم", "عن"):
        return False
    if strip_article(w) in lex.type_heads and w not in lex.lists["first_names"]:
        return False
    return True


def _single_name(f: str, lex: Lexicon) -> bool:
    """A one-word mention that is a surname or a name (الجابر، المزروعي، أردوغان), not a body or noun."""
    if f in lex.lists["first_names"]:
        return True
    bare = strip_article(f)
    if bare in lex.type_heads or f in lex.type_heads or f in lex.lists["anonymous_heads"] or f in lex.lists["role_heads"]:
        return False
    if f.startswith("ال") and f.endswith(("ون", "ين", "ات", "يون", "يين")):
        return False  # الجمهوريون، المسلحون: a group, not a surname
    if f.startswith("ال") and f.endswith("ه"):
        return False  # الوزارة، الشركة
    if f.startswith("ال") and f.endswith("ي") and len(f) >= 5:
        return True  # nisba surnames: الجابر is handled below, المزروعي here
    return True


def _affiliation_from_role(role: str, lex: Lexicon) -> str | None:
    m = re.search(r"باسم\s+(.+)$", role)
    if m:
        return strip_quotes(m.group(1))
    m = re.search(r"(?:^|\s)(?:في|ب)\s*((?:وزارة|هيئة|مجلس|منظمة|حركة|جماعة|حزب|شركة|جامعة|وكالة|صحيفة|شبكة|قناة|المرصد|الاتحاد|مديرية|إدارة|ادارة|البرلمان|الكونغرس|الجيش|الشرطة)\b.*)$", role)
    if m:
        return strip_quotes(m.group(1))
    return None


def _type_of(fws: list[str], h: int, lex: Lexicon) -> str:
    if not fws:
        return "unknown"
    head = fws[h]
    bare = strip_article(head)
    # multiword bodies anywhere in the mention (الأمم المتحدة، وزارة الدفاع، حزب الله)
    for n in (4, 3, 2):
        for i in range(h, len(fws) - n + 1):
            typ = lex.type_multi.get(tuple(fws[i:i + n]))
            if typ and i == h:
                return typ
    if head in lex.lists["anonymous_heads"] or bare in lex.lists["anonymous_heads"] or bare in (
            "مصدر", "مصادر", "مسوول", "مسوولون", "مسوولين", "مسوولو", "متحدث", "ناطق", "ضابط"):
        return _anonymous_type(fws, h, lex)
    typ = lex.type_heads.get(head) or lex.type_heads.get(bare)
    if typ:
        return typ
    for i in range(h, len(fws)):
        typ = lex.type_heads.get(fws[i]) or lex.type_heads.get(strip_article(fws[i]))
        if typ and typ not in ("unknown", "document"):
            return typ
    return "unknown"


def _anonymous_type(fws: list[str], h: int, lex: Lexicon) -> str:
    """مصدر أمني → government; مسؤولون في الكتائب → armed_group; مصادر → unknown."""
    head = strip_article(fws[h])
    for i in range(h + 1, min(len(fws), h + 8)):
        w = fws[i]
        if w in ("و",):
            break
        mt = lex.modifier_types.get(w) or lex.modifier_types.get(strip_article(w))
        if mt and i <= h + 2:
            return mt
        if w in ("في", "من", "ب", "وسط", "باسم", "داخل", "لدي", "مقرب", "مقربه", "مقربون") or w.startswith(("بال", "لل")):
            for k in range(i + (0 if w.startswith(("بال", "لل")) else 1), min(len(fws), i + 5)):
                cand = fws[k]
                if cand.startswith("بال") or cand.startswith("لل"):
                    cand = "ال" + cand[3:] if cand.startswith("بال") else "ال" + cand[2:]
                for n in (3, 2):
                    typ = lex.type_multi.get(tuple([cand] + fws[k + 1:k + n]))
                    if typ:
                        return typ
                typ = lex.type_heads.get(cand) or lex.type_heads.get(strip_article(cand))
                if typ and typ != "document":
                    return typ
            break
    if head.startswith("مسوول") or head in ("ضابط", "متحدث", "ناطق"):
        return "government"
    if head.startswith(("ناشط", "نشطاء", "شهود", "شاهد", "سكان", "اهالي", "مواطن")):
        return "activists"
    if head in ("خبراء", "خبير", "محللون", "محللين", "مراقبون", "مراقبين"):
        return "unknown"
    typ = lex.type_heads.get(fws[h]) or lex.type_heads.get(head)
    return typ or "unknown"


def _anonymous_head(fws: list[str], h: int, lex: Lexicon) -> bool:
    if not fws:
        return True
    head = fws[h]
    bare = strip_article(head)
    if head in lex.lists["anonymous_heads"] or bare in lex.lists["anonymous_heads"]:
        return True
    typ = lex.type_heads.get(head) or lex.type_heads.get(bare)
    if typ in ("activists", "unknown"):
        return True
    return False


def _gender(fws: list[str], h: int, named: bool) -> str:
    if not fws:
        return ""
    head = strip_article(fws[h])
    if head.endswith(("ون", "ين")) or head in ("مصادر", "نشطاء", "شهود", "سكان", "اهالي", "خبراء"):
        return "pl" if not head == "مصادر" else "f"
    if head.endswith("ه") and not named:
        return "f"
    return "m"


def _plain_name(core: str) -> str:
    """The canonical name of an unnamed or institutional source: the phrase without quotes and case marks."""
    s = strip_quotes(core)
    s = re.sub(r"[\"«»“”()]", "", s)
    return " ".join(s.split())


def same_name(a: str, b: str) -> bool:
    return normalize(a) == normalize(b)
