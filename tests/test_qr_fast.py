"""The fast steps of gongkai.site.qr_mask (mask choice, codeword placement, error correction)
and qr._svg give exactly segno's codes: same mask, same modules, same SVG text, for short and
long, Latin and Chinese data."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from html import escape

import pytest
import segno
from segno import encoder

from gongkai.site import qr, qr_mask

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./?&=%#~本页网址二维码公开"


def inputs() -> list[str]:
    rnd = random.Random(18004)
    data = ["https://example.org/2025/songping-2025-notice-00123/", "1", "本", "HELLO WORLD 123",
            "0123456789" * 30]  # numeric and alphanumeric modes too
    for length in [*range(1, 160), *range(160, 420, 37)]:
        data.append("".join(rnd.choice(ALPHABET) for _ in range(length)))
    for n in range(60):
        data.append(f"https://example.gov.cn/{2000 + n}/songping-{n}-report/print/?lang=en&page={n * 37}")
    return data


@pytest.fixture
def segno_masks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[tuple[bytearray, ...], int]]]:
    """Every matrix segno asks a mask for while the test runs."""
    seen: list[tuple[tuple[bytearray, ...], int]] = []

    def spy(matrix: tuple[bytearray, ...], width: int, height: int, mask: int | None = None) -> object:
        seen.append((tuple(bytearray(row) for row in matrix), width))
        return qr_mask.find_and_apply_best_mask(matrix, width, height, mask)

    monkeypatch.setattr(encoder, "find_and_apply_best_mask", spy)
    yield seen


SEGNO = {"find_and_apply_best_mask": qr_mask._segno_best_mask, "add_codewords": qr_mask._segno_add_codewords,
         "make_final_message": qr_mask._segno_final_message}


def use_segno(patch: pytest.MonkeyPatch) -> None:
    for name, function in SEGNO.items():
        patch.setattr(encoder, name, function)


def test_fast_paths_are_installed():
    for name in SEGNO:
        assert getattr(encoder, name) is getattr(qr_mask, name)


def test_same_codewords_and_placement_as_segno(monkeypatch):
    messages, placements = [], []

    def final_spy(version: int, error: int, buff: encoder.Buffer) -> object:
        messages.append((version, error, encoder.Buffer(buff.getbits())))
        return qr_mask.make_final_message(version, error, buff)

    def place_spy(matrix: tuple[bytearray, ...], codewords: encoder.Buffer, version: int) -> None:
        placements.append(([bytearray(r) for r in matrix], encoder.Buffer(codewords.getbits()), version))
        qr_mask.add_codewords(matrix, codewords, version)

    monkeypatch.setattr(encoder, "make_final_message", final_spy)
    monkeypatch.setattr(encoder, "add_codewords", place_spy)
    for n, data in enumerate(inputs()):
        segno.make(data, error="lmqh"[n % 4], micro=False)
    assert len(messages) > 200 and {v for v, _, _ in messages} >= set(range(1, 14))
    for version, error, buff in messages:
        got = qr_mask.make_final_message(version, error, encoder.Buffer(buff.getbits())).getbits()
        assert got == qr_mask._segno_final_message(version, error, buff).getbits()
    for matrix, codewords, version in placements:
        fast, slow = tuple(bytearray(r) for r in matrix), tuple(bytearray(r) for r in matrix)
        qr_mask.add_codewords(fast, codewords, version)
        qr_mask._segno_add_codewords(slow, codewords, version)
        assert fast == slow


def test_same_mask_and_modules_as_segno(segno_masks):
    for n, data in enumerate(inputs()):
        segno.make(data, error="lmqh"[n % 4], micro=False)  # boost_error raises the level when it is free
    widths = {width for _, width in segno_masks}
    assert len(segno_masks) > 200 and min(widths) == 21 and max(widths) >= 21 + 4 * 12  # versions 1 to 13+
    for matrix, width in segno_masks:
        expected = qr_mask._segno_best_mask(tuple(bytearray(r) for r in matrix), width, width)
        got = qr_mask.find_and_apply_best_mask(tuple(bytearray(r) for r in matrix), width, width)
        assert got == expected
        assert type(got[1]) is tuple and all(type(row) is bytearray for row in got[1])


def segno_svg(data: str, label: str, css_class: str) -> str:
    """qr._render as it was: segno's own mask choice and SVG writer."""
    code = segno.make(data, error=qr.ERROR_LEVEL, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True,
              border=qr.QUIET_ZONE, dark="#000", light="#fff", svgclass=css_class or None,
              lineclass=None, title=label or None)
    attrs = ' role="img" shape-rendering="crispEdges"'
    if label:
        attrs += f' aria-label="{escape(label, quote=True)}"'
    return out.getvalue().decode("utf-8").replace("<svg", "<svg" + attrs, 1)


def test_same_svg_as_segno(monkeypatch):
    cases = [(data, f"本页网址二维码：{data} <&>" if n % 3 else "", ["gk-qr__svg", "", 'a"b<c'][n % 3])
             for n, data in enumerate(inputs()[::2])]
    with monkeypatch.context() as patch:
        use_segno(patch)
        expected = [segno_svg(*case) for case in cases]
    assert [qr._render(*case) for case in cases] == expected


def test_micro_codes_and_chosen_masks_as_segno_makes_them(monkeypatch):
    def make() -> list[object]:
        return [segno.make("12345", micro=True).matrix, segno.make("https://example.org/", mask=5).matrix]

    fast = make()
    use_segno(monkeypatch)
    assert fast == make()


def test_importing_the_core_again_keeps_segnos_own_functions_apart():
    """`mkdocs serve` imports gongkai again after a code edit (hooks/gongkai_hooks.py), when
    segno's names already hold the replacements: those must not become the "originals"."""
    import importlib
    import sys

    first = qr._render("https://example.org/2024/songping-2024-report/", "", "gk-qr__svg")
    for name in ("gongkai.site.qr", "gongkai.site.qr_mask"):
        del sys.modules[name]
    fresh_mask = importlib.import_module("gongkai.site.qr_mask")
    fresh_qr = importlib.import_module("gongkai.site.qr")
    try:
        assert fresh_mask._segno_add_codewords is SEGNO["add_codewords"]
        assert fresh_qr._render("https://example.org/2024/songping-2024-report/", "", "gk-qr__svg") == first
    finally:
        sys.modules["gongkai.site.qr"], sys.modules["gongkai.site.qr_mask"] = qr, qr_mask
        package = sys.modules["gongkai.site"]
        package.qr, package.qr_mask = qr, qr_mask  # type: ignore[attr-defined]
        qr_mask.install()
