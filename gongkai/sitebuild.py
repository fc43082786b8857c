"""One site build, engine-neutral: load and validate, stage pages, answer page contexts."""

from __future__ import annotations

from pathlib import Path

from . import views
from .config import load_site
from .corpus import load_corpus
from .locales import ui
from .model import DEFAULT_LANG
from .problems import WARNING, ContentError, Problem, errors
from .stage import staged_pages, write_tree


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

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.corpus.problems if p.severity == WARNING]

    @property
    def documents_read(self) -> int:
        return self.corpus.files_read

    def stage(self, staging_root: Path) -> int:
        return write_tree(staging_root, staged_pages(self.corpus))

    def nav(self) -> list[str]:
        """Staged paths of the pages in the navigation: years and units, never every document."""
        years = [f"{y}/index.md" for y in self.corpus.years()]
        return ["index.md", "archive/index.md", *years, "units/index.md", "search/index.md"]

    def page_context(self, meta: dict | None, lang: str) -> dict:
        """Everything a template needs for one page of `lang` (`meta` = the page's gongkai: block)."""
        context = {"ui": ui(lang), "site": views.site_view(self.site, lang), "lang": lang,
                   "default_lang": DEFAULT_LANG}
        if not meta:
            return context
        kind = meta["page"]
        corpus = self.corpus
        if kind in ("document", "print"):
            context["doc"] = views.document_view(corpus, corpus.by_id[meta["id"]], lang, self.site_url)
        elif kind == "home":
            context["home"] = views.home_view(corpus, lang)
        elif kind == "archive":
            context["archive"] = views.archive_view(corpus, lang)
        elif kind == "year":
            context["year"] = views.year_view(corpus, meta["year"], lang)
        elif kind == "units":
            context["units"] = views.units_view(corpus, lang)
        elif kind == "unit":
            context["unit"] = views.unit_view(corpus, self.site.units[meta["unit"]], lang)
        return context

    def count_problem(self) -> str | None:
        """Nothing lost: every source file became exactly one page."""
        if self.pages_written == self.documents_read:
            return None
        return f"{self.documents_read} documents read but {self.pages_written} pages written"
