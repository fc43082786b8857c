"""A county decade: a document page's HTML at 2,000 documents is at most 1.2x its size at 20.

Both corpora come from tools/site_corpus.py (document i is the same in both). Bodies are short
here to keep the test quick: the bound is about what the page adds around the body (navigation,
listings, related documents), which must not grow with the number of documents. The build-time
bound is measured by bench/build_scaling.py, not here.
"""

from __future__ import annotations

import pytest
from built import soup
from support import mkdocs

from tools.site_corpus import document_id, make_repo

SMALL, LARGE = 20, 2000
BODY_CHARS = 1500


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for n in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"repo{n}")
        make_repo(root, n, seed=1, body_chars=BODY_CHARS)
        site = root / "site"
        proc = mkdocs(root, "build", "--strict", "-q", "-d", str(site), timeout=900)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        built[n] = site
    return built


@pytest.mark.parametrize("index", [0, 10, 5])  # annual reports: two translated, one not
def test_document_page_size_does_not_grow_with_the_corpus(sites, index):
    rel = document_id(index) + "/index.html"
    small = (sites[SMALL] / rel).stat().st_size
    large = (sites[LARGE] / rel).stat().st_size
    assert large <= 1.2 * small, f"{rel}: {large} bytes at {LARGE} documents, {small} at {SMALL}"


def test_translated_page_size_does_not_grow_with_the_corpus(sites):
    rel = "en/" + document_id(0) + "/index.html"
    assert (sites[LARGE] / rel).stat().st_size <= 1.2 * (sites[SMALL] / rel).stat().st_size


def test_navigation_is_the_same_at_both_sizes(sites):
    """The navigation lists years and units, never documents: identical at 20 and 2,000."""
    rel = document_id(0) + "/index.html"
    navs = [soup(sites[n] / rel).select_one("nav.md-nav--primary") for n in (SMALL, LARGE)]
    assert [a["href"] for a in navs[0].select("a[href]")] == [a["href"] for a in navs[1].select("a[href]")]


def test_every_document_is_built_at_scale(sites):
    site = sites[LARGE]
    for i in range(LARGE):
        assert (site / document_id(i) / "index.html").is_file(), document_id(i)
