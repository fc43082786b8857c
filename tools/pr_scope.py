"""Does a pull request change more than content? Reads the changed paths (one a line) on
stdin and prints `code=true` or `code=false` for $GITHUB_OUTPUT.

Content is what editors change: reports/ (documents and their attachments), units.yml,
gongkai.yml and the Markdown pages of docs/. Anything else (code, templates, styles,
dependencies, workflows, tests, this file) runs the whole test suite. The PR workflow runs
the base branch's copy of this file, so a pull request cannot narrow its own checks.
"""

from __future__ import annotations

import re
import sys

CONTENT = re.compile(r"^(reports/.+|units\.yml|gongkai\.yml|docs/(?!generated/).+\.md)$")


def is_content(path: str) -> bool:
    return bool(CONTENT.match(path))


def main() -> None:
    paths = [line.strip() for line in sys.stdin if line.strip()]
    code = not paths or not all(is_content(p) for p in paths)  # nothing listed: be safe
    print(f"code={'true' if code else 'false'}")


if __name__ == "__main__":
    main()
