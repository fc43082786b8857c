"""`mkdocs serve --strict --dirty` (what `make serve` runs) on a repository, for the preview
tests and the edit-to-preview benchmark: start it, follow its log, time an edit until a page
shows it, and wait until the preview has settled (search index and feeds written again).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
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
        self.proc.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs removes its folder, hooks clean up
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _set_title(path: Path, marker: str) -> str:
    """Ends the title with （`marker`）; returns the marker (pages set titles in phrases, so the
    whole title is not one string in the HTML)."""
    text = path.read_text(encoding="utf-8")
    title = re.search(r"(?m)^title: (.*)$", text)[1]  # type: ignore[index]
    path.write_text(text.replace(f"title: {title}", f"title: {title}（{marker}）", 1), encoding="utf-8")
    return marker


def edit_to_preview(server: PreviewServer, doc_id: str, unit: str) -> list[tuple[str, float, float]]:
    """(edit, seconds from saving until the page shows it, until its year archive, unit page and
    the English year archive show it too) for a title edit, a body edit, a new report and its
    deletion. Each edit waits for the previous one to settle (search index rewritten)."""
    year = doc_id.split("/")[0]
    source = server.root / "reports" / f"{doc_id}.md"
    added = source.with_name("bench-added-report.md")
    listings = [f"{year}/", f"units/{unit}/", f"en/{year}/"]
    rows = []

    def measure(what: str, page: str, text: str, shown: list[str], gone: bool = False) -> None:
        since, start = len(server.lines), time.monotonic()
        if gone:
            page_s = _seconds_until_gone(server, page, start)
            listed = max([_seconds_until_absent(server, p, text, start) for p in shown], default=page_s)
        else:
            page_s = server.seconds_until(page, text, start)
            listed = max([server.seconds_until(p, text, start) for p in shown], default=page_s)
        rows.append((what, page_s, listed))
        server.wait_settled(since)

    measure("title", f"{doc_id}/", _set_title(source, "修订甲"), listings)
    text = source.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    source.write_text(f"{head}\n---\n\n基准测试修改的段落。\n{body}", encoding="utf-8")
    measure("body", f"{doc_id}/", "基准测试修改的段落。", [])  # a body edit changes no listing
    added.write_text(re.sub(r"(?m)^(index_no|doc_no|related): .*\n", "", text).replace("title: ", "title: 新增乙", 1),
                     encoding="utf-8")
    measure("add", f"{year}/bench-added-report/", "新增乙", listings)
    added.unlink()
    measure("delete", f"{year}/bench-added-report/", "新增乙", listings, gone=True)
    return rows


def _seconds_until_gone(server: PreviewServer, path: str, since: float, timeout: float = 120) -> float:
    while time.monotonic() - since < timeout:
        try:
            server.get(path)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return time.monotonic() - since
        time.sleep(0.05)
    raise AssertionError(f"{path} still served")


def _seconds_until_absent(server: PreviewServer, path: str, text: str, since: float, timeout: float = 120) -> float:
    while time.monotonic() - since < timeout:
        if text not in server.get(path):
            return time.monotonic() - since
        time.sleep(0.05)
    raise AssertionError(f"{text!r} still at {path}")
