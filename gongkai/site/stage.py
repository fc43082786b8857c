"""The staged content tree: every page the site has, as Markdown files an engine can build.

Report sources are validated in place; what the engine reads is this tree, written below the
docs folder (docs/generated/) so that the i18n machinery sees ordinary files. A file is
rewritten only when its content changes, so a watching dev server does not loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from gongkai.content.corpus import Corpus
from gongkai.content.model import DEFAULT_LANG, Document
from gongkai.content.signature import strip_signature, unit_names
from gongkai.locales import t

STAGED_DIR = "generated"


@dataclass(frozen=True)
class StagedPage:
    path: str  # relative to the staging root, e.g. "2024/x.en.md"
    content: bytes


NAV_PAGE = re.compile(r"^(?:(?:archive|units|search|compliance|\d{4})/)?index(?:\.[a-z]{2,3})?\.md$")


def in_nav(path: str) -> bool:
    """Home, archive, year, units, compliance and search pages are in the navigation; documents never."""
    return bool(NAV_PAGE.match(path))


PRINT_DEST = re.compile(r"^(\d{4}/[^/]+)\.print((?:\.[a-z]{2,3})?)/index\.html$")


def published_dest(dest: str) -> str:
    """Where a staged page is published: 2024/x.print/index.html -> 2024/x/print/index.html
    (a translation's 2024/x.print.en/… -> 2024/x/print.en/…, which i18n turns into en/2024/x/print/)."""
    return PRINT_DEST.sub(r"\1/print\2/index.html", dest)


def localized(path: str, lang: str) -> str:
    """x.md -> x.en.md for a non-default language (mkdocs-static-i18n suffix layout)."""
    return path if lang == DEFAULT_LANG else f"{path[:-3]}.{lang}.md"


def page(path: str, lang: str, meta: dict, body: str = "") -> StagedPage:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return StagedPage(localized(path, lang), f"---\n{front}---\n{body}".encode())


def listing_pages(corpus: Corpus, lang: str) -> list[StagedPage]:
    """Home, archives and unit pages: a template renders them from core views."""
    pages = [
        page("index.md", lang, {"title": t(lang, "home_title"), "template": "home.html",
                                "gongkai": {"page": "home"}}),
        page("archive/index.md", lang, {"title": t(lang, "archive_title"), "template": "archive.html",
                                        "gongkai": {"page": "archive"}}),
        page("units/index.md", lang, {"title": t(lang, "units_title"), "template": "units.html",
                                      "gongkai": {"page": "units"}}),
        page("search/index.md", lang, {"title": t(lang, "search_title"), "template": "search.html",
                                       "gongkai": {"page": "search"}}),
    ]
    for year in corpus.years():
        pages.append(page(f"{year}/index.md", lang, {
            "title": t(lang, "year_title", year=year), "template": "year.html",
            "gongkai": {"page": "year", "year": year}}))
    pages.append(page("compliance/index.md", lang, {
        "title": t(lang, "compliance_title"), "template": "compliance.html",
        "gongkai": {"page": "compliance"}}))
    for year in corpus.years():
        pages.append(page(f"compliance/{year}/index.md", lang, {
            "title": t(lang, "compliance_year_title", year=year), "template": "compliance.html",
            "gongkai": {"page": "compliance", "year": year}}))
    for unit in corpus.site.units.values():
        pages.append(page(f"units/{unit.key}/index.md", lang, {
            "title": unit.display_name(lang), "template": "unit.html",
            "gongkai": {"page": "unit", "unit": unit.key}}))
    return pages


def document_pages(doc: Document, version: Document) -> list[StagedPage]:
    """The document page and its print view, in the language of `version`."""
    meta = {"title": version.title, "template": "document.html",
            "description": version.summary or doc.summary,
            "gongkai": {"page": "document", "id": doc.doc_id}}
    print_meta = {**meta, "template": "print.html", "gongkai": {"page": "print", "id": doc.doc_id},
                  "search": {"exclude": True}}
    body = strip_signature(version.body, unit_names(doc.unit))  # the signature comes from metadata
    return [
        page(f"{doc.doc_id}.md", version.lang, meta, body),
        # beside the document, so that its relative links and images resolve the same way;
        # published at <year>/<slug>/print/ (see published_dest)
        page(f"{doc.doc_id}.print.md", version.lang, print_meta, body),
    ]


def staged_pages(corpus: Corpus) -> list[StagedPage]:
    pages: list[StagedPage] = []
    for lang in corpus.languages:
        pages += listing_pages(corpus, lang)
    for doc in corpus.documents:
        pages += document_pages(doc, doc)
        for translation in doc.translations.values():
            pages += document_pages(doc, translation)
    for asset in corpus.assets:
        pages.append(StagedPage(asset, (corpus.site.reports_dir / asset).read_bytes()))
    return pages


def write_tree(root: Path, pages: list[StagedPage]) -> int:
    """Make `root` hold exactly `pages`; returns how many files were (re)written."""
    wanted = {p.path: p.content for p in pages}
    root.mkdir(parents=True, exist_ok=True)
    for existing in sorted(root.rglob("*"), reverse=True):
        rel = existing.relative_to(root).as_posix()
        if existing.is_file() and rel not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    written = 0
    for rel, content in wanted.items():
        target = root / rel
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    return written
