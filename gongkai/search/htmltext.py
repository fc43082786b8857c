"""Rendered document HTML to the plain text blocks that search indexes and quotes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "blockquote", "pre",
          "figcaption", "caption", "div", "section", "table", "ul", "ol", "br", "hr"}
SKIPPED = {"script", "style", "template", "svg", "button"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed"}
SPACE = re.compile(r"\s+")


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._text: list[str] = []
        self._skip_depth = 0  # inside a skipped element (script, the "#" permalink, …)
        self._stack: list[bool] = []  # per open element: does it start a skipped region?

    def _flush(self) -> None:
        text = SPACE.sub(" ", "".join(self._text)).strip()
        if text:
            self.blocks.append(text)
        self._text = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        skip = tag in SKIPPED or "headerlink" in classes or any(
            name == "data-search-ignore" for name, _ in attrs)
        if tag in BLOCKS:
            self._flush()
        if tag in ("td", "th"):
            self._text.append(" ")
        if tag in VOID:
            return
        self._stack.append(skip)
        self._skip_depth += skip

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._stack:
            self._skip_depth -= self._stack.pop()
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._skip_depth:
            self._text.append(data)


def text_blocks(html: str) -> list[str]:
    """Paragraphs, headings, list items and table rows of `html`, whitespace collapsed.

    Leaves out scripts, styles, buttons, SVG, MkDocs' "#" permalinks and anything marked
    data-search-ignore.
    """
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks
