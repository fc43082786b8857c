"""The content model: publishing units, site identity and documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

DEFAULT_LANG = "zh"
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")  # the calendar deadlines and publication days are in


@dataclass(frozen=True)
class Kind:
    """A kind of document (文种), with every rule that depends on it."""

    key: str
    aliases: tuple[str, ...]  # what editors may type instead (年度报告, 公告 …)
    slug_stem: str  # <unit>-<year>-<stem>.md
    about_finished_year: bool  # published about a year that has ended: after 31 December
    has_deadline: bool  # due by Site.deadline(year)
    schema_type: str  # schema.org type of its page


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("annual-report", ("年度报告", "法治政府建设年度报告"), "report", True, True, "Report"),
    Kind("announcement", ("公告", "通知", "公告/通知"), "announcement", False, False, "Article"),
    Kind("interpretation", ("政策解读", "解读"), "interpretation", True, False, "Article"),
)}
UNIT_TYPES = ("town", "department")
# git hosts the web editor (/admin/, gongkai/cms) can work with; Forgejo keeps Gitea's API
CMS_BACKENDS = ("github", "forgejo", "gitea")


def kind_of(value: str) -> str | None:
    """The kind key for a key or one of its Chinese aliases (年度报告, 公告, 解读…)."""
    value = value.strip()
    return next((k.key for k in KINDS.values() if value == k.key or value in k.aliases), None)


@dataclass(frozen=True)
class Unit:
    """A publishing unit (发布机构): a town government or a county department."""

    key: str
    name: str  # full name, e.g. 澄岭县松坪镇人民政府
    short: str  # short name, e.g. 松坪镇
    code: str  # organisation code or unified social credit code
    type: str  # "town" | "department"
    names: dict[str, str]  # lang -> translated full name
    shorts: dict[str, str]  # lang -> translated short name

    def display_name(self, lang: str) -> str:
        return self.names.get(lang, self.name)

    def display_short(self, lang: str) -> str:
        return self.shorts.get(lang, self.short)


@dataclass(frozen=True)
class Site:
    """Site identity and settings from gongkai.yml and units.yml (keys, shapes and defaults:
    content/settings.py)."""

    root: Path  # repository root
    name: dict[str, str]  # lang -> site name; has DEFAULT_LANG
    site_id_code: str  # 网站标识码
    icp: str  # ICP备案号
    police: str  # 公网安备号
    sponsor: dict[str, str]  # lang -> 主办单位
    repo_url: str
    edit_branch: str
    report_deadline: str  # MM-DD of the year after the reported year
    index_no_pattern: str  # placeholders {code} {year} {serial}
    # the web editor (gongkai/cms/settings.py): "" derives the value from repo_url/edit_branch
    cms_backend: str
    cms_repo: str  # owner/name
    cms_branch: str
    cms_auth_url: str  # GitHub: the OAuth proxy
    cms_app_id: str  # Forgejo/Gitea: client ID of the OAuth2 application (PKCE)
    units: dict[str, Unit]

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

    def correction_url(self, page_url: str = "") -> str:
        """The residents' correction form (.github/ISSUE_TEMPLATE/correction.yml), with the
        page's address filled in when given."""
        if not self.repo_url:
            return ""
        form = f"{self.repo_url.rstrip('/')}/issues/new?template=correction.yml"
        return f"{form}&url={quote(page_url, safe='')}" if page_url else form

    def deadline(self, year: int) -> dt.date:
        """Last day a report on `year` counts as on time (exclusive bound)."""
        month, day = (int(p) for p in self.report_deadline.split("-"))
        return dt.date(year + 1, month, day)


@dataclass
class Translation:
    """reports/<year>/<slug>.<lang>.md: what changes with the language, nothing else."""

    path: Path
    rel_path: str
    doc_id: str  # the original's id
    lang: str
    title: str
    category: str
    keywords: list[str]
    summary: str
    body: str
    body_line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    title_break: list[str] = field(default_factory=list)  # the title's lines, as the editor set them


@dataclass
class Document:
    """One validated original (Chinese) source file under reports/<year>/."""

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
    translations: dict[str, Translation] = field(default_factory=dict)
    title_break: list[str] = field(default_factory=list)  # the title's lines, as the editor set them

    def url_path(self) -> str:
        """Path of the page below the language root, e.g. 2024/x/."""
        return f"{self.doc_id}/"

    def version(self, lang: str) -> Version:
        """The document as read in `lang`: its translation there, or the original."""
        return Version(self, self.translations.get(lang))


@dataclass(frozen=True)
class Version:
    """A document in one language: the translation's texts where it has them, the original's
    otherwise (a translation may leave out its summary, keywords and category)."""

    doc: Document
    translation: Translation | None = None

    @property
    def lang(self) -> str:
        return self.translation.lang if self.translation else self.doc.lang

    @property
    def title(self) -> str:
        return self.translation.title if self.translation else self.doc.title

    @property
    def title_break(self) -> list[str]:
        """The title's lines as the editor set them (never the original's for a translation)."""
        return self.translation.title_break if self.translation else self.doc.title_break

    @property
    def summary(self) -> str:
        return (self.translation.summary if self.translation else "") or self.doc.summary

    @property
    def keywords(self) -> list[str]:
        return (self.translation.keywords if self.translation else []) or self.doc.keywords

    @property
    def category(self) -> str:
        return (self.translation.category if self.translation else "") or self.doc.category

    @property
    def source(self) -> Translation | Document:
        """The file this version is read from."""
        return self.translation or self.doc

    @property
    def body(self) -> str:
        return self.source.body

    @property
    def body_line(self) -> int:
        return self.source.body_line

    @property
    def rel_path(self) -> str:
        return self.source.rel_path
