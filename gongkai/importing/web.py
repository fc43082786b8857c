"""Saved web pages (.html, .htm, .mhtml) to lines: the page's main text through trafilatura,
the title from the page, and the portal's metadata lines (来源/发布时间/文号…) for portal.py
to read and remove.

Why trafilatura: on a saved portal page both it and readability-lxml dropped navigation,
breadcrumb, share and print links, related links and footer; readability-lxml also dropped a
statistics table from the report body, trafilatura kept it.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

import trafilatura
from lxml import etree, html

from gongkai.importing.portal import LABELS, labelled
from gongkai.importing.reading import Unreadable
from gongkai.importing.structure import numbering_level
from gongkai.importing.text import read_text

MHTML_SUFFIXES = (".mhtml", ".mht")
BLOCK_XPATH = "//*[" + " or ".join(f"self::{tag}" for tag in
                                  ("p", "div", "li", "td", "th", "span", "h1", "h2", "h3", "h4", "dd", "dt")) + "]"
META_LINE_MAX = 200  # characters: a metadata line, not a container that happens to start with one
TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s|--)\s*")


def read_web_page(path: Path) -> list[str]:
    page = read_mhtml(path) if path.suffix.lower() in MHTML_SUFFIXES else read_text(path)
    extracted = trafilatura.bare_extraction(page, output_format="xml", include_formatting=True,
                                            include_tables=True, include_comments=False, with_metadata=True)
    if not isinstance(extracted, trafilatura.settings.Document) or extracted.body is None:
        raise Unreadable("page_empty")
    tree = html.fromstring(page)
    title = page_title(tree, extracted.title) if extracted.title else ""
    lines = [title, "", *metadata_lines(tree), ""]
    for element in extracted.body:
        if not (element.tag == "head" and _text(element) == title):  # the title heads the page already
            lines += element_lines(element) + [""]
    return lines


def read_mhtml(path: Path) -> str:
    """The HTML part of a page saved as one file (Chrome, Edge: 网页，单个文件); Chrome gives
    no charset there, the page's own <meta charset> (UTF-8, or GBK on older portals) does."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    for part in message.walk():
        if isinstance(part, EmailMessage) and part.get_content_type() == "text/html":
            raw = part.get_payload(decode=True)
            if isinstance(raw, bytes):
                return decode(raw, part.get_content_charset())
    raise Unreadable("mhtml")


def decode(raw: bytes, charset: str | None) -> str:
    for encoding in (charset, "utf-8", "gb18030"):
        if encoding:
            try:
                return raw.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    return raw.decode("utf-8", "replace")


def metadata_lines(tree: html.HtmlElement) -> list[str]:
    """Lines of the page such as "来源：河湾镇人民政府 发布时间：2026-02-27", which the main
    text leaves out: the largest short block starting with such a key, not its pieces."""
    found: list[str] = []
    for element in tree.xpath(BLOCK_XPATH):
        text = " ".join("".join(element.itertext()).split())
        if text and len(text) <= META_LINE_MAX and is_metadata(text) and not any(text in line for line in found):
            found = [line for line in found if line not in text] + [text]
    return found


def is_metadata(text: str) -> bool:
    """A line giving one of the values import keeps (来源：… 发布时间：…), with its value."""
    pairs = labelled(text) or []
    return any(LABELS[label] and value for label, value in pairs)


def page_title(tree: html.HtmlElement, title: str) -> str:
    """The document's title: a portal's <title> adds its column and site name
    ("…年度报告_法治政府建设_澄岭县人民政府"); the part the page also shows on its own wins."""
    parts = [p.strip() for p in TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    shown = {" ".join("".join(e.itertext()).split()) for e in tree.xpath(BLOCK_XPATH)}
    return max((p for p in parts if p in shown), key=len, default=parts[0])


def element_lines(element: etree._Element) -> list[str]:
    """One block of trafilatura's XML as Markdown lines, with the text that follows it."""
    tail = " ".join((element.tail or "").split())
    return block_lines(element) + ([tail] if tail else [])


def block_lines(element: etree._Element) -> list[str]:
    tag = element.tag
    text = _text(element)
    if not text:
        return []
    if tag == "head" and not numbering_level(text):  # numbered ones get their level from the number
        level = int((element.get("rend") or "h2").lstrip("h") or 2)
        return [f"{'#' * min(max(level, 2), 4)} {text}"]
    if tag == "list":
        return [f"- {_text(item)}" for item in element.iter("item")]
    if tag == "table":
        return table_lines(element)
    if _bold_only(element) and not numbering_level(text):
        return [f"## {text}"]  # an unnumbered bold paragraph is a heading, as in Word files
    for lb in element.iter("lb"):  # paragraphs a portal separated by <br> inside one <p>
        lb.text = "\n"
    lines = [" ".join(line.split()) for line in "".join(element.itertext()).split("\n") if line.strip()]
    return [piece for line in lines for piece in (line, "")][:-1]


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _bold_only(element: etree._Element) -> bool:
    bold = [child for child in element if child.tag == "hi" and "b" in (child.get("rend") or "")]
    rest = (element.text or "").strip() + "".join((child.tail or "").strip() for child in bold)
    return len(bold) == len(element) == 1 and not rest and len("".join(element.itertext())) <= 40


def table_lines(table: etree._Element) -> list[str]:
    rows = [[_text(cell).replace("|", "\\|") for cell in row.iter("cell")]
            for row in table.iter("row")]
    rows = [row for row in rows if row]
    if not rows:
        return []
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    return (["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * columns]
            + ["| " + " | ".join(row) + " |" for row in rows[1:]])
