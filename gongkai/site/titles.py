"""Where a long Chinese title may break onto a new line.

Chinese has no spaces, so a browser breaks a title anywhere, also inside a word
(…建 / 设情况的报告); GB/T 9704 wants whole words in balanced lines. The title is cut into
phrases at safe places (after a unit's name, 关于, 法治政府建设, 的 …, around a year) and the
page sets each phrase as one unbreakable box (text-wrap: balance evens the lines out). An
editor who wants other lines gives them in the front matter (`title_break`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

CJK = re.compile(r"[\u3400-\u9fff]")
BREAK_AFTER = ("关于", "法治政府建设", "年度报告", "的", "：", "》", "、", "，")
YEAR = re.compile(r"[0-9]{4}年度?")
OPENING = re.compile(r"[《（“]")


def title_phrases(title: str, names: Iterable[str]) -> tuple[str, ...]:
    """The title cut into phrases; a title without Chinese (English) is one phrase, since its
    spaces are already where it may break."""
    if not CJK.search(title):
        return (title,)
    inside: set[int] = set()  # the words below never cut a unit's name
    name_ends: set[int] = set()  # after a unit's name, full or short: 澄岭县松坪镇 | 人民政府
    for name in {n for n in names if n and n in title}:  # most titles name one unit of dozens
        start = title.find(name)
        while start >= 0:
            inside.update(range(start + 1, start + len(name)))
            name_ends.add(start + len(name))
            start = title.find(name, start + len(name))
    word_cuts: set[int] = set()
    for word in BREAK_AFTER:
        start = title.find(word)
        while start >= 0:
            word_cuts.add(start + len(word))
            start = title.find(word, start + len(word))
    for match in YEAR.finditer(title):
        word_cuts.update((match.start(), match.end()))
    word_cuts.update(m.start() for m in OPENING.finditer(title))
    cuts = {c for c in (word_cuts - inside) | name_ends if 0 < c < len(title)}
    bounds = [0, *sorted(cuts), len(title)]
    return tuple(title[a:b] for a, b in pairwise(bounds))
