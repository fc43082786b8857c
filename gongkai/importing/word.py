"""Word (.docx) to lines: heading styles and bold-paragraph headings become Markdown headings.

Word paragraphs are never hard-wrapped, so every paragraph is followed by a blank line.
"""

from __future__ import annotations

import re
from pathlib import Path
from zipfile import BadZipFile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gongkai.importing.reading import Unreadable
from gongkai.importing.structure import CLAUSE_END, TRAILING, UNPUNCTUATED_MAX, numbering_level
from gongkai.importing.text import ends_sentence

HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.I)
BOLD_UNNUMBERED_MAX = 40  # a longer bold paragraph is emphasis, not a heading


def read_docx(path: Path) -> list[str]:
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError) as exc:
        raise Unreadable("docx", str(exc)) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += table_lines(block)
        else:
            text = block.text.strip()
            if text:
                lines.append(paragraph_line(block, text))
        lines.append("")
    return lines


def paragraph_line(paragraph: Paragraph, text: str) -> str:
    style = paragraph.style.name if paragraph.style is not None else ""
    m = HEADING_STYLE.match(style)
    if m:  # Heading 1 is a section (##): the document title sits above it
        return f"{'#' * min(int(m[1]) + 1, 4)} {text}"
    if TITLE_STYLE.match(style):
        return f"# {text}"
    if is_bold(paragraph):
        found = numbering_level(text)
        one_clause = not CLAUSE_END.search(text.rstrip(TRAILING))
        if found and one_clause and len(text) <= UNPUNCTUATED_MAX:  # bold says heading
            return f"{'#' * found[0]} {text.rstrip(TRAILING)}"
        if not found and not ends_sentence(text) and len(text) <= BOLD_UNNUMBERED_MAX:
            return f"## {text}"
    return text


def is_bold(paragraph: Paragraph) -> bool:
    """Every run with text is bold, set directly or through its styles."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(_run_bold(r, paragraph) for r in runs)


def _run_bold(run: Run, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return run.bold
    for style in (run.style, paragraph.style):
        while style is not None:
            if style.font.bold is not None:
                return bool(style.font.bold)
            style = style.base_style
    return False


def table_lines(table: Table) -> list[str]:
    """A Markdown pipe table; the first row is the header."""
    rows = [[cell.text.strip().replace("\n", " ").replace("|", "\\|") for cell in row.cells]
            for row in table.rows]
    if not rows:
        return []
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])]
    return lines + ["| " + " | ".join(row) + " |" for row in rows[1:]]
