"""The staged content tree: every page the site has, as Markdown files an engine can build.

Report sources are validated in place; what the engine reads is this tree, written below the
docs folder (docs/generated/) so that the i18n machinery sees ordinary files. A file is
rewritten only when its content changes, so a watching dev server does not loop.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.content.corpus import Corpus
from gongkai.content.model import DEFAULT_LANG, Document, Version
from gongkai.content.signature import strip_signature, unit_names
from gongkai.locales import t
from gongkai.site import pages
from gongkai.site.pages import PageRef
from gongkai.site.views import document_description


@dataclass(frozen=True)
class StagedPage:
    """A file of the staged tree. A page's file is its front matter and Markdown; the engine
    gets both from `meta` and `markdown` without reading the file back (hooks/adapter.py)."""

    path: str  # relative to the staging root, e.g. "2024/x.en.md"
    content: bytes
    ref: PageRef | None = None  # None for an attachment
    lang: str = DEFAULT_LANG
    meta: dict[str, Any] = field(default_factory=dict)
    markdown: str = ""


PRINT_DEST = re.compile(r"^(\d{4}/[^/]+)\.print((?:\.[a-z]{2,3})?)/index\.html$")


def published_dest(dest: str) -> str:
    """Where a staged page is published: 2024/x.print/index.html -> 2024/x/print/index.html
    (a translation's 2024/x.print.en/… -> 2024/x/print.en/…, which i18n turns into en/2024/x/print/)."""
    return PRINT_DEST.sub(r"\1/print\2/index.html", dest)


def localized(path: str, lang: str) -> str:
    """x.md -> x.en.md for a non-default language (mkdocs-static-i18n suffix layout)."""
    return path if lang == DEFAULT_LANG else f"{path[:-3]}.{lang}.md"


def page(ref: PageRef, lang: str, title: str, body: str = "", description: str = "") -> StagedPage:
    meta: dict[str, Any] = {"title": title, "template": ref.kind.template}
    if description:
        meta["description"] = description
    meta["gongkai"] = ref.meta()
    front = json.dumps(meta, ensure_ascii=False)  # JSON is YAML: any reader of the file gets `meta`
    return StagedPage(localized(ref.path, lang), f"---\n{front}\n---\n{body}".encode(), ref, lang, meta, body)


def listing_pages(corpus: Corpus, lang: str) -> list[StagedPage]:
    """Home, archives and unit pages: a template renders them from core views."""
    staged = [
        page(PageRef(pages.HOME), lang, t(lang, "home_title")),
        page(PageRef(pages.ARCHIVE), lang, t(lang, "archive_title")),
        page(PageRef(pages.UNITS), lang, t(lang, "units_title")),
        page(PageRef(pages.SEARCH), lang, t(lang, "search_title")),
    ]
    staged += [page(PageRef(pages.YEAR, year=year), lang, t(lang, "year_title", year=year))
               for year in corpus.years()]
    staged.append(page(PageRef(pages.COMPLIANCE), lang, t(lang, "compliance_title")))
    staged += [page(PageRef(pages.COMPLIANCE_YEAR, year=year), lang, t(lang, "compliance_year_title", year=year))
               for year in corpus.years()]
    staged += [page(PageRef(pages.UNIT, unit=unit.key), lang, unit.display_name(lang))
               for unit in corpus.site.units.values()]
    return staged


def document_pages(version: Version) -> list[StagedPage]:
    """The document page and its print view, in the language of `version`. The print view is
    staged beside the document, so that its relative links and images resolve the same way,
    and published at <year>/<slug>/print/ (see published_dest)."""
    doc = version.doc
    body = strip_signature(version.body, unit_names(doc.unit))  # the signature comes from metadata
    description = document_description(version)
    return [page(PageRef(kind, id=doc.doc_id), version.lang, version.title, body, description)
            for kind in (pages.DOCUMENT, pages.PRINT)]


# a document's staged pages, by id, with the document they were made from
DocumentPages = dict[str, tuple[Document, list[StagedPage]]]


def staged_pages(corpus: Corpus, documents: DocumentPages | None = None) -> list[StagedPage]:
    """Every page of the site. `documents` holds the pages of a previous build's documents
    (reused for a document equal to the one read now) and receives this build's."""
    documents = {} if documents is None else documents
    previous = dict(documents)
    documents.clear()
    staged: list[StagedPage] = []
    for lang in corpus.languages:
        staged += listing_pages(corpus, lang)
    for doc in corpus.documents:
        old = previous.get(doc.doc_id)
        if old is not None and old[0] == doc:
            pages = old[1]
        else:
            pages = document_pages(doc.version(DEFAULT_LANG))
            pages += [p for lang in doc.translations for p in document_pages(doc.version(lang))]
        documents[doc.doc_id] = (doc, pages)
        staged += pages
    for asset in corpus.assets:
        staged.append(StagedPage(asset, (corpus.site.reports_dir / asset).read_bytes()))
    return staged


def write_tree(root: Path, staged: list[StagedPage], written_before: dict[str, bytes] | None = None) -> int:
    """Make `root` hold exactly `staged`; returns how many files were (re)written.
    `written_before`: what a previous call wrote there (then only the differences are
    written, without reading the tree)."""
    wanted = {p.path: p.content for p in staged}
    root.mkdir(parents=True, exist_ok=True)
    if written_before is None:
        for existing in sorted(root.rglob("*"), reverse=True):
            rel = existing.relative_to(root).as_posix()
            if existing.is_file() and rel not in wanted:
                existing.unlink()
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    else:
        for rel in written_before.keys() - wanted.keys():
            (root / rel).unlink(missing_ok=True)
    written = 0
    for rel, content in wanted.items():
        target = root / rel
        if written_before is not None and written_before.get(rel) == content:
            continue
        if written_before is None and target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    return written
