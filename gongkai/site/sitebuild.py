"""One site build, engine-neutral: load and validate, stage pages, answer page contexts."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from gongkai.content import compliance
from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus
from gongkai.content.model import DEFAULT_LANG
from gongkai.locales import t, ui
from gongkai.problems import WARNING, ContentError, Problem, errors
from gongkai.rendering.escape import escaped
from gongkai.search import SearchDocument, SearchIndex
from gongkai.site import catalog, feeds, qr, views
from gongkai.site.alternates import alternates as page_alternates
from gongkai.site.paths import absolute_url, document_path
from gongkai.site.stage import staged_pages, write_tree


class SiteBuild:
    def __init__(self, root: Path, languages: list[str], site_url: str):
        if not site_url:
            raise ContentError([Problem("mkdocs.yml", 0, "site_url", "site_url_missing")])
        self.site = load_site(root)
        self.languages = languages
        self.site_url = site_url
        self.corpus = load_corpus(self.site, languages)
        if errors(self.corpus.problems):
            raise ContentError(self.corpus.problems)
        self.pages_written = 0  # document pages the engine reported as written
        self.search = SearchIndex()

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.corpus.problems if p.severity == WARNING]

    @property
    def documents_read(self) -> int:
        return self.corpus.files_read

    def stage(self, staging_root: Path) -> int:
        self.prefetch_qr()
        return write_tree(staging_root, staged_pages(self.corpus))

    def prefetch_qr(self) -> int:
        """Make every document page's QR code on the other cores while the engine renders
        Markdown (views.document_view then finds them ready); the same codes, sooner."""
        items = []
        for doc in self.corpus.documents:
            for lang in [DEFAULT_LANG, *doc.translations]:
                if lang in self.languages and self.site_url:
                    url = absolute_url(self.site_url, document_path(doc, lang)[0])
                    items.append((url, t(lang, "qr_alt", url=url)))
        return qr.prefetch(items)

    def index_page(self, meta: dict | None, lang: str, body_html: str) -> None:
        """Give a built page's body to the search index: document pages only (never print views)."""
        if not meta or meta.get("page") != "document":
            return
        doc = self.corpus.by_id[meta["id"]]
        version = doc if lang == DEFAULT_LANG else doc.translations[lang]
        self.search.add(lang, SearchDocument(
            url=document_path(doc, lang)[0], title=version.title, unit=doc.unit.display_short(lang),
            year=str(doc.year), kind=t(lang, f"kind_{doc.kind}"), html=body_html,
            order=(-doc.year, -doc.published.toordinal(), doc.doc_id), summary=version.summary or doc.summary))

    def nav(self) -> list[str]:
        """Staged paths of the pages in the navigation: years and units, never every document."""
        years = [f"{y}/index.md" for y in self.corpus.years()]
        return ["index.md", "archive/index.md", *years, "units/index.md", "compliance/index.md", "search/index.md"]

    def alternates(self, meta: dict, base_path: str) -> list[dict]:
        return page_alternates(self.corpus, meta, base_path)

    def page_context(self, meta: dict | None, lang: str) -> dict:
        """Everything a template needs for one page of `lang` (`meta` = the page's gongkai: block),
        every text in it escaped (see escape.py)."""
        return escaped(self._page_context(meta, lang))

    def _page_context(self, meta: dict | None, lang: str) -> dict:
        context = {"ui": ui(lang), "site": views.site_view(self.site, lang), "lang": lang,
                   "default_lang": DEFAULT_LANG, "feeds": views.feeds_view(lang)}
        if not meta:
            return context
        kind = meta["page"]
        corpus = self.corpus
        if kind in ("document", "print"):
            context["doc"] = views.document_view(corpus, corpus.by_id[meta["id"]], lang, self.site_url)
            context["jsonld"] = Markup(catalog.script_json(
                catalog.document_jsonld(corpus, corpus.by_id[meta["id"]], lang, self.site_url)))
        elif kind == "home":
            context["home"] = views.home_view(corpus, lang)
        elif kind == "archive":
            context["archive"] = views.archive_view(corpus, lang)
        elif kind == "year":
            context["year"] = views.year_view(corpus, meta["year"], lang)
        elif kind == "search":
            context["search_facets"] = views.search_facets_view(corpus, lang)
        elif kind == "units":
            context["units"] = views.units_view(corpus, lang)
        elif kind == "unit":
            context["unit"] = views.unit_view(corpus, self.site.units[meta["unit"]], lang)
            context["feeds"] = views.feeds_view(lang, self.site.units[meta["unit"]])
        elif kind == "compliance":
            if "year" in meta:
                status = next(s for s in self.compliance if s.year == meta["year"])
                context["compliance"] = views.compliance_year_view(corpus, status, lang)
            else:
                context["compliance"] = views.compliance_index_view(self.compliance, lang)
        return context

    @cached_property
    def as_of(self) -> dt.date:
        """Reference date of the compliance overview: deterministic, never the clock."""
        return compliance.reference_date(self.corpus, self.site.root)

    @cached_property
    def compliance(self) -> list[compliance.YearStatus]:
        return compliance.overview(self.corpus, self.as_of)

    def lastmod(self, meta: dict | None) -> dt.date:
        """Last-modified date of a page, for the sitemap: a document's publication date, the
        newest date of what a listing shows, the compliance pages their "as of" date;
        hand-written pages get the newest document date."""
        corpus = self.corpus
        docs = corpus.documents
        kind = (meta or {}).get("page")
        if kind in ("document", "print"):
            return corpus.by_id[meta["id"]].published
        if kind == "compliance":  # the page states the status as of this date
            return self.as_of
        if kind == "year":
            docs = [d for d in docs if d.year == meta["year"]]
        elif kind == "unit":
            docs = [d for d in docs if d.unit.key == meta["unit"]]
        newest = max((d.published for d in docs), default=None)
        return newest or compliance.newest_published(corpus) or dt.date(1970, 1, 1)

    def output_files(self) -> dict[str, bytes]:
        """Files next to the pages, by site-root-relative path: feeds, catalogs, schema."""
        return {**feeds.feed_files(self.corpus, self.site_url),
                **catalog.catalog_files(self.corpus, self.site_url)}

    def write_outputs(self, site_dir: Path) -> int:
        """Write output_files() into the built site (after every language is built)."""
        qr.finish()
        files = self.output_files()
        for rel, content in files.items():
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return len(files)

    def count_problem(self) -> str | None:
        """Nothing lost: every source file became exactly one page."""
        if self.pages_written == self.documents_read:
            return None
        return f"{self.documents_read} documents read but {self.pages_written} pages written"
