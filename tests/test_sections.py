"""Finding the mandated sections of an annual report in freely phrased headings."""

import pytest

from gongkai.content.sections import BY_ID, SECTIONS, find_sections, missing_required


def test_five_sections_in_mandated_order():
    assert [s.id for s in SECTIONS] == ["measures", "shortcomings", "leaders", "plans", "other"]
    assert [s.required for s in SECTIONS] == [True, True, True, True, False]
    for section in SECTIONS:
        assert section.heading("zh") and section.heading("en") and section.hint("zh")


@pytest.mark.parametrize("heading, section", [
    ("二、存在的问题及原因", "shortcomings"),
    ("一、2023年法治政府建设主要举措和成效", "measures"),
    ("三、主要负责人履行第一责任人职责情况", "leaders"),
    ("四、2025年工作计划", "plans"),
    ("二、主要举措和成效。", "measures"),
    ("五、下一步工作打算", "plans"),
    ("三、党政“一把手”履职情况", "leaders"),
    ("二、存在的短板和不足", "shortcomings"),
    ("五、其他需要报告的情况", "other"),
    ("一、工作开展情况", "measures"),
    ("第二部分 存在的不足", "shortcomings"),
    ("一．主要做法和成效", "measures"),
])
def test_plain_numbered_headings(heading, section):
    body = f"开头一段。\n\n{heading}\n\n正文一段。\n"
    found = find_sections(body)
    assert found[section] == heading.rstrip("。")
    assert [sid for sid, h in found.items() if h] == [section]


def test_markdown_headings_at_any_level():
    body = "\n".join([
        "# 松坪镇2024年法治政府建设年度报告",
        "#### 一、主要举措和成效",
        "### 二、存在的不足和原因",
        "## 三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "## 四、2025年推进法治政府建设的主要安排",
    ])
    found = find_sections(body)
    assert found == {
        "measures": "一、主要举措和成效",
        "shortcomings": "二、存在的不足和原因",
        "leaders": "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "plans": "四、2025年推进法治政府建设的主要安排",
        "other": None,
    }
    assert missing_required(body) == []


def test_unnumbered_markdown_headings_and_english():
    body = "# Title\n\n## 1. Main measures and results\n\n## 2. Shortcomings and their causes\n"
    found = find_sections(body)
    assert found["measures"] == "1. Main measures and results"
    assert found["shortcomings"] == "2. Shortcomings and their causes"
    assert found["plans"] is None
    body = "## 主要举措和成效\n\n文字。\n\n## 下一年度工作安排\n"
    assert find_sections(body)["plans"] == "下一年度工作安排"


@pytest.mark.parametrize("line", [
    "（二）加强行政执法",
    "(四)下一步工作安排",
    "### （三）存在的问题",
    "1. 工作计划",
    "一是存在的不足还需正视。",
    "我镇下一步将继续完善工作计划。",
    "二〇二五年工作计划",
])
def test_subsections_and_prose_never_count(line):
    body = f"一、主要举措和成效\n\n{line}\n\n正文。\n"
    found = find_sections(body)
    assert found["measures"] == "一、主要举措和成效"
    assert all(found[s] is None for s in ("shortcomings", "leaders", "plans", "other")), found


def test_a_run_on_line_counts_by_its_first_clause():
    # imported text may keep a section heading and its first sentence on one line
    body = "四、2024年度推进法治政府建设存在的不足和原因。一是部分工作计划未完成，下一步将改进。\n"
    found = find_sections(body)
    assert found["shortcomings"] == "四、2024年度推进法治政府建设存在的不足和原因"
    assert found["plans"] is None


def test_best_heading_wins_and_combined_heading_counts_twice():
    body = "\n".join([
        "一、学习贯彻上级部署的情况以及贯彻落实措施",
        "二、主要举措和成效",
        "三、存在的问题及下一步打算",
        "四、主要负责人履行第一责任人职责情况",
    ])
    found = find_sections(body)
    assert found["measures"] == "二、主要举措和成效"
    assert found["shortcomings"] == found["plans"] == "三、存在的问题及下一步打算"
    assert missing_required(body) == []


def test_future_measures_are_plans_not_measures():
    body = "一、存在的不足\n\n二、下一步工作措施\n\n三、主要负责人履职情况\n"
    found = find_sections(body)
    assert found["plans"] == "二、下一步工作措施"
    assert found["measures"] is None
    assert [s.id for s in missing_required(body)] == ["measures"]


def test_headings_inside_code_fences_are_ignored():
    body = "```\n## 二、存在的不足和原因\n```\n"
    assert find_sections(body)["shortcomings"] is None


def test_by_id():
    assert BY_ID["plans"].number == 4 and not BY_ID["other"].required
