"""A throw-away repository root for the `new` and `import` tests (never the real content)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from gongkai.cli import main
from gongkai.content.bodyrules import PLACEHOLDER_CODES
from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus
from gongkai.problems import errors

SITE_YML = """\
site_name: {zh: 澄岭县法治政府建设信息公开, en: Chengling County Rule-of-Law Government Disclosure}
report_deadline: "04-01"
"""
UNITS_YML = """\
units:
  songping:
    name: 澄岭县松坪镇人民政府
    short: 松坪镇
    code: "11449900MB0000101C"
    type: town
    names: {en: Songping Town People's Government}
    shorts: {en: Songping Town}
  hewan:
    name: 澄岭县河湾镇人民政府
    short: 河湾镇
    code: "11449900MB0000102D"
    type: town
  beiling:
    name: 澄岭县北岭乡人民政府
    short: 北岭乡
    code: "11449900MB0000103E"
    type: town
  justice-bureau:
    name: 澄岭县司法局
    short: 县司法局
    code: "11449900MB0000002B"
    type: department
"""


def make_repo(root: Path) -> Path:
    (root / "reports").mkdir(parents=True)
    (root / "gongkai.yml").write_text(SITE_YML, encoding="utf-8")
    (root / "units.yml").write_text(UNITS_YML, encoding="utf-8")
    return root


def run_cli(root: Path, *args: str, lang: str = "zh") -> int:
    return main(["--root", str(root), "--lang", lang, *args])


def check_errors(root: Path) -> list[str]:
    """What `check` would report as errors on the whole repository, apart from the
    【请填写…】 placeholders a new scaffold carries until the editor fills them in."""
    corpus = load_corpus(load_site(root), ["zh", "en"])
    return [p.format("zh") for p in errors(corpus.problems) if p.code not in PLACEHOLDER_CODES]


def placeholder_lines(root: Path) -> list[int]:
    """Lines that check refuses because a placeholder is left."""
    corpus = load_corpus(load_site(root), ["zh", "en"])
    return [p.line for p in corpus.problems if p.code in PLACEHOLDER_CODES]


def split_document(path: Path) -> tuple[dict, str]:
    """(front matter, body) of a written document."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body.strip("\n")


def dedent(text: str) -> str:
    return textwrap.dedent(text).strip("\n")
