"""Compliance classification on fixtures, `check --compliance`, and the built status pages."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from built import REPO, corpus, languages, page_file, soup

from gongkai.content import compliance
from gongkai.content.compliance import LATE, MISSING, ON_TIME, PENDING
from gongkai.content.config import default_values
from gongkai.content.model import Document, Site, Unit
from gongkai.problems import WARNING
from gongkai.site.paths import page_path

FULL = """前言。

## 一、主要举措和成效

内容。

## 二、存在的不足和原因

内容。

## 三、党政主要负责人履行推进法治建设第一责任人职责情况

内容。

## 四、2025年工作安排

内容。
"""
NO_SHORTCOMINGS = FULL.replace("## 二、存在的不足和原因\n\n内容。\n\n", "")
FREE_HEADINGS = """## 一、工作开展情况及成效

## 二、存在的问题及原因

## 三、主要负责人履行第一责任人职责情况

## 四、下一步工作打算
"""

UNITS = {key: Unit(key, f"{name}人民政府", name, f"CODE{i}", kind, {}, {})
         for i, (key, name, kind) in enumerate([("ontime", "准时镇", "town"), ("late", "迟到镇", "town"),
                                                 ("absent", "缺席乡", "town"), ("dept", "某某局", "department")])}


def site(deadline: str = "04-01") -> Site:
    values = {**default_values(), "name": {"zh": "测试站"}, "report_deadline": deadline}
    return Site(root=Path("/nonexistent"), units=UNITS, **values)


def report(unit: str, year: int, published: str, body: str = FULL, kind: str = "annual-report",
           slug: str = "") -> Document:
    slug = slug or f"{unit}-{year}-{kind}"
    return Document(path=Path(f"/x/{slug}.md"), rel_path=f"reports/{year}/{slug}.md", doc_id=f"{year}/{slug}",
                    lang="zh", title=f"{unit} {year}", kind=kind, year=year, unit=UNITS[unit],
                    published=dt.date.fromisoformat(published), written=None, doc_no="", index_no=slug,
                    category="", keywords=[], summary="", related=[], body=body, body_line=1)


def entries(status) -> dict:
    return {e.unit.key: e for e in status.entries}


def test_on_time_late_missing_and_section_missing():
    docs = [report("ontime", 2024, "2025-03-31"), report("late", 2024, "2025-04-01"),
            report("dept", 2024, "2025-02-01", NO_SHORTCOMINGS)]
    status = compliance.classify(site(), docs, 2024, dt.date(2025, 6, 1))
    e = entries(status)
    assert status.deadline == dt.date(2025, 4, 1) and status.due
    assert e["ontime"].status == ON_TIME and e["ontime"].complete and e["ontime"].days_late == 0
    assert e["late"].status == LATE and e["late"].days_late == 1  # the deadline day itself is late
    assert e["absent"].status == MISSING and e["absent"].report is None
    assert e["dept"].status == ON_TIME
    assert [s.id for s in e["dept"].missing_sections] == ["shortcomings"]
    assert e["dept"].sections["shortcomings"] is None
    assert e["dept"].sections["measures"] == "一、主要举措和成效"
    assert not e["dept"].complete
    assert status.counts() == {ON_TIME: 2, LATE: 1, MISSING: 1, PENDING: 0}
    assert status.incomplete == 1


def test_not_yet_due_before_the_deadline():
    docs = [report("ontime", 2024, "2025-02-10")]
    status = compliance.classify(site(), docs, 2024, dt.date(2025, 3, 31))
    e = entries(status)
    assert not status.due
    assert e["ontime"].status == ON_TIME
    assert {e[k].status for k in ("late", "absent", "dept")} == {PENDING}
    # one day later, the deadline has passed
    later = entries(compliance.classify(site(), docs, 2024, dt.date(2025, 4, 1)))
    assert {later[k].status for k in ("late", "absent", "dept")} == {MISSING}


def test_deadline_is_configurable():
    docs = [report("ontime", 2024, "2025-03-15")]
    assert entries(compliance.classify(site("04-01"), docs, 2024, dt.date(2025, 6, 1)))["ontime"].status == ON_TIME
    assert entries(compliance.classify(site("03-01"), docs, 2024, dt.date(2025, 6, 1)))["ontime"].status == LATE


def test_headings_are_matched_by_meaning():
    status = compliance.classify(site(), [report("ontime", 2024, "2025-03-01", FREE_HEADINGS)], 2024,
                                 dt.date(2025, 6, 1))
    e = entries(status)["ontime"]
    assert e.complete, e.missing_sections
    assert e.sections["shortcomings"] == "二、存在的问题及原因"


def test_only_annual_reports_count_and_the_first_publication_counts():
    docs = [report("absent", 2024, "2025-01-10", kind="announcement"),
            report("late", 2024, "2025-05-01", slug="late-2024-fixed"),
            report("late", 2024, "2025-04-20", slug="late-2024-report")]
    e = entries(compliance.classify(site(), docs, 2024, dt.date(2025, 6, 1)))
    assert e["absent"].status == MISSING
    assert e["late"].report.doc_id == "2024/late-2024-report"
    assert [d.doc_id for d in e["late"].others] == ["2024/late-2024-fixed"]
    assert e["late"].days_late == 20


def test_problems_are_warnings_for_missing_reports_and_sections():
    docs = [report("ontime", 2024, "2025-03-31"), report("late", 2024, "2025-04-09"),
            report("dept", 2024, "2025-02-01", NO_SHORTCOMINGS)]
    found = compliance.problems([compliance.classify(site(), docs, 2024, dt.date(2025, 6, 1))])
    assert {(p.code, p.field or p.path) for p in found} == {
        ("compliance_missing", "absent"), ("compliance_sections", "reports/2024/dept-2024-annual-report.md")}
    assert all(p.severity == WARNING for p in found)
    texts = {p.code: p.format("zh") for p in found}
    assert "缺席乡人民政府" in texts["compliance_missing"] and "2024" in texts["compliance_missing"]
    assert "存在的不足和原因" in texts["compliance_sections"]
    assert "Shortcomings and their causes" in next(p for p in found if p.code == "compliance_sections").format("en")
    # nothing to warn about before the deadline
    assert not compliance.problems([compliance.classify(site(), [], 2024, dt.date(2025, 3, 1))])


def test_reference_date_is_deterministic(tmp_path, monkeypatch):
    c = corpus()
    newest = max(d.published for d in c.documents)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert compliance.source_date(tmp_path) is None  # not a git checkout
    assert compliance.reference_date(c, tmp_path) == newest
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2030, 5, 1, tzinfo=dt.UTC).timestamp())))
    assert compliance.reference_date(c, tmp_path) == dt.date(2030, 5, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert compliance.reference_date(c, tmp_path) == newest  # never earlier than the documents


def _check(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "gongkai", "--root", str(REPO), *args],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def test_check_compliance_prints_warnings_and_passes():
    proc = _check("check", "--compliance", "--as-of", "2026-06-01")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "截至 2026-06-01" in out
    assert "北岭乡" in out and "2025" in out  # the sample's beiling has no 2025 report
    assert "存在的不足和原因" in out  # justice-bureau 2025 lacks the shortcomings section
    assert "提醒" in out and "错误" not in out
    en = _check("--lang", "en", "check", "--compliance", "--as-of", "2026-06-01").stdout
    assert "has not published its 2025 annual report" in en


def test_check_compliance_before_the_deadline_has_nothing_missing():
    proc = _check("check", "--compliance", "--as-of", "2026-03-01")
    assert proc.returncode == 0
    assert "尚未公开" not in proc.stdout  # 2025 is not yet due: pending, not missing
    assert "存在的不足和原因" in proc.stdout  # sections are checked whenever a report exists


def test_check_without_compliance_prints_no_compliance_summary():
    assert "截至" not in _check("check").stdout


# --- the built pages ----------------------------------------------------------------------------

def _rows(built_site, lang, year) -> dict[str, dict]:
    page = soup(page_file(built_site, page_path(lang, f"compliance/{year}/")))
    table = page.select_one("table.gk-compliance")
    assert table.caption and table.thead
    assert all(th.get("scope") == "col" for th in table.thead.select("th"))
    rows = {}
    for tr in table.tbody.select("tr"):
        assert tr.th and tr.th.get("scope") == "row"
        rows[tr["data-unit"]] = {"status": tr["data-status"], "text": tr.get_text(" ", strip=True),
                                 "links": [a["href"] for a in tr.select("td a")]}
    return rows


def test_compliance_pages_exist_in_every_language(built_site):
    for lang in languages():
        assert page_file(built_site, page_path(lang, "compliance/")).is_file()
        for year in corpus().years():
            rows = _rows(built_site, lang, year)
            assert set(rows) == set(corpus().site.units)


def test_sample_compliance_statuses(built_site):
    """The sample: hewan's 2023 report is late, beiling has no 2025 report, justice-bureau's
    2025 report lacks the shortcomings section."""
    rows_2023 = _rows(built_site, "zh", 2023)
    assert rows_2023["hewan"]["status"] == LATE and "逾期" in rows_2023["hewan"]["text"]
    rows_2025 = _rows(built_site, "zh", 2025)
    as_of = compliance.reference_date(corpus(), REPO)
    expected_beiling = MISSING if as_of >= corpus().site.deadline(2025) else PENDING
    assert rows_2025["beiling"]["status"] == expected_beiling
    assert rows_2025["beiling"]["links"] == []
    assert "存在的不足和原因" in rows_2025["justice-bureau"]["text"]
    assert rows_2025["justice-bureau"]["links"]
    en = _rows(built_site, "en", 2025)
    assert "Shortcomings and their causes" in en["justice-bureau"]["text"]


def test_compliance_index_lists_every_year(built_site):
    for lang in languages():
        page = soup(page_file(built_site, page_path(lang, "compliance/")))
        years = [tr.th.get_text() for tr in page.select("table.gk-compliance tbody tr")]
        assert len(years) == len(corpus().years())
        for year in corpus().years():
            assert any(str(year) in y for y in years)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_year_page_links_its_compliance_page(built_site, lang):
    from built import links

    for year in corpus().years():
        assert page_path(lang, f"compliance/{year}/") in links(
            built_site, page_file(built_site, page_path(lang, f"{year}/")))
