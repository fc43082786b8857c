"""QR codes of page URLs as compact inline SVG, made at build time (no JavaScript, no service).

A resident scans the code on a desktop screen or on a printout to open the same page on a
phone, so the code always encodes the canonical absolute URL of the web page (the print view
encodes its document page, not itself).
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from html import escape

import segno

ERROR_LEVEL = "m"  # at least M (15 %); segno raises it when that costs no extra modules
QUIET_ZONE = 4  # modules of white border, as ISO/IEC 18004 requires


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
    the eight QR masks, as ISO/IEC 18004 asks, takes ~4 ms a code in pure Python). Leaves one
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
    return int(segno.make(data, error=ERROR_LEVEL, micro=False).symbol_size(border=0)[0])
