"""The programs some formats need (LibreOffice, Tesseract): found, run with a time limit, and
named with their Debian package when missing."""

from __future__ import annotations

import os
import shutil
import signal
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
    """Standard output of `command`; OSError with its message when it fails or hangs. A program
    that hangs is ended with everything it started (LibreOffice runs as a launcher and a child)."""
    name = Path(str(command[0])).name
    posix = os.name == "posix"
    with subprocess.Popen([str(c) for c in command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, start_new_session=posix) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.communicate()
            raise OSError(f"{name}: no result after {timeout:.0f} s") from exc
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        raise OSError(f"{name}: {detail[-1] if detail else process.returncode}")
    return out.decode("utf-8", "replace")
