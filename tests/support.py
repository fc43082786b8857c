"""Helpers shared by tests that need their own copy of the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tools.site_corpus import REPO, copy_site_sources


def copy_repo(dest: Path, reports: bool = True) -> Path:
    """A buildable copy of the sample site: its sources and, unless told not to, its reports."""
    copy_site_sources(dest)
    shutil.copy(REPO / "units.yml", dest / "units.yml")
    if reports:
        shutil.copytree(REPO / "reports", dest / "reports")
    (dest / "reports").mkdir(exist_ok=True)
    return dest


def mkdocs(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)
