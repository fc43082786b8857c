"""QR codes of page URLs as compact inline SVG, made at build time (no JavaScript, no service).

A resident scans the code on a desktop screen or on a printout to open the same page on a
phone, so the code always encodes the canonical absolute URL of the web page (the print view
encodes its document page, not itself).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from html import escape
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import segno

from gongkai.site import qr_mask

qr_mask.install()  # the same codes as segno's own encoder makes, ~5x faster

ERROR_LEVEL = "m"  # at least M (15 %); segno raises it when that costs no extra modules
QUIET_ZONE = 4  # modules of white border, as ISO/IEC 18004 requires
_DARK_RUN = re.compile(rb"\x01+")


# Codes being made ahead of use by prefetch(): (data, label, css_class) -> (future, index)
_pending: dict[tuple[str, str, str], tuple[Future[list[str]], int]] = {}
_pools: list[ProcessPoolExecutor] = []
PREFETCH_MIN = 64  # fewer codes than this are made in-process, when asked for
CHUNK = 32


@lru_cache(maxsize=4096)
def qr_svg(data: str, label: str = "", css_class: str = "gk-qr__svg") -> str:
    """`data` as an inline <svg>: viewBox only (sized by CSS), black modules on white.

    `label` becomes the accessible name (role="img", aria-label and <title>).
    """
    pending = _pending.pop((data, label, css_class), None)
    if pending is not None:
        future, index = pending
        return str(future.result()[index])
    return _render(data, label, css_class)


def _render_many(items: list[tuple[str, str, str]]) -> list[str]:
    return [_render(*item) for item in items]


def prefetch(items: Iterable[tuple[str, str]], css_class: str = "gk-qr__svg", workers: int | None = None) -> int:
    """Start making the codes of (data, label) pairs in other processes, so that a build's
    main process finds them ready when its pages ask qr_svg() for them (choosing the best of
    the eight QR masks, as ISO/IEC 18004 asks, is most of the ~1 ms a code, in Python). Leaves one
    core to the build; does nothing on a single core or for a few codes. The codes are the
    same as made in-process. Returns how many were scheduled; finish() ends the workers."""
    todo = [(d, label, css_class) for d, label in dict.fromkeys(items) if d and (d, label, css_class) not in _pending]
    workers = max(0, (os.cpu_count() or 1) - 1) if workers is None else workers
    if workers == 0 or len(todo) < PREFETCH_MIN:
        return 0
    pool = ProcessPoolExecutor(max_workers=min(workers, 4), mp_context=multiprocessing.get_context("spawn"))
    _pools.append(pool)
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start:start + CHUNK]
        future = pool.submit(_render_many, chunk)
        for index, item in enumerate(chunk):
            _pending[item] = (future, index)
    return len(todo)


def finish() -> None:
    """Stop prefetch()'s workers; codes not asked for are dropped."""
    _pending.clear()
    while _pools:
        _pools.pop().shutdown(wait=False, cancel_futures=True)


def _render(data: str, label: str, css_class: str) -> str:
    if not data:
        raise ValueError("qr_svg needs a non-empty string to encode")
    code = segno.make(data, error=ERROR_LEVEL, micro=False)
    svg = _svg(code.matrix, label, css_class)
    attrs = ' role="img" shape-rendering="crispEdges"'
    if label:
        attrs += f' aria-label="{escape(label, quote=True)}"'
    return svg.replace("<svg", "<svg" + attrs, 1)


def _svg(matrix: tuple[bytearray, ...], label: str, css_class: str) -> str:
    """The SVG segno writes for code.save(kind="svg", xmldecl=False, svgns=True, nl=False,
    omitsize=True, border=QUIET_ZONE, dark="#000", light="#fff", svgclass=css_class or None,
    lineclass=None, title=label or None), character for character: its general writer
    takes ~0.5 ms a code. One horizontal stroke per run of dark modules, relative moves."""
    size = len(matrix) + 2 * QUIET_ZONE
    strokes = []
    pen_x, pen_y = 0, 0.0
    for i, row in enumerate(matrix):
        y = QUIET_ZONE + 0.5 + i
        for run in _DARK_RUN.finditer(row):
            x1, x2 = run.start() + QUIET_ZONE, run.end() + QUIET_ZONE
            dy = y - pen_y  # 4.5 to the first row, then whole rows, written as segno writes them
            strokes.append(f"m{x1 - pen_x} {int(dy) if dy == int(dy) else dy}h{x2 - x1}")
            pen_x, pen_y = x2, y
    dark = '<path stroke="#000" d="M' + "".join(strokes)[1:] + '"/>'
    light = f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}"'
    if css_class:
        svg += f" class={quoteattr(css_class)}"
    svg += ">"
    if label:
        svg += f"<title>{xml_escape(label)}</title>"
    return svg + "".join(sorted((dark, light), key=len)) + "</svg>"  # segno's order of paths


def qr_modules(data: str) -> int:
    """Width of the symbol in modules without the quiet zone (for tests and size checks)."""
    return int(segno.make(data, error=ERROR_LEVEL, micro=False).symbol_size(border=0)[0])
