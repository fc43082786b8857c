"""Reading controls, elder mode, keyboard and no-JavaScript reading (适老化).

Text size 小/中/大/特大 and 长者模式 are real buttons with aria-pressed, remembered across pages
and applied before the first paint; elder mode is measured in computed styles (line spacing,
contrast colours, underlined links, 44 px tap targets, focus ring); every page has a working
skip link and visible keyboard focus; without JavaScript the page reads normally and the
controls are out of the way; the largest text reflows on a 320 px screen.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from gongkai.locales import ui

DOC = "2024/county-gov-2024-report/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ROOT_PX = 20  # Material's root font size (125 %) below 100em
SCALES = {"s": 0.875, "m": 1.0, "l": 1.2, "xl": 1.4}
ELDER = 1.25


def new_page(browser, viewport=PHONE, storage: dict | None = None, js: bool = True):
    context = browser.new_context(viewport=viewport, java_script_enabled=js)
    if storage:
        items = ";".join(f"localStorage.setItem({k!r}, {v!r})" for k, v in storage.items())
        context.add_init_script(f"try {{ {items} }} catch (e) {{}}")
    return context, context.new_page()


def root_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def pressed(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '[data-gk-size-set],[data-gk-elder-toggle]')].map(b => [
        b.getAttribute('data-gk-size-set') || 'elder', b.getAttribute('aria-pressed')]))""")


# --- markup --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_has_the_controls_and_a_skip_link(built_site, lang):
    labels = ui(lang)
    prefix = "" if lang == "zh" else "en/"
    pages = [p for p in (built_site / prefix).rglob("index.html")
             if (lang == "en") == (p.relative_to(built_site).parts[0] == "en")
             and not {"print", "admin"} & set(p.relative_to(built_site).parts) and "search-index" not in p.parts]
    assert len(pages) > 20
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        skip = soup.select("a.gk-skip")
        assert len(skip) == 1 and skip[0]["href"] == "#gk-main", path
        assert skip[0].get_text(strip=True) == labels["skip_to_content"], path
        assert soup.select_one("article#gk-main"), path
        bar = soup.select_one(".gk-reading")
        assert bar is not None, path
        buttons = bar.select("button")
        assert [b.get_text(strip=True) for b in buttons] == [
            labels["reading_size_s"], labels["reading_size_m"], labels["reading_size_l"],
            labels["reading_size_xl"], labels["reading_elder"]], path
        assert all(b["type"] == "button" and b["aria-pressed"] in ("true", "false") for b in buttons), path
        # the stored choice is applied by an inline script in <head>, before any stylesheet
        head = soup.head
        first_script = head.find("script", src=False)
        assert first_script is not None and "gk-size" in first_script.string, path
        stylesheets = head.find_all("link", rel="stylesheet")
        assert stylesheets and first_script.sourceline < stylesheets[0].sourceline, path
        viewport = head.find("meta", attrs={"name": "viewport"})["content"]
        assert "user-scalable" not in viewport and "maximum-scale" not in viewport, path  # zoom works


def test_no_material_javascript_bundle(built_site):
    page = (built_site / DOC / "index.html").read_text(encoding="utf-8")
    assert "bundle." not in page and "gongkai-reading.js" in page


# --- the controls ----------------------------------------------------------------------------

def test_sizes_scale_the_text_and_are_remembered_across_pages(built_site, serve_dir, browser):
    base = serve_dir(built_site)
    context, page = new_page(browser)
    try:
        page.goto(f"{base}/{DOC}")
        assert root_px(page) == ROOT_PX
        assert pressed(page) == {"s": "false", "m": "true", "l": "false", "xl": "false", "elder": "false"}
        body_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.gk-body p')).fontSize)")
        sizes = {}
        for size, label in (("xl", "特大"), ("l", "大"), ("s", "小")):
            page.get_by_role("button", name=label, exact=True).click()
            assert root_px(page) == pytest.approx(ROOT_PX * SCALES[size], abs=0.1)
            assert pressed(page)[size] == "true" and list(pressed(page).values()).count("true") == 1
            sizes[size] = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.gk-body p')).fontSize)")
        assert sizes["s"] < body_px < sizes["l"] < sizes["xl"]
        page.get_by_role("button", name="大", exact=True).click()
        # remembered: another page, and the English side, open at 大
        for path in ("", "units/", f"en/{DOC}"):
            page.goto(f"{base}/{path}")
            assert page.evaluate("document.documentElement.dataset.gkSize") == "l", path
            assert root_px(page) == pytest.approx(ROOT_PX * 1.2, abs=0.1), path
            assert pressed(page)["l"] == "true" and pressed(page)["m"] == "false", path
        page.get_by_role("button", name="Medium", exact=True).click()
        page.goto(f"{base}/{DOC}")
        assert root_px(page) == ROOT_PX and pressed(page)["m"] == "true"
    finally:
        context.close()


def test_stored_choice_is_applied_before_the_body_is_parsed(built_site, serve_dir, browser):
    context, page = new_page(browser, storage={"gk-size": "xl", "gk-elder": "1"})
    try:
        context.add_init_script("""
            new MutationObserver((records, observer) => {
                if (document.body) {
                    const h = document.documentElement;
                    window.__atBody = {size: h.getAttribute('data-gk-size'), elder: h.classList.contains('gk-elder'),
                                       js: h.classList.contains('js')};
                    observer.disconnect();
                }
            }).observe(document, {childList: true, subtree: true});
        """)
        page.goto(f"{serve_dir(built_site)}/{DOC}")
        assert page.evaluate("window.__atBody") == {"size": "xl", "elder": True, "js": True}
        assert root_px(page) == pytest.approx(ROOT_PX * SCALES["xl"] * ELDER, abs=0.1)
        assert pressed(page) == {"s": "false", "m": "false", "l": "false", "xl": "true", "elder": "true"}
    finally:
        context.close()


# --- elder mode ------------------------------------------------------------------------------

TAP_TARGETS = """() => {
    const bad = [];
    const inline = el => el.closest('.gk-body p, .gk-body li, .gk-body td, .md-typeset p:not(.gk-actions):not(.gk-lead):not(.gk-edit):not(.gk-crumbs), .headerlink, .md-skip, .md-footer-meta .md-copyright');
    for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary, label[for^="__"]')) {
        if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        if (inline(el) && !el.matches('button, input, select')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (el.matches('input[type=checkbox], input[type=radio]') && el.classList.contains('md-toggle')) continue;
        if (r.height < 43.5 || r.width < 43.5)
            bad.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.value || '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return bad;
}"""

LINE_SPACING = """() => {
    const bad = [];
    const sel = '.gk-body p, .gk-body li, .gk-meta dd, .gk-meta dt, .gk-item > a, .gk-item__meta, .md-nav__link, .md-typeset h1, .md-typeset h2, .gk-crumbs, .md-copyright';
    for (const el of document.querySelectorAll(sel)) {
        if (!el.checkVisibility()) continue;
        const s = getComputedStyle(el);
        const ratio = parseFloat(s.lineHeight) / parseFloat(s.fontSize);
        if (!(ratio >= 1.5)) bad.push(`${el.tagName.toLowerCase()}.${el.className}: ${s.lineHeight} / ${s.fontSize}`);
    }
    return bad;
}"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_elder_mode(built_site, serve_dir, browser, viewport):
    base = serve_dir(built_site)
    context, page = new_page(browser, PHONE if viewport == "phone" else DESKTOP)
    try:
        page.goto(f"{base}/{DOC}")
        page.get_by_role("button", name="长者模式").click()
        assert pressed(page)["elder"] == "true"
        for path in (DOC, "", "2024/", "units/county-gov/", f"en/{DOC}", "compliance/2024/"):
            page.goto(f"{base}/{path}")
            assert page.evaluate("document.documentElement.classList.contains('gk-elder')"), path
            assert root_px(page) == pytest.approx(ROOT_PX * ELDER, abs=0.1), path
            assert page.evaluate(TAP_TARGETS) == [], path
            assert page.evaluate(LINE_SPACING) == [], path
            colours = page.evaluate("""() => [...document.querySelectorAll('article p, article li, article dd, article td')]
                .filter(e => e.checkVisibility()).map(e => getComputedStyle(e).color)""")
            assert colours and set(colours) <= {"rgb(0, 0, 0)", "rgb(26, 26, 26)"}, (path, set(colours))  # >= 17:1
            assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)", path
            links = page.locator("article a[href]:not(.headerlink):not(.md-button)")
            for i in range(min(links.count(), 8)):
                assert "underline" in links.nth(i).evaluate("e => getComputedStyle(e).textDecorationLine"), path
        # a larger size still applies on top of elder mode
        page.get_by_role("button", name="特大", exact=True).click()
        assert root_px(page) == pytest.approx(ROOT_PX * SCALES["xl"] * ELDER, abs=0.1)
        page.get_by_role("button", name="长者模式").click()
        assert root_px(page) == pytest.approx(ROOT_PX * SCALES["xl"], abs=0.1)
        assert not page.evaluate("document.documentElement.classList.contains('gk-elder')")
    finally:
        context.close()


@pytest.mark.parametrize("storage", [{}, {"gk-size": "xl", "gk-elder": "1"}], ids=["medium", "largest"])
def test_text_reflows_on_a_320px_screen(built_site, serve_dir, browser, storage):
    """WCAG 1.4.10: at 320 CSS px (a phone, or 400 % zoom) nothing needs sideways scrolling,
    except inside the scrolling table wrappers."""
    base = serve_dir(built_site)
    context, page = new_page(browser, {"width": 320, "height": 640}, storage)
    try:
        for path in (DOC, "", "2024/", "units/", "compliance/2024/"):
            page.goto(f"{base}/{path}")
            overflow = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(el => {
                if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
                if (el.closest('.md-sidebar')) return false;  // the closed drawer waits off-screen
                for (let a = el.parentElement; a; a = a.parentElement) {
                    const o = getComputedStyle(a).overflowX;
                    if (o === 'auto' || o === 'scroll' || o === 'hidden' && a !== document.documentElement && a !== document.body) return false;
                }
                const r = el.getBoundingClientRect();
                return r.width > 0 && (r.right > innerWidth + 1 || r.left < -1);
            }).map(el => el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right)).slice(0, 5)""")
            assert overflow == [], path
    finally:
        context.close()


# --- keyboard ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_skip_link_is_first_and_moves_focus_to_the_article(built_site, serve_dir, browser, lang):
    prefix = "" if lang == "zh" else "en/"
    context, page = new_page(browser, DESKTOP)
    try:
        for path in (DOC, "", "2024/", "units/county-gov/"):  # (the search page focuses its box)
            page.goto(f"{serve_dir(built_site)}/{prefix}{path}")
            page.keyboard.press("Tab")
            page.wait_for_timeout(400)  # Material's transition brings the link into view
            focused = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
                return {cls: e.className, text: e.textContent.trim(), visible: r.top >= 0 && r.bottom <= innerHeight
                        && r.width > 0 && getComputedStyle(e).opacity === '1'} }""")
            assert focused == {"cls": "md-skip gk-skip", "text": ui(lang)["skip_to_content"], "visible": True}, path
            page.keyboard.press("Enter")
            assert page.evaluate("location.hash") == "#gk-main", path
            assert page.evaluate("document.activeElement.id") == "gk-main", path
            page.keyboard.press("Tab")
            assert page.evaluate("!!document.activeElement.closest('#gk-main')"), path
    finally:
        context.close()


FOCUS_RING = """() => {
    const e = document.activeElement, s = getComputedStyle(e);
    return {tag: e.tagName.toLowerCase(), cls: String(e.className), text: (e.textContent || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 20),
            visible: e.matches(':focus-visible'),
            ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'};
}"""


def tab_through(page, limit: int = 150) -> list[dict]:
    """Press Tab until focus leaves the page; what had focus, in order."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_RING)
        if info["tag"] == "body":
            break
        seen.append(info)
    return seen


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_focusable_element_shows_a_focus_ring(built_site, serve_dir, browser, viewport):
    context, page = new_page(browser, PHONE if viewport == "phone" else DESKTOP)
    try:
        for path in ("", "2024/", "units/county-gov/", "compliance/2024/", "search/", f"en/{DOC}", DOC + "print/"):
            page.goto(f"{serve_dir(built_site)}/{path}")
            seen = tab_through(page)
            assert seen, path
            missing_ring = [s for s in seen if not (s["visible"] and s["ring"])]
            assert missing_ring == [], (path, missing_ring)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_keyboard_reaches_every_control_with_a_visible_focus_ring(built_site, serve_dir, browser, viewport):
    context, page = new_page(browser, PHONE if viewport == "phone" else DESKTOP)
    try:
        page.goto(f"{serve_dir(built_site)}/{DOC}")
        seen = tab_through(page)
        reached = {info["text"] for info in seen}
        missing_ring = [s for s in seen if not (s["visible"] and s["ring"])]
        assert missing_ring == [], missing_ring
        for label in ("小", "中", "大", "特大", "长者模式"):
            assert any(label == text.replace("✓", "").strip() for text in reached), label
        # operate the controls from the keyboard: Enter on 大, Space on 长者模式
        page.locator('[data-gk-size-set="l"]').focus()
        page.keyboard.press("Enter")
        page.locator("[data-gk-elder-toggle]").focus()
        page.keyboard.press(" ")
        assert pressed(page)["l"] == "true" and pressed(page)["elder"] == "true"
        info = page.evaluate(FOCUS_RING)
        assert info["ring"] and info["visible"]
        width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
        assert width >= 4  # elder mode: the stronger ring
    finally:
        context.close()


# --- without JavaScript ----------------------------------------------------------------------

def test_reading_without_javascript(built_site, serve_dir, browser):
    context, page = new_page(browser, PHONE, js=False)
    try:
        page.goto(f"{serve_dir(built_site)}/{DOC}")
        assert "no-js" in page.evaluate("document.documentElement.className")
        assert not page.locator(".gk-reading").is_visible()
        assert page.locator("h1").is_visible() and page.locator(".gk-body p").first.is_visible()
        assert root_px(page) == ROOT_PX
        text = page.locator(".gk-body").inner_text()
        assert len(re.sub(r"\s", "", text)) > 500
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "md-skip gk-skip"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "gk-main"
    finally:
        context.close()


def test_phone_menu_opens_and_closes_from_the_keyboard(built_site, serve_dir, browser):
    """Narrow screens: the closed drawer's links are never focused unseen; the menu button
    (Material's label) is reachable and works with Enter; Escape closes the menu again."""
    context, page = new_page(browser, PHONE)
    try:
        page.goto(f"{serve_dir(built_site)}/{DOC}")
        offscreen = page.evaluate("""() => {
            const found = [];
            for (const e of document.querySelectorAll('.md-sidebar--primary a[href]')) {
                e.focus();
                if (document.activeElement === e) found.push(e.textContent.trim());
            }
            return found }""")
        assert offscreen == []  # the closed drawer is out of the tab order
        page.evaluate("document.activeElement.blur()")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('gk-menu-button')"):
                break
        opener = page.evaluate("""() => { const e = document.activeElement;
            return [e.tagName, e.getAttribute('aria-expanded'), e.getAttribute('aria-label'), !!e.querySelector('svg')] }""")
        assert opener == ["BUTTON", "false", ui("zh")["menu"], True]
        assert page.locator('label[for="__drawer"].md-header__button').is_hidden()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        assert page.evaluate("document.getElementById('__drawer').checked")
        inside = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
            return !!e.closest('.md-sidebar--primary') && r.left >= 0 && r.right <= innerWidth }""")
        assert inside
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__drawer').checked")
        assert page.evaluate("document.activeElement.classList.contains('gk-menu-button')")
        assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
        page.locator(".gk-menu-button").click()  # a tap opens it too
        assert page.evaluate("document.getElementById('__drawer').checked")
    finally:
        context.close()
