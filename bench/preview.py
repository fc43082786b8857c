"""`mkdocs serve --strict --dirty` (what `make serve` runs) on a repository, for the preview
tests and the edit-to-preview benchmark: start it, follow its log, time an edit until a page
shows it, and wait until the preview has settled (search index and feeds written again).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

SETTLED_QUIET = 1.0  # seconds without a log line after the last rebuild


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PreviewServer:
    def __init__(self, root: Path, port: int | None = None, start_timeout: float = 900):
        self.root = root
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_SITE_URL": self.base}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "-a", f"127.0.0.1:{self.port}"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait_log(r"Serving on", start_timeout)
        found = self.find(r"gongkai: preview of (\S+)")
        assert found, self.log()
        self.site_dir = Path(found[1])

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def log(self, since: int = 0) -> str:
        return "\n".join(line for _, line in self.lines[since:])

    def find(self, pattern: str, since: int = 0) -> re.Match[str] | None:
        for _, line in self.lines[since:]:
            m = re.search(pattern, line)
            if m:
                return m
        return None

    def wait_log(self, pattern: str, timeout: float, since: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while not self.find(pattern, since):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {pattern!r} in the serve log:\n{self.log(since)[-4000:]}")
            time.sleep(0.05)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=60) as response:
            return str(response.read().decode("utf-8"))

    def seconds_until(self, path: str, text: str, since: float, timeout: float = 120) -> float:
        """Seconds from `since` (time.monotonic()) until the page at `path` holds `text`."""
        while time.monotonic() - since < timeout:
            try:
                if text in self.get(path):
                    return time.monotonic() - since
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared at {path}:\n{self.log()[-4000:]}")

    def wait_settled(self, since: int, timeout: float = 300) -> None:
        """Until a rebuild after log line `since` has finished, the background work after it
        too, and nothing has happened for SETTLED_QUIET seconds."""
        self.wait_log(r"Reloading browsers", timeout, since)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            when, last = self.lines[-1]
            behind = "gk-preview-note" in self.get("search/")
            if "Reloading browsers" in last and time.monotonic() - when > SETTLED_QUIET and not behind:
                return
            time.sleep(0.2)
        raise AssertionError(f"the preview never settled:\n{self.log(since)[-4000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
