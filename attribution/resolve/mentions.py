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

from ..arabic import drop_attached_lam, fold_word, normalize, strip_article, strip_quotes
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


def analyze(text: str, lex: Lexicon | None = None, attached_lam: bool = False) -> Mention:
    """Read one source mention (as written in the document).

    ``attached_lam``: the mention follows وفقاً / طبقاً / تبعاً, whose لـ is written on its first word.
    """
    lex = lex or default_lexicon()
    raw = " ".join((drop_attached_lam(text) if attached_lam else text).split())
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
    fws = [_case_fold(w) for w in ws]
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


def _case_fold(w: str) -> str:
    """Fold a word and drop the accusative ending -اً (مسؤولاً → مسوول) so heads match their lexicon form."""
    if w.endswith(("اً", "ًا")) and len(w) > 4:
        w = w[:-2]
    return fold_word(w)


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


_RAW_STOPS = {"في", "من", "على", "إلى", "الى", "عن", "باسم", "لدى", "و", "ب", "عند", "مع", "،", ",", "(", ")",
              "\"", "«", "»", "“", "”", "-", "–"}
_PREP_PREFIXED = ("بال", "لل", "وال", "فال", "كال")


def _split_role_name(core: str, ws: list[str], fws: list[str], lex: Lexicon) -> tuple[str | None, str | None]:
    """Find the personal name inside a mention; returns (name, role before it or after a comma)."""
    if not ws:
        return None, None
    parts = re.split(r"\s*[،,]\s*", core)
    if len(parts) > 1:
        # "آدم زوبين، وكيل الوزارة ..." (name then role) or "المهندس محمد الزميع، وكيل ..." (role/name then role)
        pw = words(parts[0])
        first_name, first_role = _split_role_name(parts[0], pw, [fold_word(w) for w in pw], lex)
        if first_name:
            rest = "، ".join(p for p in parts[1:] if p)
            role = "، ".join(x for x in (first_role, rest) if x) or None
            return first_name, role
        # "الرئيس التركي، رجب طيب أردوغان": the role first, the name after the comma
        sw = words(parts[1])
        second, _ = _split_role_name(parts[1], sw, [fold_word(w) for w in sw], lex)
        if second and second == " ".join(w for w in sw if w not in "\"«»“”"):
            return second, parts[0].strip() or None
        return None, None
    span = _name_span(ws, fws, lex)
    if span is None:
        return None, None
    a, b = span
    name = " ".join(w for w in ws[a:b] if w not in "\"«»“”")
    pre = ws[:a]
    honor = lex.lists["honorifics"]
    while pre and (fold_word(pre[-1]) in honor or fold_word(pre[-1]).rstrip(".") in honor):
        pre = pre[:-1]
    role = _join(core, pre) if pre else None
    post = ws[b:]
    if not role and post and (fold_word(post[0]) in lex.lists["role_heads"]):
        role = _join(core, post)  # حسام عبد الغفار الناطق باسم وزارة الصحة
    return name, role


def _lone_surname(fws: list[str], i: int, lex: Lexicon) -> bool:
    """د. الشريف: a title and one article-bearing word, the mention's last, that is no role or body."""
    w = fws[i]
    return i == len(fws) - 1 and strip_article(w) not in lex.role_stems and not lex.type_heads.get(w) \
        and not lex.type_heads.get(strip_article(w)) and w not in lex.lists["anonymous_heads"]


def _name_span(ws: list[str], fws: list[str], lex: Lexicon) -> tuple[int, int] | None:
    """Token range of a personal name in a mention, or None when the mention names no person."""
    honor, roles, firsts = lex.lists["honorifics"], lex.lists["role_heads"], lex.lists["first_names"]
    n = len(fws)
    h = 0
    while h < n - 1 and fws[h] in _QUANTIFIERS:
        h += 1
    head = fws[h]
    for k in (4, 3, 2):
        if tuple(fws[h:h + k]) in lex.type_multi:
            return None  # سي إن إن، وول ستريت جورنال: an outlet or body, not a person
    is_role = head in roles or head in honor or strip_article(head) in lex.role_stems
    body = lex.type_heads.get(head) or lex.type_heads.get(strip_article(head))
    if not is_role and body not in (None, "activists", "unknown") and head not in firsts:
        return None  # إدارة الرئيس الأميركي باراك أوباما: the administration speaks, not the president
    unnamed_head = head in lex.lists["anonymous_heads"] and not is_role
    start = None
    hon = [i for i, w in enumerate(fws) if (w in honor or w.rstrip(".") in honor)]
    nxt = hon[-1] + 1 if hon else n
    while nxt < n and not fws[nxt]:
        nxt += 1  # the period of an abbreviated title: د. الشريف
    if nxt < n and _name_word(ws, fws, nxt, lex) and (
            not fws[nxt].startswith("ال") or _lone_surname(fws, nxt, lex)):
        start = nxt
    if start is None:
        for i in range(h, n):
            if (fws[i] in firsts or (fws[i].startswith("عبد") and len(fws[i]) > 3)) and _name_word(ws, fws, i, lex) \
                    and (i == 0 or ws[i - 1] not in _RAW_STOPS):
                start = i
                break
    if start is None and unnamed_head:
        return None  # الناشط الإعلامي فيصل الحلبي names him; مصادر محلية names no one
    if start is None and is_role and n >= 3:
        # وزير الطاقة سهيل المزروعي / المتحدث الرسمي لوزارة العمل تيسير المفرج: a trailing run after the role
        r = n
        while r - 1 > h and _name_word(ws, fws, r - 1, lex) and (not fws[r - 1].startswith("ال") or r == n
                                                                  or fws[r - 1] == "الله"):
            r -= 1
        if r < n and r > h + 1 and not fws[r].startswith("ال") and not fws[r].startswith(("ب", "ل", "ك")) \
                and n - r <= 5:
            start = r
    if start is None and not is_role and 1 <= n <= 4 and not fws[0].startswith("ال") \
            and all(_name_word(ws, fws, i, lex) for i in range(n)) and not any(f in roles for f in fws) \
            and (fws[0] in firsts or not any(f.endswith("ه") for f in fws)):
        if n > 1 or _single_name(fws[0], lex):
            start = 0  # طلعت سابق / إيرنست
    if start is None and n == 1 and _single_name(fws[0], lex) and fws[0].startswith("ال") and _nisba(fws[0]):
        start = 0  # المزروعي
    if start is None and not is_role:
        # ريكس تيلرسون الرئيس التنفيذي لشركة ...: a name first, then the role
        r = 0
        while r < n and r < 4 and _name_word(ws, fws, r, lex) and not fws[r].startswith("ال"):
            r += 1
        if 1 <= r < n and (fws[r] in roles or fws[r] in honor) and not fws[0].endswith("ه"):
            return (0, r)
    if start is None:
        return None
    # extend left over name parts: رئيس ... في تعز حمود سعيد المخلافي
    while start > h + (1 if is_role else 0) and _name_word(ws, fws, start - 1, lex) \
            and not fws[start - 1].startswith("ال") and not fws[start - 1].startswith(("ب", "ل")) \
            and (start - 2 < 0 or ws[start - 2] not in _RAW_STOPS) and fws[start - 1] not in roles:
        start -= 1
    end = start
    while end < n and ws[end] not in _RAW_STOPS and fws[end] not in roles and end - start < 5 \
            and not (end > start and fws[end] in honor) and not ws[end].startswith(("بال",)):
        end += 1
    return (start, end) if end > start else None


def _name_word(ws: list[str], fws: list[str], i: int, lex: Lexicon) -> bool:
    w = fws[i]
    if not w or not w[0].isalpha() or ws[i] in _RAW_STOPS:
        return False
    if w in lex.lists["time_words"] or w in lex.lists["demonstratives"] or w in lex.lists["relative_pronouns"]:
        return False
    if w in lex.lists["anonymous_heads"] or w in lex.lists["role_heads"]:
        return False
    if (strip_article(w) in lex.type_heads or w in lex.type_heads) and w not in lex.lists["first_names"]:
        return False
    if w.startswith(_PREP_PREFIXED):
        return False
    return True


def _nisba(f: str) -> bool:
    return f.startswith("ال") and f.endswith("ي") and len(f) >= 5


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


def _single_name(f: str, lex: Lexicon) -> bool:
    """A one-word mention that is a name or surname (الجابر، المزروعي، أردوغان), not a body or a common noun."""
    if f in lex.lists["first_names"]:
        return True
    bare = strip_article(f)
    if bare in lex.type_heads or f in lex.type_heads or f in lex.lists["anonymous_heads"] or f in lex.lists["role_heads"]:
        return False
    if f in lex.lists["time_words"] or f in lex.lists["demonstratives"] or f.startswith(_PREP_PREFIXED):
        return False
    if f.startswith("ال") and (f.endswith(("ون", "ين", "ات")) or f.endswith("ه")):
        return False  # الجمهوريون، الوزارة: a group or a body, not a surname
    return True


def _affiliation_from_role(role: str, lex: Lexicon) -> str | None:
    m = re.search(r"باسم\s+(.+)$", role)
    if m:
        return strip_quotes(m.group(1))
    m = re.search(r"(?:^|\s)(?:في|ب)\s*((?:وزارة|هيئة|مجلس|منظمة|حركة|جماعة|حزب|شركة|جامعة|وكالة|صحيفة|شبكة|قناة|المرصد|الاتحاد|مديرية|إدارة|ادارة|البرلمان|الكونغرس|الجيش|الشرطة)\b.*)$", role)
    if m:
        return strip_quotes(m.group(1))
    return None


_DEPENDENT_HEADS = {"مكتب", "مركز", "فرع", "قسم", "متحدث", "ناطق", "جناح", "ذراع", "لجنه", "وحده", "غرفه"}


def _type_of(fws: list[str], h: int, lex: Lexicon) -> str:
    if not fws:
        return "unknown"
    head = fws[h]
    bare = strip_article(head)
    if bare in _DEPENDENT_HEADS:
        # المكتب الإعلامي لمقاومة آزال / المتحدث باسم الجيش: the body it belongs to decides
        for w in fws[h + 1:]:
            for cand in (w, strip_article(w), "ال" + w[2:] if w.startswith("لل") else w,
                         w[1:] if w.startswith(("ل", "ب")) else w, strip_article(w[1:]) if w.startswith(("ل", "ب")) else w):
                typ = lex.type_heads.get(cand)
                if typ and typ not in ("unknown", "document"):
                    return typ
    if head in lex.lists["anonymous_heads"] or bare in lex.lists["anonymous_heads"] or bare in (
            "مصدر", "مصادر", "مسوول", "مسوولون", "مسوولين", "مسوولو", "متحدث", "ناطق", "ضابط"):
        return _anonymous_type(fws, h, lex)
    # multiword bodies at the head (الأمم المتحدة، وزارة الدفاع، حزب الله)
    for n in (4, 3, 2):
        typ = lex.type_multi.get(tuple(fws[h:h + n]))
        if typ:
            return typ
    typ = lex.type_heads.get(head) or lex.type_heads.get(bare)
    if not typ and head.endswith("ا"):
        typ = lex.type_heads.get(head[:-1]) or lex.type_heads.get(bare[:-1])  # تقريراً: accusative
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
    if head in lex.lists["anonymous_heads"] or bare in lex.lists["anonymous_heads"] or (
            bare.endswith("و") and (bare + "ن") in lex.lists["anonymous_heads"]):
        return True  # مقاتلو المقاومة: the construct plural of مقاتلون
    typ = lex.type_heads.get(head) or lex.type_heads.get(bare)
    if typ in ("activists", "unknown"):
        return True
    return False


def _gender(fws: list[str], h: int, named: bool) -> str:
    if not fws:
        return ""
    if fws[0] in ("احد", "واحد"):
        return "m"  # احد المصادر العسكرية: 'one of' makes the speaker one man (واضاف ان ...)
    if fws[0] in ("احدي", "احدى"):
        return "f"
    head = strip_article(fws[h])
    if head.endswith(("ون", "ين")) or head in ("نشطاء", "شهود", "سكان", "اهالي", "خبراء", "مسوولو"):
        return "pl"
    if head in ("مصادر",) or head.endswith("ات"):
        return "f"  # non-human plurals agree in the feminine singular: قالت المصادر
    if head.endswith("ه") and not named:
        return "f"
    return "m"


def _plain_name(core: str) -> str:
    """The canonical name of an unnamed or institutional source: the phrase without quotes and a leading لـ."""
    s = strip_quotes(core)
    s = re.sub(r"[\"«»“”()]", "", s)
    return " ".join(s.split())


def same_name(a: str, b: str) -> bool:
    return normalize(a) == normalize(b)
