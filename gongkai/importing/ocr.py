"""Scanned pages and photographs to paragraphs through Tesseract (Debian `tesseract-ocr` with
`tesseract-ocr-chi-sim`).

Tesseract's TSV output gives every word its box and confidence: the boxes go through the same
layout rules as a PDF's text layer, and a line holding a word read with low confidence gets a
【请核对：…】 mark that `check` refuses until the editor has compared it with the original.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from gongkai.importing import layout, programs
from gongkai.importing.reading import Progress, Reading, Unreadable, no_progress

LANGUAGE = "chi_sim"
PACKAGE = "tesseract-ocr"
LANGUAGE_PACKAGE = "tesseract-ocr-chi-sim"
INSTALLED_AT = ("C:/Program Files/Tesseract-OCR/tesseract.exe",)
# 150 dpi: measured on a 16 pt report (GB/T 9704 body size), fewer errors than 200 or 300 dpi
# (character error rate 2.0 % / 2.5 % / 4.2 %) and the fastest
RESOLUTION = 150
LOW_CONFIDENCE = 60  # Tesseract's 0-100 word confidence; below it a word is marked for checking
TIMEOUT = 120  # seconds for one page
WORD_LEVEL = "5"


def tesseract() -> str:
    path = programs.find(["tesseract"], PACKAGE, INSTALLED_AT)
    languages = programs.run([path, "--list-langs"], timeout=30).split()
    if LANGUAGE not in languages:
        raise programs.MissingProgram(f"tesseract {LANGUAGE}", LANGUAGE_PACKAGE)
    return path


def read_image(path: Path, progress: Progress = no_progress) -> Reading:
    program = tesseract()
    progress(1, 1)
    return reading([read_page_image(path, program)], 1)


def read_page(page: pdfium.PdfPage, program: str) -> layout.Page:
    """A PDF page without a text layer, rendered and read by `program` (Tesseract)."""
    image = page.render(scale=RESOLUTION / 72, grayscale=True).to_numpy()
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as tmp:
        pgm = Path(tmp) / "page.pgm"
        height, width = image.shape[:2]
        pgm.write_bytes(f"P5 {width} {height} 255\n".encode() + image.tobytes())
        return read_page_image(pgm, program)


def read_page_image(path: Path, program: str) -> layout.Page:
    # one thread: on a busy two-core machine a page took 1.2-2.3 s so, 4.5-5.8 s with OpenMP's
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [program, str(path), "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"]
    rows = list(csv.DictReader(programs.run(command, TIMEOUT, env).splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    page = next((r for r in rows if r["level"] == "1"), None)
    if page is None:
        raise Unreadable("ocr_empty")
    lines: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in rows:
        if row["level"] == WORD_LEVEL and (row.get("text") or "").strip():
            lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    return layout.Page(float(page["width"]), float(page["height"]),
                       layout.reading_order([_line(words) for words in lines.values()]))


def _line(words: list[dict[str, str]]) -> layout.Line:
    text = ""
    for word in words:
        piece = word["text"].strip()
        latin = text[-1:].isascii() and text[-1:].isalnum() and piece[:1].isascii() and piece[:1].isalnum()
        text += (" " if latin else "") + piece
    left = [float(w["left"]) for w in words]
    top = [float(w["top"]) for w in words]
    return layout.Line(
        text, left=min(left), right=max(x + float(w["width"]) for x, w in zip(left, words)),
        top=min(top), bottom=max(y + float(w["height"]) for y, w in zip(top, words)),
        doubtful=tuple(w["text"].strip() for w in words if float(w["conf"]) < LOW_CONFIDENCE))


def reading(pages: list[layout.Page], scanned: int) -> Reading:
    lines, removed = layout.paragraphs(pages)
    doubtful = sum(line.count(layout.DOUBT_OPEN) for line in lines)
    notes: list[tuple[str, dict[str, object]]] = [("import_note_ocr", {"pages": scanned, "doubtful": doubtful})]
    if removed:
        notes.append(("import_note_page_furniture", {"count": removed}))
    return Reading(lines, notes=notes)
