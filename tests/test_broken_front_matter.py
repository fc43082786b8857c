"""A broken line of front matter never hides the problems of the lines around it, and never
makes a correct field look wrong: `check` lists every problem of the file at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus

REPO = Path(__file__).resolve().parent.parent
BODY = "---\n\n## 一、主要举措和成效\n\n正文。\n"
# the fields around the broken line: a bad date and an unknown unit three lines down
REST = "kind: annual-report\nyear: 2024\nunit: nowhere\npublished: 2025-02-30\n"
FINE = "title: 松坪镇2024年法治政府建设年度报告\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in ("gongkai.yml", "units.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / "reports/2024").mkdir(parents=True)
    return tmp_path


def problems(repo: Path, front: str) -> list[tuple[int, str, str]]:
    (repo / "reports/2024/a.md").write_text("---\n" + front + BODY, encoding="utf-8")
    found = load_corpus(load_site(repo), ["zh", "en"], render_bodies=True).problems
    assert all(p.path == "reports/2024/a.md" for p in found)
    return [(p.line, p.field, p.code) for p in found]


AROUND = [(5, "unit", "unit_unknown"), (6, "published", "date_impossible")]


@pytest.mark.parametrize("front, expected", [
    # a full-width colon after the key: YAML reads the line as text
    ("title： 松坪镇报告\n" + REST, [(2, "title", "yaml_fullwidth_colon")] + AROUND),
    ("标题：松坪镇报告\n" + REST, [(2, "标题", "yaml_fullwidth_colon")] + AROUND),
    # no colon at all
    ("title 松坪镇报告\n" + REST, [(2, "", "yaml_missing_colon")] + AROUND),
    # a quote opened and never closed
    ('title: "松坪镇报告\n' + REST, [(2, "", "yaml_unclosed")] + AROUND),
    # a key indented under the line above: the line above is still read (its kind is checked)
    (FINE + "kind: 年报\n  year: 2024\nunit: nowhere\npublished: 2025-02-30\n",
     [(3, "kind", "kind_unknown"), (4, "", "yaml_indent")] + AROUND),
    # a tab before a key: that line alone is unreadable, the unit above it still checked
    (FINE + "kind: annual-report\nyear: 2024\nunit: nowhere\n\tpublished: 2025-02-30\n",
     [(5, "unit", "unit_unknown"), (6, "", "yaml_tab")]),
    # a value with a bare colon, and a list never closed further down
    (FINE.replace("报告", "报告: 全文") + "kind: annual-report\nyear: 2024\nunit: nowhere\n"
     "published: 2025-02-30\nkeywords: [法治政府, 普法\n",
     [(2, "", "yaml_colon_in_value")] + AROUND + [(7, "", "yaml_unclosed")]),
    # two broken lines, each reported, the fine fields between them still checked
    ("title： 松坪镇报告\nkind: annual-report\nyear: 2024\nunit:songping\npublished: 2025-02-30\n",
     [(2, "title", "yaml_fullwidth_colon"), (5, "unit", "yaml_colon_space"), (6, "published", "date_impossible")]),
])
def test_every_problem_of_a_broken_file(repo, front, expected):
    assert problems(repo, front) == expected


def test_broken_line_does_not_make_fields_missing(repo):
    # title is there (written wrongly): only the colon is reported, never "title missing"
    assert problems(repo, "title： 松坪镇报告\n" + REST.replace("nowhere", "songping").replace("30", "12")) == [
        (2, "title", "yaml_fullwidth_colon")]
    # a field that is really missing is still reported when the broken line names another one
    assert problems(repo, "title： 松坪镇报告\nkind: annual-report\nyear: 2024\nunit: songping\n") == [
        (2, "title", "yaml_fullwidth_colon"), (6, "published", "field_missing")]


def test_check_prints_them_all(repo, capsys):
    (repo / "reports/2024/a.md").write_text("---\ntitle： 松坪镇报告\n" + REST + BODY, encoding="utf-8")
    assert main(["--root", str(repo), "check"]) != 0
    out = capsys.readouterr().out
    for text in ("a.md:2: [title]", "全角冒号", "a.md:5: [unit]", "nowhere", "a.md:6: [published]"):
        assert text in out


def test_closing_fence_forgotten(repo):
    # the fields above the blank line where --- belongs are still checked
    (repo / "reports/2024/a.md").write_text("---\n" + FINE + REST + "\n## 一、主要举措和成效\n\n正文。\n",
                                            encoding="utf-8")
    found = load_corpus(load_site(repo), ["zh", "en"], render_bodies=True).problems
    assert [(p.line, p.field, p.code) for p in found] == [*AROUND, (7, "", "frontmatter_unclosed")]
    # text that does not read as front matter is not guessed at
    (repo / "reports/2024/a.md").write_text("---\n" + FINE + "这里是正文。\n\n正文。\n", encoding="utf-8")
    found = load_corpus(load_site(repo), ["zh", "en"], render_bodies=True).problems
    assert [(p.line, p.code) for p in found] == [(1, "frontmatter_unclosed")]
