"""Lighthouse scores of a document page served by nginx with gzip, mobile (Lighthouse's default).

    python tools/lighthouse.py [--site DIR] [--page 2024/county-gov-2024-report/] [--check]

Builds the sample site (unless --site names a built one), serves it with Debian's nginx on a
loopback port (tools/nginx.py), and runs npm's lighthouse (pinned in package.json; installed
by `npm ci`) against one document page with Debian's Chromium: mobile form factor, simulated
slow 4G and 4x CPU slowdown. Prints the four category scores and, with --check, exits 1 when
one is below the goal: performance >= 95, accessibility 100, best practices >= 95, SEO >= 95.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: python tools/lighthouse.py
from tools.nginx import nginx_serve

LIGHTHOUSE = Path(os.environ.get("GK_LIGHTHOUSE", REPO / "node_modules" / ".bin" / "lighthouse"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DEFAULT_PAGE = "2024/county-gov-2024-report/"  # the sample site's longest report
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run --disable-default-apps "
                "--disable-extensions")


def build_site(root: Path, dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
                          cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stdout}\n{proc.stderr}")


def run_lighthouse(url: str, timeout: float = 300) -> dict:
    """Lighthouse's JSON report (lhr) for url; raises with Lighthouse's output on failure."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} missing: run `npm ci` in {REPO} (package-lock.json pins lighthouse)")
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"no Chromium at {CHROMIUM}: run `make system-deps` or set CHROMIUM_PATH")
    with tempfile.TemporaryDirectory(prefix="gongkai-lh-") as tmp:
        out = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "HOME": tmp, "XDG_CONFIG_HOME": tmp}
        proc = subprocess.run(
            [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
             "--only-categories=performance,accessibility,best-practices,seo",
             f"--chrome-flags={CHROME_FLAGS} --user-data-dir={tmp}/profile"],
            env=env, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse runtime error: {report['runtimeError']}")
    return report


def scores(report: dict) -> dict[str, int]:
    return {key: round((cat.get("score") or 0) * 100) for key, cat in report["categories"].items()}


def failing_audits(report: dict, category: str) -> list[str]:
    """Audits of a category that lost points: 'id (score): title'."""
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            found.append(f"{ref['id']} ({audit['score']:.2f}): {audit.get('displayValue') or audit['title']}")
    return found


def measure(site: Path, page: str) -> tuple[dict[str, int], dict]:
    with nginx_serve(site) as base:
        report = run_lighthouse(f"{base}/{page}")
    return scores(report), report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample site)")
    parser.add_argument("--page", default=DEFAULT_PAGE, help="path of the page below the site root")
    parser.add_argument("--check", action="store_true", help="exit 1 when a score misses its goal")
    parser.add_argument("--json", type=Path, help="also write Lighthouse's full report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-lh-site-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(REPO, site)
        got, report = measure(site, args.page)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    print(f"Lighthouse {report['lighthouseVersion']}, {report['configSettings']['formFactor']}, "
          f"Chromium {report['environment']['hostUserAgent'].split('Chrome/')[-1].split()[0]}, "
          f"nginx gzip: /{args.page}")
    short = True
    for key, goal in GOALS.items():
        ok = got.get(key, 0) >= goal
        short &= ok
        print(f"  {key:<15} {got.get(key, 0):>3}  (goal {'' if goal == 100 else '>= '}{goal}){'' if ok else '  MISSED'}")
        if not ok:
            for line in failing_audits(report, key):
                print(f"      {line}")
    return 0 if short or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
