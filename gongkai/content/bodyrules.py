"""Checks of a source's Markdown text before it is rendered: what `new` left to fill in, an
empty body, invisible control characters. (The rendered HTML: rendering/bodycheck.py.)"""

from __future__ import annotations

import re

from gongkai.content.source import CONTROL, Source

# what `new` leaves for the editor to fill in, and what `import` marks for checking against the
# original (text OCR read with low confidence): never publish it
# both are errors, yet the document stays known (translations and clashes are still checked)
# and `new`/`import` write them on purpose
PLACEHOLDER_CODES = ("placeholder_left", "ocr_doubt_left")
PLACEHOLDER = re.compile(r"【[^】]*(?:请填写|请核对)[^】]*】|\[(?:To fill in|Other matters, if any)[^\]]*\]")
# what leaves a body with nothing to read: comments, whitespace and space entities
INVISIBLE = re.compile(r"<!--.*?(?:-->|$)|&(?:nbsp|ensp|emsp|thinsp|zwsp|#160|#xa0|#x3000|#12288|#8203|#x200b);|"
                       r"[\s\u200b\u200c\u200d\u2060\ufeff\u3000]", re.S | re.I)


def check_text(src: Source) -> None:
    check_placeholders(src)
    if not INVISIBLE.sub("", src.body):
        src.problem(src.body_line - 1, "", "body_empty")
        return
    for offset, line in enumerate(src.body.split("\n")):
        m = CONTROL.search(line)
        if m:
            src.problem(src.body_line + offset, "", "control_char_body", char=f"U+{ord(m.group()):04X}")


def check_placeholders(src: Source) -> None:
    for number, line in enumerate(src.text.split("\n"), start=1):
        m = PLACEHOLDER.search(line)
        if m:
            text = m.group() if len(m.group()) <= 32 else m.group()[:30] + "…】"
            code = "ocr_doubt_left" if "请核对" in m.group() else "placeholder_left"
            src.problem(number, "", code, text=text)
