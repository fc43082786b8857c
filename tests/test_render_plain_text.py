"""The PlainText extension (gongkai/rendering/render.py) only saves work: with it, every body
renders to the same HTML as without it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from gongkai.rendering import render
from gongkai.rendering.render import INLINE_PATTERNS, PlainText

REPO = Path(__file__).resolve().parent.parent

# one or more of each inline pattern, next to plain Chinese text, in every block kind
SNIPPETS = [
    "纯文本段落，没有任何标记。",
    "中文*强调*与**加粗**，还有_下划线_和__双下划线__。",
    "代码 `x = 1` 与转义 \\*不是强调\\*，反斜杠 \\\\ 本身。",
    "链接[司法局](https://example.org/)、引用[甲][1]、简写[乙]。\n\n[1]: https://example.org/a\n[乙]: /b/",
    "图片![示意图](a.png)与引用图片![图][1]。\n\n[1]: b.png",
    "自动链接 <https://example.org/> 与邮箱 <a@example.org>。",
    "行内 HTML <span>文字</span> 与实体 &amp; &#20013; &copy;。",
    "两个空格换行  \n下一行",
    "- 列表一\n- 列表二 *强调*\n    - 嵌套 `代码`",
    "| 项目 | 数量 |\n|:---|---:|\n| 调解 | 12 |\n| *强调* | [链接](x/) |",
    "## 一、主要举措 {#first}\n\n正文。",
    "!!! note \"提示\"\n    提示内容 **加粗**。",
    "<div markdown>\n内嵌 *Markdown* 文本\n</div>",
    "```\n代码块 *不处理*\n```\n\n后文。",
    "末尾感叹号！与英文感叹号! 还有 ] 方括号 > 大于号。",
    "下划线_在中间_的文字 与 snake_case_name。",
]


def _render(text: str, with_plain_text: bool) -> str:
    extensions = [e for e in render.EXTENSIONS if with_plain_text or not isinstance(e, PlainText)]
    return markdown.Markdown(extensions=extensions, extension_configs=render.EXTENSION_CONFIGS).convert(text)


def _bodies() -> list[str]:
    paths = sorted((REPO / "reports").rglob("*.md")) + sorted((REPO / "docs").rglob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in paths if "generated" not in p.parts]
    return [t.split("\n---\n", 1)[1] if t.startswith("---") else t for t in texts]


@pytest.mark.parametrize("text", SNIPPETS + _bodies())
def test_plain_text_extension_changes_no_html(text):
    assert _render(text, True) == _render(text, False)


def test_the_extension_knows_every_inline_pattern_of_the_site_renderer():
    """Else it does nothing (safe, but the build slows down): a new extension with an inline
    pattern must have its characters added to _INLINE_MARKUP and its name here."""
    patterns = render.new_renderer().inlinePatterns
    assert len(patterns) == sum(name in patterns for name in INLINE_PATTERNS)


def test_plain_text_is_marked_atomic_and_markup_is_not():
    md = render.new_renderer()
    seen = {}

    class Spy(markdown.treeprocessors.Treeprocessor):
        def run(self, root):
            for el in root.iter("p"):
                seen[el.text] = isinstance(el.text, markdown.util.AtomicString)

    md.treeprocessors.register(Spy(md), "spy", 20.5)  # after PlainText, before inline
    md.convert("纯文本。\n\n含*强调*。")
    assert seen == {"纯文本。": True, "含*强调*。": False}


def test_an_unknown_inline_pattern_turns_the_extension_off():
    """An extension's own pattern may need characters the extension does not look for."""
    md = render.new_renderer()
    md.inlinePatterns.register(markdown.inlinepatterns.SimpleTagInlineProcessor(r"(%%)(.+?)%%", "mark"), "mark", 65)
    assert md.convert("这是%%标记%%文字。") == "<p>这是<mark>标记</mark>文字。</p>"
