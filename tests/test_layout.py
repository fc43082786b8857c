"""Phone-first layout, measured in Chromium on every page kind, in both languages, at 360, 768
and 1366 px, in normal, 特大 (extra large) and elder mode:

- no page scrolls sideways;
- no text wraps into a column narrower than four characters a line (measured per text node
  from its line boxes: characters / lines);
- every control is a tap target of at least 24 x 24 px (44 x 44 in elder mode), links inside
  running text excepted (WCAG 2.5.8);
- codes, dates and keywords in the metadata grid sit on one line inside their cell;
- on the home page at 360 px, every unit is one tap away within the first 1.5 screens,
  towns before departments (in normal and elder mode; with 特大 text the English home page
  needs two screens).

One browser context per width and mode; each page is measured by one page.evaluate.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WIDTHS = {360: 740, 768: 1024, 1366: 768}  # width: height
MODES = {"normal": {}, "xl": {"gk-size": "xl"}, "elder": {"gk-elder": "1"}}
DOC = "2025/county-gov-2025-report/"  # translated into English
PAGES = {  # kind: path below the language root
    "home": "", "archive": "archive/", "year": "2025/", "units": "units/", "unit": "units/songping/",
    "compliance": "compliance/", "compliance-year": "compliance/2025/", "document": DOC,
    "print": f"{DOC}print/", "search": "search/?q={query}", "guide": "guide/",
    "404": "404.html",
}
LANGS = {"zh": "", "en": "en/"}
QUERY = {"zh": "%E8%B0%83%E8%A7%A3", "en": "mediation"}  # 调解: results with excerpts

MEASURE = r"""
([elder, homeCheck]) => {
  const problems = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const where = el => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return el.tagName.toLowerCase() + id + cls;
  };
  const lines = rects => {
    const tops = [];
    for (const r of rects) {
      if (r.width < 1) continue;
      if (!tops.some(t => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
    }
    return tops.length;
  };

  // 1. sideways scroll
  const wide = document.documentElement.scrollWidth;
  if (wide > vw + 1) {
    const culprits = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > vw + 1 && shown(e))
      .slice(-3).map(where);
    problems.push(`scrolls sideways: ${wide} > ${vw} px (${culprits.join(', ')})`);
  }

  // 2. no text wraps in a block narrower than four characters (CJK: 4 em; Latin: about 2 em)
  const skip = 'script, style, noscript, pre, code, svg, select, option, .md-ellipsis';
  const clipped = el => { for (let a = el; a; a = a.parentElement) { const cs = getComputedStyle(a);
    if (cs.clip !== 'auto' || cs.clipPath !== 'none') return true; } return false; };
  const blockOf = el => { while (el.parentElement && /^(inline|contents)/.test(getComputedStyle(el).display)) el = el.parentElement; return el; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.replace(/\s+/g, ' ').trim();
    const parent = node.parentElement;
    if (text.length < 2 || !parent || parent.closest(skip) || !shown(parent)) continue;
    range.selectNodeContents(node);
    if (lines(range.getClientRects()) < 2) continue;
    const block = blockOf(parent);
    if (seen.has(block) || clipped(block)) continue;
    seen.add(block);
    const cs = getComputedStyle(block);
    const width = block.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const em = parseFloat(cs.fontSize);
    const four = /[\u3400-\u9fff]/.test(text) ? 4 * em : 2 * em;
    if (width < four - 0.5) {
      problems.push(`text block ${Math.round(width)} px wide, under four characters (${Math.round(four)} px): "${text.slice(0, 16)}" in ${where(block)}`);
    }
  }

  // 3. tap targets
  const min = elder ? 44 : 24;
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for]';
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.bottom <= 0 || r.left >= vw) continue;  // visually hidden, off-screen
    const cs = getComputedStyle(el);
    const block = el.parentElement && el.parentElement.closest('p, li, td, dd, h1, h2, h3, h4, blockquote, figcaption');
    const inText = cs.display === 'inline' && block && block.textContent.trim().length > el.textContent.trim().length + 1;
    if (inText) continue;  // a link inside running text (WCAG 2.5.8's inline exception)
    if (r.width < min - 0.5 || r.height < min - 0.5) {
      problems.push(`tap target ${Math.round(r.width)}x${Math.round(r.height)} < ${min}: ${where(el)} "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 16)}"`);
    }
  }

  // 4. metadata: a code, date or keyword on one line, inside its cell
  for (const part of document.querySelectorAll('.gk-meta__part')) {
    if (!shown(part) || getComputedStyle(part).whiteSpace !== 'nowrap') continue;
    range.selectNodeContents(part);
    const cell = part.closest('dd').getBoundingClientRect();
    const r = part.getBoundingClientRect();
    if (lines(range.getClientRects()) > 1 || r.right > cell.right + 1) {
      problems.push(`metadata value breaks or overflows its cell: "${part.textContent}"`);
    }
  }

  // 5. home: every unit one tap away within 1.5 screens
  let units = null;
  if (homeCheck) {
    const links = [...document.querySelectorAll('.gk-unit-grid a')];
    units = links.map(a => a.textContent.trim());
    for (const a of links) {
      const r = a.getBoundingClientRect();
      if (r.bottom + window.scrollY > 1.5 * vh) problems.push(`unit "${a.textContent.trim()}" ends at ${Math.round(r.bottom)} px, below 1.5 screens (${1.5 * vh} px)`);
    }
  }
  return {problems, units};
}
"""


def units_in_order(lang: str) -> list[str]:
    """The units' short names, towns first, in registry order within each type."""
    units = yaml.safe_load((REPO / "units.yml").read_text(encoding="utf-8"))["units"].values()
    ordered = [u for t in ("town", "department") for u in units if u["type"] == t]
    return [u.get("shorts", {}).get(lang, u["short"]) for u in ordered]


@pytest.fixture(scope="module")
def site_url(built_site, serve_dir, tmp_path_factory):
    """The site at its configured path (site_url's, e.g. /gongkai-site/), where the 404 page,
    whose links are absolute, finds its assets."""
    found = re.search(r'href="/([^"]*?)/?assets/stylesheets/gongkai\.css"', (built_site / "404.html").read_text("utf-8"))
    assert found, "404.html links our stylesheet"
    root = tmp_path_factory.mktemp("layout")
    if not found[1]:
        return serve_dir(built_site)
    (root / found[1]).parent.mkdir(parents=True, exist_ok=True)
    (root / found[1]).symlink_to(built_site, target_is_directory=True)
    return f"{serve_dir(root)}/{found[1]}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_kind_reads_on_this_screen(browser, site_url, width, mode):
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    stored = "".join(f"localStorage.setItem({k!r}, {v!r});" for k, v in MODES[mode].items())
    context.add_init_script(f"try {{ {stored} }} catch (e) {{}}")
    page = context.new_page()
    found: list[str] = []
    try:
        for lang, prefix in LANGS.items():
            for kind, path in PAGES.items():
                if kind == "404" and lang != "zh":
                    continue  # one 404 page for the whole site
                page.goto(f"{site_url}/{prefix}{path.format(query=QUERY[lang])}")
                if kind == "search":
                    page.wait_for_selector(".gk-search__results li", timeout=10_000)
                home = kind == "home" and width == 360 and mode != "xl"  # 特大 English needs 2 screens
                result = page.evaluate(MEASURE, [mode == "elder", home])
                found += [f"{lang} {kind}: {p}" for p in result["problems"]]
                if home:
                    assert result["units"] == units_in_order(lang), "towns first, then departments, every unit"
    finally:
        context.close()
    assert found == [], "\n".join(found)


def test_the_measure_finds_a_broken_layout(browser, site_url):
    """The measure is not blind: a squeezed metadata grid, a 10-px tap target and a wide table
    are each reported."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)  # to break it
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{DOC}")
        page.add_style_tag(content=".gk-meta__list { grid-template-columns: 2em 3em !important; }"
                                   ".gk-crumbs a { display: inline-block; min-height: 0; height: 10px; }")
        page.evaluate("document.querySelector('.gk-body').insertAdjacentHTML('afterbegin',"
                      "'<p style=\"width: 900px\">宽</p><p style=\"width: 2em\">一个字一行的段落</p>')")
        problems = page.evaluate(MEASURE, [False, False])["problems"]
    finally:
        context.close()
    text = "\n".join(problems)
    assert "scrolls sideways" in text
    assert any("under four characters" in p and "一个字一行" in p for p in problems)
    assert any(p.startswith("tap target") and "2025" in p for p in problems)
    assert "metadata value breaks or overflows its cell" in text
