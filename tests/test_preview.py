"""`make serve` on edits: the edited page shows the change, the preview says while search is
behind, and after any sequence of edits the preview is byte for byte a clean build."""

from __future__ import annotations

import filecmp
import random
import re
import time
from pathlib import Path

import pytest

from bench.preview import PreviewServer
from tests.support import copy_repo, mkdocs

SEED = 16
UNITS = ["beiling", "county-gov", "hewan", "justice-bureau", "songping"]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = copy_repo(tmp_path_factory.mktemp("preview") / "repo")
    server = PreviewServer(root)
    yield server
    server.stop()


def _originals(root: Path) -> list[Path]:
    return sorted(p for p in (root / "reports").rglob("*.md") if p.name.count(".") == 1)


def _referenced(root: Path) -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in (root / "reports").rglob("*.md"))
    return set(re.findall(r"\d{4}/[a-z0-9-]+", text))


def _set_field(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(rf"(?m)^{key}: .*$", f"{key}: {value}", text, count=1)
    if not n:
        text = text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)
    path.write_text(text, encoding="utf-8")


ACTIONS = ["body", "title", "date", "unit", "add", "delete"]


def _edit(root: Path, rng: random.Random, action: str, step: int) -> str:
    """One editor's change of a random document that allows it; returns what it did."""
    docs = _originals(root)
    if action == "unit":
        docs = [d for d in docs if "kind: announcement" in d.read_text(encoding="utf-8")]
    if action == "delete":  # a document nothing refers to, without a translation
        referenced = _referenced(root)
        docs = [d for d in docs if d.relative_to(root / "reports").with_suffix("").as_posix() not in referenced
                and not list(d.parent.glob(d.stem + ".*.md"))]
    doc = rng.choice(docs)
    year = int(doc.parent.name)
    text = doc.read_text(encoding="utf-8")
    if action == "body":
        head, _, body = text.partition("\n---\n")
        doc.write_text(f"{head}\n---\n\n第{step}次修改：补充一段说明。\n{body}", encoding="utf-8")
    elif action == "title":
        _set_field(doc, "title", re.search(r"(?m)^title: (.*)$", text)[1] + f"（第{step}次修订）")
    elif action == "date":
        day = f"{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}"
        _set_field(doc, "published", day)
        _set_field(doc, "written", day)
    elif action == "unit":
        _set_field(doc, "unit", rng.choice(UNITS))
    elif action == "add":
        doc = doc.with_name(f"added-{step}.md")
        text = re.sub(r"(?m)^(index_no|doc_no): .*\n", "", text)
        doc.write_text(text.replace("title: ", f"title: 新增{step}：", 1), encoding="utf-8")
    else:
        doc.unlink()
    return f"{action} {doc.relative_to(root).as_posix()}"


def test_edit_shows_on_its_page_and_search_says_it_is_behind(preview):
    report = preview.root / "reports/2024/hewan-2024-report.md"
    _set_field(report, "title", "河湾镇2024年法治政府建设年度报告（预览测试）")
    since = len(preview.lines)
    start = time.monotonic()
    seconds = preview.seconds_until("2024/hewan-2024-report/", "预览测试", start)
    assert seconds < 30, preview.log(since)  # 3 s on an idle machine; a loaded test run is slower
    # served as soon as it was rendered, before the index was rewritten: the page says so
    first = preview.get("2024/hewan-2024-report/")
    assert "gk-preview-note" in first and "搜索索引正在后台更新" in first, preview.log(since)
    # the pages that list it follow, and the search page says its index is behind until rewritten
    assert "预览测试" in preview.get("2024/")
    assert "预览测试" in preview.get("units/hewan/")
    preview.wait_log(r"gongkai: preview: \d+ pages rendered again", 60, since)
    preview.wait_settled(since)
    assert "gk-preview-note" not in preview.get("search/")
    assert preview.find(r"gongkai: search index: ", since), preview.log(since)


def test_random_edits_end_as_a_clean_build(preview, tmp_path, monkeypatch):
    rng = random.Random(SEED)
    actions = rng.sample(ACTIONS, len(ACTIONS))  # each kind of edit once, in a random order
    done = []
    since = len(preview.lines)
    for action in actions:  # saves close together: some land in one rebuild, some in the next
        done.append(_edit(preview.root, rng, action, len(done)))
        time.sleep(rng.uniform(0, 1.5))
    preview.wait_settled(since)
    clean = tmp_path / "clean"
    monkeypatch.setenv("GONGKAI_SITE_URL", preview.base)
    result = mkdocs(preview.root, "build", "--strict", "-d", str(clean))
    assert result.returncode == 0, result.stderr[-3000:]
    assert _differences(clean, preview.site_dir) == [], done


def _differences(a: Path, b: Path) -> list[str]:
    found = []

    def walk(cmp: filecmp.dircmp, rel: str) -> None:
        found.extend(f"{rel}{n} only in clean build" for n in cmp.left_only)
        found.extend(f"{rel}{n} only in preview" for n in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(f"{rel}{n} differs" for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def test_print_view_links_match_the_document_page(tmp_path):
    """The print view reuses its document page's HTML: the links MkDocs rewrote point to the
    same pages and files from /print/; a raw HTML link stays as written, as MkDocs leaves it."""
    from tests.built import resolve, soup

    root = copy_repo(tmp_path / "repo")
    report = root / "reports/2024/songping-2024-report.md"
    head, _, body = report.read_text(encoding="utf-8").partition("\n---\n")
    links = ("![图](chart.png) [另一份](hewan-2024-report.md) [上年](../2023/songping-2023-report.md) "
             "[本文](songping-2024-report.md) [查询](hewan-2024-report.md?a=1#x)\n\n"
             '<p><a href="chart.png">原图</a></p>\n')
    report.write_text(f"{head}\n---\n\n{links}\n{body}", encoding="utf-8")
    (root / "reports/2024/chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    site = tmp_path / "site"
    result = mkdocs(root, "build", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stderr[-3000:]
    page = site / "2024/songping-2024-report/index.html"
    printed = site / "2024/songping-2024-report/print/index.html"

    def body_links(file: Path) -> list[str]:
        found = [a.get("href") or a.get("src") for a in soup(file).select(".gk-body a[href], .gk-body img[src]")]
        return [h for h in found if not h.startswith("#")]

    on_page, on_print = body_links(page), body_links(printed)
    assert on_page == ["../chart.png", "../hewan-2024-report/", "../../2023/songping-2023-report/", "./",
                       "../hewan-2024-report/?a=1#x", "chart.png"]
    assert on_print[-1] == "chart.png"  # raw HTML
    assert [resolve(site, printed, h) for h in on_print[:-1]] == [resolve(site, page, h) for h in on_page[:-1]]
    assert on_print[:-1] == ["../../chart.png", "../../hewan-2024-report/", "../../../2023/songping-2023-report/",
                             "../", "../../hewan-2024-report/?a=1#x"]
