"""The kinds of page the site has, in one registry.

Each kind names its template, its view, whether it is in the navigation, the search index and
the sitemap, how it finds its versions in other languages and its sitemap date. The staged
page carries only `gongkai: {page: <kind>, <param>: …}`; everything else is looked up here,
so adding a page kind is one entry below plus its template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gongkai.content.compliance import YearStatus
from gongkai.content.model import Document
from gongkai.site import views

if TYPE_CHECKING:
    from gongkai.site.sitebuild import SiteBuild


@dataclass(frozen=True)
class PageRef:
    """One staged page: its kind and the parameter that picks what it shows."""

    kind: PageKind
    year: int | None = None
    unit: str | None = None
    id: str | None = None

    @property
    def path(self) -> str:
        """The staged file of this page in the default language."""
        return self.kind.path.format(year=self.year, unit=self.unit, id=self.id)

    def meta(self) -> dict[str, Any]:
        """The `gongkai:` block of the staged page."""
        params = {"year": self.year, "unit": self.unit, "id": self.id}
        meta = {"page": self.kind.name, **{k: v for k, v in params.items() if v is not None}}
        if not self.kind.in_sitemap:
            meta["sitemap"] = False  # read by overrides/sitemap.xml
        return meta


@dataclass(frozen=True)
class PageKind:
    name: str
    path: str  # the staged file, from PageRef's fields: "{year}/index.md"; its URL follows from it
    template: str
    view: Callable[[SiteBuild, PageRef, str], object]
    # its meta description; a document's is its summary, from its staged page
    describe: Callable[[SiteBuild, PageRef, str], str] | None
    lastmod: Callable[[SiteBuild, PageRef], dt.date]  # its sitemap date
    nav_order: int | None = None  # its place in the navigation; None: not in it
    indexed: bool = False  # its body goes into the search index
    in_sitemap: bool = True
    # a document page: an untranslated one points readers of another language to its year archive
    per_document: bool = False

    @property
    def in_nav(self) -> bool:
        return self.nav_order is not None


def _doc(build: SiteBuild, ref: PageRef) -> Document:
    assert ref.id is not None
    return build.corpus.by_id[ref.id]


def newest(build: SiteBuild, docs: list[Document]) -> dt.date:
    """The newest date of what a listing shows; an empty one takes the site's newest."""
    dates = [d.published for d in docs] or [d.published for d in build.corpus.documents]
    return max(dates, default=dt.date(1970, 1, 1))


def _published(build: SiteBuild, ref: PageRef) -> dt.date:
    return _doc(build, ref).published


def _as_of(build: SiteBuild, ref: PageRef) -> dt.date:
    return build.as_of  # the page states the status as of this date


def _all(build: SiteBuild, ref: PageRef) -> dt.date:
    return newest(build, build.corpus.documents)


def _unit_lastmod(build: SiteBuild, ref: PageRef) -> dt.date:
    return newest(build, [d for d in build.corpus.documents if d.unit.key == ref.unit])


def _year_lastmod(build: SiteBuild, ref: PageRef) -> dt.date:
    return newest(build, [d for d in build.corpus.documents if d.year == ref.year])


# the views, by page kind: their return types are what each template may read (tests/test_templates.py)

def _home(build: SiteBuild, ref: PageRef, lang: str) -> views.HomeView:
    return views.home_view(build.corpus, lang, build.compliance)


def _archive(build: SiteBuild, ref: PageRef, lang: str) -> views.ArchiveView:
    return views.archive_view(build.corpus, lang)


def _year(build: SiteBuild, ref: PageRef, lang: str) -> views.YearView:
    assert ref.year is not None
    return views.year_view(build.corpus, ref.year, lang)


def _units(build: SiteBuild, ref: PageRef, lang: str) -> views.UnitsView:
    return views.units_view(build.corpus, lang)


def _unit(build: SiteBuild, ref: PageRef, lang: str) -> views.UnitView:
    assert ref.unit is not None
    return views.unit_view(build.corpus, build.site.units[ref.unit], lang)


def _compliance(build: SiteBuild, ref: PageRef, lang: str) -> views.ComplianceIndexView:
    return views.compliance_index_view(build.compliance, lang)


def _compliance_year(build: SiteBuild, ref: PageRef, lang: str) -> views.ComplianceYearView:
    return views.compliance_year_view(build.corpus, _year_status(build, ref), lang)


def _search(build: SiteBuild, ref: PageRef, lang: str) -> views.SearchFacets:
    return views.search_facets_view(build.corpus, lang)


def _document(build: SiteBuild, ref: PageRef, lang: str) -> views.DocumentView:
    return views.document_view(build.corpus, _doc(build, ref), lang, build.site_url)


def _year_status(build: SiteBuild, ref: PageRef) -> YearStatus:
    return next(s for s in build.compliance if s.year == ref.year)


# the descriptions, by page kind (the <meta name="description"> of each page)

def _describe_home(build: SiteBuild, ref: PageRef, lang: str) -> str:
    return views.home_description(build.corpus, lang)


def _describe_archive(build: SiteBuild, ref: PageRef, lang: str) -> str:
    return views.archive_description(build.corpus, lang)


def _describe_year(build: SiteBuild, ref: PageRef, lang: str) -> str:
    assert ref.year is not None
    return views.year_description(build.corpus, ref.year, lang)


def _describe_units(build: SiteBuild, ref: PageRef, lang: str) -> str:
    return views.units_description(build.corpus, lang)


def _describe_unit(build: SiteBuild, ref: PageRef, lang: str) -> str:
    assert ref.unit is not None
    return views.unit_description(build.corpus, build.site.units[ref.unit], lang)


def _describe_compliance(build: SiteBuild, ref: PageRef, lang: str) -> str:
    return views.compliance_description(build.compliance, lang)


def _describe_compliance_year(build: SiteBuild, ref: PageRef, lang: str) -> str:
    return views.compliance_year_description(_year_status(build, ref), lang)


def _describe_search(build: SiteBuild, ref: PageRef, lang: str) -> str:
    return views.search_description(build.corpus, lang)


HOME = PageKind("home", "index.md", "home.html", _home, _describe_home, _all, nav_order=0)
ARCHIVE = PageKind("archive", "archive/index.md", "archive.html", _archive, _describe_archive, _all, nav_order=1)
YEAR = PageKind("year", "{year}/index.md", "year.html", _year, _describe_year, _year_lastmod, nav_order=2)
UNITS = PageKind("units", "units/index.md", "units.html", _units, _describe_units, _all, nav_order=3)
UNIT = PageKind("unit", "units/{unit}/index.md", "unit.html", _unit, _describe_unit, _unit_lastmod)
COMPLIANCE = PageKind("compliance", "compliance/index.md", "compliance.html", _compliance, _describe_compliance,
                      _as_of, nav_order=4)
COMPLIANCE_YEAR = PageKind("compliance-year", "compliance/{year}/index.md", "compliance-year.html", _compliance_year,
                           _describe_compliance_year, _as_of)
SEARCH = PageKind("search", "search/index.md", "search.html", _search, _describe_search, _all, nav_order=5)
DOCUMENT = PageKind("document", "{id}.md", "document.html", _document, None, _published, indexed=True,
                    per_document=True)
PRINT = PageKind("print", "{id}.print.md", "print.html", _document, None, _published, in_sitemap=False,
                 per_document=True)

KINDS: dict[str, PageKind] = {k.name: k for k in (HOME, ARCHIVE, YEAR, UNITS, UNIT, COMPLIANCE,
                                                  COMPLIANCE_YEAR, SEARCH, DOCUMENT, PRINT)}


def ref_of(meta: dict[str, Any] | None) -> PageRef | None:
    """The page a staged page's `gongkai:` block names; None for a hand-written page."""
    if not meta:
        return None
    return PageRef(KINDS[meta["page"]], meta.get("year"), meta.get("unit"), meta.get("id"))
