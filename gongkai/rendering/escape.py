"""Escaping by construction: every text a template reads is already HTML-escaped.

MkDocs renders templates with autoescape off, so instead of trusting each `{{ … }}` to say
`|e`, the page context is escaped once, as a whole, before any template sees it: every str
becomes escaped `Markup`. The few values that are HTML on purpose are built as `Markup` by
the core itself (the QR code's SVG, the JSON-LD block) and pass through unchanged.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, cast

from markupsafe import Markup, escape

T = TypeVar("T")


def escaped(value: T) -> T:
    """`value` with every string in it (dict keys aside) turned into escaped Markup; views
    (dataclasses) are rebuilt with escaped fields."""
    return cast(T, _escaped(value))


def _escaped(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value)(**{f.name: _escaped(getattr(value, f.name)) for f in dataclasses.fields(value)})
    return value
