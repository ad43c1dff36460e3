"""Extract: an annotated document → attributions with exact character spans.

``extract(adoc)`` finds every cue of the lexicon, fits it to a frame (see
:mod:`.frames`), then settles how frames relate: an according-to phrase that
opens a reported-speech sentence becomes that record's ``via``
(``وحسب وكالة X، قال Y إن``), and one embedded in another attribution's
content credits that same content. Source names, types and pro-drop
antecedents are the resolver's job (:mod:`attribution.resolve`).
"""
from __future__ import annotations

from ..models import Attribution, Span
from ..nlp.base import AnnotatedDoc
from .frames import Found, FrameFinder, find_frames
from .lexicon import CueMatch, Lexicon, default_lexicon
from .view import Para, build_paragraphs

__all__ = ["extract", "extract_with_speakers", "Lexicon", "default_lexicon", "CueMatch", "sentence_has_cue"]

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


def sentence_has_cue(text: str, sentence, lexicon: Lexicon | None = None) -> bool:
    """The prefilter: does any token of the sentence spell a cue? (cheap: a set lookup per word)"""
    from ..arabic import fold_word

    lex = lexicon or default_lexicon()
    return any(t.is_word and lex.could_be_cue(fold_word(t.text)) for t in sentence.tokens)


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


def _to_attribution(adoc: AnnotatedDoc, p: Para, f: Found) -> Attribution:
    doc = adoc.doc
    conf = f.confidence if p.parsed else f.confidence - 0.05
    return Attribution(
        doc_id=doc.id, doc_version=doc.version, kind=f.kind,
        cue=_span(p, (f.cue, f.cue + 1)), source=_span(p, f.source), content=_span(p, f.content),
        addressee=p.text_of(*f.addressee) if f.addressee else None,
        via=p.text_of(*f.via) if f.via else None,
        cue_lemma=f.match.entry.lemma, cue_features=f.match.features, stance=f.match.entry.stance,
        confidence=max(0.05, min(conf, 0.99)))
