"""Reading front-matter values out of a document's own text: title, unit, year, dates…"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

import yaml

from gongkai.content.dates import cn_number, find_date, is_date_line
from gongkai.content.fields import FIELD_ORDER
from gongkai.content.model import Site, Unit
from gongkai.content.signature import is_unit_line, unit_names
from gongkai.content.source import construct, key_text
from gongkai.importing.structure import is_addressee, numbering_level
from gongkai.importing.text import ends_sentence

S = TypeVar("S")
UNIT_PART_MIN = 3  # characters of a part of a unit's full name that may name it
TITLE_MAX = 80  # a longer line is the start of the text, not a title
TITLE_MIN = 5
TITLE_THRESHOLD = 5  # title_score from which a line is taken for the title wherever it stands
# kinds of documents a title ends with (before a closing 》 or “（征求意见稿）”)
DOC_TYPES = ("报告", "公告", "通告", "通知", "通报", "解读", "意见", "方案", "决定", "办法", "规定", "细则",
             "要点", "规划", "计划", "总结", "公示", "批复", "函", "纪要", "清单", "说明", "答复")
DOC_TYPE = re.compile("|".join(DOC_TYPES))
DOC_TYPE_END = re.compile(rf"(?:{'|'.join(DOC_TYPES)})[》”]?(?:[（(][^）)]{{1,8}}[）)])?$")
INTERPRETS = re.compile(r"^《.+》.{0,6}解读$|^图解|^解读")
UNIT_WORD = re.compile(r"[县镇乡区市省]|局|委员会|政府|办公室|街道|中心")
# never in a title: sentence punctuation at its end, a label's colon, navigation marks
TITLE_NEVER = re.compile(r"[。；！？，,:：]$|[:：]\s*\S|[>›»＞|]|^附件")
CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}年")
SIGNATURE_MAX = 30  # characters in one line of a signature block
SIGNATURE_BODIES = 2  # issuing bodies above the date (joint documents have two)
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
SUMMARY_MAX = 120
ANNOUNCES_REST = re.compile(r"如下\s*[：:。]?$")
SENTENCE = re.compile(r"[^。！？]*[。！？]”?|[^。！？]+$")
# domain terms worth offering as 主题词, most telling first
TERMS = (
    "法治政府", "依法行政", "行政执法", "普法", "法治宣传", "人民调解", "矛盾纠纷", "法律顾问",
    "合法性审查", "重大行政决策", "规范性文件", "行政复议", "行政诉讼", "法律援助", "公共法律服务",
    "政务公开", "法律明白人", "第一责任人", "营商环境", "执法监督",
)
KEYWORDS_MAX = 5


Note = tuple[str, dict[str, Any]]  # (ui key, params), as the import command says it


def split_front_matter(lines: list[str]) -> tuple[list[str], dict[str, Any], list[Note]]:
    """A Markdown source may already carry front matter: take its values as hints. What cannot
    be taken (a YAML mistake, an anchor, alias or tag, an impossible date, a mapping) is named
    in a note and left to the editor, never a reason to stop or hang."""
    if not lines or lines[0].strip() != "---":
        return lines, {}, []
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return lines, {}, []
    text = "\n".join(lines[1:end])
    try:
        decorated = any(isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None) or getattr(e, "tag", None)
                        for e in yaml.parse(text, Loader=yaml.SafeLoader))
        node = None if decorated else yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        decorated, node = True, None
    if not isinstance(node, yaml.MappingNode):
        return lines[end + 1:], {}, [("import_note_front_matter_unused", {})] if decorated else []
    values: dict[str, Any] = {}
    refused: list[str] = []
    for key_node, value_node in node.value:
        key = key_text(key_node)
        if key not in FIELD_ORDER:
            continue
        try:
            value = construct(value_node)
        except (ValueError, TypeError, yaml.YAMLError):
            value = None
        if _fits(key, value):
            values[key] = value
        else:
            refused.append(key)
    notes: list[Note] = [("import_note_front_matter_refused", {"keys": ", ".join(refused)})] if refused else []
    return lines[end + 1:], values, notes


def _fits(key: str, value: object) -> bool:
    """A front-matter value of the shape its field takes (check says the rest once written)."""
    if key == "year":
        return isinstance(value, int) and not isinstance(value, bool)
    if key in ("published", "written"):
        return isinstance(value, dt.date)
    if key == "keywords":
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    return isinstance(value, str)


def title_score(line: str, site: Site) -> int:
    """How much `line` reads like a document title: 0 when it cannot be one, 1 when it merely
    could, TITLE_THRESHOLD and more for unit + year + a kind of document (报告, 通知, 解读 …)."""
    text = line.lstrip("#").strip()
    if not TITLE_MIN <= len(text) <= TITLE_MAX or TITLE_NEVER.search(text) or numbering_level(text):
        return 0
    if is_date_line(text) or find_date(text) and not DOC_TYPE_END.search(text):
        return 0  # a date, or a site header with the day's date
    if re.search(r"[，,]", text):
        return 1  # a clause of a sentence, hardly ever a title
    score = 1
    if DOC_TYPE_END.search(text):
        score += 3
    elif DOC_TYPE.search(text):
        score += 1
    if YEAR.search(text) or CN_YEAR.search(text):
        score += 2
    if any(n in text for u in site.units.values() for n in (u.name, u.short)):
        score += 2
    elif UNIT_WORD.search(text):
        score += 1
    if text.startswith("关于") or INTERPRETS.search(text):
        score += 2
    return score


def is_issuer_line(line: str, site: Site) -> bool:
    """A short line naming an issuing body, as above the date of a signature."""
    line = line.strip()
    if not line or len(line) > SIGNATURE_MAX or ends_sentence(line) or re.search(r"[，,。]", line):
        return False
    names = [n for u in site.units.values() for n in unit_names(u)]
    return is_unit_line(line, names) or any(u.name in line for u in site.units.values())


def split_signature(lines: list[str], site: Site) -> tuple[list[str], list[str], dt.date | None]:
    """(body lines, signature lines, signature date): the closing issuing body and date."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return lines, [], None
    date = find_date(lines[filled[-1]]) if is_date_line(lines[filled[-1]]) else None
    start = filled[-1] if date else None
    for i in reversed((filled[:-1] if date else filled)[-SIGNATURE_BODIES:]):
        if not is_issuer_line(lines[i], site):
            break
        start = i
    if start is None:
        return lines, [], None
    signature = [lines[i].strip() for i in filled if i >= start]
    if date is None and not any(u.name in line for line in signature for u in site.units.values()):
        return lines, [], None  # without a date only a registered full name marks a signature
    return lines[:start], signature, date


def find_unit(site: Site, texts: list[tuple[S, str]]) -> tuple[Unit | None, S | None]:
    """(unit, source) for the first (source, text) naming a unit by full name, else by short
    name, else being a part of one unit's full name only ("河湾镇人民政府" for
    澄岭县河湾镇人民政府); the longest name wins ("县司法局" over "县政府")."""
    def named(attr: str, text: str) -> list[Unit]:
        return [u for u in site.units.values() if getattr(u, attr) in text]

    def part_of_name(_: str, text: str) -> list[Unit]:
        hits = [u for u in site.units.values() if len(text) >= UNIT_PART_MIN and text in u.name]
        return hits if len(hits) == 1 else []  # "镇人民政府" is part of every town's name

    for attr, matches in (("name", named), ("short", named), ("name", part_of_name)):
        for source, text in texts:
            hits = matches(attr, text.strip())
            if hits:
                return max(hits, key=lambda u: len(getattr(u, attr))), source
    return None, None


def find_year(title: str) -> int | None:
    m = YEAR.search(title)
    if m:
        return int(m[1])
    m = re.search(r"([〇零○一二三四五六七八九]{4})年", title)
    return cn_number(m[1]) if m else None


def find_kind(title: str) -> str:
    if "解读" in title:  # 《…年度报告》解读 interprets a report
        return "interpretation"
    # 政府信息公开工作年度报告 is another document kind, not a rule-of-law annual report
    if "年度报告" in title and "信息公开" not in title:
        return "annual-report"
    return "announcement"


def split_keywords(value: str) -> list[str]:
    """主题词 as a portal prints them: separated by spaces, 、 or commas."""
    return [w for w in re.split(r"[\s,，、;；]+", value) if w][:KEYWORDS_MAX]


def find_keywords(text: str, kind: str) -> list[str]:
    counts = {term: text.count(term) for term in TERMS}
    found = sorted((t for t in TERMS if counts[t]), key=lambda t: -counts[t])
    head = ["年度报告"] if kind == "annual-report" else []
    return (head + found)[:KEYWORDS_MAX]


def find_summary(blocks: list[str]) -> str:
    """The first sentence(s) of the first paragraph, at most SUMMARY_MAX characters, without
    the formula that announces the rest ("现将有关情况报告如下：")."""
    paragraph = next((b for b in blocks if not b.startswith(("#", "|", "-", ">")) and not is_addressee(b)), "")
    paragraph = re.sub(r"[*_`]|!?\[([^\]]*)\]\([^)]*\)", r"\1", paragraph.replace("\n", ""))
    summary = ""
    for sentence in SENTENCE.findall(paragraph):
        if ANNOUNCES_REST.search(sentence):
            break
        if len(summary) + len(sentence) > SUMMARY_MAX:
            break
        summary += sentence
    if not summary and paragraph:
        summary = paragraph[: SUMMARY_MAX - 1] + "…"
    return summary.strip()
