"""Heading numbering to Markdown levels: "一、" ##, "（一）" ###, "1." ####.

A numbered line is a heading only when it reads like one: a single short clause, or no
sentence punctuation at all. "（一）多轮次立体学。由我镇…" is a run-in heading: the short
leading clause becomes the heading and the rest its paragraph.
"""

from __future__ import annotations

import re

from gongkai.content.sections import CN_DIGITS

NUMBERING = (
    (2, re.compile(rf"^[{CN_DIGITS}]{{1,3}}(?:、|[．.](?!\d))")),
    (3, re.compile(rf"^[（(][{CN_DIGITS}]{{1,3}}[）)]")),
    (4, re.compile(r"^\d{1,2}(?:[.．](?!\d)|、)")),
)
HEADING_MAX = {2: 80, 3: 40, 4: 40}  # characters in a one-clause heading ("一、" ones run long)
UNPUNCTUATED_MAX = 80  # a line without sentence punctuation longer than this is text
LEAD_MAX = 30  # the leading clause of a run-in heading
CLAUSE_END = re.compile(r"[。！？；!?;]")
TRAILING = "。；;：:"  # punctuation a heading drops
MARKDOWN_ORDERED = re.compile(r"^\d{1,2}[.)]\s")  # "1. item" in a Markdown source is a list
LIST_ITEM = re.compile(r"^(?:[-*+]\s|\d{1,2}[.)]\s|[（(]\d{1,2}[）)]|[①-⑳])")
MARKUP = re.compile(r"^(?:#{1,6}\s|\||>|```|~~~|!\[)")
# 附件：1.…  2.…: the list of attachments under a document
ATTACHMENTS = re.compile(r"^(附\s*件\s*[：:])\s*(.*)$")
ATTACHMENT_ITEM = re.compile(r"^(\d{1,2})\s*[.．、]\s*(?!\d)(.+)$")
# 中共澄岭县委员会，澄岭县人民政府：(主送机关) the bodies a document is addressed to
ADDRESSEE = re.compile(r"^[^。！？；：:\s]{2,}(?:[、，,][^。！？；：:\s]{2,})*[：:]$")
ADDRESSEE_MAX = 80
BODY_WORDS = re.compile(r"委员会|政府|局|办|镇|乡|街道|部门|单位|村|社区|公司|学校|组")


def is_addressee(line: str) -> bool:
    """A 主送机关 line: bodies separated by 、 or ，, ending with a colon."""
    line = line.strip()
    return len(line) <= ADDRESSEE_MAX and bool(ADDRESSEE.match(line)) and bool(BODY_WORDS.search(line))


def numbering_level(line: str) -> tuple[int, int] | None:
    """(Markdown level, end of the number) when `line` starts with heading numbering."""
    for level, pattern in NUMBERING:
        m = pattern.match(line)
        if m:
            return level, m.end()
    return None


def starts_block(line: str) -> bool:
    """A line that begins something new: never the continuation of a wrapped line."""
    return bool(numbering_level(line) or LIST_ITEM.match(line) or MARKUP.match(line))


def is_bare_heading(line: str) -> bool:
    """Numbered and without sentence punctuation: a heading, unless it runs on."""
    return bool(numbering_level(line)) and not CLAUSE_END.search(line)


def heading_blocks(line: str, markdown: bool = False) -> list[str]:
    """`line` as Markdown blocks: a heading (maybe followed by its run-in paragraph) or the
    line itself."""
    if MARKUP.match(line) or (markdown and MARKDOWN_ORDERED.match(line)):
        return [line]
    found = numbering_level(line)
    if not found:
        return [line]
    level, end = found
    number, rest = line[:end], line[end:].strip()
    gap = line[end:len(line) - len(line[end:].lstrip())]  # "1. 标题" keeps its space
    heading = f"{'#' * level} {normalise_number(number)}{gap}"
    m = CLAUSE_END.search(rest)
    if m is None:
        return [heading + rest.rstrip(TRAILING)] if 0 < len(rest) <= UNPUNCTUATED_MAX else [line]
    if m.end() == len(rest):  # one clause
        return [heading + rest.rstrip(TRAILING)] if len(rest) <= HEADING_MAX[level] else [line]
    lead, tail = rest[:m.start()], rest[m.end():].strip()
    if m.group() == "。" and 0 < len(lead) <= LEAD_MAX:
        return [heading + lead, tail]
    return [line]


def normalise_number(number: str) -> str:
    """(一) is written （一）; the rest as the author typed it."""
    return number.replace("(", "（").replace(")", "）")


def to_blocks(lines: list[str], markdown: bool = False) -> list[str]:
    """Lines (one paragraph each) to Markdown blocks; rows of a table and items of a list
    stay together in one block, and so do the numbered items under 附件：."""
    blocks: list[str] = []
    last_group = ""
    for line in (ln for ln in lines if ln):
        label = ATTACHMENTS.match(line)
        if label and (not label[2] or ATTACHMENT_ITEM.match(label[2])):
            blocks.append(label[1])
            last_group, line = "attachments", label[2]
            if not line:
                continue
        item = ATTACHMENT_ITEM.match(line) if last_group.startswith("attachment") else None
        if item:
            entry = f"{item[1]}. {item[2].strip()}"
            if last_group == "attachments":
                blocks.append(entry)
            else:
                blocks[-1] += "\n" + entry
            last_group = "attachment items"
            continue
        group = _group(line, markdown)
        if group and group == last_group:
            blocks[-1] += "\n" + line
            continue
        blocks += heading_blocks(line, markdown)
        last_group = group
    return blocks


def _group(line: str, markdown: bool) -> str:
    if line.startswith("|"):
        return "table"
    if line[0] in "-*+" and LIST_ITEM.match(line):
        return "bullets"
    if markdown and MARKDOWN_ORDERED.match(line):
        return "numbers"
    return ""
