"""`python -m gongkai new`: scaffolds whose only problems are the placeholders left to fill in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from drafts_support import check_errors, make_repo, placeholder_lines, run_cli, split_document

from gongkai.content.sections import find_sections

TODAY = dt.date.today()
LAST_YEAR = TODAY.year - 1


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def zh_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def test_annual_report_skeleton(repo, capsys):
    assert run_cli(repo, "new", "--unit", "songping", "--year", str(LAST_YEAR)) == 0
    path = repo / f"reports/{LAST_YEAR}/songping-{LAST_YEAR}-report.md"
    assert f"reports/{LAST_YEAR}/songping-{LAST_YEAR}-report.md" in capsys.readouterr().out
    fields, body = split_document(path)
    assert fields["title"] == f"松坪镇{LAST_YEAR}年法治政府建设年度报告"
    assert fields["kind"] == "annual-report"
    assert fields["year"] == LAST_YEAR
    assert fields["unit"] == "songping"
    assert fields["published"] == TODAY
    assert fields["keywords"] == ["法治政府", "年度报告"]
    assert fields["summary"].startswith("【请填写")
    headings = [line for line in body.split("\n") if line.startswith("#")]
    assert headings == [
        "## 一、主要举措和成效",
        "## 二、存在的不足和原因",
        "## 三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "## 四、下一年度推进法治政府建设的主要安排",
        "## 五、其他需要报告的情况",
    ]
    # a placeholder paragraph under every heading, the signature at the end
    paragraphs = body.split("\n\n")
    assert all(paragraphs[i + 1].startswith("【") for i, p in enumerate(paragraphs) if p.startswith("## "))
    assert paragraphs[-1] == f"澄岭县松坪镇人民政府\n{zh_date(TODAY)}"
    assert all(find_sections(body).values())
    assert check_errors(repo) == []
    # check refuses the scaffold until every placeholder is replaced
    text = path.read_text(encoding="utf-8")
    assert len(placeholder_lines(repo)) == text.count("【")
    path.write_text(re.sub(r"【[^】]*】", "已填写。", text), encoding="utf-8")
    assert placeholder_lines(repo) == []


def test_refuses_to_overwrite(repo, capsys):
    assert run_cli(repo, "new", "--unit", "hewan", "--year", str(LAST_YEAR)) == 0
    path = repo / f"reports/{LAST_YEAR}/hewan-{LAST_YEAR}-report.md"
    path.write_text(path.read_text(encoding="utf-8").replace("【请填写：开头一段", "正文已写好"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert run_cli(repo, "new", "--unit", "hewan", "--year", str(LAST_YEAR)) != 0
    assert "已存在，没有覆盖" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == before


def test_report_on_the_current_year_is_refused_in_chinese(repo, capsys):
    assert run_cli(repo, "new", "--unit", "hewan", "--year", str(TODAY.year)) != 0
    out = capsys.readouterr().out
    assert f"{TODAY.year}年度的报告只能在{TODAY.year}年结束后（{TODAY.year + 1}年1月1日起）发布" in out
    assert "--published" in out
    assert not any((repo / "reports").rglob("*.md"))
    # with a publication date in the next year it is fine
    assert run_cli(repo, "new", "--unit", "hewan", "--year", str(TODAY.year),
                   "--published", f"{TODAY.year + 1}-01-20") == 0
    assert check_errors(repo) == []


def test_published_before_the_year_ends_is_refused(repo, capsys):
    assert run_cli(repo, "new", "--unit", "hewan", "--year", "2024", "--published", "2024-12-31",
                   lang="en") != 0
    assert "A report on 2024 can only be published after 2024 ends" in capsys.readouterr().out


def test_announcements_are_numbered(repo):
    for _ in range(2):
        assert run_cli(repo, "new", "--unit", "beiling", "--year", str(TODAY.year), "--kind", "公告") == 0
    first = repo / f"reports/{TODAY.year}/beiling-{TODAY.year}-announcement-1.md"
    second = repo / f"reports/{TODAY.year}/beiling-{TODAY.year}-announcement-2.md"
    fields, body = split_document(second)
    assert first.exists() and fields["kind"] == "announcement"
    assert fields["title"] == f"北岭乡关于{TODAY.year}年度法治政府建设工作的公告"
    assert "##" not in body  # no report sections in an announcement
    assert check_errors(repo) == []


def test_department_title_slug_and_title_options(repo):
    assert run_cli(repo, "new", "--unit", "justice-bureau", "--year", "2024", "--kind", "interpretation",
                   "--published", "2025-03-01") == 0
    fields, body = split_document(repo / "reports/2024/justice-bureau-2024-interpretation-1.md")
    assert fields["title"] == "《澄岭县司法局2024年法治政府建设年度报告》解读"
    assert body.endswith("澄岭县司法局\n2025年3月1日")
    assert run_cli(repo, "new", "--unit", "hewan", "--year", "2024", "--slug", "hewan-2024-summary",
                   "--title", "河湾镇2024年度法治建设情况报告") == 0
    fields, _ = split_document(repo / "reports/2024/hewan-2024-summary.md")
    assert fields["title"] == "河湾镇2024年度法治建设情况报告"
    assert check_errors(repo) == []


@pytest.mark.parametrize("args, message", [
    (["--unit", "nowhere"], "单位代码“nowhere”不在单位名录 units.yml 中"),
    (["--unit", "hewan", "--published", "2025/2/10"], "日期“2025/2/10”的格式不对"),
    (["--unit", "hewan", "--slug", "Hewan_Report"], "不能用作网址"),
])
def test_bad_options_write_nothing(repo, capsys, args, message):
    assert run_cli(repo, "new", *args) != 0
    assert message in capsys.readouterr().out
    assert not any((repo / "reports").rglob("*.md"))


def test_english_translation_skeleton(repo, capsys):
    assert run_cli(repo, "new", "--unit", "songping", "--year", "2024", "--doc-lang", "en") != 0
    assert "songping-2024-report.md" in capsys.readouterr().out  # the original comes first
    assert run_cli(repo, "new", "--unit", "songping", "--year", "2024", "--published", "2025-02-10") == 0
    assert run_cli(repo, "new", "--unit", "songping", "--year", "2024", "--doc-lang", "en") == 0
    fields, body = split_document(repo / "reports/2024/songping-2024-report.en.md")
    assert set(fields) == {"title", "keywords", "summary"}  # the rest comes from the original
    assert fields["title"] == "Songping Town: Annual Report on Building a Rule-of-Law Government, 2024"
    assert "## 1. Main measures and results" in body.split("\n")
    assert body.endswith("Songping Town People's Government\n2025-02-10")
    assert all(v for k, v in find_sections(body).items() if k != "other")
    assert check_errors(repo) == []


def test_index_number_clash_is_refused(repo, capsys):
    # two documents of one unit published on one day whose ids hash alike would share 索引号
    day = ["--published", "2025-03-01"]
    assert run_cli(repo, "new", "--unit", "hewan", "--year", "2024", *day) == 0
    assert run_cli(repo, "new", "--unit", "hewan", "--year", "2024", "--slug", "hewan-2024-x81", *day) != 0
    assert "reports/2024/hewan-2024-report.md" in capsys.readouterr().out
    assert not (repo / "reports/2024/hewan-2024-x81.md").exists()
    assert run_cli(repo, "new", "--unit", "hewan", "--year", "2024", "--slug", "hewan-2024-x82", *day) == 0
