"""Whole builds: errors stop everything, nothing is lost, `mkdocs serve` follows edits."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from support import copy_repo, mkdocs

BAD_UNIT = """\
---
title: 坏文件
kind: announcement
year: 2024
unit: nowhere
published: 2025-01-10
---

正文。
"""


def test_an_error_fails_the_build_and_writes_no_site(tmp_path):
    root = copy_repo(tmp_path / "repo")
    (root / "reports/2024/bad.md").write_text(BAD_UNIT, encoding="utf-8")
    (root / "reports/2024/gbk.md").write_bytes(BAD_UNIT.replace("nowhere", "songping").encode("gb18030"))
    result = mkdocs(root, "build", "--strict", "-d", str(tmp_path / "site"))
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "reports/2024/bad.md:5: [unit] 错误" in log
    assert "reports/2024/gbk.md:2: 错误: 文件是 GBK/GB18030 编码" in log
    assert not (tmp_path / "site").exists()


def test_late_publication_warns_but_builds(tmp_path):
    root = copy_repo(tmp_path / "repo")
    late = BAD_UNIT.replace("nowhere", "songping").replace("kind: announcement", "kind: annual-report")
    (root / "reports/2024/late.md").write_text(late.replace("2025-01-10", "2025-06-01"), encoding="utf-8")
    result = mkdocs(root, "build", "--strict", "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "reports/2024/late.md:6: [published] 提醒" in result.stderr
    assert (tmp_path / "site/2024/late/index.html").is_file()


def test_build_reports_documents_read_and_pages_written(tmp_path):
    root = copy_repo(tmp_path / "repo")
    result = mkdocs(root, "build", "--strict", "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    m = re.search(r"gongkai: (\d+) documents read, (\d+) pages written", result.stderr)
    n_sources = len(list((root / "reports").rglob("*.md")))
    assert m and int(m[1]) == int(m[2]) == n_sources


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode()
            if text in body:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared at {url}")


@pytest.fixture
def served(tmp_path):
    root = copy_repo(tmp_path / "repo")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # mkdocs serve mounts the site under site_url's path
        yield root, f"http://127.0.0.1:{port}/gongkai-site/"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_rebuilds_on_reports_core_and_hook_changes(served):
    root, base = served
    page = f"{base}2024/songping-2024-report/"
    _wait_for(page, "松坪镇2024年法治政府建设年度报告")
    report = root / "reports/2024/songping-2024-report.md"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "title: 松坪镇2024年法治政府建设年度报告", "title: 松坪镇2024年法治政府建设年度报告（修订）"), encoding="utf-8")
    _wait_for(page, "年度报告（修订）")
    locale = root / "gongkai/locales/zh.yml"
    locale.write_text(locale.read_text(encoding="utf-8").replace(
        "meta_heading: 信息公开目录信息", "meta_heading: 公开目录"), encoding="utf-8")
    _wait_for(page, "公开目录</h2>")
    views = root / "gongkai/site/views.py"
    views.write_text(views.read_text(encoding="utf-8").replace(
        '        kind_label=t(lang, f"kind_{doc.kind}"),\n        year=doc.year,',
        '        kind_label=t(lang, f"kind_{doc.kind}") + "★",\n        year=doc.year,'), encoding="utf-8")
    _wait_for(page, "<span>年度报告★</span>")
    adapter = root / "hooks/adapter.py"
    adapter.write_text(adapter.read_text(encoding="utf-8").replace(
        "def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:\n",
        "def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:\n"
        "    output = output.replace('</body>', '<!--hook edited--></body>')\n"), encoding="utf-8")
    _wait_for(page, "<!--hook edited-->")


def test_generated_corpus_of_500_documents_loses_nothing(tmp_path):
    from tools.site_corpus import make_repo

    root = tmp_path / "repo"
    make_repo(root, 500, seed=3, body_chars=1500)
    sources = list((root / "reports").rglob("*.md"))
    result = mkdocs(root, "build", "--strict", "-d", str(tmp_path / "site"), timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    m = re.search(r"gongkai: (\d+) documents read, (\d+) pages written", result.stderr)
    assert m and int(m[1]) == int(m[2]) == len(sources) > 500  # originals and translations
    built = [p for p in (tmp_path / "site").rglob("index.html")
             if re.fullmatch(r"(en/)?\d{4}/[^/]+/index.html", p.relative_to(tmp_path / "site").as_posix())]
    assert len(built) == len(sources)


def test_images_next_to_a_report_show_on_its_page_and_print_view(tmp_path):
    root = copy_repo(tmp_path / "repo")
    report = root / "reports/2024/songping-2024-report.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n![调解工作图](mediation-chart.png)\n", encoding="utf-8")
    (root / "reports/2024/mediation-chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    site = tmp_path / "site"
    result = mkdocs(root, "build", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stderr[-3000:]
    for page in ("2024/songping-2024-report/", "2024/songping-2024-report/print/"):
        src = re.search(r'<img alt="调解工作图" src="([^"]+)"', (site / page / "index.html").read_text(encoding="utf-8"))[1]
        assert (site / page / src).resolve() == (site / "2024/mediation-chart.png").resolve(), page
