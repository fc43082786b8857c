"""`python -m gongkai` itself: the overview, help in the editor's language, strict options."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from drafts_support import make_repo

from gongkai.cli import main


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "repo")


def test_no_command_prints_a_chinese_overview_with_examples(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("gongkai 编辑命令")
    for example in ("python -m gongkai check", "python -m gongkai new --unit songping --year 2025",
                    "python -m gongkai import 报告.docx --unit songping"):
        assert example in out
    assert main(["--lang", "en"]) == 0
    assert "validate every file in reports/" in capsys.readouterr().out


@pytest.mark.parametrize("command, zh, en", [
    ("check", "一次列出全部问题", "list every problem at once"),
    ("new", "生成新文件模板", "Scaffold a new document"),
    ("import", "从不覆盖已有文件", "never overwrites a file"),
])
def test_every_command_has_help_with_an_example_in_both_languages(command, zh, en, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert zh in out and "例如：" in out and f"python -m gongkai {command}" in out
    with pytest.raises(SystemExit):
        main([command, "--help", "--lang", "en"])
    out = capsys.readouterr().out
    assert en in out and "For example:" in out and zh not in out


@pytest.mark.parametrize("command", [["check"], ["new", "--unit", "hewan"], ["import", "a.txt"]])
def test_a_folder_that_is_not_the_repository_is_named_as_such(tmp_path, capsys, command):
    assert main(["--root", str(tmp_path), *command]) == 2
    out = capsys.readouterr().out
    assert "不是网站仓库的文件夹" in out and "--root" in out and "site_name" not in out
    assert not list(tmp_path.iterdir())


def test_output_cut_short_by_a_pipe_is_no_traceback(repo):
    for n in range(600):  # more problems than a pipe buffer holds (64 KB)
        (repo / "reports" / "2025").mkdir(parents=True, exist_ok=True)
        (repo / "reports" / "2025" / f"a{n}.md").write_text("x" * 3000 + "\n", encoding="utf-8")
    reader = "import sys; sys.stdin.readline()"  # reads one line, then goes away
    command = (f"{shlex.quote(sys.executable)} -m gongkai --root {shlex.quote(str(repo))} check"
               f" | {shlex.quote(sys.executable)} -c {shlex.quote(reader)}")
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


def test_lang_after_the_command(repo, capsys):
    assert main(["--root", str(repo), "check", "--lang", "en"]) == 0
    assert "Check passed: 0 files" in capsys.readouterr().out
    assert main(["--root", str(repo), "--lang", "en", "check", "--lang", "zh"]) == 0
    assert "检查通过" in capsys.readouterr().out  # the later one wins


@pytest.mark.parametrize("argv", [
    ["check", "--lan", "en"],  # once silently --languages: every file in a language "en"?
    ["check", "--languag", "zh"],
    ["--lan", "en", "check"],
    ["new", "--un", "hewan"],
    ["import", "a.txt", "--out", "b.md"],
])
def test_no_abbreviated_option_is_accepted(repo, argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(repo), *argv])
    assert exc.value.code == 2
    assert "--help" in capsys.readouterr().err


@pytest.mark.parametrize("argv, zh, en", [
    (["chek"], "没有“chek”这个命令", "There is no command 'chek'"),
    (["import"], "缺少必填的参数：文件", "Missing required arguments: file"),
    (["new", "--unit"], "--unit 后面要写一个值", "--unit needs a value"),
    (["import", "a.docx", "--year", "2025年"], "--year 的值“2025年”应当是数字", "must be a number"),
    (["new", "--unit", "hewan", "--kind", "报告"], "没有“报告”这个文种，--kind 可写：annual-report | 年度报告",
     "There is no kind '报告'"),
])
def test_a_mistyped_command_line_is_explained_in_the_editors_language(repo, argv, zh, en, capsys):
    for lang, expected in (("zh", zh), ("en", en)):
        with pytest.raises(SystemExit) as exc:
            main(["--root", str(repo), "--lang", lang, *argv])
        err = capsys.readouterr().err
        assert exc.value.code == 2 and expected in err and "--help" in err
        if lang == "zh":
            assert not any(word in err for word in ("usage", "error", "argument", "invalid"))
