"""UI strings and editor messages, one YAML file per language in gongkai/locales/."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from gongkai.content.model import DEFAULT_LANG, Version

LOCALES_DIR = Path(__file__).parent / "locales"


@cache
def strings(lang: str) -> dict[str, Any]:
    path = LOCALES_DIR / f"{lang}.yml"
    if not path.exists():
        path = LOCALES_DIR / f"{DEFAULT_LANG}.yml"
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


@cache
def ui(lang: str) -> dict[str, str]:
    """Flat UI strings of `lang`, falling back to Chinese for a missing key. One dict a
    language, shared by every caller (a build looks up some 90,000 strings): read it only."""
    base = strings(DEFAULT_LANG)["ui"]
    return {**base, **strings(lang).get("ui", {})}


def t(lang: str, key: str, **params: object) -> str:
    return ui(lang)[key].format(**params)


def categories(lang: str) -> dict[str, str]:
    """分类 values (Chinese, as originals write them) and their names in `lang`."""
    table: dict[str, str] = strings(lang).get("categories") or {}
    return table


def category_of(version: Version) -> str:
    """The category a reader of the version's language sees: the translation's own, else the
    original's in the language's table, else the original's as written (`check` warns)."""
    if version.translation and version.translation.category:
        return version.translation.category
    return categories(version.lang).get(version.doc.category, version.doc.category)
