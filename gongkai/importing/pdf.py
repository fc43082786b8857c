"""PDF to paragraphs: the text layer through PDFium; pages without one go to OCR.

Why PDFium (pypdfium2): on a report printed by Chromium it gave the text exactly, where
pdfminer.six, pdfplumber and pypdf returned Kangxi radicals (⼈ ⺠ ⾏ for 人 民 行, 12 % of the
characters wrong) and took ten times as long.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from gongkai.importing import layout, ocr
from gongkai.importing.reading import Progress, Reading, Unreadable, no_progress

CELL_GAP = 2.0  # characters (of the line's height) of white between two cells of a row
SAME_ROW = 0.5  # share of the lower run's height two runs overlap by when they are one line
TEXT_LAYER_MIN = 20  # characters: a page with fewer and an image on it is a scan, read by OCR


def read_pdf(path: Path, progress: Progress = no_progress) -> Reading:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise Unreadable("pdf", str(exc)) from exc
    try:
        pages: list[layout.Page] = []
        scanned = 0
        tesseract = ""  # looked for at the first scanned page: a text PDF does not need it
        for index in range(len(document)):
            page = document[index]
            lines = text_lines(page)
            if sum(len(ln.text.strip()) for ln in lines) < TEXT_LAYER_MIN and has_image(page):
                tesseract = tesseract or ocr.tesseract()
                progress(index + 1, len(document))
                pages.append(ocr.read_page(page, tesseract))
                scanned += 1
            else:  # a blank page (no image to read) gives its few lines, if any
                page_width, page_height = page.get_size()
                pages.append(layout.Page(page_width, page_height, layout.reading_order(lines)))
    finally:
        document.close()
    return ocr.reading(pages, scanned) if scanned else _reading(pages)


def _reading(pages: list[layout.Page]) -> Reading:
    lines, removed = layout.paragraphs(pages)
    notes: list[tuple[str, dict[str, object]]] = []
    if removed:
        notes.append(("import_note_page_furniture", {"count": removed}))
    return Reading(lines, notes=notes)


def has_image(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    right: float
    top: float
    bottom: float


def text_lines(page: pdfium.PdfPage) -> list[layout.Line]:
    """The text layer's lines with their boxes (top-down coordinates).

    PDFium ends each run of text with generated "\\r\\n"; runs on one printed line (a quotation
    mark or a number set in another font comes as a run of its own, in any order) are merged
    and their characters put in order by position."""
    textpage = page.get_textpage()
    height = page.get_size()[1]
    text = textpage.get_text_range()
    count = min(textpage.count_chars(), len(text))  # a character outside the BMP makes them differ
    runs: list[list[Glyph]] = [[]]
    for i in range(count):
        if text[i] == "\n":
            runs.append([])
        elif text[i] != "\r":  # spaces too: PDFium puts one where the words had a gap
            left, bottom, right, top = textpage.get_charbox(i)
            runs[-1].append(Glyph(text[i], left, right, height - top, height - bottom))
    textpage.close()
    rows: list[list[Glyph]] = []
    for run in sorted((r for r in runs if any(not g.char.isspace() for g in r)), key=_top):
        if rows and _same_row(rows[-1], run):
            rows[-1] += run
        else:
            rows.append(run)
    return [_line(sorted(row, key=lambda g: g.left)) for row in rows if any(not g.char.isspace() for g in row)]


def _top(glyphs: list[Glyph]) -> float:
    return min(g.top for g in glyphs if not g.char.isspace())


def _bottom(glyphs: list[Glyph]) -> float:
    return max(g.bottom for g in glyphs if not g.char.isspace())


def _same_row(row: list[Glyph], run: list[Glyph]) -> bool:
    top, bottom, run_top, run_bottom = _top(row), _bottom(row), _top(run), _bottom(run)
    overlap = min(bottom, run_bottom) - max(top, run_top)
    return overlap > SAME_ROW * min(bottom - top, run_bottom - run_top)


def _line(glyphs: list[Glyph]) -> layout.Line:
    """The characters in order; pieces set far apart (more than CELL_GAP characters) are the
    cells of a table row, or the parts of a line spread out on purpose."""
    ink = [g for g in glyphs if not g.char.isspace()] or glyphs
    size = statistics.median(g.bottom - g.top for g in ink)  # a comma's box is smaller than a character
    cells = [[ink[0]]]
    for before, glyph in itertools.pairwise(ink):
        if glyph.left - before.right > CELL_GAP * size:
            cells.append([])
        cells[-1].append(glyph)
    text = "".join(g.char for g in glyphs).strip()
    pieces = tuple(_cell_text(glyphs, cell) for cell in cells) if len(cells) > 1 else ()
    return layout.Line(" ".join(pieces) if pieces else text, left=ink[0].left, right=max(g.right for g in ink),
                       top=min(g.top for g in ink), bottom=max(g.bottom for g in ink), cells=pieces)


def _cell_text(glyphs: list[Glyph], cell: list[Glyph]) -> str:
    """A cell's characters with the spaces PDFium put between them."""
    start, end = glyphs.index(cell[0]), glyphs.index(cell[-1])
    return "".join(g.char for g in glyphs[start:end + 1]).strip()
