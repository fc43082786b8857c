"""One parsed source file to a Document or a Translation, reporting every problem: its path
(pathrules), each field (fields), the rules between fields (daterules) and its text
(bodyrules). What needs every file (clashes, related ids) is corpus.py's."""

from __future__ import annotations

from gongkai.content import bodyrules
from gongkai.content.daterules import check_dates
from gongkai.content.fields import OPTIONAL, REQUIRED, TRANSLATION_FIELDS, FieldReader
from gongkai.content.indexno import derive_index_no
from gongkai.content.model import DEFAULT_LANG, Document, Site, Translation
from gongkai.content.pathrules import source_path
from gongkai.content.source import Source
from gongkai.locales import t
from gongkai.problems import WARNING


def default_category(kind: str, lang: str = DEFAULT_LANG) -> str:
    return t(lang, f"category_{kind}")


def read_document(src: Source, site: Site, languages: list[str]) -> Document | Translation | None:
    """The document (or translation) `src` holds; None when its problems leave none."""
    where = source_path(src, languages)
    if where is None:
        return None
    translation = where.lang != DEFAULT_LANG
    fields = FieldReader(src, site)
    fields.unknown_fields(TRANSLATION_FIELDS if translation else REQUIRED + OPTIONAL, translation)
    fields.missing_fields(("title",) if translation else REQUIRED)
    title = fields.text("title")
    title_break = fields.title_break(title)
    keywords = fields.keywords()
    summary = fields.text("summary") or ""
    category = fields.text("category")
    typed_lang = fields.text("lang") if "lang" in src.fields else None
    if typed_lang not in (None, where.lang):
        fields.report("lang", "lang_mismatch", value=typed_lang, lang=where.lang)
    bodyrules.check_text(src)
    path = site.root / src.rel_path
    if translation:
        if blocking(src):
            return None
        return Translation(path=path, rel_path=src.rel_path, doc_id=where.doc_id, lang=where.lang,
                           title=title or "", category=category or "", keywords=keywords, summary=summary,
                           body=src.body, body_line=src.body_line, field_lines=fields.lines(),
                           title_break=title_break)
    kind = fields.kind()
    year = fields.year(where.year)
    unit = fields.unit()
    published = fields.date("published")
    written = fields.date("written")
    doc_no = fields.text("doc_no") or ""
    index_no = fields.text("index_no")
    related = fields.related()
    check_dates(fields, site, kind, year, published, written)
    if blocking(src):
        return None
    if kind is None or year is None or unit is None or published is None or title is None:
        src.problem(1, "", "value_invalid", key="", detail="?")  # never drop a file without saying why
        return None
    return Document(
        path=path, rel_path=src.rel_path, doc_id=where.doc_id, lang=where.lang,
        title=title, kind=kind, year=year, unit=unit, published=published, written=written,
        doc_no=doc_no, index_no=index_no or derive_index_no(site, unit, published, where.doc_id),
        category=category or default_category(kind), keywords=keywords, summary=summary,
        related=related, body=src.body, body_line=src.body_line, field_lines=fields.lines(),
        title_break=title_break,
    )


def blocking(src: Source) -> bool:
    """Errors that leave no document to build. A placeholder left in the text is an error
    too, but the document stays known so that translations and clashes are still checked."""
    return any(p.severity != WARNING and p.code not in bodyrules.PLACEHOLDER_CODES for p in src.problems)
