"""`import`: turn a .txt, .md or .docx file into a valid document under reports/<year>/."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from gongkai.content import drafts
from gongkai.content.config import load_site
from gongkai.content.fields import FIELD_ORDER
from gongkai.content.model import DEFAULT_LANG, KINDS, Site
from gongkai.content.sections import BY_ID
from gongkai.importing.convert import Hints, Imported, Origin, convert, read_lines
from gongkai.locales import t

MISSING_KEYS = {"title": "import_missing_title", "year": "import_missing_year",
                "unit": "import_missing_unit", "published": "import_missing_published"}


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("file", type=Path, help=t(lang, "cli_import_file"))
    parser.add_argument("--unit", help=t(lang, "cli_import_unit"))
    parser.add_argument("--year", type=int, help=t(lang, "cli_import_year"))
    parser.add_argument("--kind", type=drafts.kind_arg, help=t(lang, "cli_import_kind", kinds=" | ".join(KINDS)))
    parser.add_argument("--published", help=t(lang, "cli_import_published"))
    parser.add_argument("--title", help=t(lang, "cli_import_title"))
    parser.add_argument("--slug", help=t(lang, "cli_slug"))
    parser.add_argument("--output", type=Path, help=t(lang, "cli_import_output"))


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    site = load_site(args.root)
    hints = Hints(year=args.year, kind=args.kind, title=args.title)
    if args.unit:
        hints.unit = site.units.get(args.unit)
        if hints.unit is None:
            print(t(lang, "draft_unit_unknown", unit=args.unit, units=", ".join(sorted(site.units))))
            return 2
    if args.published:
        try:
            hints.published = dt.date.fromisoformat(args.published)
        except ValueError:
            print(t(lang, "draft_date_invalid", value=args.published))
            return 2
    try:
        lines, markdown = read_lines(args.file)
    except ValueError:
        print(t(lang, "import_unsupported", suffix=args.file.suffix or args.file.name))
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(t(lang, "import_unreadable", path=args.file, detail=exc))
        return 2
    result = convert(lines, site, hints, markdown)
    if result.missing:
        for key in result.missing:
            print(t(lang, MISSING_KEYS[key], units=", ".join(sorted(site.units))))
        print(t(lang, "import_nothing_written"))
        return 1
    path = output_path(site, result, args)
    rel_path = _rel_path(site, path, int(result.fields["year"]))
    text = drafts.render(result.fields, result.body)
    problems = drafts.check_draft(site, text, rel_path, [DEFAULT_LANG])
    if problems:
        print(t(lang, "draft_invalid"))
        for problem in problems:
            print(problem.format(lang))
        print(t(lang, "import_nothing_written"))
        return 1
    if not drafts.write_new(path, text):
        print(t(lang, "draft_exists", path=_shown(site, path)))
        return 1
    print(t(lang, "import_written", path=_shown(site, path)))
    report(result, lang)
    return 0


def output_path(site: Site, result: Imported, args: argparse.Namespace) -> Path:
    if args.output:
        return args.output if args.output.is_absolute() else Path.cwd() / args.output
    fields = result.fields
    year = int(fields["year"])
    slug = args.slug or drafts.default_slug(site, str(fields["unit"]), year, str(fields["kind"]))
    return site.reports_dir / str(year) / f"{slug}.md"


def _rel_path(site: Site, path: Path, year: int) -> str:
    """Where `check` would see the file; a file written outside the repository is checked
    as if it were in its year folder."""
    try:
        return path.resolve().relative_to(site.root).as_posix()
    except ValueError:
        return f"reports/{year}/{path.stem}.md"


def _shown(site: Site, path: Path) -> str:
    try:
        return path.resolve().relative_to(site.root).as_posix()
    except ValueError:
        return str(path)


def report(result: Imported, lang: str) -> None:
    """What was detected and from where, then what an editor should look at."""
    for key in FIELD_ORDER:
        if key not in result.fields:
            continue
        value = result.fields[key]
        if key == "keywords":
            value = "、".join(map(str, value))
        print(t(lang, "import_field", name=t(lang, f"import_name_{key}"), field=key, value=value,
                source=origin_text(result.sources[key], lang)))
    for key, params in result.notes:
        if key == "import_note_section":
            params = {"heading": BY_ID[params["section"]].heading(lang)}
        print(t(lang, key, **params))


def origin_text(origin: Origin, lang: str) -> str:
    """页面“发布时间：”第3行, 页面第2行, 文末落款 …"""
    if origin.how == "page":
        key = "import_source_page" if origin.label else "import_source_page_line"
        return t(lang, key, label=origin.label, line=origin.line)
    return t(lang, f"import_source_{origin.how}")
