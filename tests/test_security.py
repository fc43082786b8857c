"""Attacks an editor's pull request can carry: each is refused by `check` with file, line, field
and fix, before anything is built. (The built site under attack: tests/test_security_site.py.)"""

from __future__ import annotations

import os
import time

import pytest

from gongkai.problems import Problem
from tests import test_validation
from tests.test_validation import GOOD, only, problems_of, write

repo = test_validation.repo  # the fixture: a repository with the sample's gongkai.yml and units.yml

BODY_LINE = GOOD.count("\n") + 2  # the line after GOOD, where each attack is appended


def attack(repo, snippet: str) -> list[Problem]:
    write(repo, "reports/2024/a.md", GOOD + f"\n{snippet}\n")
    return problems_of(repo)


@pytest.mark.parametrize("snippet, code, tag, name", [
    ("<script>alert(1)</script>", "html_element", "script", ""),
    ("# 标题 {: onfocus=alert(1) autofocus }", "html_attribute", "h1", "autofocus"),
    ("<div>一段</div><svg/onload=alert(1)>", "html_element", "svg", ""),
    ("[点我](jav&#x61;script:alert(1))", "html_url", "a", "href"),
    ("[点我][x]\n\n[x]: javascript:alert(1)", "html_url", "a", "href"),
    ("`ok` ```x```\n<script>alert(1)</script>", "html_element", "script", ""),
    ('<base href="https://evil.example/">', "html_element", "base", ""),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "html_element", "meta", ""),
    ('<form action="https://evil.example/"><input name="p"></form>', "html_element", "form", ""),
    ('<div style="position:fixed;inset:0;background:#fff">通知</div>', "html_attribute", "div", "style"),
    ("<plaintext>", "html_element", "plaintext", ""),
    ("![图](https://evil.example/pixel.png)", "html_offsite", "img", "src"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "html_offsite", "link", "href"),
    ('<iframe src="https://evil.example/"></iframe>', "html_offsite", "iframe", "src"),
    ('<img src="x.png" onerror="alert(1)">', "html_attribute", "img", "onerror"),
    ('<a href="#" class="md-header">假页眉</a>', "html_attribute", "a", "class"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "html_url", "img", "src"),
    ("<scr\nipt>alert(1)</script>", "html_element", "scr", ""),
])
def test_body_attack_is_refused(repo, snippet, code, tag, name):
    problems = [p for p in attack(repo, snippet) if p.code == code and p.params["tag"] == tag]
    assert problems, [p.format() for p in problems_of(repo)]
    p = next((p for p in problems if p.params["name"] == name), problems[0])
    assert p.params["name"] == name
    assert p.path == "reports/2024/a.md" and p.line >= BODY_LINE
    message, fix = p.texts("zh")
    assert tag in message and fix


def test_attack_line_is_the_line_that_holds_it(repo):
    p = only_code(attack(repo, "第一段。\n\n第二段 <img src=x onerror=alert(1)>"), "html_attribute")
    assert p.line == BODY_LINE + 2


def only_code(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


@pytest.mark.parametrize("snippet", [
    "<a href=\"https://other.example/page\">外站链接</a> [站内](../2023/x.md) [邮件](mailto:a@b.cn) [电话](tel:12345)",
    "![图](chart.png)\n\n| 项目 | 数量 |\n|:--|--:|\n| 调解 | 12 |",
    "!!! note \"提示\"\n    正文。",
    "```html\n<script>x</script>\n```",
])
def test_ordinary_content_passes(repo, snippet):
    assert attack(repo, snippet) == []


def test_markup_in_fields_is_allowed_text(repo):
    """Front matter is text: markup there is shown as text (escaping, tests/test_security_site.py)."""
    text = GOOD.replace("title: 松坪镇2024年法治政府建设年度报告", 'title: "<script>alert(1)</script>报告"')
    write(repo, "reports/2024/a.md", text)
    assert problems_of(repo) == []


# --- YAML that means what the editor typed ---------------------------------------------------

def test_yaml_11_scalars_keep_their_text(repo):
    from gongkai.content.config import load_site
    from gongkai.content.corpus import load_corpus

    text = GOOD.replace("summary: 摘要。", "summary: yes\ndoc_no: 0012\ncategory: 1.10")
    write(repo, "reports/2024/a.md", text)
    corpus = load_corpus(load_site(repo), ["zh"])
    assert corpus.problems == []
    doc = corpus.documents[0]
    assert (doc.doc_no, doc.category, doc.summary) == ("0012", "1.10", "yes")


def test_alias_bomb_is_refused_fast(repo):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
    text = GOOD.replace("summary: 摘要。", "summary: 摘要。\nx: [" + "]\nx2: [".join(levels) + "]")
    write(repo, "reports/2024/a.md", text)
    start = time.perf_counter()
    problems = problems_of(repo)
    assert time.perf_counter() - start < 2
    assert any(p.code == "yaml_anchor" and p.line > 1 for p in problems), [p.format() for p in problems]


def test_explicit_tag_in_flow_is_refused(repo):
    write(repo, "reports/2024/a.md", GOOD.replace("keywords: [法治政府]", "keywords: [!!binary aGk=]"))
    assert only(repo, "yaml_tag").line == 7


@pytest.mark.parametrize("field, value, code", [
    ("summary", '"摘要\\x07。"', "control_char"),
    ("title", "长" * 201, "value_too_long"),
])
def test_field_limits(repo, field, value, code):
    text = GOOD.replace("summary: 摘要。", "summary: 摘要。" if field != "summary" else f"summary: {value}")
    if field == "title":
        text = text.replace("title: 松坪镇2024年法治政府建设年度报告", f"title: {value}")
    write(repo, "reports/2024/a.md", text)
    p = only(repo, code)
    assert p.field == field and p.line > 1


def test_control_character_in_body(repo):
    p = only_code(attack(repo, "正文\x1b[31m。"), "control_char_body")
    assert p.line == BODY_LINE


def test_deep_nesting_is_an_error_not_a_crash(repo):
    nested = "\n".join("    " * depth + "- 条目" for depth in range(300))
    p = only_code(attack(repo, nested), "body_render_failed")
    assert p.path == "reports/2024/a.md"


# --- files -----------------------------------------------------------------------------------

def test_svg_is_refused(repo):
    write(repo, "reports/2024/a.md", GOOD)
    write(repo, "reports/2024/x.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    assert only(repo, "attachment_svg").path == "reports/2024/x.svg"


def test_symlink_is_refused_and_never_read(repo):
    write(repo, "reports/2024/a.md", GOOD)
    os.symlink("/etc/passwd", repo / "reports/2024/passwd.png")
    (repo / "docs").mkdir()
    os.symlink("/etc", repo / "docs/etc")
    problems = problems_of(repo)
    assert {p.path for p in problems if p.code == "path_symlink"} == {"reports/2024/passwd.png", "docs/etc"}


def test_hidden_files_are_errors(repo):
    write(repo, "reports/2024/a.md", GOOD)
    write(repo, "reports/2024/.b.md", GOOD)
    write(repo, "reports/.old/2024/c.md", GOOD)
    assert {p.path for p in problems_of(repo) if p.code == "path_hidden"} == {"reports/2024/.b.md", "reports/.old"}


def test_fullwidth_year_folder_is_an_error(repo):
    write(repo, "reports/２０２４/a.md", GOOD)
    assert only(repo, "path_year_folder").path == "reports/２０２４/a.md"


@pytest.mark.parametrize("body", ["<!-- 待补充 -->", "&nbsp;&nbsp;", "\u3000\u200b"])
def test_invisible_body_is_empty(repo, body):
    write(repo, "reports/2024/a.md", GOOD.split("## ")[0] + body + "\n")
    assert only(repo, "body_empty")


def test_office_attachment_needs_a_link(repo):
    write(repo, "reports/2024/a.md", GOOD + "\n[附件：统计表](统计表.xlsx)\n")
    write(repo, "reports/2024/统计表.xlsx", b"PK\x03\x04")
    write(repo, "reports/2024/报告原稿.docx", b"PK\x03\x04")
    write(repo, "reports/2024/run.exe", b"MZ")
    problems = problems_of(repo)
    assert {(p.path, p.code) for p in problems} == {
        ("reports/2024/报告原稿.docx", "attachment_unlinked"), ("reports/2024/run.exe", "attachment_type")}


# --- messages cannot forge workflow commands -------------------------------------------------

def test_annotation_values_are_escaped():
    p = Problem("reports/2024/a,b.md", 3, "ti:tle", "field_unknown", {"key": "x\n::error::forged", "allowed": "title"})
    line = p.github_annotation()
    assert "\n" not in line and line.startswith("::error file=")
    assert "file=reports/2024/a%2Cb.md" in line and "title=ti%3Atle" in line
    assert all(not row.startswith("::") for row in p.format().splitlines())


def test_hand_written_pages_pass_the_same_allowlist(repo):
    write(repo, "reports/2024/a.md", GOOD)
    write(repo, "docs/about.md", "# 关于\n\n正文。\n\n<iframe src=\"https://evil.example/\"></iframe>\n")
    p = only_code(problems_of(repo), "html_offsite")
    assert (p.path, p.line) == ("docs/about.md", 5)
