"""Every bad input an editor can produce gets one clear problem: file, line, field, fix."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus
from gongkai.problems import ERROR, WARNING

REPO = Path(__file__).resolve().parent.parent

GOOD = """\
---
title: 松坪镇2024年法治政府建设年度报告
kind: annual-report
year: 2024
unit: songping
published: 2025-02-12
keywords: [法治政府]
summary: 摘要。
---

## 一、主要举措和成效

正文。
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in ("gongkai.yml", "units.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / "reports").mkdir()
    return tmp_path


def write(repo: Path, rel: str, text: str | bytes) -> str:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).encode())
    return rel


def problems_of(repo: Path, languages=("zh", "en")):
    return load_corpus(load_site(repo), list(languages), render_bodies=True).problems


def only(repo: Path, code: str):
    """The single problem with `code`; its text must name the file and the line."""
    found = [p for p in problems_of(repo) if p.code == code]
    assert len(found) == 1, [p.format() for p in problems_of(repo)]
    problem = found[0]
    text = problem.format("zh")
    assert problem.path in text and "修改方法" in text
    if problem.line:
        assert f"{problem.path}:{problem.line}:" in text
    return problem


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_good_file_has_no_problem(repo):
    write(repo, "reports/2024/good.md", GOOD)
    assert problems_of(repo) == []


def test_bom_and_crlf_are_accepted_silently(repo):
    write(repo, "reports/2024/good.md", b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    corpus = load_corpus(load_site(repo), ["zh"])
    assert corpus.problems == [] and corpus.documents[0].title == "松坪镇2024年法治政府建设年度报告"


def test_missing_field(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping\n", ""))
    p = only(repo, "field_missing")
    assert p.field == "unit" and p.line == 8  # the closing ---, where the field belongs


@pytest.mark.parametrize("key, suggestion", [("titel", "title"), ("发布日期", "published")])
def test_unknown_field_suggests_the_right_key(repo, key, suggestion):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary: 摘要。", f"{key}: x"))
    p = only(repo, "field_unknown_suggest")
    assert (p.line, p.field, p.params["suggestion"]) == (8, key, suggestion)


def test_a_list_as_key_is_quoted_as_typed(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary: 摘要。", "? [a, b]\n: x"))
    p = only(repo, "field_unknown")
    assert (p.line, p.field) == (8, "[a, b]") and "Node" not in p.format()


def test_wrong_type_year(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "year: 2024", 'year: "2024年"'))
    p = only(repo, "type_year")
    assert (p.line, p.field) == (4, "year") and "2024" in p.format()


def test_wrong_type_list(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "keywords: [法治政府]", "keywords: {a: b}"))
    p = only(repo, "type_list")
    assert (p.line, p.field) == (7, "keywords")


def test_impossible_date(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "published: 2025-02-12", "published: 2025-02-30"))
    p = only(repo, "date_impossible")
    assert (p.line, p.field) == (6, "published") and "2025-02-30" in p.format()


def test_unreadable_date(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "published: 2025-02-12", "published: 下个月"))
    assert "2025-02-10" in only(repo, "date_format_unknown").format()


def test_chinese_date_gets_exact_fix(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "published: 2025-02-12", "published: 2025年2月12日"))
    p = only(repo, "date_format")
    assert p.params["suggestion"] == "2025-02-12"


def test_year_does_not_match_folder(repo):
    write(repo, "reports/2023/a.md", GOOD)
    p = only(repo, "year_folder_mismatch")
    assert (p.line, p.field) == (4, "year")


def test_published_before_reported_year_ended(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "published: 2025-02-12", "published: 2024-12-20"))
    p = only(repo, "published_before_year_end")
    assert (p.line, p.field) == (6, "published")


def test_late_publication_is_a_warning_only(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "published: 2025-02-12", "published: 2025-05-06"))
    p = only(repo, "published_late")
    assert p.severity == WARNING and (p.line, p.field) == (6, "published")
    assert main(["--root", str(repo), "check"]) == 0


def test_unknown_unit(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit: shangping"))
    p = only(repo, "unit_unknown")
    assert (p.line, p.field) == (5, "unit") and "songping" in p.format()


def test_unit_given_by_name_suggests_key(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit: 松坪镇"))
    assert only(repo, "unit_by_name").params["suggestion"] == "songping"


def test_same_url_twice(repo):
    write(repo, "reports/2024/a.md", GOOD)
    write(repo, "reports/2024/a.zh.md", GOOD)
    found = [p for p in problems_of(repo) if p.code == "url_duplicate"]
    assert {p.path for p in found} == {"reports/2024/a.md", "reports/2024/a.zh.md"}
    assert all("2024/a/" in p.format() for p in found)


def test_duplicate_index_number(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary:", "index_no: X/2025-00001\nsummary:"))
    write(repo, "reports/2024/b.md", replace(GOOD, "summary:", "index_no: X/2025-00001\nsummary:"))
    found = [p for p in problems_of(repo) if p.code == "index_no_duplicate"]
    assert {(p.path, p.line, p.field) for p in found} == {
        ("reports/2024/a.md", 8, "index_no"), ("reports/2024/b.md", 8, "index_no")}


def test_derived_index_number_is_stable_when_files_are_added(repo):
    write(repo, "reports/2024/a.md", GOOD)
    before = load_corpus(load_site(repo)).documents[0].index_no
    for n in range(5):
        write(repo, f"reports/2024/b{n}.md", GOOD)
    after = {d.doc_id: d.index_no for d in load_corpus(load_site(repo)).documents}
    assert after["2024/a"] == before and before.startswith("11449900MB0000101C/2025-")


def test_related_id_that_does_not_exist(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary:", "related: [2024/nope]\nsummary:"))
    p = only(repo, "related_unknown")
    assert (p.line, p.field) == (8, "related")


def test_front_matter_missing(repo):
    write(repo, "reports/2024/a.md", "# 标题\n\n正文\n")
    p = only(repo, "frontmatter_missing")
    assert p.line == 1


def test_front_matter_not_closed(repo):
    write(repo, "reports/2024/a.md", GOOD.replace("---\n\n##", "\n##"))
    assert only(repo, "frontmatter_unclosed").line == 9  # where the --- belongs


def test_yaml_syntax_error_has_its_line_and_a_chinese_explanation(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary: 摘要。", "summary: [摘要"))
    p = only(repo, "yaml_unclosed")
    assert p.line in (8, 9) and "方括号" in p.format()


def test_colon_inside_a_value(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary: 摘要。", "summary: 通知: 关于报告"))
    p = only(repo, "yaml_colon_in_value")
    assert p.line == 8 and "双引号" in p.format()


def test_no_space_after_colon(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit:songping"))
    p = only(repo, "yaml_colon_space")
    assert (p.line, p.field) == (5, "unit")


def test_value_starting_with_yaml_syntax(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary:", "doc_no: &a 松府2号\nsummary:"))
    assert only(repo, "yaml_special_start").line == 8


@pytest.mark.parametrize("key", ["title", "unit", "published", "year"])
def test_required_field_left_empty(repo, key):
    lines = [f"{key}:" if line.startswith(f"{key}:") else line for line in GOOD.split("\n")]
    write(repo, "reports/2024/a.md", "\n".join(lines))
    p = only(repo, "field_empty")
    assert p.field == key


def test_quoted_year(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "year: 2024", 'year: "2024"'))
    assert "year: 2024" in only(repo, "year_quoted").format()


def test_placeholder_from_new_is_never_published(repo):
    write(repo, "reports/2024/a.md", GOOD + "\n【请填写：存在的不足及其原因。】\n")
    p = only(repo, "placeholder_left")
    assert p.line == GOOD.count("\n") + 2
    assert "OCR" not in p.format() and "请核对" not in p.format()


def test_an_ocr_doubt_mark_is_never_published_and_says_what_to_do(repo):
    write(repo, "reports/2024/a.md", GOOD + "\n松府〔2026]4号【请核对：〔2026]】\n")
    p = only(repo, "ocr_doubt_left")
    assert p.line == GOOD.count("\n") + 2
    assert "对照原件" in p.format() and "请填写" not in p.format()


def test_fullwidth_space_inside_a_title_is_fine(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "title: 松坪镇", "title: 松坪镇\u3000"))
    assert problems_of(repo) == []


def test_utf16_file_from_notepad(repo):
    write(repo, "reports/2024/a.md", GOOD.encode("utf-16"))
    assert "记事本" in only(repo, "encoding_utf16").format()


def test_dot_in_file_name_is_a_naming_problem(repo):
    write(repo, "reports/2024/songping-2024.report.md", GOOD)
    assert only(repo, "path_slug").params["suggestion"] == "songping-2024-report"


def test_chinese_file_name_gets_a_name_from_its_fields(repo):
    write(repo, "reports/2024/松坪镇2024年报告.md", GOOD)
    assert only(repo, "path_slug").params["suggestion"] == "songping-2024-report"


def test_url_clash_is_not_also_reported_as_an_index_number_clash(repo):
    write(repo, "reports/2024/a.md", GOOD)
    write(repo, "reports/2024/a.zh.md", GOOD)
    assert not [p for p in problems_of(repo) if p.code == "index_no_duplicate"]


def test_broken_unit_registry_is_reported_not_a_traceback(repo, capsys):
    (repo / "units.yml").write_text("units:\n  songping:\n    name: 松坪镇\n    type: village\n", encoding="utf-8")
    assert main(["--root", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    assert "units.yml" in out and "Traceback" not in out


@pytest.mark.parametrize("line", ["标题：松坪镇报告", "title：松坪镇报告"])
def test_fullwidth_colon_key(repo, line):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary: 摘要。", line))
    p = only(repo, "yaml_fullwidth_colon")
    assert p.line == 8 and p.field == line.split("：")[0] and "半角冒号" in p.format()


def test_fullwidth_space(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit:\u3000songping"))
    assert only(repo, "yaml_fullwidth_space").line == 5


def test_tab_in_yaml(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "keywords: [法治政府]", "keywords:\n\t- 法治政府"))
    assert only(repo, "yaml_tab").line == 8


def test_gbk_file_is_refused_with_conversion_advice(repo):
    write(repo, "reports/2024/a.md", GOOD.encode("gb18030"))
    p = only(repo, "encoding_gbk")
    assert p.line == 2 and "iconv" in p.format() and "UTF-8" in p.format("en")


def test_empty_body(repo):
    write(repo, "reports/2024/a.md", GOOD.split("## ")[0])
    assert only(repo, "body_empty").line == 9


def test_html_inside_code_fence_is_text(repo):
    write(repo, "reports/2024/a.md", GOOD + "\n```html\n<script>x</script>\n```\n")
    assert problems_of(repo) == []


def test_file_name_that_cannot_be_a_url(repo):
    write(repo, "reports/2024/Songping_Report.md", GOOD)
    p = only(repo, "path_slug")
    assert p.path == "reports/2024/Songping_Report.md" and p.params["suggestion"] == "songping-report"


def test_word_file_in_reports_is_an_error_not_dropped(repo):
    write(repo, "reports/2024/report.docx", b"PK\x03\x04")
    assert only(repo, "attachment_unlinked").path == "reports/2024/report.docx"


def test_translation_without_original(repo):
    write(repo, "reports/2024/a.en.md", "---\ntitle: Report\n---\n\nText.\n")
    assert only(repo, "translation_orphan").path == "reports/2024/a.en.md"


def test_translation_cannot_change_inherited_fields(repo):
    write(repo, "reports/2024/a.md", GOOD)
    write(repo, "reports/2024/a.en.md", "---\ntitle: Report\nunit: hewan\n---\n\nText.\n")
    p = only(repo, "translation_field")
    assert (p.line, p.field) == (3, "unit")


def test_every_problem_of_every_file_at_once(repo, capsys):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit: nowhere"))
    write(repo, "reports/2024/b.md", replace(GOOD, "published: 2025-02-12", "published: 2025-13-01"))
    write(repo, "reports/2024/c.md", GOOD.encode("gb18030"))
    assert main(["--root", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    for expected in ("reports/2024/a.md:5: [unit]", "reports/2024/b.md:6: [published]", "reports/2024/c.md:2:"):
        assert expected in out
    assert "3 个错误" in out


def test_messages_in_english_on_request(repo, capsys):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit: nowhere"))
    assert main(["--root", str(repo), "--lang", "en", "check"]) == 1
    out = capsys.readouterr().out
    assert "reports/2024/a.md:5: [unit] error: The unit 'nowhere' is not in the registry" in out


def test_github_annotations(repo, capsys):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit: nowhere"))
    main(["--root", str(repo), "check", "--github"])
    assert "::error file=reports/2024/a.md,line=5,title=unit::" in capsys.readouterr().out


def test_all_errors_are_errors_not_warnings(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit: nowhere"))
    assert {p.severity for p in problems_of(repo)} == {ERROR}


def test_hash_in_an_unquoted_value_would_be_lost(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "summary:", "doc_no: 松府2号 #附件\nsummary:"))
    p = only(repo, "yaml_hash_in_value")
    assert (p.line, p.field) == (8, "doc_no")


def test_missing_colon_is_reported_on_its_own_line(repo):
    write(repo, "reports/2024/a.md", replace(GOOD, "unit: songping", "unit songping"))
    assert only(repo, "yaml_missing_colon").line == 5


def test_word_file_renamed_to_md(repo):
    write(repo, "reports/2024/a.md", b"PK\x03\x04" + b"\x00" * 50)
    assert "import" in only(repo, "file_word_renamed").format()


def test_english_placeholder_is_never_published(repo):
    write(repo, "reports/2024/a.md", GOOD)
    write(repo, "reports/2024/a.en.md", "---\ntitle: Report\nsummary: \"[To fill in: one sentence.]\"\n---\n\nText.\n")
    p = only(repo, "placeholder_left")
    assert (p.path, p.line) == ("reports/2024/a.en.md", 3)


def test_a_broken_file_is_not_blamed_on_others(repo):
    """related: to a file with errors, and a translation of it, are warnings naming that file."""
    write(repo, "reports/2024/a.md", GOOD.replace("unit: songping", "unit: nowhere"))
    write(repo, "reports/2024/b.md", GOOD.replace("summary: 摘要。", "summary: 摘要。\nrelated: [2024/a]")
          .replace("keywords: [法治政府]", "keywords: [法治政府]\nindex_no: X/1"))
    write(repo, "reports/2024/a.en.md", "---\ntitle: Report\n---\n\nText.\n")
    problems = problems_of(repo)
    errors = [p for p in problems if p.severity == ERROR]
    assert [p.path for p in errors] == ["reports/2024/a.md"], [p.format() for p in problems]
    warned = {(p.path, p.code) for p in problems if p.severity == WARNING}
    assert warned == {("reports/2024/b.md", "related_broken"), ("reports/2024/a.en.md", "translation_original_broken")}
    assert all("reports/2024/a.md" in p.format() for p in problems if p.severity == WARNING)


def test_title_break_sets_the_title_lines_and_must_spell_the_title(repo):
    """title_break (optional): the title's lines on the page and on paper; joined, they must
    be the title exactly, or the problem names its line and says how to fix it."""
    lines = "title_break:\n  - 松坪镇2024年\n  - 法治政府建设年度报告\n"
    write(repo, "reports/2024/a.md", GOOD.replace("kind:", lines + "kind:", 1))
    corpus = load_corpus(load_site(repo), ["zh", "en"])
    assert corpus.problems == []
    assert corpus.documents[0].version("zh").title_break == ["松坪镇2024年", "法治政府建设年度报告"]
    write(repo, "reports/2024/a.md", GOOD.replace("kind:", lines.replace("年度报告", "报告") + "kind:", 1))
    problem = only(repo, "title_break_mismatch")
    assert problem.line == 3 and "松坪镇2024年法治政府建设报告" in problem.format("zh")
    en = problem.format("en")
    assert "title_break" in en and "spell the title exactly" in en


def test_a_category_without_a_translation_is_a_warning_on_the_translation(repo):
    """A translation shows the original's category in its language's name (the locale's
    categories table) or its own; a category neither gives is shown in Chinese: a warning."""
    write(repo, "reports/2024/a.md", GOOD)
    write(repo, "reports/2024/a.en.md", "---\ntitle: Report\n---\n\nText.\n")
    assert not [p for p in problems_of(repo) if p.code == "category_untranslated"]  # 法治政府建设 is in en.yml
    write(repo, "reports/2024/a.md", replace(GOOD, "summary: 摘要。", "summary: 摘要。\ncategory: 乡村治理"))
    problem = only(repo, "category_untranslated")
    assert (problem.path, problem.severity) == ("reports/2024/a.en.md", WARNING)
    assert "乡村治理" in problem.format("en") and "gongkai/locales/en.yml" in problem.format("en")
    write(repo, "reports/2024/a.en.md", "---\ntitle: Report\ncategory: Village governance\n---\n\nText.\n")
    assert not [p for p in problems_of(repo) if p.code == "category_untranslated"]


@pytest.mark.parametrize("written", ["~", "null", ""])
def test_a_null_optional_field_is_left_out_whichever_yaml_parser_reads_it(repo, written):
    """libyaml (the fast path) and PyYAML mark a plain null differently; both mean "not given",
    never the text "~"."""
    write(repo, "reports/2024/good.md", replace(GOOD, "summary: 摘要。", f"summary: {written}\ndoc_no: {written}"))
    corpus = load_corpus(load_site(repo), ["zh"])
    assert corpus.problems == []
    doc = corpus.documents[0]
    assert doc.doc_no in ("", None) and "~" not in (doc.summary or "") and "null" not in (doc.summary or "")
