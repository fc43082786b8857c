"""Turning one parsed source file into a Document, reporting every problem."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

import yaml

from gongkai.content.indexno import derive_index_no
from gongkai.content.model import DEFAULT_LANG, KINDS, Document, Site
from gongkai.content.source import CONTROL, Source, construct
from gongkai.problems import WARNING, Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PATH = re.compile(r"^reports/(?P<folder>[^/]+)/(?P<slug>[^/.]+)(?:\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z]+)?))?\.md$")
ANY_MD_IN_FOLDER = re.compile(r"^reports/(?P<folder>[^/]+)/(?P<name>[^/]+)\.md$")
# what `python -m gongkai new` leaves for the editor to fill in: never publish it
PLACEHOLDER = re.compile(r"【[^】]*请填写[^】]*】|\[(?:To fill in|Other matters, if any)[^\]]*\]")
LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")

REQUIRED = ("title", "kind", "year", "unit", "published")
OPTIONAL = ("written", "doc_no", "index_no", "category", "keywords", "summary", "related", "lang")
# a translation (x.en.md) carries only what changes with the language
TRANSLATION_FIELDS = ("title", "summary", "keywords", "category", "lang")
# what editors type in Chinese for each key, to suggest the right one
CHINESE_KEYS = {
    "标题": "title", "题目": "title", "类型": "kind", "文种": "kind", "年度": "year", "年份": "year",
    "发布机构": "unit", "单位": "unit", "发布单位": "unit", "发布日期": "published",
    "发布时间": "published", "成文日期": "written", "文号": "doc_no", "发文字号": "doc_no",
    "索引号": "index_no", "分类": "category", "主题分类": "category", "主题词": "keywords",
    "关键词": "keywords", "摘要": "summary", "内容概述": "summary", "相关文件": "related",
    "语言": "lang",
}
# C0 and C1 controls (tab and newline only in the body) and the non-characters U+FFFE/U+FFFF:
# invisible, and fatal to the XML of the feeds
CONTROL_IN_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
# the longest value a field may hold; longer text belongs in the body
MAX_LENGTH = {"title": 200, "summary": 500, "category": 50, "doc_no": 100, "index_no": 100,
              "unit": 100, "kind": 50, "lang": 20, "keyword": 50}
MAX_KEYWORDS = 30
# what leaves a body with nothing to read: comments, whitespace and space entities
INVISIBLE = re.compile(r"<!--.*?(?:-->|$)|&(?:nbsp|ensp|emsp|thinsp|zwsp|#160|#xa0|#x3000|#12288|#8203|#x200b);|"
                       r"[\s\u200b\u200c\u200d\u2060\ufeff\u3000]", re.S | re.I)


def default_category(kind: str, lang: str = DEFAULT_LANG) -> str:
    from gongkai.locales import t

    return t(lang, f"category_{kind}")


class DocumentBuilder:
    """Checks the fields of one Source and builds its Document."""

    def __init__(self, src: Source, site: Site, languages: list[str]):
        self.src = src
        self.site = site
        self.languages = languages

    def problem(self, field_name: str, code: str, **params) -> None:
        line = self.src.fields[field_name].line if field_name in self.src.fields else 1
        self.src.problems.append(Problem(self.src.rel_path, line, field_name, code, params))

    def build(self) -> Document | None:
        src = self.src
        m = PATH.match(src.rel_path)
        if not m:
            loose = ANY_MD_IN_FOLDER.match(src.rel_path)
            if loose:  # a dot in the name ("x.report.md"): a naming problem, not a location one
                src.problem(0, "", "path_slug", slug=loose["name"],
                            suggestion=self.suggest_slug(loose["name"], loose["folder"]))
            else:
                src.problem(0, "", "path_layout")
            return None
        folder, slug, lang = m["folder"], m["slug"], m["lang"] or DEFAULT_LANG
        if not re.fullmatch(r"[0-9]{4}", folder):  # not \\d: that takes ２０２５ too
            src.problem(0, "", "path_year_folder", folder=folder)
            return None
        if not SLUG.match(slug):
            src.problem(0, "", "path_slug", slug=slug, suggestion=self.suggest_slug(slug, folder))
        if lang not in self.languages:
            src.problem(0, "", "path_lang", lang=lang, languages=", ".join(self.languages))
        if src.problems:
            return None

        translation = lang != DEFAULT_LANG
        allowed = TRANSLATION_FIELDS if translation else REQUIRED + OPTIONAL
        for key, fld in src.fields.items():
            if key not in allowed:
                self.unknown_field(key, fld.line, translation)
        required = ("title",) if translation else REQUIRED
        for key in required:
            if key not in src.fields:
                src.problem(src.body_line - 1 if src.fields else 1, key, "field_missing", key=key)

        title = self.text("title")
        keywords = self.keywords()
        summary = self.text("summary") or ""
        category = self.text("category")
        if "lang" in src.fields and self.text("lang") not in (None, lang):
            self.problem("lang", "lang_mismatch", value=self.text("lang"), lang=lang)
        self.check_body()
        if translation:
            if self.blocking():
                return None
            return Document(
                path=self.site.root / src.rel_path, rel_path=src.rel_path,
                doc_id=f"{folder}/{slug}", lang=lang, title=title or "", kind="",
                year=int(folder), unit=None, published=None, written=None,  # type: ignore[arg-type]
                doc_no="", index_no="", category=category or "", keywords=keywords,
                summary=summary, related=[], body=src.body, body_line=src.body_line,
                field_lines=self.field_lines(),
            )

        kind = self.kind()
        year = self.year(int(folder))
        unit = self.unit()
        published = self.date("published")
        written = self.date("written")
        doc_no = self.text("doc_no") or ""
        index_no = self.text("index_no")
        related = self.related()
        if published and written and written > published:
            self.problem("written", "written_after_published", written=written, published=published)
        if published and year and kind in ("annual-report", "interpretation"):
            if published <= dt.date(year, 12, 31):
                self.problem("published", "published_before_year_end", published=published, year=year)
            elif kind == "annual-report" and published >= self.site.deadline(year):
                self.problem_warning("published", "published_late", published=published,
                                     deadline=self.site.deadline(year), year=year)
        if self.blocking():
            return None
        if None in (kind, year, unit, published, title):  # never drop a file without saying why
            src.problem(1, "", "value_invalid", key="", detail="?")
            return None
        doc_id = f"{folder}/{slug}"
        return Document(
            path=self.site.root / src.rel_path, rel_path=src.rel_path, doc_id=doc_id, lang=lang,
            title=title, kind=kind, year=year, unit=unit, published=published, written=written,
            doc_no=doc_no, index_no=index_no or derive_index_no(self.site, unit, published, doc_id),
            category=category or default_category(kind), keywords=keywords, summary=summary,
            related=related, body=src.body, body_line=src.body_line, field_lines=self.field_lines(),
        )

    def field_lines(self) -> dict[str, int]:
        return {key: fld.line for key, fld in self.src.fields.items()}

    def blocking(self) -> bool:
        """Errors that leave no document to build. A placeholder left in the text is an error
        too, but the document stays known so that translations and clashes are still checked."""
        return any(p.severity != WARNING and p.code != "placeholder_left" for p in self.src.problems)

    def problem_warning(self, field_name: str, code: str, **params) -> None:
        line = self.src.fields[field_name].line
        self.src.problems.append(Problem(self.src.rel_path, line, field_name, code, params, WARNING))

    def unknown_field(self, key: str, line: int, translation: bool) -> None:
        allowed = TRANSLATION_FIELDS if translation else REQUIRED + OPTIONAL
        if translation and key in REQUIRED + OPTIONAL:
            self.src.problem(line, key, "translation_field", key=key)
            return
        suggestion = CHINESE_KEYS.get(key) or next(iter(difflib.get_close_matches(key, allowed, 1)), "")
        if suggestion:
            self.src.problem(line, key, "field_unknown_suggest", key=key, suggestion=suggestion)
        else:
            self.src.problem(line, key, "field_unknown", key=key, allowed=", ".join(allowed))

    def value(self, key: str) -> Any:
        """The constructed value of `key`, or None when absent or not constructible."""
        fld = self.src.fields.get(key)
        if fld is None:
            return None
        try:
            value = construct(fld.node)
        except (ValueError, yaml.YAMLError) as exc:
            if key in ("published", "written"):
                self.problem(key, "date_impossible", value=fld.node.value)
            else:
                self.problem(key, "value_invalid", key=key, detail=str(exc))
            return None
        if value is None and key in REQUIRED:  # "title:" with nothing after the colon
            self.problem(key, "field_empty", key=key)
        return value

    def text(self, key: str) -> str | None:
        """A field's text exactly as typed: YAML 1.1 would read 0012 as 10 and yes as True."""
        fld = self.src.fields.get(key)
        if fld is None:
            return None
        if not isinstance(fld.node, yaml.ScalarNode):
            self.problem(key, "type_text", key=key)
            return None
        if fld.node.tag == "tag:yaml.org,2002:null" and fld.node.style is None:
            value = ""
        else:
            value = self.checked_text(key, fld.node.value)
            if value is None:
                return None
        value = value.strip()
        if not value and key in REQUIRED:
            self.problem(key, "field_empty", key=key)
            return None
        return value

    def checked_text(self, key: str, value: str, limit_key: str | None = None) -> str | None:
        m = CONTROL_IN_TEXT.search(value)
        if m:
            self.problem(key, "control_char", key=key, char=f"U+{ord(m.group()):04X}")
            return None
        limit = MAX_LENGTH.get(limit_key or key)
        if limit and len(value.strip()) > limit:
            self.problem(key, "value_too_long", key=key, length=len(value.strip()), limit=limit)
            return None
        return value

    def kind(self) -> str | None:
        value = self.text("kind")
        if value is None:
            return None
        for kind, aliases in KINDS.items():
            if value == kind or value in aliases:
                return kind
        self.problem("kind", "kind_unknown", value=value, kinds=", ".join(KINDS))
        return None

    def year(self, folder_year: int) -> int | None:
        fld = self.src.fields.get("year")
        value = self.value("year")
        if value is None or fld is None:
            return None
        if isinstance(value, int) and not re.fullmatch(r"[0-9]{4}", str(fld.node.value)):
            value = str(fld.node.value)  # 0x7e9 or 2_025: YAML 1.1 numbers nobody means as a year
        if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
            self.problem("year", "year_quoted", value=value, suggestion=value.strip())
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*年?\s*", value):
            self.problem("year", "type_year", value=value, suggestion=re.sub(r"\D", "", value))
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1990 <= value <= 2100:
            self.problem("year", "type_year", value=value, suggestion=folder_year)
            return None
        if value != folder_year:
            self.problem("year", "year_folder_mismatch", year=value, folder=folder_year)
            return None
        return value

    def unit(self):
        key = self.text("unit")
        if key is None:
            return None
        if key in self.site.units:
            return self.site.units[key]
        by_name = next((u for u in self.site.units.values() if key in (u.name, u.short)), None)
        if by_name:
            self.problem("unit", "unit_by_name", value=key, suggestion=by_name.key)
        else:
            self.problem("unit", "unit_unknown", value=key, units=", ".join(sorted(self.site.units)))
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
                self.problem(key, "date_impossible", value=value)
                return None
            self.problem(key, "date_format", value=value, suggestion=suggestion)
        elif fld is not None:
            self.problem(key, "date_format_unknown", value=value)
        return None

    def keywords(self) -> list[str]:
        fld = self.src.fields.get("keywords")
        if fld is None:
            return []
        node = fld.node
        if isinstance(node, yaml.ScalarNode):
            words = re.split(r"[\s,，、;；]+", node.value)
        elif isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
            words = [n.value for n in node.value]
        else:
            self.problem("keywords", "type_list", key="keywords")
            return []
        words = [w.strip() for w in words if w.strip()]
        if len(words) > MAX_KEYWORDS:
            self.problem("keywords", "value_too_long", key="keywords", length=len(words), limit=MAX_KEYWORDS)
            return []
        checked = [self.checked_text("keywords", w, "keyword") for w in words]
        return [w for w in checked if w is not None] if None not in checked else []

    def related(self) -> list[str]:
        fld = self.src.fields.get("related")
        if fld is None:
            return []
        node = fld.node
        if isinstance(node, yaml.ScalarNode):
            value = [node.value]
        elif isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
            value = [n.value for n in node.value]
        else:
            self.problem("related", "type_list", key="related")
            return []
        return [v.strip().removeprefix("reports/").removesuffix(".md").strip("/") for v in value]

    def check_placeholders(self) -> None:
        for number, line in enumerate(self.src.text.split("\n"), start=1):
            m = PLACEHOLDER.search(line)
            if m:
                text = m.group() if len(m.group()) <= 32 else m.group()[:30] + "…】"
                self.src.problem(number, "", "placeholder_left", text=text)

    def check_body(self) -> None:
        src = self.src
        self.check_placeholders()
        if not INVISIBLE.sub("", src.body):
            src.problem(src.body_line - 1, "", "body_empty")
            return
        for offset, line in enumerate(src.body.split("\n")):
            m = CONTROL.search(line)
            if m:
                src.problem(src.body_line + offset, "", "control_char_body", char=f"U+{ord(m.group()):04X}")


    def suggest_slug(self, name: str, folder: str) -> str:
        """A URL-safe name: the typed one made safe, or <unit>-<year>-<kind> when it has no letters."""
        safe = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        if re.search(r"[a-z]", safe):
            return safe
        unit = self.text_quietly("unit") or "unit"
        kind = "report" if (self.text_quietly("kind") or "") in ("annual-report", *KINDS["annual-report"]) else "notice"
        return f"{unit}-{folder}-{kind}" if re.fullmatch(r"[a-z0-9-]+", unit) else f"unit-{folder}-{kind}"

    def text_quietly(self, key: str) -> str | None:
        """A field's text for a suggestion, without reporting problems of its own."""
        fld = self.src.fields.get(key)
        return str(fld.node.value) if fld is not None and isinstance(fld.node, yaml.ScalarNode) else None
