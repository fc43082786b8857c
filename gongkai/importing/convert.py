"""From a file (text, Markdown, Word, WPS, PDF, scan, photo, saved web page) to a document
body and its front-matter values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.content import dates
from gongkai.content.model import KINDS, Site, Unit, kind_of
from gongkai.content.sections import missing_required
from gongkai.importing import detect, doubts, portal, structure, text
from gongkai.importing.reading import Progress, Reading, no_progress

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
OFFICE_SUFFIXES = (".doc", ".wps")
WEB_SUFFIXES = (".html", ".htm", ".mhtml", ".mht")
EXACT_TITLE = 100  # above any rating title_score gives
DROPPED_SHOWN = 20  # characters of each line above the title shown in the note

@dataclass
class Hints:
    """What the editor gave on the command line; it wins over anything detected."""

    unit: Unit | None = None
    year: int | None = None
    kind: str | None = None
    published: dt.date | None = None
    title: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a value came from: `how` (option, frontmatter, page, title, text, signature,
    published) and, for a value read from the page, its label and line."""

    how: str
    label: str = ""
    line: int = 0


@dataclass
class Imported:
    fields: dict[str, Any] = field(default_factory=dict)  # front-matter key -> value, as drafts.render takes it
    sources: dict[str, Origin] = field(default_factory=dict)  # field -> where its value came from
    body: str = ""
    missing: list[str] = field(default_factory=list)  # required fields not found
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (ui key, params)

    def set(self, key: str, *candidates: tuple[Origin, object]) -> None:
        """Take the first (origin, value) candidate that has a value."""
        for origin, value in candidates:
            if value not in (None, "", []):
                self.fields[key], self.sources[key] = value, origin
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


@dataclass(frozen=True)
class Signed:
    """The closing signature block: who signed, and its date."""

    text: str
    date: dt.date | None


OPTION, FRONTMATTER, TITLE, SIGNATURE = Origin("option"), Origin("frontmatter"), Origin("title"), Origin("signature")


def on_page(page: portal.Page, key: str) -> tuple[Origin, str]:
    """(origin, value) of a value the page's metadata gave for `key`; "" when none."""
    found = page.found.get(key)
    return (Origin("page", found.label, found.line), found.value) if found else (Origin("page"), "")


def convert(lines: list[str], site: Site, hints: Hints, markdown: bool = False) -> Imported:
    result = Imported()
    existing: dict[str, Any] = {}
    total = len(lines)
    if markdown:
        lines, existing, notes = detect.split_front_matter(lines)
        result.notes += notes
    lines, marked = doubts.take(lines)  # OCR's marks: back behind their words once converted
    page = portal.read_page(lines, title_rating(site, hints.title, existing.get("title")),
                            detect.TITLE_THRESHOLD, first_line=total - len(lines) + 1)
    lines = [text.clean_spaces(line) for line in page.body]
    lines = text.join_wrapped(lines, lambda ln: structure.starts_block(ln) or dates.is_date_line(ln)
                              or detect.is_issuer_line(ln, site), structure.is_bare_heading)
    lines = [text.fix_punctuation(line) for line in lines]
    lines, signature, signed = detect.split_signature(lines, site)
    blocks = structure.to_blocks(lines, markdown)
    if signature:  # kept: the printed page shows who issued it and when
        blocks.append("\n".join(signature))
    result.body = "\n\n".join(blocks)
    fill_fields(result, site, hints, existing, page, Signed("\n".join(signature), signed))
    result.set("summary", (FRONTMATTER, existing.get("summary")), (Origin("text"), detect.find_summary(blocks)))

    kind = str(result.fields.get("kind"))
    if not markdown:
        result.body = text.literal(result.body)
    result.body = doubts.put_back(result.fields, result.body, marked)
    result.missing = [k for k in ("title", "year", "unit", "published") if k not in result.fields]
    if page.removed:
        result.notes.append(("import_note_chrome", {"count": page.removed}))
    if page.dropped:
        result.notes.append(("import_note_above_title", {
            "line": page.title.line if page.title else 0,
            "lines": " / ".join(f"{f.line}: {f.value[:DROPPED_SHOWN]}" for f in page.dropped)}))
    if not signature and "written" not in result.fields:
        result.notes.append(("import_note_no_signature", {}))
    if "keywords" not in result.fields:
        result.notes.append(("import_note_no_keywords", {}))
    if kind == "annual-report":
        result.notes += [("import_note_section", {"section": s.id}) for s in missing_required(result.body)]
    return result


def fill_fields(result: Imported, site: Site, hints: Hints, existing: dict[str, Any], page: portal.Page,
                signed: Signed) -> None:
    """Each field from the first source that has it: the command line, the file's own
    metadata, the page's metadata, the title, the signature, the text."""
    title_origin = Origin("page", page.title.label, page.title.line) if page.title else Origin("page")
    page_title = text.fix_punctuation(text.clean_spaces(page.title.value)) if page.title else None
    result.set("title", (OPTION, hints.title), (FRONTMATTER, existing.get("title")), (title_origin, page_title))
    title = str(result.fields.get("title", ""))
    result.set("kind", (OPTION, hints.kind), (FRONTMATTER, kind_of(str(existing.get("kind", "")))),
               (TITLE, detect.find_kind(title)))
    # the page's 发布机构 says it outright; the others may name other bodies too
    unit, unit_origin = detect.find_unit(site, [on_page(page, "issuer")])
    if unit is None:
        unit, unit_origin = detect.find_unit(site, [(SIGNATURE, signed.text), (TITLE, title), on_page(page, "source")])
    result.set("unit", (OPTION, hints.unit and hints.unit.key), (FRONTMATTER, _unit_key(site, existing.get("unit"))),
               (unit_origin or Origin("page"), unit and unit.key))
    for key, value in (("published", hints.published), ("written", None)):
        origin, found = on_page(page, key)
        result.set(key, (OPTION, value), (FRONTMATTER, existing.get(key)), (origin, dates.find_date(found)),
                   (SIGNATURE, signed.date))
    kind = str(result.fields.get("kind"))
    publication = result.fields.get("published")
    # a notice is filed under the year it is published in; a report under the year it reports on
    year_of_publication = (publication.year if isinstance(publication, dt.date)
                           and not KINDS[kind].about_finished_year else None)
    result.set("year", (OPTION, hints.year), (FRONTMATTER, existing.get("year")),
               (TITLE, detect.find_year(title)), (Origin("published"), year_of_publication))
    result.set("doc_no", (FRONTMATTER, existing.get("doc_no")), on_page(page, "doc_no"))
    result.set("index_no", (FRONTMATTER, existing.get("index_no")), on_page(page, "index_no"))
    origin, keywords = on_page(page, "keywords")
    result.set("keywords", (FRONTMATTER, existing.get("keywords")), (origin, detect.split_keywords(keywords)),
               (Origin("text"), detect.find_keywords(result.body, kind)))


def title_rating(site: Site, option: str | None, own: object) -> Callable[[str], int]:
    """How the title line is found: the line typed as --title wins over any other; a Markdown
    file with its own title in its metadata gives up only that line; else the best-rated."""
    def rating(line: str) -> int:
        text = line.lstrip("#").strip()
        if option and text == option.strip():
            return EXACT_TITLE
        if isinstance(own, str) and own.strip():
            return detect.TITLE_THRESHOLD if text == own.strip() else 0
        return detect.title_score(line, site)
    return rating


def _unit_key(site: Site, value: object) -> str | None:
    """A unit given in existing front matter, by key or by name."""
    if not isinstance(value, str):
        return None
    if value in site.units:
        return value
    unit = next((u for u in site.units.values() if value in (u.name, u.short)), None)
    return unit.key if unit else None
