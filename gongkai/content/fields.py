"""Reading front-matter fields: each value exactly as typed, checked, or a problem on its line."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

import yaml

from gongkai.content.model import KINDS, Site, Unit, kind_of
from gongkai.content.source import Source, construct, is_nothing
from gongkai.problems import ERROR

REQUIRED = ("title", "kind", "year", "unit", "published")
OPTIONAL = ("written", "doc_no", "index_no", "category", "keywords", "summary", "related", "lang",
            "title_break")
# the order editors expect to read them in, and `new` and `import` write them in
FIELD_ORDER = ("title", "kind", "year", "unit", "published", "written", "doc_no", "index_no", "keywords",
               "summary")
# a translation (x.en.md) carries only what changes with the language
TRANSLATION_FIELDS = ("title", "summary", "keywords", "category", "lang", "title_break")
# what editors type in Chinese for each key, to suggest the right one
CHINESE_KEYS = {
    "标题": "title", "题目": "title", "类型": "kind", "文种": "kind", "年度": "year", "年份": "year",
    "发布机构": "unit", "单位": "unit", "发布单位": "unit", "发布日期": "published",
    "发布时间": "published", "成文日期": "written", "文号": "doc_no", "发文字号": "doc_no",
    "索引号": "index_no", "分类": "category", "主题分类": "category", "主题词": "keywords",
    "关键词": "keywords", "摘要": "summary", "内容概述": "summary", "相关文件": "related",
    "语言": "lang", "标题分行": "title_break", "标题换行": "title_break",
}
# C0 and C1 controls (tab and newline only in the body) and the non-characters U+FFFE/U+FFFF:
# invisible, and fatal to the XML of the feeds
CONTROL_IN_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
# the longest value a field may hold; longer text belongs in the body
MAX_LENGTH = {"title": 200, "summary": 500, "category": 50, "doc_no": 100, "index_no": 100,
              "unit": 100, "kind": 50, "lang": 20, "keyword": 50}
MAX_KEYWORDS = 30
LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class FieldReader:
    """The fields of one source file; every problem goes to the source, on the field's line."""

    def __init__(self, src: Source, site: Site):
        self.src = src
        self.site = site

    def report(self, key: str, code: str, severity: str = ERROR, /, **params: object) -> None:
        fld = self.src.fields.get(key)
        self.src.problem(fld.line if fld else 1, key, code, severity, **params)

    def unknown_fields(self, allowed: tuple[str, ...], translation: bool) -> None:
        for key, fld in self.src.fields.items():
            if key in allowed:
                continue
            if translation and key in REQUIRED + OPTIONAL:
                self.src.problem(fld.line, key, "translation_field", key=key)
                continue
            suggestion = CHINESE_KEYS.get(key) or next(iter(difflib.get_close_matches(key, allowed, 1)), "")
            if suggestion:
                self.src.problem(fld.line, key, "field_unknown_suggest", key=key, suggestion=suggestion)
            else:
                self.src.problem(fld.line, key, "field_unknown", key=key, allowed=", ".join(allowed))

    def missing_fields(self, required: tuple[str, ...]) -> None:
        """Required keys not there, unless a line too broken to read may hold them."""
        unreadable = {CHINESE_KEYS.get(word, word) for word in self.src.unreadable}
        if unreadable - set(REQUIRED + OPTIONAL):
            return  # a broken line whose key we cannot name may be any of them
        for key in required:
            if key not in self.src.fields and key not in unreadable:
                self.src.problem(self.src.body_line - 1 if self.src.fields else 1, key, "field_missing", key=key)

    def lines(self) -> dict[str, int]:
        return {key: fld.line for key, fld in self.src.fields.items()}

    def value(self, key: str) -> Any:
        """The constructed value of `key`, or None when absent or not constructible."""
        fld = self.src.fields.get(key)
        if fld is None:
            return None
        try:
            value = construct(fld.node)
        except (ValueError, yaml.YAMLError) as exc:
            if key in ("published", "written"):
                self.report(key, "date_impossible", value=fld.node.value)
            else:
                self.report(key, "value_invalid", key=key, detail=str(exc))
            return None
        if value is None and key in REQUIRED:  # "title:" with nothing after the colon
            self.report(key, "field_empty", key=key)
        return value

    def text(self, key: str) -> str | None:
        """A field's text exactly as typed: YAML 1.1 would read 0012 as 10 and yes as True."""
        fld = self.src.fields.get(key)
        if fld is None:
            return None
        if not isinstance(fld.node, yaml.ScalarNode):
            self.report(key, "type_text", key=key)
            return None
        if is_nothing(fld.node):
            value: str | None = ""
        else:
            value = self.checked_text(key, fld.node.value)
            if value is None:
                return None
        value = (value or "").strip()
        if not value and key in REQUIRED:
            self.report(key, "field_empty", key=key)
            return None
        return value

    def checked_text(self, key: str, value: str, limit_key: str | None = None) -> str | None:
        m = CONTROL_IN_TEXT.search(value)
        if m:
            self.report(key, "control_char", key=key, char=f"U+{ord(m.group()):04X}")
            return None
        limit = MAX_LENGTH.get(limit_key or key)
        if limit and len(value.strip()) > limit:
            self.report(key, "value_too_long", key=key, length=len(value.strip()), limit=limit)
            return None
        return value

    def kind(self) -> str | None:
        value = self.text("kind")
        if value is None:
            return None
        found = kind_of(value)
        if found is None:
            self.report("kind", "kind_unknown", value=value, kinds=", ".join(KINDS))
        return found

    def year(self, folder_year: int) -> int | None:
        fld = self.src.fields.get("year")
        value = self.value("year")
        if value is None or fld is None:
            return None
        if isinstance(value, int) and not re.fullmatch(r"[0-9]{4}", str(fld.node.value)):
            value = str(fld.node.value)  # 0x7e9 or 2_025: YAML 1.1 numbers nobody means as a year
        if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
            self.report("year", "year_quoted", value=value, suggestion=value.strip())
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*年?\s*", value):
            self.report("year", "type_year", value=value, suggestion=re.sub(r"\D", "", value))
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1990 <= value <= 2100:
            self.report("year", "type_year", value=value, suggestion=folder_year)
            return None
        if value != folder_year:
            self.report("year", "year_folder_mismatch", year=value, folder=folder_year)
            return None
        return value

    def unit(self) -> Unit | None:
        key = self.text("unit")
        if key is None:
            return None
        if key in self.site.units:
            return self.site.units[key]
        by_name = next((u for u in self.site.units.values() if key in (u.name, u.short)), None)
        if by_name:
            self.report("unit", "unit_by_name", value=key, suggestion=by_name.key)
        else:
            self.report("unit", "unit_unknown", value=key, units=", ".join(sorted(self.site.units)))
        return None

    def date(self, key: str) -> dt.date | None:
        fld = self.src.fields.get(key)
        value = self.value(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        m = LOOSE_DATE.match(str(value))
        if m:
            try:
                suggestion = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                self.report(key, "date_impossible", value=value)
                return None
            self.report(key, "date_format", value=value, suggestion=suggestion)
        elif fld is not None:
            self.report(key, "date_format_unknown", value=value)
        return None

    def keywords(self) -> list[str]:
        words = self._list("keywords", split=r"[\s,，、;；]+")
        if words is None:
            return []
        words = [w.strip() for w in words if w.strip()]
        if len(words) > MAX_KEYWORDS:
            self.report("keywords", "value_too_long", key="keywords", length=len(words), limit=MAX_KEYWORDS)
            return []
        checked = [self.checked_text("keywords", w, "keyword") for w in words]
        return [w for w in checked if w is not None] if None not in checked else []

    def title_break(self, title: str | None) -> list[str]:
        """The title's lines for print and page: a list whose items, joined, spell the title."""
        lines = self._list("title_break") if "title_break" in self.src.fields else None
        if lines is None or title is None:
            return []
        if len(lines) < 2 or title not in ("".join(lines), " ".join(lines)):  # Chinese, or words
            self.report("title_break", "title_break_mismatch", joined="".join(lines), title=title)
            return []
        return lines

    def related(self) -> list[str]:
        ids = self._list("related")
        return [v.strip().removeprefix("reports/").removesuffix(".md").strip("/") for v in ids or []]

    def _list(self, key: str, split: str | None = None) -> list[str] | None:
        """A list of texts: a YAML list, or one text (cut at `split` when given)."""
        fld = self.src.fields.get(key)
        if fld is None:
            return None
        node = fld.node
        if isinstance(node, yaml.ScalarNode):
            return re.split(split, node.value) if split else [node.value]
        if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
            return [n.value for n in node.value]
        self.report(key, "type_list", key=key)
        return None
