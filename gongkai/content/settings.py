"""gongkai.yml and units.yml, declared once: every key, the shape of its value, its default.

content/config.py reads both files against these declarations; schema/site.schema.json and
schema/units.schema.json say the same to editors' tools (tests/test_schema.py compares them).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

NO_TEXTS: Mapping[str, str] = MappingProxyType({})


class Shape(enum.Enum):
    TEXT = "text"  # one line of text, taken exactly as typed (0012 stays 0012)
    LANG_TEXTS = "lang_texts"  # a text (Chinese), or a text per language: {zh: …, en: …}
    LANG_MAP = "lang_map"  # a text per language only: {en: …}
    MONTH_DAY = "month_day"  # "MM-DD", a day that exists in every year
    URL = "url"  # http(s)://…, or "" for none
    BRANCH = "branch"  # a git branch name
    INDEX_PATTERN = "index_pattern"  # text with the placeholders {code} {year} {serial}
    UNIT_TYPE = "unit_type"  # one of model.UNIT_TYPES
    CMS_BACKEND = "cms_backend"  # one of model.CMS_BACKENDS, or "" (derived from repo_url)


@dataclass(frozen=True)
class Setting:
    key: str  # as written in the file
    shape: Shape
    default: str | Mapping[str, str] | None = None  # None: required
    attr: str = ""  # the Site or Unit attribute it fills, when not named like the key
    example: str = ""  # a well-formed value, shown when the value is not
    chinese: tuple[str, ...] = ()  # what an editor may type instead of the key

    @property
    def required(self) -> bool:
        return self.default is None

    @property
    def target(self) -> str:
        return self.attr or self.key

    def default_value(self) -> str | dict[str, str]:
        """What an absent optional setting stands for (a fresh dict for texts per language)."""
        assert self.default is not None, f"{self.key} is required"
        return dict(self.default) if isinstance(self.default, Mapping) else self.default


SITE_SETTINGS: tuple[Setting, ...] = (
    Setting("site_name", Shape.LANG_TEXTS, attr="name", chinese=("网站名称", "站点名称")),
    Setting("site_id_code", Shape.TEXT, "", chinese=("网站标识码",)),
    Setting("icp", Shape.TEXT, "", chinese=("ICP备案号", "备案号")),
    Setting("police", Shape.TEXT, "", chinese=("公网安备号", "公安备案号")),
    Setting("sponsor", Shape.LANG_TEXTS, NO_TEXTS, chinese=("主办单位",)),
    Setting("repo_url", Shape.URL, "", example="https://github.com/chengling-county/gongkai-site"),
    Setting("edit_branch", Shape.BRANCH, "main", example="main"),
    Setting("report_deadline", Shape.MONTH_DAY, "04-01", example='"04-01"', chinese=("公开期限",)),
    Setting("index_no_pattern", Shape.INDEX_PATTERN, "{code}/{year}-{serial}",
            example='"{code}/{year}-{serial}"'),
    # the web editor at /admin/ (gongkai/cms): its git host and login; "" derives from repo_url
    Setting("cms_backend", Shape.CMS_BACKEND, "", example="github"),
    Setting("cms_repo", Shape.TEXT, "", example="chengling-county/gongkai-site"),
    Setting("cms_branch", Shape.BRANCH, "", example="main"),
    Setting("cms_auth_url", Shape.URL, "", example="https://cms-auth.example.gov.cn"),
    Setting("cms_app_id", Shape.TEXT, ""),
)

UNITS_KEY = "units"  # units.yml holds one mapping: unit key -> its settings
UNIT_KEY_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"  # part of the unit page's URL
UNIT_SETTINGS: tuple[Setting, ...] = (
    Setting("name", Shape.TEXT, chinese=("全称", "名称", "单位名称")),
    Setting("short", Shape.TEXT, chinese=("简称",)),
    Setting("code", Shape.TEXT, chinese=("代码", "统一社会信用代码", "组织机构代码")),
    Setting("type", Shape.UNIT_TYPE, chinese=("类型",)),
    Setting("names", Shape.LANG_MAP, NO_TEXTS),
    Setting("shorts", Shape.LANG_MAP, NO_TEXTS),
)
