"""QR codes made ahead in worker processes (gongkai.site.qr.prefetch, used by every build of 64 or
more documents) are exactly the codes made in-process, and the workers stop afterwards."""

from __future__ import annotations

from gongkai.site import qr


def test_prefetched_codes_equal_in_process_codes():
    items = [(f"https://example.invalid/site/2024/doc-{i:04d}/", f"本页网址二维码：{i}") for i in range(70)]
    expected = [qr._render(data, label, "gk-qr__svg") for data, label in items]
    qr.qr_svg.cache_clear()
    try:
        assert qr.prefetch(items, workers=1) == len(items)
        assert len(qr._pending) == len(items) and qr._pools
        got = [qr.qr_svg(data, label) for data, label in items]
        assert got == expected
        assert not qr._pending  # every code was taken from the workers
    finally:
        qr.finish()
        qr.qr_svg.cache_clear()
    assert not qr._pools and not qr._pending


def test_few_codes_or_one_core_are_made_in_process():
    assert qr.prefetch([("https://example.invalid/a/", "a")], workers=1) == 0
    assert qr.prefetch([(f"https://example.invalid/{i}/", "") for i in range(100)], workers=0) == 0
    assert not qr._pools
