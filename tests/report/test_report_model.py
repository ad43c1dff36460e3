"""What the report says: counts, shares, per-source and per-claim figures, filters, the format registry."""
from __future__ import annotations

from collections import Counter
from types import MappingProxyType

import pytest

from attribution.errors import ReportFormatError, UsageError
from attribution.report import (Filters, ReportFormat, format_names, get_format, render, render_report)
from attribution.report import csv_format
from attribution.tracker import linked_attributions


# --- the seed article through the real pipeline ------------------------------------------

def test_seed_summary_counts_what_the_store_holds(seed_store, report_of):
    r = report_of("seed")
    atts = [a for a in linked_attributions(seed_store) if a.status != "rejected"]
    s = r.summary
    assert s.documents == seed_store.count("documents") == 1
    assert s.attributions == len(atts) > 0
    assert s.sources == seed_store.count("sources")
    assert s.claims == seed_store.count("claims")
    assert s.anonymous_attributions == sum(a.anonymous for a in atts)
    assert s.named_attributions + s.anonymous_attributions == s.attributions
    assert s.anonymous_share == round(s.anonymous_attributions / s.attributions, 4)
    assert {t.type: t.attributions for t in s.by_source_type} == dict(Counter(a.source_type for a in atts))
    # the seed is one Syria TV article of 2018-11-28
    assert [(o.outlet, o.documents, o.attributions) for o in s.by_outlet] == [("تلفزيون سوريا", 1, len(atts))]
    assert s.review.unreviewed == len(atts) and s.review.accepted == s.review.rejected == 0
    assert r.versions.annotator == "fallback" and r.versions.schema_version == seed_store.schema_version()


def test_seed_sources_carry_registry_facts_and_shares(seed_store, report_of):
    r = report_of("seed")
    stored = {s.id: s for s in seed_store.iter_sources()}
    assert {x.id for x in r.sources} == set(stored)
    for x in r.sources:
        assert x.name == stored[x.id].name and x.aliases == stored[x.id].aliases
        assert x.attributions == len(stored[x.id].attribution_ids)
        assert x.share == round(x.attributions / r.summary.attributions, 4)
        assert (x.first_seen, x.last_seen) == ("2018-11-28", "2018-11-28")
    assert [x.attributions for x in r.sources] == sorted((x.attributions for x in r.sources), reverse=True)
    # صهيب الجابر (Suhaib al-Jaber), the article's main named source, leads the list
    top = r.sources[0]
    assert "الجابر" in top.name and not top.anonymous and top.claims >= 1


def test_claim_text_is_the_stored_wording_not_the_matching_form(seed_store, report_of):
    """Claims are grouped on normalised text (ة→ه, no diacritics); the report shows what the article wrote."""
    texts = {d.id: d.text for d in seed_store.iter_documents()}
    corpus = "".join(texts.values())
    for c in report_of("seed").claims:
        assert c.text in corpus
        assert c.match_text == next(cl.text for cl in seed_store.iter_claims() if cl.id == c.id)


# --- the awkward store: reviews, rejections, corroboration ------------------------------------

def test_rejected_attributions_count_only_in_review_status(report_of):
    r = report_of("awkward")
    assert r.summary.review.model_dump() == {"accepted": 1, "edited": 0, "unreviewed": 3, "rejected": 1}
    assert r.summary.attributions == 4  # five stored, one rejected (شاهد عيان, an eyewitness)
    assert all("شاهد" not in x.name for x in r.sources)


def test_claims_list_weakest_support_first_with_corroboration(report_of):
    claims = report_of("awkward").claims
    assert [c.independent_sources for c in claims] == [1, 1, 2]
    shelling = claims[-1]  # "the shelling continues on Al-Bukamal", from al-Jaber and John O'Brien
    assert shelling.grade == "independent confirmation"
    assert shelling.documents == ["doc-a", "doc-b"] and shelling.named_sources == 2
    assert sorted(b.name for b in shelling.sources) == ["John O'Brien", 'صهيب "أبو أحمد" الجابر']
    assert shelling.text == '"القصف مستمر على البوكمال"'  # doc-a is the earlier one
    withdrew, not_withdrew = claims[0], claims[1]
    assert withdrew.conflicts_with == [not_withdrew.id] and not_withdrew.conflicts_with == [withdrew.id]
    assert report_of("awkward").summary.single_source_claims == 2


def test_undated_documents_are_counted_and_left_out_by_date_filters(report_of):
    assert report_of("awkward").summary.documents_without_date == 1
    r = report_of("awkward", Filters.parse(since="2024-03-01"))
    assert r.summary.documents == 2 and r.summary.attributions == 2
    assert r.summary.documents_without_date == 1


@pytest.mark.parametrize(("filters", "docs", "atts", "sources"), [
    pytest.param(dict(outlet=['تلفزيون "سوريا"']), 1, 1, 1, id="outlet"),
    pytest.param(dict(outlet=["@EVIL <B>OUTLET</B>"]), 1, 1, 1, id="outlet-case-folded"),
    pytest.param(dict(since="2024-03-02"), 1, 1, 1, id="since"),
    pytest.param(dict(until="2024-03-04"), 1, 1, 1, id="until"),
    pytest.param(dict(since="2024-03-01", until="2024-03-05"), 2, 2, 2, id="since-until-inclusive"),
    pytest.param(dict(status=["accepted"]), 3, 1, 1, id="status-accepted"),
    pytest.param(dict(status=["rejected"]), 3, 1, 0, id="status-rejected"),
    pytest.param(dict(source=["John O'Brien"]), 3, 1, 1, id="source-by-name"),
    pytest.param(dict(source=["ناشطون"]), 3, 1, 1, id="source-by-alias"),
])
def test_filters_narrow_documents_and_attributions(report_of, filters, docs, atts, sources):
    r = report_of("awkward", Filters.parse(**filters))
    assert (r.summary.documents, r.summary.attributions, r.summary.sources) == (docs, atts, sources)
    assert r.filters == Filters.parse(**filters)


def test_source_filter_accepts_an_id_and_keeps_claim_corroboration(report_of):
    jaber = next(x for x in report_of("awkward").sources if "الجابر" in x.name)
    r = report_of("awkward", Filters.parse(source=[jaber.id]))
    assert [x.id for x in r.sources] == [jaber.id]
    (claim,) = r.claims
    # the claim is in scope through al-Jaber; its corroboration still counts John O'Brien
    assert claim.independent_sources == 2 and claim.attributions_selected == 1 and claim.attributions == 2
    assert r.sources[0].share == 1.0


@pytest.mark.parametrize(("kwargs", "message"), [
    pytest.param(dict(since="01/03/2024"), "is not a date", id="bad-date"),
    pytest.param(dict(since="2024-03-05", until="2024-03-01"), "is after", id="since-after-until"),
    pytest.param(dict(status=["approved"]), "unknown review status", id="bad-status"),
])
def test_bad_filters_are_usage_errors(kwargs, message):
    with pytest.raises(UsageError, match=message):
        Filters.parse(**kwargs)


def test_a_source_filter_that_matches_nothing_says_so(awkward_store):
    with pytest.raises(UsageError, match="no source matches"):
        render(awkward_store, "json", filters=Filters.parse(source=["nobody"]))


# --- the registry -------------------------------------------------------------------------

def test_format_names_are_the_registry_in_menu_order():
    assert format_names() == ("json", "csv", "md", "html")
    assert all(get_format(n).suffix == "." + n for n in format_names())


def test_unknown_format_lists_the_valid_names():
    with pytest.raises(ReportFormatError) as e:
        get_format("pdf")
    assert "json, csv, md, html" in e.value.msg
    assert e.value.exit_code == 2


def test_tables_belong_to_formats_that_have_them(report_of):
    r = report_of("seed")
    with pytest.raises(ReportFormatError, match="single document"):
        render_report(r, "html", table="sources")
    with pytest.raises(ReportFormatError, match="choose from summary, sources"):
        render_report(r, "csv", table="people")
    with pytest.raises(ReportFormatError, match="several tables"):
        render_report(r, "csv")


def test_a_variant_is_an_entry_with_other_defaults(report_of):
    """A TSV variant needs no new renderer: the csv renderer with another delimiter and no BOM."""
    tsv = ReportFormat("tsv", ".tsv", csv_format.render, "tab-separated", "text/tab-separated-values",
                       defaults=MappingProxyType({"delimiter": "\t", "bom": False}), tables=csv_format.TABLES)
    out = tsv.render(report_of("seed"), "outlets").decode("utf-8")
    assert out.splitlines()[0] == "outlet\tdocuments\tattributions\tanonymous"
    assert not out.startswith("\ufeff")


def test_an_empty_store_reports_zeros_in_every_format():
    from attribution.report import build_report
    from attribution.store import MemoryStore

    r = build_report(MemoryStore())
    assert (r.summary.documents, r.summary.attributions, r.summary.anonymous_share) == (0, 0, 0.0)
    for fmt in format_names():
        for table in get_format(fmt).tables or (None,):
            assert render_report(r, fmt, table)
    assert "لا بيانات (no data)" in render_report(r, "html").decode("utf-8")
