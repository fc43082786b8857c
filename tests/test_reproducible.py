"""Reproducible builds: two builds of the same sources are byte-identical.

The session's build of the sample site (built_site) is compared with a second build made
later, from a copy of the sources in another directory, with another time zone, locale and
hash seed and without SOURCE_DATE_EPOCH: every file, byte for byte, sitemap.xml.gz included
(a gzip header carries a timestamp), and the search index when the build writes one.
"""

from __future__ import annotations

import difflib
import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

from support import REPO, copy_repo


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    try:
        left, right = a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"binary, {len(a)} vs {len(b)} bytes, first difference at byte {at}"
    diff = difflib.unified_diff(left, right, lineterm="", n=0)
    return "\n".join(list(diff)[2:8])


def same_commit_date(source: Path) -> None:
    """Make the copy a git checkout whose HEAD has this repository's commit date: the build
    takes its reference date (compliance "as of", sitemap dates) from it, never the clock."""
    head = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%ct", "HEAD"],
                          capture_output=True, text=True)
    if head.returncode != 0 or not head.stdout.strip():
        return  # not a git checkout: both builds fall back to the documents' dates
    stamp = f"@{head.stdout.strip()} +0000"
    git = ["git", "-C", str(source), "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "copy"]):
        subprocess.run(git + args, env=env, check=True, capture_output=True)


def test_two_builds_are_byte_identical(built_site, tmp_path):
    time.sleep(1.1)  # a clock that moved on would show in any timestamp
    source = copy_repo(tmp_path / "elsewhere" / "checkout")
    same_commit_date(source)
    out = tmp_path / "second"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", TZ="America/Los_Angeles", LC_ALL="C.UTF-8", LANG="C.UTF-8",
               PYTHONHASHSEED="12345")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                          cwd=source, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    first, second = files(built_site), files(out)
    assert len(first) > 100
    assert any(name.startswith("search-index/") for name in first), "the build wrote no search index"
    assert sorted(first) == sorted(second), (
        f"only in the first build: {sorted(set(first) - set(second))[:10]}; "
        f"only in the second: {sorted(set(second) - set(first))[:10]}")
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, "\n\n".join(f"{name}:\n{first_difference(first[name], second[name])}"
                                      for name in differing[:5])


def test_sitemap_gzip_header_holds_a_source_date(built_site):
    """sitemap.xml.gz's gzip header carries a timestamp: midnight of the newest sitemap date
    (a document's or the commit's date), never the clock's time of day."""
    sitemap = (built_site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(sitemap) == (built_site / "sitemap.xml").read_bytes()
    mtime = int.from_bytes(sitemap[4:8], "little")
    assert mtime == 0 or mtime % 86400 == 0, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(mtime))
