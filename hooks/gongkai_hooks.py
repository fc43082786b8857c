"""MkDocs entry hook: sets event priorities and forwards each event to hooks/adapter.py.

MkDocs imports a hook file once per process, so `mkdocs serve` would keep running old code
after an edit. This entry reloads the adapter and the gongkai core at the start of a rebuild
while serving when a file of hooks/ or gongkai/ changed, so edits to the code apply without a
restart; otherwise the adapter keeps what the previous rebuild left for a preview rebuild.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_adapter: ModuleType | None = None
_serving = False
_code: tuple[tuple[str, int, int], ...] = ()  # the code the adapter was loaded from


def _code_fingerprint() -> tuple[tuple[str, int, int], ...]:
    files = sorted([*HERE.glob("*.py"), *(ROOT / "gongkai").rglob("*.py"), *(ROOT / "gongkai").rglob("*.yml")])
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


class _DirtyNotice(logging.Filter):
    """`mkdocs serve --dirty` warns that a dirty build may be inaccurate, which `--strict`
    makes an error; the adapter decides which pages to render again (gongkai/site/changes.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _load_adapter() -> ModuleType:
    if str(ROOT) not in sys.path:  # MkDocs does not put the repository on sys.path
        sys.path.insert(0, str(ROOT))
    for name in [m for m in sys.modules if m == "gongkai" or m.startswith("gongkai.")]:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location("gongkai_mkdocs_adapter", HERE / "adapter.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"
    if _serving and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _adapter, _code
    if _adapter is None or (_serving and _adapter.outer_build(config) and _code != _code_fingerprint()):
        _code = _code_fingerprint()
        _adapter = _load_adapter()
    return _adapter.on_config(config, serving=_serving)


def _loaded() -> ModuleType:
    assert _adapter is not None, "on_config loads the adapter before any other event"
    return _adapter


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    return _loaded().on_serve(server, config)


def on_shutdown() -> None:
    if _adapter is not None:
        _adapter.on_shutdown()


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return _loaded().on_nav(nav, config, files)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    return _loaded().on_env(env, config, files)


@event_priority(50)  # before mkdocs-static-i18n (-100), which keeps the dest_uri we set
def on_files(files: Files, config: MkDocsConfig) -> Files:
    return _loaded().on_files(files, config)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _loaded().on_page_content(html, page, config, files)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    return _loaded().on_page_context(context, page, config, nav)


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    return _loaded().on_page_read_source(page, config)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _loaded().on_page_markdown(markdown, page, config, files)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _loaded().on_post_page(output, page, config)


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages
def on_post_build(config: MkDocsConfig) -> None:
    _loaded().on_post_build(config)


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    return _loaded().on_template_context(context, template_name, config)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _loaded().on_post_template(output_content, template_name, config)


def on_build_error(error: Exception) -> None:
    if _adapter is not None:
        _adapter.on_build_error(error)
