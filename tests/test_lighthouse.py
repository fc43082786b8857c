"""Lighthouse on a document page: mobile (Lighthouse's default form factor, simulated
slow 4G, 4x CPU slowdown), served by Debian's nginx with gzip, Debian's Chromium.
Goals: performance >= 95, accessibility 100, best practices >= 95, SEO >= 95.

Needs nginx (tools/install-system-deps.sh) and npm's lighthouse (package-lock.json, `npm ci`);
`make test` installs both. Without them the test fails and says what to install: it never
skips. The same measurement runs in `make bench` (tools/lighthouse.py).
"""

from __future__ import annotations

import pytest

from tools import lighthouse, nginx


def test_lighthouse_scores_of_a_document_page(built_site):
    try:
        nginx.nginx_binary()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    if not lighthouse.LIGHTHOUSE.exists():
        pytest.fail(f"{lighthouse.LIGHTHOUSE} missing: run `npm ci` (make test does)", pytrace=False)
    assert (built_site / lighthouse.DEFAULT_PAGE / "index.html").exists()
    scores, report = lighthouse.measure(built_site, lighthouse.DEFAULT_PAGE)
    assert report["configSettings"]["formFactor"] == "mobile"
    assert report["lighthouseVersion"] == "12.2.3"
    misses = {key: (scores.get(key), goal, lighthouse.failing_audits(report, key))
              for key, goal in lighthouse.GOALS.items() if scores.get(key, 0) < goal}
    assert not misses, misses
    # served by nginx with gzip: the HTML arrived compressed
    requests = report["audits"]["network-requests"]["details"]["items"]
    html = next(r for r in requests if r["url"].endswith(lighthouse.DEFAULT_PAGE))
    assert html["transferSize"] < html["resourceSize"] / 2
    assert all(r["url"].startswith(("http://127.0.0.1:", "data:")) for r in requests)
