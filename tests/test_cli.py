"""`python -m gongkai` itself: the overview, help in the editor's language, strict options."""

from __future__ import annotations

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
    assert "：错误：" in capsys.readouterr().err


def test_argparse_own_words_in_the_editor_language(repo, capsys):
    with pytest.raises(SystemExit):
        main(["import"])
    err = capsys.readouterr().err
    assert err.startswith("用法：python -m gongkai import")
    assert "python -m gongkai import：错误：缺少必需的参数：file" in err
    with pytest.raises(SystemExit):
        main(["import", "--year", "二〇二五", "a.txt"])
    assert "参数 --year：无效的 int 值：'二〇二五'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["import", "--lang", "en"])
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m gongkai import")
    assert "error: the following arguments are required: file" in err
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "选项:" in out and "显示本帮助并退出" in out and "usage" not in out
    # the words are swapped only while the command line is read
    import argparse
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
