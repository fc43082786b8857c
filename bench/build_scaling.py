"""Build time against corpus size: the build must grow linearly with the number of documents.

    python bench/build_scaling.py [--sizes 1000 2000] [--body-chars 15000] [--repeat 1]

For each size, writes a synthetic repository (tools/site_corpus.py: full-length annual reports
by default), runs `mkdocs build --strict` in a subprocess and prints the wall-clock seconds, the
size of one document page, and the ratio of each time to the first. The issue's bound: 2,000
documents take at most 2.2x the time of 1,000. The best of --repeat runs counts.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.site_corpus import document_id, make_repo


def build_seconds(root: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{proc.stdout}\n{proc.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--body-chars", type=int, default=15000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        for n in args.sizes:
            root = Path(tmp) / f"repo-{n}"
            make_repo(root, n, args.seed, args.body_chars)
            site = Path(tmp) / f"site-{n}"
            best = min(build_seconds(root, site) for _ in range(args.repeat))
            page = site / document_id(0, args.seed) / "index.html"
            pages = sum(1 for _ in site.rglob("index.html"))
            rows.append((n, best, page.stat().st_size, pages))
            print(f"{n:>6} documents  {best:7.1f} s  {pages:>6} pages  "
                  f"document page {page.stat().st_size:,} bytes", flush=True)
    for (n0, s0, size0, _), (n1, s1, size1, _) in itertools.pairwise(rows):
        print(f"{n1}/{n0} documents (x{n1 / n0:g}): time x{s1 / s0:.2f}, document page x{size1 / size0:.3f}"
              + ("  [bound for twice the documents: time x2.2]" if n1 == 2 * n0 else ""))


if __name__ == "__main__":
    main()
