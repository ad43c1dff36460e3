"""Regenerate attribution/data/cues.json from compact verb paradigms.

The JSON file is the lexicon the extractor reads and the one a linguist
edits; this script only saves typing when adding a whole verb. Run:
    python tools/build_cue_lexicon.py > attribution/data/cues.json
Forms are written with proper hamza/alef; the matcher folds alef forms,
ة/ه, ى/ي and diacritics, and strips the proclitics listed per entry.
"""
import json
import sys

# lemma, past stem, present stem (after the person prefix), participle stem,
# stance, complements, mark (False: directives, not attributions), extras
VERBS = [
    ("قال", "قال", "قول", "قائل", "neutral", ["إن", "quote", ":"], True,
     {"قلت": "past.1.sg", "قلن": "past.f.pl", "قلنا": "past.1.pl"}),
    ("أضاف", "أضاف", "ضيف", "مضيف", "neutral", ["أن", "quote", ":"], True, {}),
    ("تابع", "تابع", "تابع", "متابع", "neutral", ["أن", "quote", ":", "verb"], True, {}),
    ("أردف", "أردف", "ردف", "مردف", "neutral", ["أن", "quote", ":"], True, {}),
    ("استطرد", "استطرد", "ستطرد", "مستطرد", "neutral", ["أن", "quote", ":"], True, {}),
    ("أكد", "أكد", "ؤكد", "مؤكد", "assert", ["أن", "quote", ":", "event"], True,
     {"أكّد": "past.m.sg", "أكّدت": "past.f.sg"}),
    ("شدد", "شدد", "شدد", "مشدد", "assert", ["على أن", "quote", ":"], True, {"شدّد": "past.m.sg", "شدّدت": "past.f.sg"}),
    ("أشار", "أشار", "شير", "مشير", "neutral", ["إلى أن", "event", ":"], True, {}),
    ("لفت", "لفت", "لفت", "لافت", "neutral", ["إلى أن", "أن", "event"], True, {}),
    ("نوه", "نوه", "نوه", "منوه", "neutral", ["إلى أن", "بأن", "أن"], True, {"نوّه": "past.m.sg", "نوّهت": "past.f.sg"}),
    ("أوضح", "أوضح", "وضح", "موضح", "neutral", ["أن", "quote", ":"], True, {}),
    ("بين", "بين", "بين", "مبين", "neutral", ["أن"], True, {"بيّن": "past.m.sg", "بيّنت": "past.f.sg"}),
    ("أعلن", "أعلن", "علن", "معلن", "neutral", ["أن", "event", "quote", ":"], True, {}),
    ("صرح", "صرح", "صرح", "مصرح", "neutral", ["أن", "بأن", "quote", ":"], True, {"صرّح": "past.m.sg", "صرّحت": "past.f.sg"}),
    ("ذكر", "ذكر", "ذكر", "ذاكر", "neutral", ["أن", "quote", ":"], True, {}),
    ("أفاد", "أفاد", "فيد", "مفيد", "neutral", ["بأن", "أن", "event"], True, {}),
    ("كشف", "كشف", "كشف", "كاشف", "reveal", ["عن", "أن", "event"], True, {}),
    ("نقل", "نقل", "نقل", "ناقل", "relay", ["عن", "أن"], True, {}),
    ("روى", "روى", "روي", "راوي", "neutral", ["أن", "quote", ":"], True,
     {"روت": "past.f.sg", "رووا": "past.m.pl", "راويا": "participle.m.sg"}),
    ("اعتبر", "اعتبر", "عتبر", "معتبر", "opinion", ["أن"], True, {}),
    ("رأى", "رأى", "رى", "رائي", "opinion", ["أن"], True,
     {"رأت": "past.f.sg", "رأوا": "past.m.pl", "يرى": "present.m.sg", "ترى": "present.f.sg", "يرون": "present.m.pl",
      "نرى": "present.1.pl", "أرى": "present.1.sg"}),
    ("حذر", "حذر", "حذر", "محذر", "warn", ["من أن", "أن", "quote", ":"], True, {"حذّر": "past.m.sg", "حذّرت": "past.f.sg"}),
    ("دعا", "دعا", "دعو", "داعي", "directive", ["إلى"], False,
     {"دعت": "past.f.sg", "دعوا": "past.m.pl", "داعيا": "participle.m.sg", "داعية": "participle.f.sg"}),
    ("طالب", "طالب", "طالب", "مطالب", "directive", ["ب"], False, {}),
    ("اتهم", "اتهم", "تهم", "متهم", "accuse", ["ب", "بأن"], True, {}),
    ("نفى", "نفى", "نفي", "نافي", "deny", ["أن", "event", "quote", ":"], True,
     {"نفت": "past.f.sg", "نفوا": "past.m.pl", "نافيا": "participle.m.sg", "نافية": "participle.f.sg"}),
    ("زعم", "زعم", "زعم", "زاعم", "claim", ["أن"], True, {}),
    ("ادعى", "ادعى", "دعي", "مدعي", "claim", ["أن"], True,
     {"ادعت": "past.f.sg", "ادعوا": "past.m.pl", "ادّعى": "past.m.sg", "ادّعت": "past.f.sg"}),
    ("رجح", "رجح", "رجح", "مرجح", "hedge", ["أن"], True, {"رجّح": "past.m.sg", "رجّحت": "past.f.sg"}),
    ("توقع", "توقع", "توقع", "متوقع", "predict", ["أن"], True, {"توقّع": "past.m.sg", "توقّعت": "past.f.sg"}),
    ("أعرب", "أعرب", "عرب", "معرب", "neutral", ["عن", "أن", "quote", ":"], True, {}),
    ("وصف", "وصف", "صف", "واصف", "opinion", ["بأن", "ب"], True, {}),
    ("اعترف", "اعترف", "عترف", "معترف", "admit", ["بأن", "أن", "event"], True, {}),
    ("أقر", "أقر", "قر", "مقر", "admit", ["بأن", "أن"], True, {"أقرّ": "past.m.sg", "أقرّت": "past.f.sg"}),
    ("أبلغ", "أبلغ", "بلغ", "مبلغ", "neutral", ["بأن", "أن"], True, {}),
    ("تحدث", "تحدث", "تحدث", "متحدث", "neutral", ["عن", "event"], True, {}),
    ("شرح", "شرح", "شرح", "شارح", "neutral", ["أن", ":"], True, {}),
    ("اعتقد", "اعتقد", "عتقد", "معتقد", "opinion", ["أن"], True, {}),
    ("أفصح", "أفصح", "فصح", "مفصح", "reveal", ["عن", "أن", "event"], True, {}),
    ("أورد", "أورد", "ورد", "مورد", "neutral", ["أن"], True, {}),
    ("كتب", "كتب", "كتب", "كاتب", "neutral", ["أن", "quote", ":"], True, {}),
    ("غرد", "غرد", "غرد", "مغرد", "neutral", ["أن", "quote", ":"], True, {"غرّد": "past.m.sg", "غرّدت": "past.f.sg"}),
    ("أبدى", "أبدى", "بدي", "مبدي", "neutral", ["أن"], True, {"أبدت": "past.f.sg", "أبدوا": "past.m.pl"}),
    ("استبعد", "استبعد", "ستبعد", "مستبعد", "hedge", ["أن"], True, {}),
    ("أشاد", "أشاد", "شيد", "مشيد", "opinion", ["ب"], False, {}),
    # speech acts that are not attributions (no claim clause), kept so their subjects can be antecedents
    ("أدان", "أدان", "دين", "مدين", "condemn", [], False, {}),
    ("رحب", "رحب", "رحب", "مرحب", "welcome", [], False, {"رحّب": "past.m.sg", "رحّبت": "past.f.sg"}),
    ("انتقد", "انتقد", "نتقد", "منتقد", "criticise", [], False, {}),
    ("ناشد", "ناشد", "ناشد", "مناشد", "directive", [], False, {}),
    ("حث", "حث", "حث", "حاث", "directive", [], False, {"حثّ": "past.m.sg", "حثّت": "past.f.sg"}),
    ("هدد", "هدد", "هدد", "مهدد", "threat", [], False, {"هدّد": "past.m.sg", "هدّدت": "past.f.sg"}),
    ("استنكر", "استنكر", "ستنكر", "مستنكر", "condemn", [], False, {}),
    ("أعرب", "أعرب", "عرب", "معرب", "neutral", [], False, {}),
    ("ندد", "ندد", "ندد", "مندد", "condemn", [], False, {"ندّد": "past.m.sg", "ندّدت": "past.f.sg"}),
    ("استهجن", "استهجن", "ستهجن", "مستهجن", "condemn", [], False, {}),
    ("جاء", "جاء", "جيء", "", "neutral", ["في"], True, {"جاءت": "past.f.sg", "يجيء": "present.m.sg"}),
    ("نشر", "نشر", "نشر", "ناشر", "neutral", ["أن"], True, {}),
    ("أبان", "أبان", "بين", "مبين", "neutral", ["أن"], True, {}),
    ("تبنى", "تبنى", "تبنى", "متبني", "claim_responsibility", ["event"], True,
     {"تبنت": "past.f.sg", "تبنوا": "past.m.pl", "تبنّى": "past.m.sg", "تبنّت": "past.f.sg"}),
    ("أعلم", "أعلم", "علم", "معلم", "neutral", ["بأن", "أن"], False, {}),
]

ACCORDING_TO = [
    # word, lemma, what may follow it before the source
    ("حسب", "حسب", ["ما"]),
    ("بحسب", "حسب", ["ما"]),
    ("حسبما", "حسب", []),
    ("وفق", "وفق", ["ما"]),
    ("وفقا", "وفق", ["ل", "لما"]),
    ("وفقاً", "وفق", ["ل", "لما"]),
    ("طبقا", "طبق", ["ل", "لما"]),
    ("طبقاً", "طبق", ["ل", "لما"]),
    ("نقلا", "نقل", ["عن"]),
    ("نقلاً", "نقل", ["عن"]),
    ("استنادا", "استناد", ["إلى", "الى", "ل"]),
    ("استناداً", "استناد", ["إلى", "الى", "ل"]),
    ("تبعا", "تبع", ["ل", "لما"]),
    ("تبعاً", "تبع", ["ل", "لما"]),
]

PHRASES = [
    # multiword according-to cues: the cue span is the first word (ANNOTATION §2)
    {"words": ["على", "حد", "قول"], "lemma": "على حد قول", "type": "according_to"},
    {"words": ["على", "حد", "تعبير"], "lemma": "على حد تعبير", "type": "according_to"},
    {"words": ["على", "ذمة"], "lemma": "على ذمة", "type": "according_to"},
    {"words": ["كما", "ذكرت"], "lemma": "كما ذكر", "type": "according_to_verb"},
    {"words": ["كما", "ذكر"], "lemma": "كما ذكر", "type": "according_to_verb"},
    {"words": ["كما", "أفادت"], "lemma": "كما أفاد", "type": "according_to_verb"},
    {"words": ["كما", "أفاد"], "lemma": "كما أفاد", "type": "according_to_verb"},
    {"words": ["كما", "قالت"], "lemma": "كما قال", "type": "according_to_verb"},
    {"words": ["كما", "قال"], "lemma": "كما قال", "type": "according_to_verb"},
    {"words": ["كما", "نقلت"], "lemma": "كما نقل", "type": "according_to_verb"},
    {"words": ["كما", "نقل"], "lemma": "كما نقل", "type": "according_to_verb"},
]


def paradigm(past, pres, part, extras):
    forms = {}
    if past:
        for suf, feat in (("", "past.m.sg"), ("ت", "past.f.sg"), ("وا", "past.m.pl"), ("ا", "past.m.du"),
                          ("تا", "past.f.du"), ("ن", "past.f.pl"), ("نا", "past.1.pl")):
            forms.setdefault(past + suf, feat)
    if pres:
        for pre, suf, feat in (("ي", "", "present.m.sg"), ("ت", "", "present.f.sg"), ("ي", "ون", "present.m.pl"),
                               ("ن", "", "present.1.pl"), ("أ", "", "present.1.sg"), ("ي", "ان", "present.m.du"),
                               ("ت", "ان", "present.f.du"), ("ي", "ن", "present.f.pl")):
            forms.setdefault(pre + pres + suf, feat)
    if part:
        for suf, feat in (("ا", "participle.m.sg"), ("اً", "participle.m.sg"), ("ًا", "participle.m.sg"),
                          ("ة", "participle.f.sg"), ("ين", "participle.m.pl"), ("ون", "participle.m.pl"),
                          ("تين", "participle.f.du"), ("ان", "participle.m.du")):
            forms.setdefault(part + suf, feat)
    forms.update(extras)
    return forms


def main():
    entries = []
    for lemma, past, pres, part, stance, comps, mark, extras in VERBS:
        # speech acts that are not attributions only serve to find speakers: finite forms are enough,
        # and their participles (مدين، مرحب) are mostly ordinary nouns
        forms = paradigm(past, pres, part if mark else "", extras)
        entries.append({"lemma": lemma, "type": "verb", "stance": stance, "complements": comps, "mark": mark,
                        "proclitics": ["و", "ف"], "forms": forms})
    for word, lemma, follow in ACCORDING_TO:
        entries.append({"lemma": lemma, "type": "according_to", "stance": "neutral", "complements": follow,
                        "mark": True, "proclitics": ["و", "ف"], "forms": {word: "particle"}})
    for ph in PHRASES:
        entries.append({"lemma": ph["lemma"], "type": ph["type"], "stance": "neutral", "complements": [],
                        "mark": True, "proclitics": ["و", "ف"], "words": ph["words"], "forms": {}})
    doc = {
        "about": "Arabic attribution cue lexicon. One entry per cue: lemma, type (verb | according_to | "
                 "according_to_verb), stance, complements it takes (إن/أن/بأن/إلى أن/على أن/من أن/عن/ب, "
                 "quote, ':' or event = an event noun phrase object), mark (false: directives such as دعا/طالب, "
                 "which are not attributions), proclitics the matcher strips, and surface forms with features "
                 "tense.gender.number (1 = first person). Matching folds alef forms, ة/ه, ى/ي and diacritics.",
        "version": 1,
        "entries": entries,
    }
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
