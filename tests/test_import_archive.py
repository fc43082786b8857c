"""`python -m gongkai import <folder>`: a whole archive in one go, never overwriting, past
files that fail, ending with a table of what was written and what the editor must do."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from drafts_support import check_errors, make_repo, run_cli

from gongkai.commands import importdoc

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Ten years of an office's files, as they come: mixed formats, nested folders."""
    root = tmp_path / "旧网站"
    (root / "2024").mkdir(parents=True)
    (root / "通知").mkdir()
    shutil.copy(FIXTURES / "portal/table-before-title.txt", root / "2024/松坪镇年度报告.txt")
    shutil.copy(FIXTURES / "portal/meta-after-title.txt", root / "通知/普法要点.txt")
    shutil.copy(FIXTURES / "interpretation.md", root / "2024/解读.md")
    document = docx.Document()
    for text in ("县司法局2024年法治政府建设年度报告", "2024年，县司法局统筹推进全县法治政府建设。",
                 "澄岭县司法局", "2025年3月10日"):
        document.add_paragraph(text)
    document.save(str(root / "2024/司法局.docx"))
    # the same report saved twice: the second copy must not overwrite the first
    shutil.copy(FIXTURES / "portal/table-before-title.txt", root / "2024/松坪镇年度报告-副本.txt")
    (root / "通知/无日期.txt").write_text("河湾镇法治政府建设工作公告\n河湾镇将于近期开展法律咨询活动。\n",
                                        encoding="utf-8")
    (root / "旧格式.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "坏文件.txt").write_text("松坪镇2024年法治政府建设年度报告\n正文。\n", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: not a document, never mentioned
    return root


def test_whole_archive(repo, archive, capsys, monkeypatch):
    real_convert = importdoc.convert

    def convert(lines, *args):  # a converter failing on one file must not stop the others
        if lines[1:2] == ["正文。"]:
            raise RuntimeError("转换器崩溃")
        return real_convert(lines, *args)

    monkeypatch.setattr(importdoc, "convert", convert)
    assert run_cli(repo, "import", str(archive)) == 1
    out = capsys.readouterr().out
    assert out.startswith("[1/8] 2024/司法局.docx\n[2/8] 2024/松坪镇年度报告-副本.txt\n")  # progress, file by file
    table = out[out.index("的导入结果"):]
    assert "共 8 个文件，写入 4 个，4 个未写入" in table
    rows = [line for line in table.splitlines() if "→" in line]
    assert rows == [
        "  2024/司法局.docx → reports/2024/justice-bureau-2024-report.md",
        "  2024/松坪镇年度报告-副本.txt → reports/2024/songping-2024-report.md",
        "  2024/松坪镇年度报告.txt → 未写入",
        "  2024/解读.md → reports/2024/songping-2024-interpretation-1.md",
        "  坏文件.txt → 未写入",
        "  旧格式.xls → 未写入",
        "  通知/无日期.txt → 未写入",
        "  通知/普法要点.txt → reports/2025/justice-bureau-2025-announcement-1.md",
    ]
    assert "reports/2024/songping-2024-report.md 已存在，没有覆盖" in table
    assert "--slug songping-2024-report-2" in table
    assert "转换失败（RuntimeError: 转换器崩溃）" in table
    assert "不支持 .xls 文件" in table
    assert "需要补充：年度、发布日期。" in table
    assert f"python -m gongkai import {archive / '通知/无日期.txt'} --year 年度 --published 年-月-日" in table
    assert ".DS_Store" not in out
    assert "未找到必备章节" in table  # the .docx report lacks the mandated sections: said per file
    assert check_errors(repo) == []

    # the table said what to give: given, the last file imports too
    assert run_cli(repo, "import", str(archive / "通知/无日期.txt"), "--year", "2025",
                   "--published", "2025-06-01") == 0
    assert check_errors(repo) == []


def test_folder_refuses_single_file_options(repo, archive, capsys):
    assert run_cli(repo, "import", str(archive), "--slug", "x") == 2
    assert "导入整个文件夹时不能用 --slug" in capsys.readouterr().out
    assert not any((repo / "reports").rglob("*.md"))


def test_folder_in_english(repo, archive, capsys):
    run_cli(repo, "import", str(archive), lang="en")
    out = capsys.readouterr().out
    assert "8 files, 4 written, 4 not written" in out
    assert "To give: Year, Published. Then import it again:" in out
    assert "--year YEAR --published YYYY-MM-DD" in out


def test_same_document_twice_is_written_once(repo, tmp_path, capsys):
    # numbered kinds never clash by name: the title tells that it is the same document
    folder = tmp_path / "解读"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(FIXTURES / "portal/labels-one-line.txt", folder / name)
    assert run_cli(repo, "import", str(folder)) == 1
    out = capsys.readouterr().out
    assert "  a.txt → reports/2024/hewan-2024-interpretation-1.md" in out
    assert ("reports/2024/hewan-2024-interpretation-1.md 的标题也是“《河湾镇2024年法治政府建设年度报告》解读”，"
            "多半是同一份文件，没有再写一份。") in out
    assert sorted(p.name for p in (repo / "reports").rglob("*.md")) == ["hewan-2024-interpretation-1.md"]
    # said explicitly with --slug, a second one is written
    assert run_cli(repo, "import", str(folder / "b.txt"), "--slug", "hewan-2024-interpretation-web") == 0
