"""What one cold page load transfers in Chromium: every request, its bytes on the wire.

    total, rows, failed = first_load(browser, url)      # rows: [(url, bytes)]

Bytes are Chrome DevTools Protocol Network.loadingFinished encodedDataLength (headers plus
the encoded, i.e. gzipped, body), cache disabled, a 390 x 844 phone screen. Used by
tests/test_page_budget.py and bench/run.py.
"""

from __future__ import annotations


def first_load(browser, url: str, elder: bool = False, settle_ms: int = 300) -> tuple[int, list[tuple[str, int]], list[str]]:
    """(bytes transferred, [(url, bytes)] per request, [urls that failed]) of one cold load;
    elder: with elder mode and the largest text stored, as a returning elderly reader."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        if elder:
            context.add_init_script("try { localStorage.setItem('gk-elder', '1');"
                                    " localStorage.setItem('gk-size', 'xl') } catch (e) {}")
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}
        failed: list[str] = []
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        cdp.on("Network.loadingFailed", lambda e: failed.append(urls.get(e["requestId"], e["requestId"])))
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(settle_ms)
        rows = [(urls[rid], sizes.get(rid, 0)) for rid in urls]
        return sum(size for _, size in rows), rows, failed
    finally:
        context.close()
