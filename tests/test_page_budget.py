"""Page budget: a document page's first load transfers at most 80 KB in Chromium, gzip
on, empty cache: HTML, CSS, JavaScript, QR code, icons, everything; and nothing is requested
from any host but the site's own.

Bytes are what went over the wire (Chrome DevTools Protocol: Network.loadingFinished
encodedDataLength, headers included; tools/pageweight.py), served by the gzip server of
conftest.py. Measured on the heaviest Chinese and English document pages of the sample site,
for a first-time reader and for a returning one in elder mode with the largest text.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus
from gongkai.site.paths import document_path
from tools.pageweight import first_load

REPO = Path(__file__).resolve().parent.parent

BUDGET = 80_000  # bytes, gzip, first load


def heaviest_document_pages(site) -> list[str]:
    """Site-relative paths of the Chinese and the English document page with the most gzipped HTML."""
    corpus = load_corpus(load_site(REPO), ["zh", "en"])
    paths = {document_path(doc, lang)[0] for doc in corpus.documents for lang in ["zh", *doc.translations]}
    sized = sorted(paths, key=lambda p: len(gzip.compress((site / p / "index.html").read_bytes())), reverse=True)
    return [next(p for p in sized if not p.startswith("en/")), next(p for p in sized if p.startswith("en/"))]


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_document_page_first_load_within_budget(built_site, serve_dir, browser, elder):
    base = serve_dir(built_site)
    for path in heaviest_document_pages(built_site):
        total, rows, failed = first_load(browser, f"{base}/{path}", elder)
        table = "\n".join(f"{size:>8}  {url}" for url, size in rows)
        assert not failed, f"failed requests on /{path}: {failed}"
        assert all(urlsplit(url).hostname == "127.0.0.1" for url, _ in rows if not url.startswith("data:")), table
        assert all(size > 0 for url, size in rows if not url.startswith("data:")), table
        assert total <= BUDGET, f"/{path}: {total:,} bytes > {BUDGET:,}\n{table}"
        # the QR code is inline SVG and the page's HTML itself arrived gzipped
        assert not any(url.endswith((".png", ".svg")) and "qr" in url for url, _ in rows), table
        html = next(size for url, size in rows if url.endswith(path))
        assert html < len((built_site / path / "index.html").read_bytes()) / 2, table


def test_budget_counts_what_the_wire_carries(built_site, serve_dir, browser):
    """The measurement itself: the HTML's counted bytes are its gzip size plus headers."""
    base = serve_dir(built_site)
    path = heaviest_document_pages(built_site)[0]
    total, rows, _ = first_load(browser, f"{base}/{path}")
    html = next(size for url, size in rows if url.endswith(path))
    gz = len(gzip.compress((built_site / path / "index.html").read_bytes(), compresslevel=6, mtime=0))
    assert gz < html < gz + 1000
    assert total > sum(size for _, size in rows if _.endswith(".css"))
