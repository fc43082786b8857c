"""MkDocs adapter: wires MkDocs events to the gongkai core. No domain logic lives here.

mkdocs-static-i18n builds every extra language by calling MkDocs' build() again from its
on_post_build, so each event below runs once per language; `_outer_build` tells the first.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs build` does not put the repository on sys.path
    sys.path.insert(0, str(ROOT))
# `mkdocs serve` re-executes this file on every rebuild: drop the cached core so edits apply
for _name in [m for m in sys.modules if m == "gongkai" or m.startswith("gongkai.")]:
    del sys.modules[_name]

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from gongkai.locales import t  # noqa: E402
from gongkai.problems import ContentError  # noqa: E402
from gongkai.sitebuild import SiteBuild  # noqa: E402
from gongkai.stage import STAGED_DIR, in_nav  # noqa: E402

log = logging.getLogger("mkdocs.hooks.gongkai")
_build: SiteBuild | None = None


def _i18n(config: MkDocsConfig):
    return config.plugins.get("i18n")


def _language(config: MkDocsConfig) -> str:
    plugin = _i18n(config)
    return (plugin.current_language if plugin else None) or "zh"


def _outer_build(config: MkDocsConfig) -> bool:
    plugin = _i18n(config)
    return not (plugin and plugin.building)


def _languages(config: MkDocsConfig) -> list[str]:
    plugin = _i18n(config)
    if not plugin:
        return ["zh"]
    return [lang.locale for lang in plugin.config.languages if lang.build]


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    if _build is None or _outer_build(config):
        try:
            _build = SiteBuild(Path(config.config_file_path).parent, _languages(config), config.site_url or "")
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        for problem in _build.warnings:  # never fail the build (strict mode fails on warnings)
            log.info(problem.format())
        _build.stage(Path(config.docs_dir) / STAGED_DIR)
    config.nav = [f"{STAGED_DIR}/{path}" for path in _build.nav()] + _extra_nav(config)
    return config


def _extra_nav(config: MkDocsConfig) -> list:
    """Hand-written pages from mkdocs.yml's extra.gongkai_nav, after the generated ones."""
    return list(config.extra.get("gongkai_nav", []))


@event_priority(50)  # before mkdocs-static-i18n (-100), which keeps dest_uri
def on_files(files: Files, config: MkDocsConfig) -> Files:
    prefix = f"{STAGED_DIR}/"
    for file in files:
        if file.src_uri.startswith(prefix):
            staged = file.src_uri[len(prefix):]
            file.dest_uri = file.dest_uri[len(prefix):]
            if file.is_documentation_page() and not in_nav(staged):
                file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    assert _build is not None
    meta = page.meta.get("gongkai")
    context["gk"] = gk = _build.page_context(meta, _language(config))
    if meta:
        page.edit_url = gk["doc"]["edit_url"] if "doc" in gk else None
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    assert _build is not None
    if (page.meta.get("gongkai") or {}).get("page") == "document":
        _build.pages_written += 1
    return output


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages
def on_post_build(config: MkDocsConfig) -> None:
    if not _outer_build(config) or _build is None:
        return
    problem = _build.count_problem()
    if problem:
        raise PluginError(problem)
    log.info("gongkai: " + t("en", "build_count", read=_build.documents_read, written=_build.pages_written))
