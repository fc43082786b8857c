"""gongkai.yml and units.yml are checked like front matter: each bad shape is one problem with
its file, line, field and fix, in Chinese and English; `check` lists them all, never a traceback,
and the build refuses them. (Schema agreement: tests/test_schema.py.)"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
import yaml
from support import copy_repo, mkdocs

from gongkai.cli import main
from gongkai.content.config import ConfigReader, load_site
from gongkai.content.model import Site, Unit
from gongkai.content.settings import SITE_SETTINGS, UNIT_SETTINGS
from gongkai.content.source import Source
from gongkai.problems import ContentError, Problem
from gongkai.site.sitebuild import SiteBuild
from tests import test_validation

REPO = Path(__file__).resolve().parent.parent
SITE_YML = (REPO / "gongkai.yml").read_text(encoding="utf-8")
UNITS_YML = (REPO / "units.yml").read_text(encoding="utf-8")
JUSTICE_BUREAU = UNITS_YML[UNITS_YML.index("  justice-bureau:"):UNITS_YML.index("  songping:")]
SPONSOR = "sponsor:\n  zh: 澄岭县人民政府办公室\n  en: General Office of Chengling County People's Government\n"


repo = test_validation.repo  # the fixture: a repository with the sample's gongkai.yml and units.yml


def edited(text: str, old: str, new: str, at: str) -> tuple[str, int]:
    """`text` with `old` replaced by `new`, and the line of the first line holding `at` there
    (of the last one, when `at` starts with "last:")."""
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    lines = [i for i, line in enumerate(text.split("\n"), 1) if at.removeprefix("last:") in line]
    return text, lines[-1] if at.startswith("last:") else lines[0]


def problems(repo: Path) -> list[Problem]:
    with pytest.raises(ContentError) as raised:
        load_site(repo)
    return raised.value.problems


def the_problem(repo: Path, code: str) -> Problem:
    found = problems(repo)
    assert [p.code for p in found] == [code], [p.format() for p in found]
    problem = found[0]
    zh, en = problem.format("zh"), problem.format("en")
    where = f"{problem.path}:{problem.line}:" if problem.line else f"{problem.path}:"
    assert zh.startswith(where) and "修改方法" in zh
    assert en.startswith(where) and "how to fix" in en
    return problem


@pytest.mark.parametrize("old, new, at, code, field", [
    ('"04-01"', '"April 1"', "report_deadline", "setting_format", "report_deadline"),
    ('"04-01"', '"02-29"', "report_deadline", "setting_format", "report_deadline"),
    ('"04-01"', "4月1日", "report_deadline", "setting_format", "report_deadline"),
    ('"04-01"', "[04, 01]", "report_deadline", "type_text", "report_deadline"),
    ("https://github.com/chengling-county/gongkai-site", "javascript:alert(1)", "repo_url",
     "setting_format", "repo_url"),
    ("edit_branch: main", "edit_branch: main branch", "edit_branch", "setting_format", "edit_branch"),
    ('"{code}/{year}-{serial}"', '"{code}/{yr}-{serial}"', "index_no", "setting_format", "index_no_pattern"),
    ('"{code}/{year}-{serial}"', '"{code}/{year-{serial}"', "index_no", "setting_format", "index_no_pattern"),
    ("edit_branch: main", "edit_brnch: main", "edit_brnch", "field_unknown_suggest", "edit_brnch"),
    ("edit_branch: main", "ICP备案号: 澄ICP备1号", "澄ICP备1号", "field_unknown_suggest", "ICP备案号"),
    ("edit_branch: main", "theme: blue", "theme", "field_unknown", "theme"),
    ("edit_branch: main", "edit_branch: main\n? [a, b]\n: c", "? [a", "field_unknown", "[a, b]"),
    ('"9999000001"', "[1, 2]", "site_id_code", "type_text", "site_id_code"),
    ("  zh: 澄岭县人民政府办公室", "  中文: 澄岭县人民政府办公室", "中文", "type_lang_map", "sponsor.中文"),
    ("  zh: 澄岭县法治政府建设信息公开", "  zh-CN: 澄岭县法治政府建设信息公开", "site_name",
     "setting_missing", "site_name.zh"),
    ("  zh: 澄岭县法治政府建设信息公开", '  zh: ""', "zh", "field_empty", "site_name.zh"),
    ("  zh: 澄岭县法治政府建设信息公开", f"  zh: {'长' * 201}", "zh", "value_too_long", "site_name.zh"),
    ("  zh: 澄岭县法治政府建设信息公开", '  zh: "澄岭县\\x07"', "zh", "control_char", "site_name.zh"),
    ("edit_branch: main", "edit_branch: main\nicp: again", "again", "field_duplicate", "icp"),
    (SPONSOR, "sponsor: {zh: &s 办公室}\n", "sponsor", "yaml_anchor", ""),
    (SPONSOR, "sponsor: {zh: *s}\n", "sponsor", "yaml_anchor", ""),
    (SPONSOR, "sponsor: {zh: !!str 办公室}\n", "sponsor", "yaml_tag", ""),
    ("edit_branch: main", "edit_branch: [main", "report_deadline", "yaml_unclosed", ""),
    ("edit_branch: main", "edit_branch：main", "edit_branch", "yaml_fullwidth_colon", "edit_branch"),
])
def test_each_bad_site_setting_is_one_problem_on_its_line(repo, old, new, at, code, field):
    text, line = edited(SITE_YML, old, new, at)
    (repo / "gongkai.yml").write_text(text, encoding="utf-8")
    problem = the_problem(repo, code)
    assert (problem.path, problem.line, problem.field) == ("gongkai.yml", line, field)


def test_the_deadline_suggests_its_own_form(repo):
    (repo / "gongkai.yml").write_text(SITE_YML.replace('"04-01"', "4月15日"), encoding="utf-8")
    assert "应当写成这样：\"04-15\"" in the_problem(repo, "setting_format").format()


def test_a_missing_site_name_a_misspelt_one_and_a_missing_file(repo):
    (repo / "gongkai.yml").write_text("site_id_code" + SITE_YML.split("site_id_code", 1)[1], encoding="utf-8")
    problem = the_problem(repo, "setting_missing")
    assert (problem.path, problem.line, problem.field) == ("gongkai.yml", 0, "site_name")
    (repo / "gongkai.yml").write_text(SITE_YML.replace("site_name:", "sitename:"), encoding="utf-8")
    assert sorted(p.code for p in problems(repo)) == ["field_unknown_suggest", "setting_missing"]
    (repo / "gongkai.yml").unlink()
    assert the_problem(repo, "setting_missing").field == "site_name"


@pytest.mark.parametrize("old, new, at, code, field", [
    ("    type: town\n    names: {en: Songping", "    type: 乡镇\n    names: {en: Songping", "乡镇",
     "unit_type_unknown", "songping.type"),
    ('"11449900MB0000102D"', '"11449900MB0000101C"', "last:101C", "unit_code_duplicate", "hewan.code"),
    ("    name: 澄岭县河湾镇人民政府", '    name: ""', 'name: ""', "field_empty", "hewan.name"),
    ("    name: 澄岭县河湾镇人民政府", "    name: ~", "name: ~", "field_empty", "hewan.name"),
    ("    name: 澄岭县河湾镇人民政府\n", "", "hewan:", "setting_missing", "hewan.name"),
    ("  hewan:\n", "  He Wan:\n", "He Wan", "unit_key_invalid", "He Wan"),
    ("  hewan:\n", "  ｈｅｗａｎ:\n", "ｈｅｗａｎ", "unit_key_invalid", "ｈｅｗａｎ"),
    ("    names: {en: Hewan Town People's Government}", "    names: 河湾镇", "names: 河湾镇", "type_lang_map",
     "hewan.names"),
    ("    shorts: {en: Hewan Town}", "    shorts: {english: Hewan Town}", "english", "type_lang_map",
     "hewan.shorts.english"),
    (JUSTICE_BUREAU, "  justice-bureau: 澄岭县司法局\n", "justice-bureau", "type_mapping", "justice-bureau"),
    ("  beiling:\n", "  songping:\n", "103E", "field_duplicate", "units.songping"),
])
def test_each_bad_unit_is_one_problem_on_its_line(repo, old, new, at, code, field):
    text, line = edited(UNITS_YML, old, new, at)
    if code == "field_duplicate":  # on the repeated key: the line before its code's
        line -= 3
    (repo / "units.yml").write_text(text, encoding="utf-8")
    problem = the_problem(repo, code)
    assert (problem.path, problem.line, problem.field) == ("units.yml", line, field), problem.format()
    if code == "unit_key_invalid":  # the key as it should be typed
        assert problem.params["suggestion"] == ("he-wan" if " " in field else "hewan")


def test_a_misspelt_registry_key_and_a_chinese_unit_key(repo):
    (repo / "units.yml").write_text(UNITS_YML.replace("units:", "unit:"), encoding="utf-8")
    assert sorted((p.code, p.field) for p in problems(repo)) == [
        ("field_unknown_suggest", "unit"), ("setting_missing", "units")]
    (repo / "units.yml").write_text(UNITS_YML.replace("    name: 澄岭县河湾镇人民政府", "    全称: 澄岭县河湾镇人民政府"),
                                    encoding="utf-8")
    found = sorted((p.code, p.field, p.params.get("suggestion")) for p in problems(repo))
    assert found == [("field_unknown_suggest", "hewan.全称", "name"), ("setting_missing", "hewan.name", None)]


def test_check_lists_every_problem_of_both_files_at_once(repo, capsys):
    site = SITE_YML.replace('"04-01"', '"April 1"').replace("edit_branch:", "edit_brnch:")
    units = UNITS_YML.replace("type: department", "type: 部门", 1).replace(
        '"11449900MB0000103E"', '"11449900MB0000101C"')
    (repo / "gongkai.yml").write_text(site, encoding="utf-8")
    (repo / "units.yml").write_text(units, encoding="utf-8")
    assert main(["--root", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    for where in ("gongkai.yml:13: [report_deadline]", "gongkai.yml:12: [edit_brnch]",
                  "units.yml:9: [county-gov.type]", "units.yml:36: [beiling.code]"):
        assert where in out, out
    assert "检查未通过：4 个错误" in out
    assert main(["--root", str(repo), "--lang", "en", "check"]) == 1
    out = capsys.readouterr().out
    assert "The setting 'report_deadline' has the value 'April 1'" in out and "Did you mean 'edit_branch'" in out
    assert "The unit type '部门' is not known" in out


def test_new_reports_a_broken_registry_instead_of_a_traceback(repo, capsys):
    (repo / "units.yml").write_text(UNITS_YML.replace("type: town", "type: village", 1), encoding="utf-8")
    assert main(["--root", str(repo), "new", "--unit", "songping", "--year", "2025"]) == 1
    out = capsys.readouterr().out
    assert "units.yml:" in out and "village" in out and not list((repo / "reports").rglob("*.md"))


def test_the_build_refuses_a_bad_config(repo):
    (repo / "gongkai.yml").write_text(SITE_YML.replace('"04-01"', '"April 1"'), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        SiteBuild(repo, ["zh"], "https://example.org/")
    assert [p.code for p in raised.value.problems] == ["setting_format"]
    assert "gongkai.yml:13: [report_deadline]" in str(raised.value)


def test_a_minimal_config_builds_with_the_declared_defaults(tmp_path):
    root = copy_repo(tmp_path / "repo")
    (root / "gongkai.yml").write_text("site_name: 澄岭县法治政府建设信息公开\n", encoding="utf-8")
    result = mkdocs(root, "build", "--strict", "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr[-3000:]
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>澄岭县法治政府建设信息公开" in home and "ICP" not in home
    # no repo_url: no edit link on a document page
    page = (tmp_path / "site" / "2024" / "songping-2024-report" / "index.html").read_text(encoding="utf-8")
    assert "/edit/" not in page


def test_the_build_log_names_the_bad_setting(tmp_path):
    root = copy_repo(tmp_path / "repo", reports=False)
    (root / "gongkai.yml").write_text(SITE_YML.replace('"04-01"', '"April 1"'), encoding="utf-8")
    result = mkdocs(root, "build", "--strict", "-d", str(tmp_path / "site"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "gongkai.yml:13: [report_deadline]" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_minimal_config_takes_the_declared_defaults(repo):
    (repo / "gongkai.yml").write_text("site_name: 澄岭县法治政府建设信息公开\n", encoding="utf-8")
    site = load_site(repo)
    assert site.name == {"zh": "澄岭县法治政府建设信息公开"}
    assert (site.report_deadline, site.edit_branch, site.repo_url, site.sponsor) == ("04-01", "main", "", {})
    assert site.edit_url("reports/2024/a.md") == ""  # no repository: no edit link
    assert site.deadline(2024).isoformat() == "2025-04-01"


def test_values_are_read_as_typed_and_comments_are_comments(repo):
    (repo / "gongkai.yml").write_text(
        "site_name: 澄岭县  # the county\nsite_id_code: 0012\nedit_branch: yes\n", encoding="utf-8")
    site = load_site(repo)
    assert (site.name, site.site_id_code, site.edit_branch) == ({"zh": "澄岭县"}, "0012", "yes")


def test_the_declarations_fill_the_model_exactly():
    site_fields = {f.name for f in dataclasses.fields(Site)}
    assert site_fields == {s.target for s in SITE_SETTINGS} | {"root", "units"}
    assert {f.name for f in dataclasses.fields(Unit)} == {s.target for s in UNIT_SETTINGS} | {"key"}
    assert all(f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
               for f in dataclasses.fields(Site))  # defaults live in content/settings.py only


def test_a_symlinked_settings_file_is_not_read(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yml"
    outside.write_text("site_name: 别处的文件\n", encoding="utf-8")
    (repo / "gongkai.yml").unlink()
    (repo / "gongkai.yml").symlink_to(outside)
    problem = the_problem(repo, "path_symlink")
    assert (problem.path, problem.field) == ("gongkai.yml", "")


def test_a_long_registry_is_read_in_linear_time():
    """Repeated keys were looked for in every key before: 20,000 units took 70 s; now a
    registry of 30,000 keys, two of them repeated, is read at once."""
    def scalar(value: str) -> yaml.ScalarNode:
        mark = yaml.Mark("units.yml", 0, 0, 0, None, None)
        return yaml.ScalarNode("tag:yaml.org,2002:str", value, mark, mark)
    keys = [f"u{i}" for i in range(30_000)] + ["u7", "u8"]
    node = yaml.MappingNode("tag:yaml.org,2002:map", [(scalar(k), scalar("x")) for k in keys])
    src = Source("units.yml")
    started = time.perf_counter()
    entries = ConfigReader(src).entries(node, "units")
    assert time.perf_counter() - started < 2
    assert len(entries) == 30_002 and [p.field for p in src.problems] == ["units.u7", "units.u8"]
