"""Shared test infrastructure.

Fixtures:
  site_build  (site dir, build log): the sample site built once per session, --strict
  built_site  that site's directory
  serve_dir   serve_dir(path) -> base_url: a directory over HTTP on 127.0.0.1,
              gzip for text types when the client accepts it
  browser     headless Chromium (Debian's, or CHROMIUM_PATH) driven by Playwright
  page        a fresh browser page per test, its context closed afterwards
"""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
from functools import lru_cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

REPO = Path(__file__).resolve().parent.parent

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# No network here but loopback: without the background-networking flags
# Chromium keeps trying Google's hosts; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


# --- the built sample site -------------------------------------------------

@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> tuple[Path, str]:
    """Build the repository's sample site once per session: (site directory, build log)."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed (exit {proc.returncode}):\n"
            f"{proc.stdout}\n{proc.stderr}",
            pytrace=False,
        )
    return out, proc.stdout + proc.stderr


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The sample site's directory (see site_build)."""
    return site_build[0]


# --- a local HTTP server -----------------------------------------------------

GZIP_TYPES = ("text/", "application/javascript", "application/json",
              "application/xml", "application/manifest+json", "image/svg+xml")


@lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    with open(path, "rb") as f:
        return gzip.compress(f.read(), compresslevel=6, mtime=0)


class _Handler(SimpleHTTPRequestHandler):
    """Static files; text types gzip-encoded when the request accepts gzip."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".mjs": "text/javascript",
        ".json": "application/json", ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml", ".wasm": "application/wasm",
    }

    def log_message(self, format, *args):  # keep test output clean
        pass

    def _gzip_target(self) -> str | None:
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return None  # let the base class redirect to the slash URL
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or not self.guess_type(path).startswith(GZIP_TYPES):
            return None
        return path

    def _send_gzipped(self, path: str, body: bool) -> None:
        st = os.stat(path)
        data = _gzipped(path, st.st_mtime_ns, st.st_size)
        ctype = self.guess_type(path)
        if ctype.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(st.st_mtime)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self):
        path = self._gzip_target()
        if path is None:
            super().do_GET()
        else:
            self._send_gzipped(path, body=True)

    def do_HEAD(self):
        path = self._gzip_target()
        if path is None:
            super().do_HEAD()
        else:
            self._send_gzipped(path, body=False)


@pytest.fixture(scope="session")
def serve_dir():
    """Factory: serve_dir(path) -> "http://127.0.0.1:PORT" (no trailing slash).

    One server per directory per session, each on a free port in a daemon
    thread; all are shut down at the end of the session.
    """
    servers: dict[Path, tuple[ThreadingHTTPServer, str]] = {}

    def serve(path) -> str:
        root = Path(path).resolve()
        if not root.is_dir():
            raise NotADirectoryError(root)
        if root not in servers:
            httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
            threading.Thread(target=httpd.serve_forever, name=f"serve {root}", daemon=True).start()
            servers[root] = (httpd, f"http://127.0.0.1:{httpd.server_address[1]}")
        return servers[root][1]

    yield serve
    for httpd, _ in servers.values():
        httpd.shutdown()
        httpd.server_close()


# --- the browser ---------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    """Headless Chromium through Playwright; fails (never skips) without one."""
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        pytest.fail(
            f"No Chromium at {CHROMIUM_PATH}. Run `make system-deps` "
            "(tools/install-system-deps.sh installs Debian's chromium) or set "
            "CHROMIUM_PATH to a Chromium/Chrome executable.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A new page in its own context (fresh cookies and storage) for one test; the test fails
    on any Content-Security-Policy violation its pages report."""
    context = browser.new_context()
    violations: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda msg: violations.append(msg.text)
                if "Content Security Policy" in msg.text else None)
        yield page
    finally:
        context.close()
    if violations:
        pytest.fail(f"Content-Security-Policy violations: {violations}", pytrace=False)
