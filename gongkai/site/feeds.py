"""Feeds of the latest documents: Atom (feedgen) and JSON Feed 1.1, site-wide and per unit.

Files, in every site language (the default language at the root, others under /<lang>/):
  feed.xml, feed.json                        the latest FEED_SIZE documents of the site
  units/<key>/feed.xml, units/<key>/feed.json  the latest FEED_SIZE documents of one unit
Links are absolute (site_url + the page path a reader of that language gets: an untranslated
document links to its Chinese page). Dates come from the metadata, never from the build:
an entry is dated its publication day at 00:00 China Standard Time (+08:00); a feed's
`updated` is its newest entry's date. Two builds of the same sources give identical bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from feedgen.feed import FeedGenerator

from gongkai.content.corpus import Corpus
from gongkai.content.model import CHINA, Document, Unit
from gongkai.locales import t
from gongkai.site.paths import absolute_url, document_path, feed_path, page_path, unit_path

FEED_SIZE = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def feed_datetime(date: dt.date) -> dt.datetime:
    """A publication day as a timestamp: midnight China Standard Time."""
    return dt.datetime(date.year, date.month, date.day, tzinfo=CHINA)


def _entries(corpus: Corpus, docs: list[Document], lang: str, site_url: str) -> list[dict[str, Any]]:
    entries = []
    for doc in corpus.newest_first(docs)[:FEED_SIZE]:
        path, page_lang = document_path(doc, lang)
        version = doc.version(page_lang)
        entries.append({
            "id": absolute_url(site_url, path),
            "url": absolute_url(site_url, path),
            "lang": page_lang,
            "title": version.title,
            "summary": version.summary or "",
            "published": feed_datetime(doc.published),
            "unit": doc.unit.display_name(lang),
            "unit_url": absolute_url(site_url, unit_path(lang, doc.unit.key)),
            "kind": doc.kind,
            "kind_label": t(lang, f"kind_{doc.kind}"),
            "keywords": list(version.keywords),
        })
    return entries


def _meta(corpus: Corpus, lang: str, site_url: str, unit: Unit | None) -> dict[str, Any]:
    site_name = corpus.site.site_name(lang)
    key = None if unit is None else unit.key
    if unit is None:
        title = t(lang, "feed_site_title", site=site_name)
        home = page_path(lang, "")
    else:
        title = t(lang, "feed_unit_title", site=site_name, unit=unit.display_name(lang))
        home = unit_path(lang, unit.key)
    return {
        "title": title,
        "home": absolute_url(site_url, home),
        "atom": absolute_url(site_url, feed_path(lang, "xml", key)),
        "json": absolute_url(site_url, feed_path(lang, "json", key)),
        "author": corpus.site.sponsor_name(lang) or site_name,
        "site_name": site_name,
    }


def atom_feed(meta: dict[str, Any], entries: list[dict[str, Any]], lang: str) -> bytes:
    fg = FeedGenerator()
    fg.id(meta["atom"])
    fg.title(meta["title"])
    fg.author({"name": meta["author"]})
    fg.link(href=meta["home"], rel="alternate", type="text/html")
    fg.link(href=meta["atom"], rel="self", type="application/atom+xml")
    fg.language(lang)
    fg.generator("gongkai")
    fg.rights(meta["site_name"])
    # an empty feed is dated 1970-01-01: nothing in it, and no build time leaks in
    fg.updated(entries[0]["published"] if entries else feed_datetime(dt.date(1970, 1, 1)))
    for e in entries:
        fe = fg.add_entry(order="append")
        fe.id(e["id"])
        fe.title(e["title"])
        fe.link(href=e["url"], rel="alternate", type="text/html", hreflang=e["lang"])
        fe.published(e["published"])
        fe.updated(e["published"])
        fe.author({"name": e["unit"], "uri": e["unit_url"]})
        fe.category(term=e["kind"], label=e["kind_label"])
        if e["summary"]:
            fe.summary(e["summary"])
    return bytes(fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True))


def json_feed(meta: dict[str, Any], entries: list[dict[str, Any]], lang: str) -> bytes:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    items = []
    for e in entries:
        item = {
            "id": e["id"],
            "url": e["url"],
            "title": e["title"],
            "content_text": e["summary"] or e["title"],
            "date_published": e["published"].isoformat(),
            "authors": [{"name": e["unit"], "url": e["unit_url"]}],
            "tags": list(dict.fromkeys([e["kind_label"], *e["keywords"]])),
            "language": e["lang"],
        }
        if e["summary"]:
            item["summary"] = e["summary"]
        items.append(item)
    data = {
        "version": JSON_FEED_VERSION,
        "title": meta["title"],
        "home_page_url": meta["home"],
        "feed_url": meta["json"],
        "language": lang,
        "authors": [{"name": meta["author"]}],
        "items": items,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def feed_files(corpus: Corpus, site_url: str) -> dict[str, bytes]:
    """Site-root-relative path -> content of every feed in every language."""
    by_unit: dict[str, list[Document]] = {}
    for doc in corpus.documents:
        by_unit.setdefault(doc.unit.key, []).append(doc)
    files: dict[str, bytes] = {}
    for lang in corpus.languages:
        scopes: list[tuple[Unit | None, list[Document]]] = [(None, corpus.documents)]
        scopes += [(unit, by_unit.get(unit.key, [])) for unit in corpus.site.units.values()]
        for unit, docs in scopes:
            meta = _meta(corpus, lang, site_url, unit)
            entries = _entries(corpus, docs, lang, site_url)
            key = None if unit is None else unit.key
            files[feed_path(lang, "xml", key)] = atom_feed(meta, entries, lang)
            files[feed_path(lang, "json", key)] = json_feed(meta, entries, lang)
    return files
