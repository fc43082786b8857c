"""What each page shows, as typed data for the templates (no HTML, no MkDocs).

Every field here is read by a template (tests/test_templates.py checks each `gk.…` a template
reads against these classes, and that no field goes unread). The page context is escaped as a
whole before a template sees it (rendering/escape.py), so strings here are plain text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup

from gongkai.content.compliance import YearStatus
from gongkai.content.corpus import Corpus
from gongkai.content.model import DEFAULT_LANG, KINDS, UNIT_TYPES, Document, Site, Unit, Version
from gongkai.content.signature import split_signature, unit_names
from gongkai.locales import category_of, t, ui
from gongkai.site.catalog import document_jsonld, script_json
from gongkai.site.paths import (
    absolute_url,
    compliance_path,
    document_path,
    feed_path,
    page_path,
    unit_path,
    year_path,
)
from gongkai.site.qr import qr_svg
from gongkai.site.titles import title_phrases

LATEST_ON_HOME = 10
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")  # not calendar.month_name: that follows the OS locale


def format_date(date: dt.date | None, lang: str) -> str:
    if date is None:
        return ""
    return t(lang, "date_format", year=date.year, month=date.month, day=date.day, iso=date.isoformat())


# --- on every page ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageLink:
    label: str
    path: str  # site-root-relative


@dataclass(frozen=True)
class SiteView:
    """Site identity for the footer: the registry numbers link to the official registries,
    and the editors' pages (guide, open data) are reached from here, not the residents' menu."""

    name: str
    name_parts: tuple[str, ...]  # the name in phrases (site/titles.py), for the header
    sponsor: str
    site_id_code: str
    icp: str
    icp_url: str
    police: str
    police_url: str
    correction_url: str
    links: tuple[PageLink, ...]


@dataclass(frozen=True)
class MetaTag:
    """A government-site <meta name content> tag (GB/T 9704-style disclosure metadata)."""

    name: str
    content: str


@dataclass(frozen=True)
class FeedLink:
    type: str
    title: str
    format: str  # "Atom", "JSON Feed": the link text after a subscribe label
    path: str


@dataclass(frozen=True)
class Feeds:
    """The site's feeds, and a unit page's own."""

    site: tuple[FeedLink, ...]
    unit: tuple[FeedLink, ...] = ()

    @property
    def all(self) -> tuple[FeedLink, ...]:
        return self.site + self.unit


@dataclass(frozen=True)
class Alternate:
    """This page in another site language: the same page (an hreflang alternate) or, when it
    has no such version, the closest page there."""

    lang: str
    path: str
    same: bool


@dataclass(frozen=True)
class PageContext:
    """`gk` in every template. `view` is the page kind's own view (site/pages.py)."""

    ui: dict[str, str]
    site: SiteView
    lang: str
    title: str  # the <title>: "page - site", the site name alone on the home page
    heading: tuple[str, ...]  # the page's title in phrases, for its <h1> (site/titles.py)
    default_lang: str
    feeds: Feeds
    head: tuple[MetaTag, ...]
    description: str
    alternates: tuple[Alternate, ...]
    view: object = None
    jsonld: Markup = Markup("")


ICP_REGISTRY = "https://beian.miit.gov.cn/"  # MIIT's ICP filing search
POLICE_REGISTRY = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"  # the MPS filing search
FOOTER_PAGES = (("footer_about", "about/"), ("footer_guide", "guide/"), ("open_data", "data/"))


def site_view(site: Site, lang: str) -> SiteView:
    police_code = "".join(re.findall(r"[0-9]+", site.police))
    return SiteView(name=site.site_name(lang), name_parts=title_phrases(site.site_name(lang), ()),
                    sponsor=site.sponsor_name(lang),
                    site_id_code=site.site_id_code, icp=site.icp, icp_url=ICP_REGISTRY if site.icp else "",
                    police=site.police,
                    police_url=POLICE_REGISTRY.format(code=police_code) if police_code else "",
                    correction_url=site.correction_url(),
                    links=tuple(PageLink(t(lang, key), page_path(lang, path)) for key, path in FOOTER_PAGES))


def site_head(site: Site, lang: str, title: str) -> tuple[MetaTag, ...]:
    """The identity tags of a page that is not a document."""
    return (MetaTag("SiteName", site.site_name(lang)), MetaTag("SiteIDCode", site.site_id_code),
            MetaTag("ColumnName", title))


def feeds_view(lang: str, unit: Unit | None = None) -> Feeds:
    """Feeds a page advertises with <link rel="alternate">: the site's, and a unit page's own."""
    site = (FeedLink("application/atom+xml", t(lang, "feed_atom_link"), "Atom", feed_path(lang, "xml")),
            FeedLink("application/feed+json", t(lang, "feed_json_link"), "JSON Feed", feed_path(lang, "json")))
    if unit is None:
        return Feeds(site)
    name = unit.display_short(lang)
    return Feeds(site, (
        FeedLink("application/atom+xml", t(lang, "feed_unit_atom_link", unit=name), "Atom",
                 feed_path(lang, "xml", unit.key)),
        FeedLink("application/feed+json", t(lang, "feed_unit_json_link", unit=name), "JSON Feed",
                 feed_path(lang, "json", unit.key))))


def page_context(site: Site, lang: str, *, title: str, description: str,
                 alternates: tuple[Alternate, ...], view: object = None, unit: Unit | None = None,
                 ) -> PageContext:
    if isinstance(view, DocumentView):
        head, jsonld = view.head, view.jsonld
    else:
        head, jsonld = site_head(site, lang, title), Markup("")
    site_name = site.site_name(lang)
    plain_title = title.unescape() if isinstance(title, Markup) else title
    names = all_unit_names(site, lang)
    # `title` may be escaped Markup already (MkDocs' page title): format keeps it and escapes the rest
    full_title = site_name if isinstance(view, HomeView) or not title else Markup("{} - {}").format(title, site_name)
    return PageContext(ui=ui(lang), site=site_view(site, lang), lang=lang, title=full_title,
                       heading=title_phrases(site_name if isinstance(view, HomeView) else plain_title, names),
                       default_lang=DEFAULT_LANG,
                       feeds=feeds_view(lang, unit), head=head, description=description,
                       alternates=alternates, view=view, jsonld=jsonld)


# --- a document in a listing ---------------------------------------------------------------------

@dataclass(frozen=True)
class ItemView:
    """One line of a listing: a document as a reader of `lang` sees it."""

    title: tuple[str, ...]  # in phrases (site/titles.py): a narrow list breaks between them
    path: str
    lang: str
    other_lang: bool  # shown as "Chinese only" in the English site
    date: str
    iso_date: str
    kind_label: str
    unit: str


@dataclass(frozen=True)
class LanguageLink:
    """The same document in another language."""

    lang: str
    label: str  # in the language of the page that links, or the target's own name
    path: str


def all_unit_names(site: Site, lang: str) -> list[str]:
    """Every unit's full and short name in `lang`: a title never breaks inside one."""
    return [n for u in site.units.values() for n in (u.display_name(lang), u.display_short(lang))]


def item_view(corpus: Corpus, doc: Document, lang: str) -> ItemView:
    path, page_lang = document_path(doc, lang)
    title = title_phrases(doc.version(page_lang).title, all_unit_names(corpus.site, page_lang))
    return ItemView(title=title, path=path, lang=page_lang,
                    other_lang=page_lang != lang, date=format_date(doc.published, lang),
                    iso_date=doc.published.isoformat(), kind_label=t(lang, f"kind_{doc.kind}"),
                    unit=doc.unit.display_short(lang))


# --- document and print pages ------------------------------------------------------------------

@dataclass(frozen=True)
class MetaRow:
    """One line of the disclosure metadata; `parts` are what may not break inside (an index
    number's code and serial, each keyword), the page may break between them."""

    key: str
    label: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class SignatureView:
    """落款 from metadata; a note typed after the date in the body (e.g. （此件公开发布）) follows it."""

    unit: str
    date: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class TitleView:
    """The title as set on the page: explicit `lines` from the front matter (title_break), or
    phrases the browser may break between (site/titles.py)."""

    parts: tuple[str, ...]
    lines: bool


@dataclass(frozen=True)
class DocumentView:
    title: str
    heading: TitleView
    kind_label: str
    year: int
    unit_short: str
    unit_path: str
    year_path: str
    meta_rows: tuple[MetaRow, ...]
    head: tuple[MetaTag, ...]
    related: tuple[ItemView, ...]
    correction_url: str  # the residents' correction form, this page's address filled in
    url: str
    print_path: str
    signature: SignatureView
    # the QR code of the web page, also on its print view: a phone reader wants the page
    qr_svg: Markup
    original: LanguageLink | None  # on a translation: the Chinese text, which prevails
    translations: tuple[LanguageLink, ...]  # on an original: its translations
    jsonld: Markup  # moved to gk.jsonld by page_context, for main.html's head


def document_view(corpus: Corpus, doc: Document, lang: str, site_url: str) -> DocumentView:
    version = doc.version(lang)
    labels = ui(lang)
    path, _ = document_path(doc, lang)
    unit_name = doc.unit.display_name(lang)
    keywords = version.keywords
    rows = (
        ("index_no", labels["meta_index_no"], _code_parts(doc.index_no)),
        ("category", labels["meta_category"], (category_of(version),)),
        ("unit", labels["meta_unit"], (unit_name,)),
        ("written", labels["meta_written"], (format_date(doc.written, lang),)),
        ("published", labels["meta_published"], (format_date(doc.published, lang),)),
        ("doc_no", labels["meta_doc_no"], (doc.doc_no,)),
        ("keywords", labels["meta_keywords"], keyword_parts(keywords, lang)),
    )
    url = absolute_url(site_url, path) if site_url else ""
    head = (
        ("SiteName", corpus.site.site_name(lang)),
        ("SiteDomain", _domain(site_url)),
        ("SiteIDCode", corpus.site.site_id_code),
        ("ColumnName", t(lang, f"kind_{doc.kind}")),
        ("ColumnType", doc.kind),
        ("ArticleTitle", version.title),
        ("PubDate", doc.published.isoformat()),
        ("ContentSource", unit_name),
        ("Keywords", ",".join(keywords)),
        ("Description", document_description(version)),
        ("Url", url),
    )
    return DocumentView(
        title=version.title,
        heading=title_view(corpus, version),
        kind_label=t(lang, f"kind_{doc.kind}"),
        year=doc.year,
        unit_short=doc.unit.display_short(lang),
        unit_path=unit_path(lang, doc.unit.key),
        year_path=year_path(lang, doc.year),
        meta_rows=tuple(MetaRow(k, label, parts) for k, label, parts in rows if any(parts)),
        head=tuple(MetaTag(n, c) for n, c in head if c),
        related=tuple(item_view(corpus, r, lang) for r in corpus.related_of(doc)),
        correction_url=corpus.site.correction_url(url),
        url=url,
        print_path=f"{path}print/",
        signature=signature_view(version, lang),
        qr_svg=Markup(qr_svg(url, t(lang, "qr_alt", url=url))) if url else Markup(""),  # our own SVG
        jsonld=Markup(script_json(document_jsonld(corpus, doc, lang, site_url))),
        original=(LanguageLink(DEFAULT_LANG, labels["translation_original_link"], document_path(doc, DEFAULT_LANG)[0])
                  if version.translation else None),
        translations=() if version.translation else tuple(
            LanguageLink(other, ui(other)["lang_name"], document_path(doc, other)[0]) for other in doc.translations),
    )


def _code_parts(index_no: str) -> tuple[str, ...]:
    """11449900MB0000001A/2026-04499 may break after the slash, never inside the code or serial."""
    code, slash, serial = index_no.rpartition("/")
    return (code + slash, serial) if code else (index_no,)


def title_view(corpus: Corpus, version: Version) -> TitleView:
    if version.title_break:
        return TitleView(tuple(version.title_break), lines=True)
    return TitleView(title_phrases(version.title, all_unit_names(corpus.site, version.lang)), lines=False)


def signature_view(version: Version, lang: str) -> SignatureView:
    doc = version.doc
    _, typed = split_signature(version.body, unit_names(doc.unit))
    date = doc.written or doc.published  # GB/T 9704: 2025年2月10日, Arabic numerals, no leading zeros
    return SignatureView(unit=doc.unit.display_name(lang),
                         date=t(lang, "signature_date", year=date.year, month=date.month, day=date.day,
                                month_name=MONTHS_EN[date.month - 1]),
                         notes=tuple(typed.notes) if typed else ())


def keyword_parts(keywords: list[str], lang: str) -> tuple[str, ...]:
    """Each keyword with the language's list separator after it (、 or ", "), the last without:
    a line may break between the parts, and the separator stays with the word before it."""
    separator = t(lang, "list_separator")
    return tuple(k + separator for k in keywords[:-1]) + tuple(keywords[-1:])


# --- listings ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class YearLink:
    label: str
    count: int
    path: str


@dataclass(frozen=True)
class UnitLink:
    name: str
    short: str
    path: str
    count: int


@dataclass(frozen=True)
class UnitTypeGroup:
    label: str
    units: tuple[UnitLink, ...]


@dataclass(frozen=True)
class ArchiveView:
    years: tuple[YearLink, ...]


@dataclass(frozen=True)
class UnitsView:
    groups: tuple[UnitTypeGroup, ...]


@dataclass(frozen=True)
class StatusCount:
    status: str  # on_time, late, missing, pending
    label: str
    count: int


@dataclass(frozen=True)
class ComplianceGlance:
    """The latest year's publication status, for the home page."""

    title: tuple[str, ...]  # in phrases (site/titles.py)
    path: str
    as_of: str
    counts: tuple[StatusCount, ...]


@dataclass(frozen=True)
class HomeView:
    latest: tuple[ItemView, ...]
    years: tuple[YearLink, ...]
    unit_groups: tuple[UnitTypeGroup, ...]  # towns first: most residents look for their town
    compliance: ComplianceGlance | None
    search_path: str
    archive_path: str
    units_path: str
    compliance_path: str


@dataclass(frozen=True)
class YearUnitGroup:
    """A unit's documents of one year, newest first (each line names its kind)."""

    key: str
    name: str
    path: str
    docs: tuple[ItemView, ...]


@dataclass(frozen=True)
class YearView:
    year: int
    count: int
    groups: tuple[YearUnitGroup, ...]
    compliance_path: str


@dataclass(frozen=True)
class UnitYear:
    year: int
    label: str
    docs: tuple[ItemView, ...]


@dataclass(frozen=True)
class UnitView:
    count: int
    years: tuple[UnitYear, ...]


def archive_view(corpus: Corpus, lang: str) -> ArchiveView:
    counts = Counter(doc.year for doc in corpus.documents)
    return ArchiveView(tuple(YearLink(t(lang, "year_label", year=y), counts[y], year_path(lang, y))
                             for y in corpus.years()))


def units_view(corpus: Corpus, lang: str) -> UnitsView:
    counts = Counter(doc.unit.key for doc in corpus.documents)
    groups = []
    for unit_type in UNIT_TYPES:
        units = [u for u in corpus.site.units.values() if u.type == unit_type]
        if units:
            groups.append(UnitTypeGroup(t(lang, f"unit_type_{unit_type}"), tuple(
                UnitLink(u.display_name(lang), u.display_short(lang), unit_path(lang, u.key),
                         counts[u.key]) for u in units)))
    return UnitsView(tuple(groups))


def home_view(corpus: Corpus, lang: str, statuses: list[YearStatus]) -> HomeView:
    return HomeView(
        latest=tuple(item_view(corpus, d, lang) for d in corpus.newest_first()[:LATEST_ON_HOME]),
        years=archive_view(corpus, lang).years,
        unit_groups=units_view(corpus, lang).groups,
        compliance=compliance_glance(statuses[0], lang) if statuses else None,
        search_path=page_path(lang, "search/"),
        archive_path=page_path(lang, "archive/"),
        units_path=page_path(lang, "units/"),
        compliance_path=compliance_path(lang),
    )


def year_view(corpus: Corpus, year: int, lang: str) -> YearView:
    """A year's documents grouped by unit, towns first (registry order within), newest first."""
    docs = [d for d in corpus.documents if d.year == year]
    groups = []
    for unit in sorted(corpus.site.units.values(), key=lambda u: UNIT_TYPES.index(u.type)):
        unit_docs = corpus.newest_first([d for d in docs if d.unit.key == unit.key])
        if unit_docs:
            groups.append(YearUnitGroup(unit.key, unit.display_name(lang), unit_path(lang, unit.key),
                                        tuple(item_view(corpus, d, lang) for d in unit_docs)))
    return YearView(year, len(docs), tuple(groups), compliance_path(lang, year))


def unit_view(corpus: Corpus, unit: Unit, lang: str) -> UnitView:
    docs = corpus.newest_first([d for d in corpus.documents if d.unit.key == unit.key])
    by_year = sorted(docs, key=lambda d: d.year, reverse=True)
    years = tuple(UnitYear(y, t(lang, "year_label", year=y),
                           tuple(item_view(corpus, d, lang) for d in corpus.newest_first(list(g))))
                  for y, g in groupby(by_year, key=lambda d: d.year))
    return UnitView(len(docs), years)


# --- meta descriptions: one per page and language, saying what this page holds ---------------------

def home_description(corpus: Corpus, lang: str) -> str:
    units = {d.unit.key for d in corpus.documents}
    return t(lang, "desc_home", site=corpus.site.site_name(lang), units=len(units), count=len(corpus.documents))


def archive_description(corpus: Corpus, lang: str) -> str:
    years = corpus.years() or [0]
    return t(lang, "desc_archive", site=corpus.site.site_name(lang), first=years[-1], last=years[0],
             count=len(corpus.documents))


def year_description(corpus: Corpus, year: int, lang: str) -> str:
    docs = [d for d in corpus.documents if d.year == year]
    return t(lang, "desc_year", year=year, units=len({d.unit.key for d in docs}), count=len(docs))


def units_description(corpus: Corpus, lang: str) -> str:
    types = Counter(u.type for u in corpus.site.units.values())
    return t(lang, "desc_units", site=corpus.site.site_name(lang), towns=types["town"],
             departments=types["department"])


def unit_description(corpus: Corpus, unit: Unit, lang: str) -> str:
    count = sum(d.unit.key == unit.key for d in corpus.documents)
    return t(lang, "desc_unit", unit=unit.display_name(lang), count=count)


def search_description(corpus: Corpus, lang: str) -> str:
    return t(lang, "desc_search", site=corpus.site.site_name(lang))


def document_description(version: Version) -> str:
    """A document's summary in its page's language; without one (a translation never borrows
    the Chinese summary) what it is: kind, unit, year and title."""
    own = version.translation.summary if version.translation else version.doc.summary
    if own:
        return own
    doc, lang = version.doc, version.lang
    return t(lang, "desc_document", kind=t(lang, f"kind_{doc.kind}"), unit=doc.unit.display_name(lang),
             year=doc.year, title=version.title)


def compliance_description(statuses: list[YearStatus], lang: str) -> str:
    years = [s.year for s in statuses] or [0]
    return t(lang, "desc_compliance", first=min(years), last=max(years))


def compliance_year_description(status: YearStatus, lang: str) -> str:
    return t(lang, "desc_compliance_year", year=status.year, units=len(status.entries),
             as_of=format_date(status.as_of, lang), **status.counts())


# --- compliance overview -------------------------------------------------------------------------

@dataclass(frozen=True)
class ComplianceYearLine:
    """A year on /compliance/: how many units are in each status."""

    year: int
    path: str
    deadline: str
    units: int
    on_time: int
    late: int
    missing: int
    pending: int
    incomplete: int


@dataclass(frozen=True)
class ComplianceIndexView:
    years: tuple[ComplianceYearLine, ...]
    as_of: str


@dataclass(frozen=True)
class ComplianceRow:
    """A registered unit on /compliance/<year>/."""

    key: str
    short: str
    path: str
    status: str
    status_label: str
    report: ItemView | None
    others: tuple[ItemView, ...]
    days_late: int
    missing_sections: tuple[str, ...]
    sections_label: str


@dataclass(frozen=True)
class ComplianceYearView:
    year: int
    deadline: str
    as_of: str
    summary: str
    rows: tuple[ComplianceRow, ...]
    year_path: str
    index_path: str


def compliance_index_view(statuses: list[YearStatus], lang: str) -> ComplianceIndexView:
    years = []
    for status in statuses:
        counts = status.counts()
        years.append(ComplianceYearLine(
            year=status.year, path=compliance_path(lang, status.year),
            deadline=format_date(status.deadline, lang), units=len(status.entries),
            on_time=counts["on_time"], late=counts["late"], missing=counts["missing"],
            pending=counts["pending"], incomplete=status.incomplete))
    as_of = statuses[0].as_of if statuses else None
    return ComplianceIndexView(tuple(years), format_date(as_of, lang))


def compliance_glance(status: YearStatus, lang: str) -> ComplianceGlance:
    return ComplianceGlance(
        title=title_phrases(t(lang, "compliance_link", year=status.year), ()), path=compliance_path(lang, status.year),
        as_of=format_date(status.as_of, lang),
        counts=tuple(StatusCount(s, t(lang, f"compliance_status_{s}"), n) for s, n in status.counts().items()))


def compliance_year_view(corpus: Corpus, status: YearStatus, lang: str) -> ComplianceYearView:
    rows = []
    for entry in sorted(status.entries, key=lambda e: UNIT_TYPES.index(e.unit.type)):  # towns first
        missing = tuple(s.heading(lang) for s in entry.missing_sections)
        rows.append(ComplianceRow(
            key=entry.unit.key, short=entry.unit.display_short(lang),
            path=unit_path(lang, entry.unit.key), status=entry.status,
            status_label=t(lang, f"compliance_status_{entry.status}"),
            report=item_view(corpus, entry.report, lang) if entry.report is not None else None,
            others=tuple(item_view(corpus, d, lang) for d in entry.others),
            days_late=entry.days_late, missing_sections=missing,
            sections_label=_sections_label(missing, entry.report is not None, lang)))
    return ComplianceYearView(
        year=status.year, deadline=format_date(status.deadline, lang),
        as_of=format_date(status.as_of, lang),
        summary=t(lang, "compliance_summary", incomplete=status.incomplete, **status.counts()),
        rows=tuple(rows), year_path=year_path(lang, status.year), index_path=compliance_path(lang))


def _sections_label(missing: tuple[str, ...], published: bool, lang: str) -> str:
    if not published:
        return ""
    if not missing:
        return t(lang, "compliance_sections_ok")
    return t(lang, "compliance_sections_missing", sections=("、" if lang == "zh" else "; ").join(missing))


# --- search page ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchFacets:
    """The filter values of the search page: the unit, year and kind values the search index
    holds for the documents of `lang`, so the selects need no request to the index."""

    year: tuple[int, ...]
    unit: tuple[str, ...]
    kind: tuple[str, ...]


def search_facets_view(corpus: Corpus, lang: str) -> SearchFacets:
    docs = [d for d in corpus.documents if lang == DEFAULT_LANG or lang in d.translations]
    units = [u for u in corpus.site.units.values() if any(d.unit.key == u.key for d in docs)]
    return SearchFacets(
        year=tuple(sorted({d.year for d in docs}, reverse=True)),
        unit=tuple(u.display_short(lang) for u in units),
        kind=tuple(t(lang, f"kind_{k}") for k in KINDS if any(d.kind == k for d in docs)),
    )


def _domain(site_url: str) -> str:
    return site_url.split("//", 1)[-1].split("/", 1)[0] if site_url else ""
