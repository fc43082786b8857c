"""PDF to paragraphs: the text layer through PDFium; pages without one go to OCR.

Why PDFium (pypdfium2): on a report printed by Chromium it gave the text exactly, where
pdfminer.six, pdfplumber and pypdf returned Kangxi radicals (⼈ ⺠ ⾏ for 人 民 行, 12 % of the
characters wrong) and took ten times as long.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from gongkai.importing import layout, ocr
from gongkai.importing.reading import Reading

TEXT_LAYER_MIN = 20  # characters: a page with fewer and an image on it is a scan, read by OCR


def read_pdf(path: Path) -> Reading:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise OSError(f"not a readable PDF: {exc}") from exc
    try:
        pages: list[layout.Page] = []
        scanned = 0
        tesseract = ""  # looked for at the first scanned page: a text PDF does not need it
        for index in range(len(document)):
            page = document[index]
            lines = text_lines(page)
            if sum(len(ln.text.strip()) for ln in lines) < TEXT_LAYER_MIN and has_image(page):
                tesseract = tesseract or ocr.tesseract()
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


def text_lines(page: pdfium.PdfPage) -> list[layout.Line]:
    """The text layer's lines with their boxes (top-down coordinates); PDFium marks each line
    end with generated \\r\\n characters."""
    textpage = page.get_textpage()
    height = page.get_size()[1]
    text = textpage.get_text_range()
    count = textpage.count_chars()  # a character outside the BMP may make text longer
    lines: list[layout.Line] = []
    start = 0
    for end in [i for i, c in enumerate(text) if c == "\n"] + [len(text)]:
        boxes = [textpage.get_charbox(i) for i in range(start, end)
                 if i < count and not text[i].isspace()]
        piece = text[start:end].strip()
        if piece and boxes:
            lines.append(layout.Line(
                piece, left=min(b[0] for b in boxes), right=max(b[2] for b in boxes),
                top=height - max(b[3] for b in boxes), bottom=height - min(b[1] for b in boxes)))
        start = end + 1
    textpage.close()
    return lines
