"""`import`: turn a text, Word, WPS, PDF, image or saved web page file into a valid document
under reports/<year>/."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gongkai.content import drafts
from gongkai.content.config import load_site
from gongkai.content.fields import FIELD_ORDER
from gongkai.content.model import DEFAULT_LANG, KINDS, Site
from gongkai.content.sections import BY_ID
from gongkai.content.source import read_source
from gongkai.importing.convert import Hints, Imported, Origin, convert, read_lines
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


@dataclass
class Outcome:
    """What importing one file gave: the document written, or what the editor must do."""

    messages: list[str] = field(default_factory=list)  # everything to print, in order
    written: str = ""  # the document written, as shown to the editor
    attention: list[str] = field(default_factory=list)  # one line each: what needs doing
    missing: list[str] = field(default_factory=list)  # required fields to give as options
    code: int = 1  # the exit status: 0 written, 1 needs the editor, 2 not a file import can read

    def stop(self, message: str, code: int = 1) -> Outcome:
        """Nothing written, for the reason `message` gives."""
        self.messages.append(message)
        self.attention.append(message)
        self.code = code
        return self


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
    if args.file.is_dir():
        if args.slug or args.output or args.title:
            print(t(lang, "import_folder_options"))
            return 2
        return import_folder(args.file, site, hints, lang)
    if not args.file.is_file():
        print(t(lang, "import_file_missing", path=args.file))
        return 2
    outcome = import_file(args.file, site, hints, lang, args.slug, args.output)
    print("\n".join(outcome.messages))
    return outcome.code


def import_file(source: Path, site: Site, hints: Hints, lang: str, slug: str | None = None,
                output: Path | None = None) -> Outcome:
    """Import one file; nothing is written unless the document would pass `check`."""
    outcome = Outcome()
    say = outcome.messages.append
    try:
        reading = read_lines(source, lambda page, pages: print(
            t(lang, "import_ocr_page", page=page, pages=pages), file=sys.stderr, flush=True))
    except MissingProgram as exc:
        return outcome.stop(t(lang, "import_missing_program", program=exc.program, package=exc.package,
                              suffix=source.suffix.lower()), 2)
    except ValueError:
        return outcome.stop(t(lang, "import_unsupported", suffix=source.suffix or source.name), 2)
    except Unreadable as exc:
        return outcome.stop(t(lang, f"import_unreadable_{exc.reason}", path=source), 2)
    except (OSError, UnicodeDecodeError) as exc:
        return outcome.stop(t(lang, "import_unreadable", path=source, detail=exc), 2)
    for key, params in reading.notes:  # said first: it holds whatever comes next (OCR to proofread)
        say(t(lang, key, **params))
        outcome.attention.append(outcome.messages[-1])
    result = convert(reading.lines, site, hints, reading.markdown)
    if result.missing:
        for key in result.missing:
            no_title = key == "year" and "title" in result.missing  # the year is read from the title
            say(t(lang, "import_missing_title_year" if no_title else MISSING_KEYS[key],
                  units=", ".join(sorted(site.units)), title=result.fields.get("title", "")))
        say(t(lang, "import_nothing_written"))
        outcome.missing = result.missing
        return outcome
    path = output_path(site, result, slug, output)
    # the path as typed (not resolved): a --slug holding ../ is then refused as `new` refuses it
    rel_path = (_rel_path(site, path, int(result.fields["year"])) if output
                else path.relative_to(site.root).as_posix())
    text = drafts.render(result.fields, result.body)
    problems = drafts.check_draft(site, text, rel_path, [DEFAULT_LANG])
    if problems:
        say(t(lang, "draft_invalid"))
        outcome.messages += [problem.format(lang) for problem in problems]
        say(t(lang, "import_nothing_written"))
        outcome.attention += [problem.texts(lang)[0] for problem in problems]
        return outcome
    if path.exists():
        return outcome.stop(t(lang, "import_exists", path=_shown(site, path), slug=free_slug(path)))
    twin = None if slug or output else same_title(site, int(result.fields["year"]), str(result.fields["title"]))
    if twin:
        return outcome.stop(t(lang, "import_same_title", path=twin, title=result.fields["title"]))
    if not drafts.write_new(path, text):
        return outcome.stop(t(lang, "import_exists", path=_shown(site, path), slug=free_slug(path)))
    outcome.written, outcome.code = _shown(site, path), 0
    say(t(lang, "import_written", path=outcome.written))
    outcome.messages += report(result, lang)
    outcome.attention += [note_text(key, params, lang) for key, params in result.notes
                          if key != "import_note_chrome"]
    return outcome


def same_title(site: Site, year: int, title: str) -> str | None:
    """A document of that year already carrying `title` (the same file saved twice in an
    archive, or imported before), as shown to the editor."""
    for path in sorted((site.reports_dir / str(year)).glob("*.md")):
        fld = read_source(path.read_bytes(), path.name).fields.get("title")
        if fld is not None and isinstance(fld.node, yaml.ScalarNode) and fld.node.value.strip() == title:
            return _shown(site, path)
    return None


def free_slug(path: Path) -> str:
    """The first name beside `path` not taken yet: hewan-2024-report-2."""
    n = 2
    while path.with_name(f"{path.stem}-{n}.md").exists():
        n += 1
    return f"{path.stem}-{n}"


def import_folder(folder: Path, site: Site, hints: Hints, lang: str) -> int:
    """Every file under `folder` (hidden ones aside), one after the other; a file that fails
    never stops the others. Ends with a table: file -> document written, or what to do."""
    files = sorted(p for p in folder.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    rows: list[tuple[str, Outcome]] = []
    for number, source in enumerate(files, start=1):
        name = source.relative_to(folder).as_posix()
        print(t(lang, "import_progress", number=number, files=len(files), file=name), flush=True)
        try:
            outcome = import_file(source, site, hints, lang)
        except Exception as exc:  # noqa: BLE001 -- one broken file must not stop an archive
            outcome = Outcome(attention=[t(lang, "import_failed", detail=f"{type(exc).__name__}: {exc}")])
        rows.append((name, outcome))
    written = sum(1 for _, o in rows if o.written)
    print(t(lang, "import_table_heading", folder=folder, files=len(rows), written=written,
            attention=sum(1 for _, o in rows if not o.written)))
    for name, outcome in rows:
        print(t(lang, "import_table_row", file=name, result=outcome.written or t(lang, "import_table_not_written")))
        if outcome.missing:
            names = t(lang, "list_separator").join(t(lang, f"import_name_{k}") for k in outcome.missing)
            print(t(lang, "import_table_missing", fields=names,
                    command=rerun_command(folder / name, outcome.missing, lang)))
        for line in outcome.attention:
            print(t(lang, "import_table_attention", text=line))
    if written:
        print(t(lang, "import_table_next"))
    return 0 if written == len(rows) else 1


def rerun_command(source: Path, missing: list[str], lang: str) -> str:
    options = " ".join(t(lang, f"import_option_{key}") for key in missing)
    shown = f'"{source}"' if any(c.isspace() for c in str(source)) else str(source)
    return f"python -m gongkai import {shown} {options}"


def output_path(site: Site, result: Imported, slug: str | None, output: Path | None) -> Path:
    if output:
        return output if output.is_absolute() else Path.cwd() / output
    fields = result.fields
    year = int(fields["year"])
    slug = slug or drafts.default_slug(site, str(fields["unit"]), year, str(fields["kind"]))
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


def report(result: Imported, lang: str) -> list[str]:
    """What was detected and from where, then what an editor should look at."""
    lines = []
    for key in FIELD_ORDER:
        if key not in result.fields:
            continue
        value = result.fields[key]
        if key == "keywords":
            value = "、".join(map(str, value))
        lines.append(t(lang, "import_field", name=t(lang, f"import_name_{key}"), field=key, value=value,
                       source=origin_text(result.sources[key], lang)))
    return lines + [note_text(key, params, lang) for key, params in result.notes]


def note_text(key: str, params: dict[str, Any], lang: str) -> str:
    if key == "import_note_section":
        params = {"heading": BY_ID[params["section"]].heading(lang)}
    return t(lang, key, **params)


def origin_text(origin: Origin, lang: str) -> str:
    """页面“发布时间：”第3行, 页面第2行, 文末落款 …"""
    if origin.how == "page":
        key = "import_source_page" if origin.label else "import_source_page_line"
        return t(lang, key, label=origin.label, line=origin.line)
    return t(lang, f"import_source_{origin.how}")
