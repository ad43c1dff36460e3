"""The report as one self-contained HTML page, right to left, readable offline.

Everything is inline (style, SVG charts); there is no script and nothing to
fetch, and a Content-Security-Policy forbids both, so the file can be mailed
or attached to a fact-check and opened anywhere. The page is
``lang="ar" dir="rtl"``; every name (source, alias, outlet, role) sits in a
``<bdi>`` so a Latin name or a number inside Arabic keeps its order. Every
article-derived string goes through :func:`_e` (``html.escape`` with quotes),
whether it lands in text, an attribute or a chart.
"""
from __future__ import annotations

from html import escape

from .charts import Bar, bar_chart, split_bar
from .model import AuditReport, ClaimRow, SourceRow

TYPE_AR = {"person": "شخص", "government": "حكومة", "military": "عسكري", "armed_group": "جماعة مسلحة",
           "media": "وسيلة إعلام", "activists": "ناشطون", "organization": "منظمة", "document": "وثيقة",
           "unknown": "غير معروف"}
TOP_SOURCES = 10

_CSS = """
:root{--ink:#1d2330;--muted:#5b6473;--line:#d9dde3;--bg:#f6f7f9;--named:#2f6db5;--anon:#c8553d;--bar:#4f7f6b}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.6 "Noto Naskh Arabic","Noto Sans Arabic",
"DejaVu Sans","Segoe UI",Tahoma,Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 10px;border-bottom:2px solid var(--line)}
.en{color:var(--muted);font-size:.72em;font-weight:normal}
.meta{color:var(--muted);font-size:13px;margin:2px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:18px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 14px}
.card b{display:block;font-size:26px}.card span{color:var(--muted);font-size:13px}
.card.warn b{color:var(--anon)}
.lede{background:#fff;border-inline-start:4px solid var(--anon);padding:10px 14px;border-radius:4px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:14px}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px}
figcaption{font-weight:bold;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;display:block}
.chart-label{font-size:13px;fill:var(--ink)}.chart-value{font-size:12px;fill:var(--muted)}
.chart-empty{font-size:13px;fill:var(--muted)}
.bar{fill:var(--bar)}.bar-named{fill:var(--named)}.bar-anon{fill:var(--anon)}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid var(--line);padding:5px 8px;text-align:start;vertical-align:top;overflow-wrap:break-word}
td.long{overflow-wrap:anywhere;min-width:8em}td.claim{min-width:24em}
.scroll{overflow-x:auto}
th{background:#eef0f3;font-size:13px}td.n{text-align:center;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:nth-child(even) td{background:#fafbfc}
.tag{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;white-space:nowrap}
.named{background:#e3edf9;color:var(--named)}.anon{background:#f8e5e1;color:var(--anon)}
.weak td.n.indep{color:var(--anon);font-weight:bold}
a{color:inherit}
code,.id{direction:ltr;unicode-bidi:isolate;white-space:nowrap;font:12px/1.4 "DejaVu Sans Mono",monospace;
color:var(--muted)}
.muted{color:var(--muted)}.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:14px}
footer{color:var(--muted);font-size:12px;margin-top:28px}
@media print{body{background:#fff}.charts,.two{display:block}figure{break-inside:avoid;margin-bottom:10px}}
"""


def _e(s: object) -> str:
    """Escaped for HTML text and attribute values (quotes too)."""
    return escape("" if s is None else str(s), quote=True)


def _en(s: str) -> str:
    """An English gloss, isolated left to right so it does not scramble the Arabic around it."""
    return f'<span class="en" lang="en" dir="ltr">{_e(s)}</span>'


def _ltr(s: str) -> str:
    """Already-escaped Latin text (versions, times) isolated left to right."""
    return f'<bdi dir="ltr">{s}</bdi>'


def _name(s: object) -> str:
    return f"<bdi>{_e(s)}</bdi>"


def _id(s: str) -> str:
    return f'<bdi class="id">{_e(s)}</bdi>'


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _type(t: str) -> str:
    return f'{_e(TYPE_AR.get(t, t))} <span class="muted" lang="en" dir="ltr">({_e(t)})</span>'


def _named(anonymous: bool) -> str:
    return '<span class="tag anon">مجهول · anonymous</span>' if anonymous else \
        '<span class="tag named">مسمّى · named</span>'


def _head(*cols: tuple[str, str]) -> str:
    return "<thead><tr>" + "".join(f'<th title="{_e(en)}">{ar}<br>{_en(en)}</th>'
                                   for ar, en in cols) + "</tr></thead>"


def _meta(r: AuditReport) -> str:
    v, f = r.versions, r.filters
    ann = "غير مسجَّل (not recorded)"
    if v.annotator:
        bits = [f"annotator {_e(v.annotator)}"]
        if v.stanza:
            bits.append(f"stanza {_e(v.stanza)}")
        if v.models:
            bits.append("models " + ", ".join(f"{_e(k)}={_e(p)}" for k, p in sorted(v.models.items())))
        if v.extracted_by:
            bits.append(f"extracted by attribution {_e(v.extracted_by)}")
        ann = _ltr(" · ".join(bits))
    filters = []
    if f.outlet:
        filters.append("الوسيلة (outlet): " + "، ".join(_name(o) for o in f.outlet))
    if f.since:
        filters.append(f"منذ (since) {_ltr(_e(f.since))}")
    if f.until:
        filters.append(f"حتى (until) {_ltr(_e(f.until))}")
    if f.status:
        filters.append("الحالة (status): " + _ltr(", ".join(_e(s) for s in f.status)))
    if f.source:
        filters.append("المصدر (source): " + "، ".join(_name(s) for s in f.source))
    meta = [f"أُنشئ (generated) {_ltr(_e(r.generated_at))}", _ltr(f"attribution {_e(v.tool)}"),
            _ltr(f"store schema {v.schema_version}"), ann]
    return (f'<p class="meta">{" · ".join(meta)}</p>'
            f'<p class="meta">المرشحات (filters): '
            f'{" · ".join(filters) if filters else "لا شيء (none: the whole store)"}'
            f'</p>')


def _cards(r: AuditReport) -> str:
    s = r.summary
    cards = [(s.documents, "وثائق", "documents", ""), (s.attributions, "إسنادات", "attributions", ""),
             (s.claims, "ادعاءات", "claims", ""), (s.sources, "مصادر", "sources", ""),
             (_pct(s.anonymous_share), "من مصادر مجهولة", "anonymous share", " warn"),
             (s.single_source_claims, "ادعاءات بمصدر واحد", "single-source claims", " warn")]
    return '<section class="cards">\n' + "\n".join(
        f'<div class="card{cls}"><b><bdi dir="ltr">{_e(v)}</bdi></b><span>{ar} · {_en(en)}</span></div>'
        for v, ar, en, cls in cards) + "\n</section>"


def _charts(r: AuditReport) -> str:
    s = r.summary
    types = [Bar(f"{TYPE_AR.get(t.type, t.type)} ({t.type})", t.attributions) for t in s.by_source_type]
    named = split_bar("named vs anonymous attributions", [
        Bar("مسمّاة · named", s.named_attributions, "bar-named",
            f"{s.named_attributions} ({_pct(1 - s.anonymous_share) if s.attributions else '0.0%'})"),
        Bar("مجهولة · anonymous", s.anonymous_attributions, "bar-anon",
            f"{s.anonymous_attributions} ({_pct(s.anonymous_share)})")])
    top = [Bar(x.name, x.attributions, "bar-anon" if x.anonymous else "bar-named") for x in r.sources[:TOP_SOURCES]]
    by_n = [Bar(f"{c.independent_sources} مصدر مستقل" if c.independent_sources != 1 else "مصدر واحد (1)",
                c.claims, "bar-anon" if c.independent_sources <= 1 else "bar")
            for c in s.claims_by_independent_sources]
    figs = [("الإسنادات حسب نوع المصدر", "attributions by source type",
             bar_chart("attributions by source type", types)),
            ("مسمّاة أم مجهولة", "named vs anonymous attributions", named),
            (f"أكثر المصادر اقتباسًا (أعلى {TOP_SOURCES})", "top sources; red = anonymous",
             bar_chart("top sources by attributions", top)),
            ("الادعاءات حسب عدد المصادر المستقلة", "claims by number of independent sources",
             bar_chart("claims by number of independent sources", by_n))]
    return '<section class="charts">\n' + "\n".join(
        f'<figure><figcaption>{ar} {_en(en)}</figcaption>{svg}</figure>'
        for ar, en, svg in figs) + "\n</section>"


def _breakdowns(r: AuditReport) -> str:
    s = r.summary
    rv = s.review
    review = ("<table>" + _head(("الحالة", "status"), ("إسنادات", "attributions")) + "<tbody>\n" +
              "\n".join(f'<tr><td>{ar} <span class="muted" lang="en" dir="ltr">({en})</span></td>'
                        f'<td class="n">{n}</td></tr>'
                      for ar, en, n in (("مقبول", "accepted", rv.accepted), ("معدَّل", "edited", rv.edited),
                                        ("غير مراجَع", "unreviewed", rv.unreviewed),
                                        ("مرفوض", "rejected", rv.rejected))) + "\n</tbody></table>")
    outlets = ("<table>" + _head(("الوسيلة", "outlet"), ("وثائق", "documents"), ("إسنادات", "attributions"),
                                 ("مجهولة", "anonymous")) + "<tbody>\n" +
               "\n".join(f'<tr><td>{_name(o.outlet)}</td><td class="n">{o.documents}</td>'
                       f'<td class="n">{o.attributions}</td><td class="n">{o.anonymous}</td></tr>'
                       for o in s.by_outlet) + "\n</tbody></table>")
    types = ("<table>" + _head(("النوع", "source type"), ("إسنادات", "attributions"), ("مجهولة", "anonymous")) +
             "<tbody>\n" + "\n".join(f'<tr><td>{_type(t.type)}</td><td class="n">{t.attributions}</td>'
                                 f'<td class="n">{t.anonymous}</td></tr>' for t in s.by_source_type) +
             "\n</tbody></table>")
    return (f'<div class="two"><div><h2>حالة المراجعة {_en("review status")}</h2>{review}</div>'
            f'<div><h2>حسب الوسيلة {_en("by outlet")}</h2>{outlets}</div></div>'
            f'<h2>حسب نوع المصدر {_en("by source type")}</h2>{types}')


def _source_row(i: int, x: SourceRow) -> str:
    role = " / ".join(filter(None, ["؛ ".join(_name(v) for v in x.roles),
                                    "؛ ".join(_name(v) for v in x.affiliations)]))
    dates = f"{_e(x.first_seen or '—')} ← {_e(x.last_seen or '—')}" if x.first_seen != x.last_seen \
        else _e(x.first_seen or "—")
    return (f'<tr id="{_e(x.id)}"><td class="n">{i}</td><td class="long">{_name(x.name)}<br>{_id(x.id)}</td>'
            f'<td class="long">{"، ".join(_name(a) for a in x.aliases) or "—"}</td><td>{_type(x.type)}</td>'
            f'<td>{_named(x.anonymous)}</td><td class="long">{role or "—"}</td><td class="n">{x.attributions}</td>'
            f'<td class="n">{x.documents}</td><td class="n">{x.claims}</td><td class="n">{_pct(x.share)}</td>'
            f'<td class="n"><bdi>{dates}</bdi></td>'
            f'<td class="n"><bdi>{x.review.accepted} / {x.review.edited} / {x.review.unreviewed}</bdi></td></tr>')


def _claim_row(i: int, c: ClaimRow) -> str:
    anon_tag = ' <span class="tag anon" title="anonymous">؟</span>'
    backing = "، ".join(f'<a href="#{_e(b.id)}">{_name(b.name)}</a>' + (anon_tag if b.anonymous else "")
                       for b in c.sources) or "—"
    conflicts = "<br>".join(f'<a href="#{_e(x)}">{_id(x)}</a>' for x in c.conflicts_with) or "—"
    docs = "<br>".join(_id(d) for d in c.documents)
    weak = ' class="weak"' if c.independent_sources <= 1 else ""
    return (f'<tr id="{_e(c.id)}"{weak}><td class="n">{i}</td><td class="long claim"><bdi>{_e(c.text)}</bdi><br>'
            f'{_id(c.id)}</td>'
            f'<td class="n indep">{c.independent_sources}</td><td class="n">{c.named_sources}</td>'
            f'<td class="n">{c.anonymous_sources}</td>'
            f'<td><span class="muted" lang="en" dir="ltr">{_e(c.grade)}</span></td>'
            f'<td class="long">{backing}</td><td>{conflicts}</td><td>{docs}</td></tr>')


def render(report: AuditReport, table: str | None = None) -> bytes:
    r, s = report, report.summary
    lede = (f'<p class="lede"><b>{_ltr(_pct(s.anonymous_share))}</b> من الإسنادات ({s.anonymous_attributions} من '
            f'{s.attributions}) تستند إلى مصادر مجهولة، و<b>{s.single_source_claims}</b> من {s.claims} ادعاءً '
            f'تقوم على مصدر واحد فقط. '
            + _en(f"{_pct(s.anonymous_share)} of attributions rest on unnamed sources; "
                  f"{s.single_source_claims} of {s.claims} claims stand on one source only.") + "</p>")
    sources = ("<table>" + _head(("#", "#"), ("المصدر", "source"), ("أسماء أخرى", "aliases"), ("النوع", "type"),
                                 ("مسمّى؟", "named?"), ("الصفة / الجهة", "role / affiliation"),
                                 ("إسنادات", "attributions"), ("وثائق", "documents"), ("ادعاءات", "claims"),
                                 ("الحصة", "share"), ("أول / آخر ظهور", "first / last seen"),
                                 ("مقبول / معدَّل / غير مراجَع", "accepted / edited / unreviewed")) +
               "<tbody>\n" + "\n".join(_source_row(i, x) for i, x in enumerate(r.sources, 1)) + "\n</tbody></table>")
    claims = ("<table>" + _head(("#", "#"), ("الادعاء", "claim"), ("مستقلة", "independent"), ("مسمّاة", "named"),
                                ("مجهولة", "anonymous"), ("الدرجة", "grade"), ("المصادر", "sources"),
                                ("يتعارض مع", "conflicts with"), ("الوثائق", "documents")) +
              "<tbody>\n" + "\n".join(_claim_row(i, c) for i, c in enumerate(r.claims, 1)) + "\n</tbody></table>")
    page = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="attribution {_e(r.versions.tool)}">
<title>تقرير تدقيق المصادر — Source audit report</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<header><h1>تقرير تدقيق المصادر {_en("Source audit report")}</h1>
{_meta(r)}</header>
{_cards(r)}
{lede}
{_charts(r)}
{_breakdowns(r)}
<h2 id="sources">المصادر {_en(f"sources ({len(r.sources)})")}</h2>
<div class="scroll">{sources}</div>
<h2 id="claims">الادعاءات، الأضعف سندًا أولًا {_en(f"claims, weakest support first ({len(r.claims)})")}</h2>
<div class="scroll">{claims}</div>
<footer>{_ltr(f"{_e(r.format)} v{r.version} · attribution {_e(r.versions.tool)} · {_e(r.generated_at)}")}</footer>
</main>
</body>
</html>
"""
    return page.encode("utf-8")
