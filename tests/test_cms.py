"""The web editor at /admin/ (gongkai/cms): generated configuration, the paste and front-matter
rules in JS against their Python originals, and end to end in Chromium against decap-server
on a temporary copy of the repository."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from gongkai.cms.admin import admin_files, admin_policy, bundle_dir
from gongkai.cms.config import cms_config
from gongkai.cms.settings import load_settings
from gongkai.content import dates, drafts
from gongkai.content.config import load_site
from gongkai.importing import structure, text
from gongkai.problems import ContentError

REPO = Path(__file__).resolve().parent.parent
STATIC = REPO / "gongkai" / "cms" / "static"
NODE_MODULES = REPO / "node_modules"

PASTE_SAMPLES = [
    ["2025年,松坪镇 在县委县政府 领导下,扎实推进法治政府建设 。", "一、主要举措和成效",
     "(一)深化“放管服”改革。全镇政务服务事项 100% 可网上办理。", "1.推进综合执法", "开展执法检查 12 次。"],
    ["二、存在的不足和原因:", "（二）法治宣传 不够 深入", "详见 https://example.org/a,b 和 mail@example.org。",
     "会议于 10:30 召开,共 1,000 人参加(线上)。", "Hello, world (draft)!", "- 第一项", "- 第二项"],
    ["三、党政主要负责人履行推进法治建设第一责任人职责情况", "（三）多轮次立体学。由镇党委书记带头，全年学法12次。",
     "四. 下一年度安排", "2、加强 队伍建设", "澄岭县松坪镇人民政府", "2026年3月2日"],
    # a PDF's hard-wrapped lines: joined back into paragraphs, headings and the date kept apart
    ["一、主要举措和成效", "（一）完善依法行政制度体系。全年共审查规范性文件 12 件，清理",
     "不符合上位法规定的文件 3 件，做到应审尽审、有件必备，保障了制度",
     "的合法性和统一性。全镇各村（社区）法律顾问覆盖率达到 100%，群",
     "众在家门口就能得到法律服务，矛盾纠纷化解在基层的比例明显提高，",
     "信访总量同比下降 15%，依法治理水平稳步提升，群众满意度持续上升。",
     "二、存在的不足和原因", "基层执法人员的专业素养还有待提高，部分执法文书不够规范，需要",
     "进一步加强培训和监督检查工作。", "2026年3月2日"],
]


def node(script: str, *args: str) -> str:
    proc = subprocess.run(["node", "-e", script, *args], capture_output=True, text=True, timeout=30, check=False,
                          env={**os.environ, "NODE_PATH": str(NODE_MODULES)})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def paste_by_import(lines: list[str]) -> str:
    """What `import` makes of these paragraphs (gongkai/importing/convert.py, the steps a paste
    shares: no portal chrome, title or signature detection)."""
    cleaned = [text.clean_spaces(ln) for ln in lines]
    joined = text.join_wrapped(cleaned, lambda ln: structure.starts_block(ln) or dates.is_date_line(ln),
                               structure.is_bare_heading)
    return "\n\n".join(structure.to_blocks([text.fix_punctuation(ln) for ln in joined]))


def test_paste_rules_match_the_importer():
    """The editor's Word paste gives what `import` gives for the same paragraphs."""
    script = (f"const p = require({json.dumps(str(STATIC / 'gongkai-paste.js'))});"
              "const samples = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(samples.map(s => p.linesToMarkdown(s))));")
    js = json.loads(node(script, json.dumps(PASTE_SAMPLES)))
    python = [paste_by_import(lines) for lines in PASTE_SAMPLES]
    assert js == python
    assert "## 一、主要举措和成效" in js[0] and "### （一）深化“放管服”改革" in js[0]
    assert "2025年，松坪镇在县委县政府领导下，扎实推进法治政府建设。" in js[0]
    assert "清理不符合上位法规定的文件3件，做到应审尽审" in js[3]  # hard-wrapped lines joined


FRONT_MATTER_SAMPLES = [
    {"title": "松坪镇2025年法治政府建设年度报告", "kind": "annual-report", "year": 2025, "unit": "songping",
     "published": "2026-03-02", "keywords": ["法治政府", "年度报告"], "summary": "概括：一两句话。"},
    {"title": "Yes", "kind": "announcement", "year": 2024, "unit": "hewan", "published": "2025-01-05",
     "written": "2025-01-03", "doc_no": "0012", "keywords": ["a, b", "[x]", "#tag", "null"],
     "summary": "- starts like a list: and has # a comment"},
    {"title": "标题: 带冒号", "kind": "interpretation", "year": 2025, "unit": "county-gov",
     "published": "2026-02-01", "doc_no": "澄府〔2025〕3号", "summary": "It's 'quoted' text", "keywords": []},
]


def test_front_matter_is_written_as_new_writes_it():
    script = (f"const f = require({json.dumps(str(STATIC / 'gongkai-frontmatter.js'))});"
              "const [samples, order] = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(samples.map(s => f.render({...s, body: '正文。'}, order))));")
    order = list(drafts.FIELD_ORDER)
    js = json.loads(node(script, json.dumps([FRONT_MATTER_SAMPLES, order])))
    import datetime as dt
    for sample, written in zip(FRONT_MATTER_SAMPLES, js):
        fields = {k: dt.date.fromisoformat(v) if k in ("published", "written") else v for k, v in sample.items()}
        assert written == drafts.render(fields, "正文。")


def test_a_new_unit_is_in_the_editor_with_no_second_edit(tmp_path):
    for name in ("gongkai.yml", "units.yml", "mkdocs.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    units = yaml.safe_load((tmp_path / "units.yml").read_text(encoding="utf-8"))
    units["units"]["xishan"] = {"name": "澄岭县西山镇人民政府", "short": "西山镇", "code": "11449900MB0000104F",
                                "type": "town"}
    (tmp_path / "units.yml").write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    (tmp_path / "node_modules").symlink_to(NODE_MODULES)
    files = admin_files(load_site(tmp_path), ["zh", "en"], "https://example.org/", tmp_path)
    config = yaml.safe_load(files["admin/config.yml"])
    report = next(c for c in config["collections"] if c["name"] == "annual-report")
    unit = next(f for f in report["fields"] if f["name"] == "unit")
    assert {"label": "西山镇（澄岭县西山镇人民政府）", "value": "xishan"} in unit["options"]
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    assert config["backend"]["base_url"] == "https://example.org"  # never Netlify's login service


@pytest.mark.parametrize("backend, workflow", [("forgejo", True), ("gitea", False)])
def test_forgejo_and_gitea_log_in_with_pkce(tmp_path, backend, workflow):
    for name in ("units.yml", "mkdocs.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / "gongkai.yml").write_text(
        "site_name: 澄岭县\nrepo_url: https://git.chengling.example/county/gongkai-site\n"
        f"cms_backend: {backend}\ncms_app_id: 2f6c0d3e-0000-4000-8000-000000000001\n", encoding="utf-8")
    site = load_site(tmp_path)
    settings = load_settings(site)
    config = cms_config(site, ["zh", "en"], "https://example.org/", settings, "en")
    assert config["backend"]["name"] == backend and config["backend"]["repo"] == "county/gongkai-site"
    assert config["backend"]["api_root"] == "https://git.chengling.example/api/v1"
    assert config["backend"]["app_id"] == "2f6c0d3e-0000-4000-8000-000000000001"  # no secret: PKCE
    # Decap has the editorial workflow for Forgejo, and refuses it for Gitea
    assert ("publish_mode" in config) == workflow
    assert config["locale"] == "en" and config["collections"][0]["label"] == "Annual report"
    policy = admin_policy(settings, "https://example.org/")
    assert "connect-src 'self' https://git.chengling.example;" in policy


def test_an_unknown_git_host_is_a_clear_error(tmp_path):
    for name in ("units.yml", "mkdocs.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / "gongkai.yml").write_text("site_name: 澄岭县\ncms_backend: gitlab\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(tmp_path)
    assert [p.format("zh") for p in caught.value.problems] == [(
        "gongkai.yml:2: [cms_backend] 错误: gongkai.yml 中 cms_backend 写的是“gitlab”，网页编辑器不认识这个代码托管平台。\n"
        "    修改方法: 改为 github, forgejo, gitea 之一：GitHub 写 github，Forgejo 写 forgejo，Gitea 写 gitea。")]


# --- end to end ---------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(root: Path, out: Path, env: dict[str, str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=root,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gongkai", "check"], cwd=root, capture_output=True,
                          text=True, timeout=120, check=False, env={**os.environ, "PYTHONPATH": str(root)})


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """A copy of the repository, its /admin/ for a checkout (as the hook writes it; the strict
    build comes after the edits), and decap-server writing to the copy."""
    if bundle_dir(REPO) is None:
        pytest.fail("Decap CMS is not installed: run npm ci (package-lock.json)", pytrace=False)
    root = tmp_path_factory.mktemp("repo")
    for name in ("reports", "docs", "overrides", "hooks", "gongkai", "schema"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("generated", "__pycache__"))
    for name in ("mkdocs.yml", "gongkai.yml", "units.yml"):
        shutil.copy(REPO / name, root / name)
    (root / "node_modules").symlink_to(NODE_MODULES)
    proxy = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_SITE_URL": "http://127.0.0.1:8000/",
           "GONGKAI_CMS_PROXY_PORT": str(proxy)}
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "overrides" / "assets", site / "assets")  # the preview's stylesheets
    for rel, content in admin_files(load_site(root), ["zh", "en"], env["GONGKAI_SITE_URL"], site, proxy).items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(content)
    server = subprocess.Popen(["node", str(NODE_MODULES / "decap-server" / "dist" / "index.js")], cwd=root,
                              env={**env, "PORT": str(proxy), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(root),
                                   "LOG_LEVEL": "warn"})
    try:
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", proxy), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield root, site, env
    finally:
        server.terminate()
        server.wait(timeout=10)


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<p class=MsoNormal>2025年,北岭乡 在县委县政府领导下,扎实推进法治政府建设 。</p>
<p class=MsoNormal><b>一、主要举措和成效</b></p>
<p class=MsoNormal>(一)深化“放管服”改革。全乡政务服务事项 100% 可网上办理。</p>
<p class=MsoNormal>1.推进综合执法</p><p class=MsoNormal>开展执法检查 12 次。</p>
<p class=MsoNormal>二、存在的不足和原因</p><p class=MsoNormal>法治宣传的针对性还不够强。</p>
<p class=MsoNormal>三、党政主要负责人履行推进法治建设第一责任人职责情况</p><p class=MsoNormal>乡党委书记带头学法。</p>
<p class=MsoNormal>四、下一年度推进法治政府建设的主要安排</p><p class=MsoNormal>继续推进行政执法规范化。</p>
</body></html>"""


def paste(page, html: str) -> None:
    editor = page.locator("[data-slate-editor]").first
    editor.click()
    page.keyboard.press("Control+A")
    page.wait_for_timeout(200)  # the editor takes the selection from the next selectionchange
    page.evaluate("""(html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', html.replace(/<[^>]+>/g, ''));
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", html)


def open_editor(page, url: str) -> None:
    """A fresh editor page (a new hash alone keeps the previous entry's draft)."""
    page.goto(url)
    page.reload()
    page.wait_for_selector("input[id^=title-field]")


def publish(page, path: Path) -> str:
    """Publish the entry open in the editor; the text decap-server then wrote to `path`."""
    before = path.read_text(encoding="utf-8") if path.exists() else None
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    deadline = time.time() + 15
    last = before
    while time.time() < deadline:
        page.wait_for_timeout(100)
        now = path.read_text(encoding="utf-8") if path.exists() else None
        if now and now != before and now == last:  # written, and no longer being written
            return now
        last = now
    page.screenshot(path="/tmp/cms-publish-failed.png")
    raise AssertionError(f"{path} not written; {sorted(p.name for p in path.parent.iterdir())}")


def test_editing_in_the_browser(editor, serve_dir, page):
    root, site, env = editor
    base = serve_dir(site)
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.set_default_timeout(45_000)  # Decap parses 5 MB of script; this machine is shared

    page.goto(f"{base}/admin/?lang=en")  # English is there too: Decap's strings and ours
    page.get_by_role("button", name="Login").wait_for()
    expect(page.locator("#gk-admin-lang")).to_have_text("中文")

    started = time.perf_counter()
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="登录").click()  # the local backend: no account
    page.wait_for_selector("text=全部文件")
    print(f"/admin/ ready in {time.perf_counter() - started:.1f} s")
    expect(page.get_by_text("年度报告").first).to_be_visible()
    expect(page.get_by_text("公告通知").first).to_be_visible()

    # a new annual report through the form
    page.goto(f"{base}/admin/#/collections/annual-report/new")
    page.wait_for_selector("label:has-text('发布机构')")
    page.fill("input[id^=title-field]", "北岭乡2025年法治政府建设年度报告")
    page.fill("input[id^=year-field]", "2025")
    page.click("input[id^=unit-field]")
    page.get_by_text("北岭乡（澄岭县北岭乡人民政府）").click()
    page.fill("input[id^=published-field]", "2026-03-02")
    page.fill("input[id^=keywords-field]", "法治政府,年度报告")
    page.fill("textarea[id^=summary-field]", "北岭乡2025年推进法治政府建设的主要举措、不足和下一年度安排。")
    page.click("input[id^=related-field]")
    page.keyboard.type("河湾镇2025")
    page.get_by_text("河湾镇2025年法治政府建设年度报告").last.click()
    paste(page, WORD_HTML + "<p>【请填写：发布机构全称】<br>【请填写：发布日期，如2026年3月2日】</p>")
    preview = page.frame_locator("iframe").first  # the site's stylesheets, the page's blocks
    expect(preview.locator(".gk-body h2").first).to_have_text("一、主要举措和成效")
    expect(preview.locator(".gk-meta__row--unit dd")).to_have_text("澄岭县北岭乡人民政府")
    expect(preview.locator(".gk-signature__date")).to_have_text("2026年3月2日")
    expect(preview.locator('link[href$="/assets/stylesheets/gongkai.css"]')).to_have_count(1)
    page.screenshot(path=str(root.parent / "admin-preview.png"))
    text_written = publish(page, root / "reports" / "2025" / "beiling-2025-report.md")
    assert text_written.startswith("---\ntitle: 北岭乡2025年法治政府建设年度报告\nkind: annual-report\nyear: 2025\n"
                                   "unit: beiling\npublished: 2026-03-02\nkeywords: [法治政府, 年度报告]\n")
    assert "## 一、主要举措和成效\n\n### （一）深化“放管服”改革\n\n全乡政务服务事项100% 可网上办理。" in text_written
    assert "2025年，北岭乡在县委县政府领导下，扎实推进法治政府建设。" in text_written
    assert "\nrelated: [2025/hewan-2025-report]\n---\n" in text_written  # picked by its title
    assert text_written.endswith("澄岭县北岭乡人民政府\n2026年3月2日\n")  # the signature, filled in

    # an existing report's title
    existing = root / "reports" / "2024" / "hewan-2024-report.md"
    old = existing.read_text(encoding="utf-8")
    open_editor(page, f"{base}/admin/#/collections/documents/entries/2024/hewan-2024-report")
    title = page.locator("input[id^=title-field]")
    page.wait_for_function("document.querySelector('input[id^=title-field]').value.includes('河湾镇2024')")
    title.fill("河湾镇2024年法治政府建设年度报告")
    new = publish(page, existing)
    assert new.replace("河湾镇2024年法治政府建设年度报告", "河湾镇2024年度法治政府建设工作报告", 1) == old

    # an English translation of an existing report
    open_editor(page, f"{base}/admin/#/collections/translations-en/new")
    page.click("input[id^=gk_original-field]")
    page.keyboard.type("河湾镇2025")
    page.get_by_text("河湾镇2025年法治政府建设年度报告").last.click()
    page.fill("input[id^=title-field]", "Hewan Town: Annual Report on Building a Rule-of-Law Government, 2025")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Hewan Town worked on the rule of law in 2025.")
    assert publish(page, root / "reports" / "2025" / "hewan-2025-report.en.md") == (
        "---\ntitle: 'Hewan Town: Annual Report on Building a Rule-of-Law Government, 2025'\n---\n\n"
        "Hewan Town worked on the rule of law in 2025.\n")

    assert hosts == {"127.0.0.1"}, hosts  # the site and the local proxy only
    result = check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    out = root.parent / "site-after"
    build(root, out, env)
    page_html = (out / "2025" / "beiling-2025-report" / "index.html").read_text(encoding="utf-8")
    assert "北岭乡2025年法治政府建设年度报告" in page_html and "深化“放管服”改革" in page_html
    assert (out / "en" / "2025" / "hewan-2025-report" / "index.html").is_file()
    assert_admin_apart(out)


def assert_admin_apart(site: Path) -> None:
    """/admin/ as the build writes it: its own policy, noindex, nothing of it anywhere else."""
    admin = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in admin
    assert "script-src &#x27;self&#x27; &#x27;unsafe-eval&#x27;;" in admin
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "zh_Hans" and config["local_backend"]["url"].startswith("http://127.0.0.1:")
    into_admin = re.compile(r'(?:src|href|<loc>)=?"?(?:[^"<]*/)?admin/|<script[^>]* src="[^"]*(?:decap|js-yaml)')
    assert not into_admin.search((site / "sitemap.xml").read_text(encoding="utf-8"))
    pages = [p for p in site.rglob("*.html") if p.parent.name != "admin"]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert policy and "unsafe" not in policy[1] and not into_admin.search(html), page
