"""The linters of the core: ruff over the whole repository, mypy --strict over gongkai/ and hooks/
(settings and the few places where mypy is not strict, each with its reason, in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("command", [
    ["ruff", "check", "--no-cache", "."],
    ["mypy"],  # files, strict and per-module exceptions: [tool.mypy] in pyproject.toml
], ids=["ruff", "mypy"])
def test_linter_passes(command):
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}{done.stderr}"


def test_mypy_is_strict_on_the_core():
    """The exceptions stay exceptions: strict everywhere but the modules pyproject.toml names."""
    import tomllib

    mypy = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert mypy["strict"] is True and mypy["files"] == ["gongkai", "hooks"]
    relaxed = {m for o in mypy["overrides"] for m in o["module"] if set(o) - {"module", "ignore_missing_imports"}}
    assert relaxed <= {"gongkai_hooks"}
