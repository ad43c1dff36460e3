"""A large synthetic store for the TUI benchmark, built through the real models.

Documents are Arabic news-like paragraphs made from templates (named people
with roles, official bodies, unnamed activists, direct quotes, ``حسب``
asides, some ``[عاجل]`` brackets); every attribution is a real
:class:`~attribution.models.Attribution` with spans cut from its document by
:meth:`Span.of`, stored with the real store and turned into sources and
claims by :func:`attribution.tracker.rebuild`. Contents repeat across
documents on purpose so claims have several sources, as in real coverage.
Deterministic for a given size (seeded RNG).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from attribution.models import Attribution, Document, ReviewEvent, Span
from attribution.review import decision

FIRST = ["صهيب", "محمد", "أحمد", "علي", "عمر", "خالد", "يوسف", "حسن", "سامر", "ليلى", "رنا", "هدى", "مريم",
         "فاطمة", "نور", "زياد", "طارق", "ماهر", "وائل", "باسل", "جمال", "سعيد", "إبراهيم", "عبد الله"]
LAST = ["الجابر", "الأحمد", "العلي", "الحسن", "الخطيب", "المصري", "الشامي", "الحلبي", "الزعبي", "العمر",
        "الدوري", "الكردي", "السيد", "النجار", "الحداد", "العبد الله", "الرفاعي", "القاسم", "الموسى", "الصالح"]
ROLES = ["مدير شبكة \"فرات بوست\"", "المتحدث باسم الوزارة", "قائد ميداني", "مسؤول محلي", "الناطق العسكري",
         "رئيس المجلس المحلي", "مراسل [خاص]", "الباحث في الشؤون العسكرية"]
BODIES = ["وزارة الدفاع العراقية", "وزارة الخارجية الروسية", "قوات سوريا الديمقراطية", "التحالف الدولي",
          "المرصد السوري لحقوق الإنسان", "الأمم المتحدة", "الحكومة العراقية", "هيئة تحرير الشام",
          "الدفاع المدني", "منظمة الصحة العالمية"]
UNNAMED = ["ناشطون محليون", "مصادر ميدانية", "شبكات محلية على مواقع التواصل الاجتماعي", "مصادر مطلعة",
           "ناشطين", "شهود عيان"]
OUTLETS = ["تلفزيون سوريا", "عنب بلدي", "الجزيرة نت", "العربي الجديد", "سكاي نيوز عربية", "روسيا اليوم",
           "فرات بوست", "المدن", "القدس العربي", "الشرق الأوسط"]
SUBJECTS = ["قوات الجيش العراقي", "تنظيم \"الدولة\"", "ميليشيا \"الحشد الشعبي\"", "قوات نظام الأسد",
            "طائرات التحالف", "فصائل المعارضة", "قوات \"قسد\"", "الميليشيات الإيرانية"]
VERBS = ["قصفت", "استهدفت", "سيطرت على", "انسحبت من", "هاجمت", "حاصرت", "دخلت"]
PLACES = ["مدينة البوكمال", "بلدة الباغوز", "ريف دير الزور الشرقي", "مدينة الميادين", "بلدة هجين",
          "قرية السوسة", "منطقة الشعفة", "محيط مدينة القائم", "حقل العمر النفطي", "بادية الشام"]
TAILS = ["دون ورود أنباء عن إصابات", "وسط حالة من التوتر", "بعد اشتباكات استمرت ساعات",
         "ما أدى إلى مقتل عدد من العناصر", "[بحسب الرواية الرسمية]", "في وقت متأخر من الليل"]


def _content(rng: random.Random) -> str:
    # a small vocabulary so the same proposition recurs across documents
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} مواقع في {rng.choice(PLACES)} {rng.choice(TAILS)}"


def _paragraph(rng: random.Random, doc_id: str, offset: int) -> tuple[str, dict]:
    """One paragraph and the fields of its attribution (spans relative to the document)."""
    content = _content(rng)
    r = rng.random()
    if r < 0.35:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        role = rng.choice(ROLES)
        text = f"وقال {role} ({name}) لـ موقع {rng.choice(OUTLETS)} إن {content}."
        cue, src = "وقال", name
        fields = dict(kind="indirect", source_type="person", anonymous=False, role=role, source_name=name)
    elif r < 0.6:
        name = rng.choice(BODIES)
        text = f"وأكدت {name} في بيان رسمي أن {content}."
        cue, src = "وأكدت", name
        fields = dict(kind="indirect", source_type="government" if "وزارة" in name or "الحكومة" in name
                      else "organization", anonymous=False, source_name=name)
    elif r < 0.85:
        name = rng.choice(UNNAMED)
        text = f"{content} - حسب {name} -، في حين لم يصدر أي تعليق رسمي."
        cue, src = "حسب", name
        fields = dict(kind="according_to", source_type="activists", anonymous=True, source_name=name)
    else:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        text = f"وقال {name}: \"{content}\"."
        cue, src = "وقال", name
        fields = dict(kind="direct", source_type="person", anonymous=False, source_name=name)
    c0 = text.index(content)
    spans = {"cue": (text.index(cue), text.index(cue) + len(cue)),
             "source": (text.index(src), text.index(src) + len(src)),
             "content": (c0, c0 + len(content))}
    return text, {"fields": fields, "spans": {k: (a + offset, b + offset) for k, (a, b) in spans.items()}}


def synthetic_corpus(n_attributions: int, per_doc: int = 10, seed: int = 6,
                     reviewed_share: float = 0.05) -> tuple[list[Document], dict[str, list[Attribution]],
                                                               list[ReviewEvent]]:
    """Documents, their attributions by document id, and some review events."""
    rng = random.Random(seed)
    docs: list[Document] = []
    by_doc: dict[str, list[Attribution]] = {}
    events: list[ReviewEvent] = []
    start = date(2018, 1, 1)
    n_docs = (n_attributions + per_doc - 1) // per_doc
    made = 0
    for d in range(n_docs):
        doc_id = f"syn{d:06d}"
        outlet = OUTLETS[d % len(OUTLETS)]
        paras, metas, offset = [], [], 0
        title = f"[عاجل] {_content(rng)}"
        head = f"{title}\n{outlet} - {start + timedelta(days=d % 1500)}\n"
        offset = len(head)
        for _ in range(min(per_doc, n_attributions - made)):
            text, meta = _paragraph(rng, doc_id, offset)
            paras.append(text)
            metas.append(meta)
            offset += len(text) + 1
            made += 1
        full = head + "\n".join(paras)
        doc = Document(id=doc_id, text=full, title=title, outlet=outlet,
                       date=str(start + timedelta(days=d % 1500)), origin="synthetic")
        docs.append(doc)
        atts = []
        for m in metas:
            sp = {k: Span.of(full, a, b) for k, (a, b) in m["spans"].items()}
            a = Attribution(doc_id=doc_id, doc_version=doc.version, cue=sp["cue"], source=sp["source"],
                            content=sp["content"], cue_lemma=sp["cue"].text, confidence=0.8, **m["fields"])
            atts.append(a)
            if rng.random() < reviewed_share:
                events.append(decision(rng.choice(["accept", "accept", "reject"]), a, actor="bench"))
        by_doc[doc_id] = atts
    return docs, by_doc, events


def build_store(store, n_attributions: int, **kw) -> dict:
    """Fill ``store`` with the synthetic corpus and rebuild sources and claims; returns counts."""
    from attribution.tracker import rebuild

    docs, by_doc, events = synthetic_corpus(n_attributions, **kw)
    store.put_documents(docs)
    store.replace_attributions_many(by_doc)
    store.append_reviews(events)
    sources, claims = rebuild(store)
    return {"documents": len(docs), "attributions": sum(len(v) for v in by_doc.values()),
            "events": len(events), "sources": len(sources), "claims": len(claims)}
