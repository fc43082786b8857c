"""Markdown as the site renders it: one extension list for the build and for `check`.

The MkDocs adapter installs exactly this configuration (hooks/adapter.py), so the HTML that
`check` sanitises and inspects is the HTML the build publishes.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.slugs import slugify

# Python-Markdown's inline patterns (those of the extensions below: none add one) and what each
# needs in a text to match: ` \ [ ![ < & * _ and two spaces before a line break
INLINE_PATTERNS = {"backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                   "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong"}
_INLINE_MARKUP = re.compile(r"[`\\\[\]!<>&*_\x02\x03]|  \n")  # the placeholders of stashed HTML too


class _PlainTextTreeprocessor(Treeprocessor):
    def run(self, root: Element) -> None:
        patterns = self.md.inlinePatterns
        if len(patterns) > sum(name in patterns for name in INLINE_PATTERNS):  # one this does not know
            return
        for element in root.iter():
            if element.text and not _INLINE_MARKUP.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not _INLINE_MARKUP.search(element.tail):
                element.tail = AtomicString(element.tail)


class PlainText(Extension):
    """Text with none of the characters an inline pattern needs comes out of the inline
    processor as it went in; marked atomic, the processor skips it instead of trying each of
    its fourteen patterns on it (that was half the Markdown time of a Chinese report)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_PlainTextTreeprocessor(md), "gk_plain_text", 21)  # just before "inline"


# MkDocs always adds toc, tables and fenced_code; the list names them to say so
EXTENSIONS: list[str | Extension] = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition",
                                     PlainText()]
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": "#", "permalink_title": "本节链接", "slugify": slugify(case="lower")},
    # align="…" instead of style="text-align: …": no style attributes reach a page
    "tables": {"use_align_attribute": True},
}


def new_renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def render(text: str, renderer: markdown.Markdown | None = None) -> str:
    """The body HTML of a Markdown text (raises what Python-Markdown raises, e.g. RecursionError)."""
    md = renderer or new_renderer()
    try:
        return md.convert(text)
    finally:
        md.reset()
