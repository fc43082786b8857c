"""Feeds of the built sample site, read with a real parser (feedparser) and as JSON Feed 1.1."""

from __future__ import annotations

import calendar
import datetime as dt
import json

import feedparser
import pytest
from built import corpus, languages, page_file, page_rel, resolve, site_url, soup, url_to_rel

from gongkai.site import feeds
from gongkai.site.paths import absolute_url, document_path, page_path

CHINA = dt.timezone(dt.timedelta(hours=8))


def _scopes():
    """(lang, unit key or None) of every feed the site must have."""
    c = corpus()
    return [(lang, key) for lang in languages() for key in [None, *c.site.units]]


def _expected(lang, key):
    c = corpus()
    docs = [d for d in c.documents if key is None or d.unit.key == key]
    return c.newest_first(docs)[: feeds.FEED_SIZE]


def _base(lang, key):
    return page_path(lang, "" if key is None else f"units/{key}/")


def _parsed_date(struct) -> dt.date:
    """feedparser gives UTC struct_time; our dates are days in China Standard Time."""
    return dt.datetime.fromtimestamp(calendar.timegm(struct), CHINA).date()


@pytest.mark.parametrize("lang,key", _scopes())
def test_atom_feed_parses_with_dates_and_absolute_urls(built_site, lang, key):
    rel = _base(lang, key) + "feed.xml"
    parsed = feedparser.parse(page_file(built_site, rel).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [absolute_url(site_url(), rel)]
    alternate = [link.href for link in parsed.feed.links if link.rel == "alternate"]
    assert alternate == [absolute_url(site_url(), _base(lang, key))]
    expected = _expected(lang, key)
    assert len(parsed.entries) == len(expected)
    if expected:
        assert _parsed_date(parsed.feed.updated_parsed) == expected[0].published
    for entry, doc in zip(parsed.entries, expected):
        target, page_lang = document_path(doc, lang)
        assert entry.link == absolute_url(site_url(), target)
        assert page_file(built_site, url_to_rel(entry.link)).is_file()
        assert entry.id == entry.link
        assert entry.title == doc.version(page_lang).title
        assert _parsed_date(entry.published_parsed) == doc.published
        assert entry.published == f"{doc.published.isoformat()}T00:00:00+08:00"
        assert _parsed_date(entry.updated_parsed) == doc.published
        assert entry.author == doc.unit.display_name(lang)


@pytest.mark.parametrize("lang,key", _scopes())
def test_json_feed_is_json_feed_1_1_with_dates_and_absolute_urls(built_site, lang, key):
    rel = _base(lang, key) + "feed.json"
    data = json.loads(page_file(built_site, rel).read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == absolute_url(site_url(), rel)
    assert data["home_page_url"] == absolute_url(site_url(), _base(lang, key))
    assert data["title"] and data["language"] == lang
    expected = _expected(lang, key)
    assert len(data["items"]) == len(expected)
    for item, doc in zip(data["items"], expected):
        target, page_lang = document_path(doc, lang)
        assert item["id"] == item["url"] == absolute_url(site_url(), target)
        assert page_file(built_site, url_to_rel(item["url"])).is_file()
        assert item["content_text"]
        published = dt.datetime.fromisoformat(item["date_published"])
        assert published.utcoffset() == dt.timedelta(hours=8)
        assert published.date() == doc.published and published.time() == dt.time(0, 0)
        assert item["language"] == page_lang
        assert all(a["name"] and a["url"].startswith("https://") for a in item["authors"])


def test_feeds_hold_at_most_the_latest_fifty():
    c = corpus()
    many = c.documents * 30  # the same documents again: only the count matters here
    entries = feeds._entries(c, many, "zh", site_url())
    assert len(entries) == feeds.FEED_SIZE


def test_feeds_are_deterministic():
    c = corpus()
    assert feeds.feed_files(c, site_url()) == feeds.feed_files(c, site_url())


def _html_pages(site):
    for path in sorted(site.rglob("index.html")):
        rel = page_rel(site, path)
        if rel.endswith("print/") or rel == "admin/":
            continue  # the print view is a sheet of paper, /admin/ the editor: no feeds advertised
        yield rel, path


def test_every_page_advertises_the_site_feeds(built_site):
    pages = list(_html_pages(built_site))
    assert len(pages) > 20
    for rel, path in pages:
        lang = next((lg for lg in languages() if rel.startswith(f"{lg}/")), "zh")
        page = soup(path)
        atom = [resolve(built_site, path, link["href"])
                for link in page.select('link[rel="alternate"][type="application/atom+xml"]')]
        json_feeds = [resolve(built_site, path, link["href"])
                      for link in page.select('link[rel="alternate"][type="application/feed+json"]')]
        assert page_path(lang, "feed.xml") in atom, rel
        assert page_path(lang, "feed.json") in json_feeds, rel
        for target in atom + json_feeds:
            assert page_file(built_site, target).is_file(), target


def test_unit_pages_advertise_their_own_feeds(built_site):
    for lang in languages():
        for key in corpus().site.units:
            path = page_file(built_site, page_path(lang, f"units/{key}/"))
            hrefs = {resolve(built_site, path, link["href"])
                     for link in soup(path).select('link[rel="alternate"]')}
            assert page_path(lang, f"units/{key}/feed.xml") in hrefs
            assert page_path(lang, f"units/{key}/feed.json") in hrefs
