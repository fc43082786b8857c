"""`python -m gongkai <command>`: the commands editors and CI run.

Each command lives in a module of gongkai/commands/ with `add_arguments(parser, lang)` and
`run(args)`; register it in COMMANDS as name -> module. Its help strings are locale keys
`cli_<name>_*` so that `--help` is in the editor's language.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from gongkai.content.model import DEFAULT_LANG
from gongkai.locales import strings, t
from gongkai.problems import ContentError, sort_key

COMMANDS: dict[str, str] = {"check": "check", "new": "new", "import": "importdoc"}


def message_lang(argv: list[str]) -> str:
    """The --lang given anywhere on the line (help is printed before parsing ends)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return DEFAULT_LANG


def common_options(lang: str, suppress: bool) -> argparse.ArgumentParser:
    """--root and --lang, accepted before and after the command; after it, only a value
    actually given overrides the one before it."""
    parent = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    default_root = argparse.SUPPRESS if suppress else Path.cwd()
    default_lang = argparse.SUPPRESS if suppress else DEFAULT_LANG
    parent.add_argument("--root", type=Path, default=default_root, help=t(lang, "cli_root_help"))
    parent.add_argument("--lang", default=default_lang, help=t(lang, "cli_lang_help"))
    return parent


Run = Callable[[argparse.Namespace], int]


@contextlib.contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """argparse's own words ("usage:", "error:", "the following arguments are required") in
    `lang`: argparse looks each one up through its module's gettext functions when it needs
    it, so these are swapped for the locale's table while the command line is read."""
    words: dict[str, str] = strings(lang).get("argparse") or {}
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def plural(singular: str, several: str, count: int) -> str:
        msgid = singular if count == 1 else several
        return words.get(msgid, msgid)

    argparse._ = lambda msgid: words.get(msgid, msgid)  # type: ignore[attr-defined]
    argparse.ngettext = plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def build_parser(lang: str) -> tuple[argparse.ArgumentParser, dict[str, Run]]:
    parser = argparse.ArgumentParser(
        prog="python -m gongkai", description=t(lang, "cli_description"), epilog=t(lang, "cli_epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False,
        parents=[common_options(lang, suppress=False)])
    sub = parser.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}",
                                title=t(lang, "cli_commands_title"))
    runs: dict[str, Run] = {}
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"gongkai.commands.{module_name}")
        command = sub.add_parser(
            name, help=t(lang, f"cli_{name}_summary"), description=t(lang, f"cli_{name}_summary"),
            epilog=t(lang, f"cli_{name}_examples"), formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False, parents=[common_options(lang, suppress=True)])
        module.add_arguments(command, lang)
        runs[name] = module.run
    return parser, runs


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    lang = message_lang(argv)
    with argparse_words(lang):
        parser, runs = build_parser(lang)
        args = parser.parse_args(argv)
    if args.command is None:  # `python -m gongkai` alone: what it can do, with examples
        print(t(lang, "cli_overview"))
        return 0
    try:
        return runs[args.command](args)
    except ContentError as exc:  # a broken gongkai.yml or units.yml: where and how to fix, never a traceback
        for problem in sorted(exc.problems, key=sort_key):
            print(problem.format(args.lang))
        return 1
