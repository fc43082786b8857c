"""`python -m gongkai import`: portal copies, PDF text, Markdown and Word files to documents."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from drafts_support import check_errors, dedent, make_repo, run_cli, split_document

from gongkai.content import dates
from gongkai.importing import chrome, portal, structure, text

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def import_file(repo: Path, source: Path, *options: str, lang: str = "zh") -> int:
    return run_cli(repo, "import", str(source), *options, lang=lang)


# --- whole files -------------------------------------------------------------

def test_portal_copy(repo, capsys):
    assert import_file(repo, FIXTURES / "portal-copy.txt") == 0
    out = capsys.readouterr().out
    path = repo / "reports/2024/hewan-2024-report.md"
    fields, body = split_document(path)
    assert fields["title"] == "河湾镇2024年法治政府建设年度报告"
    assert fields["kind"] == "annual-report"
    assert fields["year"] == 2024
    assert fields["unit"] == "hewan"
    assert fields["published"] == dt.date(2025, 3, 5)  # the portal's 发布时间
    assert fields["written"] == dt.date(2025, 3, 3)  # the signature
    assert fields["summary"] == "2024年，河湾镇以提升基层治理法治化水平为主线，稳步推进法治政府建设。"
    assert "年度报告" in fields["keywords"] and "重大行政决策" in fields["keywords"]
    assert body == dedent("""
        2024年，河湾镇以提升基层治理法治化水平为主线，稳步推进法治政府建设。现将有关情况报告如下：

        ## 一、主要举措和成效

        ### （一）规范重大行政决策

        镇政府制定重大行政决策事项目录，全年6项决策均经过公众参与、合法性审查和集体讨论。

        ### （二）做实矛盾纠纷调解

        全镇9个调委会全年化解矛盾纠纷73件，其中涉及土地承包的纠纷21件，调解协议履行率达到98.6%。

        #### 1.建立“周三说法”制度

        每周三上午9:30至11:30由驻镇法律顾问在便民服务中心坐班（节假日顺延），全年接待群众咨询1,024人次。群众也可发送邮件至hewan_fz@example.cn，或登录http://www.example.gov.cn/hewan?tab=2查询办理进度！

        ## 二、存在的问题及原因

        一是部分村（社区）法治宣传形式单一；二是执法人员持证比例偏低，新招录人员尚未取得执法证。

        ## 三、主要负责人履行第一责任人职责情况

        镇党委书记主持召开专题会议3次，研究解决法治建设重大问题；镇长带头参加旁听庭审活动。

        ## 四、2025年工作计划

        ### （一）深化“法律明白人”培训

        每季度举办一期培训班，全年培训不少于200人次。

        河湾镇人民政府
        2025年3月3日
    """)
    for chrome_text in ("扫一扫", "浏览次数", "打印本页", "当前位置", "字体"):
        assert chrome_text not in path.read_text(encoding="utf-8")
    assert "已删除 5 行网页和 PDF 杂项" in out
    assert "发布日期 published：2025-03-05 ← 页面“发布时间：”第3行" in out
    assert "标题 title：河湾镇2024年法治政府建设年度报告 ← 页面第2行" in out
    assert check_errors(repo) == []


def test_pdf_extract_spaces_and_wraps(repo, capsys):
    assert import_file(repo, FIXTURES / "pdf-extract.txt") == 0
    fields, body = split_document(repo / "reports/2024/beiling-2024-report.md")
    assert fields["unit"] == "beiling"
    assert fields["doc_no"] == "北乡府〔2025〕3号"
    assert fields["published"] == fields["written"] == dt.date(2025, 2, 18)
    paragraphs = body.split("\n\n")
    assert paragraphs[:4] == [
        ("2024年，北岭乡坚持把法治政府建设作为全乡中心工作的重要保障，认真落实上级部署，"
         "各项工作取得新进展。现将有关情况报告如下。"),
        # a heading wrapped over two lines, with a spurious space inside 精神
        "## 一、深入学习贯彻党的二十届三中全会精神，推动上级关于法治建设各项部署在全乡落地见效的情况",
        # a number broken across lines is joined without a space
        ("乡党委把学习全会精神列入理论学习中心组年度计划，全年开展集中学习6次，"
         "组织乡村干部参加法律知识考试，参考率和合格率均为100%。"),
        "## 二、主要举措和成效",
    ]
    # the page number between two lines of a paragraph is gone and the paragraph whole
    assert ("乡综合行政执法队全面落实行政执法公示、执法全过程记录和重大执法决定法制审核制度，"
            "全年办理行政处罚案件17件，没有发生行政复议被纠错的情况。") in paragraphs
    assert "结合“3·15”“12·4”等时间节点开展主题宣传活动11场，发放宣传资料3600余份，覆盖群众约5000人次。" in paragraphs
    # a heading that fills its line is not merged with the paragraph under it
    assert "## 三、党政主要负责人履行推进法治建设第一责任人职责的情况" in paragraphs
    assert any(p.startswith("乡党委书记、乡长认真履行第一责任人职责，") for p in paragraphs)
    assert "2025年，北岭乡将继续完善合法性审查机制，推动“一村一法律顾问”服务提质增效。" in paragraphs
    assert paragraphs[-1] == "澄岭县北岭乡人民政府\n2025年2月18日"
    assert "— 2 —" not in body
    assert all(" " not in p.lstrip("# ") for p in paragraphs)  # no space left inside Chinese
    assert check_errors(repo) == []


def test_markdown_with_front_matter_links_and_lists(repo, capsys):
    assert import_file(repo, FIXTURES / "interpretation.md") == 0
    fields, body = split_document(repo / "reports/2024/songping-2024-interpretation-1.md")
    assert fields["kind"] == "interpretation"
    assert fields["keywords"] == ["政策解读", "法治政府"]  # kept from the file's own metadata
    assert fields["title"] == "《松坪镇2024年法治政府建设年度报告》解读"
    assert body.startswith("近日，松坪镇公开了2024年法治政府建设年度报告（[报告全文](../songping-2024-report/)）。")
    assert "### （一）总结全年工作\n\n报告从依法决策" in body
    assert "并如实列出存在的不足。" in body
    assert "- 一是推进“一村一法律顾问”全覆盖；\n- 二是每季度开展一次合法性审查业务培训。" in body
    assert ("1. 报告全文已在县政府门户网站公开\n2. 群众可在工作日8:30-17:30到镇便民服务中心查阅纸质版"
            in body)
    assert "咨询电话：0762-5550123；电子邮箱：songping@example.cn。" in body
    assert check_errors(repo) == []


def _bold(document, text: str, bold: bool = True):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = bold
    return paragraph


def test_word_bold_paragraphs_as_headings(repo, tmp_path, capsys):
    document = docx.Document()
    _bold(document, "松坪镇2024年法治政府建设年度报告")
    document.add_paragraph("2024年，松坪镇围绕“法治惠民”目标开展工作，现将情况报告如下。")
    _bold(document, "一、主要举措和成效")
    _bold(document, "(一)健全依法决策机制")
    document.add_paragraph("镇政府全年审查合同15份、规范性文件2件，均未发现问题。")
    # bold through a paragraph style, not on the run
    style = document.styles.add_style("小标题", WD_STYLE_TYPE.PARAGRAPH)
    style.font.bold = True
    document.add_paragraph("（二）把人民调解和法律咨询统筹起来一体推进。", style="小标题")
    mixed = document.add_paragraph()
    mixed.add_run("（三）整治执法不规范问题。").bold = True
    mixed.add_run("全年开展执法案卷评查2次，发现并整改问题9个。")
    _bold(document, "全年共举办普法培训班5期。")  # emphasis: a bold sentence is not a heading
    _bold(document, "二、存在的不足和原因")
    document.add_paragraph("个别村的法律顾问服务次数偏少。")
    _bold(document, "三、主要负责人履行第一责任人职责情况")
    document.add_paragraph("镇长全年主持专题学法3次。")
    _bold(document, "四、下一年度工作安排")
    document.add_paragraph("推进“一村一法律顾问”全覆盖。")
    document.add_paragraph("澄岭县松坪镇人民政府")
    document.add_paragraph("2025年2月8日")
    source = tmp_path / "bold.docx"
    document.save(str(source))

    assert import_file(repo, source) == 0
    fields, body = split_document(repo / "reports/2024/songping-2024-report.md")
    assert fields["title"] == "松坪镇2024年法治政府建设年度报告"
    assert body.split("\n\n") == [
        "2024年，松坪镇围绕“法治惠民”目标开展工作，现将情况报告如下。",
        "## 一、主要举措和成效",
        "### （一）健全依法决策机制",
        "镇政府全年审查合同15份、规范性文件2件，均未发现问题。",
        "### （二）把人民调解和法律咨询统筹起来一体推进",
        "### （三）整治执法不规范问题",
        "全年开展执法案卷评查2次，发现并整改问题9个。",
        "全年共举办普法培训班5期。",
        "## 二、存在的不足和原因",
        "个别村的法律顾问服务次数偏少。",
        "## 三、主要负责人履行第一责任人职责情况",
        "镇长全年主持专题学法3次。",
        "## 四、下一年度工作安排",
        "推进“一村一法律顾问”全覆盖。",
        "澄岭县松坪镇人民政府\n2025年2月8日",
    ]
    assert "未找到必备章节" not in capsys.readouterr().out
    assert check_errors(repo) == []


def test_word_heading_styles_and_table(repo, tmp_path):
    document = docx.Document()
    document.add_paragraph("县司法局2024年法治政府建设年度报告", style="Title")
    document.add_paragraph("2024年，县司法局统筹推进全县法治政府建设。")
    document.add_heading("一、主要举措和成效", level=1)
    document.add_heading("（一）推行说理式执法", level=2)
    document.add_heading("1. 执法文书统一模板", level=3)
    document.add_paragraph("全局执法文书全部使用统一模板。")
    table = document.add_table(rows=2, cols=2)
    for cell, value in zip(table._cells, ("项目", "件数", "行政复议", "12")):
        cell.text = value
    # WPS and Chinese Word name the heading styles 标题 1, 标题 2
    document.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("二、存在的不足和原因", style="标题 1")
    document.add_paragraph("执法人员结构老化。")
    document.add_paragraph("澄岭县司法局")
    document.add_paragraph("2025年3月10日")
    source = tmp_path / "styles.docx"
    document.save(str(source))

    assert import_file(repo, source, "--slug", "justice-2024-report") == 0
    fields, body = split_document(repo / "reports/2024/justice-2024-report.md")
    assert fields["title"] == "县司法局2024年法治政府建设年度报告"
    assert fields["unit"] == "justice-bureau"
    assert body.split("\n\n") == [
        "2024年，县司法局统筹推进全县法治政府建设。",
        "## 一、主要举措和成效",
        "### （一）推行说理式执法",
        "#### 1. 执法文书统一模板",
        "全局执法文书全部使用统一模板。",
        "| 项目 | 件数 |\n| --- | --- |\n| 行政复议 | 12 |",
        "## 二、存在的不足和原因",
        "执法人员结构老化。",
        "澄岭县司法局\n2025年3月10日",
    ]
    assert check_errors(repo) == []


# --- what cannot be detected -------------------------------------------------

NO_UNIT = "某地2024年法治政府建设年度报告\n2024年，本地依法推进各项工作。\n2025年2月1日\n"


def test_missing_unit_writes_nothing_and_says_so(repo, tmp_path, capsys):
    source = tmp_path / "no-unit.txt"
    source.write_text(NO_UNIT, encoding="utf-8")
    assert import_file(repo, source) != 0
    out = capsys.readouterr().out
    assert "未能识别发布机构，请用 --unit 指定" in out
    assert "未写入任何文件" in out
    assert not any((repo / "reports").rglob("*.md"))
    assert import_file(repo, source, lang="en") != 0
    assert "No publishing unit found; give it with --unit" in capsys.readouterr().out

    assert import_file(repo, source, "--unit", "hewan") == 0
    fields, _body = split_document(repo / "reports/2024/hewan-2024-report.md")
    assert fields["unit"] == "hewan" and fields["published"] == dt.date(2025, 2, 1)
    assert check_errors(repo) == []


def test_no_title_says_why_the_year_is_missing_too(repo, tmp_path, capsys):
    source = tmp_path / "untitled.txt"
    # undated: a notice's year would otherwise be its publication year
    source.write_text("河湾镇今年开展了很多工作，成效明显，群众满意度不断提高，各项任务全面完成。\n\n"
                      "河湾镇人民政府\n", encoding="utf-8")
    assert import_file(repo, source) != 0
    out = capsys.readouterr().out
    assert "未能识别标题" in out and "没有标题，也就未能识别年度" in out and "“”" not in out


def test_a_rule_above_the_title_is_not_the_title(repo, tmp_path):
    source = tmp_path / "ruled.txt"
    source.write_text("---\n★ ★ ★\n河湾镇2024年法治政府建设年度报告\n\n正文一段。\n\n河湾镇人民政府\n2025年2月1日\n",
                      encoding="utf-8")
    assert import_file(repo, source) == 0
    fields, body = split_document(repo / "reports/2024/hewan-2024-report.md")
    assert fields["title"] == "河湾镇2024年法治政府建设年度报告"
    assert body.startswith("---\n\n★ ★ ★\n\n正文一段。")  # kept where it was, for the editor to judge


def test_missing_date_and_year(repo, tmp_path, capsys):
    source = tmp_path / "no-date.txt"
    source.write_text("河湾镇法治政府建设工作公告\n河湾镇将于近期开展法律咨询活动。\n", encoding="utf-8")
    assert import_file(repo, source) != 0
    out = capsys.readouterr().out
    assert "未能识别发布日期" in out and "--published" in out
    assert "未能识别年度（识别出的标题“河湾镇法治政府建设工作公告”中没有" in out and "--year" in out
    assert import_file(repo, source, "--year", "2025", "--published", "2025-06-01") == 0
    fields, _ = split_document(repo / "reports/2025/hewan-2025-announcement-1.md")
    assert fields["kind"] == "announcement"
    assert "written" not in fields
    assert "未找到文末落款" in capsys.readouterr().out
    assert check_errors(repo) == []


def test_invalid_result_is_not_written(repo, tmp_path, capsys):
    # a report on 2024 published in 2024: check would reject it, so nothing is written
    source = tmp_path / "early.txt"
    source.write_text("河湾镇2024年法治政府建设年度报告\n正文一段。\n河湾镇人民政府\n2024年12月1日\n",
                      encoding="utf-8")
    assert import_file(repo, source) != 0
    out = capsys.readouterr().out
    assert "早于 2024 年结束" in out and "未写入任何文件" in out
    assert not any((repo / "reports").rglob("*.md"))


def test_refuses_to_overwrite(repo, capsys):
    assert import_file(repo, FIXTURES / "portal-copy.txt") == 0
    path = repo / "reports/2024/hewan-2024-report.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n编辑后加的一段。\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert import_file(repo, FIXTURES / "portal-copy.txt") != 0
    assert "已存在，没有覆盖" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == before


def test_a_slug_cannot_lead_out_of_the_year_folder(repo, tmp_path, capsys):
    assert import_file(repo, FIXTURES / "portal-copy.txt", "--slug", "../../../outside") != 0
    assert "文件位置不对" in capsys.readouterr().out
    assert not (tmp_path / "outside.md").exists() and not any((repo / "reports").rglob("*.md"))


def test_output_option_and_options_override(repo, tmp_path):
    out = repo / "reports/2024/hewan-notes.md"
    assert import_file(repo, FIXTURES / "portal-copy.txt", "--output", str(out),
                       "--published", "2025-03-20", "--title", "河湾镇2024年度法治政府建设情况报告") == 0
    fields, body = split_document(out)
    assert fields["published"] == dt.date(2025, 3, 20)
    assert fields["title"] == "河湾镇2024年度法治政府建设情况报告"
    assert body.startswith("2024年，河湾镇")  # the title line is still taken out of the body
    assert check_errors(repo) == []


def test_gb18030_text_and_unsupported_files(repo, tmp_path, capsys):
    source = tmp_path / "gbk.txt"
    shutil.copy(FIXTURES / "portal-copy.txt", source)
    source.write_bytes(source.read_text(encoding="utf-8").encode("gb18030"))
    assert import_file(repo, source) == 0
    assert (repo / "reports/2024/hewan-2024-report.md").read_text(encoding="utf-8").count("河湾镇") > 3
    legacy = tmp_path / "old.ofd"
    legacy.write_bytes(b"PK\x03\x04")
    assert import_file(repo, legacy) != 0
    assert "不支持 .ofd 文件" in capsys.readouterr().out
    fake = tmp_path / "renamed.docx"
    fake.write_text("不是 Word 文件", encoding="utf-8")
    assert import_file(repo, fake) != 0
    assert "不是有效的 Word .docx 文件" in capsys.readouterr().out


@pytest.mark.parametrize("name, content, zh, en", [
    ("缺少的文件.docx", None, "找不到文件", "There is no file"),
    ("scan.pdf", "不是 PDF", "不是有效的 PDF 文件", "not a valid PDF file"),
    ("list.html", "<html><body></body></html>", "没有在", "No text found"),
    ("saved.mhtml", "MIME-Version: 1.0\nContent-Type: text/plain\n\nhi\n", "里没有网页内容", "holds no web page"),
])
def test_an_unreadable_file_is_explained_in_the_editors_language(repo, tmp_path, capsys, name, content, zh, en):
    source = tmp_path / name
    if content is not None:
        source.write_text(content, encoding="utf-8")
    assert import_file(repo, source) == 2
    out = capsys.readouterr().out
    assert zh in out and name in out and "请" in out and "Package" not in out
    assert import_file(repo, source, lang="en") == 2
    assert en in capsys.readouterr().out


# --- the pieces ----------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ("贯彻全会精 神", "贯彻全会精神"),
    ("履行第一 责任人职责", "履行第一责任人职责"),
    ("全年受理 86 件，2024 年", "全年受理86件，2024年"),
    ("使用 Open Data 平台", "使用 Open Data 平台"),
    ("GB/T 9704-2012 标准", "GB/T 9704-2012标准"),
    ("（一） 加强 “法律明白人” 培养", "（一）加强“法律明白人”培养"),
    ("\u3000\u30002024年，我镇", "2024年，我镇"),
])
def test_spurious_spaces(raw, clean):
    assert text.clean_spaces(raw) == clean


@pytest.mark.parametrize("raw, fixed", [
    ("2024年,我镇坚持依法行政;现报告如下:", "2024年，我镇坚持依法行政；现报告如下："),
    ("是否完成?已完成!", "是否完成？已完成！"),
    ("村(社区)和《纲要(2021-2025年)》", "村（社区）和《纲要（2021-2025年）》"),
    ("共1,000元,上午10:30开会,增长3.5%", "共1,000元，上午10:30开会，增长3.5%"),
    ("网址:https://www.example.gov.cn/a?b=1&c=2,邮箱:fz@example.cn", "网址：https://www.example.gov.cn/a?b=1&c=2，邮箱：fz@example.cn"),
    ("The law (2021 edition), in force: yes!", "The law (2021 edition), in force: yes!"),
    ("见[全文](../x/)与图![示意](a.png)", "见[全文](../x/)与图![示意](a.png)"),
    ("(一)多层次学习", "（一）多层次学习"),
])
def test_punctuation(raw, fixed):
    assert text.fix_punctuation(raw) == fixed


@pytest.mark.parametrize("line, blocks", [
    ("一、主要举措和成效", ["## 一、主要举措和成效"]),
    ("二、主要举措和成效。", ["## 二、主要举措和成效"]),
    ("(一)分层次集中学", ["### （一）分层次集中学"]),
    ("1．建立周例会制度", ["#### 1．建立周例会制度"]),
    ("2、完善台账", ["#### 2、完善台账"]),
    ("（一）分层次集中学。由镇党委组织机关干部集中学习三次，并逐村开展宣讲。",
     ["### （一）分层次集中学", "由镇党委组织机关干部集中学习三次，并逐村开展宣讲。"]),
    # a long numbered paragraph whose first clause is no heading stays a paragraph
    (("（二）全年全镇各村共开展各类法治宣传活动四十余场次并发放资料两千余份，覆盖群众五千余人次。"
      "群众满意度较上年明显提升。"),
     [("（二）全年全镇各村共开展各类法治宣传活动四十余场次并发放资料两千余份，覆盖群众五千余人次。"
       "群众满意度较上年明显提升。")]),
    ("1.5万元用于购买法律服务。", ["1.5万元用于购买法律服务。"]),
    ("一是加强学习。", ["一是加强学习。"]),
    ("## 已是标题", ["## 已是标题"]),
])
def test_heading_numbering(line, blocks):
    assert structure.heading_blocks(line) == blocks


def test_markdown_ordered_list_is_kept_in_markdown_only():
    assert structure.heading_blocks("1. 建立周例会制度", markdown=True) == ["1. 建立周例会制度"]
    assert structure.heading_blocks("1. 建立周例会制度") == ["#### 1. 建立周例会制度"]
    assert structure.heading_blocks("1.建立周例会制度") == ["#### 1.建立周例会制度"]


def test_unwrapped_text_is_left_alone():
    lines = ["一、主要举措和成效", "全年办结案件12件，" * 12 + "无一被撤销。", "（一）健全机制",
             "各村均聘请了法律顾问，" * 9 + "服务群众。", "二、存在的不足"]
    assert text.join_wrapped(lines, structure.starts_block, structure.is_bare_heading) == lines


@pytest.mark.parametrize("line, is_chrome", [
    ("- 扫一扫在手机打开当前页", True),
    ("【打印本页】【关闭窗口】", True),
    ("字体：【大 中 小】", True),
    ("分享到：", True),
    ("— 3 —", True),
    ("我镇把调解经验分享到各村，效果良好。", False),
    ("2024", False),
])
def test_chrome_lines(line, is_chrome):
    assert chrome.is_chrome(line) is is_chrome


@pytest.mark.parametrize("line, pairs", [
    ("来源：河湾镇 发布时间：2025-03-05 16:20 浏览次数：57",
     [("来源", "河湾镇"), ("发布时间", "2025-03-05 16:20"), ("浏览次数", "57")]),
    ("索 引 号: 11449900MB0000102D/2025-00012", [("索引号", "11449900MB0000102D/2025-00012")]),
    ("备注/文号：河府〔2025〕7号", [("备注/文号", "河府〔2025〕7号")]),
    ("公文生成日期：", [("公文生成日期", "")]),
    ("发 布 机 构", [("发布机构", "")]),  # a table cell: the value is on the next line
    ("镇政府发布时间：3月", None),  # a label not at the start is text
    ("来源于群众的意见", None),
])
def test_portal_metadata_line(line, pairs):
    assert portal.labelled(line) == pairs


@pytest.mark.parametrize("value, date", [
    ("2025年2月10日", dt.date(2025, 2, 10)),
    ("2025 年 2 月 10 日", dt.date(2025, 2, 10)),
    ("二〇二五年二月十日", dt.date(2025, 2, 10)),
    ("二〇二五年十二月二十一日", dt.date(2025, 12, 21)),
    ("2025-03-05 16:20", dt.date(2025, 3, 5)),
    ("2025年2月30日", None),
])
def test_dates(value, date):
    assert dates.find_date(value) == date
