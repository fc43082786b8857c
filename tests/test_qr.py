"""QR codes: every document page and print view carries one that a real decoder reads back as
the canonical URL of the document page; a build without site_url fails with a clear message."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from built import site_url

from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus
from gongkai.problems import ContentError
from gongkai.site.paths import absolute_url, document_path
from gongkai.site.qr import qr_modules, qr_svg
from gongkai.site.sitebuild import SiteBuild

REPO = Path(__file__).resolve().parent.parent
SITE_URL = site_url()
LANGUAGES = ["zh", "en"]


def expected_pages() -> list[tuple[str, str]]:
    """(site-relative path, URL its QR code must encode) of every document page and print view."""
    corpus = load_corpus(load_site(REPO), LANGUAGES)
    pages = []
    for doc in corpus.documents:
        for lang in ["zh", *doc.translations]:
            path, page_lang = document_path(doc, lang)
            assert page_lang == lang
            url = absolute_url(SITE_URL, path)
            pages += [(path, url), (f"{path}print/", url)]  # the print view encodes its web page
    return pages


PAGES = expected_pages()


# --- the SVG itself ------------------------------------------------------------------------

def test_svg_is_compact_accessible_inline_markup():
    url = "https://example.gov.cn/2024/songping-2024-report/?a=1&b=2"
    svg = qr_svg(url, f"本页网址二维码：{url}")
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "\n" not in svg
    opening = svg[:svg.index(">")]
    assert 'role="img"' in opening and 'viewBox="0 0 ' in opening
    assert "aria-label=\"本页网址二维码：https://example.gov.cn/2024/songping-2024-report/?a=1&amp;b=2\"" in opening
    assert " width=" not in opening and " height=" not in opening  # sized by CSS
    assert "<title>本页网址二维码：" in svg
    assert 'fill="#fff"' in svg and 'stroke="#000"' in svg  # black on white, whatever the theme
    size = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    assert size == qr_modules(url) + 2 * 4  # four modules of quiet zone on each side
    assert len(svg) < 4000


def test_svg_needs_data():
    with pytest.raises(ValueError):
        qr_svg("")


# --- site_url is required --------------------------------------------------------------------

def test_site_build_without_site_url_is_a_content_error():
    with pytest.raises(ContentError) as info:
        SiteBuild(REPO, LANGUAGES, "")
    assert [p.code for p in info.value.problems] == ["site_url_missing"]


def test_mkdocs_build_without_site_url_fails_with_a_clear_message(tmp_path):
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    without = re.sub(r"^site_url:.*\n", "", config, flags=re.M)
    assert without != config
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "-", "-d", str(tmp_path / "site")],
        input=without, cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "site_url" in output and "mkdocs.yml" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "index.html").exists()


# --- the built site ---------------------------------------------------------------------------

def test_every_document_page_has_one_inline_qr_code(built_site):
    assert len(PAGES) >= 4
    for path, url in PAGES:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert html.count('<figure class="gk-qr') == 1, path
        assert html.count("<svg role=\"img\" shape-rendering=\"crispEdges\" aria-label=") == 1, path
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
        assert canonical == url, path


def decode_qr(png: bytes) -> list[str]:
    from PIL import Image
    from pyzbar.pyzbar import ZBarSymbol, decode

    image = Image.open(io.BytesIO(png)).convert("L")
    return [r.data.decode("utf-8") for r in decode(image, symbols=[ZBarSymbol.QRCODE])]


def test_every_qr_code_decodes_to_the_canonical_url(built_site, serve_dir, browser):
    """Render each page in Chromium, screenshot its QR code as shown, decode it with zbar."""
    base = serve_dir(built_site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2,
                                  java_script_enabled=False)
    page = context.new_page()
    decoded = 0
    try:
        for path, url in PAGES:
            page.goto(f"{base}/{path}")
            assert page.locator('link[rel="canonical"]').get_attribute("href") == url, path
            svg = page.locator(".gk-qr svg")
            assert svg.count() == 1, path
            box = svg.bounding_box()
            assert box and box["width"] >= 80 and abs(box["width"] - box["height"]) < 1, (path, box)
            assert decode_qr(svg.screenshot()) == [url], path
            decoded += 1
    finally:
        context.close()
    assert decoded == len(PAGES)
    print(f"\n{decoded} QR codes decoded")


@pytest.mark.parametrize("width, media, shown", [
    (1280, "screen", True),  # desktop: beside the metadata block
    (1000, "screen", True),
    (900, "screen", False),  # below 60em: a phone or a narrow window need not scan itself
    (390, "screen", False),
    (390, "print", True),  # always on paper
])
def test_qr_code_shown_on_desktop_and_paper_hidden_on_narrow_screens(built_site, serve_dir, browser,
                                                                      width, media, shown):
    path = PAGES[0][0]
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.emulate_media(media=media)
        page.goto(f"{serve_dir(built_site)}/{path}")
        assert page.locator(".gk-qr").evaluate("e => e.checkVisibility()") is shown
        caption = page.locator(".gk-qr figcaption").text_content()
        assert caption == "扫一扫在手机打开当前页"
    finally:
        context.close()
