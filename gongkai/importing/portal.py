"""A page copied from a government portal: its labelled metadata (索引号, 发布机构, 发布时间 …),
its title wherever it stands, and where the document itself starts and ends.

Portals print their metadata in every arrangement: a table before or after the title, one
label per line with the value on the next line (a copied table), several labels on one line
(来源：… 发布日期：…), spaces inside labels (索 引 号), full- or half-width colons. Everything
above the title is page furniture; so is the run of metadata and chrome just below it and at
the end of the page. Each value keeps its label and line so that import can say where it
came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.content.dates import find_date
from gongkai.importing.chrome import BULLET, is_chrome, is_edge_furniture

# label as printed (spaces removed) -> what it fills; "" = read and dropped
LABELS = {
    "索引号": "index_no",
    "发布机构": "issuer", "发文机关": "issuer", "发文机构": "issuer", "发布单位": "issuer", "发文单位": "issuer",
    "来源": "source", "信息来源": "source", "文章来源": "source",
    "成文日期": "written", "成文时间": "written", "公文生成日期": "written", "生成日期": "written",
    "印发日期": "written", "发文日期": "written",
    "发布日期": "published", "发布时间": "published", "公开日期": "published", "公开时间": "published",
    "文号": "doc_no", "发文字号": "doc_no", "备注/文号": "doc_no", "发文文号": "doc_no", "文件编号": "doc_no",
    "标题": "title", "名称": "title", "文件名称": "title", "信息名称": "title",
    "主题词": "keywords", "关键词": "keywords",
    "分类": "", "主题分类": "", "信息分类": "", "体裁分类": "", "组配分类": "", "服务对象分类": "",
    "所属主题": "", "公开方式": "", "公开范围": "", "公开形式": "", "有效性": "", "时效性": "", "是否有效": "",
    "作者": "", "编辑": "", "责任编辑": "", "审核": "", "浏览次数": "", "访问次数": "", "阅读次数": "",
    "点击数": "", "点击次数": "", "浏览量": "", "访问量": "", "字体": "", "字号": "", "更新时间": "",
    "更新日期": "", "内容概述": "", "摘要": "", "实施日期": "", "生效日期": "", "废止日期": "",
}
_SPACED = "|".join(r"[ \u3000]*".join(map(re.escape, label)) for label in sorted(LABELS, key=len, reverse=True))
LABEL = re.compile(rf"({_SPACED})(?:[ \u3000]*[:：]|\t|[ \u3000]{{2,}})")
LABEL_ONLY = re.compile(rf"^({_SPACED})[ \u3000]*[:：]?[ \u3000]*$")  # a table cell: its value is below
VALUE_MAX = 40  # a longer line under a bare label is text, not its value
SENTENCE_ENDS = ("。", "！", "？", "；", "：")  # a line ending so is text, never a label's value
DATE_VALUE_MAX = 25  # "2025-01-07 15:15:56", "2025年01月07日 星期二"
HEAD_LINES = 60  # the title stands among the first lines of a copied page (menus included)
LETTERHEAD = re.compile(r"^\S{2,20}文件$")  # 县司法局文件: the issuing body's red header (版头)
DOC_NO = re.compile(r"^\S{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号$")  # 松府〔2025〕5号
WORD = re.compile(r"[^\W_]")  # a letter, digit or character of a script
SPACES = re.compile(r"[\s\u3000]+")


def doc_no_of(line: str) -> str | None:
    """The 文号 a line consists of, spaces taken out (a PDF sets "4 号"); else None."""
    solid = SPACES.sub("", line)
    return solid if DOC_NO.match(solid) else None


@dataclass(frozen=True)
class Found:
    """One value read from the page, with the label and line it stood at."""

    value: str
    label: str = ""  # as the page prints it, without spaces inside ("发布时间")
    line: int = 0  # 1-based line of the source


@dataclass
class Page:
    body: list[str]  # the document's own lines: no title, metadata or page furniture
    title: Found | None = None
    found: dict[str, Found] = field(default_factory=dict)  # field -> first value found
    removed: int = 0  # lines of page furniture and metadata taken out
    # lines above the title that are neither furniture nor metadata: taken out too, but
    # named, in case they were the document's own
    dropped: list[Found] = field(default_factory=list)


def _label_name(printed: str) -> str:
    return re.sub(r"[ \u3000]", "", printed)


def labelled(line: str) -> list[tuple[str, str]] | None:
    """[(label, value)] of a metadata line ("来源：松坪镇 发布时间：2025-02-12"), or None when
    `line` does not start with a label. A bare label has the value "" (it is on the next line)."""
    text = BULLET.sub("", line).strip()
    m = LABEL_ONLY.match(text)
    if m:
        return [(_label_name(m[1]), "")]
    keys = list(LABEL.finditer(text))
    if not keys or keys[0].start() != 0:
        return None
    return [(_label_name(k[1]), text[k.end(): nxt.start() if nxt else len(text)].strip())
            for k, nxt in zip(keys, keys[1:] + [None])]


class Reader:
    """Classifies the lines of a page: metadata (with the values under bare labels), chrome."""

    def __init__(self, lines: list[str], is_title: Callable[[str], bool], first_line: int):
        self.lines = lines
        self.is_title = is_title
        self.first_line = first_line  # the line number of lines[0] in the source file
        self.meta: dict[int, list[tuple[str, str]]] = {}  # line index -> its (label, value) pairs
        self.value_of: dict[int, int] = {}  # index of a value line -> index of its bare label
        for i, line in enumerate(lines):
            if i in self.value_of:
                continue
            pairs = labelled(line)
            if pairs is None:
                continue
            self.meta[i] = pairs
            if pairs[-1][1] == "":
                below = self._next_filled(i)
                if below is not None and self._is_value(below, LABELS[pairs[-1][0]]):
                    self.value_of[below] = i

    def _next_filled(self, i: int) -> int | None:
        return next((j for j in range(i + 1, len(self.lines)) if self.lines[j].strip()), None)

    def _is_value(self, i: int, key: str) -> bool:
        """Whether line `i` can be the value of a bare label filling `key` above it: a label
        left empty by the page is often followed by the title or the text."""
        text = self.lines[i].strip()
        if labelled(text) is not None or is_edge_furniture(text):
            return False
        if key == "title":
            return True
        if key in ("written", "published"):
            return find_date(text) is not None and len(text) <= DATE_VALUE_MAX
        return len(text) <= VALUE_MAX and not text.endswith(SENTENCE_ENDS) and not self.is_title(text)

    def furniture(self, i: int) -> bool:
        """Blank, chrome, metadata or a letterhead: never part of the document when it borders
        the title."""
        line = self.lines[i]
        return (not line.strip() or i in self.meta or i in self.value_of or is_edge_furniture(line)
                or bool(LETTERHEAD.match(line.strip())))

    def harvest(self, indices: range, page: Page) -> None:
        """Fill page.found from the metadata lines among `indices` (first value wins)."""
        below_of = {label: value for value, label in self.value_of.items()}
        for i in indices:
            pairs = self.meta.get(i, [])
            for k, (label, value) in enumerate(pairs):
                line = i + self.first_line
                if k == len(pairs) - 1 and not value and i in below_of:
                    value, line = self.lines[below_of[i]].strip(), below_of[i] + self.first_line
                key = LABELS[label]
                if key and value not in ("", "无", "-", "—"):
                    page.found.setdefault(key, Found(value, label, line))
            doc_no = doc_no_of(self.lines[i])
            if doc_no:
                page.found.setdefault("doc_no", Found(doc_no, "", i + self.first_line))


def find_title(lines: list[str], reader: Reader, score: Callable[[str], int],
               threshold: int) -> tuple[list[int], str] | None:
    """(indices of its lines, text) of the title: the best-rated line, or two lines read as
    one (a long title wrapped by the page), of at least `threshold` among the first lines;
    else the first line of text when it could be one."""
    head = [i for i, line in enumerate(lines) if line.strip()][:HEAD_LINES]
    candidates = [i for i in head if not reader.furniture(i) and not doc_no_of(lines[i])]
    options: list[tuple[int, int, list[int], str]] = []  # (score, -first index, indices, text)
    for k, i in enumerate(candidates):
        text = lines[i].lstrip("#").strip()
        options.append((score(text), -i, [i], text))
        j = candidates[k + 1] if k + 1 < len(candidates) else None
        if j is not None and head.index(j) == head.index(i) + 1:
            joined = text + lines[j].strip()
            if score(joined) > max(score(text), score(lines[j])):
                options.append((score(joined), -i, [i, j], joined))
    best = max(options, default=None)
    if best and best[0] >= threshold:
        return best[2], best[3]
    if candidates and score(lines[candidates[0]]) > 0:  # as typed at the top of a plain file
        return [candidates[0]], lines[candidates[0]].lstrip("#").strip()
    return None


def read_page(lines: list[str], score: Callable[[str], int], threshold: int, first_line: int = 1) -> Page:
    """Split a copied page into its parts. `score` rates how much a line reads like a
    document title (see find_title); `first_line` is the number of lines[0] in the file."""
    reader = Reader(lines, lambda line: score(line) >= threshold, first_line)
    page = Page(body=[])
    title = find_title(lines, reader, score, threshold)
    title_lines = title[0] if title else []
    if title is None:
        start = next((i for i in range(len(lines)) if not reader.furniture(i)), len(lines))
    else:
        page.title = Found(title[1], "", title_lines[0] + first_line)
        start = title_lines[-1] + 1
        # below the title: metadata, chrome, the 文号 and the title printed again by the page
        while start < len(lines) and (reader.furniture(start) or doc_no_of(lines[start])
                                      or lines[start].lstrip("#").strip() in (title[1], lines[title_lines[0]].strip())):
            start += 1
    end = len(lines)
    while end > start and reader.furniture(end - 1):
        end -= 1
    reader.harvest(range(start), page)
    reader.harvest(range(end, len(lines)), page)
    if page.title is None and "title" in page.found:
        page.title = page.found["title"]
    above = [i for i in range(title_lines[0] if title_lines else 0)
             if not reader.furniture(i) and not doc_no_of(lines[i])]
    # a rule or ornament (---, ★ ★ ★) stays, for the editor to judge; other text is named
    ornaments = [i for i in above if not WORD.search(lines[i])]
    page.dropped = [Found(lines[i].strip(), "", i + first_line) for i in above if i not in ornaments]
    page.body = [lines[i] for i in ornaments] + [line for line in lines[start:end] if not is_chrome(line)]
    kept = set(title_lines) | set(ornaments) | {i for i in range(start, end) if not is_chrome(lines[i])}
    page.removed = sum(1 for i, line in enumerate(lines) if line.strip() and i not in kept)
    return page
