"""`python -m gongkai <command>`: the commands editors and CI run.

Each command lives in a module of gongkai/commands/ with `add_arguments(parser)` and `run(args)`;
register it in COMMANDS as name -> (module, help).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "检查 reports/ 中的所有文件 / validate every file in reports/"),
    "new": ("new", "生成新文件模板（年度报告含必备章节）/ scaffold a document (annual reports get the mandated sections)"),
    "import": ("importdoc", "把 .txt、.md、.docx 文件转换为 reports/ 中的文件 / turn a .txt, .md or .docx file into a document"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gongkai", description="gongkai 法治政府建设信息公开")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: .)")
    parser.add_argument("--lang", default="zh", help="message language: zh (default) or en")
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(f"gongkai.commands.{module_name}")
        module.add_arguments(sub.add_parser(name, help=help_text, description=help_text))
        modules[name] = module
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    return modules[args.command].run(args)
