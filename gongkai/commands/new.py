"""`new`: scaffold a document with valid front matter and, for a report, its mandated sections."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import yaml

from gongkai.content import drafts
from gongkai.content.config import load_site
from gongkai.content.model import DEFAULT_LANG, KINDS, Unit
from gongkai.content.sections import CN_DIGITS, SECTIONS
from gongkai.content.source import construct, read_source
from gongkai.locales import t

# placeholders are marked 【…】 / […] so that an editor (and later a check) can find them
INTRO = {
    "zh": "【请填写：开头一段，概述本年度推进法治政府建设的总体情况。】",
    "en": "[To fill in: an opening paragraph on the year's work as a whole.]",
}
PLAIN_BODY = {
    "zh": "【请填写正文。】",
    "en": "[To fill in: the text.]",
}
SUMMARY = {
    "zh": "【请填写：用一两句话概括本文件内容，120字以内。】",
    "en": "[To fill in: one or two sentences on what this document says.]",
}
KEYWORDS = {
    "zh": {"annual-report": ["法治政府", "年度报告"], "announcement": ["法治政府", "公告"],
           "interpretation": ["法治政府", "政策解读"]},
    "en": {"annual-report": ["rule of law", "annual report"], "announcement": ["rule of law"],
           "interpretation": ["rule of law", "policy interpretation"]},
}


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--unit", required=True, help=t(lang, "cli_new_unit"))
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1, help=t(lang, "cli_new_year"))
    parser.add_argument("--kind", type=drafts.kind_arg, default="annual-report",
                        help=t(lang, "cli_new_kind", kinds=" | ".join(KINDS)))
    parser.add_argument("--slug", help=t(lang, "cli_slug"))
    parser.add_argument("--title", help=t(lang, "cli_new_title"))
    parser.add_argument("--published", help=t(lang, "cli_new_published"))
    parser.add_argument("--doc-lang", default=DEFAULT_LANG, help=t(lang, "cli_new_doc_lang"))


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    site = load_site(args.root)
    unit = site.units.get(args.unit)
    if unit is None:
        print(t(lang, "draft_unit_unknown", unit=args.unit, units=", ".join(sorted(site.units))))
        return 2
    slug = args.slug or drafts.default_slug(site, unit.key, args.year, args.kind)
    original = f"reports/{args.year}/{slug}.md"
    doc_lang = args.doc_lang
    translation = doc_lang != DEFAULT_LANG
    if translation and not (site.root / original).exists():
        print(t(lang, "new_original_missing", path=original))
        return 2
    try:
        published = published_date(args, site.root / original if translation else None)
    except ValueError:
        print(t(lang, "draft_date_invalid", value=args.published))
        return 2
    if KINDS[args.kind].about_finished_year and published <= dt.date(args.year, 12, 31):
        print(t(lang, "new_year_open", year=args.year, next_year=args.year + 1, published=published))
        return 2
    rel_path = original.replace(".md", f".{doc_lang}.md") if translation else original
    title = args.title or drafts.default_title(unit, args.year, args.kind, doc_lang)
    text = drafts.render(front_matter(unit, args, title, published, doc_lang),
                         body(unit, args.kind, published, doc_lang))
    problems = drafts.check_draft(site, text, rel_path, [DEFAULT_LANG, doc_lang])
    if problems:
        print(t(lang, "draft_invalid"))
        for problem in problems:
            print(problem.format(lang))
        return 1
    if not drafts.write_new(site.root / rel_path, text):
        print(t(lang, "draft_exists", path=rel_path))
        return 1
    print(t(lang, "new_written", path=rel_path))
    return 0


def published_date(args: argparse.Namespace, original: Path | None) -> dt.date:
    """--published, else the original's date for a translation, else today."""
    if args.published:
        return dt.date.fromisoformat(args.published)
    if original is not None:
        src = read_source(original.read_bytes(), original.name)
        fld = src.fields.get("published")
        try:
            value = construct(fld.node) if fld else None
        except (ValueError, yaml.YAMLError):
            value = None  # `check` reports the original's bad date; the draft uses today
        if isinstance(value, dt.date):
            return value
    return dt.date.today()


def front_matter(unit: Unit, args: argparse.Namespace, title: str, published: dt.date,
                 doc_lang: str) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": title,
        "keywords": KEYWORDS.get(doc_lang, KEYWORDS["en"])[args.kind],
        "summary": SUMMARY.get(doc_lang, SUMMARY["en"]),
    }
    if doc_lang == DEFAULT_LANG:  # a translation takes everything else from its original
        fields |= {"kind": args.kind, "year": args.year, "unit": unit.key, "published": published}
    return fields


def body(unit: Unit, kind: str, published: dt.date, lang: str) -> str:
    """Placeholder body; an annual report gets the mandated sections as its headings."""
    return "\n\n".join([*skeleton(kind, lang), drafts.signature(unit, published, lang)])


def skeleton(kind: str, lang: str) -> list[str]:
    """The blocks of a placeholder body before its signature (the web editor's starting body too)."""
    text_lang = lang if lang in INTRO else "en"
    if kind != "annual-report":
        return [PLAIN_BODY[text_lang]]
    parts = [INTRO[text_lang]]
    for section in SECTIONS:
        number = f"{CN_DIGITS[section.number - 1]}、" if lang == DEFAULT_LANG else f"{section.number}. "
        parts += [f"## {number}{section.heading(lang)}", section.hint(lang)]
    return parts
