"""`python -m gongkai <command>`: the commands editors and CI run.

Each command lives in a module of gongkai/commands/ with `add_arguments(parser, lang)` and
`run(args)`; register it in COMMANDS as name -> module. Its help strings are locale keys
`cli_<name>_*` so that `--help` is in the editor's language.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from gongkai.content.model import DEFAULT_LANG
from gongkai.locales import t
from gongkai.problems import ContentError, sort_key

COMMANDS: dict[str, str] = {"check": "check", "new": "new", "import": "importdoc"}
REPOSITORY_MARKS = ("gongkai.yml", "units.yml", "reports")  # none of them: not the site's folder


def message_lang(argv: list[str]) -> str:
    """The --lang given anywhere on the line (help is printed before parsing ends)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return DEFAULT_LANG


# argparse's own messages (Python 3.11-3.13), said in the editor's language
ARGPARSE_ERRORS = (
    (re.compile(r"argument (?:command|\{.*?\}): invalid choice: '?(?P<value>[^']*)'? \(choose from (?P<choices>.*)\)$"),
     "cli_error_command"),
    (re.compile(r"unrecognized arguments: (?P<value>.*)$"), "cli_error_unrecognized"),
    (re.compile(r"the following arguments are required: (?P<value>.*)$"), "cli_error_required"),
    (re.compile(r"argument (?P<option>\S+?)(?:/\S+)?: expected one argument$"), "cli_error_value_missing"),
    (re.compile(r"argument (?P<option>\S+?)(?:/\S+)?: invalid int value: '(?P<value>.*)'$"), "cli_error_number"),
    (re.compile(r"argument (?P<option>\S+): unknown kind '(?P<value>.*)' \((?P<choices>.*)\)$"), "cli_error_kind"),
    (re.compile(r"argument (?P<option>\S+?)(?:/\S+)?: (?P<value>.*)$"), "cli_error_argument"),
)


class Parser(argparse.ArgumentParser):
    """argparse in the editor's language: headings, --help and errors (an error says how to
    get the command's help instead of printing its usage)."""

    def __init__(self, *args: Any, lang: str = DEFAULT_LANG, help_option: bool = True, **kwargs: Any):
        parents = kwargs.pop("parents", [])
        kwargs = {"add_help": False, "allow_abbrev": False,
                  "formatter_class": argparse.RawDescriptionHelpFormatter, **kwargs}
        super().__init__(*args, **kwargs)
        self.lang = lang
        self._positionals.title = t(lang, "cli_positionals")
        self._optionals.title = t(lang, "cli_optionals")
        if help_option:
            self.add_argument("-h", "--help", action="help", help=t(lang, "cli_help_help"))
        for parent in parents:  # after the titles: argparse merges a parent's groups by title
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def format_usage(self) -> str:
        return _localised_usage(super().format_usage(), self.lang)

    def format_help(self) -> str:
        return _localised_usage(super().format_help(), self.lang)

    def error(self, message: str) -> NoReturn:
        for pattern, key in ARGPARSE_ERRORS:
            m = pattern.match(message)
            if m:
                message = t(self.lang, key, **m.groupdict())
                break
        self.exit(2, t(self.lang, "cli_error", prog=self.prog, detail=message) + "\n")


def _localised_usage(text: str, lang: str) -> str:
    return re.sub(r"^usage: ", t(lang, "cli_usage"), text)


def common_options(lang: str, suppress: bool) -> Parser:
    """--root and --lang, accepted before and after the command; after it, only a value
    actually given overrides the one before it."""
    parent = Parser(lang=lang, help_option=False)
    default_root = argparse.SUPPRESS if suppress else Path.cwd()
    default_lang = argparse.SUPPRESS if suppress else DEFAULT_LANG
    parent.add_argument("--root", type=Path, default=default_root, help=t(lang, "cli_root_help"))
    parent.add_argument("--lang", default=default_lang, help=t(lang, "cli_lang_help"))
    return parent


Run = Callable[[argparse.Namespace], int]


def build_parser(lang: str) -> tuple[argparse.ArgumentParser, dict[str, Run]]:
    parser = Parser(prog="python -m gongkai", description=t(lang, "cli_description"), epilog=t(lang, "cli_epilog"),
                    parents=[common_options(lang, suppress=False)], lang=lang)
    sub = parser.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}",
                                title=t(lang, "cli_commands_title"))
    runs: dict[str, Run] = {}
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"gongkai.commands.{module_name}")
        command = sub.add_parser(
            name, help=t(lang, f"cli_{name}_summary"), description=t(lang, f"cli_{name}_summary"),
            epilog=t(lang, f"cli_{name}_examples"), parents=[common_options(lang, suppress=True)], lang=lang)
        module.add_arguments(command, lang)
        runs[name] = module.run
    return parser, runs


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    lang = message_lang(argv)
    parser, runs = build_parser(lang)
    args = parser.parse_args(argv)
    if args.command is None:  # `python -m gongkai` alone: what it can do, with examples
        print(t(lang, "cli_overview"))
        return 0
    if not any((args.root / mark).exists() for mark in REPOSITORY_MARKS):
        print(t(args.lang, "cli_not_repository", root=args.root.resolve()))
        return 2
    try:
        return runs[args.command](args)
    except ContentError as exc:  # a broken gongkai.yml or units.yml: where and how to fix, never a traceback
        for problem in sorted(exc.problems, key=sort_key):
            print(problem.format(args.lang))
        return 1
