"""Pagefind on the search benchmark's pages, measured the same way (not a test).

    .venv/bin/python bench/search_bench.py --docs 2000      # first: the pages and our numbers
    .venv/bin/python bench/pagefind_compare.py              # then: Pagefind on the same pages

Why gongkai has its own index (gongkai/search/): this script keeps the choice checkable.
It installs Pagefind PAGEFIND_VERSION from the npm registry into bench/out/pagefind-tool/
(the npm package ships the *extended* binary, the one that segments Chinese; nothing of it
is a dependency of the site), indexes bench/out/search/site/ (the document pages carry
data-pagefind-body around title and body), and runs each query on a minimal search page
that calls Pagefind's own API (search(), then the first result's data()), with Pagefind
loading on the first keystroke as ours does. Bytes and seconds come from search_bench.py's
measure_query on the same phone profile; the table puts ours (bench/out/search/results.json)
beside Pagefind's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from search_bench import BUDGET_BYTES, CHROMIUM, CHROMIUM_ARGS, measure_query
from staticserver import serve

PAGEFIND_VERSION = "1.6.0"
TOOL = HERE / "out" / "pagefind-tool"

# The same classes as overrides/search.html, so measure_query drives it unchanged.
HARNESS = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Pagefind</title></head>
<body><div data-gk-search>
<form class="gk-search__form"><input class="gk-search__input" name="q" type="search"></form>
<p class="gk-search__status"></p><ol class="gk-search__results"></ol></div>
<script>
  var root = document.querySelector("[data-gk-search]"), input = root.querySelector("input");
  var api = null;
  function load() {
    return api || (api = import("../pagefind/pagefind.js").then(function (pf) {
      return pf.init().then(function () { return pf; });
    }));
  }
  input.addEventListener("input", load, { once: true });
  root.querySelector("form").addEventListener("submit", async function (e) {
    e.preventDefault();
    root.setAttribute("aria-busy", "true");
    var pf = await load();
    var found = await pf.search(input.value);
    root.querySelector(".gk-search__status").textContent = found.results.length + " results";
    if (found.results.length) {
      var data = await found.results[0].data();
      var li = document.createElement("li");
      li.className = "gk-result";
      li.innerHTML = '<span class="gk-result__title"></span><p class="gk-result__meta"></p>';
      li.firstChild.textContent = data.meta.title;
      root.querySelector("ol").append(li);
    }
    root.removeAttribute("aria-busy");
  });
</script></body></html>
"""


def install() -> Path:
    binary = TOOL / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
    if not binary.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOL),
                        f"pagefind@{PAGEFIND_VERSION}"], check=True)
    found = list((TOOL / "node_modules" / "@pagefind").glob("*/bin/pagefind_extended"))
    if not found:
        raise SystemExit(f"no pagefind_extended binary under {TOOL}")
    return found[0]


def index(binary: Path, site: Path) -> dict:
    start = time.perf_counter()
    run = subprocess.run([str(binary), "--site", str(site), "--output-subdir", "pagefind"],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode:
        raise SystemExit(run.stdout[-2000:] + run.stderr[-2000:])
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return {"seconds": round(seconds, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "files": len(files), "mb": round(sum(p.stat().st_size for p in files) / 1e6, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "out" / "search")
    ap.add_argument("--no-throttle", action="store_true")
    args = ap.parse_args()
    ours_file = args.out / "results.json"
    if not ours_file.exists():
        raise SystemExit(f"run bench/search_bench.py first (no {ours_file})")
    ours = json.loads(ours_file.read_text(encoding="utf-8"))
    site = args.out / "site"
    pagefind = index(install(), site)
    (site / "pagefind-search").mkdir(exist_ok=True)
    (site / "pagefind-search" / "index.html").write_text(HARNESS, encoding="utf-8")
    print(f"{ours['docs']} documents. Index: ours {ours['index']['seconds']} s, "
          f"{ours['index']['peak_rss_mb']} MB peak (the process, corpus included), {ours['index']['mb']} MB in "
          f"{ours['index']['files']} files; Pagefind {PAGEFIND_VERSION} {pagefind['seconds']} s, "
          f"{pagefind['peak_rss_mb']} MB peak, {pagefind['mb']} MB in {pagefind['files']} files")
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as srv, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", CHROMIUM), args=CHROMIUM_ARGS)
        try:
            print(f"{'query':<14} {'ours KB':>8} {'ours s':>7} {'Pagefind KB':>12} {'Pagefind s':>11}")
            for row in ours["queries"]:
                q = row["query"]
                theirs = measure_query(browser, q, srv.url, not args.no_throttle, path="pagefind-search/")
                mine = row["query_run"]
                rows.append({"query": q, "ours": mine, "pagefind": theirs})
                over = " OVER" if theirs["bytes_first_page"] > BUDGET_BYTES else ""
                print(f"{q:<14} {mine['bytes_at_first_result'] / 1024:8.0f} {mine['first_result_s']:7.2f} "
                      f"{theirs['bytes_first_page'] / 1024:12.0f} {theirs['first_result_s']:11.2f}{over}")
        finally:
            browser.close()
    (args.out / "pagefind.json").write_text(json.dumps({"index": pagefind, "queries": rows}, ensure_ascii=False,
                                                       indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
