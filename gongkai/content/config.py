"""Reading the site's identity (gongkai.yml) and unit registry (units.yml) as content/settings.py
declares them: every wrong type, unknown key or impossible value is a problem on its line,
with the same YAML reader as front matter (anchors, aliases and tags refused)."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import string
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from gongkai.content.fields import CONTROL_IN_TEXT
from gongkai.content.model import CMS_BACKENDS, DEFAULT_LANG, UNIT_TYPES, Site, Unit
from gongkai.content.settings import SITE_SETTINGS, UNIT_KEY_PATTERN, UNIT_SETTINGS, UNITS_KEY, Setting, Shape
from gongkai.content.source import (
    Field,
    Source,
    decode,
    is_nothing,
    key_text,
    lint_front_matter,
    parse_front_matter,
)
from gongkai.problems import ContentError, errors

SITE_FILE = "gongkai.yml"
UNITS_FILE = "units.yml"
LANG_KEY = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]+)?")
MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
LOOSE_MONTH_DAY = re.compile(r"\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*")
URL = re.compile(r"https?://[^\s\"'<>\\]+")
BRANCH = re.compile(r"[A-Za-z0-9._/-]+")
MAX_TEXT = 200  # a name, a code or a registration number; nothing longer belongs here
# placeholders of index_no_pattern, with sample values to try it on
INDEX_FIELDS = {"code": "11449900MB0000101C", "year": 2025, "serial": "04201"}


def load_site(root: Path) -> Site:
    """gongkai.yml and units.yml, or ContentError with every problem of both."""
    root = root.resolve()
    site_src, site_read = read_settings_file(root, SITE_FILE)
    units_src, units_read = read_settings_file(root, UNITS_FILE)
    values = default_values()
    if site_read:
        values.update(ConfigReader(site_src).settings(site_src.fields, SITE_SETTINGS, ""))
    units = read_units(units_src) if units_read else {}
    problems = site_src.problems + units_src.problems
    if errors(problems):
        raise ContentError(problems)
    return Site(root=root, units=units, **values)


def default_values() -> dict[str, Any]:
    """Site attributes as gongkai.yml leaves them when it does not set them."""
    return {s.target: s.default_value() for s in SITE_SETTINGS if not s.required}


def read_settings_file(root: Path, rel: str) -> tuple[Source, bool]:
    """The file's top-level keys with their lines, and whether it could be read as a mapping
    (when not, its problems say why, and no setting is reported missing). A missing file reads
    as an empty one."""
    src = Source(rel)
    path = root / rel
    if path.is_symlink():
        src.problem(0, "", "path_symlink")
        return src, False
    if not path.is_file():
        return src, True
    text = decode(path.read_bytes(), src)
    if text is None:
        return src, False
    src.text = text.replace("\r\n", "\n").replace("\r", "\n")
    if lint_front_matter(src.text.split("\n"), src, first=1, comments=True):  # broken lines
        return src, False
    parse_front_matter(src.text, src, first=1)
    return src, all(p.code == "field_duplicate" for p in src.problems)


def read_units(src: Source) -> dict[str, Unit]:
    reader = ConfigReader(src)
    reader.unknown_keys(src.fields, (UNITS_KEY,), "")
    registry = src.fields.get(UNITS_KEY)
    if registry is None:
        src.problem(0, UNITS_KEY, "setting_missing", key=UNITS_KEY)
        return {}
    units: dict[str, Unit] = {}
    codes: dict[str, str] = {}
    for key, fld in reader.entries(registry.node, UNITS_KEY, allow_empty=True):  # a repeated key too
        if not re.fullmatch(UNIT_KEY_PATTERN, key):
            typed = unicodedata.normalize("NFKC", key).lower()  # ｂｅｉｌｉｎｇ typed with a Chinese input method
            suggestion = re.sub(r"[^a-z0-9]+", "-", typed).strip("-") or "songping"
            src.problem(fld.line, key, "unit_key_invalid", key=key, suggestion=suggestion)
        fields = reader.mapping(fld.node, key)  # a unit that is no mapping is reported there
        if not isinstance(fld.node, yaml.MappingNode):
            continue
        values = reader.settings(fields, UNIT_SETTINGS, key, where=fld.line)
        code = values.get("code")
        if code in codes:
            src.problem(fields["code"].line, f"{key}.code", "unit_code_duplicate", code=code, key=key,
                        other=codes[code])
        elif code:
            codes[code] = key
        if len(values) == len(UNIT_SETTINGS) and key not in units:
            units[key] = Unit(key=key, **values)
    return units


class ConfigReader:
    """Values of a settings file, each read as its Setting declares; every problem goes to the
    source, on the line of the value."""

    def __init__(self, src: Source):
        self.src = src

    def settings(self, fields: dict[str, Field], declared: tuple[Setting, ...], prefix: str,
                 where: int = 0) -> dict[str, Any]:
        """{attribute: value} of the settings that are present and well-formed."""
        self.unknown_keys(fields, tuple(s.key for s in declared), prefix, declared)
        values: dict[str, Any] = {}
        for setting in declared:
            name = f"{prefix}.{setting.key}" if prefix else setting.key
            fld = fields.get(setting.key)
            if fld is None:
                if setting.required:
                    self.src.problem(where, name, "setting_missing", key=setting.key)
                else:
                    values[setting.target] = setting.default_value()
                continue
            value = self.value(setting, fld, name)
            if value is not None:
                values[setting.target] = value
        return values

    def unknown_keys(self, fields: dict[str, Field], allowed: tuple[str, ...], prefix: str,
                     declared: tuple[Setting, ...] = ()) -> None:
        chinese = {alias: s.key for s in declared for alias in s.chinese}
        for key, fld in fields.items():
            if key in allowed:
                continue
            name = f"{prefix}.{key}" if prefix else key
            suggestion = chinese.get(key) or next(iter(difflib.get_close_matches(key, allowed, 1)), "")
            if suggestion:
                self.src.problem(fld.line, name, "field_unknown_suggest", key=key, suggestion=suggestion)
            else:
                self.src.problem(fld.line, name, "field_unknown", key=key, allowed=", ".join(allowed))

    def mapping(self, node: yaml.Node, name: str, allow_empty: bool = False) -> dict[str, Field]:
        """The keys of a nested mapping with their lines, the first of a repeated key."""
        found: dict[str, Field] = {}
        for key, fld in self.entries(node, name, allow_empty):
            found.setdefault(key, fld)
        return found

    def entries(self, node: yaml.Node, name: str, allow_empty: bool = False) -> list[tuple[str, Field]]:
        """(key, value) of a nested mapping in file order, a repeated key reported and kept;
        [] and the problem reported when it is not a mapping."""
        if allow_empty and is_nothing(node):
            return []
        if not isinstance(node, yaml.MappingNode):
            self.src.problem(_line(node), name, "type_mapping", key=_last(name))
            return []
        found: list[tuple[str, Field]] = []
        seen: set[str] = set()  # a set: a registry of thousands of units is read in linear time
        for key_node, value_node in node.value:
            key = key_text(key_node)
            if key in seen:
                self.src.problem(_line(key_node), f"{name}.{key}", "field_duplicate", key=key)
            seen.add(key)
            found.append((key, Field(value_node, _line(key_node))))
        return found

    def value(self, setting: Setting, fld: Field, name: str) -> object:
        if setting.shape in (Shape.LANG_TEXTS, Shape.LANG_MAP):
            return self.lang_texts(setting, fld, name)
        text = self.text(fld.node, name, required=setting.required)
        if text is None or (not text and setting.shape in (Shape.URL, Shape.TEXT)):  # "" is allowed there
            return text
        if setting.shape is Shape.UNIT_TYPE and text not in UNIT_TYPES:
            self.src.problem(fld.line, name, "unit_type_unknown", value=text, types=", ".join(UNIT_TYPES))
            return None
        if setting.shape is Shape.CMS_BACKEND and text not in CMS_BACKENDS:
            self.src.problem(fld.line, name, "cms_backend_unknown", value=text, backends=", ".join(CMS_BACKENDS))
            return None
        check = FORMATS.get(setting.shape)
        if check is not None and not check(text):
            example = _month_day_suggestion(text) if setting.shape is Shape.MONTH_DAY else ""
            self.src.problem(fld.line, name, "setting_format", key=setting.key, value=text,
                             example=example or setting.example)
            return None
        return text

    def text(self, node: yaml.Node, name: str, required: bool) -> str | None:
        """A scalar exactly as typed (YAML 1.1 would read 0012 as 10 and yes as True)."""
        if not isinstance(node, yaml.ScalarNode):
            self.src.problem(_line(node), name, "type_text", key=_last(name))
            return None
        value = "" if is_nothing(node) else str(node.value)
        control = CONTROL_IN_TEXT.search(value)
        if control:
            self.src.problem(_line(node), name, "control_char", key=_last(name),
                             char=f"U+{ord(control.group()):04X}")
            return None
        value = value.strip()
        if len(value) > MAX_TEXT:
            self.src.problem(_line(node), name, "value_too_long", key=_last(name), length=len(value),
                             limit=MAX_TEXT)
            return None
        if not value and required:
            self.src.problem(_line(node), name, "field_empty", key=_last(name))
            return None
        return value

    def lang_texts(self, setting: Setting, fld: Field, name: str) -> dict[str, str] | None:
        node = fld.node
        if isinstance(node, yaml.ScalarNode) and setting.shape is Shape.LANG_TEXTS:
            text = self.text(node, name, setting.required)
            return None if text is None else ({DEFAULT_LANG: text} if text else {})
        if not isinstance(node, yaml.MappingNode) and not (is_nothing(node) and not setting.required):
            self.src.problem(fld.line, name, "type_lang_map", key=setting.key)
            return None
        texts: dict[str, str] = {}
        clean = True
        for lang, lang_fld in self.mapping(node, name, allow_empty=True).items():
            if not LANG_KEY.fullmatch(lang):
                self.src.problem(lang_fld.line, f"{name}.{lang}", "type_lang_map", key=setting.key)
                clean = False
                continue
            text = self.text(lang_fld.node, f"{name}.{lang}", required=True)
            if text is None:
                clean = False
            else:
                texts[lang] = text
        if clean and setting.required and DEFAULT_LANG not in texts:
            self.src.problem(fld.line, f"{name}.{DEFAULT_LANG}", "setting_missing", key=DEFAULT_LANG)
            return None
        return texts if clean else None


def _month_day(text: str) -> bool:
    m = MONTH_DAY.fullmatch(text)
    return m is not None and _real_day(int(m[1]), int(m[2]))


def _real_day(month: int, day: int) -> bool:
    """A day of every year: 02-29 would not be one three years in four."""
    try:
        dt.date(2001, month, day)
    except ValueError:
        return False
    return True


def _month_day_suggestion(text: str) -> str:
    m = LOOSE_MONTH_DAY.fullmatch(text)
    if m and _real_day(int(m[1]), int(m[2])):
        return f'"{int(m[1]):02d}-{int(m[2]):02d}"'
    return ""


def _index_pattern(text: str) -> bool:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        text.format(**INDEX_FIELDS)
    except (ValueError, KeyError, IndexError, AttributeError):
        return False
    return names <= set(INDEX_FIELDS)


FORMATS: dict[Shape, Callable[[str], bool]] = {
    Shape.MONTH_DAY: _month_day,
    Shape.URL: lambda text: bool(URL.fullmatch(text)),
    Shape.BRANCH: lambda text: bool(BRANCH.fullmatch(text)),
    Shape.INDEX_PATTERN: _index_pattern,
}


def _last(name: str) -> str:
    """The key as written in the file: "name" of "songping.name"."""
    return name.rsplit(".", 1)[-1]


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for !ENV, without running its other tags (!!python/…)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    names = (loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
             else [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else [])
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[v] for v in variables if v in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig") as f:
        config: dict[str, Any] = yaml.load(f, Loader=_ConfigLoader) or {}
    return config


def site_languages(root: Path) -> list[str]:
    """The languages mkdocs-static-i18n builds, from mkdocs.yml (the default language first)."""
    config = mkdocs_config(root)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = (plugin["i18n"] or {}).get("languages") or []
            built = [lang for lang in languages if lang.get("build", True)]
            built.sort(key=lambda lang: not lang.get("default", False))
            return [lang["locale"] for lang in built] or [DEFAULT_LANG]
    return [DEFAULT_LANG]
