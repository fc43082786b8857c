"""Markdown as the site renders it: one extension list for the build and for `check`.

The MkDocs adapter installs exactly this configuration (hooks/adapter.py), so the HTML that
`check` sanitises and inspects is the HTML the build publishes.
"""

from __future__ import annotations

from typing import Any

import markdown
from pymdownx.slugs import slugify

# MkDocs always adds toc, tables and fenced_code; the list names them to say so
EXTENSIONS: list[str] = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]
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
