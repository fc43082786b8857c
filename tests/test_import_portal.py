"""Portal copies in every arrangement: the title wherever it stands, the page's metadata in
the front matter (and out of the body), no page furniture left, the document from its first
paragraph on. The fixtures are fictional pages of the sample county's portal."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from drafts_support import check_errors, make_repo, run_cli, split_document

from gongkai.content.config import load_site
from gongkai.importing import detect, portal, structure

PORTAL = Path(__file__).parent / "fixtures" / "import" / "portal"
# nothing of the page may be left in a document: navigation, headers, metadata labels, footers
CHROME = ("首页", "政务公开", "无障碍", "繁体", "English", "星期", "打印", "字体", "关闭", "分享到",
          "扫一扫", "浏览次数", "上一篇", "下一篇", "主办单位", "网站标识码", "ICP", "›", ">",
          "索引号", "发布机构", "发布日期", "发布时间", "成文日期", "公文生成日期", "文号", "来源", "县司法局文件")
SPACE_IN_CHINESE = re.compile(r"[\u4e00-\u9fff，。：；][ \u3000]+[\u4e00-\u9fff，。：；]")

CASES = {
    # site header, breadcrumb, a copied metadata table (labels above values, spaces inside
    # labels) before the title, 【打印】【字体：大 中 小】 split over lines, chrome at the bottom
    "table-before-title.txt": {
        "path": "2024/songping-2024-report.md",
        "headings": ["## 一、主要举措和成效", "### （一）健全依法决策机制", "### （二）推进基层矛盾纠纷化解",
                     "## 二、存在的不足和原因", "## 三、主要负责人履行第一责任人职责情况", "## 四、下一年度工作安排"],
        "fields": {"title": "松坪镇2024年法治政府建设年度报告", "kind": "annual-report", "year": 2024, "unit": "songping",
                    "published": dt.date(2025, 3, 4), "written": dt.date(2025, 2, 26), "doc_no": "松府〔2025〕4号",
                    "index_no": "11449900MB0000101C/2025-00031"},
        "first": "2024年，松坪镇围绕“法治惠民”目标，扎实推进依法行政各项工作。现将有关情况报告如下：",
        "origins": ["标题 title：松坪镇2024年法治政府建设年度报告 ← 页面第16行",
                 "发布机构 unit：songping ← 页面“发布机构：”第9行",
                 "发布日期 published：2025-03-04 ← 页面“发布日期：”第15行",
                 "成文日期 written：2025-02-26 ← 页面“成文日期：”第11行",
                 "文号 doc_no：松府〔2025〕4号 ← 页面“文号：”第13行",
                 "索引号 index_no：11449900MB0000101C/2025-00031 ← 页面“索引号：”第5行"]},
    # metadata after the title, half-width colons, 来源 and 发布日期 with its time on one line;
    # an addressee line first, a list of attachments before the signature
    "meta-after-title.txt": {
        "path": "2025/justice-bureau-2025-announcement-1.md",
        "headings": ["## 一、总体要求", "## 二、主要任务", "### （一）深入学习宣传宪法", "### （二）抓好“法律明白人”培养"],
        "fields": {"title": "澄岭县司法局关于印发《澄岭县2025年普法依法治理工作要点》的通知", "kind": "announcement",
                    "year": 2025, "unit": "justice-bureau", "published": dt.date(2025, 1, 7),
                    "written": dt.date(2025, 1, 6), "index_no": "11449900MB0000002B/2025-00002"},
        "first": "各镇（乡）人民政府，县直各有关单位：",
        "second": "现将《澄岭县2025年普法依法治理工作要点》印发给你们，请结合实际认真贯彻落实。",
        "blocks": ["附件：", "1. 澄岭县2025年普法依法治理工作要点\n2. 澄岭县2025年普法责任清单"],
        "origins": ["发布日期 published：2025-01-07 ← 页面“发布日期：”第2行",
                 "索引号 index_no：11449900MB0000002B/2025-00002 ← 页面“索引号：”第3行"]},
    # several labels on one line before the title (发布机构, 公文生成日期, 备注/文号), 发布时间
    # below it, a breadcrumb without 首页, 浏览次数 with its count on the next line; no signature
    "labels-one-line.txt": {
        "path": "2024/hewan-2024-interpretation-1.md",
        "headings": ["## 一、报告的主要内容", "## 二、群众关心的问题"],
        "fields": {"title": "《河湾镇2024年法治政府建设年度报告》解读", "kind": "interpretation", "year": 2024,
                    "unit": "hewan", "published": dt.date(2025, 2, 25), "written": dt.date(2025, 2, 20),
                    "doc_no": "河府〔2025〕7号"},
        "first": "近日，河湾镇公开了2024年法治政府建设年度报告。为便于群众理解，现就有关内容解读如下。",
        "origins": ["成文日期 written：2025-02-20 ← 页面“公文生成日期：”第2行",
                 "文号 doc_no：河府〔2025〕7号 ← 页面“备注/文号：”第2行",
                 "发布机构 unit：hewan ← 页面“发布机构：”第2行"]},
    # a site header with the day's date, the page title, then the document printed again with
    # its 文号; an addressee (主送机关); previous/next links and the portal's footer
    "repeated-title-footer.txt": {
        "path": "2024/beiling-2024-report.md",
        "headings": ["## 一、主要举措和成效", "## 二、存在的不足和原因",
                     "## 三、党政主要负责人履行推进法治建设第一责任人职责情况", "## 四、下一年度工作安排"],
        "fields": {"title": "北岭乡2024年法治政府建设年度报告", "kind": "annual-report", "year": 2024, "unit": "beiling",
                    "published": dt.date(2025, 3, 10), "written": dt.date(2025, 3, 6), "doc_no": "北乡府〔2025〕9号"},
        "first": "中共澄岭县委员会，澄岭县人民政府：",
        "second": "2024年，北岭乡坚持把法治政府建设作为全乡中心工作的重要保障。现将有关情况报告如下：",
        "origins": ["标题 title：北岭乡2024年法治政府建设年度报告 ← 页面第3行",
                 "文号 doc_no：北乡府〔2025〕9号 ← 页面第8行"]},
    # the metadata at the bottom of the page; 发布机构 by a shorter form of the unit's name
    "meta-at-bottom.txt": {
        "path": "2025/hewan-2025-announcement-1.md",
        "headings": ["## 一、培训对象", "## 二、培训时间和地点"],
        "fields": {"title": "河湾镇关于开展2025年“法律明白人”培训的通知", "kind": "announcement", "year": 2025,
                    "unit": "hewan", "published": dt.date(2025, 3, 31), "written": dt.date(2025, 3, 28),
                    "index_no": "11449900MB0000102D/2025-00019"},
        "first": "各村（社区）：",
        "origins": ["发布机构 unit：hewan ← 页面“发布机构：”第11行",
                 "发布日期 published：2025-03-31 ← 页面“发布日期：”第12行"]},
    # a red-header document without any portal: 版头 and 文号 above the title
    "no-chrome-red-header.txt": {
        "path": "2024/justice-bureau-2024-report.md",
        "headings": ["## 一、主要举措和成效", "## 二、存在的不足和原因",
                     "## 三、主要负责人履行第一责任人职责情况", "## 四、下一年度工作安排"],
        "fields": {"title": "县司法局2024年法治政府建设年度报告", "kind": "annual-report", "year": 2024,
                    "unit": "justice-bureau", "published": dt.date(2025, 2, 20), "written": dt.date(2025, 2, 20),
                    "doc_no": "澄司〔2025〕12号"},
        "first": "2024年，县司法局在县委、县政府领导下，统筹推进全县法治政府建设。现将有关情况报告如下：",
        "origins": ["文号 doc_no：澄司〔2025〕12号 ← 页面第2行"]},
    # a welcome line, a menu copied line by line, the title also as 名称 in the metadata table,
    # labels with spaces before their half-width colons, paragraphs indented with full-width
    # spaces, an attachment list wrapped under its label, the toolbar split at the bottom
    "indented-everything.txt": {
        "path": "2024/songping-2024-report.md",
        "headings": ["## 一、主要举措和成效"],
        "fields": {"title": "松坪镇2024年法治政府建设年度报告", "kind": "annual-report", "year": 2024,
                   "unit": "songping", "published": dt.date(2025, 2, 12), "written": dt.date(2025, 2, 10),
                   "index_no": "11449900MB0000101C/2025-00008"},
        "first": "中共澄岭县委员会，澄岭县人民政府：",
        "second": "2024年，松坪镇坚持依法行政。现将有关情况报告如下：",
        "blocks": ["附件：", "1. 松坪镇2024年合法性审查台账\n2. 松坪镇2024年普法活动一览表",
                   "澄岭县松坪镇人民政府\n2025年2月10日"],
        "origins": ["发布机构 unit：songping ← 页面“发布机构：”第14行",
                    "成文日期 written：2025-02-10 ← 页面“公文生成日期：”第16行",
                    "标题 title：松坪镇2024年法治政府建设年度报告 ← 页面第19行",
                    "上方的这些行不像网页杂项，也已删除，请对照原件核对：1: 您好，欢迎访问澄岭县人民政府网站！"]},
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.mark.parametrize("name", CASES)
def test_portal_copy(repo, capsys, name):
    case = CASES[name]
    assert run_cli(repo, "import", str(PORTAL / name)) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    fields, body = split_document(repo / "reports" / case["path"])
    assert {k: fields.get(k) for k in ("title", "kind", "year", "unit", "published", "written", "doc_no",
                                       "index_no")} == {k: case["fields"].get(k) for k in (
        "title", "kind", "year", "unit", "published", "written", "doc_no", "index_no")}
    assert [line for line in body.split("\n") if line.startswith("#")] == case["headings"]
    blocks = body.split("\n\n")
    assert blocks[0] == case["first"]
    if "second" in case:
        assert blocks[1] == case["second"]
    if "blocks" in case:
        at = blocks.index(case["blocks"][0])
        assert blocks[at:at + len(case["blocks"])] == case["blocks"]
    for origin in case["origins"]:
        assert origin in out
    text = (repo / "reports" / case["path"]).read_text(encoding="utf-8")
    assert [c for c in CHROME if c in body] == []
    assert not SPACE_IN_CHINESE.search(text)
    assert fields["summary"] != case["first"] or "：" not in case["first"]  # never the addressee
    assert check_errors(repo) == []


# --- the pieces ----------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return load_site(make_repo(tmp_path_factory.mktemp("site") / "repo"))


@pytest.mark.parametrize("line, is_title", [
    ("河湾镇2024年法治政府建设年度报告", True),
    ("澄岭县司法局关于印发《澄岭县2025年普法依法治理工作要点》的通知", True),
    ("《河湾镇2024年法治政府建设年度报告》解读", True),
    ("关于开展法律咨询活动的公告", True),
    ("北岭乡法治政府建设实施方案（征求意见稿）", True),
    ("澄岭县人民政府 2019年12月3日星期二", False),  # a site header
    ("澄岭县松坪镇人民政府", False),  # a signature
    ("中共澄岭县委员会，澄岭县人民政府：", False),  # an addressee
    ("一、2024年法治政府建设主要举措", False),  # a heading
    ("2024年，河湾镇依法推进各项工作", False),  # a clause
    ("首页 > 政务公开 > 河湾镇2024年法治政府建设年度报告", False),  # a breadcrumb
    ("附件：河湾镇2024年法治政府建设年度报告", False),
    ("2025年3月4日", False),
])
def test_title_score(site, line, is_title):
    assert (detect.title_score(line, site) >= detect.TITLE_THRESHOLD) is is_title


def read(site, text: str) -> portal.Page:
    return portal.read_page(text.split("\n"), lambda line: detect.title_score(line, site), detect.TITLE_THRESHOLD)


def test_title_wrapped_over_two_lines(site):
    page = read(site, "澄岭县司法局关于印发《澄岭县2025年普法依法\n治理工作要点》的通知\n发布日期：2025-01-07\n"
                      "各镇人民政府：\n正文。")
    assert page.title == portal.Found("澄岭县司法局关于印发《澄岭县2025年普法依法治理工作要点》的通知", "", 1)
    assert page.body == ["各镇人民政府：", "正文。"]
    assert page.found["published"] == portal.Found("2025-01-07", "发布日期", 3)


def test_table_row_labels_separated_by_tabs_or_spaces(site):
    page = read(site, "索引号\t11449900MB0000101C/2025-00031\n发布机构  澄岭县松坪镇人民政府\t成文日期\t2025-02-26\n"
                      "松坪镇2024年法治政府建设年度报告\n正文。")
    assert {k: v.value for k, v in page.found.items()} == {
        "index_no": "11449900MB0000101C/2025-00031", "issuer": "澄岭县松坪镇人民政府", "written": "2025-02-26"}
    assert page.body == ["正文。"] and page.removed == 2


def test_title_only_as_a_label(site):
    page = read(site, "标题：关于开展法律咨询活动的通知\n发布时间：2025-06-01\n各村（社区）：\n正文。")
    assert page.title == portal.Found("关于开展法律咨询活动的通知", "标题", 1)
    assert page.body == ["各村（社区）：", "正文。"]


def test_text_that_looks_like_metadata_inside_the_body_stays(site):
    page = read(site, "河湾镇2024年法治政府建设年度报告\n正文第一段。\n来源：群众来信12件。\n正文第三段。\n河湾镇人民政府\n2025年3月3日")
    assert page.body == ["正文第一段。", "来源：群众来信12件。", "正文第三段。", "河湾镇人民政府", "2025年3月3日"]
    assert page.found == {}


@pytest.mark.parametrize("lines, blocks", [
    (["附件：1.名单", "2.统计表"], ["附件：", "1. 名单\n2. 统计表"]),
    (["附件：", "1、名单", "2、统计表", "正文。"], ["附件：", "1. 名单\n2. 统计表", "正文。"]),
    (["附件：澄岭县2025年普法责任清单"], ["附件：澄岭县2025年普法责任清单"]),  # one attachment, no list
    (["1.建立周例会制度"], ["#### 1.建立周例会制度"]),  # numbered, not under 附件: a heading
])
def test_attachment_lists(lines, blocks):
    assert structure.to_blocks(lines) == blocks


@pytest.mark.parametrize("line, is_addressee", [
    ("中共澄岭县委员会，澄岭县人民政府：", True),
    ("各镇（乡）人民政府，县直各有关单位：", True),
    ("各村（社区）：", True),
    ("现将有关情况报告如下：", False),
    ("附件：", False),
])
def test_addressee(line, is_addressee):
    assert structure.is_addressee(line) is is_addressee


def test_unknown_lines_above_the_title_are_named(repo, tmp_path, capsys):
    source = tmp_path / "copy.txt"
    source.write_text("澄岭县政务服务网\n请使用新版浏览器访问本站\n首页 > 通知公告\n"
                      "河湾镇关于开展法律咨询活动的公告\n发布时间：2025-06-01\n各村（社区）：\n"
                      "镇政府将于6月10日在便民服务中心开展法律咨询活动。\n", encoding="utf-8")
    assert run_cli(repo, "import", str(source)) == 0
    out = capsys.readouterr().out
    assert ("标题（第4行）上方的这些行不像网页杂项，也已删除，请对照原件核对："
            "1: 澄岭县政务服务网 / 2: 请使用新版浏览器访问本站") in out


def test_title_option_finds_the_title_line(repo, tmp_path, capsys):
    # a weak title under a link that reads more like one: --title says which line it is
    source = tmp_path / "copy.txt"
    source.write_text("推荐阅读 河湾镇2024年法治政府建设年度报告\n河湾镇法律咨询活动安排\n发布时间：2025-06-01\n"
                      "镇政府将于6月10日在便民服务中心开展法律咨询活动。\n", encoding="utf-8")
    assert run_cli(repo, "import", str(source), "--title", "河湾镇法律咨询活动安排", "--year", "2025") == 0
    fields, body = split_document(repo / "reports/2025/hewan-2025-announcement-1.md")
    assert fields["title"] == "河湾镇法律咨询活动安排" and fields["published"] == dt.date(2025, 6, 1)
    assert body == "镇政府将于6月10日在便民服务中心开展法律咨询活动。"


def test_empty_label_before_the_title(site):
    # 有效性 and 成文日期 left empty by the page: the lines under them are not their values
    page = read(site, "有效性：\n成文日期：\n松坪镇2024年法治政府建设年度报告\n分类：\n正文第一段。")
    assert page.title == portal.Found("松坪镇2024年法治政府建设年度报告", "", 3)
    assert page.found == {}
    assert page.body == ["正文第一段。"]


def test_footer_and_header_words_inside_the_document_stay(site):
    # what is furniture at the edges of a page is text inside a notice
    page = read(site, "首页 > 通知公告\n河湾镇关于举办法律知识讲座的通知\n各村（社区）：\n主办单位：澄岭县司法局\n"
                      "时间：2025年4月15日星期二上午9:00\n政务公开\n河湾镇人民政府\n2025年4月1日\n"
                      "主办单位：澄岭县人民政府办公室\n政务公开 政务服务 互动交流\n")
    assert page.body == ["各村（社区）：", "主办单位：澄岭县司法局", "时间：2025年4月15日星期二上午9:00", "政务公开",
                         "河湾镇人民政府", "2025年4月1日"]
    assert page.removed == 3


@pytest.mark.parametrize("issuer, unit", [
    ("澄岭县河湾镇人民政府办公室", "hewan"),  # contains the full name
    ("河湾镇", "hewan"),  # the short name
    ("河湾镇人民政府", "hewan"),  # a part of one unit's full name
    ("镇人民政府", None),  # a part of every town's name: says nothing
    ("澄岭县教育局", None),
])
def test_unit_from_the_issuer(site, issuer, unit):
    found, _ = detect.find_unit(site, [("page", issuer)])
    assert (found.key if found else None) == unit


def test_doc_no_set_with_spaces_by_a_pdf(site):
    page = read(site, "松坪镇 2024 年法治政府建设年度报告\n\n松府〔2025〕4 号\n\n正文。")
    assert page.found["doc_no"] == portal.Found("松府〔2025〕4号", "", 3)
    assert page.body == ["正文。"]
