"""Site search: build the Pagefind index of the built site. No MkDocs import.

The browser loads nothing for search until a reader searches on the search page; then
Pagefind's `pagefind.js` fetches only the index chunks the query needs (see
bench/search_bench.py for the measured bytes and times). This module runs the indexer once
on the finished site (all languages), writing one bundle to `<site_dir>/pagefind/`; Pagefind
keeps one index per language, chosen from each page's `<html lang>`.

Engine: Pagefind's *extended* binary (Chinese word segmentation), version PAGEFIND_VERSION,
installed from the npm registry by the repository's package.json / package-lock.json
(`npm ci`). The standard binary does not segment Chinese and is never used. The PyPI build
(`pagefind[extended]`, 1.5.2 at the time of writing) is accepted as a fallback, with a
warning: on the 2,000-document benchmark corpus it missed 22% of the documents containing
化解 (inside 多元化解) and ranked a town's own reports below others for its name.

Attribute contract (what document pages must carry; everything else is not indexed):

    <html lang="zh">                          one index per language (zh, en)
    <div class="gk-doc" data-pagefind-body>   exactly one per document page, around title,
                                              metadata and body; no other page has it
      <h1 data-pagefind-meta="title">…</h1>   result title; keep it indexed (no
                                              data-pagefind-ignore): title words rank first
      {% include "partials/gk-search-facets.html" %}  (doc = gk.doc), which renders:
      <div class="gk-search-facets" hidden data-pagefind-ignore>   not in excerpts, but
        <span data-pagefind-filter="unit"                  filters and meta
              data-pagefind-meta="unit">松坪镇</span>      unit short name, page language
        <span data-pagefind-filter="year" data-pagefind-meta="year"
              data-pagefind-sort="year">2024</span>       year, digits only
        <span data-pagefind-filter="kind" data-pagefind-meta="kind">年度报告</span>
      </div>
      … metadata block, body …
      <p class="gk-crumbs" data-pagefind-ignore>   crumbs, related documents, buttons, QR
                                              code: anything naming other documents
    </div>

Filter and metadata values are display strings in the page's language: the search page
shows them as they are.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGEFIND_VERSION = "1.6.0"  # keep in step with package.json / package-lock.json
OUTPUT_SUBDIR = "pagefind"
# never indexed even inside data-pagefind-body: the "#" permalinks MkDocs' toc extension adds
EXCLUDE_SELECTORS = ("a.headerlink",)
ENV_BINARY = "GONGKAI_PAGEFIND"  # path of a pagefind_extended binary, overrides the search
REPO_ROOT = Path(__file__).resolve().parent.parent
BODY_FOUND = "Found a data-pagefind-body element on the site"
INSTALL_HINT = (
    "Install it with `npm ci` in the repository root (package-lock.json pins pagefind "
    f"{PAGEFIND_VERSION}; its extended binary segments Chinese), or point {ENV_BINARY} at a "
    "pagefind_extended binary."
)


class SearchIndexError(RuntimeError):
    """The search index could not be built; the message says why and what to do."""


@dataclass
class IndexStats:
    binary: Path
    version: str
    seconds: float
    output_dir: Path
    pages: dict[str, int]  # language -> indexed pages
    files: int
    bytes: int
    missing_languages: list[str] = field(default_factory=list)  # asked for, no page indexed
    unexpected_languages: list[str] = field(default_factory=list)  # indexed, not asked for
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        langs = ", ".join(f"{lang} {n}" for lang, n in sorted(self.pages.items())) or "none"
        return (f"search index: {sum(self.pages.values())} pages ({langs}), {self.files} files, "
                f"{self.bytes / 1e6:.1f} MB, {self.seconds:.1f} s, pagefind {self.version}")


def _npm_platform() -> str:
    """Name of the @pagefind/<platform> npm package for this machine."""
    system = {"linux": "linux", "darwin": "darwin", "win32": "windows", "freebsd": "freebsd"}.get(
        sys.platform.rstrip("0123456789"), sys.platform)
    machine = platform.machine().lower()
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"{system}-{arch}"


def _exe(name: str) -> str:
    return name + (".exe" if os.name == "nt" else "")


def _candidates(project_root: Path | None) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    env = os.environ.get(ENV_BINARY)
    if env:
        found.append((f"${ENV_BINARY}", Path(env)))
    roots = []
    for root in (project_root, REPO_ROOT, Path.cwd()):
        if root is not None and root.resolve() not in roots:
            roots.append(root.resolve())
    for root in roots:
        npm_bin = root / "node_modules" / "@pagefind" / _npm_platform() / "bin"
        found.append(("npm", npm_bin / _exe("pagefind_extended")))
    try:  # PyPI: pagefind[extended] ships the binary inside the pagefind-bin-extended wheel
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found]

        found.append(("pypi", Path(get_executable())))
    except (ImportError, FileNotFoundError):
        pass
    which = shutil.which("pagefind_extended")
    if which:
        found.append(("PATH", Path(which)))
    return found


def find_pagefind(project_root: Path | None = None) -> Path:
    """The pagefind_extended binary to use; SearchIndexError if there is none.

    Order: $GONGKAI_PAGEFIND, node_modules/@pagefind/<platform>/bin/ under the project root
    (then this repository, then the working directory), the PyPI wheel, PATH. Never the
    standard `pagefind` binary, which does not segment Chinese.
    """
    for origin, path in _candidates(project_root):
        if path.is_file() and os.access(path, os.X_OK):
            return path
        if origin.startswith("$"):
            raise SearchIndexError(f"{ENV_BINARY}={path} is not an executable file.")
    raise SearchIndexError(
        "Pagefind (extended) is not installed: the search index cannot be built. " + INSTALL_HINT)


def pagefind_version(binary: Path) -> str:
    out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60)
    match = re.search(r"(\d+\.\d+\.\d+\S*)", out.stdout + out.stderr)
    if out.returncode or not match:
        raise SearchIndexError(f"{binary} --version failed: {(out.stdout + out.stderr).strip()[:300]}")
    return match.group(1)


def _clean_output(out_dir: Path) -> None:
    """Remove the previous bundle, but only if it is one (never a folder someone else made)."""
    if not out_dir.exists():
        return
    if out_dir.is_dir() and ((out_dir / "pagefind-entry.json").exists() or not any(out_dir.iterdir())):
        shutil.rmtree(out_dir)
        return
    raise SearchIndexError(f"{out_dir} exists and is not a Pagefind bundle; refusing to overwrite it.")


def build_index(
    site_dir: Path,
    languages: list[str],
    *,
    binary: Path | None = None,
    project_root: Path | None = None,
    output_subdir: str = OUTPUT_SUBDIR,
    exclude_selectors: tuple[str, ...] = EXCLUDE_SELECTORS,
    timeout: float = 3600,
) -> IndexStats:
    """Index the built site in `site_dir` (all languages at once) into `site_dir/output_subdir`.

    `languages`: the site's languages (page `<html lang>` values); a language without any
    document page is reported in `missing_languages` (its search page shows no results,
    never another language's). Raises SearchIndexError when the binary is missing, fails,
    or no page carries data-pagefind-body (Pagefind would then index every page whole,
    navigation included).
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"site directory {site_dir} does not exist: build the site first.")
    binary = Path(binary) if binary else find_pagefind(project_root)
    version = pagefind_version(binary)
    warnings = []
    if "extended" not in binary.name:
        warnings.append(f"{binary} may be the standard Pagefind binary, which does not segment Chinese.")
    if version != PAGEFIND_VERSION:
        warnings.append(f"pagefind {version} at {binary}, expected {PAGEFIND_VERSION}. " + INSTALL_HINT)
    out_dir = site_dir / output_subdir
    _clean_output(out_dir)
    # a clean environment and working directory: no PAGEFIND_* variable or pagefind.yml of
    # the caller's changes what gets indexed
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    cmd = [str(binary), "--site", str(site_dir), "--output-subdir", output_subdir]
    if exclude_selectors:
        cmd += ["--exclude-selectors", ", ".join(exclude_selectors)]
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gongkai-pagefind-") as cwd:
        try:
            run = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                                 encoding="utf-8", errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            raise SearchIndexError(f"pagefind did not finish within {timeout:.0f} s") from None
    seconds = time.monotonic() - start
    log = run.stdout + run.stderr
    if run.returncode != 0:
        raise SearchIndexError(f"pagefind failed (exit {run.returncode}):\n{log.strip()[-2000:]}")
    entry_file = out_dir / "pagefind-entry.json"
    if not entry_file.exists():
        raise SearchIndexError(
            f"pagefind wrote no index (no HTML pages in {site_dir}?):\n{log.strip()[-2000:]}")
    if BODY_FOUND not in log:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise SearchIndexError(
            "no page carries data-pagefind-body, so Pagefind would index every page whole "
            "(navigation, footers, listings). Document pages must carry it; see gongkai/search.py.")
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    pages = {lang: info.get("page_count", 0) for lang, info in entry.get("languages", {}).items()}
    files = [p for p in out_dir.rglob("*") if p.is_file()]
    return IndexStats(
        binary=binary,
        version=version,
        seconds=seconds,
        output_dir=out_dir,
        pages=pages,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        missing_languages=[lang for lang in languages if lang.lower() not in pages],
        unexpected_languages=[lang for lang in pages if lang not in {x.lower() for x in languages}],
        warnings=warnings,
    )


def main(argv: list[str] | None = None) -> int:
    """python -m gongkai.search SITE_DIR [LANG ...]: index an already built site."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(main.__doc__)
        return 2
    try:
        stats = build_index(Path(args[0]), args[1:] or ["zh", "en"])
    except SearchIndexError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in stats.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(stats.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
