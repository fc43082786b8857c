"""What each page shows, as plain data for the templates (no HTML, no MkDocs)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import groupby

from markupsafe import Markup

from gongkai.content.corpus import Corpus
from gongkai.content.model import DEFAULT_LANG, KINDS, UNIT_TYPES, Document, Site, Unit
from gongkai.content.signature import split_signature, unit_names
from gongkai.locales import t, ui
from gongkai.site.paths import absolute_url, document_path, page_path
from gongkai.site.qr import qr_svg

LATEST_ON_HOME = 10
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")  # not calendar.month_name: that follows the OS locale


def format_date(date: dt.date | None, lang: str) -> str:
    if date is None:
        return ""
    return t(lang, "date_format", year=date.year, month=date.month, day=date.day, iso=date.isoformat())


def site_view(site: Site, lang: str) -> dict:
    return {
        "name": site.site_name(lang),
        "sponsor": site.sponsor_name(lang),
        "site_id_code": site.site_id_code,
        "icp": site.icp,
        "police": site.police,
    }


def item_view(corpus: Corpus, doc: Document, lang: str) -> dict:
    """One line of a listing: a document as a reader of `lang` sees it."""
    path, page_lang = document_path(doc, lang)
    version = corpus.in_lang(doc, page_lang)
    return {
        "title": version.title,
        "path": path,
        "lang": page_lang,
        "other_lang": page_lang != lang,  # shown as "Chinese only" in the English site
        "date": format_date(doc.published, lang),
        "iso_date": doc.published.isoformat(),
        "kind": doc.kind,
        "kind_label": t(lang, f"kind_{doc.kind}"),
        "unit": doc.unit.display_short(lang),
        "year": doc.year,
    }


def document_view(corpus: Corpus, doc: Document, lang: str, site_url: str) -> dict:
    version = corpus.in_lang(doc, lang)
    labels = ui(lang)
    path, _ = document_path(doc, lang)
    unit_name = doc.unit.display_name(lang)
    keywords = version.keywords or doc.keywords
    rows = [
        ("index_no", labels["meta_index_no"], doc.index_no),
        ("category", labels["meta_category"], version.category or doc.category),
        ("unit", labels["meta_unit"], unit_name),
        ("written", labels["meta_written"], format_date(doc.written, lang)),
        ("published", labels["meta_published"], format_date(doc.published, lang)),
        ("doc_no", labels["meta_doc_no"], doc.doc_no),
        ("keywords", labels["meta_keywords"], " ".join(keywords)),
    ]
    url = absolute_url(site_url, path) if site_url else ""
    summary = version.summary or doc.summary
    head = [
        ("SiteName", corpus.site.site_name(lang)),
        ("SiteDomain", _domain(site_url)),
        ("SiteIDCode", corpus.site.site_id_code),
        ("ColumnName", t(lang, f"kind_{doc.kind}")),
        ("ColumnType", doc.kind),
        ("ArticleTitle", version.title),
        ("PubDate", doc.published.isoformat()),
        ("ContentSource", unit_name),
        ("Keywords", ",".join(keywords)),
        ("Description", summary),
        ("Url", url),
    ]
    return {
        "id": doc.doc_id,
        "title": version.title,
        "lang": lang,
        "kind": doc.kind,
        "kind_label": t(lang, f"kind_{doc.kind}"),
        "year": doc.year,
        "unit": unit_name,
        "unit_short": doc.unit.display_short(lang),
        "unit_path": page_path(lang, f"units/{doc.unit.key}/"),
        "year_path": page_path(lang, f"{doc.year}/"),
        "meta_rows": [{"key": k, "label": label, "value": v} for k, label, v in rows if v],
        "head": [{"name": n, "content": c} for n, c in head if c],
        "summary": summary,
        "related": [item_view(corpus, r, lang) for r in corpus.related_of(doc)],
        "edit_url": corpus.site.edit_url(version.rel_path),
        "source_path": version.rel_path,
        "url": url,
        "print_path": f"{path}print/",
        "signature": signature_view(doc, version, lang),
        # the QR code of the web page, also on its print view: a phone reader wants the page
        "qr_svg": Markup(qr_svg(url, t(lang, "qr_alt", url=url))) if url else "",  # our own SVG
    }


def signature_view(doc: Document, version: Document, lang: str) -> dict:
    """落款 from metadata; a note typed after the date in the body (e.g. （此件公开发布）) follows it."""
    _, typed = split_signature(version.body, unit_names(doc.unit))
    date = doc.written or doc.published  # GB/T 9704: 2025年2月10日, Arabic numerals, no leading zeros
    return {"unit": doc.unit.display_name(lang),
            "date": t(lang, "signature_date", year=date.year, month=date.month, day=date.day,
                      month_name=MONTHS_EN[date.month - 1]),
            "notes": typed.notes if typed else []}


def home_view(corpus: Corpus, lang: str) -> dict:
    return {
        "latest": [item_view(corpus, d, lang) for d in corpus.newest_first()[:LATEST_ON_HOME]],
        "years": archive_view(corpus, lang)["years"],
        "unit_groups": units_view(corpus, lang)["groups"],
        "search_path": page_path(lang, "search/"),
        "archive_path": page_path(lang, "archive/"),
        "units_path": page_path(lang, "units/"),
        "compliance_path": page_path(lang, "compliance/"),
    }


def archive_view(corpus: Corpus, lang: str) -> dict:
    counts = defaultdict(int)
    for doc in corpus.documents:
        counts[doc.year] += 1
    return {"years": [{"year": y, "label": t(lang, "year_label", year=y), "count": counts[y],
                       "path": page_path(lang, f"{y}/")} for y in corpus.years()]}


def year_view(corpus: Corpus, year: int, lang: str) -> dict:
    """A year's documents grouped by unit (registry order) then kind, newest first."""
    docs = [d for d in corpus.documents if d.year == year]
    groups = []
    for unit in corpus.site.units.values():
        unit_docs = [d for d in docs if d.unit.key == unit.key]
        if not unit_docs:
            continue
        kinds = []
        for kind in KINDS:
            kind_docs = corpus.newest_first([d for d in unit_docs if d.kind == kind])
            if kind_docs:
                kinds.append({"kind": kind, "label": t(lang, f"kind_{kind}"), "count": len(kind_docs),
                              "docs": [item_view(corpus, d, lang) for d in kind_docs]})
        groups.append({**unit_ref(unit, lang), "count": len(unit_docs), "kinds": kinds})
    return {"year": year, "label": t(lang, "year_label", year=year), "count": len(docs), "groups": groups,
            "compliance_path": page_path(lang, f"compliance/{year}/")}


def units_view(corpus: Corpus, lang: str) -> dict:
    counts = defaultdict(int)
    for doc in corpus.documents:
        counts[doc.unit.key] += 1
    groups = []
    for unit_type in UNIT_TYPES:
        units = [u for u in corpus.site.units.values() if u.type == unit_type]
        if units:
            groups.append({"type": unit_type, "label": t(lang, f"unit_type_{unit_type}"),
                           "units": [{**unit_ref(u, lang), "count": counts[u.key]} for u in units]})
    return {"groups": groups}


def unit_view(corpus: Corpus, unit: Unit, lang: str) -> dict:
    docs = corpus.newest_first([d for d in corpus.documents if d.unit.key == unit.key])
    by_year = sorted(docs, key=lambda d: d.year, reverse=True)
    years = [{"year": y, "label": t(lang, "year_label", year=y),
              "docs": [item_view(corpus, d, lang) for d in corpus.newest_first(list(g))]}
             for y, g in groupby(by_year, key=lambda d: d.year)]
    return {**unit_ref(unit, lang), "count": len(docs), "years": years}


def unit_ref(unit: Unit, lang: str) -> dict:
    return {"key": unit.key, "name": unit.display_name(lang), "short": unit.display_short(lang),
            "path": page_path(lang, f"units/{unit.key}/")}


def _domain(site_url: str) -> str:
    return site_url.split("//", 1)[-1].split("/", 1)[0] if site_url else ""



# --- compliance overview and feeds (issue 3) -------------------------------------------------

def compliance_index_view(statuses: list, lang: str) -> dict:
    """/compliance/: one summary row per year. `statuses` from compliance.overview()."""
    years = []
    for status in statuses:
        years.append({"year": status.year, "label": t(lang, "year_label", year=status.year),
                      "path": page_path(lang, f"compliance/{status.year}/"),
                      "deadline": format_date(status.deadline, lang), "due": status.due,
                      "units": len(status.entries), "incomplete": status.incomplete, **status.counts()})
    as_of = statuses[0].as_of if statuses else None
    return {"years": years, "as_of": format_date(as_of, lang), "as_of_iso": as_of.isoformat() if as_of else ""}


def compliance_year_view(corpus: Corpus, status, lang: str) -> dict:
    """/compliance/<year>/: one row per registered unit."""
    rows = []
    for entry in status.entries:
        report = None
        if entry.report is not None:
            report = item_view(corpus, entry.report, lang)
        missing = [s.heading(lang) for s in entry.missing_sections]
        rows.append({
            **unit_ref(entry.unit, lang),
            "status": entry.status,
            "status_label": t(lang, f"compliance_status_{entry.status}"),
            "report": report,
            "others": [item_view(corpus, d, lang) for d in entry.others],
            "days_late": entry.days_late,
            "missing_sections": missing,
            "sections_label": _sections_label(missing, entry.report is not None, lang),
        })
    return {"year": status.year, "label": t(lang, "year_label", year=status.year),
            "deadline": format_date(status.deadline, lang), "deadline_iso": status.deadline.isoformat(),
            "as_of": format_date(status.as_of, lang), "as_of_iso": status.as_of.isoformat(),
            "due": status.due, "counts": status.counts(), "incomplete": status.incomplete,
            "summary": t(lang, "compliance_summary", incomplete=status.incomplete, **status.counts()),
            "rows": rows, "year_path": page_path(lang, f"{status.year}/"),
            "index_path": page_path(lang, "compliance/")}


def feeds_view(lang: str, unit: Unit | None = None) -> dict:
    """Feeds a page advertises with <link rel="alternate">: the site's, and a unit page's own."""
    links = [{"type": "application/atom+xml", "title": t(lang, "feed_atom_link"),
              "path": page_path(lang, "feed.xml")},
             {"type": "application/feed+json", "title": t(lang, "feed_json_link"),
              "path": page_path(lang, "feed.json")}]
    if unit is not None:
        name = unit.display_short(lang)
        links += [{"type": "application/atom+xml", "title": t(lang, "feed_unit_atom_link", unit=name),
                   "path": page_path(lang, f"units/{unit.key}/feed.xml")},
                  {"type": "application/feed+json", "title": t(lang, "feed_unit_json_link", unit=name),
                   "path": page_path(lang, f"units/{unit.key}/feed.json")}]
    return {"links": links}


def _sections_label(missing: list[str], published: bool, lang: str) -> str:
    if not published:
        return ""
    if not missing:
        return t(lang, "compliance_sections_ok")
    return t(lang, "compliance_sections_missing", sections=("、" if lang == "zh" else "; ").join(missing))


def search_facets_view(corpus: Corpus, lang: str) -> dict:
    """The filter values of the search page: the unit, year and kind values the search index
    holds for the documents of `lang`, so the selects need no request to the index."""
    docs = [d for d in corpus.documents if lang == DEFAULT_LANG or lang in d.translations]
    units = [u for u in corpus.site.units.values() if any(d.unit.key == u.key for d in docs)]
    return {
        "year": sorted({d.year for d in docs}, reverse=True),
        "unit": [u.display_short(lang) for u in units],
        "kind": [t(lang, f"kind_{k}") for k in KINDS if any(d.kind == k for d in docs)],
    }
