"""The typed signature at the end of a body is found and removed; nothing else is."""

from __future__ import annotations

import pytest

from gongkai.content.signature import is_date_line, is_unit_line, split_signature, strip_signature

NAMES = ["澄岭县松坪镇人民政府", "松坪镇", "Songping Town People's Government", "Songping Town"]
BODY = "## 四、2025年工作安排\n\n继续推进“一村一法律顾问”。\n"


@pytest.mark.parametrize("tail", [
    "\n澄岭县松坪镇人民政府\n2025年2月8日\n",
    "\n澄岭县松坪镇人民政府\n2025年2月8日",  # no final newline
    "\n澄岭县松坪镇人民政府  \n2025年2月8日  \n\n\n",  # Markdown hard breaks, trailing blanks
    "\n澄岭县松坪镇人民政府\\\n2025年2月8日\n",  # backslash hard break
    "\n澄岭县松坪镇人民政府<br>\n2025年2月8日\n",
    "\n澄岭县松坪镇人民政府\n\n2025年2月8日\n",  # two paragraphs
    "\n**澄岭县松坪镇人民政府**\n**2025年2月8日**\n",
    "\n澄岭县松坪镇人民政府\n2025 年 2 月 8 日\n",  # spaces from a PDF copy
    "\n澄岭县松坪镇人民政府\n２０２５年２月８日\n",  # full-width digits
    "\n澄岭县松坪镇人民政府\n二〇二五年二月八日\n",  # Chinese numerals
    "\n松坪镇\n2025年2月8日\n",  # the short name
    "\n澄岭县某某局\n2025年2月8日\n",  # another unit's name: ends in 局
    "\n中共澄岭县松坪镇委员会\n澄岭县松坪镇人民政府\n2025年2月8日\n",  # joint issuers
])
def test_typed_signature_is_removed(tail):
    stripped, sig = split_signature(BODY + tail, NAMES)
    assert stripped == BODY
    assert sig is not None and sig.units and sig.date


def test_english_signature_is_removed():
    body = "Contact: Rule-of-Law Section.\n\nChengling County Justice Bureau\n7 January 2025\n"
    stripped, sig = split_signature(body, ["Chengling County Justice Bureau"])
    assert stripped == "Contact: Rule-of-Law Section.\n"
    assert sig.units == ["Chengling County Justice Bureau"] and sig.date == "7 January 2025"


def test_note_after_the_date_is_kept_as_note():
    stripped, sig = split_signature(BODY + "\n澄岭县松坪镇人民政府\n2025年2月8日\n\n（此件公开发布）\n", NAMES)
    assert stripped == BODY
    assert sig.notes == ["（此件公开发布）"]
    assert sig.units == ["澄岭县松坪镇人民政府"] and sig.date == "2025年2月8日"


@pytest.mark.parametrize("body", [
    BODY,  # no signature at all
    BODY + "\n2025年2月8日\n",  # a date without a unit
    BODY + "\n澄岭县松坪镇人民政府\n",  # a unit without a date
    BODY + "\n2025年2月8日\n澄岭县松坪镇人民政府\n",  # wrong order
    BODY + "\n全年共受理纠纷86件，调解成功84件，由县司法局\n2025年2月8日\n",  # a sentence, not a unit
    BODY + "\n澄岭县松坪镇人民政府\n2025年2月8日召开会议。\n",  # a sentence starting with a date
    "## 一、总体情况\n\n2025年2月8日\n",
])
def test_no_signature_leaves_the_body_alone(body):
    stripped, sig = split_signature(body, NAMES)
    assert sig is None
    assert stripped == body
    assert strip_signature(body, NAMES) == body


def test_only_three_unit_lines_at_most():
    units = "\n".join(["澄岭县甲局", "澄岭县乙局", "澄岭县丙局", "澄岭县丁局"])
    stripped, sig = split_signature(BODY + "\n" + units + "\n2025年2月8日\n", NAMES)
    assert len(sig.units) == 3
    assert stripped.rstrip().endswith("澄岭县甲局")


@pytest.mark.parametrize("text", ["2025年2月8日", "2025年12月31日", "二〇二四年十二月三十一日",
                                  "8 February 2025", "February 8, 2025", "2025-02-08"])
def test_date_lines(text):
    assert is_date_line(text)


@pytest.mark.parametrize("text", ["2025年2月", "2025年2月8日前完成", "联系电话：0000-6123456", ""])
def test_not_date_lines(text):
    assert not is_date_line(text)


@pytest.mark.parametrize("text", ["澄岭县司法局", "澄岭县人民政府办公室", "澄岭县发展和改革委员会", "松坪镇",
                                  "Chengling County Justice Bureau"])
def test_unit_lines(text):
    assert is_unit_line(text, NAMES)


@pytest.mark.parametrize("text", ["特此报告。", "以上报告，请审议", "联系人：县司法局法治督察股", "一是加强依法决策",
                                  "x" * 70])
def test_not_unit_lines(text):
    assert not is_unit_line(text, NAMES)


def test_every_sample_report_loses_its_typed_signature():
    """The staged bodies of the repository's sample documents end without a typed signature."""
    from pathlib import Path

    import yaml

    from gongkai.content.config import load_site
    from gongkai.content.corpus import load_corpus
    from gongkai.site.stage import staged_pages

    root = Path(__file__).resolve().parent.parent
    corpus = load_corpus(load_site(root), ["zh", "en"])
    documents = 0
    for staged in staged_pages(corpus):
        if not staged.path.endswith(".md"):
            continue
        front, body = staged.content.decode().split("\n---\n", 1)
        if yaml.safe_load(front.lstrip("-\n"))["template"] not in ("document.html", "print.html"):
            continue
        documents += 1
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        assert lines and not is_date_line(lines[-1]), f"{staged.path} still ends with a date line"
    assert documents >= 2
