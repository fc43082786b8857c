"""Printed pages (a PDF's text layer or OCR) to paragraphs, one line each.

What a printed page adds to the text is taken away by position: running headers and footers
(the same line at the top or bottom of several pages) and page numbers ("— 3 —", "- 3 -",
"第3页 共8页"). Paragraphs are rebuilt from where lines start and end, not from punctuation:
a line that starts at the column's left edge continues the paragraph above it when that one
ran to the right edge (or nearly, mid-sentence: ragged text), on the same page or the page
before; an indented, centred or right-aligned line, a line after a short one and a line after
extra space start a new one.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass
from difflib import SequenceMatcher

from gongkai.importing.text import ends_sentence, width

# nothing but page-number pieces: "— 3 —", "- 3 -", "第3页 共8页", "共8页 第3页", "3/8", "3"
# (OCR reads a dash as 一)
PAGE_NUMBER = re.compile(r"^[\-—–－一~_·.,，/／]*(?:[第共]?\d{1,4}(?!\d)页?[\-—–－一~_·.,，/／]*)+$")  # spaces removed
PAGE_NUMBER_MAX = 20  # characters: a longer line is no page number
EDGE_LINES = 2  # running headers, footers and page numbers sit among a page's first or last lines
EDGE_BAND = 0.2  # … within this share of the page height from its top or bottom
SAME_HEADER = 0.8  # similarity of two edge lines that are one running header read twice (OCR)
INDENT = 1.0  # characters: a line starting further right than the column's left edge is indented
SHORT = 1.5  # characters: a line ending this far before the column's right edge ends its paragraph
RAGGED = 4  # … unless it ends mid-sentence within this many characters of the edge
GAP = 1.6  # line pitches: more space than this above a line starts a new paragraph
CENTRED = 0.6  # characters: how far a centred line's middle may be from the column's
WRAPPED_TITLE = 4  # characters: a centred line this close to the column width was wrapped
DOUBT_OPEN = "【请核对："  # follows an OCR line with words read uncertainly; `check` refuses it


@dataclass(frozen=True)
class Line:
    """One printed line; coordinates grow rightwards and downwards, in any unit."""

    text: str
    left: float
    right: float
    top: float
    bottom: float
    doubtful: tuple[str, ...] = ()  # words OCR read with low confidence
    cells: tuple[str, ...] = ()  # the pieces of a line with wide gaps: a row of a table, perhaps

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def shown(self) -> str:
        return self.text + (f"{DOUBT_OPEN}{' '.join(self.doubtful)}】" if self.doubtful else "")


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]  # top to bottom


@dataclass(frozen=True)
class Column:
    """The text column, measured on the body lines of all pages."""

    left: float
    right: float
    char: float  # width of one Chinese character
    pitch: float  # distance from one line's top to the next one's
    height: float  # of a line of text


def reading_order(lines: list[Line]) -> tuple[Line, ...]:
    """Top to bottom, left to right within a line (pieces of one line overlap vertically)."""
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.left))
    rows: list[list[Line]] = []
    for line in ordered:
        if rows and line.top < rows[-1][0].top + rows[-1][0].height / 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    return tuple(_merge(sorted(row, key=lambda ln: ln.left)) for row in rows)


def _merge(row: list[Line]) -> Line:
    if len(row) == 1:
        return row[0]
    text = row[0].text
    for piece in row[1:]:
        latin = text[-1:].isascii() and text[-1:].isalnum() and piece.text[:1].isascii() and piece.text[:1].isalnum()
        text += (" " if latin else "") + piece.text
    return Line(text, row[0].left, max(ln.right for ln in row), min(ln.top for ln in row),
                max(ln.bottom for ln in row), tuple(w for ln in row for w in ln.doubtful))


def paragraphs(pages: list[Page]) -> tuple[list[str], int]:
    """(one line per paragraph, blank lines between; number of furniture lines removed)."""
    body = without_furniture(pages)
    removed = sum(len(p.lines) for p in pages) - sum(len(lines) for lines in body)
    flat = [(line, n == 0) for page in body for n, line in enumerate(page)]  # (line, first on its page)
    if not flat:
        return [], removed
    column = measure(body)
    blocks: list[list[str]] = []
    previous: Line | None = None
    for i, (line, first_on_page) in enumerate(flat):
        if _in_table(flat, i):
            if not (previous is not None and _in_table(flat, i - 1) and len(previous.cells) == len(line.cells)):
                blocks.append([_row(line.cells), "|" + " --- |" * len(line.cells)])  # its first row heads it
            else:
                blocks[-1].append(_row(line.cells))
        elif previous is None or _in_table(flat, i - 1) or starts_paragraph(line, previous, column,
                                                                             not first_on_page):
            blocks.append([line.shown()])
        else:
            blocks[-1][-1] = _join(blocks[-1][-1], line.shown())
        previous = line
    out: list[str] = []
    for block in blocks:
        out += [*block, ""]
    return out[:-1], removed


def _in_table(flat: list[tuple[Line, bool]], i: int) -> bool:
    """A line of cells is a table row when the line above or below it has as many cells."""
    if i < 0:
        return False
    cells = len(flat[i][0].cells)
    return cells > 1 and any(0 <= j < len(flat) and len(flat[j][0].cells) == cells for j in (i - 1, i + 1))


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _join(text: str, more: str) -> str:
    # a Latin word broken at the line end had a space there; Chinese and digits did not
    latin = text[-1:].isascii() and text[-1:].isalpha() and more[:1].isascii() and more[:1].isalpha()
    return text + (" " if latin else "") + more


def without_furniture(pages: list[Page]) -> list[list[Line]]:
    """Each page's lines without running headers, footers and page numbers."""
    edges = [_edge_lines(page) for page in pages]
    kept: list[list[Line]] = []
    for i, page in enumerate(pages):
        others = [_key(ln.text) for j, edge in enumerate(edges) if j != i for ln in edge]
        furniture = {id(ln) for ln in edges[i]
                     if is_page_number(ln.text) or any(_similar(_key(ln.text), o) for o in others)}
        kept.append([ln for ln in page.lines if id(ln) not in furniture])
    return kept


def is_page_number(text: str) -> bool:
    return len(text) <= PAGE_NUMBER_MAX and bool(PAGE_NUMBER.match("".join(text.split())))


def _edge_lines(page: Page) -> list[Line]:
    """Lines in the page margins: among the first or last lines, near the top or bottom edge,
    and set apart from the text by more than a line's spacing."""
    lines = page.lines
    pitches = [b.top - a.top for a, b in itertools.pairwise(lines) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 0.0
    edge: list[Line] = []
    for i, line in enumerate(lines):
        if EDGE_LINES <= i < len(lines) - EDGE_LINES:
            continue
        if line.top < EDGE_BAND * page.height:
            gap = lines[i + 1].top - line.top if i + 1 < len(lines) else pitch * GAP
        elif line.bottom > (1 - EDGE_BAND) * page.height:
            gap = line.top - lines[i - 1].top if i > 0 else pitch * GAP
        else:
            continue
        if gap >= GAP * pitch:
            edge.append(line)
    return edge


def _key(text: str) -> str:
    """A running header's text whatever page it is on: digits (page numbers) and spaces go."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _similar(a: str, b: str) -> bool:
    return a == b or (len(a) >= 4 and SequenceMatcher(None, a, b).ratio() >= SAME_HEADER)


def measure(body: list[list[Line]]) -> Column:
    lines = [ln for page in body for ln in page]
    chars = [(ln.right - ln.left) * 2 / width(ln.text) for ln in lines if width(ln.text) >= 20]
    char = statistics.median(chars) if chars else statistics.median(ln.height for ln in lines)
    lefts = sorted(ln.left for ln in lines)
    rights = sorted(ln.right for ln in lines)
    pitches = [b.top - a.top for page in body for a, b in itertools.pairwise(page) if b.top > a.top]
    return Column(left=lefts[len(lefts) // 20], right=rights[int(0.9 * (len(rights) - 1))], char=char,
                  pitch=statistics.median(pitches) if pitches else 2 * char,
                  height=statistics.median(ln.height for ln in lines))


def starts_paragraph(line: Line, previous: Line, column: Column, same_page: bool) -> bool:
    if _centred(line, column) and _middle_is_centre(previous, column) and same_page:
        # a long title set over two centred lines: the first one fills the column
        return (previous.right - previous.left < column.right - column.left - WRAPPED_TITLE * column.char
                or _spaced(line, previous, column))
    return (line.left > column.left + INDENT * column.char
            or (previous.right < column.right - SHORT * column.char and not _ragged(previous, column))
            or (same_page and _spaced(line, previous, column)))


def _spaced(line: Line, previous: Line, column: Column) -> bool:
    """More space above `line` than between lines of its size (a title's lines are further apart)."""
    size = max(1.0, max(line.height, previous.height) / max(column.height, 1e-6))
    return line.top - previous.top > GAP * column.pitch * size


def _ragged(line: Line, column: Column) -> bool:
    """Short of the right edge only because the next word (a number, a Latin word) did not fit:
    text not set justified ends a little early, mid-sentence."""
    return line.right >= column.right - RAGGED * column.char and not ends_sentence(line.text)


def _centred(line: Line, column: Column) -> bool:
    """Indented on the left as much as on the right (an indented first line is off by its
    indent, and runs to the right edge)."""
    return (line.left > column.left + INDENT * column.char
            and line.right < column.right - SHORT * column.char
            and _middle_is_centre(line, column))


def _middle_is_centre(line: Line, column: Column) -> bool:
    return abs((line.left + line.right) / 2 - (column.left + column.right) / 2) < CENTRED * column.char
