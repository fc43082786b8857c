"""Search benchmark (not a test): a synthetic corpus, the real search UI, a phone profile.

    .venv/bin/python bench/search_bench.py                 # 2,000 documents, default queries
    .venv/bin/python bench/search_bench.py --docs 200 --queries 调解 上坪镇
    .venv/bin/python bench/search_bench.py --reuse         # keep bench/out/search/site if it has N docs

What it does:
1. writes N synthetic document pages (bench/search_corpus.py: ~15,000 characters each, 40
   towns with look-alike names, 6 county departments, 2019–2025, three kinds) and the search
   page (its filter values, gk.view, from the corpus), all rendered from the real
   templates (overrides/search.html, partials/search.html) inside a stub of Material's page
   that loads Material's real CSS but not its JavaScript bundle (the real site does not
   load it either);
2. indexes the same documents with gongkai.search.SearchIndex, in this process (as the
   build's hook does): seconds, peak memory (this process's largest resident set, the
   corpus included), files and MB of site/search-index/;
3. serves the site gzipped on 127.0.0.1 (bench/staticserver.py, counts bytes on the wire);
4. for each query, in a fresh browser context (cold cache) on the phone profile —
   Chromium with CDP Network.emulateNetworkConditions (1.6 Mbit/s down, 750 kbit/s up,
   150 ms latency), Emulation.setCPUThrottlingRate 4, a 393×851 touch screen — measures
   a) "query": the search page already open, the query typed (the engine and the index
      manifest start loading with the first keystroke; 2 s of typing) and submitted: bytes
      transferred since the page was open, and time from Enter until the first result is
      on screen;
   b) "from header": opening search/?q=… as the header form does (page, CSS, JS included);
   and once, the bytes of a document page view (no search download at all).
"Bytes to the first result" leave out the document parts fetched for the results after
the first (gongkai-search-page.js fetches the first result's part alone, then the others);
"KB page" is everything until the first page of results is filled.
Results are printed and written to bench/out/search/results.json.

Caveats: the corpus is synthetic (see bench/search_corpus.py); bytes are what Chromium
received (headers + encoded body); CDP throttling is per page. bench/pagefind_compare.py
measures Pagefind on the same pages afterwards.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from pathlib import Path

import jinja2

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import search_corpus as corpus
from staticserver import serve

from gongkai.locales import ui
from gongkai.search import SearchDocument, SearchIndex

MATERIAL = Path(__import__("material").__file__).parent / "templates"
OVERRIDES = REPO / "overrides"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PHONE = {"latency": 150, "download": 1.6e6 / 8, "upload": 750e3 / 8, "cpu": 4}
DEFAULT_QUERIES = ["调解", "化解", "人民调解 法律顾问", "法律明白人", "一村一法律顾问", "行政执法",
                   "上坪镇", "县司法局", "松坪镇 人民调解"]
BUDGET_BYTES = 300 * 1024
BUDGET_SECONDS = 3.0

STUB_MAIN = """<!doctype html>
<html lang="{{ gk.lang }}"><head>{% block site_meta %}<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">{% endblock %}
<title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ base_url }}/assets/stylesheets/material.css">
{% block extrahead %}{% endblock %}
</head><body dir="ltr" data-md-color-primary="red" data-md-color-accent="red">
<header class="md-header md-header--shadow"><nav class="md-header__inner md-grid">
<div class="md-header__title"><div class="md-header__ellipsis"><div class="md-header__topic">
<span class="md-ellipsis">澄岭县法治政府建设信息公开</span></div></div></div>
{% include "partials/search.html" %}
</nav></header>
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-content"><article class="md-content__inner md-typeset">
{% block content %}{% endblock %}
</article></div></div></main></div>
</body></html>"""

# data-pagefind-*: for bench/pagefind_compare.py only (our index gets title and body directly)
STUB_DOC = """{% extends "main.html" %}{% block content %}
<div class="gk-doc" data-pagefind-body>
<p class="gk-crumbs" data-pagefind-ignore>{{ doc.year }} › {{ doc.unit_short }} › {{ doc.kind_label }}</p>
<h1 data-pagefind-meta="title">{{ doc.title }}</h1>
{{ body }}
</div>{% endblock %}"""


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.DictLoader({"main.html": STUB_MAIN, "doc.html": STUB_DOC}),
        jinja2.FileSystemLoader(str(OVERRIDES)),
        jinja2.FileSystemLoader(str(MATERIAL)),
    ]))
    env.filters["url"] = jinja2.pass_context(lambda ctx, path: f"{ctx['base_url']}/{path}")
    return env


def write_docs(site: Path, docs: list[tuple[corpus.Doc, str]]) -> dict:
    """The document pages; returns the filter values (gk.view of the search page)."""
    env = _env()
    gk = {"ui": ui("zh"), "lang": "zh", "default_lang": "zh"}
    doc_tpl = env.get_template("doc.html")
    facets: dict[str, set] = {"year": set(), "unit": set(), "kind": set()}
    for doc, body in docs:
        out = site / doc.path / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        values = {"title": doc.title, "unit_short": doc.unit, "year": doc.year,
                  "kind_label": corpus.KINDS[doc.kind]}
        out.write_text(doc_tpl.render(gk=gk, base_url="../..", page={"title": doc.title},
                                      doc=values, body=body), encoding="utf-8")
        facets["year"].add(str(doc.year))
        facets["unit"].add(doc.unit)
        facets["kind"].add(values["kind_label"])
    return {"year": sorted(facets["year"], reverse=True), "unit": sorted(facets["unit"]),
            "kind": sorted(facets["kind"])}


def build_index(site: Path, docs: list[tuple[corpus.Doc, str]]):
    """site/search-index/ from the documents, as the build's hook feeds them (newest first)."""
    index = SearchIndex()
    for i, (doc, body) in enumerate(docs):
        index.add("zh", SearchDocument(url=doc.path.rstrip("/") + "/", title=doc.title, unit=doc.unit,
                                       year=str(doc.year), kind=corpus.KINDS[doc.kind], html=body,
                                       order=(-doc.year, i)))
    return index.write(site, ["zh"])


def write_search_page(site: Path, facets: dict) -> None:
    """The search page (its filter values from the corpus) and the assets."""
    env = _env()
    gk = {"ui": ui("zh"), "lang": "zh", "default_lang": "zh", "view": facets}
    search = site / "search" / "index.html"
    search.parent.mkdir(parents=True, exist_ok=True)
    search.write_text(env.get_template("search.html").render(gk=gk, base_url="..", page={"title": "搜索"}),
                      encoding="utf-8")
    assets = site / "assets"
    (assets / "stylesheets").mkdir(parents=True, exist_ok=True)
    (assets / "javascripts").mkdir(parents=True, exist_ok=True)
    shutil.copy(next((MATERIAL / "assets/stylesheets").glob("main.*.min.css")),
                assets / "stylesheets/material.css")
    shutil.copy(OVERRIDES / "assets/stylesheets/gongkai-search.css", assets / "stylesheets")
    for script in ("gongkai-search.js", "gongkai-search-page.js", "gongkai-search-engine.js"):
        shutil.copy(OVERRIDES / "assets/javascripts" / script, assets / "javascripts")


def _phone_page(browser, throttle: bool):
    context = browser.new_context(viewport={"width": 393, "height": 851}, device_scale_factor=2.75,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": PHONE["latency"],
            "downloadThroughput": PHONE["download"], "uploadThroughput": PHONE["upload"]})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE["cpu"]})
    return context, page


FIRST = ".gk-result:not(.gk-result--loading)"
TYPING_S = 2.0  # a reader typing a Chinese query with an input method takes longer than this


class Transfers:
    """Bytes the browser received (headers + encoded body), per request in order of completion."""

    def __init__(self, context):
        self.done: list[tuple[str, int]] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request):
        try:
            sizes = request.sizes()
            response = request.response()
            length = int((response.headers.get("content-length") if response else None) or 0)
            body = max(sizes["responseBodySize"], length)
            self.done.append((request.url, sizes["responseHeadersSize"] + body))
        except Exception:  # noqa: BLE001, S110 - the context is closing
            pass

    def mark(self) -> int:
        return len(self.done)

    def bytes_since(self, mark: int = 0) -> int:
        return sum(n for _, n in self.done[mark:])

    def bytes_to_first_result(self, mark: int = 0) -> int:
        """Everything but the document parts of results after the first: the first result's
        part is fetched alone, before the others (gongkai-search-page.js)."""
        parts = [i for i, (u, _) in enumerate(self.done[mark:]) if "/search-index/" in u and "/p/" in u]
        later = set(parts[1:])
        return sum(n for i, (_, n) in enumerate(self.done[mark:]) if i not in later)


def measure_query(browser, query: str, base: str, throttle: bool, path: str = "search/") -> dict:
    """a) the search page open, the query typed (the engine and the index manifest start
    loading with the first keystroke) and submitted; time from Enter to the first result on screen."""
    context, page = _phone_page(browser, throttle)
    transfers = Transfers(context)
    try:
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(300)  # the page's own requests reach Transfers after goto returns
        mark = transfers.mark()
        page.click(".gk-search__input")
        page.keyboard.insert_text(query)
        page.wait_for_timeout(TYPING_S * 1000)
        start = time.perf_counter()
        page.press(".gk-search__input", "Enter")
        page.wait_for_selector(FIRST, timeout=60000)
        first_s = time.perf_counter() - start
        page.wait_for_function("() => !document.querySelector('[data-gk-search]').hasAttribute('aria-busy')",
                               timeout=60000)
        page.wait_for_timeout(500)
        return {
            "first_result_s": round(first_s, 2),
            "bytes_at_first_result": transfers.bytes_to_first_result(mark),
            "bytes_first_page": transfers.bytes_since(mark),
            "requests": [(u.removeprefix(base), n) for u, n in transfers.done[mark:]],
            "status": page.text_content(".gk-search__status"),
            "first": page.text_content(f"{FIRST} .gk-result__title"),
            "first_meta": " · ".join(page.eval_on_selector_all(f"{FIRST} >> nth=0 >> .gk-result__meta span",
                                                               "ss => ss.map(s => s.textContent)")),
        }
    finally:
        context.close()


def measure_from_header(browser, query: str, base: str, throttle: bool) -> dict:
    """b) opening search/?q=… cold (what the header form submits): page, CSS, JS, engine, index."""
    from urllib.parse import quote

    context, page = _phone_page(browser, throttle)
    transfers = Transfers(context)
    try:
        start = time.perf_counter()
        page.goto(base + "search/?q=" + quote(query), wait_until="commit")
        page.wait_for_selector(FIRST, timeout=60000)
        first_s = time.perf_counter() - start
        page.wait_for_function("() => !document.querySelector('[data-gk-search]').hasAttribute('aria-busy')",
                               timeout=60000)
        page.wait_for_timeout(500)
        return {"first_result_s": round(first_s, 2),
                "bytes_at_first_result": transfers.bytes_to_first_result()}
    finally:
        context.close()


def measure_doc_view(browser, base: str, throttle: bool) -> dict:
    context, page = _phone_page(browser, throttle)
    transfers = Transfers(context)
    try:
        page.goto(base + corpus.make_docs(1)[0][0].path, wait_until="load")
        page.wait_for_timeout(500)
        return {"bytes": transfers.bytes_since(),
                "search_requests": [u for u, _ in transfers.done
                                    if "/search-index/" in u or "gongkai-search-engine.js" in u]}
    finally:
        context.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "search")
    ap.add_argument("--queries", nargs="+", default=DEFAULT_QUERIES)
    ap.add_argument("--reuse", action="store_true",
                    help="keep an existing site of the same size and its index")
    ap.add_argument("--no-throttle", action="store_true", help="no phone profile (for a quick look)")
    args = ap.parse_args()
    site = args.out / "site"
    throttle = not args.no_throttle
    report: dict = {"docs": args.docs, "phone_profile": PHONE if throttle else None}

    marker = site / ".bench-docs"
    facets_file = site / ".bench-facets.json"
    reuse = (args.reuse and marker.exists() and marker.read_text() == str(args.docs)
             and (site / "search-index" / "zh" / "index.json").exists() and facets_file.exists())
    if reuse:
        facets = json.loads(facets_file.read_text(encoding="utf-8"))
    else:
        shutil.rmtree(site, ignore_errors=True)
        t = time.perf_counter()
        docs = corpus.make_docs(args.docs)
        facets = write_docs(site, docs)
        report["generate_s"] = round(time.perf_counter() - t, 1)
        print(f"wrote {args.docs} documents in {report['generate_s']} s")
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = time.perf_counter()
        stats = build_index(site, docs)
        seconds = time.perf_counter() - t  # adding the documents included
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report["index"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb),
                           "peak_rss_before_index_mb": round(before_mb), "files": stats.files,
                           "mb": round(stats.bytes / 1e6, 1), "pages": stats.pages, "terms": stats.terms}
        print(f"search index: {sum(stats.pages.values())} documents, {stats.terms} terms, {stats.files} files, "
              f"{stats.bytes / 1e6:.1f} MB in {seconds:.1f} s; peak memory of this process "
              f"{peak_mb:.0f} MB ({before_mb:.0f} MB before indexing, the corpus in memory)")
        del docs
        facets_file.write_text(json.dumps(facets, ensure_ascii=False), encoding="utf-8")
        marker.write_text(str(args.docs))
    write_search_page(site, facets)

    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as srv, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            report["document_page_view"] = measure_doc_view(browser, srv.url, throttle)
            print(f"document page view: {report['document_page_view']['bytes'] / 1024:.0f} KB, "
                  f"search requests: {len(report['document_page_view']['search_requests'])}")
            print(f"{'query':<14} {'KB@1st':>7} {'KB page':>8} {'s@1st':>6} {'hdr KB':>7} {'hdr s':>6}"
                  "  first result")
            for q in args.queries:
                a = measure_query(browser, q, srv.url, throttle)
                b = measure_from_header(browser, q, srv.url, throttle)
                ok = a["bytes_at_first_result"] <= BUDGET_BYTES and a["first_result_s"] <= BUDGET_SECONDS
                rows.append({"query": q, "query_run": a, "from_header": b, "within_budget": ok})
                print(f"{q:<14} {a['bytes_at_first_result'] / 1024:7.0f} {a['bytes_first_page'] / 1024:8.0f} "
                      f"{a['first_result_s']:6.2f} {b['bytes_at_first_result'] / 1024:7.0f} "
                      f"{b['first_result_s']:6.2f}  {'ok ' if ok else 'OVER'} "
                      f"{a['first']} [{a['first_meta']}]")
        finally:
            browser.close()
    report["queries"] = rows
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"budget per query: {BUDGET_BYTES // 1024} KB and {BUDGET_SECONDS} s to the first result; "
          f"{sum(r['within_budget'] for r in rows)}/{len(rows)} within. Written {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
