"""Claim text: what an attribution's content says, folded for matching.

The stored content span is never touched; these functions build the
representations claims are compared on:

* :func:`claim_text` — the content folded by :func:`attribution.arabic.normalize`
  (no diacritics/tatweel, one alef, ى→ي, ة→ه, no punctuation), Arabic-Indic
  digits as ASCII, a trailing according-to tail (``، حسب ما نقلت وكالة ...``)
  cut off because it names who says it, not what is said.
* :func:`stems` — content words without clitics and common suffixes (a light
  stemmer: the model-free stand-in for lemmas), stop words dropped.
* :func:`figures` — the numbers the claim states (digits and number words), so
  "42 killed" and "35 killed" are told apart and flagged as conflicting.
* :func:`negations` — how many negation particles the claim carries
  (``لم``، ``لن``، ``لا``، ``ليس``، ``عدم``...): with the cue's stance this gives
  the claim's polarity.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..arabic import normalize

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

#: a trailing according-to phrase inside a content span (``، حسب ما نقلت وكالة الأناضول``,
#: ``بحسب المصدر``): who says it, not what is said. Only cut when the phrase names a source
#: or a reporting verb follows, and it is short: ``وفق الاشتراطات الجديدة لم يتم ...`` stays.
_TAIL_RE = re.compile(
    r"\s+(?:و|ف)?(?:حسب|بحسب|حسبما|وفق|وفقا|طبقا|استنادا|نقلا|علي حد|كما|مثلما|علي ما)\s+"
    r"(?:ما\s+|عن\s+|ل\s*|الي\s+)?"
    r"(?:(?:قال|قالت|ذكر|ذكرت|افاد|افادت|اورد|اوردت|نقل|نقلت|اعلن|اعلنت|اكد|اكدت|اوضح|اوضحت|اشار|اشارت|تعبير|قول)\b"
    r"|(?:ال|لل|ل)?(?:مصدر|مصادر|وكاله|صحيفه|موقع|قناه|شبكه|بيان|تقرير|مسؤول|مسؤولين|ناشط|ناشطين|شهود|سكان|"
    r"اعلام|مراسل|متحدث|ناطق)\w*)"
    r"(?:\s+\S+){0,8}$")

#: negation particles, folded; each one flips the claim's polarity
NEGATIONS = frozenset({"لم", "لن", "لا", "ليس", "ليست", "ليسوا", "لست", "لسنا", "ليسا", "عدم", "غير", "ولم", "ولن",
                       "ولا", "وليس", "فلم", "فلن", "فلا", "بعدم", "لعدم", "وعدم", "دون", "بدون", "ما", "لما"})
# "ما" and "لما" only negate before a past verb; they are kept out of stems but count as negation
# only at the start of a clause (see negations()).
_WEAK_NEG = frozenset({"ما", "لما", "غير", "دون", "بدون"})

_STOP = frozenset("""
في من على علي الى الي إلى عن مع حتى حتي منذ خلال عبر ضد بين لدى لدي نحو حول عند عندما بعد قبل دون تحت فوق امام وراء
ان إن أن انه انها انهم انهما انا اننا انكم لان لأن بان بانه بانها كان كانت كانوا يكون تكون يكونوا قد لقد سوف سي
هو هي هم هما هن نحن انت انتم انا هذا هذه هذان هاتان هؤلاء هولاء ذلك تلك اولئك الذي التي الذين اللذين اللتين اللواتي
ما ماذا من لماذا كيف اين متى اي أي كل بعض جميع كافه كافة اي غير سوى او أو ام ثم بل لكن لكن حيث اذا إذا اذ لو كما مثل
و ف ب ل ك يا قد ايضا أيضا فقط كذلك وقد وان وأن وهو وهي وهذا وذلك التى الذى اليوم امس أمس عام العام
""".split())
_STOP = frozenset(normalize(w) for w in _STOP)

_NUMBER_WORDS_RAW = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتين": 2, "اثنتان": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4,
    "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "ثمان": 8, "تسع": 9,
    "تسعه": 9, "عشر": 10, "عشره": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40,
    "اربعون": 40, "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70, "ثمانين": 80,
    "ثمانون": 80, "تسعين": 90, "تسعون": 90, "مئه": 100, "مائه": 100, "مئتين": 200, "مئتان": 200, "الف": 1000,
    "الفين": 2000, "الفان": 2000, "مليون": 1000000, "ملايين": 1000000, "عشرات": 10, "مئات": 100, "الاف": 1000,
}
_NUMBER_WORDS = {normalize(k): v for k, v in _NUMBER_WORDS_RAW.items()}
_NUMBER_RE = re.compile(r"\d+(?:[.,٫]\d+)?")
_PROCLITICS = ("وبال", "وكال", "فبال", "وال", "بال", "كال", "فال", "لل", "ال", "وب", "ول", "فب", "فل", "وك")
_SUFFIXES = ("اتهم", "اتها", "ونها", "يهما", "كما", "هما", "تهم", "تها", "ات", "ون", "ين", "ان", "وا", "ها", "هم", "هن",
             "كم", "نا", "يه", "ه", "ي", "ت", "ا")


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """The matching form of a text: :func:`normalize` plus ASCII digits (cached: every claim is
    folded for its text, stems, figures and negations)."""
    return normalize(text.translate(_DIGITS))


def claim_text(content: str) -> str:
    """The normalised claim text of an attribution's content (see the module docstring)."""
    s = fold(content)
    cut = _TAIL_RE.sub("", s).strip()
    # keep the tail when cutting it would leave (almost) nothing: then it is the claim
    return cut if len(cut.split()) >= 2 else s


def words(text: str) -> list[str]:
    """Folded words of a claim text (numbers kept as tokens)."""
    return fold(text).split()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem: clitics and one common suffix off, at least three letters kept."""
    w = word
    if w.isdigit():
        return w
    for p in _PROCLITICS:
        if w.startswith(p) and len(w) - len(p) >= 3:
            w = w[len(p):]
            break
    else:
        if w[:1] in ("و", "ف") and len(w) >= 5:
            w = w[1:]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    return w


def is_content_word(w: str) -> bool:
    return w not in _STOP and w not in NEGATIONS and (len(w) > 1 or w.isdigit())


def stems(text: str) -> list[str]:
    """Stems of the content words of a (folded or raw) claim text, in order; numbers excluded."""
    return [stem(w) for w in words(text) if is_content_word(w) and not _NUMBER_RE.search(w)
            and w not in _NUMBER_WORDS]


#: a number next to these words is a date, a distance or a name, not a figure the claim states
_NOT_FIGURE_AFTER = frozenset(normalize(w) for w in """
يناير فبراير مارس ابريل أبريل مايو يونيو يوليو اغسطس أغسطس سبتمبر اكتوبر أكتوبر نوفمبر ديسمبر
كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين محرم صفر ربيع جمادى رجب شعبان رمضان شوال القعدة الحجة
كم كلم كيلومتر كيلومترا كيلومترات ميل ميلا متر مترا امتار هـ ه م
""".split())
_NOT_FIGURE_BEFORE = frozenset(normalize(w) for w in """
عام العام سنة السنة لعام لسنة اللواء لواء الفرقة فرقة الكتيبة كتيبة رقم الرقم المادة مادة البند قرار القرار
القرار الطريق طريق الجولة جولة الدورة دورة الساعة الساعه
""".split())


Figure = tuple[str, str]


def figures(text: str) -> frozenset[Figure]:
    """The figures a claim states: (value, what is counted) pairs, e.g. ``("42", "حوثي")``.

    The counted thing is the stem of the word after the number (after ``من``:
    ``40 من مسلحي`` counts مسلح), or ``""`` when there is none. Dates,
    distances, years and numbered names (``اللواء 15``، ``22 مايو``،
    ``60 كلم``، ``عام 2001``) are not figures. Vague amounts (عشرات، مئات) are
    kept as orders of magnitude.
    """
    ws = words(text)
    out = set()
    for i, w in enumerate(ws):
        nxt = ws[i + 1] if i + 1 < len(ws) else ""
        prev = ws[i - 1] if i else ""
        if nxt in _NOT_FIGURE_AFTER or prev in _NOT_FIGURE_BEFORE:
            continue
        if w[:1] in ("و", "ب", "ل") and _NUMBER_RE.fullmatch(w[1:]):
            w = w[1:]
        if _NUMBER_RE.fullmatch(w):
            value = w.replace(",", "").replace("٫", ".")
            if len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2100:
                continue  # a year
        else:
            base = w[1:] if w[:1] in ("و", "ب") and w[1:] in _NUMBER_WORDS else w
            if base not in _NUMBER_WORDS:
                continue
            value = str(_NUMBER_WORDS[base])
        out.add((value, _counted(ws, i + 1)))
    return frozenset(out)


def _counted(ws: list[str], j: int) -> str:
    if j < len(ws) and ws[j] == "من":
        j += 1
    if j >= len(ws) or _NUMBER_RE.search(ws[j]) or ws[j] in _NUMBER_WORDS or not is_content_word(ws[j]):
        return ""
    if ws[j].startswith("من") and len(ws[j]) <= 5:  # منهم، منها
        return ""
    return stem(ws[j])


def figures_compatible(a: frozenset[Figure], b: frozenset[Figure]) -> bool:
    """False when the two claims give a different figure for the same thing.

    When both count the same thing, its values must agree (one set contains the other:
    ``16 شخصا`` and ``عشرين شخصا`` disagree, ``4 شركات`` and ``4 شركات ... 6 شركات`` do
    not); when they share nothing counted, one claim's values must contain the other's
    ("مقتل جنود" and "مقتل 4 جنود" agree; "مقتل 42" and "مقتل 35" do not).
    """
    slots_a: dict[str, set[str]] = {}
    slots_b: dict[str, set[str]] = {}
    for v, c in a:
        slots_a.setdefault(c, set()).add(v)
    for v, c in b:
        slots_b.setdefault(c, set()).add(v)
    shared = [c for c in slots_a if c and c in slots_b]
    if shared:
        return all(slots_a[c] <= slots_b[c] or slots_b[c] <= slots_a[c] for c in shared)
    va, vb = {v for v, _ in a}, {v for v, _ in b}
    return va <= vb or vb <= va


#: negation particle + word that together mean "still", "especially": not a negation
_NOT_NEGATING = frozenset({"يزال", "تزال", "يزالون", "تزالان", "زال", "زالت", "زالوا", "سيما", "بد", "شك", "سيما"})


def negations(text: str) -> int:
    """Negation particles in the claim; the weak ones (ما، غير، دون) only as a clause's first word."""
    ws = words(text)
    n = 0
    for i, w in enumerate(ws):
        if w in NEGATIONS and (w not in _WEAK_NEG or i == 0):
            if i + 1 < len(ws) and ws[i + 1] in _NOT_NEGATING:
                continue
            n += 1
    return n
