"""The 【请核对：…】 marks OCR puts after lines it read with low confidence.

Detection must see the text without them (a marked 文号 is still a 文号, a marked signature
still a signature), and the editor must find each mark where its line ended up: in the body,
the title or the 文号. So the marks are taken out before conversion and put back after it,
behind the same words; `check` refuses a file until every mark is deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.importing import text
from gongkai.importing.layout import DOUBT_OPEN

MARK = re.compile(rf"{DOUBT_OPEN}[^】]*】")
ANCHOR = 12  # characters before a mark that find its place again
ANCHOR_MIN = 3


@dataclass(frozen=True)
class Doubt:
    anchor: str  # the words the mark followed, normalised as the converter normalises text
    mark: str


def take(lines: list[str]) -> tuple[list[str], list[Doubt]]:
    doubts: list[Doubt] = []
    for line in lines:
        start = 0
        for m in MARK.finditer(line):
            before = text.fix_punctuation(text.clean_spaces(line[start:m.start()]))
            doubts.append(Doubt(before[-ANCHOR:], m.group()))
            start = m.end()
    return [MARK.sub("", line) for line in lines], doubts


def put_back(fields: dict[str, object], body: str, doubts: list[Doubt]) -> str:
    """Each mark behind its words in the title, the 文号 or the body (in that order, since that
    is where the lines stood); a mark whose words are gone closes the body."""
    position = 0
    for doubt in doubts:
        placed = False
        for key in ("title", "doc_no"):
            value = fields.get(key)
            if isinstance(value, str) and doubt.mark not in value:
                end = _end_of(doubt.anchor, value, 0)
                if end is not None:
                    fields[key] = value[:end] + doubt.mark + value[end:]
                    placed = True
                    break
        if placed:
            continue
        end = _end_of(doubt.anchor, body, position)
        if end is None:
            body = body.rstrip("\n") + "\n\n" + doubt.mark
            continue
        body = body[:end] + doubt.mark + body[end:]
        position = end + len(doubt.mark)
    return body


def _end_of(anchor: str, text: str, start: int) -> int | None:
    """Where `anchor` ends in `text`; a heading loses its closing punctuation, so the anchor is
    shortened from the end until found (never below ANCHOR_MIN characters)."""
    for length in range(len(anchor), ANCHOR_MIN - 1, -1):
        found = text.find(anchor[:length], start)
        if found >= 0:
            return found + length
    return None
