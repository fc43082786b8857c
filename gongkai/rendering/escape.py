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
    kind = type(value)
    if kind is str:  # most values: tested first, a build escapes about a million of them
        return escape(value)
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return kind(_escaped(v) for v in value)
    names = _field_names(kind)
    if names is not None:
        return kind(**{name: _escaped(getattr(value, name)) for name in names})
    return value


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type (None for any other type): looked up once a type."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return _FIELD_NAMES[kind]
