"""`import` of files made to attack the site: whatever a page, PDF or Word file shows as
text stays text, and markup in a Markdown file is refused before anything is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from drafts_support import make_repo, run_cli, split_document

from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus
from gongkai.rendering.render import render

# what the page shows as text (escaped in its source) looks like markup, a link, an image
HOSTILE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>河湾镇2025年法治政府建设年度报告</title><script>alert(1)</script></head>
<body onload="alert(2)"><div class="article"><h1>河湾镇2025年法治政府建设年度报告</h1>
<div>来源：河湾镇人民政府 发布时间：2026-02-20</div>
<p>一、主要举措和成效</p>
<p>全年办结案件&lt;script&gt;alert(3)&lt;/script&gt;件，&lt;img src=x onerror=alert(4)&gt;见
[链接](javascript:alert(5)) 与 ![图](http://evil.example/a.png) 和 &lt;http://evil.example&gt;，
实体 &amp;lt;b&amp;gt; 照原样显示。</p>
<p onclick="alert(6)">调解纠纷<iframe src="http://evil.example/"></iframe>一百件。
<img src="http://evil.example/t.png"> {: onclick="alert(7)" }</p>
<p>河湾镇人民政府</p><p>2026年2月20日</p></div></body></html>
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_page_text_that_looks_like_markup_stays_text(repo, tmp_path):
    source = tmp_path / "page.html"
    source.write_text(HOSTILE_PAGE, encoding="utf-8")
    assert run_cli(repo, "import", str(source)) == 0
    _, body = split_document(repo / "reports/2025/hewan-2025-report.md")
    html = render(body)
    for active in ("<script", "<img", "<iframe", "href=\"javascript", "src=\"http", "onclick=\"alert(6)"):
        assert active not in html
    shown = html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert "<script>alert(3)</script>" in shown and "[链接](javascript:alert(5))" in shown
    assert "![图](http://evil.example/a.png)" in shown and "&lt;b&gt" in shown
    assert "{: onclick" in shown
    corpus = load_corpus(load_site(repo), ["zh"], render_bodies=True)
    assert [p.code for p in corpus.problems if p.severity == "error"] == []


def test_markup_in_a_markdown_file_is_refused_before_writing(repo, tmp_path, capsys):
    source = tmp_path / "report.md"
    source.write_text("# 河湾镇2025年法治政府建设年度报告\n\n正文<script>alert(1)</script>一段。\n\n"
                      "[点我](javascript:alert(2))\n\n河湾镇人民政府\n2026年2月20日\n", encoding="utf-8")
    assert run_cli(repo, "import", str(source)) != 0
    out = capsys.readouterr().out
    assert "<script>" in out and "javascript:alert(2)" in out and "未写入任何文件" in out
    assert not any((repo / "reports").rglob("*.md"))


ALIAS_BOMB = "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
                     for prev, name in zip("abcdefgh", "bcdefghi")).replace("*a", "x")


@pytest.mark.parametrize("front, note", [
    (ALIAS_BOMB + "title: [*i, *i, *i]\n", "原文件开头的元数据没有采用"),  # took minutes to spell out
    ('title: {a: 1}\nyear: "二〇二五"\nunit: [hewan]\npublished: 2026-02-30\n',
     "这些字段的值没有采用（格式不对，如年度不是数字、日期不存在）：title, year, unit, published"),
])
def test_unusable_front_matter_of_a_markdown_file_is_named_and_left_aside(repo, tmp_path, capsys, front, note):
    source = tmp_path / "report.md"
    source.write_text(f"---\n{front}---\n# 河湾镇2025年法治政府建设年度报告\n\n正文一段。\n\n"
                      "河湾镇人民政府\n2026年2月20日\n", encoding="utf-8")
    assert run_cli(repo, "import", str(source)) == 0
    assert note in capsys.readouterr().out
    fields, _ = split_document(repo / "reports/2025/hewan-2025-report.md")
    assert (fields["title"], fields["year"], fields["published"]) == (
        "河湾镇2025年法治政府建设年度报告", 2025, dt.date(2026, 2, 20))
