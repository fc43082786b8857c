"""The mandated sections of an annual report, and finding them in freely phrased headings.

Real reports word their headings in many ways ("二、存在的问题及原因", "四、2025年工作计划"),
so a heading is matched by meaning keywords, never by exact text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gongkai.content.model import DEFAULT_LANG


@dataclass(frozen=True)
class Section:
    id: str
    number: int  # position in the mandated order, 1-based
    required: bool
    headings: dict[str, str]  # lang -> heading used in skeletons
    hints: dict[str, str]  # lang -> placeholder paragraph used in skeletons
    strong: tuple[str, ...]  # a hit alone says the heading is this section
    weak: tuple[str, ...] = ()  # counts only when no section has a strong hit

    def heading(self, lang: str) -> str:
        return self.headings.get(lang) or self.headings[DEFAULT_LANG]

    def hint(self, lang: str) -> str:
        return self.hints.get(lang) or self.hints[DEFAULT_LANG]


SECTIONS: tuple[Section, ...] = (
    Section(
        "measures", 1, True,
        {"zh": "主要举措和成效", "en": "Main measures and results"},
        {"zh": "【请填写：本年度推进法治政府建设的主要举措和取得的成效，可按（一）（二）分项撰写。】",
         "en": "[To fill in: the main measures taken this year and their results.]"},
        strong=("举措", "成效", "主要做法", "主要工作", "工作开展情况", "工作情况", "measures",
                "results", "achievements"),
        weak=("措施", "做法", "成绩", "开展"),
    ),
    Section(
        "shortcomings", 2, True,
        {"zh": "存在的不足和原因", "en": "Shortcomings and their causes"},
        {"zh": "【请填写：存在的不足及其原因。】",
         "en": "[To fill in: the shortcomings and their causes.]"},
        strong=("不足", "存在的问题", "存在问题", "短板", "差距", "shortcoming", "weakness",
                "problems"),
        weak=("问题", "困难", "原因"),
    ),
    Section(
        "leaders", 3, True,
        {"zh": "党政主要负责人履行推进法治建设第一责任人职责情况",
         "en": "How the principal leaders fulfilled their duty as first persons responsible "
               "for the rule of law"},
        {"zh": "【请填写：党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况。】",
         "en": "[To fill in: how the principal Party and government leaders fulfilled their "
               "duty as first persons responsible.]"},
        strong=("第一责任人", "主要负责人", "一把手", "first person", "principal leader"),
        weak=("履行", "履职", "职责", "述法"),
    ),
    Section(
        "plans", 4, True,
        {"zh": "下一年度推进法治政府建设的主要安排", "en": "Main plans for the next year"},
        {"zh": "【请填写：下一年度推进法治政府建设的主要安排。】",
         "en": "[To fill in: the main plans for the next year.]"},
        strong=("下一年", "下年度", "下一步", "明年", "主要安排", "工作安排", "工作计划", "工作打算",
                "工作思路", "打算", "展望", "next year", "plans"),
        weak=("安排", "计划", "思路", "要点", "plan"),
    ),
    Section(
        "other", 5, False,
        {"zh": "其他需要报告的情况", "en": "Other matters to report"},
        {"zh": "【如有其他需要报告的情况请填写；没有可删除本节。】",
         "en": "[Other matters, if any; delete this section otherwise.]"},
        strong=("其他需要报告", "其他事项", "其他情况", "other matters"),
        weak=("其他", "other"),
    ),
)
BY_ID = {s.id: s for s in SECTIONS}

CN_DIGITS = "一二三四五六七八九十"
# "一、" (some writers use "一．", "一." or "第一部分") starts a top-level section
TOP_NUMBER = re.compile(rf"^(?:[{CN_DIGITS}]{{1,3}}[、．.]|第[{CN_DIGITS}]{{1,3}}部分)")
# "（一）", "(1)", "①", "一是" number subsections, never a section
SUB_NUMBER = re.compile(rf"^(?:[（(][{CN_DIGITS}\d]{{1,3}}[）)]|[①-⑳]|[{CN_DIGITS}]是)")
# "1." is a subsection below "一、", but may number the sections of a text without "一、"
ARABIC_NUMBER = re.compile(r"^\d{1,2}[、．.](?!\d)")
MD_HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
CLAUSE_END = re.compile(r"[。！？；!?;]")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int | None  # Markdown level, None for a plain numbered line

    @property
    def numbered(self) -> bool:
        return bool(TOP_NUMBER.match(self.text))


def headings(markdown_body: str) -> list[Heading]:
    """Markdown headings (# to ####) and plain lines that start with "一、"."""
    found: list[Heading] = []
    in_fence = False
    for line in markdown_body.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = line.strip().lstrip("\u3000")
        m = MD_HEADING.match(line)
        if m:
            found.append(Heading(m[2], len(m[1])))
        elif TOP_NUMBER.match(line):
            # an imported line may run on into its paragraph: keep its first clause only
            found.append(Heading(CLAUSE_END.split(line, 1)[0], None))
    return found


def section_headings(markdown_body: str) -> list[Heading]:
    """The headings that can be sections: top-level ones, not subsections like "（二）…"."""
    candidates = [h for h in headings(markdown_body) if not SUB_NUMBER.match(h.text)]
    numbered = [h for h in candidates if h.numbered]
    if numbered:
        # unnumbered Markdown headings count when no deeper than the numbered ones
        depth = max((h.level for h in numbered if h.level), default=0)
        return [h for h in candidates
                if h.numbered or (h.level and h.level <= depth and not ARABIC_NUMBER.match(h.text))]
    levels = sorted({h.level for h in candidates if h.level})
    for level in levels:
        at_level = [h for h in candidates if h.level == level]
        if len(at_level) > 1:  # a lone top heading is the document title
            return at_level
    return candidates


def _hits(text: str, words: tuple[str, ...]) -> int:
    return sum(w in text for w in words)


def scores(text: str) -> dict[str, tuple[int, int]]:
    """Section id -> (strong hits, weak hits) of `text`."""
    lowered = text.lower()
    return {s.id: (_hits(lowered, s.strong), _hits(lowered, s.weak)) for s in SECTIONS}


def sections_of(text: str) -> list[str]:
    """Sections a heading speaks of: every one with a strong hit (a heading may combine two,
    e.g. "存在的问题及下一步打算"), else the first with the most weak hits."""
    by_id = scores(text)
    strong = [sid for sid, (s, _) in by_id.items() if s]
    if strong:
        return strong
    best = max(w for _, w in by_id.values())
    return [next(sid for sid, (_, w) in by_id.items() if w == best)] if best else []


def find_sections(markdown_body: str) -> dict[str, str | None]:
    """Section id -> the heading text that matched it (the best-scoring one), or None."""
    return dict(_found_sections(markdown_body))


@lru_cache(maxsize=8192)  # a preview rebuild asks again for every report of the county
def _found_sections(markdown_body: str) -> tuple[tuple[str, str | None], ...]:
    best: dict[str, tuple[int, str]] = {}
    for heading in section_headings(markdown_body):
        by_id = scores(heading.text)
        for sid in sections_of(heading.text):
            strong, weak = by_id[sid]
            score = 2 * strong + weak
            if sid not in best or score > best[sid][0]:
                best[sid] = (score, heading.text)
    return tuple((s.id, best[s.id][1] if s.id in best else None) for s in SECTIONS)


def missing_required(markdown_body: str) -> list[Section]:
    found = find_sections(markdown_body)
    return [s for s in SECTIONS if s.required and found[s.id] is None]
