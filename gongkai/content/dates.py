"""Dates as Chinese documents write them: 2025年2月10日, 二〇二五年二月十日, 2025-02-10."""

from __future__ import annotations

import datetime as dt
import re

CN_NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
ARABIC = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?")
CHINESE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
# a line that is nothing but a date, as under a signature
DATE_LINE = re.compile(rf"^\s*(?:{ARABIC.pattern}|{CHINESE.pattern})\s*$")


def cn_number(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十一 -> 21; 二〇二五 -> 2025 (digit by digit)."""
    if "十" not in text:
        return int("".join(str(CN_NUMERALS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (CN_NUMERALS[tens] if tens else 1) * 10 + (CN_NUMERALS[units] if units else 0)


def find_date(text: str) -> dt.date | None:
    """The first real date in `text`, or None."""
    for m in ARABIC.finditer(text):
        date = _date(m[1], m[2], m[3])
        if date:
            return date
    for m in CHINESE.finditer(text):
        date = _date(cn_number(m[1]), cn_number(m[2]), cn_number(m[3]))
        if date:
            return date
    return None


def is_date_line(line: str) -> bool:
    return bool(DATE_LINE.match(line)) and find_date(line) is not None


def _date(year: int | str, month: int | str, day: int | str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
