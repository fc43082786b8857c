"""Views and the page registry on the sample site, without MkDocs: fast checks of what each
page kind would show."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from functools import cache

import pytest
from markupsafe import Markup

from gongkai.content.model import DEFAULT_LANG
from gongkai.locales import ui
from gongkai.rendering.escape import escaped
from gongkai.site import pages, views
from gongkai.site.pages import PageRef
from gongkai.site.sitebuild import SiteBuild
from tests.built import REPO


@cache
def build() -> SiteBuild:
    return SiteBuild(REPO, ["zh", "en"], "https://example.org/site/")


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings_in(v)]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in strings_in(getattr(value, f.name))]
    return []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_staged_page_has_a_context_whose_every_text_is_escaped(lang):
    site = build()
    refs = [p.ref for p in site.staged if p.ref is not None and p.lang == DEFAULT_LANG]
    assert {ref.kind.name for ref in refs} == set(pages.KINDS)
    for ref in refs:
        context = site.page_context(ref, lang, title="<b>t</b>", description="d", alternates=())
        assert isinstance(context.view, type(ref.kind.view(site, ref, lang)))
        assert all(isinstance(s, Markup) for s in strings_in(context)), ref
        if not ref.kind.per_document:  # a listing's head names the page by its title
            assert views.MetaTag("ColumnName", "&lt;b&gt;t&lt;/b&gt;") in context.head


def test_escaping_rebuilds_a_view_with_escaped_fields():
    item = views.ItemView(title=("关于", '<img src=x onerror=alert(1)>'), path="2024/x/", lang="zh", other_lang=False,
                          date="2024年1月1日", iso_date="2024-01-01", kind_label="公告", unit="松坪镇")
    safe = escaped(item)
    assert safe.title == ("关于", "&lt;img src=x onerror=alert(1)&gt;") and isinstance(safe.title[1], Markup)
    assert safe.other_lang is False


def test_navigation_order_comes_from_the_registry():
    site = build()
    years = [f"{y}/index.md" for y in site.corpus.years()]
    assert site.nav() == ["index.md", "archive/index.md", *years, "units/index.md", "compliance/index.md",
                          "search/index.md"]
    assert not site.in_nav("units/songping/index.md") and site.in_nav("2024/index.md")


def test_year_view_lists_each_document_of_the_year_once():
    site = build()
    year = site.corpus.years()[0]
    view = views.year_view(site.corpus, year, "zh")
    listed = [item.path for group in view.groups for item in group.docs]
    assert len(listed) == len(set(listed)) == view.count
    assert view.count == sum(1 for d in site.corpus.documents if d.year == year)


def test_an_untranslated_document_offers_its_year_archive_in_english():
    site = build()
    doc = next(d for d in site.corpus.documents if "en" not in d.translations)
    alternates = site.alternates(PageRef(pages.DOCUMENT, id=doc.doc_id), doc.url_path())
    assert alternates == (views.Alternate("zh", doc.url_path(), True),
                          views.Alternate("en", f"en/{doc.year}/", False))


def test_unit_pages_advertise_their_own_feeds_after_the_sites():
    site = build()
    unit = next(iter(site.site.units.values()))
    context = site.page_context(PageRef(pages.UNIT, unit=unit.key), "en", title="", description="",
                                alternates=())
    assert [f.path for f in context.feeds.unit] == [f"en/units/{unit.key}/feed.xml",
                                                    f"en/units/{unit.key}/feed.json"]
    assert context.feeds.all == context.feeds.site + context.feeds.unit


def test_sitemap_dates_follow_the_kind():
    site = build()
    doc = site.corpus.documents[0]
    assert site.lastmod(PageRef(pages.DOCUMENT, id=doc.doc_id)) == doc.published
    assert site.lastmod(PageRef(pages.COMPLIANCE)) == site.as_of
    assert site.lastmod(PageRef(pages.YEAR, year=doc.year)) == max(
        d.published for d in site.corpus.documents if d.year == doc.year)


def test_a_chinese_title_breaks_only_between_phrases():
    from gongkai.site.titles import title_phrases

    names = ["澄岭县司法局", "县司法局"]
    assert title_phrases("澄岭县司法局关于做好2025年度法治政府建设年度报告报送和公开工作的通知", names) == (
        "澄岭县司法局", "关于", "做好", "2025年度", "法治政府建设", "年度报告", "报送和公开工作的", "通知")
    assert title_phrases("Annual report 2025", names) == ("Annual report 2025",)


def test_title_break_gives_the_heading_its_lines():
    """Without title_break the title comes in phrases; with it, in the editor's lines. A
    translation has its own title, so it never takes the original's lines."""
    site = build()
    doc = next(d for d in site.corpus.documents if "en" in d.translations)
    lines = [doc.title[:7], doc.title[7:]]
    phrases = views.title_view(site.corpus, doc.version("zh"))
    assert not phrases.lines and "".join(phrases.parts) == doc.title and len(phrases.parts) > 1
    doc.title_break = lines
    try:
        assert views.title_view(site.corpus, doc.version("zh")) == views.TitleView(tuple(lines), lines=True)
        english = views.title_view(site.corpus, doc.version("en"))
        assert not english.lines and english.parts == (doc.translations["en"].title,)
    finally:
        doc.title_break = []


def test_a_document_without_a_summary_is_described_in_its_own_language():
    from gongkai.site.views import document_description

    doc = next(d for d in build().corpus.documents if "en" in d.translations)
    assert document_description(doc.version("en")) == doc.translations["en"].summary
    untold = replace(doc, summary="", translations={"en": replace(doc.translations["en"], summary="")})
    english = document_description(untold.version("en"))
    assert english.startswith(f"{ui('en')[f'kind_{doc.kind}']} published by") and untold.translations["en"].title in english
    assert not re.search(r"[\u4e00-\u9fff]", english)  # never the Chinese summary
    assert document_description(untold.version("zh")).endswith(f"（{doc.year}年度）。")
