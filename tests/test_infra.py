"""The shared fixtures themselves: local server, gzip, browser, built site."""
from __future__ import annotations

import gzip
import urllib.request

HEADING = "城岭县2024年法治政府建设年度报告"
PAGE = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>测试</title></head>
<body><h1>{HEADING}</h1><p>{"依法行政，公开透明。" * 40}</p></body></html>
"""


def _get(url: str, **headers):
    req = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, dict(resp.headers), resp.read()


def _site(tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    return tmp_path


def test_serve_dir_plain(tmp_path, serve_dir):
    base = serve_dir(_site(tmp_path))
    assert base.startswith("http://127.0.0.1:") and not base.endswith("/")
    status, headers, body = _get(base + "/")
    assert status == 200
    assert "Content-Encoding" not in headers
    assert HEADING in body.decode("utf-8")
    assert serve_dir(tmp_path) == base  # one server per directory


def test_serve_dir_gzips_text_when_accepted(tmp_path, serve_dir):
    base = serve_dir(_site(tmp_path))
    raw = PAGE.encode("utf-8")
    for path in ("/", "/index.html", "/sub/"):
        status, headers, body = _get(base + path, **{"Accept-Encoding": "gzip, deflate, br"})
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Content-Type"].startswith("text/html")
        assert int(headers["Content-Length"]) == len(body) < len(raw)
        assert gzip.decompress(body) == raw


def test_serve_dir_leaves_binary_alone(tmp_path, serve_dir):
    base = serve_dir(_site(tmp_path))
    status, headers, body = _get(base + "/logo.png", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert "Content-Encoding" not in headers
    assert len(body) == 2008


def test_browser_reads_chinese_heading(tmp_path, serve_dir, page):
    base = serve_dir(_site(tmp_path))
    response = page.goto(base + "/")
    assert response is not None and response.ok
    assert response.headers.get("content-encoding") == "gzip"
    assert page.locator("h1").inner_text() == HEADING


# Draws a character on a canvas; returns [inked pixels, checksum of the
# pixels]. A character no installed font has is drawn as the same "tofu" box
# as any other missing one.
GLYPH_PIXELS = """ch => {
  const c = document.createElement('canvas'); c.width = c.height = 48;
  const g = c.getContext('2d'); g.font = '40px sans-serif'; g.fillText(ch, 4, 40);
  const d = g.getImageData(0, 0, 48, 48).data;
  let inked = 0, sum = 0;
  for (let i = 3; i < d.length; i += 4) { if (d[i]) inked++; sum = (sum * 31 + d[i]) >>> 0; }
  return [inked, sum];
}"""


def test_browser_renders_chinese_glyphs_not_boxes(tmp_path, serve_dir, page):
    page.goto(serve_dir(_site(tmp_path)) + "/")
    fa, missing = page.evaluate(GLYPH_PIXELS, "法"), page.evaluate(GLYPH_PIXELS, "\U0010FFFD")
    assert fa[0] > 0, "nothing drawn for 法"
    assert fa != missing, "法 is drawn as a missing-glyph box: install fonts-noto-cjk"


def test_built_site_has_home_page(built_site):
    index = built_site / "index.html"
    assert index.is_file()
    assert "<html" in index.read_text(encoding="utf-8")
