"""Search engine and search UI over a tiny hand-written site (no MkDocs build).

The fixture site renders the real templates (overrides/search.html, partials/search.html)
inside a stub of Material's page, with Material's CSS and our JS/CSS, indexes its documents
with gongkai.search.SearchIndex and drives it in Chromium: each kind of Chinese query,
filters, languages, the header entry with and without JavaScript, on a 360-px screen.
The index format and the term rules are checked against the browser engine's own code,
run by Node. Tests over the real sample site live in test_search_site.py.
"""
from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jinja2
import numpy as np
import pytest

from gongkai.locales import ui
from gongkai.search import IndexStats, SearchDocument, SearchIndex, SearchIndexError, codec
from gongkai.search.index import FORMAT, split_parts
from gongkai.search.terms import FOLLOW_BITS, SEPARATOR, doc_terms, fmix32, normalize, rules, word_hash

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = REPO / "overrides"
MATERIAL = Path(__import__("material").__file__).parent / "templates"

STUB_MAIN = """<!doctype html>
<html lang="{{ gk.lang }}"><head>{% block site_meta %}<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">{% endblock %}
<title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ base_url }}/assets/stylesheets/material.css">
{% block extrahead %}{% endblock %}
</head><body dir="ltr" data-md-color-primary="red" data-md-color-accent="red">
<header class="md-header md-header--shadow"><nav class="md-header__inner md-grid">
<a class="md-header__button md-logo" href="{{ base_url }}/">Logo</a>
<div class="md-header__title"><div class="md-header__ellipsis"><div class="md-header__topic">
<span class="md-ellipsis">澄岭县法治政府建设信息公开</span></div></div></div>
{% include "partials/search.html" %}
</nav></header>
<nav class="site-nav">首页 人民调解 法律明白人 上坪镇 行政执法 政策解读</nav>
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-content"><article class="md-content__inner md-typeset">
{% block content %}{% endblock %}
</article></div></div></main></div>
<footer>澄岭县人民政府办公室主办 调解 法律顾问</footer>
</body></html>"""

STUB_DOC = """{% extends "main.html" %}{% block content %}
<div class="gk-doc">
<p class="gk-crumbs">{{ doc.year }} › {{ doc.unit_short }} › {{ doc.kind_label }}</p>
<h1>{{ doc.title }}</h1>
{{ body }}
</div>{% endblock %}"""

STUB_HOME = """{% extends "main.html" %}{% block content %}
<h1>首页</h1><p>人民调解 化解 法律明白人 一村一法律顾问 行政执法 上坪镇 松坪镇：导航页面不进索引。</p>
{% endblock %}"""

# (slug, lang, title, unit, year, kind label, body paragraphs)
DOCS = [
    ("songping-2024-report", "zh", "松坪镇2024年法治政府建设年度报告", "松坪镇", 2024, "年度报告", [
        "2024年，松坪镇围绕依法行政推进法治政府建设。",
        "镇党委会审议重大事项前一律经过合法性审查，全年审查规范性文件3件。",
        "开展法律明白人培训2场，各村张贴普法宣传画。"]),
    ("shangping-2023-report", "zh", "上坪镇2023年法治政府建设年度报告", "上坪镇", 2023, "年度报告", [
        "上坪镇坚持和发展新时代枫桥经验，推进矛盾纠纷多元化解，把矛盾纠纷解决在基层。",
        "上坪镇综治中心建立多元化解工作台账，全年办结群众诉求112件。",
        # every pair of 人民调解, each followed as in it (好 sets 解's follow bit), not the string
        "存在的不足是部分干部依法行政能力有待提高。民调好评率上升，人民调度中心运转顺畅，纠纷经调解化解。"]),
    ("justice-2024-mingbairen", "zh", "县司法局关于开展“法律明白人”培训的通知", "县司法局", 2024, "公告通知", [
        "为深入实施“法律明白人”培养工程，县司法局决定开展法律明白人培训。",
        "培训对象为各乡镇推荐的法律明白人，上坪镇、松坪镇各推荐20名。",
        "培训内容包括民法典、法律明白人工作职责和常见纠纷处理方法。"]),
    ("hewan-2024-mediation", "zh", "河湾镇人民调解工作情况通报", "河湾镇", 2024, "公告通知", [
        "河湾镇人民调解委员会全年受理纠纷86件，调解成功84件。",
        "人民调解员队伍不断壮大，各村均设立调解室，调解工作规范化水平提高。",
        "下一步将继续加强人民调解与行政调解、司法调解的衔接。"]),
    ("county-2023-adviser", "zh", "《澄岭县一村一法律顾问工作办法》政策解读", "县人民政府", 2023, "政策解读", [
        "一村一法律顾问是指每个村（社区）聘请一名律师或基层法律服务工作者担任法律顾问。",
        "法律顾问参与人民调解，协助村民委员会依法处理村务。",
        "本办法自发布之日起施行，一村一法律顾问工作经费列入县财政预算。"]),
    ("xiaping-2022-enforcement", "zh", "下坪镇行政执法公示", "下坪镇", 2022, "公告通知", [
        "根据行政执法公示制度，现将下坪镇2022年行政执法信息公示如下。",
        "全年开展行政执法检查36次，行政执法人员均持证上岗。",
        "上坪村村民反映的问题已转交有关部门处理。"]),
    ("songping-2024-report", "en", "Songping Town 2024 Annual Report on Rule-of-Law Government",
     "Songping Town", 2024, "Annual report", [
        "In 2024 Songping Town advanced rule-of-law government.",
        "The town's people's mediation committees handled 86 disputes through mediation."]),
]


def _site_path(slug_year: int, slug: str, lang: str) -> str:
    return ("" if lang == "zh" else f"{lang}/") + f"{slug_year}/{slug}/"


def _render_site(root: Path) -> None:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.DictLoader({"main.html": STUB_MAIN, "doc.html": STUB_DOC, "home.html": STUB_HOME}),
            jinja2.FileSystemLoader(str(OVERRIDES)),
            jinja2.FileSystemLoader(str(MATERIAL)),
        ]),
        autoescape=False,
    )

    # MkDocs' `url` filter: a path relative to the site root, made relative to the page
    env.filters["url"] = jinja2.pass_context(lambda ctx, path: f"{ctx['base_url']}/{path}")

    def write(rel: str, template: str, lang: str, gk_extra: dict | None = None, **ctx) -> None:
        depth = rel.count("/")
        base_url = "/".join([".."] * depth) if depth else "."
        gk = {"ui": ui(lang), "lang": lang, "default_lang": "zh", **(gk_extra or {})}
        html = env.get_template(template).render(gk=gk, base_url=base_url, **ctx)
        out = root / rel / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")

    write("", "home.html", "zh", page={"title": "首页"})
    for lang in ("zh", "en"):
        facets = {"year": sorted({d[4] for d in DOCS if d[1] == lang}, reverse=True),
                  "unit": sorted({d[3] for d in DOCS if d[1] == lang}),
                  "kind": sorted({d[5] for d in DOCS if d[1] == lang})}
        write(("" if lang == "zh" else f"{lang}/") + "search/", "search.html", lang,
              page={"title": ui(lang).get("search_title", "搜索")}, gk_extra={"view": facets})
    for slug, lang, title, unit, year, kind, paras in DOCS:
        doc = {"title": title, "unit_short": unit, "year": year, "kind_label": kind}
        write(_site_path(year, slug, lang), "doc.html", lang, page={"title": title}, doc=doc, body=_body(paras))
    assets = root / "assets"
    (assets / "stylesheets").mkdir(parents=True)
    (assets / "javascripts").mkdir(parents=True)
    shutil.copy(next((MATERIAL / "assets" / "stylesheets").glob("main.*.min.css")),
                assets / "stylesheets" / "material.css")
    shutil.copy(OVERRIDES / "assets" / "stylesheets" / "gongkai-search.css", assets / "stylesheets")
    for script in ("gongkai-search.js", "gongkai-search-page.js", "gongkai-search-engine.js"):
        shutil.copy(OVERRIDES / "assets" / "javascripts" / script, assets / "javascripts")


def _body(paras: list[str]) -> str:
    # the "#" permalink MkDocs adds to headings is never indexed
    return '<h2 id="x">正文<a class="headerlink" href="#x">¶</a></h2>' + "\n".join(f"<p>{p}</p>" for p in paras)


def _index(root: Path) -> IndexStats:
    index = SearchIndex()
    for n, (slug, lang, title, unit, year, kind, paras) in enumerate(DOCS):
        index.add(lang, SearchDocument(url=_site_path(year, slug, lang), title=title, unit=unit, year=str(year),
                                       kind=kind, html=_body(paras), order=(-year, n)))
    return index.write(root, ["zh", "en"])


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> tuple[Path, IndexStats]:
    root = tmp_path_factory.mktemp("search-site")
    _render_site(root)
    return root, _index(root)


@pytest.fixture(scope="module")
def base(search_site, serve_dir) -> str:
    return serve_dir(search_site[0])


def _search(page, base: str, query: str, lang: str = "zh") -> list[dict]:
    """Type `query` into the search page's box, submit, wait for the results."""
    page.goto(f"{base}/{'' if lang == 'zh' else lang + '/'}search/")
    page.fill(".gk-search__input", query)
    page.press(".gk-search__input", "Enter")
    return _results(page)


def _results(page) -> list[dict]:
    page.wait_for_function(
        "() => { const s = document.querySelector('.gk-search__status').textContent;"
        " return document.querySelector('[data-gk-search]').getAttribute('aria-busy') !== 'true' && s }",
        timeout=20000)
    return page.eval_on_selector_all(".gk-result", """items => items.map(li => ({
        title: li.querySelector('.gk-result__title')?.textContent,
        href: li.querySelector('a')?.getAttribute('href'),
        meta: [...li.querySelectorAll('.gk-result__meta span')].map(s => s.textContent).join(' · '),
        excerpt: li.querySelector('.gk-result__excerpt')?.innerHTML,
        exact: !li.closest('.gk-search__fallback') }))""")


# --- the index -------------------------------------------------------------------

def test_index_has_each_languages_documents(search_site):
    root, stats = search_site
    assert stats.pages == {"zh": 6, "en": 1}
    for lang, count in stats.pages.items():
        manifest = json.loads((root / "search-index" / lang / "index.json").read_text(encoding="utf-8"))
        assert manifest["documents"] == len(manifest["table"]) == count
        folder = root / "search-index" / lang / manifest["version"]
        # every document has its parts, with its url and title
        for number, row in enumerate(manifest["table"]):
            parts = [json.loads((folder / "p" / f"{number}-{i}.json").read_text(encoding="utf-8"))
                     for i in range(row[3])]
            assert parts and all(p["url"].endswith("/") and p["title"] for p in parts)


def _postings(folder: Path, manifest: dict, ns: str, term: str, key: int, width: int) -> dict[int, list[int]]:
    """Postings of one term, read the way the browser reads them: document -> numbers."""
    bucket = int(fmix32(np.array([key], np.uint32))[0]) % manifest["buckets"][ns]
    terms = json.loads((folder / ns / f"{bucket}.json").read_text(encoding="utf-8"))
    numbers, doc, out = codec.decode(terms.get(term, "")), 0, {}
    for i in range(0, len(numbers), width):
        doc += numbers[i]
        out[doc] = numbers[i + 1:i + width]
    return out


def test_index_files_hold_what_the_browser_looks_up(search_site):
    root, _ = search_site
    manifest = json.loads((root / "search-index/zh/index.json").read_text(encoding="utf-8"))
    folder = root / "search-index/zh" / manifest["version"]

    def title(doc: int) -> str:
        return json.loads((folder / "p" / f"{doc}-0.json").read_text(encoding="utf-8"))["title"]

    pairs = _postings(folder, manifest, "b", "上坪", ord("上") << 16 | ord("坪"), 4)
    followed_by_zhen = [title(d) for d, (_, _, mask) in pairs.items() if mask >> (ord("镇") % FOLLOW_BITS) & 1]
    # 上坪 followed by 镇: exactly the documents with 上坪镇, newest first; 下坪镇's notice has
    # 上坪 only in 上坪村
    assert followed_by_zhen == ["县司法局关于开展“法律明白人”培训的通知", "上坪镇2023年法治政府建设年度报告"]
    assert "下坪镇行政执法公示" in [title(d) for d in pairs]
    songping = next(d for d in range(manifest["documents"]) if title(d).startswith("松坪镇"))
    tf_title, part = _postings(folder, manifest, "u", "松", ord("松"), 3)[songping]
    assert tf_title & 1 and part == 0  # in the title
    assert _postings(folder, manifest, "w", "2024", word_hash("2024"), 3)
    assert "¶" not in (folder / "p" / "0-0.json").read_text(encoding="utf-8")


def test_a_rebuild_replaces_the_index_and_is_identical(search_site, tmp_path):
    root, _ = search_site
    _index(tmp_path)
    _index(tmp_path)  # an old index is replaced, not mixed in
    before = {p.relative_to(root / "search-index"): p.read_bytes() for p in (root / "search-index").rglob("*") if p.is_file()}
    after = {p.relative_to(tmp_path / "search-index"): p.read_bytes() for p in (tmp_path / "search-index").rglob("*") if p.is_file()}
    assert before == after


def test_index_will_not_overwrite_a_foreign_folder(tmp_path):
    (tmp_path / "search-index").mkdir()
    (tmp_path / "search-index" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="not a search index"):
        SearchIndex().write(tmp_path, ["zh"])
    assert (tmp_path / "search-index" / "notes.txt").exists()


def test_codec_round_trip():
    numbers = [0, 1, 31, 32, 1023, 1024, 65535, 10**9, 2**32 - 1]
    chars, sizes = codec.encode(np.array(numbers, np.uint64))
    text = chars.tobytes().decode("ascii")
    assert codec.decode(text) == numbers and sizes.sum() == len(text)
    assert len(codec.encode(np.array([5, 2, 0]))[0]) == 3  # small numbers: one character each
    assert '"' not in text and "\\" not in text


def test_parts_keep_blocks_together_and_cut_long_ones():
    assert split_parts(["a" * 900, "b" * 900, "c" * 900], 2000) == [["a" * 900, "b" * 900], ["c" * 900]]
    # a long block is cut after punctuation or a space; with none, the pieces overlap by two
    assert split_parts(["甲" * 1900 + "，" + "乙" * 300], 2000) == [["甲" * 1900 + "，"], ["乙" * 300]]
    assert split_parts(["x" * 4500], 2000) == [["x" * 2000], ["x" * 2000], ["x" * 504]]


def test_terms_across_a_cut_block_are_found(tmp_path):
    index = SearchIndex()
    for n, text in enumerate(["甲" * 1998 + "人民调解" + "乙" * 10, "x " * 999 + "mediation"]):
        index.add("zh", SearchDocument(url=f"{n}/", title=f"文件{n}", unit="县", year="2024", kind="通知",
                                       html=f"<p>{text}</p>", order=(n,)))
    index.write(tmp_path, ["zh"])
    results = search_in_node(tmp_path / "search-index" / "zh", ["民调", "“人民调解”", "mediation"])
    assert [r["urls"] for r in results] == [[f"file://{tmp_path}/0/"]] * 2 + [[f"file://{tmp_path}/1/"]]
    assert all(r["exact"] for r in results)


def test_terms_of_chinese_and_other_text():
    vocabulary: dict[str, int] = {}
    terms = doc_terms(["推进“一村一法律顾问”，ＡＢＣ mediators 2024年", "上坪村 上坪镇"], "上坪镇报告", vocabulary)

    def row(table, key):
        i = int(np.searchsorted(table.keys, key))
        assert i < len(table.keys) and table.keys[i] == key, key
        return int(table.tf[i]), bool(table.title[i]), int(table.part[i])

    pair = lambda a, b: ord(a) << 16 | ord(b)
    assert row(terms.pairs, pair("法", "律")) == (1, False, 0)
    assert row(terms.pairs, pair("上", "坪")) == (3, True, 1)  # 2 in part 1, 1 in the title
    mask = int(terms.pairs.follow[np.searchsorted(terms.pairs.keys, pair("上", "坪"))])
    assert mask == (1 << ord("村") % FOLLOW_BITS) | (1 << ord("镇") % FOLLOW_BITS)
    assert pair("调", "解") not in terms.pairs.keys and pair("问", "ａ") not in terms.pairs.keys
    assert row(terms.unigrams, ord("村")) == (2, False, 0)  # 一村一, 上坪村
    words = {w: row(terms.words, k) for w, k in vocabulary.items()}
    assert words == {"abc": (1, False, 0), "mediator": (1, False, 0), "2024": (1, False, 0)}
    assert terms.length == len("推进一村一法律顾问年上坪村上坪镇上坪镇报告") + 3 + (1 + 6 + 0 + 2 + 2 + 4)


ENGINE_IN_NODE = """
const G = require(process.argv[1]);
const fs = require("fs"), url = require("url");
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
(async () => {
  const out = [];
  for (const q of queries) {  // a fresh engine per query: its own file downloads
    let files = 0;
    const get = (u) => {
      if (!/index\\.json$|\\/p\\//.test(u)) files++;
      return Promise.resolve(JSON.parse(fs.readFileSync(url.fileURLToPath(u), "utf8")));
    };
    const engine = await G.open(url.pathToFileURL(process.argv[2]).href + "/", {fetchJson: get});
    const r = await engine.search(q.query === undefined ? q : q.query, {filters: q.filters || {}});
    const data = await Promise.all(r.results.map((x) => x.data()));
    out.push({exact: r.exact, files, urls: data.map((d) => d.url), verified: data.map((d) => d.exact)});
  }
  process.stdout.write(JSON.stringify(out));
})();
"""


def search_in_node(index_dir: Path, queries: list) -> list[dict]:
    """Run the browser engine in Node over an index on disk: [{exact, files, urls, verified}]
    per query (a query: its text, or {query, filters}; files: the term files it fetched;
    verified: per result, whether its text holds the words as typed)."""
    node = shutil.which("node")
    assert node, "Node.js is needed by the tests (make test installs it with npm)"
    run = subprocess.run([node, "-e", ENGINE_IN_NODE, str(OVERRIDES / "assets/javascripts/gongkai-search-engine.js"),
                          str(index_dir)], input=json.dumps(queries), capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


WORDS = ["调解", "人民调解", "一村一法律顾问", "上坪镇", "ＡＢＣ１２３", "Mediators", "legal advisers",
         "2024年度报告", "mixed中文words", "café", "行政执法（试行）", "ｶﾀｶﾅ", "한국어", "𠀋𠀌𠀍", "Ⅻ章", "ﬁnal",
         "ΟΔΟϹ", "𠀋ies", "𐐨𐐨ing", "村民𱍐某"]


def test_the_browser_engine_finds_what_the_index_was_given(tmp_path):
    """Python (terms.py, index.py) and the browser engine agree on normalisation, terms and
    file names: every word, however typed, finds the one document that holds it."""
    index = SearchIndex()
    for n, word in enumerate(WORDS):
        index.add("zh", SearchDocument(url=f"{n}/", title=f"文件{n}", unit="县", year="2024", kind="通知",
                                       html=f"<p>这份文件写着：{word}。</p>", order=(n,)))
    index.write(tmp_path, ["zh"])
    typed = [w.upper() if w.isascii() else w for w in WORDS]
    for word, result in zip(WORDS, search_in_node(tmp_path / "search-index" / "zh", typed)):
        assert result["urls"][:1] == [f"file://{tmp_path}/{WORDS.index(word)}/"], (word, result)


EXCERPT_IN_NODE = """
const T = require(process.argv[1]).tokeniser(JSON.parse(process.argv[2]));
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([text, query]) =>
  T.excerpt([text], T.parse(query, false).map((w) => T.normalize(w.text)))
    .filter((p) => p[1]).map((p) => p[0]))));
"""


def test_excerpts_mark_numbers_and_letters_next_to_chinese():
    cases = [("在2024年全年推进ABC项目，２０２４年", "2024 abc"), ("mediators and remediation", "mediators")]
    run = subprocess.run([shutil.which("node"), "-e", EXCERPT_IN_NODE,
                          str(OVERRIDES / "assets/javascripts/gongkai-search-engine.js"), json.dumps(rules())],
                         input=json.dumps(cases), capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == [["2024", "ABC", "２０２４"], ["mediators"]]


TOKENS_IN_NODE = """
const G = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const T = G.tokeniser(input.rules), texts = input.texts;
const chars = [];
for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) chars.push(String.fromCharCode(c));
process.stdout.write(JSON.stringify({
  format: G.FORMAT,
  exports: Object.keys(G).sort(),
  folded: chars.map((c) => T.fold(c).text),
  runs: chars.map((c) => T.runs(c).map(([cjk, text]) => [cjk, cjk ? text : T.stem(text)])),
  texts: texts.map((t) => T.runs(t).map(([cjk, text]) => [cjk, cjk ? text : T.stem(text)])),
}));
"""


def _terms_of_runs(runs: list) -> Counter:
    """The index terms the engine's runs of a text stand for: each CJK character and pair of
    neighbours in a run, each (stemmed) word."""
    out: Counter = Counter()
    for cjk, text in runs:
        if cjk:
            out.update(("u", c) for c in text)
            out.update(("b", a + b) for a, b in itertools.pairwise(text))
        else:
            out[("w", text)] += 1
    return out


def _terms_in_python(text: str) -> Counter:
    vocabulary: dict[str, int] = {}
    terms = doc_terms([text], "", vocabulary)
    words = {key: word for word, key in vocabulary.items()}
    out: Counter = Counter()
    for key, tf in zip(terms.unigrams.keys.tolist(), terms.unigrams.tf.tolist()):
        out[("u", chr(key))] = tf
    for key, tf in zip(terms.pairs.keys.tolist(), terms.pairs.tf.tolist()):
        out[("b", chr(key >> 16) + chr(key & 0xFFFF))] = tf
    for key, tf in zip(terms.words.keys.tolist(), terms.words.tf.tolist()):
        out[("w", words[key])] = tf
    return out


def test_the_engine_cuts_text_as_the_index_does():
    """The engine's tokeniser, built from the manifest's rules, against terms.py: every BMP
    character on its own (folding and terms) and the sample reports' text (the vocabulary
    of real documents). Characters this Python's Unicode has not assigned yet may differ
    (a newer browser knows them): they are reported, not compared."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "reports").rglob("*.md"))]
    assert len(texts) > 5
    run = subprocess.run([shutil.which("node"), "-e", TOKENS_IN_NODE,
                          str(OVERRIDES / "assets/javascripts/gongkai-search-engine.js")],
                         input=json.dumps({"rules": rules(), "texts": texts}), capture_output=True, text=True,
                         check=True)
    node = json.loads(run.stdout)
    assert node["format"] == FORMAT
    assert node["exports"] == ["FORMAT", "open", "tokeniser", "unquoted"]  # nothing unused
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    newer = {c for c in chars if unicodedata.category(c) == "Cn"}
    assert len(newer) < 2000  # Python's Unicode assigns nearly all of the BMP
    unfolded = [c for c, js in zip(chars, node["folded"]) if c not in newer and js != normalize(c)]
    assert not unfolded, [f"U+{ord(c):04X}" for c in unfolded[:20]]
    # the characters on their own, 256 at a time (a separator keeps them apart), then one by
    # one where a group differs, to name them
    differ = []
    for start in range(0, len(chars), 256):
        group = [(c, node["runs"][start + i]) for i, c in enumerate(chars[start:start + 256]) if c not in newer]
        js: Counter = Counter()
        for _, runs in group:
            js.update(_terms_of_runs(runs))
        if js != _terms_in_python(SEPARATOR.join(c for c, _ in group)):
            differ += [c for c, runs in group if _terms_of_runs(runs) != _terms_in_python(c)]
    assert not differ, [f"U+{ord(c):04X}" for c in differ[:20]]
    for text, runs in zip(texts, node["texts"]):
        assert _terms_of_runs(runs) == _terms_in_python(text)


def test_an_index_of_another_format_is_refused_with_a_reason(tmp_path):
    _index(tmp_path)
    manifest = tmp_path / "search-index" / "zh" / "index.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "format": FORMAT + 1}), encoding="utf-8")
    script = """
const G = require(process.argv[1]);
G.open(require("url").pathToFileURL(process.argv[2]).href + "/", {fetchJson: (u) =>
  Promise.resolve(JSON.parse(require("fs").readFileSync(require("url").fileURLToPath(u), "utf8")))})
  .then(() => console.log("opened"), (e) => console.log(e.code));
"""
    run = subprocess.run([shutil.which("node"), "-e", script, str(OVERRIDES / "assets/javascripts/gongkai-search-engine.js"),
                          str(manifest.parent)], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "format"


def _follows_like(char: str) -> str:
    """A CJK character other than `char` that sets the same follow bit."""
    return next(c for c in "好音研查整处委和子试动" if c != char and ord(c) % FOLLOW_BITS == ord(char) % FOLLOW_BITS)


def test_a_page_with_the_pairs_but_not_the_string_is_not_an_exact_match(tmp_path):
    """The follow masks cannot tell 民调好 from 民调解 when 好 and 解 set the same bit: the
    engine checks the text it fetched for the excerpt and lists such a page apart."""
    twin = _follows_like("解")
    texts = {
        # 人民 followed by 调, 民调 by a character of 解's bit, 调解: every pair, not the string
        "0/": f"开展民调{twin}评测评，人民调度中心运转顺畅，矛盾纠纷经调解化解。",
        "1/": "全年人民调解纠纷86件。",
        "2/": "上坪村" + "。" * 2500 + "人民调解委员会设在上坪镇。",  # 上坪 first in part 0, 上坪镇 in part 1
    }
    index = SearchIndex()
    for n, (url, text) in enumerate(texts.items()):
        index.add("zh", SearchDocument(url=url, title=f"文件{n}", unit="上坪镇" if n != 1 else "河湾镇",
                                       year="2024", kind="通知", html=f"<p>{text}</p>", order=(n,)))
    index.write(tmp_path, ["zh"])
    site = f"file://{tmp_path}/"
    everywhere, unit, town = search_in_node(tmp_path / "search-index" / "zh", [
        "人民调解", {"query": "人民调解", "filters": {"unit": "上坪镇"}}, "上坪镇"])
    assert everywhere["exact"] and set(everywhere["urls"]) == {site + u for u in texts}
    assert dict(zip(everywhere["urls"], everywhere["verified"])) == {site + "0/": False, site + "1/": True,
                                                                      site + "2/": True}
    assert dict(zip(unit["urls"], unit["verified"])) == {site + "0/": False, site + "2/": True}
    assert town["urls"] == [site + "2/"] and town["verified"] == [True]  # found in its second part


def test_punctuation_finds_nothing_and_a_pasted_sentence_stays_small(tmp_path, monkeypatch):
    monkeypatch.setattr("gongkai.search.index.FILE_BYTES", 40)  # about a file per term
    _index(tmp_path)
    sentence = "河湾镇人民调解委员会全年受理纠纷86件，调解成功84件。人民调解员队伍不断壮大，各村均设立调解室，调解工作规范化水平提高。"
    none, word, pasted = search_in_node(tmp_path / "search-index" / "zh", ["，。？", "人民调解", sentence])
    assert none["urls"] == []
    assert word["files"] == 3  # 人民, 民调, 调解
    assert 10 < pasted["files"] <= 16 and pasted["urls"][:1] == [f"file://{tmp_path}/2024/hewan-2024-mediation/"]


# --- Chinese queries --------------------------------------------------------------

@pytest.mark.parametrize(("query", "first", "absent"), [
    ("调解", "河湾镇人民调解工作情况通报", []),                                 # two characters
    ("化解", "上坪镇2023年法治政府建设年度报告", ["河湾镇人民调解工作情况通报"]),   # inside 多元化解
    ("人民调解 法律顾问", "《澄岭县一村一法律顾问工作办法》政策解读",             # several words: all
     ["河湾镇人民调解工作情况通报", "松坪镇2024年法治政府建设年度报告"]),
    ("法律明白人", "县司法局关于开展“法律明白人”培训的通知", ["河湾镇人民调解工作情况通报"]),
    ("一村一法律顾问", "《澄岭县一村一法律顾问工作办法》政策解读", []),
    ("行政执法", "下坪镇行政执法公示", ["河湾镇人民调解工作情况通报"]),
])
def test_query_finds_the_right_document_first(page, base, query, first, absent):
    results = _search(page, base, query)
    titles = [r["title"] for r in results]
    assert titles and titles[0] == first, titles
    for title in absent:
        assert title not in titles
    assert "<mark>" in results[0]["excerpt"]
    assert page.text_content(".gk-search__status") == f"找到 {len(titles)} 条结果" or len(titles) == 5


def test_town_name_is_run_as_the_unit_filter(page, base):
    results = _search(page, base, "上坪镇")
    assert [r["title"] for r in results] == ["上坪镇2023年法治政府建设年度报告"]
    assert "上坪镇" in page.text_content(".gk-search__note")
    # the note offers the full-text search, which also finds documents that mention the town,
    # and never 下坪镇's notice, which names 上坪村 and 下坪镇 but not 上坪镇
    page.click(".gk-search__all")
    titles = [r["title"] for r in _results(page)]
    assert titles == ["上坪镇2023年法治政府建设年度报告", "县司法局关于开展“法律明白人”培训的通知"]


def test_words_typed_without_spaces_fall_back_to_their_characters(page, base):
    results = _search(page, base, "人民调解法律顾问")
    assert [(r["title"], r["exact"]) for r in results] == [("《澄岭县一村一法律顾问工作办法》政策解读", False)]
    assert page.text_content(".gk-search__fallback .gk-search__note") == ui("zh")["search_exact_fallback"]
    assert "<mark>法律</mark>" in results[0]["excerpt"]


def test_a_unit_named_in_the_query_shows_in_the_unit_select(page, base):
    _search(page, base, "上坪镇")
    assert page.input_value("select[name=unit]") == "上坪镇"
    assert parse_qs(urlparse(page.url).query) == {"q": ["上坪镇"]}  # reopened, the query names it again
    page.select_option("select[name=year]", "2023")  # another filter keeps the unit named
    assert [r["title"] for r in _results(page)] == ["上坪镇2023年法治政府建设年度报告"]
    assert page.input_value("select[name=unit]") == "上坪镇"
    page.select_option("select[name=year]", "")
    page.click(".gk-search__all")  # search everywhere: the select lets the unit go
    assert len(_results(page)) == 2 and page.input_value("select[name=unit]") == ""
    page.fill(".gk-search__input", "调解")  # a new query is not held to the old query's unit
    page.press(".gk-search__input", "Enter")
    assert len(_results(page)) >= 3 and page.input_value("select[name=unit]") == ""
    _search(page, base, "上坪镇")
    page.fill(".gk-search__input", "")  # the query cleared: its unit goes with it
    page.press(".gk-search__input", "Enter")
    page.wait_for_function("() => !document.querySelector('.gk-search__status').textContent")
    assert page.input_value("select[name=unit]") == "" and not page.query_selector_all(".gk-result")


def test_a_unit_name_one_character_off_is_offered(page, base):
    assert _search(page, base, "松平镇") == []
    offer = page.locator(".gk-search__note--suggest")
    assert offer.text_content() == "您是不是要找：松坪镇"
    offer.locator("button").click()
    assert [r["title"] for r in _results(page)] == ["松坪镇2024年法治政府建设年度报告"]
    assert page.input_value(".gk-search__input") == "松坪镇" and page.input_value("select[name=unit]") == "松坪镇"
    assert not page.is_visible(".gk-search__note--suggest")
    _search(page, base, "松平镇 法律明白人")  # a part of a longer query
    page.click(".gk-search__note--suggest button")
    assert [r["title"] for r in _results(page)] == ["松坪镇2024年法治政府建设年度报告"]
    assert _search(page, base, "调解") and not page.is_visible(".gk-search__note--suggest")


@pytest.mark.parametrize("path", ["unit named", "everywhere", "url", "words alone"])
def test_a_page_with_every_pair_but_not_the_words_is_never_an_exact_match(page, base, path):
    """上坪镇's report has 人民调度, 民调好 and 调解 (好 sets 解's follow bit) but not 人民调解:
    the index matches it; the page lists it under the fallback note, by every path."""
    shangping = "上坪镇2023年法治政府建设年度报告"
    if path == "url":
        page.goto(f"{base}/search/?q=%E4%BA%BA%E6%B0%91%E8%B0%83%E8%A7%A3&unit=%E4%B8%8A%E5%9D%AA%E9%95%87")
        results = _results(page)
    else:
        results = _search(page, base, "人民调解" if path == "words alone" else "上坪镇人民调解")
    if path == "everywhere":  # 上坪镇人民调解 as one string: no document has it
        page.click(".gk-search__all")
        results = _results(page)
        assert not [r for r in results if r["exact"]]
    elif path == "words alone":
        assert [r["title"] for r in results if r["exact"]] == ["河湾镇人民调解工作情况通报",
                                                                "《澄岭县一村一法律顾问工作办法》政策解读"]
        assert [r["title"] for r in results if not r["exact"]] == [shangping]
        assert page.text_content(".gk-search__status") == "找到 2 条结果"
        assert page.text_content(".gk-search__fallback .gk-search__note") == ui("zh")["search_exact_partial"]
    else:
        assert [(r["title"], r["exact"]) for r in results] == [(shangping, False)]
        assert page.text_content(".gk-search__status") == ui("zh")["search_exact_none"]
        assert page.text_content(".gk-search__fallback .gk-search__note") == ui("zh")["search_exact_fallback"]
        assert page.input_value("select[name=unit]") == "上坪镇"


def test_quoted_words_must_stand_together(page, base):
    assert [r["title"] for r in _search(page, base, "“上坪镇”")] == [
        "上坪镇2023年法治政府建设年度报告", "县司法局关于开展“法律明白人”培训的通知"]
    assert _search(page, base, "\"坪镇综治中心\"")[0]["title"] == "上坪镇2023年法治政府建设年度报告"


def test_town_name_with_more_words(page, base):
    results = _search(page, base, "松坪镇 法律明白人")
    assert [r["title"] for r in results] == ["松坪镇2024年法治政府建设年度报告"]


# --- results and filters --------------------------------------------------------------

def test_result_shows_title_unit_year_excerpt_and_links_to_the_page(page, base):
    results = _search(page, base, "法律明白人")
    top = results[0]
    assert top["meta"] == "县司法局 · 2024 · 公告通知"
    assert re.search(r"<mark>法律明白人</mark>|<mark>法律</mark>", top["excerpt"])
    page.click(".gk-result a >> nth=0")
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/2024/justice-2024-mingbairen/"
    assert page.text_content("h1") == "县司法局关于开展“法律明白人”培训的通知"


def test_filters_narrow_by_unit_year_and_kind(page, base):
    results = _search(page, base, "法律")
    assert len(results) == 3
    options = page.eval_on_selector_all("select[name=unit] option", "os => os.map(o => o.value)")
    assert {"松坪镇", "上坪镇", "河湾镇", "县司法局", "县人民政府", "下坪镇"} <= set(options)
    assert page.eval_on_selector_all("select[name=year] option", "os => os.map(o => o.value)")[1:] == [
        "2024", "2023", "2022"]
    assert set(page.eval_on_selector_all("select[name=kind] option", "os => os.map(o => o.value)")[1:]) == {
        "年度报告", "公告通知", "政策解读"}
    page.select_option("select[name=unit]", "县人民政府")
    assert [r["title"] for r in _results(page)] == ["《澄岭县一村一法律顾问工作办法》政策解读"]
    assert parse_qs(urlparse(page.url).query) == {"q": ["法律"], "unit": ["县人民政府"]}
    page.select_option("select[name=unit]", "")
    page.select_option("select[name=year]", "2024")
    assert {r["title"] for r in _results(page)} == {
        "县司法局关于开展“法律明白人”培训的通知", "松坪镇2024年法治政府建设年度报告"}
    page.select_option("select[name=kind]", "公告通知")
    results = _results(page)
    assert [(r["title"], r["meta"]) for r in results] == [
        ("县司法局关于开展“法律明白人”培训的通知", "县司法局 · 2024 · 公告通知")]
    assert parse_qs(urlparse(page.url).query) == {"q": ["法律"], "year": ["2024"], "kind": ["公告通知"]}


def test_filter_lists_are_the_languages_own(page, base):
    _search(page, base, "mediation", lang="en")
    assert page.eval_on_selector_all("select[name=unit] option", "os => os.map(o => o.value)") == [
        "", "Songping Town"]


def test_filters_from_the_url(page, base):
    page.goto(f"{base}/search/?q=%E6%B3%95%E5%BE%8B&year=2023")
    titles = [r["title"] for r in _results(page)]
    assert titles == ["《澄岭县一村一法律顾问工作办法》政策解读"]
    assert page.input_value("select[name=year]") == "2023"


def test_a_filter_without_words_lists_that_unit_newest_first(page, base):
    page.goto(f"{base}/search/?unit=%E6%9D%BE%E5%9D%AA%E9%95%87")  # 松坪镇
    assert [r["title"] for r in _results(page)] == ["松坪镇2024年法治政府建设年度报告"]
    page.select_option("select[name=unit]", "县司法局")
    assert [r["title"] for r in _results(page)] == ["县司法局关于开展“法律明白人”培训的通知"]


def test_only_the_page_language_is_searched(page, base):
    assert [r["title"] for r in _search(page, base, "mediation", lang="en")] == [
        "Songping Town 2024 Annual Report on Rule-of-Law Government"]
    assert _search(page, base, "Songping") == []
    assert _search(page, base, "调解", lang="en") == []


def test_no_search_download_before_searching_and_no_third_party(page, base):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/2024/songping-2024-report/")
    page.goto(f"{base}/search/")
    page.wait_for_timeout(300)
    assert not [u for u in requests if "/search-index/" in u or "engine" in u]
    page.fill(".gk-search__input", "调解")
    page.press(".gk-search__input", "Enter")
    _results(page)
    index = [u.split("/search-index/")[1] for u in requests if "/search-index/" in u]
    # the manifest, the one term file of 调解, and a part of each result shown (5 at most)
    assert index[0] == "zh/index.json" and len([u for u in index if "/b/" in u]) == 1
    assert 1 <= len([u for u in index if "/p/" in u]) <= 5 and len(index) <= 7, index
    assert all(u.startswith(base) for u in requests), [u for u in requests if not u.startswith(base)]


def test_a_failed_download_opens_the_index_again_once_then_says_so(page, base):
    """A deploy while the search page is open replaces every index file: the page opens the
    index afresh once; if downloads still fail, it says so and stops looking busy."""
    manifests, failures = [], {"left": 1}
    page.on("request", lambda r: manifests.append(r.url) if r.url.endswith("/index.json") else None)

    def flaky(route):
        if failures["left"]:
            failures["left"] -= 1
            route.abort()
        else:
            route.continue_()

    page.route("**/search-index/zh/*/p/**", flaky)
    results = _search(page, base, "调解")
    assert results and results[0]["title"] == "河湾镇人民调解工作情况通报"
    assert len(manifests) == 2
    failures["left"] = 10 ** 6  # from now on every part fails
    page.fill(".gk-search__input", "法律")
    page.press(".gk-search__input", "Enter")
    assert _results(page) == []
    assert page.text_content(".gk-search__status") == ui("zh")["search_status_error"]
    assert page.is_visible(".gk-search__more")  # to try again


def test_an_index_newer_than_the_engine_asks_for_a_reload(page, base):
    """A browser holding an older build's engine meets a newer index: it says so, in the
    page's language, instead of misreading the files."""
    def newer(route):
        data = json.loads(route.fetch().text())
        route.fulfill(json={**data, "format": data["format"] + 1})

    page.route("**/search-index/*/index.json", newer)
    for lang in ("zh", "en"):
        assert _search(page, base, "调解" if lang == "zh" else "mediation", lang=lang) == []
        assert page.text_content(".gk-search__status") == ui(lang)["search_status_format"]


# --- the header entry ------------------------------------------------------------------

def test_header_entry_by_keyboard_on_a_wide_screen(page, base):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/2024/songping-2024-report/")
    assert page.is_visible(".gk-hsearch__input") and not page.is_visible(".gk-hsearch__open")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.className") == "gk-hsearch__input"
    page.keyboard.type("法律明白人")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert _results(page)[0]["title"] == "县司法局关于开展“法律明白人”培训的通知"
    assert page.input_value(".gk-search__input") == "法律明白人"


def test_header_entry_on_a_360px_screen(page, base):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/2024/songping-2024-report/")
    assert page.is_visible(".gk-hsearch__open") and not page.is_visible(".gk-hsearch__input")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click(".gk-hsearch__open")
    assert page.is_visible(".gk-hsearch__input")
    box = page.locator(".gk-hsearch__form").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.keyboard.press("Escape")
    assert not page.is_visible(".gk-hsearch__input")
    page.click(".gk-hsearch__open")
    page.keyboard.type("调解")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert _results(page)[0]["title"] == "河湾镇人民调解工作情况通报"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_search_page_fits_a_360px_screen(page, base):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/search/?q=%E8%B0%83%E8%A7%A3")
    _results(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for sel in (".gk-search__input", ".gk-search__submit", "select[name=unit]", ".gk-result a >> nth=0"):
        box = page.locator(sel).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, sel


def test_header_entry_without_javascript(browser, base):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{base}/2024/songping-2024-report/")
        assert page.get_attribute(".gk-hsearch__open", "href") == "../../search/"
        page.click(".gk-hsearch__open")
        page.wait_for_url(f"{base}/search/")
        assert page.is_visible(".gk-search__noscript")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{base}/2024/songping-2024-report/")
        page.fill(".gk-hsearch__input", "调解")
        page.press(".gk-hsearch__input", "Enter")  # a plain GET form
        page.wait_for_url("**/search/?q=*")
        assert parse_qs(urlparse(page.url).query) == {"q": ["调解"]}
    finally:
        context.close()
