"""Search engine and search UI over a tiny hand-written site (no MkDocs build).

The fixture site renders the real templates (overrides/search.html, partials/search.html,
partials/gk-search-facets.html) inside a stub of Material's page, with Material's CSS and
our JS/CSS, indexes it with gongkai.search.build_index (Pagefind extended) and drives it in
Chromium: each kind of Chinese query, filters, languages, the header entry with and
without JavaScript, on a 360-px screen. Tests over the real sample site live elsewhere.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jinja2
import pytest

from gongkai.locales import ui
from gongkai.search import IndexStats, SearchIndexError, build_index

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = REPO / "overrides"
MATERIAL = Path(__import__("material").__file__).parent / "templates"

STUB_MAIN = """<!doctype html>
<html lang="{{ gk.lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ base_url }}/assets/stylesheets/material.css">
</head><body dir="ltr" data-md-color-primary="red" data-md-color-accent="red">
<header class="md-header md-header--shadow"><nav class="md-header__inner md-grid">
<a class="md-header__button md-logo" href="{{ base_url }}/">Logo</a>
<div class="md-header__title"><div class="md-header__ellipsis"><div class="md-header__topic">
<span class="md-ellipsis">澄岭县法治政府建设信息公开</span></div></div></div>
{% include "partials/search.html" %}
</nav></header>
<nav class="site-nav">首页 人民调解 法律明白人 上坪镇 行政执法 政策解读</nav>
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-content"><article class="md-content__inner md-typeset">
{% block content %}{% endblock %}
</article></div></div></main></div>
<footer>澄岭县人民政府办公室主办 调解 法律顾问</footer>
</body></html>"""

STUB_DOC = """{% extends "main.html" %}{% block content %}
<div class="gk-doc" data-pagefind-body>
<p class="gk-crumbs" data-pagefind-ignore>{{ doc.year }} › {{ doc.unit_short }} › {{ doc.kind_label }}</p>
<h1 data-pagefind-meta="title">{{ doc.title }}</h1>
{% include "partials/gk-search-facets.html" %}
{{ body }}
</div>{% endblock %}"""

STUB_HOME = """{% extends "main.html" %}{% block content %}
<h1>首页</h1><p>人民调解 化解 法律明白人 一村一法律顾问 行政执法 上坪镇 松坪镇：导航页面不进索引。</p>
{% endblock %}"""

# (slug, lang, title, unit, year, kind label, body paragraphs)
DOCS = [
    ("songping-2024-report", "zh", "松坪镇2024年法治政府建设年度报告", "松坪镇", 2024, "年度报告", [
        "2024年，松坪镇围绕依法行政推进法治政府建设。",
        "镇党委会审议重大事项前一律经过合法性审查，全年审查规范性文件3件。",
        "开展法律明白人培训2场，各村张贴普法宣传画。"]),
    ("shangping-2023-report", "zh", "上坪镇2023年法治政府建设年度报告", "上坪镇", 2023, "年度报告", [
        "上坪镇坚持和发展新时代枫桥经验，推进矛盾纠纷多元化解，把矛盾纠纷解决在基层。",
        "上坪镇综治中心建立多元化解工作台账，全年办结群众诉求112件。",
        "存在的不足是部分干部依法行政能力有待提高。"]),
    ("justice-2024-mingbairen", "zh", "县司法局关于开展“法律明白人”培训的通知", "县司法局", 2024, "公告通知", [
        "为深入实施“法律明白人”培养工程，县司法局决定开展法律明白人培训。",
        "培训对象为各乡镇推荐的法律明白人，上坪镇、松坪镇各推荐20名。",
        "培训内容包括民法典、法律明白人工作职责和常见纠纷处理方法。"]),
    ("hewan-2024-mediation", "zh", "河湾镇人民调解工作情况通报", "河湾镇", 2024, "公告通知", [
        "河湾镇人民调解委员会全年受理纠纷86件，调解成功84件。",
        "人民调解员队伍不断壮大，各村均设立调解室，调解工作规范化水平提高。",
        "下一步将继续加强人民调解与行政调解、司法调解的衔接。"]),
    ("county-2023-adviser", "zh", "《澄岭县一村一法律顾问工作办法》政策解读", "县人民政府", 2023, "政策解读", [
        "一村一法律顾问是指每个村（社区）聘请一名律师或基层法律服务工作者担任法律顾问。",
        "法律顾问参与人民调解，协助村民委员会依法处理村务。",
        "本办法自发布之日起施行，一村一法律顾问工作经费列入县财政预算。"]),
    ("xiaping-2022-enforcement", "zh", "下坪镇行政执法公示", "下坪镇", 2022, "公告通知", [
        "根据行政执法公示制度，现将下坪镇2022年行政执法信息公示如下。",
        "全年开展行政执法检查36次，行政执法人员均持证上岗。",
        "上坪村村民反映的问题已转交有关部门处理。"]),
    ("songping-2024-report", "en", "Songping Town 2024 Annual Report on Rule-of-Law Government",
     "Songping Town", 2024, "Annual report", [
        "In 2024 Songping Town advanced rule-of-law government.",
        "The town's people's mediation committees handled 86 disputes through mediation."]),
]


def _site_path(slug_year: int, slug: str, lang: str) -> str:
    return ("" if lang == "zh" else f"{lang}/") + f"{slug_year}/{slug}/"


def _render_site(root: Path) -> None:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.DictLoader({"main.html": STUB_MAIN, "doc.html": STUB_DOC, "home.html": STUB_HOME}),
            jinja2.FileSystemLoader(str(OVERRIDES)),
            jinja2.FileSystemLoader(str(MATERIAL)),
        ]),
        autoescape=False,
    )

    # MkDocs' `url` filter: a path relative to the site root, made relative to the page
    env.filters["url"] = jinja2.pass_context(lambda ctx, path: f"{ctx['base_url']}/{path}")

    def write(rel: str, template: str, lang: str, gk_extra: dict | None = None, **ctx) -> None:
        depth = rel.count("/")
        base_url = "/".join([".."] * depth) if depth else "."
        gk = {"ui": ui(lang), "lang": lang, "default_lang": "zh", **(gk_extra or {})}
        html = env.get_template(template).render(gk=gk, base_url=base_url, **ctx)
        out = root / rel / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")

    write("", "home.html", "zh", page={"title": "首页"})
    # Chinese: filter values rendered into the page (gk.search_facets); English: from Pagefind
    facets = {"year": sorted({d[4] for d in DOCS if d[1] == "zh"}, reverse=True),
              "unit": sorted({d[3] for d in DOCS if d[1] == "zh"}),
              "kind": sorted({d[5] for d in DOCS if d[1] == "zh"})}
    for lang in ("zh", "en"):
        gk_extra = {"search_facets": facets} if lang == "zh" else {}
        write(("" if lang == "zh" else f"{lang}/") + "search/", "search.html", lang,
              page={"title": ui(lang).get("search_title", "搜索")}, gk_extra=gk_extra)
    for slug, lang, title, unit, year, kind, paras in DOCS:
        doc = {"title": title, "unit_short": unit, "year": year, "kind_label": kind}
        body = "\n".join(f"<p>{p}</p>" for p in paras)
        write(_site_path(year, slug, lang), "doc.html", lang, page={"title": title}, doc=doc, body=body)
    assets = root / "assets"
    (assets / "stylesheets").mkdir(parents=True)
    (assets / "javascripts").mkdir(parents=True)
    shutil.copy(next((MATERIAL / "assets" / "stylesheets").glob("main.*.min.css")),
                assets / "stylesheets" / "material.css")
    shutil.copy(OVERRIDES / "assets" / "stylesheets" / "gongkai-search.css", assets / "stylesheets")
    shutil.copy(OVERRIDES / "assets" / "javascripts" / "gongkai-search.js", assets / "javascripts")


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> tuple[Path, IndexStats]:
    root = tmp_path_factory.mktemp("search-site")
    _render_site(root)
    stats = build_index(root, ["zh", "en"])
    return root, stats


@pytest.fixture(scope="module")
def base(search_site, serve_dir) -> str:
    return serve_dir(search_site[0])


def _search(page, base: str, query: str, lang: str = "zh") -> list[dict]:
    """Type `query` into the search page's box, submit, wait for the results."""
    page.goto(f"{base}/{'' if lang == 'zh' else lang + '/'}search/")
    page.fill(".gk-search__input", query)
    page.press(".gk-search__input", "Enter")
    return _results(page)


def _results(page) -> list[dict]:
    page.wait_for_function(
        "() => { const s = document.querySelector('.gk-search__status').textContent;"
        " return document.querySelector('[data-gk-search]').getAttribute('aria-busy') !== 'true' && s }",
        timeout=20000)
    return page.eval_on_selector_all(".gk-result", """items => items.map(li => ({
        title: li.querySelector('.gk-result__title')?.textContent,
        href: li.querySelector('a')?.getAttribute('href'),
        meta: [...li.querySelectorAll('.gk-result__meta span')].map(s => s.textContent).join(' · '),
        excerpt: li.querySelector('.gk-result__excerpt')?.innerHTML }))""")


# --- the index -------------------------------------------------------------------

def test_index_has_document_pages_only_per_language(search_site):
    root, stats = search_site
    assert stats.pages == {"zh": 6, "en": 1}  # home and search pages carry no data-pagefind-body
    assert stats.missing_languages == [] and stats.unexpected_languages == []
    assert (root / "pagefind" / "pagefind.js").is_file()
    assert stats.version and stats.files > 0


def test_index_refuses_a_site_without_document_markup(tmp_path):
    (tmp_path / "index.html").write_text("<html lang='zh'><body><p>人民调解</p></body></html>", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="data-pagefind-body"):
        build_index(tmp_path, ["zh"])
    assert not (tmp_path / "pagefind").exists()


def test_index_will_not_overwrite_a_foreign_folder(tmp_path):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="not a Pagefind bundle"):
        build_index(tmp_path, ["zh"])


def test_missing_binary_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_PAGEFIND", str(tmp_path / "nope"))
    with pytest.raises(SearchIndexError, match="GONGKAI_PAGEFIND"):
        build_index(tmp_path, ["zh"])


# --- Chinese queries --------------------------------------------------------------

@pytest.mark.parametrize(("query", "first", "absent"), [
    ("调解", "河湾镇人民调解工作情况通报", []),                                 # two characters
    ("化解", "上坪镇2023年法治政府建设年度报告", ["河湾镇人民调解工作情况通报"]),   # inside 多元化解
    ("人民调解 法律顾问", "《澄岭县一村一法律顾问工作办法》政策解读",             # several words: all
     ["河湾镇人民调解工作情况通报", "松坪镇2024年法治政府建设年度报告"]),
    ("法律明白人", "县司法局关于开展“法律明白人”培训的通知", ["河湾镇人民调解工作情况通报"]),
    ("一村一法律顾问", "《澄岭县一村一法律顾问工作办法》政策解读", []),
    ("行政执法", "下坪镇行政执法公示", ["河湾镇人民调解工作情况通报"]),
])
def test_query_finds_the_right_document_first(page, base, query, first, absent):
    results = _search(page, base, query)
    titles = [r["title"] for r in results]
    assert titles and titles[0] == first, titles
    for title in absent:
        assert title not in titles
    assert "<mark>" in results[0]["excerpt"]
    assert page.text_content(".gk-search__status") == f"找到 {len(titles)} 条结果" or len(titles) == 5


def test_town_name_is_run_as_the_unit_filter(page, base):
    results = _search(page, base, "上坪镇")
    assert [r["title"] for r in results] == ["上坪镇2023年法治政府建设年度报告"]
    assert "上坪镇" in page.text_content(".gk-search__note")
    # the note offers the full-text search, which also finds documents that mention the town
    page.click(".gk-search__all")
    titles = [r["title"] for r in _results(page)]
    assert "县司法局关于开展“法律明白人”培训的通知" in titles
    assert titles[0] == "上坪镇2023年法治政府建设年度报告"


def test_town_name_with_more_words(page, base):
    results = _search(page, base, "松坪镇 法律明白人")
    assert [r["title"] for r in results] == ["松坪镇2024年法治政府建设年度报告"]


# --- results and filters --------------------------------------------------------------

def test_result_shows_title_unit_year_excerpt_and_links_to_the_page(page, base):
    results = _search(page, base, "法律明白人")
    top = results[0]
    assert top["meta"] == "县司法局 · 2024 · 公告通知"
    assert re.search(r"<mark>法律明白人</mark>|<mark>法律</mark>", top["excerpt"])
    page.click(".gk-result a >> nth=0")
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/2024/justice-2024-mingbairen/"
    assert page.text_content("h1") == "县司法局关于开展“法律明白人”培训的通知"


def test_filters_narrow_by_unit_year_and_kind(page, base):
    results = _search(page, base, "法律")
    assert len(results) == 3
    options = page.eval_on_selector_all("select[name=unit] option", "os => os.map(o => o.value)")
    assert {"松坪镇", "上坪镇", "河湾镇", "县司法局", "县人民政府", "下坪镇"} <= set(options)
    assert page.eval_on_selector_all("select[name=year] option", "os => os.map(o => o.value)")[1:] == [
        "2024", "2023", "2022"]
    assert set(page.eval_on_selector_all("select[name=kind] option", "os => os.map(o => o.value)")[1:]) == {
        "年度报告", "公告通知", "政策解读"}
    page.select_option("select[name=unit]", "县人民政府")
    assert [r["title"] for r in _results(page)] == ["《澄岭县一村一法律顾问工作办法》政策解读"]
    assert parse_qs(urlparse(page.url).query) == {"q": ["法律"], "unit": ["县人民政府"]}
    page.select_option("select[name=unit]", "")
    page.select_option("select[name=year]", "2024")
    assert {r["title"] for r in _results(page)} == {
        "县司法局关于开展“法律明白人”培训的通知", "松坪镇2024年法治政府建设年度报告"}
    page.select_option("select[name=kind]", "公告通知")
    results = _results(page)
    assert [(r["title"], r["meta"]) for r in results] == [
        ("县司法局关于开展“法律明白人”培训的通知", "县司法局 · 2024 · 公告通知")]
    assert parse_qs(urlparse(page.url).query) == {"q": ["法律"], "year": ["2024"], "kind": ["公告通知"]}


def test_filter_lists_come_from_the_page_or_from_pagefind(page, base):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    _search(page, base, "调解")  # zh: gk.search_facets rendered the options
    assert not [u for u in requests if "/pagefind/filter/" in u]
    _search(page, base, "mediation", lang="en")  # en: pagefind.filters()
    assert [u for u in requests if "/pagefind/filter/" in u]
    assert page.eval_on_selector_all("select[name=unit] option", "os => os.map(o => o.value)") == [
        "", "Songping Town"]


def test_filters_from_the_url(page, base):
    page.goto(f"{base}/search/?q=%E6%B3%95%E5%BE%8B&year=2023")
    titles = [r["title"] for r in _results(page)]
    assert titles == ["《澄岭县一村一法律顾问工作办法》政策解读"]
    assert page.input_value("select[name=year]") == "2023"


def test_a_filter_without_words_lists_that_unit_newest_first(page, base):
    page.goto(f"{base}/search/?unit=%E6%9D%BE%E5%9D%AA%E9%95%87")  # 松坪镇
    assert [r["title"] for r in _results(page)] == ["松坪镇2024年法治政府建设年度报告"]
    page.select_option("select[name=unit]", "县司法局")
    assert [r["title"] for r in _results(page)] == ["县司法局关于开展“法律明白人”培训的通知"]


def test_only_the_page_language_is_searched(page, base):
    assert [r["title"] for r in _search(page, base, "mediation", lang="en")] == [
        "Songping Town 2024 Annual Report on Rule-of-Law Government"]
    assert _search(page, base, "Songping") == []
    assert _search(page, base, "调解", lang="en") == []


def test_no_search_download_before_searching_and_no_third_party(page, base):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/2024/songping-2024-report/")
    page.goto(f"{base}/search/")
    page.wait_for_timeout(300)
    assert not [u for u in requests if "/pagefind/" in u]
    page.fill(".gk-search__input", "调解")
    page.press(".gk-search__input", "Enter")
    _results(page)
    assert [u for u in requests if "/pagefind/" in u]
    assert all(u.startswith(base) for u in requests), [u for u in requests if not u.startswith(base)]


# --- the header entry ------------------------------------------------------------------

def test_header_entry_by_keyboard_on_a_wide_screen(page, base):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/2024/songping-2024-report/")
    assert page.is_visible(".gk-hsearch__input") and not page.is_visible(".gk-hsearch__open")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.className") == "gk-hsearch__input"
    page.keyboard.type("法律明白人")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert _results(page)[0]["title"] == "县司法局关于开展“法律明白人”培训的通知"
    assert page.input_value(".gk-search__input") == "法律明白人"


def test_header_entry_on_a_360px_screen(page, base):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/2024/songping-2024-report/")
    assert page.is_visible(".gk-hsearch__open") and not page.is_visible(".gk-hsearch__input")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click(".gk-hsearch__open")
    assert page.is_visible(".gk-hsearch__input")
    box = page.locator(".gk-hsearch__form").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.keyboard.press("Escape")
    assert not page.is_visible(".gk-hsearch__input")
    page.click(".gk-hsearch__open")
    page.keyboard.type("调解")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert _results(page)[0]["title"] == "河湾镇人民调解工作情况通报"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_search_page_fits_a_360px_screen(page, base):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/search/?q=%E8%B0%83%E8%A7%A3")
    _results(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for sel in (".gk-search__input", ".gk-search__submit", "select[name=unit]", ".gk-result a >> nth=0"):
        box = page.locator(sel).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, sel


def test_header_entry_without_javascript(browser, base):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{base}/2024/songping-2024-report/")
        assert page.get_attribute(".gk-hsearch__open", "href") == "../../search/"
        page.click(".gk-hsearch__open")
        page.wait_for_url(f"{base}/search/")
        assert page.is_visible(".gk-search__noscript")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{base}/2024/songping-2024-report/")
        page.fill(".gk-hsearch__input", "调解")
        page.press(".gk-hsearch__input", "Enter")  # a plain GET form
        page.wait_for_url("**/search/?q=*")
        assert parse_qs(urlparse(page.url).query) == {"q": ["调解"]}
    finally:
        context.close()
