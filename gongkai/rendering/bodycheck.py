"""Problems of a rendered body: what the sanitiser would remove, each on its source line."""

from __future__ import annotations

import html as html_lib
import re

from gongkai.problems import Problem
from gongkai.rendering import sanitize

# where Markdown (not HTML) writes a link, an image or a heading
MARKDOWN_FORMS = {"a": [r"\]\(", r"^\s{0,3}\[[^\]]+\]:\s"], "img": [r"!\["],
                  **{f"h{n}": [rf"^\s{{0,3}}{'#' * n}\s"] for n in range(1, 7)}}


def html_problems(rel_path: str, body: str, body_line: int, html: str,
                  cleaned: str | None = None) -> list[Problem]:
    lines = body.split("\n")
    problems = []
    for finding in sanitize.findings(html, cleaned):
        offset = _line_of(finding, lines)
        value = finding.value if len(finding.value) <= 60 else finding.value[:57] + "…"
        problems.append(Problem(rel_path, body_line + offset, "", finding.code,
                                {"tag": finding.tag, "name": finding.name, "value": value}))
    return problems


def _line_of(finding: sanitize.Finding, lines: list[str]) -> int:
    """The first body line that holds the refused thing (0: the body's first line)."""
    patterns = []
    if finding.kind in ("url", "offsite") and finding.value:
        patterns.append(re.escape(finding.value.strip()[:30]))
    if finding.name:
        patterns.append(rf"(?<![\w-]){re.escape(finding.name)}\s*=")
        patterns.append(rf"(?<![\w-]){re.escape(finding.name)}(?![\w-])")
    if finding.tag:
        patterns.append(rf"<\s*{re.escape(finding.tag)}(?![\w-])")
    patterns += MARKDOWN_FORMS.get(finding.tag, [])
    if finding.kind == "markup" and finding.value:
        patterns.append(re.escape(finding.value.strip()[:20]))
    for pattern in patterns:
        rx = re.compile(pattern, re.I)
        for number, line in enumerate(lines):
            if rx.search(line) or rx.search(html_lib.unescape(line)):
                return number
    return 0
