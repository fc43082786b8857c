"""make bench: build speed, memory, page weight, search bytes and Lighthouse, in one table.

    python bench/run.py [--docs 1000] [--scale 2000] [--queries 调解 ...] [--write-readme]

1. Writes synthetic repositories of N and 2N documents (tools/site_corpus.py: annual reports
   of ~15,000 Chinese characters, shorter announcements and interpretations, every tenth with
   an English translation).
2. Builds ours at N and 2N: `mkdocs build --strict`, every feature, both languages, the
   search index included (the build writes it).
3. Builds a stock Material site at N and 2N on the same Markdown files (same folders; theme
   material, language zh, its built-in search plugin, jieba segmenting Chinese when
   installed; nothing else), with the same MkDocs; the ratios ours / stock come from the
   same run.
3b. Serves the 2N repository as `make serve` does (mkdocs serve --dirty) and times an edit
   until its page shows it and until its year archive, unit page and the English year
   archive do (bench/preview.py): a title edit, a body edit, a report added and deleted.
4. Measures a document page (an annual report) of our N site: raw and gzipped HTML, and the
   first load in Chromium over a gzip server (tools/pageweight.py); the bytes a search
   transfers per query on the search page (bench/search_bench.py's measure_query); and
   Lighthouse's four scores on that page served by nginx (tools/lighthouse.py).
Times are wall-clock seconds of one run each; peak memory is the largest resident set of the
build's processes (getrusage RUSAGE_CHILDREN ru_maxrss of a wrapper that runs only the build).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from tools.site_corpus import document_id, make_repo

DEFAULT_QUERIES = ["调解", "人民调解 法律顾问", "上坪镇"]
RATIO_GOAL = 0.6
SEARCH_MANIFEST = "search-index/zh/index.json"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"

# Runs one command and reports its wall time and the peak RSS of its process tree.
WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "seconds": seconds, "maxrss_kb": usage.ru_maxrss,
                  "log": (proc.stdout + proc.stderr)[-6000:]}))
"""

STOCK_MKDOCS_YML = """\
# Stock Material for MkDocs on the same Markdown: theme, language, built-in search; no hooks.
site_name: Stock Material baseline
site_url: https://example.invalid/stock/
theme:
  name: material
  language: zh
  font: false
plugins:
  - search   # language zh from the theme; jieba segments Chinese when installed
"""


def measured(cmd: list[str], cwd: Path, check: bool = True) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], cwd=cwd, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"wrapper failed: {proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if check and result["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{result['log']}")
    return result


def mkdocs_build(root: Path, site: Path) -> dict:
    return measured([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], root)


def our_build(root: Path, site: Path) -> dict:
    """Our full build, search index included; fails if the build wrote no index."""
    result = mkdocs_build(root, site)
    if not (site / SEARCH_MANIFEST).exists():
        raise SystemExit(f"the build of {root} wrote no search index ({SEARCH_MANIFEST})")
    return result


def best(repeat: int, run, key: str) -> dict:
    """The fastest of `repeat` runs (the others are the machine's noise); peak memory: the largest."""
    runs = [run() for _ in range(max(1, repeat))]
    fastest = min(runs, key=lambda r: r[key])
    return {**fastest, "maxrss_kb": max(r["maxrss_kb"] for r in runs), "runs": len(runs)}


def stock_repo(source: Path, dest: Path) -> None:
    """The same Markdown files (front matter included) in a plain Material project."""
    docs = dest / "docs"
    shutil.copytree(source / "reports", docs)
    (docs / "index.md").write_text("# Stock Material baseline\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(STOCK_MKDOCS_YML, encoding="utf-8")


REAL_PROSE_ID = "2025/bench-real-prose"


def add_real_prose_document(repo: Path, chars: int) -> str:
    """One more document whose body is ~`chars` characters of the sample site's own prose (its
    distinct paragraphs, never repeated): the synthetic reports reuse a few dozen sentences and
    gzip far better than real text, so this page shows the weight of a real long report."""
    paragraphs: list[str] = []
    for path in sorted((REPO / "reports").rglob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        paragraphs += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 40 and not p.lstrip().startswith("#")]
    paragraphs = list(dict.fromkeys(paragraphs))
    headings = ["一、主要举措和成效", "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                "四、下一年度推进法治政府建设的主要安排", "五、其他需要报告的情况"]
    chosen, size = [], 0
    for para in paragraphs:
        if size >= chars:
            break
        chosen.append(para)
        size += len(para)
    per = -(-len(chosen) // len(headings))  # paragraphs under each heading
    parts = []
    for i, para in enumerate(chosen):
        if i % per == 0:
            parts.append("## " + headings[i // per])
        parts.append(para)
    front = ["---", "title: 澄岭县人民政府关于2024年法治政府建设情况的报告（真实文风长文本）", "kind: announcement",
             "year: 2025", "unit: county-gov", "published: 2025-06-01", "summary: 基准测试用长文本。", "---", ""]
    (repo / "reports" / (REAL_PROSE_ID + ".md")).write_text("\n".join(front) + "\n\n".join(parts) + "\n", encoding="utf-8")
    return REAL_PROSE_ID + "/"


def preview_seconds(repo: Path) -> list[tuple[str, float, float]]:
    """bench/preview.py's edits on `repo`, served as `make serve` does."""
    from preview import PreviewServer, edit_to_preview

    server = PreviewServer(repo)
    try:
        doc = document_id(1)  # an annual report: <year>/<unit>-<year>-report
        return edit_to_preview(server, doc, doc.split("/")[1].rsplit("-", 2)[0])
    finally:
        server.stop()


def jieba_version() -> str:
    try:
        import jieba

        return getattr(jieba, "__version__", "installed")
    except ImportError:
        return ""


def page_bytes(site: Path, rel: str) -> tuple[int, int]:
    raw = (site / rel / "index.html").read_bytes()
    return len(raw), len(gzip.compress(raw, compresslevel=6, mtime=0))


def browser_measurements(site: Path, doc: str, queries: list[str]) -> dict:
    """First load of the document page, and the bytes per search query, in Chromium."""
    from playwright.sync_api import sync_playwright
    from staticserver import serve

    from tools.pageweight import first_load

    found: dict = {"queries": []}
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"]
    with serve(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=args)
        try:
            total, rows, failed = first_load(browser, server.url + doc)
            found["first_load"] = total
            found["first_load_requests"] = len(rows)
            found["other_hosts"] = [u for u, _ in rows if not u.startswith(server.url)]
            found["failed"] = failed
            if queries:
                from search_bench import measure_query

                for q in queries:
                    try:
                        r = measure_query(browser, q, server.url, throttle=False)
                        found["queries"].append({"query": q, "bytes": r["bytes_at_first_result"],
                                                 "bytes_page": r["bytes_first_page"],
                                                 "status": r["status"]})
                    except Exception as exc:  # noqa: BLE001 - a search UI in flux must not sink the whole bench
                        found["queries"].append({"query": q, "error": str(exc).splitlines()[0][:200]})
        finally:
            browser.close()
    return found


def lighthouse_scores(site: Path, doc: str) -> tuple[dict, str]:
    from tools import lighthouse

    try:
        scores, report = lighthouse.measure(site, doc)
    except Exception as exc:  # noqa: BLE001 - say what failed, keep the other numbers
        return {}, str(exc).splitlines()[0][:200]
    return scores, report["lighthouseVersion"]


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def mb(kb_: float) -> str:
    return f"{kb_ / 1024:,.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="corpus size (default 1,000)")
    parser.add_argument("--scale", type=int, help="second corpus size for linearity (default 2 x docs)")
    parser.add_argument("--body-chars", type=int, default=15000)
    parser.add_argument("--queries", nargs="+", default=DEFAULT_QUERIES)
    parser.add_argument("--repeat", type=int, default=1, help="best of R runs for every build (default 1)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--write-readme", action="store_true", help="put the table into README.md")
    parser.add_argument("--keep", type=Path, help="keep the corpora and sites in this directory")
    args = parser.parse_args()
    n1, n2 = args.docs, args.scale or 2 * args.docs
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    tmp_obj = None
    if args.keep:
        work = args.keep
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    else:
        tmp_obj = tempfile.TemporaryDirectory(prefix="gongkai-bench-")
        work = Path(tmp_obj.name)
    try:
        print(f"writing corpora of {n1:,} and {n2:,} documents in {work} …", flush=True)
        repos = {}
        for n in (n1, n2):
            repos[n] = work / f"repo-{n}"
            make_repo(repos[n], n, body_chars=args.body_chars)
            real = add_real_prose_document(repos[n], args.body_chars)
        print("building ours …", flush=True)
        ours = {n: best(args.repeat, lambda n=n: our_build(repos[n], work / f"site-{n}"), "seconds")
                for n in (n1, n2)}
        print("building stock Material …", flush=True)
        stocks = {}
        for n in (n1, n2):
            stock_repo(repos[n], work / f"stock-{n}")
            stocks[n] = best(args.repeat, lambda n=n: mkdocs_build(work / f"stock-{n}", work / f"stock-site-{n}"), "seconds")
        stock = stocks[n1]
        stock_index = work / f"stock-site-{n1}" / "search" / "search_index.json"
        print(f"serving {n2:,} documents and editing one …", flush=True)
        preview_rows = preview_seconds(repos[n2])

        site1 = work / f"site-{n1}"
        doc = document_id(0) + "/"
        raw, gz = page_bytes(site1, doc)
        notice = next((document_id(i) + "/" for i in range(n1) if "notice" in document_id(i)), None)
        notice_raw, notice_gz = page_bytes(site1, notice) if notice else (0, 0)
        real_raw, real_gz = page_bytes(site1, real)
        real_chars = len(re.sub(r"\s", "", (repos[n1] / "reports" / (real[:-1] + ".md")).read_text(encoding="utf-8").split("---", 2)[2]))
        print("measuring in Chromium …", flush=True)
        browser = browser_measurements(site1, doc, args.queries)
        real_load = browser_measurements(site1, real, [])["first_load"]
        scores, lh_version = ({}, "skipped") if args.no_lighthouse else lighthouse_scores(site1, doc)

        # --- the table ---------------------------------------------------------------------
        r1, r2 = ours[n1], ours[n2]
        ratio = r1["seconds"] / stock["seconds"]
        per1, per2 = r1["seconds"] / n1 * 1000, r2["seconds"] / n2 * 1000
        jieba = jieba_version()
        cpu = os.cpu_count()
        say(f"gongkai benchmark, {dt.date.today().isoformat()}: {platform.machine()}, {cpu} cores, "
        f"best of {args.repeat} run{'s' if args.repeat > 1 else ''} per build, "
            f"Python {platform.python_version()}, MkDocs {_version('mkdocs')}, "
            f"Material {_version('mkdocs-material')}")
        say(f"corpus: tools/site_corpus.py, {n1:,} documents ({min(n1, 400)} annual reports of "
            f"~{args.body_chars:,} characters, the rest announcements/interpretations of "
            f"~{args.body_chars // 5:,}; every tenth translated into English) + 1 of real prose")
        say()
        say("| measure | value |")
        say("|---|---|")
        index_mb = sum(p.stat().st_size for p in (site1 / "search-index").rglob("*") if p.is_file()) / 1e6
        say(f"| our full build, {n1:,} docs (zh + en, every page, search index) | {r1['seconds']:.1f} s "
            f"(search index {index_mb:.0f} MB on disk) |")
        say(f"| stock Material + built-in search, same {n1:,} Markdown files | {stock['seconds']:.1f} s "
            f"(search lang zh, {'jieba ' + jieba if jieba else 'no jieba'}; search_index.json "
            f"{stock_index.stat().st_size / 1e6:.1f} MB) |")
        say(f"| ratio ours / stock (goal <= {RATIO_GOAL}) | **{ratio:.2f}** {'(met)' if ratio <= RATIO_GOAL else '(MISSED)'} |")
        say(f"| seconds per 1,000 documents at {n1:,} / at {n2:,} | {per1:.1f} s / {per2:.1f} s "
            f"(x{per2 / per1:.2f}; {n2:,} docs: {r2['seconds']:.1f} s) |")
        say(f"| {n2:,} docs: our full build / stock Material + search, same run | {r2['seconds']:.1f} s / "
            f"{stocks[n2]['seconds']:.1f} s, ratio **{r2['seconds'] / stocks[n2]['seconds']:.2f}** |")
        say(f"| edit to preview at {n2:,} docs (make serve): page / its archives, s (goals 3 / 10) | "
            + "; ".join(f"{what} {page:.1f} / {listed:.1f}" for what, page, listed in preview_rows) + " |")
        say(f"| peak memory (largest process RSS) ours {n1:,} / ours {n2:,} / stock {n1:,} | "
            f"{mb(r1['maxrss_kb'])} / {mb(r2['maxrss_kb'])} / {mb(stock['maxrss_kb'])} |")
        say(f"| document page HTML, annual report (/{doc}) | {raw:,} B raw, {gz:,} B gzip |")
        if notice:
            say(f"| document page HTML, announcement (/{notice}) | {notice_raw:,} B raw, {notice_gz:,} B gzip |")
        say(f"| document page HTML, {real_chars:,} characters of real prose (/{real}) | "
            f"{real_raw:,} B raw, {real_gz:,} B gzip |")
        say(f"| first load in Chromium, gzip, every request (budget 80,000 B) | synthetic report "
            f"{browser['first_load']:,} B in {browser['first_load_requests']} requests; real-prose report "
            f"{real_load:,} B; requests to other hosts: {len(browser['other_hosts'])} |")
        good = [q for q in browser["queries"] if "bytes" in q]
        where = f"our {n1:,}-document site"
        if good:
            per_query = ", ".join(f"{q['query']} {kb(q['bytes'])}" for q in good)
            say(f"| search bytes per query, to the first result (search page open; {where}) | median "
                f"{kb(statistics.median(q['bytes'] for q in good))}: {per_query} |")
        else:
            errors = "; ".join(q.get("error", "") for q in browser["queries"])
            say(f"| search bytes per query | not measured: {errors} |")
        if scores:
            say(f"| Lighthouse {lh_version} mobile, nginx gzip, the annual report page | performance "
                f"{scores.get('performance')}, accessibility {scores.get('accessibility')}, best practices "
                f"{scores.get('best-practices')}, SEO {scores.get('seo')} |")
        else:
            say(f"| Lighthouse | not run: {lh_version} |")
        if args.write_readme:
            write_readme(lines)
    finally:
        if tmp_obj:
            tmp_obj.cleanup()
    return 0


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def write_readme(lines: list[str]) -> None:
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = f"{README_START}\n```text\n" + "\n".join(lines[:2]) + "\n```\n\n" + "\n".join(lines[3:]) + f"\n{README_END}"
    if README_START in text:
        text = re.sub(re.escape(README_START) + ".*?" + re.escape(README_END), lambda _: block, text, flags=re.S)
    else:
        raise SystemExit(f"README.md has no {README_START} … {README_END} block under its Benchmark heading")
    readme.write_text(text, encoding="utf-8")
    print("README.md updated", flush=True)


if __name__ == "__main__":
    sys.exit(main())
