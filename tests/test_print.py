"""Printing: the print view of every document is a standalone official-looking page; headless
Chromium prints a report to an A4 PDF with the title, the signature and page numbers and none of
the site chrome; the normal page's print CSS hides the chrome too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus
from gongkai.content.signature import is_date_line
from gongkai.locales import ui
from gongkai.site.paths import document_path

REPO = Path(__file__).resolve().parent.parent
CORPUS = load_corpus(load_site(REPO), ["zh", "en"])
DOC_PAGES = [document_path(doc, lang)
             for doc in CORPUS.documents for lang in ["zh", *doc.translations]]
A4_PT = (595.28, 841.89)
ZH_DATE = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$")  # GB/T 9704: no leading zeros


def report_path() -> str:
    """The newest Chinese annual report: the document most often printed."""
    reports = [d for d in CORPUS.newest_first() if d.kind == "annual-report"]
    assert reports, "the sample site has no annual report"
    return document_path(reports[0], "zh")[0]


def chrome_texts(lang: str) -> list[str]:
    """Texts of the site chrome and the print view's own controls: none may reach paper."""
    labels = ui(lang)
    site = CORPUS.site
    texts = [labels[k] for k in ("footer_site_id", "footer_icp", "footer_sponsor", "archive_title",
                                 "print_page", "back_to_page", "print_hint", "edit_this",
                                 "related_heading", "skip_to_content")]
    texts += [site.site_name(lang), site.icp, site.site_id_code, "English", "回到页面顶部", "跳转至"]
    return [t for t in texts if t]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def assert_a4(pdf: Path) -> int:
    info = pdf_info(pdf)
    width, height = map(float, re.match(r"\s*([\d.]+) x ([\d.]+) pts", info["Page size"]).groups())
    assert abs(width - A4_PT[0]) < 1.5 and abs(height - A4_PT[1]) < 1.5, info["Page size"]
    return int(info["Pages"])


@pytest.fixture(scope="module")
def report_pdf(built_site, serve_dir, browser, tmp_path_factory) -> tuple[Path, BeautifulSoup]:
    """The print view of the newest annual report, printed by headless Chromium."""
    path = report_path()
    out = tmp_path_factory.mktemp("print") / "report.pdf"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{serve_dir(built_site)}/{path}print/")
        page.pdf(path=str(out), prefer_css_page_size=True)  # print media, no browser header/footer
    finally:
        context.close()
    soup = BeautifulSoup((built_site / path / "print" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return out, soup


# --- the print view is a standalone page, out of nav and search ---------------------------

@pytest.mark.parametrize("path, lang", DOC_PAGES)
def test_print_view_is_standalone(built_site, path, lang):
    soup = BeautifulSoup((built_site / path / "print" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    for chrome in (".md-header", ".md-nav", ".md-footer", ".md-search", ".md-sidebar", "form", "nav"):
        assert not soup.select(chrome), chrome
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert all(src.endswith("assets/javascripts/gongkai-print.js") for src in scripts), scripts
    button = soup.select_one(".gk-print-toolbar button")
    assert button.get_text() == ui(lang)["print_page"] and button.has_attr("data-gk-print")
    assert soup.select_one(".gk-print-toolbar a")["href"] == "../"
    icon = soup.find("link", rel="icon")  # else the browser asks for /favicon.ico, which is not there
    assert icon and (built_site / path / "print" / icon["href"]).resolve().is_file()
    doc = soup.select_one("main.gk-doc")
    order = [c for c in ("gk-head", "h1", "gk-body", "gk-signature", "gk-qr")
             if doc.select_one(f".{c}" if c.startswith("gk") else c)]
    assert order == ["gk-head", "h1", "gk-body", "gk-signature", "gk-qr"]
    positions = [str(doc).index(f'class="{c}' if c.startswith("gk") else f"<{c}") for c in order]
    assert positions == sorted(positions), "metadata, title, body, signature, QR code: in this order"


def test_print_views_are_not_in_nav_sitemap_or_search(built_site):
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select(".md-nav a[href], .md-tabs a[href]"):
            assert not link["href"].rstrip("/").endswith("/print"), html
    for sitemap in built_site.rglob("sitemap.xml"):
        assert "/print/" not in sitemap.read_text(encoding="utf-8")
    for index in [*built_site.rglob("search_index.json"), *(built_site / "search-index").rglob("*.json")]:
        assert "/print/" not in index.read_text(encoding="utf-8")


@pytest.mark.parametrize("path, lang", DOC_PAGES)
def test_signature_comes_from_metadata_once(built_site, path, lang):
    """The typed signature is gone from the body; the metadata one ends the page and the view."""
    for page in (path, f"{path}print/"):
        soup = BeautifulSoup((built_site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        paragraphs = [p.get_text(strip=True) for p in soup.select(".gk-body p")]
        assert paragraphs and not is_date_line(paragraphs[-1]), page
        unit = soup.select_one(".gk-signature__unit").get_text(strip=True)
        date = soup.select_one(".gk-signature__date").get_text(strip=True)
        assert unit not in paragraphs[-2:], f"{page}: typed signature still in the body"
        if lang == "zh":
            assert ZH_DATE.match(date), date


# --- printing a report with headless Chromium --------------------------------------------

def test_report_prints_as_an_a4_official_document(report_pdf):
    pdf, soup = report_pdf
    pages = assert_a4(pdf)
    text = pdf_text(pdf)
    flat = squash(text)
    title = squash(soup.select_one("h1").get_text())
    unit = squash(soup.select_one(".gk-signature__unit").get_text())
    date = squash(soup.select_one(".gk-signature__date").get_text())
    assert title in flat
    assert unit + date in flat, "the signature: unit, then the date on the next line"
    assert flat.index(unit + date) > flat.index(title)
    assert "扫一扫在手机打开当前页" in flat
    for label in ("索引号", "发布机构", "成文日期", "发布日期"):
        assert label in squash(pdf_text(pdf, 1)), label
    for chrome in chrome_texts("zh"):
        assert squash(chrome) not in flat, f"chrome text on paper: {chrome}"
    assert "#" not in text  # no permalink anchors
    for n in range(1, pages + 1):
        assert f"—{n}—" in squash(pdf_text(pdf, n)), f"page number — {n} — missing"


def test_report_first_page_looks_like_gbt9704(report_pdf, tmp_path):
    """Render page 1 and check where the ink is: inside the A4 text block, page number below it."""
    from PIL import Image

    pdf, _ = report_pdf
    dpi = 60
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page1")], check=True)
    png = tmp_path / "page1.png"
    if os.environ.get("GK_PRINT_PNG"):  # keep the picture to look at: GK_PRINT_PNG=/tmp/page1.png
        shutil.copy(png, os.environ["GK_PRINT_PNG"])
    image = Image.open(png).convert("L")
    mm = dpi / 25.4
    ink = image.point(lambda v: 255 if v < 128 else 0)
    left, top, right, _bottom = ink.getbbox()
    assert abs(image.width - 210 * mm) < 2 and abs(image.height - 297 * mm) < 2
    assert left >= 28 * mm - 2, "left (binding) margin 28 mm"
    assert right <= (210 - 26) * mm + 2, "right margin 26 mm"
    assert top >= 37 * mm - 2, "top margin 37 mm"
    body = ink.crop((0, 0, image.width, int((297 - 35) * mm)))
    assert body.getbbox()[3] > (297 - 35 - 20) * mm, "the text block is filled to near its bottom"
    footer = ink.crop((0, int((297 - 35 + 3) * mm), image.width, image.height))
    assert footer.getbbox(), "page number below the text block"
    assert footer.getbbox()[0] > image.width / 2, "odd page: the number on the right"


def test_qr_code_on_paper_decodes_to_the_web_page(report_pdf, tmp_path):
    """A paper reader scans the code on the last page: it opens the document's web page."""
    from PIL import Image
    from pyzbar.pyzbar import ZBarSymbol, decode

    pdf, soup = report_pdf
    last = assert_a4(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(last), "-l", str(last), "-singlefile",
                    str(pdf), str(tmp_path / "last")], check=True)
    found = decode(Image.open(tmp_path / "last.png").convert("L"), symbols=[ZBarSymbol.QRCODE])
    canonical = soup.find("link", rel="canonical")["href"]
    assert [r.data.decode() for r in found] == [canonical]
    assert not canonical.rstrip("/").endswith("/print")


@contextmanager
def printed(browser, url: str) -> Iterator:
    """The page at `url` in a fresh browser context, as the printer sees it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.emulate_media(media="print")
        yield page
    finally:
        context.close()


# --- the normal page printed -------------------------------------------------------------

def test_normal_page_print_css_hides_the_chrome(built_site, serve_dir, browser, tmp_path):
    path = report_path()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{serve_dir(built_site)}/{path}")
        page.emulate_media(media="print")
        for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                         ".md-footer", ".md-search", ".md-select", ".md-top", ".gk-crumbs",
                         ".gk-actions", ".md-content__button", ".headerlink"):
            for element in page.locator(selector).all():
                assert element.evaluate("e => getComputedStyle(e).display === 'none' || !e.checkVisibility()"), selector
        for selector in ("h1", ".gk-meta", ".gk-body", ".gk-signature", ".gk-qr"):
            assert page.locator(selector).first.evaluate("e => e.checkVisibility()"), selector
        assert page.locator(".gk-body p").first.evaluate("e => getComputedStyle(e).fontSize") == "21.3333px"  # 16pt
        pdf = tmp_path / "normal.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        context.close()
    assert_a4(pdf)
    flat = squash(pdf_text(pdf))
    for chrome in chrome_texts("zh"):
        assert squash(chrome) not in flat, f"chrome text on paper: {chrome}"
    assert "—1—" in squash(pdf_text(pdf, 1))
    assert "扫一扫在手机打开当前页" in flat


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_title_qr_caption_and_first_page(built_site, serve_dir, browser, tmp_path, lang):
    """On paper the title breaks only between whole phrases, in balanced lines; the QR caption
    is one line; and page 1 is not left mostly blank (the English print once was 40 % empty)."""
    doc = next(d for d in CORPUS.newest_first() if d.kind == "annual-report" and "en" in d.translations)
    path = document_path(doc, lang)[0]
    with printed(browser, f"{serve_dir(built_site)}/{path}print/") as page:
        title = page.evaluate("""() => {
            const range = document.createRange(), lines = el => { range.selectNodeContents(el);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };
            const h1 = document.querySelector('h1'), rects = [...h1.querySelectorAll('.gk-title__phrase')];
            const widths = [...new Set(rects.map(r => Math.round(r.getBoundingClientRect().top)))].map(top =>
                rects.filter(r => Math.round(r.getBoundingClientRect().top) === top)
                     .reduce((w, r) => w + r.getBoundingClientRect().width, 0));
            return {phrases: rects.map(lines), widths, caption: lines(document.querySelector('.gk-qr__caption'))};
        }""")
        pdf = tmp_path / f"{lang}.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    if lang == "zh":
        assert set(title["phrases"]) == {1}, "a phrase of the title broke inside"
    assert len(title["widths"]) < 2 or min(title["widths"]) > 0.5 * max(title["widths"]), title  # balanced
    assert title["caption"] == 1
    lines = [len([x for x in pdf_text(pdf, n).splitlines() if x.strip()]) for n in (1, 2)]
    assert lines[0] >= 0.6 * lines[1], f"page 1 holds {lines[0]} lines, page 2 {lines[1]}"


@pytest.mark.parametrize("lang, gap", [("zh", 0), ("en", 0.5)])
def test_printed_keywords_are_spaced_as_the_language_writes_them(built_site, serve_dir, browser, lang, gap):
    """A Chinese keyword ends with 、, which is spaced already: no gap after it (there was one
    of half a character); an English ", " loses its space at the end of a part: the gap is it."""
    doc = next(d for d in CORPUS.newest_first() if lang in [*d.translations, "zh"] and len(d.version(lang).keywords) > 1)
    with printed(browser, f"{serve_dir(built_site)}/{document_path(doc, lang)[0]}print/") as page:
        found = page.evaluate("""() => {
            const dd = document.querySelector('.gk-meta__row--keywords dd');
            return [parseFloat(getComputedStyle(dd).columnGap) || 0, parseFloat(getComputedStyle(dd).fontSize)];
        }""")
    assert found[0] == pytest.approx(gap * found[1], abs=0.5), found
