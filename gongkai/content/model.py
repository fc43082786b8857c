"""The content model: publishing units, site identity and documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LANG = "zh"

# kind value -> Chinese aliases editors may type instead
KINDS: dict[str, tuple[str, ...]] = {
    "annual-report": ("年度报告", "法治政府建设年度报告"),
    "announcement": ("公告", "通知", "公告/通知"),
    "interpretation": ("政策解读", "解读"),
}
UNIT_TYPES = ("town", "department")


@dataclass(frozen=True)
class Unit:
    """A publishing unit (发布机构): a town government or a county department."""

    key: str
    name: str  # full name, e.g. 澄岭县松坪镇人民政府
    short: str  # short name, e.g. 松坪镇
    code: str  # organisation code or unified social credit code
    type: str  # "town" | "department"
    names: dict[str, str] = field(default_factory=dict)  # lang -> translated full name
    shorts: dict[str, str] = field(default_factory=dict)  # lang -> translated short name

    def display_name(self, lang: str) -> str:
        return self.names.get(lang, self.name)

    def display_short(self, lang: str) -> str:
        return self.shorts.get(lang, self.short)


@dataclass(frozen=True)
class Site:
    """Site identity and settings from gongkai.yml and units.yml."""

    root: Path  # repository root
    name: dict[str, str]  # lang -> site name
    site_id_code: str = ""  # 网站标识码
    icp: str = ""  # ICP备案号
    police: str = ""  # 公网安备号
    sponsor: dict[str, str] = field(default_factory=dict)  # lang -> 主办单位
    repo_url: str = ""
    edit_branch: str = "main"
    report_deadline: str = "04-01"  # MM-DD of the year after the reported year
    index_no_pattern: str = "{code}/{year}-{serial}"
    units: dict[str, Unit] = field(default_factory=dict)

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    def site_name(self, lang: str) -> str:
        return self.name.get(lang) or self.name[DEFAULT_LANG]

    def sponsor_name(self, lang: str) -> str:
        return self.sponsor.get(lang) or self.sponsor.get(DEFAULT_LANG, "")

    def edit_url(self, rel_path: str) -> str:
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/edit/{self.edit_branch}/{rel_path}"

    def deadline(self, year: int) -> dt.date:
        """Last day a report on `year` counts as on time (exclusive bound)."""
        month, day = (int(p) for p in self.report_deadline.split("-"))
        return dt.date(year + 1, month, day)


@dataclass
class Document:
    """One validated source file under reports/<year>/."""

    path: Path  # absolute source path
    rel_path: str  # path relative to the repository root, e.g. reports/2024/x.md
    doc_id: str  # "<year>/<slug>", shared by a document and its translations
    lang: str
    title: str
    kind: str
    year: int
    unit: Unit
    published: dt.date
    written: dt.date | None
    doc_no: str
    index_no: str
    category: str
    keywords: list[str]
    summary: str
    related: list[str]
    body: str
    body_line: int  # line of the first body line in the source file
    field_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> its line
    translations: dict[str, Document] = field(default_factory=dict)  # on the original only

    @property
    def slug(self) -> str:
        return self.doc_id.split("/", 1)[1]

    @property
    def is_translation(self) -> bool:
        return self.lang != DEFAULT_LANG

    def url_path(self) -> str:
        """Path of the page below the language root, e.g. 2024/x/."""
        return f"{self.doc_id}/"
