"""MkDocs adapter: wires MkDocs events to the gongkai core. No domain logic lives here.

Loaded (and on every `mkdocs serve` rebuild reloaded) by hooks/gongkai_hooks.py, which owns
the event priorities. mkdocs-static-i18n builds every extra language by calling MkDocs'
build() again from its on_post_build, so each event runs once per language.
"""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import re
import secrets
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import jinja2
import jinja2.bccache
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

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
from gongkai.site.changes import changed_documents, pages_to_render
from gongkai.site.pages import DOCUMENT, PRINT, SEARCH, PageRef, ref_of
from gongkai.site.paths import absolute_url, is_editors_page, lang_prefix
from gongkai.site.preview import Background, RenderedBodies, config_fingerprint
from gongkai.site.sitebuild import SiteBuild
from gongkai.site.stage import StagedPage, localized, published_dest
from gongkai.site.views import Alternate

log = logging.getLogger("mkdocs.hooks.gongkai")
_build: SiteBuild | None = None
_preview: _Preview | None = None  # while serving: what one rebuild leaves the next
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
    global _build, _preview
    # the same Markdown as `check` renders (gongkai/rendering/render.py)
    extensions: list[Any] = [*render.EXTENSIONS, _LinkMarks()]  # names and one instance
    config.markdown_extensions = extensions
    config.mdx_configs = {name: dict(options) for name, options in render.EXTENSION_CONFIGS.items()}
    if outer_build(config) and not serving:
        _build_aside(config)
    if serving and _preview is None:
        _preview = _Preview(config)
    if _build is None or outer_build(config):
        root = Path(config.config_file_path).parent
        previous = _preview.previous_build(root) if _preview else None
        try:
            _build = SiteBuild(root, _languages(config), config.site_url or "", previous=previous, keep=serving)
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        for problem in _build.warnings:  # never fail the build (strict mode fails on warnings)
            log.info(problem.format())
        _build.stage(Path(config.docs_dir) / STAGED_DIR)
        if _preview is not None:
            _preview.begin(previous, _build)
        _build.previous = None
        # the corpus lives as long as the build: the collector need not walk it again and again
        gc.freeze()
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
    if _preview is not None:
        _preview.complete = None  # the next rebuild renders every page again
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


def _staged_path(file: File) -> str | None:
    """The file's path in the staged tree (docs/generated/); None for a hand-written file."""
    prefix = f"{STAGED_DIR}/"
    return file.src_uri[len(prefix):] if file.src_uri.startswith(prefix) else None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None
    for file in files:
        staged = _staged_path(file)
        if staged is not None:
            file.dest_uri = published_dest(file.dest_uri[len(STAGED_DIR) + 1:])
            if file.is_documentation_page() and not _build.in_nav(staged):
                file.inclusion = InclusionLevel.NOT_IN_NAV
    if _preview is not None:
        files = _preview.without_idle_print_views(files, _language(config))
    return files


def _source_of(page: Page, lang: str) -> tuple[str, str, int]:
    """(repository path, Markdown body, line of its first line) of the page's source file."""
    ref = _ref(page)
    if ref is not None and ref.id and _build is not None:
        version = _build.corpus.by_id[ref.id].version(lang)
        return version.rel_path, version.body, version.body_line
    return f"docs/{page.file.src_uri}", page.markdown or "", 1


# --- print views: the document page's HTML, its links made relative to the print URL ----------
# A print view has the body of its document page. Rendering that Markdown twice was a sixth of
# the build; instead, the document page's HTML is kept until its print view (the next file)
# asks for it, with the links MkDocs rewrote made relative to <doc>/print/ the way MkDocs would.
_MARK = f"data-gk-{secrets.token_hex(4)}"  # the link as written, before MkDocs rewrote it
_MARKED_TAG = re.compile(r"<(?:a|img)\s[^>]*>")
_MARK_ATTR = re.compile(rf' {_MARK}="([^"]*)"')
_URL_ATTR = re.compile(r' (?:href|src)="([^"]*)"')
_PATH_REST = re.compile(r"([^?#]*)(.*)", re.DOTALL)
_print_bodies: dict[tuple[str, str], str] = {}  # (document id, language) -> print view body
_copied_bodies: set[int] = set()  # id() of print views _copy_body rendered, until on_page_content
_BODY_TAG = re.compile(r"<body\b[^>]*>")


class _MarkLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(str(element.tag))
            if key and element.get(key) is not None:
                element.set(_MARK, element.get(key) or "")


class _LinkMarks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_MarkLinks(md), "gongkai_link_marks", 1)  # before MkDocs' relpath (0)


def _unmarked(html: str, page_url: str = "", print_url: str = "") -> str | None:
    """`html` without the marks; with URLs given, the links MkDocs rewrote for `page_url`
    rewritten for `print_url` (None if one cannot be: the print view then renders itself)."""
    failed = False

    def fix(tag: str) -> str:
        nonlocal failed
        mark = _MARK_ATTR.search(tag)
        if mark is None:
            return tag
        tag = tag[:mark.start()] + tag[mark.end():]
        url = _URL_ATTR.search(tag)
        if not print_url or url is None or url[1] == mark[1]:
            return tag
        path, rest = _PATH_REST.match(url[1]).groups()  # type: ignore[union-attr]
        if "&" in path or not path:  # an entity in the path: not worth decoding here
            failed = True
            return tag
        target = posixpath.normpath(posixpath.join(page_url, path))
        new = get_relative_url(target + ("/" if path.endswith("/") else ""), print_url) + rest
        return tag[:url.start(1)] + new + tag[url.end(1):]

    result = _MARKED_TAG.sub(lambda m: fix(m[0]), html)
    return None if failed else result


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Publish only sanitised HTML; anything the allowlist refuses stops the build with the
    file and line, as `check` reports it. Titles become escaped text for MkDocs' templates."""
    ref, lang = _ref(page), _language(config)
    if id(page) in _copied_bodies:
        _copied_bodies.discard(id(page))
        page.meta["title"] = escaped(str(page.title or ""))
        return html
    if ref is not None and ref.kind is DOCUMENT:
        print_body = _unmarked(html, page.file.url, page.file.url + "print/")
    else:
        print_body = None
    html = _unmarked(html) or ""
    cleaned = sanitize.clean(html)
    rel_path, body, body_line = _source_of(page, _language(config))
    problems = html_problems(rel_path, body, body_line, html, cleaned)
    if problems:
        raise PluginError(str(ContentError(problems)))
    # Python-Markdown's table of contents holds escaped heading text already; the page title
    # is plain text from the front matter or the first heading
    page.meta["title"] = escaped(str(page.title or ""))
    if ref is not None and print_body is not None:
        # the page came back from the sanitiser unchanged (else the build stopped above), and
        # the print body differs only in the relative paths of links: not sanitised again
        _print_bodies[(ref.id or "", lang)] = print_body
    return cleaned


def _ref(page: Page) -> PageRef | None:
    return ref_of(page.meta.get("gongkai"))


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    assert _build is not None
    ref = _ref(page)
    lang = _language(config)
    if _preview is not None:
        _preview.rendered(page, lang)
    if ref is not None:
        alternates = _build.alternates(ref, page.file.url.removeprefix(lang_prefix(lang)))
    else:  # a hand-written page from docs/
        alternates = _handwritten_alternates(page, config)
    context["gk"] = _build.page_context(ref, lang, title=page.title or "",  # escaped already
                                        description=str(page.meta.get("description") or ""),
                                        alternates=alternates)
    context["gk_nav_key"] = _nav_key(page, ref, lang)
    editable = ref is None and is_editors_page(page.file.src_uri)
    page.edit_url = (_build.site.edit_url(f"docs/{page.file.src_uri}") or None) if editable else None
    _point_switcher(config, alternates)
    return context


def _nav_key(page: Page, ref: PageRef | None, lang: str) -> tuple[str, str] | None:
    """Pages that share one rendering of the navigation: those outside it (nothing in it is
    active) in the same folder (its links, relative to the page, are the same)."""
    if ref is None or ref.kind.in_nav:
        return None
    return lang, posixpath.dirname(page.url.rstrip("/"))


class _Fragments:
    """gk_once(key) in a template: the enclosed markup, rendered for the first page that asks
    with `key` and copied from it after; a new Jinja environment (each language, each
    rebuild) starts empty."""

    def __init__(self) -> None:
        self._done: dict[object, str] = {}

    def once(self, key: object, caller: Callable[[], str]) -> str:
        if key not in self._done:
            self._done[key] = caller()
        return self._done[key]


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


def _staged(page: Page) -> StagedPage | None:
    assert _build is not None
    staged = _staged_path(page.file)
    return _build.pages_by_path.get(staged) if staged is not None else None


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A staged page's Markdown as the core made it; its front matter is given in
    on_page_markdown (MkDocs would read the file back and parse it again). The empty front
    matter keeps MkDocs from taking a body's first lines for metadata."""
    staged = _staged(page)
    return f"---\n{{}}\n---\n{staged.markdown}" if staged is not None else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The front matter of a staged page. The sitemap's <lastmod> (and sitemap.xml.gz's
    timestamp) come from the documents' dates. A print view whose body its document page made
    renders no Markdown of its own."""
    assert _build is not None
    staged = _staged(page)
    if staged is not None:
        page.meta = dict(staged.meta)
    ref = _ref(page)
    page.update_date = _build.lastmod(ref).isoformat()
    key = (ref.id or "", _language(config)) if ref is not None and ref.kind is PRINT else None
    if key in _print_bodies:
        page.render = partial(_copy_body, page, _print_bodies.pop(key))  # type: ignore[method-assign]
    return markdown


def _copy_body(page: Page, html: str, config: MkDocsConfig, files: Files) -> None:
    """Page.render for a print view: its document page's body, no Markdown converted."""
    page.content, page.toc = html, get_toc([])
    page.present_anchor_ids, page.links_to_anchors = set(), {}
    _copied_bodies.add(id(page))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    assert _build is not None
    ref, lang = _ref(page), _language(config)
    if ref is not None and ref.kind is DOCUMENT:
        _build.pages_written += 1
        if _preview is not None:
            _preview.bodies.keep(lang, ref.id or "", page.content or "")
    if _preview is None or _preview.render is None:  # a preview rebuild indexes in the background
        _build.index_page(ref, lang, page.content or "")
    if _preview is not None:
        output = _preview.noted(output, page, lang)
    return with_policy(output)


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """The 404 page, one for the whole site: the site's identity and texts in the default language."""
    if template_name == "404.html" and _build is not None:
        context["gk"] = _build.page_context(None, DEFAULT_LANG, title=t(DEFAULT_LANG, "not_found_title"),
                                            description="", alternates=())
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page speaks the default language (on_template_context); Material takes its
    <html lang> from the theme, which mkdocs-static-i18n has set to the last language built."""
    if template_name == "404.html":
        output = _HTML_LANG.sub(f'<html lang="{DEFAULT_LANG}"', output, count=1)
    return with_policy(output) if template_name.endswith(".html") else output


_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def on_post_build(config: MkDocsConfig) -> None:
    if not outer_build(config) or _build is None:
        return
    if _preview is not None:
        _preview.remove_stale_outputs(Path(config.site_dir))
        _preview.complete = _build
        if _preview.render is not None:
            log.info(f"gongkai: preview: {_preview.pages} pages rendered again")
            _preview.update_in_background(_build, Path(config.site_dir), _languages(config))
            _collect_garbage()
            return
    problem = _build.count_problem()
    if problem:
        raise PluginError(problem)
    _build.start_search_write(Path(config.site_dir), _languages(config))
    _build.write_outputs(Path(config.site_dir))  # feeds and catalogs, once every language is built
    _write_admin(config)
    try:
        stats = _build.search.write(Path(config.site_dir), _languages(config))
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    log.info("gongkai: " + stats.summary())
    log.info("gongkai: " + t("en", "build_count", read=_build.documents_read, written=_build.pages_written))
    _publish_built_site(config)
    if _preview is not None:
        _collect_garbage()


def _collect_garbage() -> None:
    """While serving, after the pages are written: what earlier builds left is collected and
    what lives on is set aside, so the next rebuild's collections are quick (a full one, over
    two builds' corpus, paused a rebuild for most of a second)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def on_serve(server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
    """Rebuild when the background work finishes (to drop the "search is behind" notes), and
    not when the build itself writes the staged pages (docs/generated/)."""
    assert _preview is not None
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    server.watch(str(docs), recursive=False)
    for child in docs.iterdir():
        if child.is_dir() and child.name != STAGED_DIR:
            server.watch(str(child))
    server.watch(str(_preview.signal_dir))
    return server


def on_shutdown() -> None:
    if _preview is not None:
        _preview.background.wait()
        shutil.rmtree(_preview.signal_dir, ignore_errors=True)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """While serving: which pages this rebuild renders (MkDocs' --dirty asks file.is_modified)."""
    if _preview is not None:
        _preview.plan(files, _language(config))
    return nav


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once a process: MkDocs makes a new Jinja environment for each
    language and each preview rebuild. Keyed by name and source checksum, so edits apply."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """The templates rendered next (404.html) switch language to the home pages, not to the
    page rendered last. While serving: pages not rendered again get what templates read of
    them from their last rendering (title, meta, sitemap date): navigation, sitemap, neighbours."""
    homes = tuple(Alternate(lang, absolute_url(config.site_url or "/", lang_prefix(lang)), False)
                  for lang in _languages(config))
    _point_switcher(config, homes)
    env.bytecode_cache = _TEMPLATES  # every language and preview rebuild compiles them again otherwise
    env.globals["gk_once"] = _Fragments().once
    if _preview is not None:
        _preview.restore(files, _language(config))
    return env


class _Preview:
    """`mkdocs serve --dirty`: what one rebuild leaves the next. This module is reloaded (and
    this state dropped, so the next rebuild is complete) only when the code changes."""

    def __init__(self, config: MkDocsConfig):
        site_dir = Path(config.site_dir)  # the server's own folder, the same for every rebuild
        self.signal_dir = site_dir.parent / f"{site_dir.name}-gongkai"
        self.signal_dir.mkdir(exist_ok=True)
        log.info(f"gongkai: preview of {site_dir}")
        self.pages = 0  # pages this rebuild rendered
        self.fingerprint: tuple[tuple[str, int, int], ...] = ()
        self.complete: SiteBuild | None = None  # the last build that finished
        self.render: set[str] | None = None  # staged paths this rebuild renders; None: every page
        self.indexing = False  # this rebuild changed what the search index and feeds hold
        self.bodies = RenderedBodies()
        self.background = Background(self._signal)
        self.outputs: set[str] = set()  # files of the site after the previous rebuild
        self.building: set[str] = set()  # files of the site in this rebuild
        self.with_note: set[tuple[str, str]] = set()  # (lang, src_uri) of pages saying search is behind
        self.state: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}  # (lang, src_uri) -> (meta, update_date)
        self.published: dict[tuple[str, str], str] = {}  # (lang, src_uri) -> dest_uri, as last built

    def previous_build(self, root: Path) -> SiteBuild | None:
        """The build to continue from: None after a failed build, or when the configuration
        or templates changed."""
        fingerprint = config_fingerprint(root)
        same, self.fingerprint = fingerprint == self.fingerprint, fingerprint
        return self.complete if same and self.background.error is None else None

    def begin(self, previous: SiteBuild | None, build: SiteBuild) -> None:
        self.building, self.pages = set(), 0
        self.render = pages_to_render(previous, build) if previous is not None else None
        self.indexing = previous is not None and bool(changed_documents(previous, build))
        if self.render is not None and self.indexing:  # the search page says it is behind
            self.render |= {localized(PageRef(SEARCH).path, lang) for lang in build.languages}

    def _modified(self, file: File, lang: str) -> bool:
        if self.render is None or (lang, file.src_uri) in self.with_note:
            return True
        staged = _staged_path(file)
        return staged is not None and staged in self.render

    def without_idle_print_views(self, files: Files, lang: str) -> Files:
        """A rebuild that renders a few pages leaves the other print views out of MkDocs (each
        of its thousands of files costs every plugin's pass over the files; print views are in
        no navigation, sitemap or link check); their last rendering stays in the site."""
        if self.render is None:
            return files
        kept = []
        for file in files:
            staged = _staged_path(file)
            ref = _build.refs.get(staged) if _build is not None and staged is not None else None
            if ref is None or ref.kind is not PRINT or staged in self.render or (lang, file.src_uri) in self.with_note:
                kept.append(file)
            elif (lang, file.src_uri) in self.published:  # else this language does not publish it
                self.building.add(self.published[(lang, file.src_uri)])
        return Files(kept)

    def plan(self, files: Files, lang: str) -> None:
        assert _build is not None
        self.building |= {f.dest_uri for f in files}
        self.published.update({(lang, f.src_uri): f.dest_uri for f in files})
        order = []
        for file in files:
            staged = _staged_path(file)
            if file.is_documentation_page() or staged is not None:
                modified = self._modified(file, lang)
                # MkDocs --dirty asks each file this; our answer replaces its mtime test
                file.is_modified = lambda modified=modified: modified  # type: ignore[method-assign, misc]
            ref = _build.refs.get(staged) if staged is not None else None
            if ref is not None and ref.kind is DOCUMENT:
                order.append(ref.id or "")
        self.bodies.order[lang] = order

    def rendered(self, page: Page, lang: str) -> None:
        self.pages += 1
        self.state[(lang, page.file.src_uri)] = (dict(page.meta), page.update_date)

    def restore(self, files: Files, lang: str) -> None:
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None and (lang, file.src_uri) in self.state:
                meta, page.update_date = self.state[(lang, file.src_uri)]
                page.markdown, page.meta = "", dict(meta)

    def noted(self, output: str, page: Page, lang: str) -> str:
        key = (lang, page.file.src_uri)
        if not (self.indexing or self.background.behind):
            self.with_note.discard(key)
            return output
        self.with_note.add(key)
        note = f'<p class="gk-preview-note" role="status">{escaped(t(lang, "preview_search_behind"))}</p>'
        return _BODY_TAG.sub(lambda m: m[0] + note, output, count=1)

    def remove_stale_outputs(self, site_dir: Path) -> None:
        """Files the previous rebuild wrote for pages that are gone (a --dirty build keeps them)."""
        for rel in self.outputs - self.building:
            target = site_dir / rel
            target.unlink(missing_ok=True)
            for folder in target.parents:
                if folder == site_dir or not folder.is_dir() or any(folder.iterdir()):
                    break
                folder.rmdir()
        self.outputs = self.building
        present = {(lang, i) for lang, ids in self.bodies.order.items() for i in ids}
        self.bodies.forget_except(present)

    def update_in_background(self, build: SiteBuild, site_dir: Path, languages: list[str]) -> None:
        """Feeds, catalogs and the search index as a clean build writes them, after the pages."""
        if not self.indexing:
            return
        bodies = self.bodies.copy()

        def work() -> None:
            build.write_outputs(site_dir)
            stats = bodies.search_index(build).write(site_dir, languages)
            log.info("gongkai: " + stats.summary())

        self.background.start(work)

    def _signal(self) -> None:
        if self.background.error is not None:
            log.error(f"gongkai: updating the search index failed: {self.background.error}")
        (self.signal_dir / "done").write_text(str(os.getpid()))
