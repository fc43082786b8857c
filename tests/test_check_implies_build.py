"""check ⇒ build, by property: front-matter values and bodies that mix report text with hostile
shapes. Whenever `check` passes, the strict build passes and the built page (parsed) carries
nothing from the content that could run script, navigate, post or load from another host."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from support import copy_repo, mkdocs

from gongkai.cli import main
from gongkai.rendering import render, sanitize

REPORT_TEXT = ["全面推进依法行政", "人民调解委员会", "一村一法律顾问", "行政执法“三项制度”",
               "## 一、主要举措和成效", "### （一）健全依法决策机制", "1. 落实合法性审查", "- 法律明白人培训",
               "| 项目 | 数量 |\n|--|--:|\n| 调解 | 12 |", "**重点**", "[县司法局](https://example.gov.cn/)"]
# shapes `check` accepts that still look like attacks: markup as text, other sites as plain links
TRICKY = ["&lt;script&gt;alert(1)&lt;/script&gt;", "<a href='//evil.example'>外链</a>", "```x```", "<", "&",
          "'\"><", "> " * 5 + "引用", "    " * 3 + "- 深", "`<img src=x onerror=alert(1)>`", "<!-- 注释 -->",
          "<https://evil.example/>", "[链接](https://evil.example/?q=<b>)", "&#106;avascript", "{#custom-id}"]
# shapes it refuses
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{: onclick=alert(1) }",
           "<svg/onload=alert(1)>", "[x](javascript:alert(1))", "[x](jav&#x61;script:alert(1))",
           "[r]: javascript:alert(1)", "<base href=//evil.example/>", "<meta http-equiv=refresh content=0;url=//e>",
           "<form action=//evil.example><input></form>", "<iframe src=//evil.example>", "<style>*{display:none}</style>",
           "<div style='position:fixed'>", "![p](https://evil.example/p.png)", "<plaintext>", "```x```",
           "<scr\nipt>alert(1)</script>", "<!-- ", " -->", "&lt;script&gt;", "<a href='//evil.example'>外链</a>",
           "<details open ontoggle=alert(1)>", "<form><button>提交</button></form>", "<input>", "<object data=//evil.example>", "\x07", "\u202e", "'\"><", "{#id .cls}",
           "<math><mi xlink:href=javascript:alert(1)>x</mi></math>", "> " * 5, "    " * 3 + "- 深", "<", "&"]
# report text and tricky shapes around exactly one refused shape: every refused shape is tried
# on its own, so an allowlist that lets one through is caught
one_hostile_bodies = st.tuples(st.lists(st.sampled_from(REPORT_TEXT + TRICKY), max_size=6),
                               st.sampled_from(HOSTILE)).map(lambda t: "\n\n".join([*t[0], t[1]]) + "\n")
accepted_bodies = st.tuples(st.lists(st.sampled_from(REPORT_TEXT + TRICKY), min_size=1, max_size=10),
                            st.lists(st.sampled_from(HOSTILE), max_size=1)).map(
    lambda t: "\n\n".join(t[0] + t[1]) + "\n")
values = st.lists(st.sampled_from(["报告", "<b>", "\"'><img src=x onerror=alert(1)>", "&amp;", "{{ x }}", "%s"])
                  | st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=6),
                  min_size=1, max_size=3).map("".join)

FORBIDDEN = ["script", "style", "input", "button", "textarea", "select", "base", "form", "iframe", "object", "embed", "meta", "link", "svg", "math", "frame"]


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _document(title: str, summary: str, keyword: str, body: str) -> str:
    return (f"---\ntitle: {_yaml_string(title)}\nkind: announcement\nyear: 2024\nunit: songping\n"
            f"published: 2024-06-01\nsummary: {_yaml_string(summary)}\nkeywords: [{_yaml_string(keyword)}]\n"
            f"---\n\n{body}")


def _assert_safe(fragment) -> None:
    for el in fragment.find_all(True):
        assert el.name not in FORBIDDEN, el
        for name, value in el.attrs.items():
            assert not name.lower().startswith("on"), el
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name in ("href", "src", "action", "data"):
                assert not text.strip().lower().startswith(("javascript:", "data:", "vbscript:")), el
            if name == "src":
                assert not sanitize.ABSOLUTE_URL.match(text), el


@settings(max_examples=200, deadline=None, derandomize=True)
@given(body=one_hostile_bodies)
def test_a_body_check_accepts_renders_to_safe_html(body):
    """Fast, no MkDocs: whatever the sanitiser accepts unchanged is safe HTML."""
    try:
        html = render.render(body)
    except RecursionError:
        return
    if sanitize.findings(html):
        return
    _assert_safe(BeautifulSoup(html, "html.parser"))


def test_check_passes_implies_safe_strict_build(tmp_path_factory):
    built: list[str] = []

    @settings(max_examples=8, deadline=None, derandomize=True)  # the same repositories on every run
    @given(title=values, summary=values, keyword=values, body=accepted_bodies)
    def build_one(title, summary, keyword, body):
        root = copy_repo(tmp_path_factory.mktemp("prop") / "repo", reports=False)
        try:
            if _check_and_build(root, title, summary, keyword, body):
                built.append(title)
        finally:
            shutil.rmtree(root)

    build_one()
    assert len(built) >= 3, "most generated repositories must pass check, or the property says little"


def _check_and_build(root: Path, title: str, summary: str, keyword: str, body: str) -> bool:
    doc = root / "reports/2024/prop.md"
    doc.parent.mkdir(parents=True)
    doc.write_text(_document(title, summary, keyword, body), encoding="utf-8")
    if main(["--root", str(root), "check"]) != 0:
        return False
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, (doc.read_text(encoding="utf-8"), result.stderr[-2000:])
    for page in ("2024/prop/index.html", "2024/prop/print/index.html"):
        soup = BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")
        _assert_safe(soup.select_one(".gk-body"))
        for el in soup.find_all(True):
            assert not any(a.lower().startswith("on") for a in el.attrs), el
        assert soup.h1.get_text() == title.strip()
    return True


def test_sample_reports_are_unchanged_by_the_sanitiser():
    for path in sorted(Path(__file__).resolve().parent.parent.glob("reports/*/*.md")):
        html = render.render(path.read_text(encoding="utf-8").split("\n---\n", 1)[1])
        assert sanitize.clean(html) == html, path
