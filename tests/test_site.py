"""The built sample site, as a reader and a crawler see it: pages, metadata, head tags, links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import built
import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://chengling-county.github.io/gongkai-site/"
HEAD_TAGS = ("SiteName", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate", "ContentSource",
             "Keywords", "Description", "Url")
META_LABELS = ("索引号", "分类", "发布机构", "成文日期", "发布日期", "文号", "主题词")


@pytest.fixture(scope="module")
def corpus():
    return built.corpus()


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_source_file_is_exactly_one_page(built_site, corpus):
    sources = sorted((REPO / "reports").rglob("*.md"))
    assert len(sources) == corpus.files_read >= 20
    for src in sources:
        year, name = src.parent.name, src.name
        parts = name.split(".")
        page = f"{year}/{parts[0]}" if len(parts) == 2 else f"{parts[1]}/{year}/{parts[0]}"
        assert (built_site / page / "index.html").is_file(), src
    # and nothing else: an untranslated document is not duplicated under /en/
    en_pages = {p.parent.relative_to(built_site / "en").as_posix()
                for p in (built_site / "en").glob("[0-9][0-9][0-9][0-9]/*/index.html")}
    assert en_pages == {f"{t.doc_id}" for t in corpus.translations}


def test_document_page_shows_title_metadata_and_body(built_site, corpus):
    doc = next(d for d in corpus.documents if d.doc_no and d.written and d.kind == "annual-report")
    page = soup(built_site, doc.doc_id)
    assert page.html["lang"] == "zh"
    assert page.find("h1").get_text(strip=True) == doc.title
    block = page.select_one("section.gk-meta")
    labels = [dt.get_text(strip=True) for dt in block.select("dt")]
    assert labels == list(META_LABELS)
    values = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in block.select("dt")}
    assert values["索引号"] == doc.index_no
    assert values["发布机构"] == doc.unit.name
    assert values["文号"] == doc.doc_no
    assert values["发布日期"] == f"{doc.published.year}年{doc.published.month}月{doc.published.day}日"
    # the body, with heading anchors
    h2 = page.select(".gk-body h2[id]")
    assert h2 and all(h.select_one("a.headerlink")["href"] == f"#{h['id']}" for h in h2)


def test_government_head_tags_and_description(built_site, corpus):
    for doc in corpus.documents:
        page = soup(built_site, doc.doc_id)
        tags = {m["name"]: m["content"] for m in page.select("head meta[name]")}
        for name in HEAD_TAGS:
            assert tags.get(name), (doc.doc_id, name)
        assert tags["ArticleTitle"] == doc.title
        assert tags["PubDate"] == doc.published.isoformat()
        assert tags["ContentSource"] == doc.unit.name
        assert tags["SiteIDCode"] == "9999000001"
        assert tags["Url"] == page.select_one('link[rel="canonical"]')["href"] == f"{SITE_URL}{doc.doc_id}/"
        assert tags["description"]


def test_related_documents_are_linked_both_ways(built_site, corpus):
    pairs = [(d, r) for d in corpus.documents for r in d.related]
    assert pairs, "the sample site should relate some documents"
    for doc, rid in pairs:
        for here, there in ((doc.doc_id, rid), (rid, doc.doc_id)):
            links = soup(built_site, here).select(".gk-related a[href]")
            targets = {urljoin(f"/{here}/", a["href"]) for a in links}
            assert f"/{there}/" in targets, (here, there)


def test_residents_pages_link_the_correction_form_not_the_source(built_site, corpus):
    """A document page offers 我要纠错 (the correction form, this page's address filled in); the
    edit-source link, the editors' guide and the open-data page stay out of residents' pages
    and menu, reachable from the footer; the guide's own pages keep their edit link."""
    form = "https://github.com/chengling-county/gongkai-site/issues/new?template=correction.yml"
    assert (REPO / ".github/ISSUE_TEMPLATE/correction.yml").is_file()
    for doc in [*corpus.documents, *corpus.translations]:
        prefix = "" if doc.lang == "zh" else f"{doc.lang}/"
        page = soup(built_site, f"{prefix}{doc.doc_id}")
        link = page.select_one("a.gk-correction")["href"]
        assert link.startswith(f"{form}&url=https%3A%2F%2F") and link.endswith(quote(f"/{prefix}{doc.doc_id}/", safe=""))
        assert not page.select("a.gk-edit, a[href*='/edit/']")
    for path in (".", "2025", "units", "about"):
        page = soup(built_site, path)
        menu = page.select_one(".md-sidebar--primary").get_text(" ", strip=True)
        assert "编辑指南" not in menu and "开放数据" not in menu, path
        footer = {a.get_text(strip=True): a["href"] for a in page.select("footer a[href]")}
        assert footer["纠错与意见反馈"] == form and "编辑指南" in footer and "开放数据" in footer, path
    guide = soup(built_site, "guide").select_one("a.gk-edit, .gk-edit a")["href"]
    assert guide == "https://github.com/chengling-county/gongkai-site/edit/main/docs/guide/index.md"


def test_footer_shows_site_identity(built_site):
    footer = soup(built_site, ".").select_one("footer").get_text(" ", strip=True)
    for text in ("网站标识码", "9999000001", "澄ICP备00000001号-1", "澄公网安备 99990002000001号", "澄岭县人民政府办公室"):
        assert text in footer
    en_footer = soup(built_site, "en").select_one("footer").get_text(" ", strip=True)
    assert "Site ID code: 9999000001" in en_footer and "Run by: General Office" in en_footer
    registries = {a.get_text(strip=True): a["href"] for a in soup(built_site, ".").select("footer a[href]")}
    assert registries["澄ICP备00000001号-1"] == "https://beian.miit.gov.cn/"
    assert registries["澄公网安备 99990002000001号"] == "https://beian.mps.gov.cn/#/query/webSearch?code=99990002000001"
    assert not soup(built_site, ".").select("footer li")  # no bullets


ASSET_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
               "video": "src", "embed": "src", "object": "data"}


def test_no_third_party_requests(built_site):
    """No page or stylesheet loads anything from another host (fonts, CDNs, QR services)."""
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        urls = [el.get(attr) for tag, attr in ASSET_ATTRS.items() for el in page.find_all(tag)]
        urls += [el.get("href") for el in page.find_all("link") if set(el.get("rel", [])) - {"alternate", "canonical"}]
        for url in filter(None, urls):
            assert not urlsplit(url).netloc and not url.startswith("//"), (path, url)
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"(@import|url\()\s*['\"]?(https?:)?//", text), css


def test_chinese_first_language_and_system_fonts(built_site):
    page = soup(built_site, ".")
    assert page.html["lang"] == "zh"
    assert not page.select('link[href*="fonts.googleapis"], link[href*="fonts.gstatic"]')
    css = (built_site / "assets/stylesheets/gongkai.css").read_text(encoding="utf-8")
    assert '"PingFang SC"' in css and '"Noto Sans CJK SC"' in css
