"""`import` from the files offices really have: a PDF printed from Word or a browser, its scan,
a photographed page, .doc and .wps from WPS Office, a page saved from the county portal.

Every input is made here from one fictional report (tests/fixtures/import/print-report.html):
Chromium prints it with a running header and "— N —" page numbers, poppler rasterises the PDF
into a scan, LibreOffice writes .doc from a .docx built from the same text. The slow ones are
made and imported once per session.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import quopri
import re
import shutil
import subprocess
import time
from pathlib import Path

import docx
import pypdfium2
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from drafts_support import dedent, make_repo, placeholder_lines, run_cli, split_document
from PIL import Image

from gongkai.content.config import load_site
from gongkai.content.corpus import load_corpus
from gongkai.importing import doubts, layout, programs
from gongkai.importing.convert import read_lines
from gongkai.problems import errors

FIXTURES = Path(__file__).parent / "fixtures" / "import"
HEADER = ('<div style="font-size:10pt;width:100%;margin:0 28mm 0 26mm;border-bottom:1px solid #000;'
          'font-family:\'Noto Serif CJK SC\'">澄岭县松坪镇人民政府文件</div>')
FOOTER = ('<div style="font-size:14pt;width:100%;text-align:center;font-family:\'Noto Serif CJK SC\'">'
          '— <span class="pageNumber"></span> —</div>')
BLOCK = re.compile(r'<(h1|h2|h3|p)(?: class="([^"]*)")?>(.*?)</\1>')
# a space between two Chinese characters (or full-width punctuation): left by a bad extraction
SPACE_IN_CHINESE = re.compile(r"[\u4e00-\u9fff，。、；：“”（）〔〕] +[\u4e00-\u9fff，。、；：“”（）〔〕]")

REPORT_BODY = dedent("""
    2025年，松坪镇以建设人民满意的法治政府为目标，把依法行政贯穿乡村振兴和基层治理的各个环节，法治政府建设取得新的进展。现将有关情况报告如下：

    ## 一、主要举措和成效

    ### （一）健全重大行政决策程序

    镇政府编制年度重大行政决策事项目录，将集镇污水管网改造、农贸市场迁建等5个事项纳入目录管理。每项决策都经过公众参与、专家论证、风险评估、合法性审查和集体讨论，决策过程材料全部归档，做到程序完整、责任清楚、结果可查。

    ### （二）推进综合行政执法规范化

    镇综合行政执法队全面推行行政执法公示、执法全过程记录和重大执法决定法制审核三项制度，全年办理行政处罚案件23件，首违不罚案件9件，没有发生因执法不当被复议纠错或诉讼败诉的情况。执法人员全部持证上岗，每季度开展一次案卷评查。

    ### （三）创新基层法治宣传

    依托镇文化站和12个村级综合服务中心，开办“松坪法治夜校”，由驻镇法律顾问每月讲授一次与群众生产生活密切相关的法律知识，全年举办夜校课程36场，参加群众2100余人次。针对外出务工人员返乡高峰，在春节前后组织法律服务集市4场，现场解答劳动报酬、土地承包等方面的法律咨询460余件。

    ## 二、存在的不足和原因

    一是村级法治力量仍然薄弱，个别村的法律明白人作用发挥不够；二是行政执法人员中具有法律专业背景的比例偏低，案卷说理还不够充分。原因在于培训的针对性不强，考核激励机制还不健全。

    ## 三、党政主要负责人履行推进法治建设第一责任人职责情况

    镇党委书记、镇长认真履行第一责任人职责，年内4次主持研究法治政府建设工作，带头参加旁听庭审和法治讲座，并在年终述职中专门报告履行推进法治建设职责情况。

    ## 四、2026年工作计划

    2026年，松坪镇将继续完善合法性审查机制，推动“一村一法律顾问”服务提质增效，加强执法人员培训，力争全镇行政执法案卷优良率达到95%以上。

    澄岭县松坪镇人民政府
    2026年2月16日
""")
HEADINGS = [line for line in REPORT_BODY.split("\n") if line.startswith("#")]


def report_blocks() -> list[tuple[str, str, str]]:
    """(tag, class, text) of every block of the fixture report."""
    source = (FIXTURES / "print-report.html").read_text(encoding="utf-8")
    body = source[source.index("<body>"):]
    return [(tag, cls or "", html.unescape(text)) for tag, cls, text in BLOCK.findall(body)]


def import_into(repo: Path, source: Path, *options: str) -> tuple[int, dict, str, str]:
    """(exit status, front matter, body, what import printed) of one import into a new repo."""
    out = io.StringIO()  # stdout and stderr (where OCR says which page it reads)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = run_cli(repo, "import", str(source), *options)
    written = sorted((repo / "reports").rglob("*.md"))
    if status != 0 or not written:
        return status, {}, "", out.getvalue()
    fields, body = split_document(written[-1])
    return status, fields, body, out.getvalue()


def character_error_rate(found: str, truth: str) -> float:
    """Levenshtein distance over the characters, whitespace ignored, per character of truth."""
    a, b = re.sub(r"\s+", "", found), re.sub(r"\s+", "", truth)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / len(b)


# --- inputs made once per session ----------------------------------------------

@pytest.fixture(scope="session")
def inputs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("inputs")


def print_pdf(browser, path: Path, header: str, source: Path = FIXTURES / "print-report.html") -> Path:
    page = browser.new_page()
    try:
        page.goto(source.as_uri())
        page.pdf(path=str(path), format="A4", display_header_footer=True, header_template=header,
                 footer_template=FOOTER, prefer_css_page_size=True)
    finally:
        page.close()
    return path


@pytest.fixture(scope="session")
def text_pdf(browser, inputs) -> Path:
    """The report printed by Chromium: A4, running header, "— N —" page numbers, two pages
    with a paragraph running over the page break."""
    return print_pdf(browser, inputs / "report.pdf", HEADER)


@pytest.fixture(scope="session")
def photo(browser, inputs) -> Path:
    """The first page, printed without a running header (one page cannot show that a line
    repeats), as a 150 dpi image."""
    pdf = print_pdf(browser, inputs / "plain.pdf", "<span></span>")
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(inputs / "photo")], check=True, timeout=60)
    return inputs / "photo.png"


@pytest.fixture(scope="session")
def page_images(text_pdf, inputs) -> list[Path]:
    """The printed pages as a 150 dpi greyscale scanner would give them."""
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(text_pdf), str(inputs / "scan")],
                   check=True, timeout=60)
    return sorted(inputs.glob("scan-*.png"))


@pytest.fixture(scope="session")
def scanned_pdf(page_images, inputs) -> Path:
    """A PDF of page images only, no text layer: what a scanner's "scan to PDF" writes."""
    images = [Image.open(p).convert("L") for p in page_images]
    path = inputs / "scanned.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=150)
    return path


@pytest.fixture(scope="session")
def word_files(inputs) -> dict[str, Path]:
    """.docx built from the report (Word heading style, bold sub-headings, right-aligned
    signature), .doc written from it by LibreOffice, that .doc as WPS Office names it (a .wps
    of WPS Office is a Word 97 file), and the PDF an office exports from Word: a large title
    over two lines, no indents, quotation marks and digits in runs of their own."""
    document = docx.Document()
    for tag, cls, text in report_blocks():
        if tag == "h1":
            document.add_paragraph(text, style="Title")
        elif tag == "h2":
            document.add_heading(text, level=1)
        elif tag == "h3":
            document.add_paragraph().add_run(text).bold = True
        else:
            paragraph = document.add_paragraph(text)
            if "sign" in cls:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    source = inputs / "word" / "report.docx"
    source.parent.mkdir()
    document.save(source)
    soffice = shutil.which("soffice") or "soffice"
    for suffix in ("doc", "pdf"):
        subprocess.run([soffice, f"-env:UserInstallation={(inputs / 'lo-profile').as_uri()}", "--headless",
                        "--convert-to", suffix, "--outdir", str(source.parent), str(source)],
                       check=True, timeout=180, capture_output=True)
    doc = source.with_suffix(".doc")
    wps = source.with_suffix(".wps")
    shutil.copyfile(doc, wps)
    return {".doc": doc, ".wps": wps, ".pdf": source.with_suffix(".pdf")}


@pytest.fixture(scope="session")
def imported(tmp_path_factory, text_pdf, scanned_pdf, photo, word_files) -> dict[str, tuple]:
    """Every input imported once: name -> (status, fields, body, output, repo)."""
    sources = {"pdf": (text_pdf, ()), "scan": (scanned_pdf, ()),
               "png": (photo, ("--published", "2026-02-16")),  # the signature is on page 2
               "doc": (word_files[".doc"], ()), "wps": (word_files[".wps"], ()),
               "exported-pdf": (word_files[".pdf"], ()),
               "html": (FIXTURES / "portal-page.html", ()),
               "html-tables": (FIXTURES / "portal-page-tables.html", ())}
    results = {}
    for name, (source, options) in sources.items():
        repo = make_repo(tmp_path_factory.mktemp(f"repo-{name}"))
        results[name] = (*import_into(repo, source, *options), repo)
    return results


# --- the same report from every format -------------------------------------------

@pytest.mark.parametrize("name", ["pdf", "exported-pdf", "doc", "wps"])
def test_exact_text(imported, name):
    """Text layer and Word files: the very body of the original, headings at their levels,
    page header and page numbers gone, the paragraph cut by the page break whole again."""
    status, fields, body, out, _ = imported[name]
    assert status == 0, out
    assert fields["title"] == "松坪镇2025年法治政府建设年度报告"
    assert fields["doc_no"] == "松府〔2026〕4号"
    assert (fields["year"], fields["unit"], fields["kind"]) == (2025, "songping", "annual-report")
    assert fields["published"] == fields["written"] == dt.date(2026, 2, 16)
    assert body == REPORT_BODY
    assert "【请核对" not in body and "OCR" not in out


def test_blank_page_needs_no_ocr(text_pdf, tmp_path, monkeypatch):
    """A text PDF ending in an empty page is no scan: no OCR, nor Tesseract, needed."""
    document = pypdfium2.PdfDocument(text_pdf)
    document.new_page(595, 842)
    source = tmp_path / "with-blank-page.pdf"
    document.save(source)
    document.close()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    status, fields, body, out = import_into(make_repo(tmp_path / "repo"), source)[:4]
    assert status == 0, out
    assert fields["title"] == "松坪镇2025年法治政府建设年度报告"
    assert body == REPORT_BODY and "OCR" not in out


def test_pdf_table(browser, tmp_path):
    """A table in a PDF (cells set apart on each line) becomes a Markdown table between its
    paragraphs, not a run of cell texts."""
    report = (FIXTURES / "print-report.html").read_text(encoding="utf-8")
    rows = (("类别", "件数", "调解成功"), ("邻里纠纷", "52", "51"), ("土地承包纠纷", "35", "34"))
    cells = ["".join(f'<td style="padding:0 1em">{cell}</td>' for cell in row) for row in rows]
    table = ('<p>全镇调委会全年调解矛盾纠纷87件，各类纠纷的调解情况见下表。</p><table style="margin:0 auto">'
             + "".join(f"<tr>{row}</tr>" for row in cells)
             + "</table><p>镇司法所联合派出所设立“河湾调解室”，对邻里纠纷做到随到随调。</p>")
    source = tmp_path / "table.html"
    source.write_text(report[:report.index("<body>") + 6] + table + "</body></html>", encoding="utf-8")
    lines = [ln for ln in read_lines(print_pdf(browser, tmp_path / "table.pdf", "<span></span>", source)).lines if ln]
    assert lines == ["全镇调委会全年调解矛盾纠纷87件，各类纠纷的调解情况见下表。",
                     "| 类别 | 件数 | 调解成功 |", "| --- | --- | --- |", "| 邻里纠纷 | 52 | 51 |",
                     "| 土地承包纠纷 | 35 | 34 |", "镇司法所联合派出所设立“河湾调解室”，对邻里纠纷做到随到随调。"]


def test_pdf_says_what_it_removed(imported):
    out = imported["pdf"][3]
    assert "已删除 4 行页眉、页脚和页码。" in out  # a running header and a page number per page


@pytest.mark.parametrize("name", ["scan", "png"])
def test_ocr(imported, text_pdf, name):
    """A scan and a photographed page: the same structure, the editor told to proofread, and
    `check` refusing every uncertain place until the editor has looked at it."""
    status, fields, body, out, repo = imported[name]
    assert status == 0, out
    assert "文字由 OCR（光学字符识别）得出" in out and "请对照原件逐句校对" in out
    pages = 2 if name == "scan" else 1
    assert f"正在识别第 {pages} 页（共 {pages} 页）的文字" in out
    assert fields["title"] == "松坪镇2025年法治政府建设年度报告"
    assert fields["unit"] == "songping" and fields["year"] == 2025
    headings = [line for line in body.split("\n") if line.startswith("#")]
    expected = HEADINGS if name == "scan" else HEADINGS[:4]
    assert [re.sub(r"【请核对：[^】]*】", "", h) for h in headings] == expected
    assert "澄岭县松坪镇人民政府文件" not in body and "— 1 —" not in body and not re.search(r"^\W*\d\W*$", body, re.MULTILINE)
    assert not SPACE_IN_CHINESE.search(body)
    marks = re.findall(r"【请核对：[^】]*】", next((repo / "reports").rglob("*.md")).read_text(encoding="utf-8"))
    assert len(placeholder_lines(repo)) == len(marks)
    assert f"其中 {len(marks)} 处识别把握不大" in out
    if name == "scan":
        clean = re.sub(r"【请核对：[^】]*】|#", "", body)
        cer = character_error_rate(clean, REPORT_BODY.replace("#", ""))
        print(f"OCR character error rate on the scanned report: {cer:.2%}")
        assert cer < 0.02


def test_ocr_marks_must_go(imported, tmp_path):
    """Once the editor deletes the marks (having checked the words), check has nothing left."""
    repo = imported["scan"][4]
    copy = shutil.copytree(repo, tmp_path / "repo")
    path = next((copy / "reports").rglob("*.md"))
    text = path.read_text(encoding="utf-8")
    assert "【请核对：" in text, "the fixture scan no longer has uncertain words: lower the resolution"
    path.write_text(re.sub(r"【请核对：[^】]*】", "", text), encoding="utf-8")
    assert placeholder_lines(copy) == []
    assert errors(load_corpus(load_site(copy), ["zh"]).problems) == []


@pytest.mark.parametrize("name", ["html", "html-tables"])
def test_saved_portal_page(imported, name):
    """Navigation, breadcrumb, share and print links, related links and footer go; the title,
    the portal's 发布时间 and the statistics table stay (also on a page laid out with tables,
    whose <title> adds column and site name)."""
    status, fields, body, out, _ = imported[name]
    assert status == 0, out
    assert fields["title"] == "河湾镇2025年法治政府建设年度报告"
    assert fields["unit"] == "hewan"
    assert fields["published"] == dt.date(2026, 2, 27)  # 发布时间 on the page
    assert fields["written"] == dt.date(2026, 2, 25)
    headings = [line for line in body.split("\n") if line.startswith("#")]
    assert headings == ["## 一、主要举措和成效", "### （一）规范行政执法行为", "### （二）化解基层矛盾纠纷",
                        "## 二、存在的不足和原因", "## 三、党政主要负责人履行推进法治建设第一责任人职责情况",
                        "## 四、2026年工作计划"]
    assert "| 类别 | 件数 | 调解成功 |\n| --- | --- | --- |\n| 邻里纠纷 | 52 | 51 |" in body
    for chrome in ("首页", "政务公开", "无障碍", "分享到", "打印本页", "关闭窗口", "相关链接", "松坪镇2025年",
                   "网站标识码", "主办", "浏览次数", "字体", "来源"):
        assert chrome not in body, chrome
    assert not SPACE_IN_CHINESE.search(body)
    assert body.endswith("澄岭县河湾镇人民政府\n2026年2月25日")


def test_mhtml(tmp_path):
    """A page saved as one file (网页，单个文件) reads as the .html it holds."""
    page = (FIXTURES / "portal-page.html").read_text(encoding="utf-8")
    mhtml = tmp_path / "page.mhtml"
    mhtml.write_bytes((b"From: <Saved by Blink>\nSubject: page\nMIME-Version: 1.0\n"
                       b'Content-Type: multipart/related; type="text/html"; boundary="B"\n\n--B\n'
                       b"Content-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n")
                      + _quoted_printable(page) + b"\n--B--\n")
    status, fields, body, out = import_into(make_repo(tmp_path / "repo"), mhtml)[:4]
    assert status == 0, out
    assert fields["title"] == "河湾镇2025年法治政府建设年度报告"
    assert "## 一、主要举措和成效" in body and "网站标识码" not in body


def _quoted_printable(text: str) -> bytes:
    return quopri.encodestring(text.encode("utf-8"))


# --- page furniture and paragraphs, by position ----------------------------------

def _page(*rows: tuple[str, float, float, float], height: float = 842) -> layout.Page:
    """Lines given as (text, left, right, top); 16 pt characters, 28 pt pitch."""
    return layout.Page(595, height, tuple(layout.Line(t, left, right, top, top + 16) for t, left, right, top in rows))


BODY_LINE = "一二三四五六七八九十一二三四五六七八九十一二三四五六七"  # 28 characters, a full line


@pytest.mark.parametrize("number", ["— 3 —", "- 3 -", "第3页 共8页", "第 3 页，共 8 页", "共8页 第3页", "3/8", "3",
                                    "一 3 一", "·3·"])
def test_page_numbers_go(number):
    pages = [_page(*[("甲乙"[i] + "子丑寅卯辰"[n] + BODY_LINE[2:], 80, 528, 100 + 28 * n) for n in range(5)],
                   (number.replace("3", str(i + 1)), 280, 320, 800)) for i in range(2)]
    lines, removed = layout.paragraphs(pages)
    assert removed == 2
    assert lines == ["".join("甲乙"[i] + "子丑寅卯辰"[n] + BODY_LINE[2:] for i in range(2) for n in range(5))]


def test_running_header_goes_but_not_a_repeated_body_line():
    """A line in the top margin of every page is a running header; the same words in the body
    stay."""
    body = [("一、澄岭县松坪镇人民政府文件", 112, 340, 300)] + [("子丑寅卯"[n] + BODY_LINE[1:], 80, 528, 328 + 28 * n)
                                                             for n in range(4)]
    pages = [_page(("澄岭县松坪镇人民政府文件", 74, 193, 18), *body) for _ in range(2)]
    lines, removed = layout.paragraphs(pages)
    assert removed == 2
    assert lines[0] == "一、澄岭县松坪镇人民政府文件" and lines[4] == lines[0]


def test_paragraphs_by_position():
    """Indent starts a paragraph, a short line ends one, a full line runs on (also over the page
    break), a two-line centred title stays one, a right-aligned signature line stands alone."""
    full, indented = (80, 528), (112, 528)
    page1 = _page(("松坪镇2025年法治政府建设工作情况和2026年工作安排的", 100, 508, 100),
                  ("年度报告", 270, 338, 128),
                  ("甲" * 26, *indented, 200), ("乙" * 28, *full, 228), ("丙" * 5, 80, 160, 256),
                  ("丁" * 26, *indented, 284), ("戊" * 28, *full, 312))
    page2 = _page(("己" * 10, 80, 240, 100),
                  # not justified: "2100" did not fit, the line ends early mid-sentence and runs on;
                  # ending as early with "。", it ends its paragraph (block paragraphs, no indent)
                  ("庚" * 20 + "参加群众", 112, 490, 128), ("2100余人次。" + "辛" * 22, *full, 156),
                  ("壬" * 22 + "。", 80, 490, 184), ("癸" * 10, 80, 240, 212),
                  ("澄岭县松坪镇人民政府", 300, 460, 300), ("2026年2月16日", 350, 456, 328))
    lines, _ = layout.paragraphs([page1, page2])
    assert [ln for ln in lines if ln] == [
        "松坪镇2025年法治政府建设工作情况和2026年工作安排的年度报告",
        "甲" * 26 + "乙" * 28 + "丙" * 5,
        "丁" * 26 + "戊" * 28 + "己" * 10,
        "庚" * 20 + "参加群众2100余人次。" + "辛" * 22 + "壬" * 22 + "。",
        "癸" * 10,
        "澄岭县松坪镇人民政府",
        "2026年2月16日",
    ]


def test_doubtful_words_marked():
    line = layout.Line("松府〔2026]4号", 255, 378, 159, 175, doubtful=("〔2026]",))
    assert line.shown() == "松府〔2026]4号【请核对：〔2026]】"


def test_marks_follow_their_words_through_conversion():
    """Taken out before detection, a mark comes back behind its words: in the title, in a
    heading that lost its colon, in the body; never dropped."""
    lines, marked = doubts.take(["松坪镇2025年法治政府建设年度报告【请核对：坪】", "",
                                 "一、主要举措和成效：【请核对：成效】", "", "第一句。(第二句)【请核对：二】"])
    assert "【" not in "".join(lines)
    fields: dict[str, object] = {"title": "松坪镇2025年法治政府建设年度报告"}
    body = doubts.put_back(fields, "## 一、主要举措和成效\n\n第一句。（第二句）", marked)
    assert fields["title"] == "松坪镇2025年法治政府建设年度报告【请核对：坪】"
    assert body == "## 一、主要举措和成效【请核对：成效】\n\n第一句。（第二句）【请核对：二】"
    assert doubts.put_back({}, "别的正文", marked).count("【请核对：") == 3


# --- programs that are not there -----------------------------------------------

@pytest.mark.parametrize(("suffix", "program", "package"), [
    (".doc", "soffice", "libreoffice-writer-nogui"),
    (".wps", "soffice", "libreoffice-writer-nogui"),
    (".png", "tesseract", "tesseract-ocr"),
])
def test_missing_program_named(tmp_path, monkeypatch, capsys, suffix, program, package):
    source = tmp_path / f"report{suffix}"
    source.write_bytes(b"\0")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert run_cli(make_repo(tmp_path / "repo"), "import", str(source)) == 2
    out = capsys.readouterr().out
    assert f"导入 {suffix} 文件需要程序 {program}，本机没有安装" in out
    assert f"sudo apt-get install {package}" in out


def test_unsupported_names_the_formats(tmp_path, capsys):
    source = tmp_path / "report.ofd"
    source.write_bytes(b"\0")
    assert run_cli(make_repo(tmp_path / "repo"), "import", str(source)) == 2
    assert "不支持 .ofd 文件：可导入 .docx、.doc、.wps、.pdf" in capsys.readouterr().out


def test_hanging_program_ended_with_its_children(tmp_path):
    """A converter that hangs (LibreOffice waiting on a dialog) is stopped after its time,
    together with what it started, and import reports it instead of waiting for ever."""
    marker = tmp_path / "still-running"
    script = f"(sleep 2; touch {marker}) & sleep 30"
    with pytest.raises(OSError, match="no result after 1 s"):
        programs.run(["bash", "-c", script], timeout=1)
    time.sleep(1.5)
    assert not marker.exists()
