"""Portal page chrome in a copied page: 来源/发布时间 lines, 字体【大 中 小】, 扫一扫…

The metadata line of a portal ("来源：松坪镇 发布时间：2025-02-12 10:30") is chrome, but
its values are worth keeping: they are the page's real publication data.
"""

from __future__ import annotations

import re

# a line containing one of these (and not ending a sentence) is page furniture
PHRASES = (
    "扫一扫", "打印本页", "关闭窗口", "关闭本页", "分享到", "当前位置", "您当前的位置", "您现在的位置",
    "上一篇", "下一篇", "返回顶部", "视力保护色", "浏览次数", "访问次数", "阅读次数", "点击次数",
    "【大 中 小】", "【大】【中】【小】",
)
# a line made of nothing but these is page furniture too
WORDS = ("打印", "关闭", "收藏", "分享", "无障碍", "长者模式", "适老模式", "返回", "字体", "字号",
         "大", "中", "小", "默认")
WORDS_ONLY = re.compile(rf"^(?:[\s【】\[\]|｜/·•:：-]*(?:{'|'.join(WORDS)}))+[\s【】\[\]|｜/·•:：-]*$")
PAGE_NUMBER = re.compile(r"^[—－\-]*\s*(?:第\s*)?\d{1,3}\s*(?:页)?\s*[—－\-]*$")  # "— 2 —" left by PDF
PHRASE_MAX = 80  # longer lines are text that happens to mention a phrase
# portal metadata keys -> what we keep of them
META_KEYS = {
    "发布时间": "published", "发布日期": "published", "成文日期": "written", "成文时间": "written",
    "文号": "doc_no", "发文字号": "doc_no", "来源": "source", "信息来源": "source",
    "发布机构": "source", "索引号": "", "分类": "", "主题分类": "", "主题词": "", "作者": "",
    "编辑": "", "责任编辑": "", "浏览次数": "", "访问次数": "", "阅读次数": "", "点击数": "",
    "字体": "", "字号": "", "更新时间": "",
}
META_KEY = re.compile(rf"({'|'.join(sorted(META_KEYS, key=len, reverse=True))})\s*[:：]")
META_ZONE = 8  # metadata lines sit among the first or last lines of a copied page
BULLET = re.compile(r"^[\s\-*•·>]+")


def is_chrome(line: str) -> bool:
    """Page furniture anywhere: phrase lines, lines of bare furniture words, page numbers."""
    text = BULLET.sub("", line).strip()
    if not text:
        return False
    if PAGE_NUMBER.match(line.strip()) and not text.isdigit():
        return True
    if len(text) <= PHRASE_MAX and not text.endswith("。") and any(p in text for p in PHRASES):
        return True
    return bool(WORDS_ONLY.match(text))


def meta_values(line: str) -> dict[str, str] | None:
    """The kept values of a portal metadata line, or None when `line` is not one."""
    text = BULLET.sub("", line).strip()
    keys = list(META_KEY.finditer(text))
    if not keys or keys[0].start() != 0:
        return None
    values: dict[str, str] = {}
    for m, nxt in zip(keys, keys[1:] + [None]):
        value = text[m.end(): nxt.start() if nxt else len(text)].strip()
        if META_KEYS[m[1]] and value:
            values.setdefault(META_KEYS[m[1]], value)
    return values


def strip_chrome(lines: list[str]) -> tuple[list[str], dict[str, str], int]:
    """(lines without chrome, portal metadata values, number of lines removed)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    zone = set(filled[:META_ZONE] + filled[-META_ZONE:])
    kept: list[str] = []
    meta: dict[str, str] = {}
    removed = 0
    for i, line in enumerate(lines):
        values = meta_values(line) if i in zone else None
        if values is not None:
            for key, value in values.items():
                meta.setdefault(key, value)
        if values is not None or is_chrome(line):
            removed += 1
            continue
        kept.append(line)
    return kept, meta, removed
