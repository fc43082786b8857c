"""`import`: turn a text, Word, WPS, PDF, image or saved web page file into a valid document
under reports/<year>/."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from gongkai.content import drafts
from gongkai.content.config import load_site
from gongkai.content.model import DEFAULT_LANG, KINDS, Site
from gongkai.content.sections import BY_ID
from gongkai.importing.convert import Hints, Imported, convert, read_lines
from gongkai.importing.programs import MissingProgram
from gongkai.importing.reading import Unreadable
from gongkai.locales import t

MISSING_KEYS = {"title": "import_missing_title", "year": "import_missing_year",
                "unit": "import_missing_unit", "published": "import_missing_published"}


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("file", type=Path, metavar=t(lang, "cli_import_file_name"), help=t(lang, "cli_import_file"))
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
    if not args.file.is_file():
        print(t(lang, "import_file_missing", path=args.file))
        return 2
    try:
        reading = read_lines(args.file, lambda page, pages: print(
            t(lang, "import_ocr_page", page=page, pages=pages), file=sys.stderr, flush=True))
    except MissingProgram as exc:
        print(t(lang, "import_missing_program", program=exc.program, package=exc.package,
                suffix=args.file.suffix.lower()))
        return 2
    except ValueError:
        print(t(lang, "import_unsupported", suffix=args.file.suffix or args.file.name))
        return 2
    except Unreadable as exc:
        print(t(lang, f"import_unreadable_{exc.reason}", path=args.file))
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(t(lang, "import_unreadable", path=args.file, detail=exc))
        return 2
    for key, params in reading.notes:  # said first: it holds whatever comes next
        print(t(lang, key, **params))
    result = convert(reading.lines, site, hints, reading.markdown)
    if result.missing:
        for key in result.missing:
            no_title = key == "year" and "title" in result.missing  # the year is read from the title
            print(t(lang, "import_missing_title_year" if no_title else MISSING_KEYS[key],
                    units=", ".join(sorted(site.units)), title=result.fields.get("title", "")))
        print(t(lang, "import_nothing_written"))
        return 1
    path = output_path(site, result, args)
    # the path as typed (not resolved): a --slug holding ../ is then refused as `new` refuses it
    rel_path = (_rel_path(site, path, int(result.fields["year"])) if args.output
                else path.relative_to(site.root).as_posix())
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
        output: Path = args.output
        return output if output.is_absolute() else Path.cwd() / output
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
    for key, value in result.fields.items():
        if key == "keywords":
            value = "、".join(map(str, value))
        source = t(lang, f"import_source_{result.sources[key]}")
        print(t(lang, "import_field", field=key, value=value, source=source))
    for key, params in result.notes:
        if key == "import_note_section":
            params = {"heading": BY_ID[params["section"]].heading(lang)}
        print(t(lang, key, **params))
