"""From a file (text, Markdown, Word, WPS, PDF, scan, photo, saved web page) to a document
body and its front-matter values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.content import dates
from gongkai.content.model import Site, Unit, kind_of
from gongkai.content.sections import missing_required
from gongkai.importing import chrome, detect, doubts, structure, text
from gongkai.importing.reading import Progress, Reading, no_progress

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
OFFICE_SUFFIXES = (".doc", ".wps")
WEB_SUFFIXES = (".html", ".htm", ".mhtml", ".mht")

@dataclass
class Hints:
    """What the editor gave on the command line; it wins over anything detected."""

    unit: Unit | None = None
    year: int | None = None
    kind: str | None = None
    published: dt.date | None = None
    title: str | None = None


@dataclass
class Imported:
    fields: dict[str, Any] = field(default_factory=dict)  # front-matter key -> value, as drafts.render takes it
    sources: dict[str, str] = field(default_factory=dict)  # field -> where its value came from
    body: str = ""
    missing: list[str] = field(default_factory=list)  # required fields not found
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (ui key, params)

    def set(self, key: str, *candidates: tuple[str, object]) -> None:
        """Take the first (source, value) candidate that has a value."""
        for source, value in candidates:
            if value not in (None, "", []):
                self.fields[key], self.sources[key] = value, source
                return


def read_lines(path: Path, progress: Progress = no_progress) -> Reading:
    """The file's lines; ValueError for a file type we cannot read, MissingProgram when the
    program its type needs is not installed. Each reader imports its library only when used."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return Reading(text.read_text(path).split("\n"), markdown=suffix != ".txt")
    if suffix == ".docx":
        from gongkai.importing.word import read_docx

        return Reading(read_docx(path))
    if suffix in OFFICE_SUFFIXES:
        from gongkai.importing.office import read_office

        return read_office(path)
    if suffix == ".pdf":
        from gongkai.importing.pdf import read_pdf

        return read_pdf(path, progress)
    if suffix in IMAGE_SUFFIXES:
        from gongkai.importing.ocr import read_image

        return read_image(path, progress)
    if suffix in WEB_SUFFIXES:
        from gongkai.importing.web import read_web_page

        return Reading(read_web_page(path))
    raise ValueError(suffix)


def convert(lines: list[str], site: Site, hints: Hints, markdown: bool = False) -> Imported:
    result = Imported()
    existing: dict[str, Any] = {}
    if markdown:
        lines, existing, notes = detect.split_front_matter(lines)
        result.notes += notes
    lines, marked = doubts.take(lines)
    lines, portal, removed = chrome.strip_chrome(lines)
    lines = [text.clean_spaces(line) for line in lines]
    lines = text.join_wrapped(lines, lambda ln: structure.starts_block(ln) or dates.is_date_line(ln),
                              structure.is_bare_heading)
    lines = [text.fix_punctuation(line) for line in lines]
    title, lines = detect.take_title(lines)
    doc_no, lines = detect.take_doc_no(lines)
    lines, signature, signed = detect.split_signature(lines, site)
    blocks = structure.to_blocks(lines, markdown)
    if signature:  # kept: the printed page shows who issued it and when
        blocks.append("\n".join(signature))
    result.body = "\n\n".join(blocks)

    result.set("title", ("option", hints.title), ("frontmatter", existing.get("title")), ("title", title))
    title = str(result.fields.get("title", ""))
    result.set("kind", ("option", hints.kind), ("frontmatter", kind_of(str(existing.get("kind", "")))),
               ("title", detect.find_kind(title)))
    result.set("year", ("option", hints.year), ("frontmatter", existing.get("year")),
               ("title", detect.find_year(title)))
    unit, unit_source = detect.find_unit(
        site, [("signature", "\n".join(signature)), ("title", title), ("portal", portal.get("source", ""))])
    result.set("unit", ("option", hints.unit and hints.unit.key),
               ("frontmatter", _unit_key(site, existing.get("unit"))),
               (unit_source, unit and unit.key))
    portal_published = dates.find_date(portal.get("published", ""))
    portal_written = dates.find_date(portal.get("written", ""))
    result.set("published", ("option", hints.published), ("frontmatter", existing.get("published")),
               ("portal", portal_published), ("signature", signed))
    result.set("written", ("frontmatter", existing.get("written")), ("portal", portal_written),
               ("signature", signed))
    result.set("doc_no", ("frontmatter", existing.get("doc_no")), ("portal", portal.get("doc_no")),
               ("text", doc_no))
    kind = str(result.fields.get("kind"))
    result.set("keywords", ("frontmatter", existing.get("keywords")),
               ("text", detect.find_keywords(result.body, kind)))
    result.set("summary", ("frontmatter", existing.get("summary")), ("text", detect.find_summary(blocks)))

    if not markdown:
        result.body = text.literal(result.body)
    result.body = doubts.put_back(result.fields, result.body, marked)
    result.missing = [k for k in ("title", "year", "unit", "published") if k not in result.fields]
    if removed:
        result.notes.append(("import_note_chrome", {"count": removed}))
    if not signature:
        result.notes.append(("import_note_no_signature", {}))
    if "keywords" not in result.fields:
        result.notes.append(("import_note_no_keywords", {}))
    if kind == "annual-report":
        result.notes += [("import_note_section", {"section": s.id}) for s in missing_required(result.body)]
    return result


def _unit_key(site: Site, value: object) -> str | None:
    """A unit given in existing front matter, by key or by name."""
    if not isinstance(value, str):
        return None
    if value in site.units:
        return value
    unit = next((u for u in site.units.values() if value in (u.name, u.short)), None)
    return unit.key if unit else None
