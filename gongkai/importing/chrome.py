"""Portal page chrome in a copied page: navigation, site headers, 字体【大 中 小】, 扫一扫, footers.

Two strengths: `is_chrome` is furniture wherever it stands (扫一扫, 【打印】, page numbers);
`is_edge_furniture` adds what is furniture only above the title or below the document
(breadcrumbs, site headers, menus, footers), since a notice may well say "主办单位：县司法局"
or "时间：2025年4月15日星期二". The labelled metadata (来源：… 发布时间：…) is portal.py's.
"""

from __future__ import annotations

import re

# a line containing one of these (and not ending a sentence) is page furniture
PHRASES = (
    "扫一扫", "打印本页", "关闭窗口", "关闭本页", "分享到", "当前位置", "您当前的位置", "您现在的位置",
    "您所在的位置", "上一篇", "下一篇", "返回顶部", "视力保护色", "浏览次数", "访问次数", "阅读次数",
    "点击次数", "【大 中 小】", "【大】【中】【小】", "简体|繁体", "简体 | 繁体",
)
# a line made of nothing but these is page furniture too
WORDS = ("打印", "关闭", "收藏", "分享", "无障碍", "长者模式", "适老模式", "返回", "字体", "字号",
         "大", "中", "小", "默认", "简体", "繁体", "打印本页", "关闭窗口", "加入收藏", "纠错")
SEPARATORS = r"[\s【】\[\]|｜/·•:：\-]"
WORDS_ONLY = re.compile(rf"^(?:{SEPARATORS}*(?:{'|'.join(WORDS)}))+{SEPARATORS}*$")
# what is left of a split 【字体：大 中 小】: a line of brackets and bars alone
PUNCTUATION_ONLY = re.compile(r"^[【】\[\]|｜/·•:：]+$")
PAGE_NUMBER = re.compile(r"^[—－\-]*\s*(?:第\s*)?\d{1,3}\s*(?:页)?\s*[—－\-]*$")  # "— 2 —" left by PDF
PHRASE_MAX = 80  # longer lines are text that happens to mention a phrase
BULLET = re.compile(r"^[\s\-*•·>]+")

# --- furniture only at the edges of a page ---------------------------------------
FOOTER_STARTS = ("主办单位", "承办单位", "技术支持", "版权所有", "网站标识码", "网站地图", "联系我们",
                 "相关链接", "相关文件", "Copyright", "©")
FOOTER_ANYWHERE = re.compile(r"ICP备|公网安备|网站标识码")
# the portal's menu and toolbar, copied line by line
MENU = ("首页", "网站首页", "设为首页", "English", "登录", "注册", "搜索", "微信", "微博", "QQ空间",
        "政务公开", "政务服务", "互动交流", "新闻中心", "新闻动态", "信息公开", "公众参与", "办事服务",
        "返回首页", "上一页", "下一页", "简", "繁")
MENU_ONLY = re.compile(rf"^(?:{SEPARATORS}*(?:{'|'.join(MENU + WORDS)}))+{SEPARATORS}*$")
# 首页 > 政务公开 > 法治政府建设: the navigation trail above a page
BREADCRUMB = re.compile(r"^(?:首页|网站首页|主页)\s*[>›»＞→/]|^[^>›»＞。，]{1,20}(?:\s*[>›»＞]\s*[^>›»＞。，]{1,20}){2,}$")
# 澄岭县人民政府 2025年3月4日 星期二: a site header with the day's date
SITE_HEADER = re.compile(r"\d{4}\s*(?:年|[-/.])\s*\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}\s*日?\s*(?:星期|礼拜)[一二三四五六日天]")


def _text(line: str) -> str:
    return BULLET.sub("", line).strip()


def is_chrome(line: str) -> bool:
    """Page furniture anywhere: phrase lines, lines of bare furniture words, page numbers."""
    text = _text(line)
    if not text:
        return False
    if PAGE_NUMBER.match(line.strip()) and not text.isdigit():
        return True
    if len(text) <= PHRASE_MAX and not text.endswith("。") and any(p in text for p in PHRASES):
        return True
    return bool(WORDS_ONLY.match(text) or PUNCTUATION_ONLY.match(text))


def is_edge_furniture(line: str) -> bool:
    """Furniture above the title or below the document: chrome, and navigation, site
    headers, menus and footers."""
    if is_chrome(line):
        return True
    text = _text(line)
    if not text or len(text) > PHRASE_MAX or text.endswith("。"):
        return False
    return bool(text.startswith(FOOTER_STARTS) or FOOTER_ANYWHERE.search(text) or BREADCRUMB.search(text)
                or SITE_HEADER.search(text) or MENU_ONLY.match(text))
