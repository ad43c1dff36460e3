"""Extract: an annotated document → attributions with exact character spans.

``extract(adoc)`` finds every cue of the lexicon, fits it to a frame (see
:mod:`.frames`), then settles how frames relate: an according-to phrase that
opens a reported-speech sentence becomes that record's ``via``
(``وحسب وكالة X، قال Y إن``), and one embedded in another attribution's
content credits that same content. Source names, types and pro-drop
antecedents are the resolver's job (:mod:`attribution.resolve`).
"""
from __future__ import annotations

from ..arabic import drop_attached_lam, strip_quotes
from ..models import Attribution, Span
from ..nlp.base import AnnotatedDoc
from .frames import Found, FrameFinder, find_frames
from .lexicon import CueMatch, Lexicon, default_lexicon
from .view import Para, build_paragraphs

__all__ = ["extract", "extract_with_speakers", "cue_windows", "Lexicon", "default_lexicon", "CueMatch", "sentence_has_cue"]

#: parts of the pipeline a rule set needs from the annotator (checked by the pipeline)
REQUIRES = frozenset({"tokenize"})


def extract(adoc: AnnotatedDoc, lexicon: Lexicon | None = None) -> list[Attribution]:
    """All attributions in one document, in text order; spans slice ``adoc.doc.text``."""
    return extract_with_speakers(adoc, lexicon)[0]


def extract_with_speakers(adoc: AnnotatedDoc, lexicon: Lexicon | None = None):
    """Attributions plus the subjects of directives (candidate antecedents for dropped sources)."""
    from ..resolve.document import Speaker

    lex = lexicon or default_lexicon()
    out: list[Attribution] = []
    speakers: list[Speaker] = []
    for para in build_paragraphs(adoc):
        finder = FrameFinder(para, lex)
        found = _settle(finder.find_all())
        out.extend(_to_attribution(adoc, para, f) for f in found)
        for cue, a, b in finder.speakers():
            speakers.append(Speaker(cue_start=para.toks[cue].start, text=para.text_of(a, b),
                                    features=finder.cues[cue].features))
    out.sort(key=lambda a: (a.cue.start, a.content.start))
    return out, speakers


_MARKERS = frozenset({"ان", "بان", "وان", "فان", "انه", "انها", "انهم", "بانه", "بانها", "بانهم", "وانه", "وانها",
                      "فانه", "فانها", "اننا", "انني"})
_MARK_PUNCT = frozenset(":«»“”\"")


def sentence_has_cue(text: str, sentence, lexicon: Lexicon | None = None) -> bool:
    """The prefilter: could this sentence hold an attribution? (a few set lookups per word)

    It needs a cue (a reporting verb, an according-to word, or a whole multiword
    cue such as على حد قول) and, for a reporting verb, something a frame can
    end on in the same sentence: a complementizer, a colon or quote mark, or a
    preposition that introduces an event (عن، إلى، بـ). Sentences without both
    cannot yield an attribution, so they are not parsed.
    """
    from ..arabic import fold_word

    lex = lexicon or default_lexicon()
    folded = [fold_word(t.text) if t.is_word else t.text for t in sentence.tokens]
    verb = according = terminator = False
    for k, f in enumerate(folded):
        if f in _MARKERS or f in _MARK_PUNCT or f in ("عن", "الي") or (f.startswith("ب") and len(f) > 3):
            terminator = True
        m = lex.match(f)
        if m is not None:
            if m.entry.type == "according_to":
                according = True
            elif m.entry.mark:
                verb = True
        for entry, _ in lex.phrase_entries(f):
            if all(k + 1 + j < len(folded) and folded[k + 1 + j] == w for j, w in enumerate(entry.words)):
                according = True
    return according or (verb and terminator)


def _settle(found: list[Found]) -> list[Found]:
    verbs = [f for f in found if f.kind != "according_to"]
    drop: set[int] = set()
    for f in found:
        if f.kind != "according_to":
            continue
        a, b = f.content
        for v in verbs:
            if v.via is None and v.cue in range(a, min(a + 3, b)) and (v.source is not None or v.order != "vso"):
                # وحسب وكالة X، قال Y إن ...: one record, credited to Y, relayed by X
                v.via = f.source
                drop.add(id(f))
                break
        else:
            for v in verbs:
                va, vb = v.content
                if va <= f.cue < vb:
                    f.content = v.content  # the phrase credits the clause it sits in
                    break
    # a cue inside another record's source, via or addressee is part of that phrase, not a frame of its own
    spans = [(rng, id(f)) for f in found for rng in (f.source, f.via, f.addressee, f.consumed) if rng]
    for f in found:
        for (sa, sb), owner in spans:
            if owner != id(f) and sa <= f.cue < sb:
                drop.add(id(f))
    return [f for f in found if id(f) not in drop]


def _span(p: Para, rng: tuple[int, int] | None) -> Span | None:
    if rng is None:
        return None
    a, b = rng
    start, end = p.toks[a].start, p.toks[b - 1].end
    return Span(start=start, end=end, text=p.text[start:end])


_QUOTE_MARKS = str.maketrans("", "", "«»“”\"'")
_PRONOUN_OBJECTS = ("نا", "ه", "ها", "هم", "هما", "هن", "ي", "ك", "كم")


def _addressee_text(text: str) -> str:
    """The addressee without the preposition glued to it: لفرانس برس → فرانس برس, للصحفيين → الصحفيين,
    لـموقع → موقع (ANNOTATION §4). The field is a name, not a span, so dropping the clitic moves no offset;
    a pronoun (لنا، له) stays whole, there being no name to give."""
    text = strip_quotes(text.translate(_QUOTE_MARKS)) or text  # لـ«رويترز» → رويترز, لـ(عكاظ) → عكاظ
    if text.startswith("ل") and text.split()[0][1:] in _PRONOUN_OBJECTS:
        return text
    return drop_attached_lam(text) or text


def _to_attribution(adoc: AnnotatedDoc, p: Para, f: Found) -> Attribution:
    doc = adoc.doc
    conf = f.confidence if p.parsed else f.confidence - 0.05
    return Attribution(
        doc_id=doc.id, doc_version=doc.version, kind=f.kind,
        cue=_span(p, (f.cue, f.cue + 1)), source=_span(p, f.source), content=_span(p, f.content),
        addressee=_addressee_text(p.text_of(*f.addressee)) if f.addressee else None,
        via=p.text_of(*f.via) if f.via else None,
        cue_lemma=f.match.entry.lemma, cue_features=f.match.features, stance=f.match.entry.stance,
        confidence=max(0.05, min(conf, 0.99)))


#: how far before a cue a subject may start (SVO), and how far after it the frame head may run
_LEFT, _RIGHT = 12, 25
_LEFT_STOPS = _MARKERS | frozenset({"،", ",", ".", ":", "؟", "!", "كان", "وكان", "كانت", "وكانت", "لكن", "ولكن",
                                    "فيما", "بينما", "حيث", "الا"})


def cue_windows(text: str, sentence, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """What of a sentence to parse: for each cue, from a few words before it to its complementizer.

    The rules consult the parse around the cue (is this word a verb, where does
    the subject end, who is the object); the reported clause after إن/أن is
    taken from the surface. Parsing only these stretches keeps the parser's
    work proportional to the attributions, not to the text. Returns token
    index ranges [a, b), merged; empty when the sentence holds no cue.
    """
    if not sentence_has_cue(text, sentence, lexicon):
        return []
    from ..arabic import fold_word

    lex = lexicon or default_lexicon()
    toks = sentence.tokens
    folded = [fold_word(t.text) if t.is_word else t.text for t in toks]
    spans: list[tuple[int, int]] = []
    for k, f in enumerate(folded):
        m = lex.match(f)
        if not ((m is not None and (m.entry.mark or m.entry.type != "verb")) or lex.phrase_entries(f)):
            continue
        verb_first = m is None or m.entry.type != "verb" or bool(m.proclitic) or m.is_participle
        right = 10 if (m is None or m.entry.type != "verb") else _RIGHT
        b = k + 1
        while b < len(toks) and b - k <= right:
            g = folded[b]
            b += 1
            if g in _MARKERS or g in _MARK_PUNCT or g in (".", "؟", "!"):
                break
        # only a verb that may follow its subject (ذكرت، قالت without و) needs the words before it,
        # back to where that subject can start: a complementizer, a comma, كان... (as frames._left_np)
        a = k
        if not verb_first:
            while a > 0 and k - a < _LEFT and folded[a - 1] not in _LEFT_STOPS:
                a -= 1
        spans.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged
