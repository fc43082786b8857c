"""One site build, engine-neutral: load and validate, stage pages, answer page contexts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from gongkai.content import compliance
from gongkai.content.config import load_site
from gongkai.content.corpus import ReadCache, load_corpus
from gongkai.content.model import DEFAULT_LANG
from gongkai.locales import t
from gongkai.problems import WARNING, ContentError, Problem, errors
from gongkai.rendering.escape import escaped
from gongkai.search import SearchDocument, SearchIndex
from gongkai.site import catalog, feeds, pages, qr, views
from gongkai.site.alternates import alternates as page_alternates
from gongkai.site.indexer import IndexWorker, search_index
from gongkai.site.pages import PageRef
from gongkai.site.paths import absolute_url, document_path
from gongkai.site.stage import DocumentPages, StagedPage, staged_pages, write_tree


class SiteBuild:
    """`previous`: the build before this one in a preview session with the same configuration
    (site, units, languages, code); files and documents unchanged since are not read or staged
    again. `keep` keeps what a next preview build can reuse."""

    def __init__(self, root: Path, languages: list[str], site_url: str, *,
                 previous: SiteBuild | None = None, keep: bool = False):
        if not site_url:
            raise ContentError([Problem("mkdocs.yml", 0, "site_url", "site_url_missing")])
        self.previous = previous
        self.site = load_site(root)
        self.languages = languages
        self.site_url = site_url
        self.reads: ReadCache | None = previous.reads if previous else ({} if keep else None)
        self.document_pages: DocumentPages = dict(previous.document_pages) if previous else {}
        self.corpus = load_corpus(self.site, languages, reads=self.reads)
        if errors(self.corpus.problems):
            raise ContentError(self.corpus.problems)
        self.pages_written = 0  # document pages the engine reported as written
        self._ui_cache: dict[str, dict[str, str]] = {}
        self._views: dict[tuple[PageRef, str], object] = {}
        self._shared_views: dict[tuple[object, str, str], object] = {}

    @cached_property
    def search(self) -> SearchIndex | IndexWorker:
        """The search index this build's pages go to (made when the first page does)."""
        return search_index()

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.corpus.problems if p.severity == WARNING]

    @property
    def documents_read(self) -> int:
        return self.corpus.files_read

    @cached_property
    def staged(self) -> list[StagedPage]:
        return staged_pages(self.corpus, self.document_pages)

    @cached_property
    def staged_contents(self) -> dict[str, bytes]:
        return {p.path: p.content for p in self.staged}

    @cached_property
    def pages_by_path(self) -> dict[str, StagedPage]:
        """Staged path -> the staged page (attachments left out)."""
        return {p.path: p for p in self.staged if p.ref is not None}

    @cached_property
    def refs(self) -> dict[str, PageRef]:
        """Staged path -> the page it is."""
        return {p.path: p.ref for p in self.staged if p.ref is not None}

    @cached_property
    def langs(self) -> dict[str, str]:
        return {p.path: p.lang for p in self.staged}

    def stage(self, staging_root: Path) -> int:
        if self.previous is None:  # a preview rebuild makes the few new codes as pages ask
            self.prefetch_qr()
        before = self.previous.staged_contents if self.previous else None
        return write_tree(staging_root, self.staged, before)

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

    def index_page(self, ref: PageRef | None, lang: str, body_html: str) -> None:
        """Give a built page's body to the search index, if its kind is indexed."""
        if ref is None or not ref.kind.indexed:
            return
        doc = self.corpus.by_id[ref.id or ""]
        version = doc.version(lang)
        self.search.add(lang, SearchDocument(
            url=document_path(doc, lang)[0], title=version.title, unit=doc.unit.display_short(lang),
            year=str(doc.year), kind=t(lang, f"kind_{doc.kind}"), html=body_html,
            order=(-doc.year, -doc.published.toordinal(), doc.doc_id), summary=version.summary))

    def nav(self) -> list[str]:
        """Staged paths of the pages in the navigation (years and units, never every document),
        in the order of the navigation."""
        listed = [(ref.kind.nav_order, i, path) for i, (path, ref) in enumerate(self.refs.items())
                  if ref.kind.nav_order is not None and self.langs[path] == DEFAULT_LANG]
        return [path for *_, path in sorted(listed)]  # i18n finds the other languages' files

    def in_nav(self, staged_path: str) -> bool:
        ref = self.refs.get(staged_path)
        return ref is not None and ref.kind.in_nav

    def alternates(self, ref: PageRef, base_path: str) -> tuple[views.Alternate, ...]:
        return page_alternates(self.corpus, ref, base_path)

    def page_context(self, ref: PageRef | None, lang: str, *, title: str, description: str,
                     alternates: tuple[views.Alternate, ...]) -> views.PageContext:
        """Everything a template reads for one page of `lang` (`ref` None: a hand-written page),
        every text in it escaped (see rendering/escape.py)."""
        view = self._escaped_view(ref, lang) if ref is not None else None
        if ref is not None and ref.kind.describe is not None:
            description = ref.kind.describe(self, ref, lang)
        unit = self.site.units[ref.unit] if ref is not None and ref.unit else None
        context = views.page_context(self.site, lang, title=title, description=description,
                                     alternates=alternates, view=view, unit=unit)
        # the UI strings (most of the context) are the same on every page: escaped once a language
        return replace(escaped(replace(context, ui={}, view=None)), ui=self._escaped_ui(context.ui, lang), view=view)

    def _escaped_view(self, ref: PageRef, lang: str) -> object:
        """The view, escaped. A document page and its print view show the same one: made and
        escaped for the first of them, handed to the second."""
        if not ref.kind.per_document:
            return escaped(self.view(ref, lang))
        key = (ref.kind.view, ref.id or "", lang)
        shared = self._shared_views.pop(key, None)
        if shared is None:
            shared = self._shared_views[key] = escaped(self.view(ref, lang))
        return shared

    def view(self, ref: PageRef, lang: str) -> object:
        """The page kind's view of `ref` in `lang`; a listing's is kept (a preview rebuild
        compares it with the next build's, site/changes.py)."""
        if ref.kind.per_document:
            return ref.kind.view(self, ref, lang)
        if (ref, lang) not in self._views:
            self._views[(ref, lang)] = ref.kind.view(self, ref, lang)
        return self._views[(ref, lang)]

    def _escaped_ui(self, strings: dict[str, str], lang: str) -> dict[str, str]:
        if lang not in self._ui_cache:
            self._ui_cache[lang] = escaped(strings)
        return self._ui_cache[lang]

    @cached_property
    def as_of(self) -> dt.date:
        """Reference date of the compliance overview: deterministic, never the clock."""
        return compliance.reference_date(self.corpus, self.site.root)

    @cached_property
    def compliance(self) -> list[compliance.YearStatus]:
        return compliance.overview(self.corpus, self.as_of)

    def lastmod(self, ref: PageRef | None) -> dt.date:
        """Last-modified date of a page, for the sitemap; hand-written pages get the newest
        document date."""
        if ref is None:
            return pages.newest(self, self.corpus.documents)
        return ref.kind.lastmod(self, ref)

    def output_files(self) -> dict[str, bytes]:
        """Files next to the pages, by site-root-relative path: feeds, catalogs, schema."""
        return {**feeds.feed_files(self.corpus, self.site_url),
                **catalog.catalog_files(self.corpus, self.site_url)}

    def start_search_write(self, site_dir: Path, languages: list[str]) -> None:
        """A search worker writes the index while this process writes the other outputs."""
        if isinstance(self.search, IndexWorker):
            self.search.start_write(site_dir, languages)

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
