"""The Content-Security-Policy of every page: our own inline scripts allowed by hash only.

A `<meta http-equiv>` policy travels with the files to any host; `frame-ancestors` cannot be
set that way, so the deploy guide gives the server headers (docs/guide/deploy.md).
"""

from __future__ import annotations

import base64
import hashlib
import re

# an inline script a browser would run: no src, and no data type such as application/ld+json
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPE = re.compile(r"""\stype\s*=\s*["']?application/(?:ld\+)?json""", re.I)
HEAD_START = re.compile(r"<head[^>]*>\s*(?:<meta charset=[^>]*>)?", re.I)

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'{hashes}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
# what the server sends as a header (tools/nginx-security-headers.conf): what a <meta> policy
# cannot carry (frame-ancestors), and the rules that need no per-page hashes. Browsers enforce
# both policies, so the header never has to know the pages' inline scripts.
HEADER_POLICY = "frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"


def script_hashes(html: str) -> list[str]:
    found = []
    for m in INLINE_SCRIPT.finditer(html):
        if " src" in m["attrs"].lower() or DATA_TYPE.search(m["attrs"]):
            continue
        digest = hashlib.sha256(m["body"].encode("utf-8")).digest()
        found.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return list(dict.fromkeys(found))


def policy(hashes: list[str]) -> str:
    joined = "".join(f" {h}" for h in hashes)
    return "; ".join(d.format(hashes=joined) for d in DIRECTIVES)


def with_policy(html: str) -> str:
    """`html` with its policy as the first element of <head> after the charset."""
    m = HEAD_START.search(html)
    if m is None:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(script_hashes(html))}">'
    return html[: m.end()] + tag + html[m.end():]
