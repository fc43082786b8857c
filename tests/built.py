"""Helpers to read a built site: resolve links and absolute URLs to files, load the corpus."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent


@cache
def site_url() -> str:
    from gongkai.content.config import mkdocs_config

    return mkdocs_config(REPO)["site_url"]


@cache
def corpus():
    from gongkai.content.config import load_site
    from gongkai.content.corpus import load_corpus

    c = load_corpus(load_site(REPO), languages())
    assert c.ok, [p.format() for p in c.problems]
    return c


@cache
def languages() -> list[str]:
    from gongkai.content.config import site_languages

    return site_languages(REPO)


def page_file(site: Path, rel: str) -> Path:
    """The file serving a site-root-relative path ("2024/x/" -> 2024/x/index.html)."""
    rel = rel.split("#", 1)[0].split("?", 1)[0]
    if rel == "" or rel.endswith("/"):
        return site / rel / "index.html"
    return site / rel


def url_to_rel(url: str) -> str:
    """Absolute URL of this site -> site-root-relative path; fails for other hosts."""
    base = site_url().rstrip("/") + "/"
    assert url.startswith(base), f"{url} is not below {base}"
    return url[len(base):]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_rel(site: Path, file: Path) -> str:
    """Site-root-relative URL path of a built HTML file (x/index.html -> x/)."""
    rel = file.relative_to(site).as_posix()
    return rel.removesuffix("index.html")


def resolve(site: Path, file: Path, href: str) -> str | None:
    """Site-root-relative path an href on `file` points to; None for other hosts."""
    base = "http://site.invalid/" + page_rel(site, file)
    target = urlsplit(urljoin(base, href))
    if target.netloc != "site.invalid":
        return None
    path = posixpath.normpath(target.path) + ("/" if target.path.endswith("/") else "")
    return path.lstrip("/") if path != "/" else ""


def links(site: Path, file: Path, selector: str = "a[href]") -> set[str]:
    return {r for a in soup(file).select(selector) if (r := resolve(site, file, a["href"])) is not None}
