"""Article text is untrusted: each format keeps it as text (the awkward store of conftest.py).

The store holds ``<script>alert("x")</script>`` in a claim and a source name,
``=HYPERLINK("http://evil.example","انقر")`` as an affiliation, claims starting
with ``+`` and ``@``, a source named ``-ناشطون``, ``"`` inside names
(``صهيب "أبو أحمد" الجابر``) and an outlet ``@Evil <b>Outlet</b>``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from attribution.report import render_report
from attribution.report.csv_format import TABLES, neutralise

SCRIPT = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil.example","انقر")'


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.bdi_text: list[str] = []
        self._in_bdi = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "bdi":
            self._in_bdi += 1

    def handle_endtag(self, tag):
        if tag == "bdi":
            self._in_bdi -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self._in_bdi:
            self.bdi_text.append(data)


@pytest.fixture(scope="module")
def html(report_of) -> str:
    return render_report(report_of("awkward"), "html").decode("utf-8")


@pytest.fixture(scope="module")
def parsed(html) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def test_html_has_no_script_element_and_shows_the_script_as_text(html, parsed):
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert not [t for t, _ in parsed.tags if t in ("script", "iframe", "object", "embed")]
    assert "<b>Outlet</b>" not in html and "&lt;b&gt;Outlet&lt;/b&gt;" in html
    assert any(SCRIPT in chunk for chunk in parsed.text)  # the reader sees the text as written


def test_html_escapes_quotes_so_names_cannot_break_out_of_attributes(html, parsed):
    assert "صهيب&nbsp;&quot;أبو أحمد&quot; الجابر" in html or "صهيب\u00a0&quot;أبو أحمد&quot; الجابر" in html
    assert 'صهيب "أبو أحمد" الجابر' not in html
    # every attribute the page has is one the renderer wrote: none came from article text
    allowed = {"lang", "dir", "charset", "name", "content", "http-equiv", "class", "id", "title", "href",
               "role", "aria-label", "viewbox", "width", "height", "x", "y", "direction", "text-anchor"}
    assert {k for _, attrs in parsed.tags for k in attrs} <= allowed
    assert all(v.startswith("#") for t, a in parsed.tags if t == "a" for v in [a["href"]])


def test_html_is_rtl_arabic_with_names_in_bdi(html, parsed):
    assert parsed.tags[0] == ("html", {"lang": "ar", "dir": "rtl"})
    isolated = "".join(parsed.bdi_text)
    for name in ("John O'Brien", 'صهيب "أبو أحمد" الجابر', "مصادر محلية <script>", "@Evil <b>Outlet</b>"):
        assert name in isolated


def test_html_is_self_contained(html, parsed):
    """Nothing to fetch: no src, no external href, no url(), no script; a CSP forbids them anyway."""
    assert not [a for _, a in parsed.tags if "src" in a]
    assert "url(" not in html and "@import" not in html
    assert "default-src 'none'" in html
    assert html.count("<svg") == 4
    # the only URL is the one in the article's own text, shown escaped
    assert set(re.findall(r"https?://[\w.]+", html)) == {"http://evil.example"}
    assert "http://evil.example&quot;" in html


@pytest.mark.parametrize("table", TABLES)
def test_csv_cells_that_spreadsheets_would_evaluate_are_neutralised(report_of, table):
    data = render_report(report_of("awkward"), "csv", table=table)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Arabic right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), f"{table}: live formula cell {cell!r}"


def test_csv_keeps_the_guarded_text_readable(report_of):
    rows = {t: list(csv.DictReader(io.StringIO(render_report(report_of("awkward"), "csv", table=t)
                                               .decode("utf-8-sig"), newline="")))
            for t in ("sources", "claims", "outlets")}
    obrien = next(r for r in rows["sources"] if r["name"] == "John O'Brien")
    assert obrien["affiliations"] == "'" + FORMULA
    assert obrien["roles"] == "المتحدث باسم " + FORMULA  # not at the start of the cell: harmless
    assert "'-ناشطون" in {r["name"] for r in rows["sources"]}
    claims = {r["text"] for r in rows["claims"]}
    assert {"'+الجيش لم ينسحب", SCRIPT + " الجيش انسحب"} <= claims
    assert "'@Evil <b>Outlet</b>" in {r["outlet"] for r in rows["outlets"]}
    assert obrien["attributions"] == "1"  # numbers stay numbers


@pytest.mark.parametrize(("cell", "safe"), [
    pytest.param("=1+1", "'=1+1", id="equals"),
    pytest.param("+9647", "'+9647", id="plus"),
    pytest.param("-2+3", "'-2+3", id="minus"),
    pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
    pytest.param("\t=1", "'\t=1", id="tab"),
    pytest.param("قال =1", "قال =1", id="inside-text"),
    pytest.param(-3, -3, id="number"),
])
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


def test_markdown_keeps_html_and_table_syntax_inert(report_of):
    md = render_report(report_of("awkward"), "md").decode("utf-8")
    assert "<script" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in md
    sources = [line for line in md.splitlines() if line.startswith("| ") and "John O'Brien" in line
               and "person" in line]
    assert sources and all(line.count(" | ") == 12 for line in sources)  # 13 columns, none split


def test_markdown_escapes_pipes_and_brackets_in_names():
    from attribution.report.md_format import md

    # "Agency [A] | B" must stay one cell and never become a link
    assert md("وكالة [A](http://x) | B") == "وكالة \\[A\\](http://x) \\| B"


def test_json_keeps_article_text_exactly(report_of):
    """The canonical format is data, not markup: strings come back byte for byte (U+00A0 included)."""
    data = json.loads(render_report(report_of("awkward"), "json"))
    names = {s["name"] for s in data["sources"]}
    assert {'صهيب "أبو أحمد" الجابر', "مصادر محلية <script>", "-ناشطون"} <= names
    jaber = next(s for s in data["sources"] if "الجابر" in s["name"])
    assert jaber["aliases"] == ['صهيب\u00a0"أبو أحمد" الجابر']
    assert SCRIPT + " الجيش انسحب" in {c["text"] for c in data["claims"]}
