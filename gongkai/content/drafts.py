"""What `new` and `import` share: default names, front matter, validation before writing.

A draft is checked with the same validator as `check` before it is written, so an editor
never gets a file from us that `check` then rejects.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import yaml

from gongkai.content.bodyrules import PLACEHOLDER_CODES
from gongkai.content.corpus import body_problems, load_corpus
from gongkai.content.fields import FIELD_ORDER
from gongkai.content.model import DEFAULT_LANG, KINDS, Document, Site, Unit, kind_of
from gongkai.content.source import read_source
from gongkai.content.validate import read_document
from gongkai.locales import t
from gongkai.problems import ERROR, Problem


def kind_arg(value: str) -> str:
    """argparse type for --kind."""
    kind = kind_of(value)
    if kind is None:
        kinds = " | ".join(name for k in KINDS.values() for name in (k.key, *k.aliases))
        raise argparse.ArgumentTypeError(f"unknown kind '{value}' ({kinds})")
    return kind


def default_slug(site: Site, unit_key: str, year: int, kind: str) -> str:
    """"<unit>-<year>-report" for the one annual report, numbered names for the rest."""
    stem = f"{unit_key}-{year}-{KINDS[kind].slug_stem}"
    if kind == "annual-report":
        return stem
    folder = site.reports_dir / str(year)
    n = 1
    while (folder / f"{stem}-{n}.md").exists():
        n += 1
    return f"{stem}-{n}"


def unit_label(unit: Unit, lang: str = DEFAULT_LANG) -> str:
    """How a title names the unit: towns by short name, departments by full name."""
    return unit.display_short(lang) if unit.type == "town" else unit.display_name(lang)


def default_title(unit: Unit, year: int, kind: str, lang: str = DEFAULT_LANG) -> str:
    label = unit_label(unit, lang)
    if lang == DEFAULT_LANG:
        return {
            "annual-report": f"{label}{year}年法治政府建设年度报告",
            "announcement": f"{label}关于{year}年度法治政府建设工作的公告",
            "interpretation": f"《{label}{year}年法治政府建设年度报告》解读",
        }[kind]
    return {
        "annual-report": f"{label}: Annual Report on Building a Rule-of-Law Government, {year}",
        "announcement": f"{label}: Announcement on Rule-of-Law Government Work in {year}",
        "interpretation": f"{label}: Interpretation of the {year} Rule-of-Law Government Annual Report",
    }[kind]


def format_date(date: dt.date, lang: str = DEFAULT_LANG) -> str:
    """The date as a signature shows it: 2025年2月10日 (no leading zeros, GB/T 9704)."""
    return t(lang, "date_format", year=date.year, month=date.month, day=date.day, iso=date.isoformat())


def signature(unit: Unit, date: dt.date, lang: str = DEFAULT_LANG) -> str:
    """Issuing body above the date, as on paper; two lines of one Markdown paragraph."""
    return f"{unit.display_name(lang)}\n{format_date(date, lang)}"


def yaml_value(value: object) -> str:
    """One value in YAML flow style, quoted only where YAML needs it."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def render(fields: dict[str, object], body: str) -> str:
    lines = ["---"]
    for key in FIELD_ORDER:
        value = fields.get(key)
        if value in (None, "", []):
            continue
        lines.append(f"{key}: {yaml_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body.strip("\n") + "\n"


def check_draft(site: Site, text: str, rel_path: str, languages: list[str]) -> list[Problem]:
    """Errors `check` would report once this file is written: its own (the body rendered
    and refused as `check` does: an imported page may hold markup), and an index number
    (索引号) it would share with a document already there."""
    src = read_source(text.encode("utf-8"), rel_path)
    doc = read_document(src, site, languages) if src.has_front_matter else None
    if doc is not None:
        src.problems += body_problems(doc.rel_path, doc.body, doc.body_line, None)
    # the 【请填写…】 placeholders are there on purpose: check refuses them until filled in
    problems = [p for p in src.problems if p.severity == ERROR and p.code not in PLACEHOLDER_CODES]
    if isinstance(doc, Document):
        others = [d.rel_path for d in load_corpus(site, languages).documents
                  if d.index_no == doc.index_no and d.rel_path != rel_path]
        if others:
            problems.append(Problem(rel_path, 1, "index_no", "index_no_duplicate",
                                    {"index_no": doc.index_no, "others": ", ".join(others)}))
    return problems


def write_new(path: Path, text: str) -> bool:
    """Write `text` to a file that must not exist yet; False when it does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        return False
    return True
