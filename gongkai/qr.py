"""QR codes of page URLs as compact inline SVG, made at build time (no JavaScript, no service).

A resident scans the code on a desktop screen or on a printout to open the same page on a
phone, so the code always encodes the canonical absolute URL of the web page (the print view
encodes its document page, not itself).
"""

from __future__ import annotations

import io
from functools import lru_cache
from html import escape

import segno

ERROR_LEVEL = "m"  # at least M (15 %); segno raises it when that costs no extra modules
QUIET_ZONE = 4  # modules of white border, as ISO/IEC 18004 requires


@lru_cache(maxsize=4096)
def qr_svg(data: str, label: str = "", css_class: str = "gk-qr__svg") -> str:
    """`data` as an inline <svg>: viewBox only (sized by CSS), black modules on white.

    `label` becomes the accessible name (role="img", aria-label and <title>).
    """
    if not data:
        raise ValueError("qr_svg needs a non-empty string to encode")
    code = segno.make(data, error=ERROR_LEVEL, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True,
              border=QUIET_ZONE, dark="#000", light="#fff", svgclass=css_class or None,
              lineclass=None, title=label or None)
    svg = out.getvalue().decode("utf-8")
    attrs = ' role="img" shape-rendering="crispEdges"'
    if label:
        attrs += f' aria-label="{escape(label, quote=True)}"'
    return svg.replace("<svg", "<svg" + attrs, 1)


def qr_modules(data: str) -> int:
    """Width of the symbol in modules without the quiet zone (for tests and size checks)."""
    return segno.make(data, error=ERROR_LEVEL, micro=False).symbol_size(border=0)[0]
