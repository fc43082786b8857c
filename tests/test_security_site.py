"""The built site under attack: hostile text in every field of a document, of units.yml and of
gongkai.yml is shown as text on every page kind; no page runs script, breaks its CSP or asks
another host for anything; a build that fails midway leaves the previous site complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import copy_repo, mkdocs

PAYLOAD = "\"'><img src=x onerror=alert(1)><script>alert(2)"  # within the 50-character keyword limit
TARGET = "reports/2024/songping-2024-report.md"


def _poison(root: Path) -> None:
    doc = root / TARGET
    text = doc.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    quoted = PAYLOAD.replace("\\", "\\\\").replace('"', '\\"')
    lines = [line for line in head.split("\n")
             if not line.startswith(("title:", "title_break:", "summary:", "keywords:", "doc_no:", "index_no:", "category:"))]
    lines += [f'title: "{quoted}"', f'summary: "{quoted}"', f'keywords: ["{quoted}", "调解"]',
              f'doc_no: "{quoted}"', f'index_no: "{quoted}"', f'category: "{quoted}"']
    # the editor's own title lines are printed one by one: each half of the payload alone too
    cut = PAYLOAD.index("<img")
    halves = [PAYLOAD[:cut], PAYLOAD[cut:]]
    lines.append("title_break: [" + ", ".join('"' + h.replace('"', '\\"') + '"' for h in halves) + "]")
    body += "\n\n## 小标题 &lt;img src=x onerror=alert(3)&gt;\n\n正文 &lt;script&gt;alert(4)&lt;/script&gt;。\n"
    doc.write_text("\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    units = root / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "name: 澄岭县松坪镇人民政府", f'name: "澄岭县松坪镇人民政府{quoted}"'), encoding="utf-8")
    site = root / "gongkai.yml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "zh: 澄岭县人民政府办公室", f'zh: "澄岭县人民政府办公室{quoted}"'), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("hostile") / "repo")
    _poison(root)
    from gongkai.cli import main

    assert main(["--root", str(root), "check"]) == 0, "check must pass: field markup is text"
    site = root / "site"
    result = mkdocs(root, "build", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_carries_markup_from_content(hostile_site):
    for path in _pages(hostile_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        rel = path.relative_to(hostile_site).as_posix()
        for el in soup.find_all(True):
            handlers = [a for a in el.attrs if a.lower().startswith("on")]
            assert not handlers, (rel, el.name, handlers)
            for attr in ("href", "src", "action", "formaction"):
                assert not str(el.get(attr, "")).strip().lower().startswith("javascript:"), (rel, el)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # data: its text may quote the payload, never markup
                assert "<" not in (script.string or ""), (rel, script)
            else:
                assert "alert(" not in (script.string or ""), (rel, script)
        assert not soup.select('img[src="x"]'), rel
        for meta in soup.find_all("meta", attrs={"http-equiv": True}):
            assert meta["http-equiv"].lower() == "content-security-policy", (rel, meta)
        assert not soup.find_all(["iframe", "object", "embed", "form", "base"], recursive=True) or \
            all(f.name == "form" and f.get("role") == "search" or f.name == "form" and "search" in str(f.get("action"))
                for f in soup.find_all(["iframe", "object", "embed", "form", "base"])), rel


def test_payload_is_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "2024/songping-2024-report/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.h1.get_text() == PAYLOAD
    assert [s.get_text() for s in page.h1.select(".gk-title__line")] == [PAYLOAD[:PAYLOAD.index("<img")],
                                                                       PAYLOAD[PAYLOAD.index("<img"):]]
    assert page.title.get_text().startswith(PAYLOAD)
    assert page.find("meta", attrs={"name": "description"})["content"] == PAYLOAD
    values = [dd.get_text() for dd in page.select(".gk-meta__list dd")]
    assert values.count(PAYLOAD) >= 3  # 索引号, 分类, 文号 (and the unit's name)
    headings = [h.get_text() for h in page.select(".gk-body h2")]
    assert any("<img src=x onerror=alert(3)>" in h for h in headings)
    toc = [a.get_text(" ", strip=True) for a in page.select(".md-nav--secondary a")]
    assert any("<img src=x onerror=alert(3)>" in t for t in toc) or not toc
    unit = BeautifulSoup((hostile_site / "units/songping/index.html").read_text(encoding="utf-8"), "html.parser")
    assert PAYLOAD in unit.h1.get_text()
    home = BeautifulSoup((hostile_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert PAYLOAD in home.get_text()  # the latest list and the footer's sponsor


PAGE_KINDS = ["", "archive/", "2024/", "units/", "units/songping/", "compliance/", "compliance/2024/",
              "search/?q=%3Cscript%3Ealert(5)%3C/script%3E", "2024/songping-2024-report/",
              "2024/songping-2024-report/print/", "en/", "en/2024/", "about/", "404.html"]


def test_every_page_kind_runs_no_script_and_keeps_its_csp(hostile_site, serve_dir, page):
    base = serve_dir(hostile_site)
    dialogs: list[str] = []
    offsite: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: offsite.append(r.url) if not r.url.startswith((base, "data:")) else None)
    for path in PAGE_KINDS:
        page.goto(f"{base}/{path}")
        page.wait_for_load_state("networkidle")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert re.search(r"script-src 'self'( 'sha256-[^']+')*;", policy), (path, policy)
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy
    assert dialogs == [] and offsite == []  # the page fixture fails on any CSP violation


def test_failed_build_leaves_the_previous_site_complete(tmp_path):
    root = copy_repo(tmp_path / "repo", reports=False)
    (root / "reports/2024").mkdir(parents=True)
    (root / "reports/2024/a.md").write_text(
        "---\ntitle: 测试报告\nkind: 公告\nyear: 2024\nunit: songping\npublished: 2024-05-01\n---\n\n正文。\n",
        encoding="utf-8")
    assert mkdocs(root, "build", "--strict").returncode == 0
    before = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*"))
    # a template error midway: some pages are written, then the build stops
    template = root / "overrides/document.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ doc.kind_label }}", "{{ doc.kind_label.x.y }}"),
                        encoding="utf-8")
    result = mkdocs(root, "build", "--strict")
    assert result.returncode != 0
    after = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*"))
    assert after == before and "2024/a/index.html" in after
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site")]


def test_nginx_headers_of_the_deploy_guide(hostile_site, browser):
    """The guide's header file, in the nginx the tests run: the headers arrive and, with the
    pages' own policy, no page kind breaks."""
    import urllib.request

    from gongkai.rendering.csp import HEADER_POLICY
    from tools.nginx import nginx_serve

    conf = Path(__file__).resolve().parent.parent / "tools/nginx-security-headers.conf"
    assert HEADER_POLICY in conf.read_text(encoding="utf-8")
    with nginx_serve(hostile_site, server_extra=f"include {conf};") as base:
        with urllib.request.urlopen(f"{base}/2024/songping-2024-report/") as response:
            headers = response.headers
        assert headers["Content-Security-Policy"] == HEADER_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"
        context = browser.new_context()
        violations: list[str] = []
        page = context.new_page()
        page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
        for path in PAGE_KINDS:
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("networkidle")
        context.close()
        assert violations == []


def test_feeds_and_catalog_carry_the_payload_as_data(hostile_site):
    import json

    import feedparser

    feed = feedparser.parse((hostile_site / "feed.xml").read_bytes())
    assert not feed.bozo and PAYLOAD in [e.title for e in feed.entries]
    catalog = json.loads((hostile_site / "catalog.json").read_text(encoding="utf-8"))
    assert PAYLOAD in json.dumps(catalog, ensure_ascii=False).replace('\\"', '"')
    sitemap = (hostile_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<img" not in sitemap and "<script" not in sitemap
