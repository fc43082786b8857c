"""Archives, unit pages, home, catalog, JSON-LD and sitemap of the built sample site.

Every document appears in its year page, its unit page and the catalog, in every language;
every generated page exists in every language; dates never come from the build time.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import jsonschema
import pytest
from built import REPO, corpus, languages, links, page_file, resolve, site_url, soup, url_to_rel

from gongkai.site.paths import absolute_url, document_path, page_path
from gongkai.site.stage import listing_pages


@pytest.fixture(scope="module")
def docs():
    return corpus().documents


def test_sample_has_documents_in_several_years_and_units(docs):
    assert len({d.year for d in docs}) >= 2
    assert len({d.unit.key for d in docs}) >= 2


@pytest.mark.parametrize("lang", languages())
def test_every_document_is_in_its_year_page_unit_page_and_catalog(built_site, docs, lang):
    catalog = json.loads(page_file(built_site, page_path(lang, "catalog.json")).read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in catalog["documents"]}
    assert catalog["count"] == len(docs) == len(by_id)
    for doc in docs:
        target, _ = document_path(doc, lang)
        assert page_file(built_site, target).is_file(), target
        year_page = page_file(built_site, page_path(lang, f"{doc.year}/"))
        assert target in links(built_site, year_page), f"{doc.doc_id} not on {year_page}"
        unit_page = page_file(built_site, page_path(lang, f"units/{doc.unit.key}/"))
        assert target in links(built_site, unit_page), f"{doc.doc_id} not on {unit_page}"
        record = by_id[doc.doc_id]
        assert record["url"] == absolute_url(site_url(), target)
        assert record["published"] == doc.published.isoformat()
        assert record["unit"] == doc.unit.key and record["year"] == doc.year


def test_year_page_groups_by_unit_towns_first_newest_first(built_site, docs):
    units = corpus().site.units
    for year in {d.year for d in docs}:
        page = soup(page_file(built_site, f"{year}/"))
        year_docs = [d for d in docs if d.year == year]
        assert f"共 {len(year_docs)} 篇" in page.select_one(".gk-lead").get_text()  # said once
        assert not page.select(".gk-count")
        groups = page.select("section.gk-group")
        assert [g.h2["id"].removeprefix("gk-unit-") for g in groups] == [
            k for t in ("town", "department") for k, u in units.items()
            if u.type == t and any(d.unit.key == k for d in year_docs)]
        for group in groups:
            for ul in group.select("ul.gk-list"):
                dates = [t["datetime"] for t in ul.select("time")]
                assert dates == sorted(dates, reverse=True)


def test_archive_index_and_home_reach_every_year_and_unit(built_site, docs):
    for lang in languages():
        years = {page_path(lang, f"{y}/") for y in corpus().years()}
        units = {page_path(lang, f"units/{k}/") for k in corpus().site.units}
        archive = links(built_site, page_file(built_site, page_path(lang, "archive/")))
        assert years <= archive
        home_file = page_file(built_site, page_path(lang, ""))
        home = links(built_site, home_file, "article a[href]")
        assert years <= home and units <= home
        assert page_path(lang, "compliance/") in home
        form = soup(home_file).select_one('form[role="search"]')
        assert resolve(built_site, home_file, form["action"]) == page_path(lang, "search/")
        latest = [t["datetime"] for t in soup(home_file).select("#gk-latest + ul time")]
        assert latest == sorted((d.published.isoformat() for d in docs), reverse=True)[:len(latest)]


def test_every_generated_page_exists_in_every_language(built_site):
    c = corpus()
    for lang in languages():
        for staged in listing_pages(c, lang):
            rel = staged.path.removesuffix(f".{lang}.md").removesuffix(".md")
            rel = rel[: -len("index")] if rel.endswith("index") else rel + "/"
            path = page_file(built_site, page_path(lang, rel))
            assert path.is_file(), path
            assert soup(path).html["lang"].startswith(lang)
        for name in ("feed.xml", "feed.json", "catalog.json"):
            assert page_file(built_site, page_path(lang, name)).is_file()
        for key in c.site.units:
            for name in ("feed.xml", "feed.json"):
                assert page_file(built_site, page_path(lang, f"units/{key}/{name}")).is_file()


def test_catalog_matches_its_schema_and_urls_resolve(built_site):
    schema = json.loads((REPO / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))
    assert (built_site / "catalog.schema.json").read_bytes() == (REPO / "schema" / "catalog.schema.json").read_bytes()
    for lang in languages():
        catalog = json.loads(page_file(built_site, page_path(lang, "catalog.json")).read_text(encoding="utf-8"))
        jsonschema.validate(catalog, schema, format_checker=jsonschema.FormatChecker())
        assert catalog["lang"] == lang
        assert catalog["updated"] == max(d["published"] for d in catalog["documents"])
        urls = [catalog["$schema"], catalog["site"]["url"], *catalog["feeds"].values()]
        for unit in catalog["units"]:
            urls += [unit["url"], *unit["feeds"].values()]
        for doc in catalog["documents"]:
            urls += [doc["url"], doc["print_url"], *(v["url"] for v in doc["versions"].values())]
            assert doc["versions"]["zh"]["title"] == doc["title_zh"]
        for url in urls:
            assert page_file(built_site, url_to_rel(url)).is_file(), url


def test_english_catalog_uses_translated_titles(built_site):
    if "en" not in languages():
        pytest.skip("no English site")
    catalog = json.loads((built_site / "en" / "catalog.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in catalog["documents"]}
    translated = [d for d in corpus().documents if "en" in d.translations]
    assert translated, "the sample should have at least one translated document"
    for doc in translated:
        assert by_id[doc.doc_id]["title"] == doc.translations["en"].title
        assert by_id[doc.doc_id]["lang"] == "en"
        assert by_id[doc.doc_id]["url"].startswith(site_url().rstrip("/") + "/en/")


def test_document_pages_carry_schema_org_json_ld(built_site, docs):
    for doc in docs:
        for lang in languages():
            target, page_lang = document_path(doc, lang)
            scripts = soup(page_file(built_site, target)).select('script[type="application/ld+json"]')
            assert len(scripts) == 1
            data = json.loads(scripts[0].string)
            assert data["@context"] == "https://schema.org"
            assert data["@type"] == ("Report" if doc.kind == "annual-report" else "Article")
            assert data["url"] == absolute_url(site_url(), target)
            assert data["datePublished"] == doc.published.isoformat()
            assert data["identifier"] == doc.index_no
            assert data["inLanguage"] == page_lang
            assert data["publisher"]["@type"] == "GovernmentOrganization"
            assert data["headline"] == doc.version(page_lang).title
            if doc.written:
                assert data["dateCreated"] == doc.written.isoformat()


def _sitemap(built_site) -> dict[str, str]:
    xml = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>\s*<loc>([^<]+)</loc>\s*(?:<lastmod>([^<]+)</lastmod>)?", xml)
    return dict(entries)


def test_sitemap_lastmod_comes_from_document_dates(built_site, docs):
    lastmod = _sitemap(built_site)
    for doc in docs:
        url = absolute_url(site_url(), document_path(doc, "zh")[0])
        assert lastmod[url] == doc.published.isoformat(), url
        assert not any("/print/" in u for u in lastmod), "print views are not indexed"
    for year in corpus().years():
        newest = max(d.published for d in docs if d.year == year).isoformat()
        assert lastmod[absolute_url(site_url(), f"{year}/")] == newest
    newest = max(d.published for d in docs).isoformat()
    assert lastmod[absolute_url(site_url(), "")] == newest
    assert lastmod[absolute_url(site_url(), "about/")] == newest  # hand-written: newest document


def test_sitemap_keeps_language_alternates(built_site, docs):
    xml = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in languages():
        assert f'hreflang="{lang}"' in xml
    translated = next(d for d in docs if d.translations)
    en_url = absolute_url(site_url(), document_path(translated, "en")[0])
    assert f'href="{en_url}"' in xml


def test_sitemap_gz_is_the_sitemap_dated_by_the_documents(built_site):
    raw = (built_site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(raw) == (built_site / "sitemap.xml").read_bytes()
    mtime = int.from_bytes(raw[4:8], "little")
    newest = max(_sitemap(built_site).values())
    assert dt.datetime.fromtimestamp(mtime, dt.UTC).date().isoformat() == newest


def test_navigation_lists_years_and_units_never_documents(built_site, docs):
    doc = docs[0]
    page = soup(page_file(built_site, document_path(doc, "zh")[0]))
    nav = page.select_one("nav.md-nav--primary")
    hrefs = {resolve(built_site, page_file(built_site, document_path(doc, "zh")[0]), a["href"])
             for a in nav.select("a[href]")}
    doc_paths = {document_path(d, "zh")[0] for d in docs}
    assert not hrefs & doc_paths
    assert {f"{y}/" for y in corpus().years()} <= hrefs
    assert {"units/", "compliance/", "archive/"} <= hrefs


def test_open_data_page_links_resolve_in_every_language(built_site):
    for lang in languages():
        path = page_file(built_site, page_path(lang, "data/"))
        targets = links(built_site, path, "article a[href]")
        for name in ("feed.xml", "feed.json", "catalog.json"):
            assert page_path(lang, name) in targets
        assert {"catalog.schema.json", "sitemap.xml", page_path(lang, "compliance/")} <= targets
        for target in targets:
            assert page_file(built_site, target).is_file(), (lang, target)
