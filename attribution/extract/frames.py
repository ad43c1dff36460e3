"""Attribution frames: from a cue token to its source, content and adjuncts.

Each cue is tried against the frames Arabic news uses (ANNOTATION §1):

* verb first (VSO): ``وقال مدير الشبكة (X) لـ موقع Y إن ...`` — the source is
  the noun phrase after the verb, up to an adjunct (addressee ``لـ``, time
  ``أمس``, medium ``في بيان``) or the complementizer;
* subject first (SVO): ``شبكات محلية ... ذكرت، أمس، أن ...`` — the noun
  phrase between a left anchor (sentence start, أن, وكان, إلا أن) and the verb;
* pro-drop and participles: ``وأضاف أن``, ``، مشيراً إلى أن`` — no source span,
  the resolver supplies who it is;
* quotes: ``قال: «...»``, ``«...»، قال X``, ``وأضاف “...”`` — content is the
  quoted text, possibly over several sentences;
* events as objects: ``أفادت مصادر بمقتل``, ``كشف X عن مقتل``;
* according-to phrases: ``بحسب X`` before, inside (``- حسب ناشطين -``) or
  after the clause they credit;
* relays: ``نقلت X عن Y قوله إن`` — the source is Y, X goes to ``via``.

Everything is token arithmetic over a :class:`~.view.Para`; when the tokens
carry a stanza parse, POS tags veto readings the surface allows (a cue word
tagged as a preposition, a verb inside a supposed subject) — evidence, not
truth, so every rule still works on the bare surface.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..arabic import fold_word, strip_article
from .lexicon import CueMatch, Lexicon
from .view import COMMAS, DASHES, OPEN_QUOTES, STOPS, Para, complementizer

PREPS = {"في", "علي", "من", "الي", "عن", "مع", "حول", "بشان", "خلال", "عبر", "ضد", "منذ", "حتي", "لدي", "عند",
         "بعد", "قبل", "امام", "بين", "تحت", "فوق", "نحو", "وفي", "وعلي", "ومن", "بعيدا"}
LEFT_ANCHORS = {"كان", "وكان", "كانت", "وكانت", "فكان", "فيما", "بينما", "حيث", "لكن", "ولكن", "اذ", "وقد", "قد",
                "ثم", "بل", "لان", "ولان", "لكون", "كون", "اما", "واما", "ويذكر", "يذكر", "الجدير", "ذلك", "كذلك",
                "ايضا", "حين", "وحين", "عندما", "وعندما", "لما", "ولما", "بعدما", "وبعدما", "منذ", "فقد", "ف",
                "لقد", "ولقد", "وكانت", "ظلت", "مازال", "ما", "لا", "لم", "لن", "ليست", "ليس"}
#: 'a number of', 'some of': the speaker is the group after من (استهجن عدد من المستبعدين ... وقالوا)
_GROUP_WORDS = {"عدد", "بعض", "احد", "احدي", "مجموعه", "العديد", "كثير", "جميع", "معظم", "اغلب"}
CLAUSE_SPLITTERS = {"فيما", "بينما", "حيث", "وفيما", "وبينما", "وحيث"}
#: "، but/however X said ...": a contrast that opens someone else's attribution (folded forms)
CONTRAST_SPLITTERS = {("لكن",), ("ولكن",), ("غير", "ان"), ("الا", "ان"), ("بيد", "ان")}
RELAY_SAYING = {"قوله", "قولها", "قولهم", "قولهما", "قولهن", "تاكيده", "تاكيدها", "القول", "قولهن"}
NEG_WORDS = {"لم", "لن", "ولم", "ولن", "لا", "ولا", "ما", "وما", "دون", "بدون"}
AMBIGUOUS_POS = {"ADP", "NOUN", "ADJ", "PROPN", "NUM", "DET"}


@dataclass
class Found:
    kind: str
    cue: int
    match: CueMatch
    content: tuple[int, int]
    source: tuple[int, int] | None = None
    addressee: tuple[int, int] | None = None
    via: tuple[int, int] | None = None
    order: str = "vso"
    confidence: float = 0.8
    #: tokens the frame used up besides its spans (كما نقل عنه ...): no other frame starts there
    consumed: tuple[int, int] | None = None


class FrameFinder:
    """Finds every attribution frame in one paragraph."""

    def __init__(self, p: Para, lex: Lexicon) -> None:
        self.p = p
        self.lex = lex
        self.n = len(p.toks)
        #: subjects of reporting verbs whose claim turned out to be a later participle's (see _scan_right)
        self.late_speakers: list[tuple[int, int, int]] = []
        self.cues: dict[int, CueMatch] = {}
        self.phrase_cues: dict[int, tuple] = {}
        in_name = set()
        for o, c in p.quote_close.items():
            if 0 < sum(1 for t in p.toks[o + 1:c] if t.is_word) <= 3:
                in_name.update(range(o + 1, c))
        for t in p.toks:
            if not t.is_word or t.excluded or t.i in in_name:
                continue
            m = lex.match(t.f) or self._match_with_object(t.f)
            if m is not None:
                self.cues[t.i] = m
            for entry, procl in lex.phrase_entries(t.f):
                words = entry.words
                if all(p.f(t.i + 1 + k) == w for k, w in enumerate(words)):
                    self.phrase_cues[t.i] = (entry, procl, len(words) + 1)

    def _match_with_object(self, f: str) -> CueMatch | None:
        # وصفها، أبلغتهم، اتهمته: a cue verb carrying an object pronoun
        for suf in ("هما", "هم", "ها", "ه", "هن"):
            if f.endswith(suf) and len(f) - len(suf) >= 3:
                m = self.lex.match(f[: -len(suf)])
                if m is not None and m.entry.type == "verb" and not m.is_participle \
                        and fold_word(m.entry.lemma) in self.lex.lists["object_suffix_cues"]:
                    return CueMatch(m.entry, m.features + ".obj", m.proclitic)
        return None

    # -- small predicates ---------------------------------------------------------------
    def is_list(self, name: str, i: int) -> bool:
        if not (0 <= i < self.n):
            return False
        t = self.p.toks[i]
        return t.f in self.lex.lists[name] or t.bare in self.lex.lists[name]

    def is_time(self, i: int) -> bool:
        f = self.p.f(i)
        if f == "اول":  # أول أمس / أول من أمس: the day before yesterday, not 'the first'
            return self.p.f(i + 1) == "امس" or (self.p.f(i + 1) == "من" and self.p.f(i + 2) == "امس")
        if f == "من" and self.p.f(i - 1) == "اول" and self.p.f(i + 1) == "امس":
            return True
        return self.is_list("time_words", i) or f in ("يوم", "صباح", "مساء", "ظهر", "ليله", "فجر")

    def is_punct(self, i: int) -> bool:
        return 0 <= i < self.n and not self.p.toks[i].is_word

    def comp(self, i: int):
        return complementizer(self.p, i) if 0 <= i < self.n else None

    def is_pron_pp(self, i: int) -> bool:
        """عنها، عليه، له، منهم: a preposition with a pronoun — an object, not a source."""
        f = self.p.f(i)
        for prep in ("عن", "علي", "عل", "ل", "من", "ب", "الي", "في", "مع"):
            if f.startswith(prep) and f[len(prep):] in ("ه", "ها", "هم", "هما", "هن", "نا", "ي", "ك", "كم", "يه", "يها", "يهم"):
                return True
        return f in ("له", "لها", "لهم", "لنا", "لي", "لك", "لكم")

    def addressee_at(self, i: int) -> bool:
        """لـ موقع، لوكالة، للصحفيين، لـ«رويترز»، لنا: the person or outlet spoken to."""
        t = self.p.toks[i] if 0 <= i < self.n else None
        if t is None or not t.is_word:
            return False
        if t.f in ("ل", "لـ") or t.text in ("لـ", "ل"):
            return True
        f = t.f
        if not f.startswith("ل") or len(f) < 2:
            return False
        rest = f[1:]
        if rest in ("نا", "ه", "ها", "هم", "ي", "ك", "كم"):
            return True
        if f.startswith("لل"):
            rest = "ال" + f[2:]

        if self.lex.type_heads.get(rest) == "media" or self.lex.type_heads.get(strip_article(rest)) == "media" \
                or rest in self.lex.media_first_words:
            return True
        return (rest in self.lex.lists["addressee_heads"] or strip_article(rest) in self.lex.lists["addressee_heads"]
                or (t.end == (self.p.toks[i + 1].start if i + 1 < self.n else -1)
                    and self.p.toks[i + 1].text in set(OPEN_QUOTES) | {'"', "”"}))

    def medium_at(self, i: int) -> bool:
        """في بيان، خلال مؤتمر صحفي، عبر حسابه: the channel of the statement."""
        if self.p.f(i) not in {"في", "خلال", "عبر", "علي", "اثناء", "ضمن"} | {"وفي"}:
            return False
        nxt = i + 1
        return self.is_list("medium_words", nxt)

    def appositive_at(self, i: int) -> bool:
        """After a comma: وكيل الوزارة...، المتحدث باسم...: a role continuing the source."""
        return self.is_list("role_heads", i) or self.is_list("honorifics", i)

    def event_at(self, i: int) -> bool:
        if not (0 <= i < self.n) or not self.p.toks[i].is_word:
            return False
        t = self.p.toks[i]
        if t.f in self.lex.lists["event_nouns"] or t.bare in self.lex.lists["event_nouns"]:
            return True
        if t.f.startswith("ب") and len(t.f) > 3:
            rest = t.f[1:]

            return rest in self.lex.lists["event_nouns"] or strip_article(rest) in self.lex.lists["event_nouns"]
        return False

    def verb_cue_at(self, i: int) -> bool:
        m = self.cues.get(i)
        return m is not None and m.entry.type == "verb"

    def pos_is(self, i: int, *tags: str) -> bool:
        return self.p.parsed and 0 <= i < self.n and self.p.toks[i].upos in tags

    # -- clause geometry --------------------------------------------------------------------
    def clause_end(self, a: int, limit: int | None = None) -> int:
        """Exclusive end of the clause starting at token a (sentence end, a quote's end, or
        just before a following ``، مضيفاً`` / ``، وقال`` that starts its own attribution)."""
        p = self.p
        end = p.sent_end(a) if limit is None else limit
        j = a
        while j <= end and j < self.n:
            if j in p.quote_close and p.quote_close[j] > end:
                end = p.quote_close[j]
                # a quote ending mid-sentence: the sentence goes on after it
                end = max(end, p.sent_end(end))
            t = p.toks[j]
            if j > a and t.text in COMMAS | DASHES | {"("}:
                k = j + 1
                if self.p.f(k) in CLAUSE_SPLITTERS or (self.p.f(k) == "في" and self.p.f(k + 1) == "حين"):
                    k += 2 if self.p.f(k) == "في" else 1
                    if any(m is not None for m in (self.cues.get(k), self.cues.get(k + 1), self.cues.get(k + 2))):
                        return j
                for words in CONTRAST_SPLITTERS:
                    if all(self.p.f(k + x) == w for x, w in enumerate(words)):
                        after = k + len(words)
                        if any(self.cues.get(x) is not None and self.cues[x].entry.type == "verb"
                               for x in range(after, after + 3)):
                            return j
                m = self.cues.get(k)
                if m is not None and m.entry.mark and (m.is_participle or m.proclitic) and self._has_frame_start(k):
                    return j
            if j > a and self._verification_note(j):
                return j
            m = self.cues.get(j)
            if j > a and m is not None and m.is_participle and m.entry.mark and self._opens_own_claim(j + 1):
                return j  # الرد منوهة أنها ...: a participle cue with its own complement, no comma before it
            if j > a and self.verb_cue_at(j) and self.cues[j].proclitic == "و" and p.toks[j - 1].text in COMMAS:
                return j - 1
            if j > a and self.verb_cue_at(j) and self.cues[j].proclitic == "و" and self._opens_own_claim(j + 1) \
                    and p.enclosing_quote(j) is None:
                return j  # ... منذ ستة أشهر وقالت إن مؤشرات ...: a second claim by the same speaker
            j += 1
        return min(end + 1, self.n)

    def _opens_own_claim(self, k: int) -> bool:
        """Does a complementizer, a colon or a quotation start at k (the cue before k has its own claim)?"""
        if k >= self.n:
            return False
        t = self.p.toks[k].text
        return bool(self.comp(k)) or t == ":" or (t in OPEN_QUOTES and k in self.p.quote_close)

    def _bracketed(self, a: int) -> int | None:
        """The index of the mark closing a short quoted or bracketed name opening at a, else None."""
        p = self.p
        t = p.toks[a]
        if t.text in OPEN_QUOTES or t.text in ('"', "“"):
            close = p.quote_close.get(a)
            return close if close is not None and close - a <= 6 else None
        if t.text in ("(", "["):
            want = ")" if t.text == "(" else "]"
            for k in range(a + 1, min(a + 7, self.n)):
                if p.toks[k].text == want:
                    return k
        return None

    def _initial_dot(self, j: int) -> bool:
        """The period of an initial inside a name (م.س. غوبتا), not a sentence end."""
        p = self.p
        return p.toks[j].text == "." and j > 0 and p.toks[j - 1].is_word and len(p.toks[j - 1].text) == 1 \
            and p.toks[j - 1].end == p.toks[j].start

    def _verification_note(self, j: int) -> bool:
        """The reporter's own note, never part of what a source said: ``(لكن) لم يتسن لرويترز التأكد``,
        ``لكنه رفض التعليق``."""
        f = self.p.f
        if f(j) in ("لكن", "ولكن") and f(j + 1) in ("لم", "ولم"):
            j += 1
        if f(j) in ("لم", "ولم") and f(j + 1).startswith("يتسن"):
            return True
        if f(j) in ("لكن", "ولكن", "لكنه", "لكنها", "لكنهم", "ولكنه", "ولكنها", "ولكنهم"):
            j += 1
        elif not f(j).startswith("ورفض"):
            return False
        return f(j).lstrip("و").startswith("رفض") and f(j + 1) in ("التعليق", "الادلاء", "الكشف", "الخوض", "الرد")

    def _has_frame_start(self, k: int) -> bool:
        """Does the cue at k look like it opens its own frame soon (a complementizer, colon or quote)?"""
        for j in range(k + 1, min(k + 30, self.n)):
            if self.comp(j) or self.p.toks[j].text == ":" or self.p.toks[j].text in OPEN_QUOTES:
                return True
            if self.p.toks[j].text in STOPS:
                return False
        return False

    def trim(self, a: int, b: int) -> tuple[int, int] | None:
        """Drop edge punctuation tokens, keeping a closing quote whose opener is kept."""
        p = self.p
        a, b = max(a, 0), min(b, self.n)
        while a < b and not p.toks[a].is_word and not (a in p.quote_close and p.quote_close[a] < b):
            a += 1
        while b > a and not p.toks[b - 1].is_word and not (b - 1 in p.quote_open and p.quote_open[b - 1] >= a) \
                and not (p.toks[b - 1].text in _CLOSE_BRACKET
                         and any(t.text == _CLOSE_BRACKET[p.toks[b - 1].text] for t in p.toks[a:b - 1])):
            b -= 1
        return (a, b) if a < b else None

    def clause_start(self, i: int) -> int:
        """First token of the clause that ends at token i: sentence start or after a splitter, past openers."""
        p = self.p
        s = p.sent_start(i)
        for j in range(i - 1, s - 1, -1):
            if p.f(j) in CLAUSE_SPLITTERS and j > s:
                s = j + 1
                break
        # discourse openers: كذلك، / إلى ذلك، / من جهة أخرى، / كما
        for j in range(s, min(s + 5, i)):
            if p.toks[j].text in COMMAS and self._is_opener(s, j):
                s = j + 1
                break
        if p.f(s) in ("كما", "وكما"):
            s += 1
        return s

    # -- the frames ---------------------------------------------------------------------------
    def speakers(self) -> list[tuple[int, int, int]]:
        """Subjects of directives (طالب الجبرتي الوزارة بـ...) and of reporting verbs whose claim went to a
        later participle: not attributions, but later pro-drop cues may refer back to them. Returns (cue
        index, source start, source end) token triples; call after :meth:`find_all`."""
        out = list(self.late_speakers)
        for i, m in self.cues.items():
            if m.entry.mark or m.entry.type != "verb" or m.is_participle:
                continue
            if m.gender == "1" or self.p.enclosing_quote(i) is not None:
                continue  # «ونحن نعلم دعمها ...»: a quoted speaker's own words name no new speaker
            j = i + 1
            k = j
            while k < self.n and k - j < 12 and self.p.toks[k].is_word \
                    and (self.p.f(k) not in PREPS or (k == j + 1 and self.p.f(k) == "من" and self.p.f(j) in _GROUP_WORDS)) \
                    and not self.comp(k) and not self.is_pron_pp(k) and not self.is_time(k) \
                    and self.p.f(k) not in self.lex.lists["demonstratives"]:
                k += 1
            for x in range(j + 1, k):
                fx = self.p.f(x)
                if (fx.startswith("ب") and len(fx) > 3) or (fx.startswith("ال") and self.p.f(x - 1).startswith("ال")
                                          and not fx.endswith(("ي", "يه", "يون", "يين"))) \
                        or (x > j + 1 and self.p.f(x - 1).startswith("ال") and self.lex.type_heads.get(fx)
                            and not fx.startswith("ال")):
                    # طالب عدد من أصحاب مكاتب حجاج الداخل وزارة الحج بـ: a body after a closed phrase is the object
                    k = x  # وطالب الجبرتي الوزارة بـ...: the object starts
                    break
            if k > j and not self.p.f(j).startswith(("ب", "ل")):
                out.append((i, j, k))
        return out

    def find_all(self) -> list[Found]:
        out: list[Found] = []
        taken: set[int] = set()
        for i in sorted(set(self.cues) | set(self.phrase_cues)):
            if i in taken:
                continue
            found = None
            if i in self.phrase_cues:
                found = self._phrase_frame(i)
            if found is None and i in self.cues:
                m = self.cues[i]
                if not m.entry.mark:
                    continue
                if m.entry.type == "according_to":
                    found = self._according_frame(i, m)
                elif m.entry.type == "verb":
                    found = self._verb_frame(i, m)
            if found is not None:
                out.append(found)
                taken.add(i)
        return out

    def _verb_frame(self, i: int, m: CueMatch) -> Found | None:
        p = self.p
        if self._negated(i) or self._relative_or_passive(i, m) or self._complement_of_previous_cue(i):
            return None
        if m.gender == "1" and p.enclosing_quote(i) is not None:
            return None  # «نعتقد أن ...»: the quoted speaker's own 'we believe', part of their quote
        if p.parsed and p.toks[i].f in self.lex.lists["ambiguous_forms"] and p.toks[i].upos in AMBIGUOUS_POS \
                and not self.comp(i + 1):
            # بين 'between', ذكر 'mention', نقل 'transport': the tagger reads this word as no verb
            return None
        if m.entry.lemma == "جاء":
            return self._jaa_frame(i, m)
        if m.entry.lemma in ("اتهم", "وصف"):
            return self._accusation_frame(i, m)
        if self.comp(i + 1) and p.toks[i].f[len(m.proclitic):] in self.lex.lists["impersonal_forms"]:
            return None  # يذكر أن / يعتقد أن / تبين أن: the writer's voice, no speaker
        scan = self._scan_right(i, m)
        if scan is None:
            return self._quote_before_frame(i, m)
        term, tpos, src, addressee, via = scan
        if p.toks[i].f in self.lex.lists["ambiguous_forms"]:
            # تري غودي، بين حين وآخر: a word that spells a verb form; only a complementizer close
            # behind it (or, with a parse, a verb reading) makes it a report
            near = term == "comp" and (tpos - i <= 2 or (p.parsed and p.toks[i].upos == "VERB"))
            event = term == "event" and (p.f(tpos - 1) in ("عن", "الي") or p.f(tpos).startswith("ب"))
            speaker = term == "comp" and src is not None and (src[1] - src[0] <= 3 or self._speaker_head(src[0])) \
                and not p.toks[i].f.endswith("ين")
            if not (near or event or speaker):
                return None
        order = "vso"
        conf = 0.9
        if src is None:
            left = None if (m.proclitic or m.is_participle) else self._left_np(i)
            if left is not None:
                src, order, conf = left, "svo", 0.8
            else:
                order = "participle" if m.is_participle else "prodrop"
                conf = 0.82
        elif m.is_participle:
            # مضيفاً المصدر أن ...: participles take no subject of their own
            return None
        return self._content_frame(i, m, term, tpos, src, addressee, via, order, conf)

    def _content_frame(self, i, m, term, tpos, src, addressee, via, order, conf) -> Found | None:
        p = self.p
        if term == "comp":
            c0 = self.comp(tpos)[0]
            ce = self.clause_end(c0)
            content = self.trim(c0, ce)
            kind = "indirect"
            if content and self._quoted_speech_inside(*content):
                kind = "mixed"
        elif term == "colon":
            k = tpos + 1
            if self.comp(k):
                return self._content_frame(i, m, "comp", k, src, addressee, via, order, conf)
            if k in p.quote_close:
                content = self.trim(k + 1, p.quote_close[k])
                kind = "direct"
            else:
                content = self.trim(k, self.clause_end(k))
                kind = "direct"
                conf -= 0.1
        elif term == "quote":
            content = self.trim(tpos + 1, p.quote_close[tpos])
            kind = "direct"
        elif term == "event":
            ce = self.clause_end(tpos)
            content = self.trim(tpos, ce)
            kind = "indirect"
            conf -= 0.2
            if content and self._quoted_speech_inside(*content):
                kind = "mixed"
        else:
            return None
        if content is None:
            return None
        return Found(kind=kind, cue=i, match=m, content=content, source=src, addressee=addressee, via=via,
                     order=order, confidence=max(0.05, min(conf, 0.99)), consumed=getattr(self, "_consumed", None))

    def _negated(self, i: int) -> bool:
        """لم يؤكد، لا ينفي: negated reporting is not an attribution (ANNOTATION §1)."""
        return self.p.f(i - 1) in NEG_WORDS and self.p.f(i - 1) not in ("ما", "وما") and not self.cues[i].is_participle

    def _scan_right(self, i: int, m: CueMatch):
        """Walk right from a verb cue to its terminator, collecting source, addressee and via.

        The source is the first noun phrase after the verb; adjuncts may follow it
        (time, addressee, medium, a prepositional phrase after a closed source) but
        a second noun phrase may not: then the verb has an object, not a reported clause.
        Returns (terminator kind, terminator index, source range, addressee range, via range) or None.
        """
        p = self.p
        lemma = m.entry.lemma
        allows_event = "event" in m.entry.complements
        prep_event = lemma in ("أشار", "لفت", "كشف", "تحدث", "أفصح", "اعترف", "أفاد", "تبنى", "أعلن") or (
            lemma == "أكد" and (m.is_participle or bool(m.proclitic)))
        end = p.sent_end(i)
        j = i + 1
        src_a = src_b = None
        closed = False
        addressee = via = None
        after_time = False  # the subject was closed only by a time phrase: an object may still follow
        self._consumed = None
        relay = lemma == "نقل"
        while j <= end and j < self.n and j - i <= 40:
            t = p.toks[j]
            if self.comp(j) is not None and not (src_a is None and p.f(j) in ("من", "عن", "في")) \
                    and not self._inside_known_name(j):
                return ("comp", j, self._range(src_a, src_b), addressee, via)
            if t.text == ":":
                return ("colon", j, self._range(src_a, src_b), addressee, via)
            if (t.text in OPEN_QUOTES or t.text in ('"', "”")) and j in p.quote_close and not self._short_name_quote(j) \
                    and not (src_a is not None and not closed and self._inline_quote(j)):
                return ("quote", j, self._range(src_a, src_b), addressee, via)
            if t.text in STOPS and not self._initial_dot(j):
                return None
            n_src = 0 if src_a is None else sum(1 for k in range(src_a, src_b) if p.toks[k].is_word)
            if src_a is not None and not closed and self._in_anon_marker(j):
                # وأفاد مصدر عسكري رفض الكشف عن اسمه بأن ...: the clause belongs to the source
                k = j + 1
                while k <= end and not self.comp(k) and p.toks[k].text not in COMMAS | {":"} and k - j <= 7:
                    k += 1
                src_b = k
                j = k
                continue
            # -- relays: نقلت X عن Y قوله إن / أضافت الصحيفة نقلاً عن مصادر أن / كما نقل عنه موقع Y
            if relay and t.f == "عن" and src_a is not None:
                via, src_a, src_b, closed = (src_a, src_b), None, None, False
                j += 1
                continue
            if relay and t.f in RELAY_SAYING:
                closed = True
                j += 1
                continue
            if t.f in ("نقلا", "نقلاً") and p.f(j + 1) == "عن" and src_a is not None:
                via, src_a, src_b, closed = (src_a, src_b), None, None, False
                self._consumed = (j, j + 2)
                j += 2
                continue
            if t.f == "كما" and self.cues.get(j + 1) is not None and self.cues[j + 1].entry.lemma == "نقل":
                k = j + 2 + (1 if self.is_pron_pp(j + 2) else 0)
                va = k
                while k <= end and not self.comp(k) and p.toks[k].text not in COMMAS | {":"}:
                    k += 1
                via = (va, k) if k > va else via
                self._consumed = (j, k)
                closed = True
                j = k
                continue
            # -- an event noun phrase as the object: أفادت مصادر بمقتل / كشف X عن مقتل / أشاروا إلى مقتل
            if allows_event:
                start = None
                marked = p.f(j).startswith("ب") and self.event_at(j)
                if p.f(j) in ("الي", "عن") and prep_event and j + 1 <= end and p.toks[j + 1].is_word \
                        and not self.is_pron_pp(j + 1) and not self.comp(j + 1) \
                        and p.f(j + 1) not in self.lex.lists["demonstratives"] \
                        and (lemma not in ("تحدث", "أعلن") or self.event_at(j + 1)):
                    # تحدث عن الجزية / أعلنت عن الاستقدام: a topic, no claim; أعلن عن مقتل: an event reported
                    start = j + 1  # the preposition marks the object wherever the subject ends
                elif self.event_at(j) and (marked or src_a is None or (n_src <= 4 and (not closed or after_time))) \
                        and (src_a is not None or m.is_participle or m.proclitic or j == i + 1
                             or all(self.is_time(x) for x in range(i + 1, j))):  # قد أعلنت أول من أمس بدء
                    start = j
                if start is not None and start <= end and self._proposition_like(start):
                    return ("event", start, self._range(src_a, src_b), addressee, via)
            # -- a participle with a noun-phrase object: مؤكداً تواصل العمل ...
            if m.is_participle and src_a is None and not addressee and lemma in (
                    "أكد", "أوضح", "أشار", "بين", "أضاف", "لفت", "نوه", "شدد") and t.is_word \
                    and not self.is_pron_pp(j) and not self.is_time(j) and p.f(j) not in PREPS \
                    and not t.f.startswith(("لل", "ل")) and not self.addressee_at(j) \
                    and self._proposition_like(j) and not self.verb_cue_at(j):
                return ("event", j, None, addressee, via)
            # -- adjuncts: addressee, medium, time, subordinate clause
            if self.addressee_at(j) and (src_a is not None or j == i + 1 or closed):
                a = j + 1 if (t.f in ("ل", "لـ") or t.text in ("لـ", "ل")) else j
                close = self._bracketed(a) if a <= end else None
                if close is not None:
                    # وأوضح لـ(عكاظ) رئيس اللجنة / كشفت لـ"الاقتصادية" مصادر: the name in its marks, then the subject
                    addressee = (a, close + 1)
                    closed = closed or src_a is not None
                    j = close + 1
                    continue
                if self.is_pron_pp(j) and j == i + 1:
                    addressee = (j, j + 1)  # ونؤكد لكم الحرص: the pronoun is the whole addressee
                    closed = closed or src_a is not None
                    j += 1
                    continue
                k = a
                while k <= end and not self.comp(k) and p.toks[k].text not in COMMAS | {":"} \
                        and not self.medium_at(k) and not self.is_time(k) and k - a <= 8 \
                        and not (k > a and p.toks[k].text in OPEN_QUOTES and not self._short_name_quote(k)) \
                        and not (k > a and prep_event and p.f(k) in ("الي", "عن")):  # لفرانس برس إلى مقتل
                    k += 1
                addressee = (a, k) if k > a else addressee
                closed = closed or src_a is not None
                j = k
                continue
            if self.medium_at(j):
                k = j + 1
                while k <= end and not self.comp(k) and p.toks[k].text not in COMMAS | {":"} and k - j <= 14:
                    if self.addressee_at(k):
                        a = k + 1 if (p.toks[k].text in ("لـ", "ل") or p.f(k) in ("ل", "لـ")) else k
                        b = a
                        while b <= end and not self.comp(b) and p.toks[b].text not in COMMAS | {":"} and b - a <= 8:
                            b += 1
                        addressee = (a, b) if b > a else addressee
                        k = b
                        break
                    k += 1
                closed = closed or src_a is not None
                j = k
                continue
            if self.is_time(j):
                after_time = src_a is not None and (after_time or not closed)
                closed = closed or src_a is not None
                j += 1
                continue
            if t.f in self.lex.lists["subordinators"] and src_a is not None:
                # قال إيرنست حين سئل عن ...، إن: the clause qualifies the statement, not the speaker
                k = j + 1
                while k <= end and not self.comp(k) and p.toks[k].text not in COMMAS | {":"} \
                        and not (p.toks[k].text in OPEN_QUOTES and k in p.quote_close and not self._short_name_quote(k)):
                    k += 1
                closed = True
                j = k
                continue
            if t.text == "(" and src_a is not None and self.is_time(j + 1):
                k = j + 1
                while k <= end and p.toks[k].text != ")":
                    k += 1
                closed = True
                j = k + 1
                continue
            if t.text in COMMAS:
                if src_a is not None and not closed and self.appositive_at(j + 1):
                    # قال آدم زوبين، وكيل الوزارة لشؤون الإرهاب، إن
                    k = j + 1
                    while k <= end and p.toks[k].text not in COMMAS and not self.comp(k) and p.toks[k].text != ":":
                        k += 1
                    if k <= end and k - j <= 14:
                        src_b = k
                        j = k
                        continue
                closed = closed or src_a is not None
                j += 1
                continue
            if t.text in DASHES:
                closed = closed or src_a is not None
                j += 1
                continue
            if not t.is_word and t.text not in OPEN_QUOTES and t.text not in ('"', "”", "(", "[", "«", "“", "'"):
                j += 1
                continue
            # -- a noun-phrase token
            if src_a is None:
                if closed and j > i + 1 and addressee is None:
                    return None
                if self.is_pron_pp(j) or p.f(j) in PREPS:
                    if self.is_pron_pp(j) and j == i + 1:
                        if p.f(j).startswith("ل"):
                            addressee = (j, j + 1)  # قال له / أكد لنا
                        j += 1  # جاء فيه / أكد فيه أن: 'in it', an adjunct
                        continue
                    if p.f(j) in PREPS and (j == i + 1 or all(self.is_time(x) for x in range(i + 1, j))):
                        # وقال في بيان / وأضاف في تصريح / أعلنت مساء الجمعة في «حصيلة مؤقتة» عن: an adjunct
                        k = j + 1
                        while k <= end and not self.comp(k) and p.toks[k].text not in COMMAS | {":"} and k - j <= 8 \
                                and not (prep_event and p.f(k) in ("الي", "عن")):
                            k += 1
                        j = k
                        continue
                    return None
                if self.verb_cue_at(j) or t.f.startswith("بال"):
                    return None
                src_a, src_b = j, j + 1
            elif closed:
                if p.f(j) in PREPS:
                    # a prepositional adjunct after the source: قال الوزير أمس أمام البرلمان إن
                    k = j + 1
                    while k <= end and not self.comp(k) and p.toks[k].text not in COMMAS | {":"} and k - j <= 10:
                        k += 1
                    j = k
                    continue
                if self.verb_cue_at(j) and not self.cues[j].proclitic:
                    if self.cues[j].is_participle and p.toks[j - 1].text in COMMAS:
                        # أكد X التزام بلاده ...، مبيناً أن: the participle's claim is its own; X, when it reads
                        # as a speaker (a role, a title, a first name, a body), is who the participle's subject is
                        if src_a is not None and src_b - src_a <= 8 and self._speaker_head(src_a) \
                                and p.toks[i].f not in self.lex.lists["ambiguous_forms"]:  # بين X وY: 'between'
                            self.late_speakers.append((i, src_a, src_b))
                        return None
                    j += 1  # وتابعت الصحيفة تقول إن: a second reporting verb in the same frame
                    continue
                return None
            else:
                if t.f in self.lex.lists["demonstratives"]:
                    if lemma == "تبنى" and j + 1 <= end and p.toks[j + 1].is_word:
                        return ("event", j, self._range(src_a, src_b), addressee, via)
                    return None
                if self.verb_cue_at(j):
                    if self.cues[j].proclitic:
                        return None
                    closed = True  # وتابعت الصحيفة تقول إن
                    j += 1
                    continue
                if n_src >= 14:
                    return None  # too long for a speaker: this is not a reporting frame
                if lemma in ("أبلغ", "أخبر") and t.text in OPEN_QUOTES and j in p.quote_close:
                    # أبلغ مسؤول في الوزارة «عكاظ» أن: these verbs take whom they told as a direct object
                    addressee = (j, p.quote_close[j] + 1)
                    closed = True
                    j = p.quote_close[j] + 1
                    continue
                src_b = j + 1
                if t.text in OPEN_QUOTES and j in p.quote_close:
                    src_b = p.quote_close[j] + 1
                    j = src_b
                    continue
                if t.text in ("(", "["):
                    close = ")" if t.text == "(" else "]"
                    k = j
                    while k <= end and p.toks[k].text != close:
                        k += 1
                    src_b = min(k + 1, end + 1)
                    j = src_b
                    continue
            j += 1
        return None

    def _accusation_frame(self, i: int, m: CueMatch) -> Found | None:
        """اتهم X Y بـ...: the source accuses Y; the content runs from the accused to the accusation's end."""
        p = self.p
        end = p.sent_end(i)
        k = i + 1
        while k <= end and k - i <= 16:
            f = p.f(k)
            if p.toks[k].text in ("بـ", "ب") or (f.startswith("ب") and len(f) > 3 and k > i + 1) or self.comp(k):
                break
            if p.toks[k].text in STOPS or (p.toks[k].text in COMMAS and k > i + 1):
                return None
            k += 1
        else:
            return None
        if k > end:
            return None
        x = [j for j in range(i + 1, k) if p.toks[j].is_word]
        if m.is_participle:
            src, accused = None, i + 1  # واصفاً ما حدث بأنه ...: the participle's subject is dropped
        elif "obj" in m.features:
            src, accused = (self.trim(i + 1, k) if x else None), k
        elif not x:
            return None
        else:
            split = None if (m.proclitic and self.event_at(x[0])) else self._object_start(i, i + 1, k)
            if split is None:
                if m.proclitic and (len(x) == 1 or self.event_at(x[0])):
                    split = i + 1
                else:
                    split = self._first_np_end(x)
            src = self.trim(i + 1, split) if split > i + 1 else None
            accused = split
        if m.entry.lemma == "وصف":
            accused = k  # ووصفها بأنها «عمل إجرامي»: the description is the claim
        content = self.trim(accused, self.clause_end(accused))
        if content is None:
            return None
        order = "vso" if src else "prodrop"
        kind = "mixed" if self._quoted_speech_inside(*content) or (
            m.entry.lemma == "وصف" and any(k2 in p.quote_close for k2 in range(*content))) else "indirect"
        return Found(kind=kind, cue=i, match=m, content=content, source=src, order=order, confidence=0.7)

    def _first_np_end(self, x: list[int]) -> int:
        """Guess where the subject ends in 'verb subject object' without a parse: a definite head takes one
        nisba adjective (الحكومة الأوكرانية); an indefinite head its genitive and one adjective."""
        p = self.p
        k = x[0] + 1
        if not p.toks[x[0]].f.startswith("ال"):
            k += 1  # وزارة الخزانة
        if k <= x[-1] and p.toks[k].f.startswith("ال") and p.toks[k].f.endswith("يه"):
            k += 1
        return min(k, x[-1])

    def _object_start(self, cue: int, a: int, b: int) -> int | None:
        """With a parse: the first token in [a, b) whose word is the cue verb's object."""
        p = self.p
        if not p.parsed or not p.toks[cue].token or not p.toks[cue].token.words:
            return None
        ct = p.toks[cue].token
        verb_ids = {ct.word_offset + n + 1 for n, w in enumerate(ct.words) if w.upos in ("VERB", "AUX", "NOUN")}
        for j in range(a, b):
            tok = p.toks[j].token
            if tok is None:
                continue
            for w in tok.words:
                # not obl: a prepositional phrase (الموالين للروس) is no place for the accused to start
                if w.head in verb_ids and w.deprel in ("obj", "iobj"):
                    return j if j > a else None
        return None

    def _speaker_head(self, j: int) -> bool:
        """Does a noun phrase starting at j name a plausible speaker (مصدر، وزارة، المتحدث، محمد...)?"""
        t = self.p.toks[j]
        return any(t.f in self.lex.lists[k] or t.bare in self.lex.lists[k]
                   for k in ("anonymous_heads", "role_heads", "honorifics", "first_names")) \
            or self.lex.type_heads.get(t.f) is not None or self.lex.type_heads.get(t.bare) is not None

    def _inside_known_name(self, j: int) -> bool:
        """إن inside سي إن إن: a word of a listed multiword name, not a complementizer."""
        p = self.p
        for n in (2, 3, 4):
            for a in range(j - n + 1, j + 1):
                if a >= 0 and a + n <= self.n and tuple(p.f(k) for k in range(a, a + n)) in self.lex.type_multi:
                    return True
        return False

    def _inline_quote(self, j: int) -> bool:
        """رئيس “لجنة متابعة الأسعار” الدكتور X: a quoted name inside a noun phrase, which goes on after it."""
        c = self.p.quote_close[j]
        nxt = c + 1
        return nxt < self.n and self.p.toks[nxt].is_word and not self.comp(nxt) and self.p.toks[nxt].sent == self.p.toks[c].sent

    def _relative_or_passive(self, i: int, m: CueMatch) -> bool:
        """ما ذكره / التي ذُكرت / مما قال: a relative clause about what was said, not a new claim."""
        prev = self.p.f(i - 1)
        if prev in ("ما", "وما", "مما") and not m.is_participle:
            return self.p.f(i - 2) not in ("حسب", "بحسب", "وفق", "وحسب", "وبحسب")
        return False

    def _complement_of_previous_cue(self, i: int) -> bool:
        """تابعت الصحيفة تقول / أضاف قائلاً: the second verb belongs to the first verb's frame."""
        for k in range(i - 1, max(i - 5, -1), -1):
            m = self.cues.get(k)
            if m is not None and m.entry.lemma in ("تابع", "أضاف", "مضى", "استطرد", "أردف") and not self.comp(k + 1):
                return not any(self.p.toks[x].text in COMMAS | STOPS and not self._initial_dot(x)
                               for x in range(k + 1, i))
        return False

    def _in_anon_marker(self, j: int) -> bool:
        return self.p.f(j) in ("طلب", "رفض", "فضل", "اشترط", "طلبت", "رفضت", "طلبوا", "رفضوا")

    def _range(self, a, b):
        if a is None:
            return None
        while b - 1 > a and self.p.f(b - 1) in self.lex.lists["relative_pronouns"]:
            b -= 1  # الحربي التي ...: the relative clause is not part of the name
        return self.trim(a, b)

    def _short_name_quote(self, j: int) -> bool:
        """"فرات بوست": a short quoted name inside a noun phrase, not quoted speech."""
        c = self.p.quote_close.get(j)
        if c is None:
            return False
        words = [t for t in self.p.toks[j + 1:c] if t.is_word]
        return 0 < len(words) <= 3

    def _quote_is_content(self, j: int) -> bool:
        return not self._short_name_quote(j)

    def _quoted_speech_inside(self, a: int, b: int) -> bool:
        """Content holding a quoted stretch of the speaker's words (not a quoted name)."""
        p = self.p
        for o, c in p.quote_close.items():
            if a <= o and c < b + 1:
                inner = p.toks[o + 1:c]
                words = sum(1 for t in inner if t.is_word)
                commas = sum(1 for t in inner if t.text in COMMAS)
                if words < 4 or (commas >= 2 and words <= 4 * (commas + 1) and not any(
                        t.upos == "VERB" for t in inner)):
                    continue  # a quoted name or a list of names, not the speaker's words
                return True
        return False

    def _proposition_like(self, j: int) -> bool:
        """The object at j states something (a noun phrase), not ذلك / عزمه / a pronoun."""
        if not (0 <= j < self.n) or not self.p.toks[j].is_word:
            return False
        f = self.p.f(j)
        if f in self.lex.lists["demonstratives"] or self.is_pron_pp(j):
            return False
        if self.p.parsed and self.p.toks[j].upos in ("PRON", "DET", "ADP", "CCONJ", "PUNCT"):
            return False
        return True

    def _left_np(self, i: int) -> tuple[int, int] | None:
        """The subject before a verb cue (SVO), between a left anchor and the verb."""
        p = self.p
        s = p.sent_start(i)
        j = i - 1
        if j >= s and self.comp(j) and complementizer(p, j)[0] >= i:
            return None  # ونود أن نؤكد: a subjunctive verb after أن, its subject is dropped
        if j >= s and p.f(j) in ("قد", "لقد", "فقد", "وقد"):
            j -= 1  # وكانت المقاومة الشعبية قد أعلنت: the verbal particle, not the subject's edge
        if j >= s and p.f(j)[:1] == "و" and p.f(j)[1:] in self.lex.lists["relative_pronouns"]:
            return None  # الشرطة، والتي قد تشير: a relative clause after a comma, no subject here
        if j >= s and p.f(j) in self.lex.lists["relative_pronouns"] and p.f(j) != "من":
            j -= 1  # أيباك التي قالت: the antecedent is the source
        if j >= s and p.toks[j].text in COMMAS:
            k = j - 1
            while k >= s and p.toks[k].text not in COMMAS and k > j - 8:
                k -= 1
            if k >= s and p.toks[k].text in COMMAS and self._in_anon_marker(k + 1):
                j -= 1  # مسؤولاً محلياً، طلب عدم ذكر اسمه، قال
        b = j + 1
        a = None
        while j >= s and b - j <= 14:
            t = p.toks[j]
            if self.comp(j) and complementizer(p, j)[0] <= b - 1 and p.f(j) not in ("الي", "علي", "من", "عن", "في"):
                a = j + 1
                break
            if t.f in LEFT_ANCHORS:
                a = j + 1
                break
            if t.text in COMMAS:
                # مسؤولاً محلياً، طلب عدم ذكر اسمه، قال: an anonymity clause stays in the source
                if self._in_anon_marker(j + 1):
                    j -= 1
                    continue
                # الرئيس التركي، رجب طيب أردوغان أعلن: a role before the comma is the name's apposition
                k = j - 1
                while k >= s and k > j - 6 and p.toks[k].is_word and p.f(k) not in LEFT_ANCHORS and not self.comp(k):
                    k -= 1
                if k + 1 < j and self.appositive_at(k + 1):
                    j = k
                    a = k + 1
                    break
                a = j + 1
                break
            if t.text in STOPS or t.text == ":":
                a = j + 1
                break
            if j in p.quote_open and not self._short_name_quote(p.quote_open[j]):
                a = j + 1
                break
            if self.cues.get(j) is not None and self.cues[j].entry.type == "verb":
                return None
            if self.pos_is(j, "VERB") and not self._in_anon_marker(j) and p.f(j - 1) not in self.lex.lists["relative_pronouns"] \
                    and t.f not in self.lex.lists["first_names"]:
                a = j + 1  # a verb ends the subject (the tagger also reads some names, رجب، as verbs)
                break
            j -= 1
        if a is None:
            a = s if j < s else None
        if a is None or a >= b:
            return None
        while a < b and (p.f(a) in self.lex.lists["discourse_openers"] or p.toks[a].text in COMMAS):
            a += 1
        rng = self.trim(a, b)
        if rng is None:
            return None
        a, b = rng
        first = p.toks[a]
        if b - a == 1 and _pronoun_subject(first.f):
            return None  # لكنه أشار إلى أن: a pronoun subject, the resolver finds who
        rel = p.f(i - 1)
        if rel in ("التي", "الذي", "الذين") and not _relative_agrees(rel, self.cues[i]):
            return None  # الهجمات التي قال إنها: the relative clause has its own (dropped) subject
        if a == s and first.f.startswith("و") and len(first.f) > 3 and not self.lex.type_heads.get(first.f) \
                and first.f not in self.lex.lists["first_names"] and first.f[1:] not in self.lex.type_heads:
            return None  # وأصدر المفتش العام بياناً أكد فيه: a clause-initial verb, not a subject
        if first.f in PREPS or self.is_pron_pp(a) or self.is_time(a) or first.f in NEG_WORDS:
            return None
        if not any(t.is_word for t in p.toks[a:b]):
            return None
        return (a, b)

    def _quote_before_frame(self, i: int, m: CueMatch) -> Found | None:
        """«...»، قال المتحدث: a quote closed just before the cue; the source follows the verb."""
        p = self.p
        j = i - 1
        while j >= 0 and p.toks[j].text in COMMAS | DASHES:
            j -= 1
        if j < 0 or j not in p.quote_open:
            return None
        o = p.quote_open[j]
        if self._short_name_quote(o):
            return None
        content = self.trim(o + 1, j)
        if content is None:
            return None
        end = p.sent_end(i)
        k = i + 1
        while k <= end and p.toks[k].is_word and not self.is_time(k) and not self.medium_at(k) \
                and not self.addressee_at(k):
            k += 1
        src = self.trim(i + 1, k) if k > i + 1 else None
        if m.is_participle and src is not None:
            return None
        return Found(kind="direct", cue=i, match=m, content=content, source=src,
                     order="quote_before" if src else "prodrop", confidence=0.8)

    def _jaa_frame(self, i: int, m: CueMatch) -> Found | None:
        """وجاء في بيان الوزارة أن / وجاء في رد الوزارة على لسان X: the statement speaks."""
        p = self.p
        end = p.sent_end(i)
        if p.f(i + 1) not in ("في", "علي"):
            # وجاء رأي الوزارة بما نصه "...": a quote introduced by نصه
            k = i + 1
            while k <= end and k - i < 12:
                if p.f(k) in ("نصه", "نصها") and k + 1 in p.quote_close:
                    src = self.trim(i + 1, k - 1 if p.f(k - 1) in ("بما", "ما", "فيما") else k)
                    return Found(kind="direct", cue=i, match=m, content=self.trim(k + 2, p.quote_close[k + 1]),
                                 source=src, order="vso", confidence=0.7)
                k += 1
            return None
        a = i + 2
        k = a
        src = None
        while k <= end and k - i < 25:
            if p.f(k) == "علي" and p.f(k + 1) == "لسان":
                a = k + 2
                k = a
                continue
            c = self.comp(k)
            if c or p.toks[k].text == ":" or (p.toks[k].text in COMMAS and k + 1 <= end and p.toks[k + 1].is_word
                                              and not self.appositive_at(k + 1) and a != i + 2):
                src = self.trim(a, k)
                if c:
                    return self._content_frame(i, m, "comp", k, src, None, None, "vso", 0.75)
                if p.toks[k].text == ":":
                    return self._content_frame(i, m, "colon", k, src, None, None, "vso", 0.75)
                content = self.trim(k + 1, self.clause_end(k + 1))
                if content is None:
                    return None
                return Found(kind="indirect", cue=i, match=m, content=content, source=src, order="vso", confidence=0.6)
            if p.toks[k].text in COMMAS and self.appositive_at(k + 1):
                k += 1
                continue
            if p.toks[k].text in COMMAS and a == i + 2:
                return None
            k += 1
        return None

    def _phrase_frame(self, i: int) -> Found | None:
        entry, procl, length = self.phrase_cues[i]
        from .lexicon import CueMatch

        m = CueMatch(entry, "particle", procl)
        if entry.type == "according_to_verb":
            # كما ذكرت وكالة X: the outlet credits the surrounding clause
            return self._according_frame(i, m, np_start=i + length)
        return self._according_frame(i, m, np_start=i + length)

    def _according_frame(self, i: int, m: CueMatch, np_start: int | None = None) -> Found | None:
        p = self.p
        end = p.sent_end(i)
        j = i + 1 if np_start is None else np_start
        f = p.f(j)
        if np_start is None:
            if f in ("ل", "لـ") or p.toks[j].text in ("لـ", "ل") if j < self.n else False:
                j += 1
            elif f in ("عن", "الي") and m.entry.lemma in ("نقل", "استناد"):
                j += 1
            elif f in ("ما", "لما") or p.toks[i].f.endswith("ما"):
                # بحسب ما أفادت مصادر / حسبما ذكرت الوكالة: skip to the verb's subject
                k = j + 1 if f in ("ما", "لما") else j
                if self.cues.get(k) is None or self.cues[k].entry.type != "verb":
                    return None  # حسب ما يخدم المصلحة / حسبما عوقب: no one is credited
                j = k + 1
                if self.is_pron_pp(j):
                    j += 1
        if j > end or j >= self.n:
            return None
        a = j
        k = j
        via = None
        while k <= end and k - a < 14:
            t = p.toks[k]
            if t.text in COMMAS or t.text in STOPS or t.text in DASHES or t.text == ")" or t.text == ":":
                break
            if k > a and self.is_time(k):
                break
            if k > a and t.f == "عن" and via is None and k + 1 <= end and p.toks[k + 1].is_word:
                via, a = (a, k), k + 1  # وفق وكالة الأناضول عن مصادر عسكرية: the agency relays
                k += 1
                continue
            if self.comp(k) or p.f(k) in ("فقد", "فان", "فانه", "فانها", "فهناك"):
                break
            if k > a and (p.f(k) in ("ب", "بال") or (t.f.startswith("بال") and k > a + 1) or t.f.startswith("لل") and k > a + 1):
                break
            if k > a and self.pos_is(k, "VERB") and p.f(k - 1) not in self.lex.lists["relative_pronouns"]:
                break
            if t.text in OPEN_QUOTES and k in p.quote_close:
                k = p.quote_close[k] + 1
                if k > a + 1 and not self.is_list("anonymous_heads", a):
                    break
                continue
            if t.text == "(" :
                c = k
                while c <= end and p.toks[c].text != ")":
                    c += 1
                k = c + 1
                continue
            k += 1
        src = self.trim(a, k)
        if src is None or not self._plausible_according_source(*src):
            return None
        sa, sb = src
        # where is the credited clause?
        prev = i - 1
        sent_s = p.sent_start(i)
        if m.proclitic:
            at_start = True
        else:
            at_start = prev < sent_s or p.toks[prev].text in COMMAS and self._only_openers(sent_s, prev)
            at_start = at_start or i == sent_s
        parenthetical = prev >= 0 and p.toks[prev].text in DASHES | {"("} and (
            sb < self.n and p.toks[sb].text in DASHES | {")"})
        if at_start and not parenthetical:
            c0 = sb
            while c0 <= end and (p.toks[c0].text in COMMAS or p.f(c0) in ("فقد", "فان", "ف", "قد")):
                c0 += 1
            if self.comp(c0) and p.f(c0) in ("فان", "فانه", "فانها"):
                c0 = complementizer(p, c0)[0]
            if c0 > end:
                return None
            content = self.trim(c0, self.clause_end(c0))
        elif parenthetical:
            cs = self.clause_start(i)
            content = self.trim(cs, self.clause_end(cs))
        else:
            cs = self.clause_start(i)
            if cs >= prev + 1:
                return None
            content = self.trim(cs, i)
        if content is None:
            return None
        return Found(kind="according_to", cue=i, match=m, content=content, source=src, order="according",
                     via=via, confidence=0.72)

    def _is_opener(self, a: int, b: int) -> bool:
        """Do tokens [a, b) spell a discourse opener (كذلك / إلى ذلك / من جهة أخرى / بدورهم)?"""
        words = tuple(self.p.f(k) for k in range(a, b))
        if not words:
            return False
        return (len(words) == 1 and words[0] in self.lex.lists["discourse_openers"]) or \
            words in self.lex.lists["discourse_openers_multi"]

    def _only_openers(self, a: int, b: int) -> bool:
        return all(self.p.toks[k].f in self.lex.lists["discourse_openers"] or self.p.toks[k].text in COMMAS
                   or self.p.f(k) in ("الي", "ذلك", "من", "جهته", "جهتها", "جانبه", "جانبها", "في", "السياق", "المقابل")
                   for k in range(a, b))

    def _plausible_according_source(self, a: int, b: int) -> bool:
        """بحسب المرصد yes; حسب القانون / وفقاً للقرار / وفق برنامج (legal basis, terms) no."""

        p = self.p
        head = p.toks[a]
        f = head.f
        cands = {f, strip_article(f)}
        if f.startswith("لل"):
            cands |= {"ال" + f[2:], f[2:]}
        elif f.startswith("ل") and len(f) > 3:
            cands |= {f[1:], strip_article(f[1:])}
        if cands & self.lex.lists["legal_basis"] or head.f[:1].isdigit() or head.f in _NUMBER_WORDS:
            return False
        if any(t.text in OPEN_QUOTES or t.text == "(" for t in p.toks[a:b]):
            return True
        heads = set()
        for name in ("anonymous_heads", "role_heads", "honorifics", "first_names"):
            heads |= self.lex.lists[name]
        if cands & heads or any(c in self.lex.type_heads for c in cands):
            return True
        if p.parsed and head.upos == "PROPN":
            return True
        # an unknown word may be a name (an outlet, a person); a plain definite common noun is not credited
        return not head.f.startswith("ال")


_CLOSE_BRACKET = {")": "(", "]": "[", "}": "{"}
_NUMBER_WORDS = {"احد", "اثنين", "اثنان", "ثلاث", "ثلاثه", "اربع", "اربعه", "خمس", "خمسه", "سته", "ست", "سبع", "سبعه",
                 "ثمان", "ثماني", "ثمانيه", "تسع", "تسعه", "عشر", "عشره", "مليون", "مليار", "الف", "الاف", "مئات",
                 "عشرات", "الاف", "نصف", "ربع", "ثلث"}


def _pronoun_subject(f: str) -> bool:
    for base in ("لكن", "ولكن", "فان", "ان", "وان", "لان", "كان", "الا ان"):
        if f.startswith(base) and f[len(base):] in ("ه", "ها", "هم", "هما", "هن", "ني", "نا"):
            return True
    return f in ("هو", "هي", "هم", "وهو", "وهي", "وهم")


def _relative_agrees(rel: str, m: CueMatch) -> bool:
    want = {"التي": "f", "الذي": "m", "الذين": "pl"}[rel]
    if m.number == "pl":
        return want == "pl" or want == "f"
    return m.gender == want or m.gender in ("", "1")


def find_frames(p: Para, lex: Lexicon) -> list[Found]:
    return FrameFinder(p, lex).find_all()
