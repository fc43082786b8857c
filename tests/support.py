"""Helpers shared by tests that need their own copy of the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_FILES = ("mkdocs.yml", "gongkai.yml", "units.yml")
SITE_DIRS = ("gongkai", "hooks", "overrides", "docs", "reports", "schema")


def copy_repo(dest: Path, reports: bool = True) -> Path:
    """A buildable copy of the site sources (without the staged docs/generated/)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        shutil.copy(REPO / name, dest / name)
    ignore = shutil.ignore_patterns("generated", "__pycache__")
    for name in SITE_DIRS:
        if name != "reports" or reports:
            shutil.copytree(REPO / name, dest / name, ignore=ignore, symlinks=True)
    (dest / "reports").mkdir(exist_ok=True)
    return dest


def mkdocs(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)
