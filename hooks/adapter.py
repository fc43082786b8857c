"""MkDocs adapter: wires MkDocs events to the gongkai core. No domain logic lives here.

Loaded (and on every `mkdocs serve` rebuild reloaded) by hooks/gongkai_hooks.py, which owns
the event priorities. mkdocs-static-i18n builds every extra language by calling MkDocs'
build() again from its on_post_build, so each event runs once per language.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from gongkai.cms.admin import admin_files
from gongkai.cms.settings import DEFAULT_PROXY_PORT
from gongkai.content.corpus import STAGED_DIR
from gongkai.content.model import DEFAULT_LANG
from gongkai.locales import t
from gongkai.problems import ContentError
from gongkai.rendering import render, sanitize
from gongkai.rendering.bodycheck import html_problems
from gongkai.rendering.csp import with_policy
from gongkai.rendering.escape import escaped
from gongkai.search import SearchIndexError
from gongkai.site.pages import DOCUMENT, PageRef, ref_of
from gongkai.site.paths import is_editors_page, lang_prefix
from gongkai.site.sitebuild import SiteBuild
from gongkai.site.stage import localized, published_dest
from gongkai.site.views import Alternate

log = logging.getLogger("mkdocs.hooks.gongkai")
_build: SiteBuild | None = None
_site_dirs: tuple[Path, Path] | None = None  # (where the site goes, where it is built first)


def _i18n(config: MkDocsConfig) -> Any:  # mkdocs-static-i18n's plugin, which has no type information
    return config.plugins.get("i18n")


def _language(config: MkDocsConfig) -> str:
    plugin = _i18n(config)
    return (plugin.current_language if plugin else None) or "zh"


def outer_build(config: MkDocsConfig) -> bool:
    """False inside the builds mkdocs-static-i18n runs for the other languages."""
    plugin = _i18n(config)
    return not (plugin and plugin.building)


def _languages(config: MkDocsConfig) -> list[str]:
    plugin = _i18n(config)
    if not plugin:
        return ["zh"]
    return [lang.locale for lang in plugin.config.languages if lang.build]


def on_config(config: MkDocsConfig, serving: bool = False) -> MkDocsConfig:
    global _build
    # the same Markdown as `check` renders (gongkai/rendering/render.py)
    config.markdown_extensions = list(render.EXTENSIONS)
    config.mdx_configs = {name: dict(options) for name, options in render.EXTENSION_CONFIGS.items()}
    if outer_build(config) and not serving:
        _build_aside(config)
    if _build is None or outer_build(config):
        try:
            _build = SiteBuild(Path(config.config_file_path).parent, _languages(config), config.site_url or "")
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        for problem in _build.warnings:  # never fail the build (strict mode fails on warnings)
            log.info(problem.format())
        _build.stage(Path(config.docs_dir) / STAGED_DIR)
    config.nav = [f"{STAGED_DIR}/{path}" for path in _build.nav()] + _extra_nav(config)
    return config


def _build_aside(config: MkDocsConfig) -> None:
    """Build into a hidden sibling folder; only a finished build replaces site/ (on_post_build),
    so a failure midway leaves the previous site complete for any deploy that picks it up."""
    global _site_dirs
    final = Path(config.site_dir)
    building = final.parent / f".{final.name}.building"
    shutil.rmtree(building, ignore_errors=True)
    _site_dirs = (final, building)
    config.site_dir = str(building)


def _publish_built_site(config: MkDocsConfig) -> None:
    global _site_dirs
    if _site_dirs is None:
        return
    final, building = _site_dirs
    _site_dirs = None
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        final.rename(old)
    building.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    config.site_dir = str(final)


def _write_admin(config: MkDocsConfig) -> None:
    """The web editor at /admin/ (gongkai/cms): not a page of the site, so outside the
    navigation, the sitemap and search. GONGKAI_CMS_PROXY_PORT: where `make edit` (or a test)
    runs decap-server."""
    assert _build is not None
    site_dir = Path(config.site_dir)
    port = int(os.environ.get("GONGKAI_CMS_PROXY_PORT") or DEFAULT_PROXY_PORT)
    files = admin_files(_build.site, _languages(config), config.site_url or "", site_dir, port)
    if not files:
        log.info("gongkai: /admin/ not written: Decap CMS is not installed (npm ci)")
    for rel, content in files.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def on_build_error(error: Exception) -> None:
    global _site_dirs
    if _site_dirs is not None:
        shutil.rmtree(_site_dirs[1], ignore_errors=True)
        _site_dirs = None


def _extra_nav(config: MkDocsConfig) -> list[str]:
    """Hand-written pages from mkdocs.yml's extra.gongkai_nav, after the generated ones: those
    that exist in the language being built (a page without a translation is left out there)."""
    lang = _language(config)
    docs = Path(config.docs_dir)
    return [path for path in config.extra.get("gongkai_nav", [])
            if (docs / path).is_file() and (lang == DEFAULT_LANG or (docs / localized(path, lang)).is_file())]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None
    prefix = f"{STAGED_DIR}/"
    for file in files:
        if file.src_uri.startswith(prefix):
            staged = file.src_uri[len(prefix):]
            file.dest_uri = published_dest(file.dest_uri[len(prefix):])
            if file.is_documentation_page() and not _build.in_nav(staged):
                file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def _source_of(page: Page, lang: str) -> tuple[str, str, int]:
    """(repository path, Markdown body, line of its first line) of the page's source file."""
    ref = _ref(page)
    if ref is not None and ref.id and _build is not None:
        version = _build.corpus.by_id[ref.id].version(lang)
        return version.rel_path, version.body, version.body_line
    return f"docs/{page.file.src_uri}", page.markdown or "", 1


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Publish only sanitised HTML; anything the allowlist refuses stops the build with the
    file and line, as `check` reports it. Titles become escaped text for MkDocs' templates."""
    cleaned = sanitize.clean(html)
    rel_path, body, body_line = _source_of(page, _language(config))
    problems = html_problems(rel_path, body, body_line, html, cleaned)
    if problems:
        raise PluginError(str(ContentError(problems)))
    # Python-Markdown's table of contents holds escaped heading text already; the page title
    # is plain text from the front matter or the first heading
    page.meta["title"] = escaped(str(page.title or ""))
    return cleaned


def _ref(page: Page) -> PageRef | None:
    return ref_of(page.meta.get("gongkai"))


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    assert _build is not None
    ref = _ref(page)
    lang = _language(config)
    if ref is not None:
        alternates = _build.alternates(ref, page.file.url.removeprefix(lang_prefix(lang)))
    else:  # a hand-written page from docs/
        alternates = _handwritten_alternates(page, config)
    context["gk"] = _build.page_context(ref, lang, title=page.title or "",  # escaped already
                                        description=str(page.meta.get("description") or ""),
                                        alternates=alternates)
    editable = ref is None and is_editors_page(page.file.src_uri)
    page.edit_url = (_build.site.edit_url(f"docs/{page.file.src_uri}") or None) if editable else None
    _point_switcher(config, alternates)
    return context


def _handwritten_alternates(page: Page, config: MkDocsConfig) -> tuple[Alternate, ...]:
    """mkdocs-static-i18n knows which languages a hand-written page has; the rest go home."""
    found = getattr(page.file, "alternates", {})
    return tuple(Alternate(lang, found[lang].url if lang in found else lang_prefix(lang), lang in found)
                 for lang in _languages(config))


def _point_switcher(config: MkDocsConfig, alternates: tuple[Alternate, ...]) -> None:
    """Material's language switcher goes to the same page, or to the closest one, never a 404."""
    paths = {alt.lang: alt.path for alt in alternates}
    # mkdocs-static-i18n sets the per-page copy as an attribute, which Jinja reads first
    for entry in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
        if entry.get("lang") in paths:
            entry["link"] = paths[entry["lang"]]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The sitemap's <lastmod> (and sitemap.xml.gz's timestamp) come from the documents' dates."""
    assert _build is not None
    page.update_date = _build.lastmod(_ref(page)).isoformat()
    return markdown


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    assert _build is not None
    ref = _ref(page)
    if ref is not None and ref.kind is DOCUMENT:
        _build.pages_written += 1
    _build.index_page(ref, _language(config), page.content or "")
    return with_policy(output)


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """The 404 page, one for the whole site: the site's identity and texts in the default language."""
    if template_name == "404.html" and _build is not None:
        context["gk"] = _build.page_context(None, DEFAULT_LANG, title=t(DEFAULT_LANG, "not_found_title"),
                                            description="", alternates=())
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return with_policy(output) if template_name.endswith(".html") else output


def on_post_build(config: MkDocsConfig) -> None:
    if not outer_build(config) or _build is None:
        return
    problem = _build.count_problem()
    if problem:
        raise PluginError(problem)
    _build.write_outputs(Path(config.site_dir))  # feeds and catalogs, once every language is built
    _write_admin(config)
    try:
        stats = _build.search.write(Path(config.site_dir), _languages(config))
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    log.info("gongkai: " + stats.summary())
    log.info("gongkai: " + t("en", "build_count", read=_build.documents_read, written=_build.pages_written))
    _publish_built_site(config)
