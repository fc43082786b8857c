"""Both languages, page by page: counterparts, switcher targets, <html lang>, every internal link."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import built
import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
SITE_PATH = "/gongkai-site/"  # the path of site_url: links resolve below it


@cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return SITE_PATH + (rel.removesuffix("index.html"))


def language_of(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "zh"


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The built file an internal link leads to, or None for an external one."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "tel:")):
        return None
    target = unquote(urlsplit(urljoin(url_of(site, page), href)).path)
    assert target.startswith(SITE_PATH), (page, href)
    local = site / target[len(SITE_PATH):]
    return local / "index.html" if target.endswith("/") else local


def test_html_lang_matches_the_language_of_the_page(built_site):
    for page in pages(built_site):
        html = parse(page).html
        if html is None:  # redirect stubs and fragments
            continue
        expected = language_of(built_site, page)
        # an untranslated document is served in Chinese only, never under /en/
        assert html.get("lang") == expected, page


def test_every_page_has_a_counterpart_or_a_switcher_target(built_site):
    for page in pages(built_site):
        soup = parse(page)
        switcher = soup.select("a.md-select__link[hreflang]")
        if not switcher:
            continue
        langs = {a["hreflang"]: a["href"] for a in switcher}
        assert set(langs) == {"zh", "en"}, page
        for lang, href in langs.items():
            target = resolve(built_site, page, href)
            assert target is not None and target.is_file(), (page, lang, href)
            assert language_of(built_site, target) == lang, (page, lang, href)


def test_untranslated_document_switches_to_its_english_year_archive(built_site):
    corpus = built.corpus()
    untranslated = next(d for d in corpus.documents if not d.translations)
    page = built_site / untranslated.doc_id / "index.html"
    en_link = parse(page).select_one('a.md-select__link[hreflang="en"]')["href"]
    assert resolve(built_site, page, en_link) == built_site / f"en/{untranslated.year}/index.html"
    # and the English archive lists it, marked Chinese only, linking to the Chinese page
    archive = built_site / f"en/{untranslated.year}/index.html"
    link = next(a for a in parse(archive).select("a[href]")
                if resolve(built_site, archive, a["href"]) == page)
    assert link.get("hreflang") == "zh" and "Chinese only" in link.parent.get_text()
    # no hreflang alternate pretends an English version exists
    hreflangs = {lnk["hreflang"] for lnk in parse(page).select('head link[rel="alternate"][hreflang]')}
    assert "en" not in hreflangs


def test_translated_document_has_hreflang_alternates_both_ways(built_site):
    corpus = built.corpus()
    doc = next(d for d in corpus.documents if "en" in d.translations)
    for here, other, lang in ((doc.doc_id, f"en/{doc.doc_id}", "en"), (f"en/{doc.doc_id}", doc.doc_id, "zh")):
        page = built_site / here / "index.html"
        alternates = {lnk["hreflang"]: lnk["href"] for lnk in parse(page).select('head link[rel="alternate"][hreflang]')}
        # fully qualified, as search engines (and Lighthouse's hreflang audit) require: the
        # other language's canonical URL
        canonical = parse(built_site / other / "index.html").select_one('link[rel="canonical"]')["href"]
        assert urlsplit(alternates[lang]).scheme in ("http", "https") and alternates[lang] == canonical
        assert resolve(built_site, page, urlsplit(alternates[lang]).path) == built_site / other / "index.html"


def test_every_internal_link_resolves_to_a_built_file(built_site):
    checked = 0
    for page in pages(built_site):
        soup = parse(page)
        for el in soup.select("a[href], link[href]"):
            rel = set(el.get("rel") or [])
            if "canonical" in rel:
                continue
            target = resolve(built_site, page, el["href"])
            if target is not None:
                assert target.exists(), (page.relative_to(built_site), el["href"])
                checked += 1
    assert checked > 500


@pytest.mark.parametrize("path", ["", "archive/", "units/", "search/", "units/songping/", "2024/"])
def test_generated_pages_exist_in_both_languages(built_site, path):
    for prefix in ("", "en/"):
        assert (built_site / prefix / path / "index.html").is_file(), prefix + path


def test_sitemap_lists_both_languages_with_alternates(built_site):
    xml = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert any("/en/" in u for u in locs) and any("/en/" not in u for u in locs)
    assert 'hreflang="en"' in xml and 'hreflang="zh"' in xml


def test_build_log_has_no_warnings(site_build):
    _, log = site_build
    assert "Unhandled file case" not in log
    assert not re.search(r"^WARNING", log, re.M), log


def test_a_third_language_is_a_config_change_plus_ui_strings(tmp_path):
    """What the README promises: add the locale to mkdocs.yml and a gongkai/locales/<lang>.yml."""
    from support import copy_repo, mkdocs

    root = copy_repo(tmp_path / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "        - locale: en\n"
    assert anchor in text
    config.write_text(text.replace(anchor, "        - locale: ja\n          name: 日本語\n          build: true\n"
                                          + anchor), encoding="utf-8")
    strings = (root / "gongkai/locales/en.yml").read_text(encoding="utf-8")
    (root / "gongkai/locales/ja.yml").write_text(strings.replace("lang_name: English", "lang_name: 日本語"),
                                                 encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs(root, "build", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stderr[-3000:]
    for path in ("ja/index.html", "ja/2024/index.html", "ja/units/songping/index.html", "ja/search/index.html"):
        assert (site / path).is_file(), path
    assert parse(site / "ja/index.html").html["lang"] == "ja"
    # an untranslated document is listed in Japanese too, pointing to the Chinese page
    listed = {a["href"] for a in parse(site / "ja/2024/index.html").select("a[hreflang='zh']")}
    assert listed


def test_every_problem_reads_in_both_languages_with_the_same_placeholders():
    import string

    from gongkai.locales import strings

    def placeholders(text: str) -> set[str]:  # sections_zh and sections_en: the text in the reader's language
        return {re.sub(r"_(zh|en)$", "_<lang>", name) for _, name, _, _ in string.Formatter().parse(text) if name}

    zh, en = strings("zh")["problems"], strings("en")["problems"]
    assert set(zh) == set(en)
    for code, entry in zh.items():
        for part in ("message", "fix"):
            assert placeholders(entry[part]) == placeholders(en[code][part]), (code, part)
