"""Rendered document HTML to the plain text blocks that search indexes and quotes.

The input is Python-Markdown's output for a document body (well-formed, no scripts of its
own), so a scan over its tags is enough, and several times faster than html.parser on a
county's thousands of long reports.
"""

from __future__ import annotations

import html
import re

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "blockquote", "pre",
          "figcaption", "caption", "div", "section", "table", "ul", "ol", "br", "hr"}
SKIPPED = {"script", "style", "template", "svg", "button"}
CELLS = {"td", "th"}
TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
HEADERLINK = re.compile(r"""class\s*=\s*["'][^"']*\bheaderlink\b""")
SPACE = re.compile(r"\s+")


def text_blocks(markup: str) -> list[str]:
    """Paragraphs, headings, list items and table rows of `markup`, whitespace collapsed.

    Leaves out scripts, styles, buttons, SVG and MkDocs' "#" permalinks (a.headerlink).
    """
    blocks: list[str] = []
    text: list[str] = []
    skipping, depth = None, 0  # the element being left out, and how deep inside it we are

    def flush() -> None:
        joined = SPACE.sub(" ", "".join(text)).strip()
        if joined:
            blocks.append(joined)
        text.clear()

    pos = 0
    for match in TAG.finditer(markup):
        if skipping is None and match.start() > pos:
            piece = markup[pos:match.start()]
            text.append(html.unescape(piece) if "&" in piece else piece)
        pos = match.end()
        closing, name, attrs = match.groups()
        if name is None:  # a comment
            continue
        name = name.lower()
        if skipping is not None:
            if name == skipping and not attrs.rstrip().endswith("/"):
                depth += -1 if closing else 1
                if depth == 0:
                    skipping = None
            continue
        if not closing and (name in SKIPPED or (name == "a" and HEADERLINK.search(attrs))):
            if not attrs.rstrip().endswith("/"):
                skipping, depth = name, 1
            continue
        if name in BLOCKS:
            flush()
        elif name in CELLS and not closing:
            text.append(" ")
    if skipping is None:
        piece = markup[pos:]
        text.append(html.unescape(piece) if "&" in piece else piece)
    flush()
    return blocks
