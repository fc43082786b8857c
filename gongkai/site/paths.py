"""Where every page lives: site-root-relative paths, language prefixes, absolute URLs."""

from __future__ import annotations

from gongkai.content.model import DEFAULT_LANG, Document

EDITORS_PAGES = "guide/"  # hand-written pages for editors: the only ones with an "edit this page" link


def is_editors_page(src_uri: str) -> bool:
    """docs/guide/… is for editors; residents' pages carry no link to the repository."""
    return src_uri.startswith(EDITORS_PAGES)


def lang_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def page_path(lang: str, path: str) -> str:
    """Site-root-relative path of a page of `lang`: page_path("en", "2024/") -> "en/2024/"."""
    return f"{lang_prefix(lang)}{path}"


def document_path(doc: Document, lang: str) -> tuple[str, str]:
    """(path, language) of the page a reader of `lang` gets for `doc`.

    An untranslated document is served in Chinese, never duplicated under /en/.
    """
    page_lang = lang if lang == DEFAULT_LANG or lang in doc.translations else DEFAULT_LANG
    return page_path(page_lang, doc.url_path()), page_lang


def absolute_url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def year_path(lang: str, year: int) -> str:
    return page_path(lang, f"{year}/")


def unit_path(lang: str, unit_key: str) -> str:
    return page_path(lang, f"units/{unit_key}/")


def compliance_path(lang: str, year: int | None = None) -> str:
    return page_path(lang, "compliance/" if year is None else f"compliance/{year}/")


def feed_path(lang: str, extension: str, unit_key: str | None = None) -> str:
    """The site's feed (or a unit's own) in `lang`: extension "xml" (Atom) or "json" (JSON Feed)."""
    base = page_path(lang, "") if unit_key is None else unit_path(lang, unit_key)
    return f"{base}feed.{extension}"
