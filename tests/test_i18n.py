"""Both languages, page by page: counterparts, switcher targets, <html lang>, every internal link."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import built
import pytest
import yaml
from bs4 import BeautifulSoup

from gongkai.content.model import DEFAULT_LANG
from gongkai.locales import ui

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


def test_the_404_page_says_it_is_in_the_default_language(built_site):
    """One 404 page for the site, in Chinese: a screen reader reads it with a Chinese voice."""
    soup = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == DEFAULT_LANG
    assert ui(DEFAULT_LANG)["not_found_title"] in soup.get_text()


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


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # Han and full-width punctuation


def listing_pages(site: Path) -> list[Path]:
    """Every generated page that is not a document: home, archives, years, units, compliance,
    search, in both languages."""
    corpus = built.corpus()
    rels = ["", "archive/", "units/", "search/", "compliance/"]
    rels += [f"{y}/" for y in corpus.years()] + [f"compliance/{y}/" for y in corpus.years()]
    rels += [f"units/{key}/" for key in corpus.site.units]
    return [site / prefix / rel / "index.html" for prefix in ("", "en/") for rel in rels]


def description(page: Path) -> str:
    tags = parse(page).select('head meta[name="description"]')
    assert len(tags) == 1, page
    return tags[0]["content"]


def test_every_listing_page_describes_itself_in_its_language(built_site):
    pages_ = listing_pages(built_site)
    descriptions = {page: description(page) for page in pages_}
    assert len(set(descriptions.values())) == len(pages_)  # one of its own each
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    generic = {config["site_description"]} | {lang.get("site_description") for lang in
                                               config["plugins"][0]["i18n"]["languages"]}
    for page, text in descriptions.items():
        assert text not in generic, page
        if language_of(built_site, page) == "en":
            assert not CJK.search(text), (page, text)
        else:
            assert CJK.search(text), (page, text)
    # what it says is that page's own: the unit's name, the year
    assert "Songping Town People's Government" in descriptions[built_site / "en/units/songping/index.html"]
    assert "2024年度" in descriptions[built_site / "compliance/2024/index.html"]


def test_an_english_document_shows_its_metadata_in_english(built_site):
    corpus = built.corpus()
    translated = [d for d in corpus.documents if "en" in d.translations]
    assert translated
    for doc in translated:
        page = parse(built_site / "en" / doc.doc_id / "index.html")
        category = page.select_one(".gk-meta__row--category dd").get_text()
        keywords = page.select_one(".gk-meta__row--keywords dd").get_text()
        assert category and not CJK.search(category), (doc.doc_id, category)
        assert keywords == ", ".join(doc.version("en").keywords), doc.doc_id
        chinese = parse(built_site / doc.doc_id / "index.html")
        assert chinese.select_one(".gk-meta__row--keywords dd").get_text() == "、".join(doc.keywords)


def test_a_translation_says_the_chinese_text_prevails_and_links_it(built_site):
    doc = next(d for d in built.corpus().documents if "en" in d.translations)
    for rel in (f"en/{doc.doc_id}/", f"en/{doc.doc_id}/print/"):
        page = built_site / rel / "index.html"
        note = parse(page).select_one(".gk-lang-note")
        assert note.get_text().startswith("This is a translation for reference; the Chinese text prevails."), rel
        link = note.select_one("a[hreflang=zh]")
        assert resolve(built_site, page, link["href"]) == built_site / doc.doc_id / "index.html", rel
    original = built_site / doc.doc_id / "index.html"
    note = parse(original).select_one(".gk-lang-note")
    assert "以中文为准" in note.get_text()
    link = note.select_one("a[hreflang=en]")
    assert link.get_text() == "English" and link["lang"] == "en"
    assert resolve(built_site, original, link["href"]) == built_site / "en" / doc.doc_id / "index.html"
    untranslated = next(d for d in built.corpus().documents if not d.translations)
    assert parse(built_site / untranslated.doc_id / "index.html").select_one(".gk-lang-note") is None


def test_english_strings_use_english_punctuation():
    """No full-width colon, comma or bracket in an English UI string (the problems' texts
    quote '：' where they explain it to an editor); every category has an English name."""
    strings = yaml.safe_load((REPO / "gongkai/locales/en.yml").read_text(encoding="utf-8"))
    full_width = re.compile("[：，。、（）；！？]")  # 【请填写…】 is quoted: editors see it in files
    assert not {k: v for k, v in strings["ui"].items() if full_width.search(v)}
    assert all(not CJK.search(v) for v in strings["categories"].values())
    zh = yaml.safe_load((REPO / "gongkai/locales/zh.yml").read_text(encoding="utf-8"))["ui"]
    defaults = {v for k, v in zh.items() if k.startswith("category_")}
    assert defaults <= set(strings["categories"])  # the categories documents get by default


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
