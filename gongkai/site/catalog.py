"""Open data: the JSON catalog of every document, and schema.org JSON-LD for document pages.

The catalog (/catalog.json, and /<lang>/catalog.json for every other site language) lists
every document's metadata with absolute URLs of each language version; its shape is the JSON
Schema in schema/catalog.schema.json, copied next to it as /catalog.schema.json. Output is
deterministic: no build time anywhere; "updated" is the newest publication date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai.content.corpus import Corpus
from gongkai.content.model import DEFAULT_LANG, KINDS, Document, Translation, Unit
from gongkai.locales import category_of, t
from gongkai.site.paths import absolute_url, document_path, feed_path, page_path, unit_path

CATALOG_VERSION = "1.0"
CATALOG_FILE = "catalog.json"
SCHEMA_FILE = "catalog.schema.json"
SCHEMA_SOURCE = Path(__file__).resolve().parents[2] / "schema" / SCHEMA_FILE


def dumps(data: object) -> bytes:
    """Stable, readable UTF-8 JSON."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def unit_record(unit: Unit, lang: str, site_url: str) -> dict[str, Any]:
    return {
        "key": unit.key,
        "name": unit.display_name(lang),
        "short": unit.display_short(lang),
        "name_zh": unit.name,
        "type": unit.type,
        "code": unit.code,
        "url": absolute_url(site_url, unit_path(lang, unit.key)),
        "feeds": {"atom": absolute_url(site_url, feed_path(lang, "xml", unit.key)),
                  "json": absolute_url(site_url, feed_path(lang, "json", unit.key))},
    }


def versions(corpus: Corpus, doc: Document, site_url: str) -> dict[str, dict[str, Any]]:
    """Every language version that exists: lang -> {title, url}. The original is Chinese."""
    found: dict[str, Document | Translation] = {DEFAULT_LANG: doc, **doc.translations}
    return {lang: {"title": v.title, "url": absolute_url(site_url, document_path(doc, lang)[0])}
            for lang, v in sorted(found.items(), key=lambda kv: (kv[0] != DEFAULT_LANG, kv[0]))
            if lang in corpus.languages}


def document_record(corpus: Corpus, doc: Document, lang: str, site_url: str) -> dict[str, Any]:
    """One document as a reader of `lang` finds it (title and URL of the version they get)."""
    path, page_lang = document_path(doc, lang)
    version = doc.version(page_lang)
    return {
        "id": doc.doc_id,
        "url": absolute_url(site_url, path),
        "lang": page_lang,
        "title": version.title,
        "title_zh": doc.title,
        "kind": doc.kind,
        "kind_label": t(lang, f"kind_{doc.kind}"),
        "year": doc.year,
        "unit": doc.unit.key,
        "unit_name": doc.unit.display_name(lang),
        "published": doc.published.isoformat(),
        "written": doc.written.isoformat() if doc.written else None,
        "doc_no": doc.doc_no or None,
        "index_no": doc.index_no,
        "category": category_of(version),
        "keywords": list(version.keywords),
        "summary": version.summary or None,
        "related": sorted(r.doc_id for r in corpus.related_of(doc)),
        "print_url": absolute_url(site_url, f"{path}print/"),
        "source": doc.rel_path,
        "versions": versions(corpus, doc, site_url),
    }


def catalog(corpus: Corpus, lang: str, site_url: str) -> dict[str, Any]:
    docs = corpus.newest_first()
    newest = docs[0].published.isoformat() if docs else None
    return {
        "$schema": absolute_url(site_url, SCHEMA_FILE),
        "version": CATALOG_VERSION,
        "lang": lang,
        "site": {"name": corpus.site.site_name(lang), "url": absolute_url(site_url, page_path(lang, "")),
                 "sponsor": corpus.site.sponsor_name(lang) or None},
        "updated": newest,
        "feeds": {"atom": absolute_url(site_url, page_path(lang, "feed.xml")),
                  "json": absolute_url(site_url, page_path(lang, "feed.json"))},
        "count": len(docs),
        "units": [unit_record(u, lang, site_url) for u in corpus.site.units.values()],
        "documents": [document_record(corpus, d, lang, site_url) for d in docs],
    }


def catalog_files(corpus: Corpus, site_url: str) -> dict[str, bytes]:
    """Site-root-relative path -> content: the catalog in every language, and its schema."""
    files = {page_path(lang, CATALOG_FILE): dumps(catalog(corpus, lang, site_url))
             for lang in corpus.languages}
    files[SCHEMA_FILE] = SCHEMA_SOURCE.read_bytes()
    return files


# --- schema.org JSON-LD ------------------------------------------------------------------------

def document_jsonld(corpus: Corpus, doc: Document, lang: str, site_url: str) -> dict[str, Any]:
    """schema.org description of a document page in `lang`."""
    path, page_lang = document_path(doc, lang)
    version = doc.version(page_lang)
    url = absolute_url(site_url, path)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": KINDS[doc.kind].schema_type,
        "@id": url,
        "url": url,
        "headline": version.title,
        "name": version.title,
        "inLanguage": page_lang,
        "datePublished": doc.published.isoformat(),
        "identifier": doc.index_no,
        "genre": t(page_lang, f"kind_{doc.kind}"),
        "publisher": {"@type": "GovernmentOrganization", "name": doc.unit.display_name(page_lang),
                      "url": absolute_url(site_url, unit_path(lang, doc.unit.key))},
        "isPartOf": {"@type": "WebSite", "name": corpus.site.site_name(lang),
                     "url": absolute_url(site_url, page_path(lang, ""))},
    }
    data["author"] = data["publisher"]
    if doc.written:
        data["dateCreated"] = doc.written.isoformat()
    keywords = version.keywords
    if keywords:
        data["keywords"] = ", ".join(keywords)
    summary = version.summary
    if summary:
        data["description"] = summary
    if doc.kind == "annual-report":
        data["temporalCoverage"] = str(doc.year)
    if page_lang != DEFAULT_LANG:
        data["translationOfWork"] = {"@id": absolute_url(site_url, document_path(doc, DEFAULT_LANG)[0])}
    elif doc.translations:
        data["workTranslation"] = [{"@id": absolute_url(site_url, document_path(doc, tl)[0])}
                                   for tl in sorted(doc.translations) if tl in corpus.languages]
    return data


def script_json(data: object) -> str:
    """JSON safe inside <script>: no "</script>", "<!--" or "&" can break out of it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
