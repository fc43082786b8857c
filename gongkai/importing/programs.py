"""The programs some formats need (LibreOffice, Tesseract): found, run with a time limit, and
named with their Debian package when missing."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path


class MissingProgram(Exception):
    """A program a format needs is not installed; `package` is what to install (Debian)."""

    def __init__(self, program: str, package: str) -> None:
        super().__init__(program)
        self.program, self.package = program, package


def find(names: Sequence[str], package: str, installed_at: Sequence[str] = ()) -> str:
    """The path of the first of `names` on PATH, else of the first of `installed_at` (where
    the Windows and macOS installers put a program without adding it to PATH);
    MissingProgram when there is none."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    for candidate in installed_at:
        if Path(candidate).is_file():
            return candidate
    raise MissingProgram(names[0], package)


def run(command: Sequence[str | Path], timeout: float, env: dict[str, str] | None = None) -> str:
    """Standard output of `command`; OSError with its message when it fails or hangs."""
    try:
        done = subprocess.run([str(c) for c in command], capture_output=True, timeout=timeout,
                              env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OSError(f"{Path(str(command[0])).name}: no result after {timeout:.0f} s") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OSError(f"{Path(str(command[0])).name}: {detail[-1] if detail else done.returncode}")
    return done.stdout.decode("utf-8", "replace")
