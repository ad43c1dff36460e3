"""Saved web pages (issue 4): the main text is extracted with trafilatura, title/date/outlet become metadata,
and every offset points into the extracted text as stored (trafilatura's whitespace normalisation included:
the extracted text *is* the stored text).

The page is the seed article as a news site would serve it: navigation, the font-size buttons
(«حجم الخط», +A/-A), an image caption, a "read also" box and a footer around the body paragraphs.
"""
from __future__ import annotations

import html

import pytest

from attribution.ingest import ingest
from attribution.pipeline import make_pipeline

TITLE = 'قصف متبادل بين القوات العراقية وتنظيم "الدولة" شرق دير الزور'
CHROME = ["الرئيسية", "التغطية الحية", "حجم الخط", "اقرأ أيضاً", "جميع الحقوق محفوظة", "غارات جديدة على إدلب"]


def _body(seed_text: str) -> list[str]:
    start = seed_text.index("تعرّضت")
    return [p for p in seed_text[start:].split("\n") if p.strip()]


def seed_page(seed_text: str, charset: str = "utf-8") -> str:
    paras = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in _body(seed_text))
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>{html.escape(TITLE)} | تلفزيون سوريا</title>
<meta property="og:site_name" content="تلفزيون سوريا">
<meta property="og:title" content="{html.escape(TITLE)}">
<meta property="article:published_time" content="2018-11-28T10:11:00+02:00">
<link rel="canonical" href="https://www.syria.tv/content/qasf-mutabadal">
</head><body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/live">التغطية الحية</a></li></ul></nav></header>
<main><article>
<h1>{html.escape(TITLE)}</h1>
<div class="tools"><button>+A</button><span>حجم الخط</span><button>-A</button></div>
<figure><img src="/img/1.jpg" alt=""><figcaption>القوات العراقية وميليشيا "الحشد الشعبي" تقصف مواقع تنظيم
"الدولة" داخل سوريا (أرشيف - إنترنت)</figcaption></figure>
{paras}
</article></main>
<aside><h3>اقرأ أيضاً</h3><ul><li><a href="/a">غارات جديدة على إدلب</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة © تلفزيون سوريا 2018</p></footer>
</body></html>
"""


def test_a_saved_page_keeps_the_article_and_drops_the_chrome(tmp_path, seed_text):
    page = tmp_path / "syria-tv.html"
    page.write_text(seed_page(seed_text), encoding="utf-8")
    (doc,) = ingest([str(page)])
    assert doc.id == "syria-tv" and doc.encoding == "utf-8"
    assert (doc.title, doc.date, doc.outlet) == (TITLE, "2018-11-28", "تلفزيون سوريا")
    assert doc.url == "https://www.syria.tv/content/qasf-mutabadal"
    # trafilatura joins each paragraph's words with single spaces (U+00A0 between words included): that
    # extracted text is what is stored, and what every offset points into
    for p in _body(seed_text):
        assert " ".join(p.split()) in doc.text
    for chrome in CHROME:
        assert chrome not in doc.text


def test_attributions_on_a_page_slice_the_stored_text(tmp_path, seed_text):
    """The seed's nine attributions are found on the page too, with spans into the extracted text."""
    page = tmp_path / "syria-tv.html"
    page.write_text(seed_page(seed_text), encoding="utf-8")
    (doc,) = ingest([str(page)])
    atts = make_pipeline(use_stanza=False).process(doc)
    assert len(atts) == 9
    for a in atts:
        a.check(doc.text)
    first = min(atts, key=lambda a: a.cue.start)
    assert doc.text[first.cue.start:first.cue.end] == "وقال" and first.source_name == "صهيب الجابر"


def test_a_windows_1256_page_is_read_by_its_declared_charset(tmp_path, seed_text):
    page = tmp_path / "old-site.htm"
    page.write_bytes(seed_page(seed_text, charset="windows-1256").encode("cp1256"))
    (doc,) = ingest([str(page)])
    assert doc.encoding == "windows-1256" and doc.title == TITLE
    assert " ".join(_body(seed_text)[1].split()) in doc.text


def test_a_page_without_an_article_is_stored_empty_and_flagged(tmp_path):
    page = tmp_path / "login.html"
    page.write_text('<html><head><title>تسجيل الدخول</title></head><body><form><input name="u">'
                    "</form></body></html>", encoding="utf-8")  # "log in"
    (doc,) = ingest([str(page)])
    assert doc.text == "" and doc.flags == ["empty"] and doc.title == "تسجيل الدخول"


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_directories_pick_up_pages(tmp_path, seed_text, suffix):
    (tmp_path / f"page{suffix}").write_text(seed_page(seed_text), encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    assert [d.id for d in ingest([str(tmp_path)])] == ["page"]
