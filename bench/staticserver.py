"""A small static file server that gzips text responses, as a static host would.

Python's http.server sends files uncompressed, which overstates what a phone downloads.
This one compresses text types (html, css, js, json, svg, xml, txt; the search index's
files are .json) with gzip level 6 when the client sends `Accept-Encoding: gzip`, caches
the compressed bytes in memory and sends other types as they are. Loopback only. Usage:

    python bench/staticserver.py SITE_DIR [--port 8000]
    with serve(site_dir) as base_url: ...
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import io
import os
import threading
from functools import partial
from pathlib import Path
from typing import ClassVar

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _Counting:
    """Counts what goes over the socket (headers and bodies) into server.bytes_sent."""

    def __init__(self, raw, server):
        self._raw, self._server = raw, server

    def write(self, data):
        with _lock:
            self._server.bytes_sent = getattr(self._server, "bytes_sent", 0) + len(data)
        return self._raw.write(data)

    def __getattr__(self, name):
        return getattr(self._raw, name)


_lock = threading.Lock()


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".json": "application/json",
        ".wasm": "application/wasm",
        ".svg": "image/svg+xml",
    }
    _gz_cache: ClassVar[dict[tuple[str, float], bytes]] = {}

    def log_message(self, format, *args):
        pass

    def setup(self):
        super().setup()
        self.wfile = _Counting(self.wfile, self.server)

    def handle_one_request(self):
        before = self.server.bytes_sent
        super().handle_one_request()
        if getattr(self, "path", None):
            with _lock:
                self.server.requests.append((self.path, self.server.bytes_sent - before))

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirect to the slash form
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and os.path.isfile(path) and ctype.startswith(TEXT_TYPES)):
            return super().send_head()
        st = os.stat(path)
        key = (path, st.st_mtime)
        body = self._gz_cache.get(key)
        if body is None:
            body = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
            self._gz_cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site_dir: Path, port: int = 0):
    """Serve site_dir on 127.0.0.1 in a background thread; yields the server, whose
    `.url` is the base URL and `.bytes_sent` counts the bytes sent so far."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=str(site_dir)))
    server.bytes_sent = 0
    server.requests = []  # (path, bytes) per request, in order of completion
    server.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site_dir", type=Path)
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args()
    handler = partial(Handler, directory=str(args.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"serving {args.site_dir} on http://127.0.0.1:{args.port}/ (gzip)")
    server.serve_forever()


if __name__ == "__main__":
    main()
