"""axe-core finds no serious or critical violation on the pages residents use.

axe-core is npm's package, pinned in package.json / package-lock.json and installed by
`npm ci` (the Makefile's test target runs it); it is injected into each page with
Playwright's evaluate (DevTools evaluation: the page's Content-Security-Policy, which
refuses inline scripts, stays in force). Pages: home, a year archive, a unit page, a document page, its
print view and the search page (with a query), in Chinese and English, each in normal and in
elder mode (长者模式), on a phone screen and on a desktop screen. Fails, never skips, when
axe-core is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"  # keep in step with package.json

DOC = "2024/county-gov-2024-report/"  # translated into English: exists in both languages
PAGES = {
    "home": "",
    "year": "2024/",
    "unit": "units/county-gov/",
    "document": DOC,
    "print": DOC + "print/",
    "search": "search/?q=%E8%B0%83%E8%A7%A3",  # 调解
}
LANGS = {"zh": "", "en": "en/"}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run `npm ci` in {REPO} (package-lock.json pins axe-core "
                    f"{AXE_VERSION}); `make test` does it", pytrace=False)
    version = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert version == AXE_VERSION, f"axe-core {version} installed, {AXE_VERSION} expected: run `npm ci`"
    return str(AXE)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


def audit(browser, base: str, path: str, axe: str, elder: bool, viewport: dict) -> list[dict]:
    context = browser.new_context(viewport=viewport)
    try:
        if elder:
            context.add_init_script("try { localStorage.setItem('gk-elder', '1') } catch (e) {}")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/{path}", wait_until="load")
        if path.startswith(tuple(lang + "search/" for lang in LANGS.values())):
            # the results (or a status line) arrive after the script has searched
            page.wait_for_function(
                "() => { const s = document.querySelector('.gk-search__status');"
                " return !s || s.textContent.trim() !== '' }", timeout=15000)
        if elder and "print/" not in path:
            assert page.evaluate("document.documentElement.classList.contains('gk-elder')"), path
        page.evaluate(Path(axe).read_text(encoding="utf-8"))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations;
        }""")
        assert not errors, f"JavaScript errors on {path}: {errors}"
        return [v for v in result if v["impact"] in BLOCKING]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_axe_violations(built_site, serve_dir, browser, axe_source, lang, elder, viewport):
    base = serve_dir(built_site)
    failures = {}
    for name, path in PAGES.items():
        full = LANGS[lang] + path
        found = audit(browser, base, full, axe_source, elder, VIEWPORTS[viewport])
        if found:
            failures[f"{name} /{full}"] = describe(found)
    assert not failures, "\n".join(f"{page}:\n{text}" for page, text in failures.items())


def test_axe_sees_a_violation_when_there_is_one(built_site, serve_dir, browser, axe_source):
    """The harness works: a page made inaccessible on purpose is caught."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{serve_dir(built_site)}/{DOC}")
        page.evaluate("""() => {
            const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';  // no alt text: critical
            document.querySelector('.gk-body').prepend(img);
        }""")
        page.evaluate(Path(axe_source).read_text(encoding="utf-8"))
        ids = page.evaluate("async () => (await axe.run()).violations.map(v => v.id + ':' + v.impact)")
    finally:
        context.close()
    assert "image-alt:critical" in ids
