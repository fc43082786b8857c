"""Preview sessions (`make serve`): what one rebuild hands to the next, engine-neutral.

After an edit, the engine renders only the pages site/changes.py names; this module keeps
what the other pages need from earlier rebuilds: the configuration the site was built with
(a change there means a full rebuild) and every document body as rendered, so that the search
index, feeds and catalog can be written again — in the background, while the edited page is
already shown — exactly as a clean build writes them.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

from gongkai.content.corpus import STAGED_DIR
from gongkai.search import SearchIndex
from gongkai.site.pages import DOCUMENT, PageRef
from gongkai.site.sitebuild import SiteBuild

# what a preview rebuild cannot follow page by page: any change rebuilds everything
CONFIG_FILES = ("mkdocs.yml", "gongkai.yml", "units.yml")
CONFIG_DIRS = ("overrides", "docs")


def config_fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime) of the configuration, templates and hand-written pages."""
    found = []
    paths = [root / name for name in CONFIG_FILES]
    for top in CONFIG_DIRS:
        for folder, dirs, files in os.walk(root / top):
            if Path(folder) == root / "docs":
                dirs[:] = [d for d in dirs if d != STAGED_DIR]
            paths += [Path(folder) / name for name in files]
    for path in sorted(paths):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        found.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class RenderedBodies:
    """Every document page's body as last rendered, per language, in the order the engine
    builds them (the order a clean build indexes them in)."""

    def __init__(self) -> None:
        self._bodies: dict[tuple[str, str], bytes] = {}  # (lang, id) -> zlib of the HTML
        self.order: dict[str, list[str]] = {}  # lang -> document ids in build order

    def keep(self, lang: str, doc_id: str, html: str) -> None:
        self._bodies[(lang, doc_id)] = zlib.compress(html.encode(), 1)

    def search_index(self, build: SiteBuild) -> SearchIndex:
        """The search index a clean build of `build` collects, from the kept bodies."""
        build.search = SearchIndex()
        for lang, ids in self.order.items():
            for doc_id in ids:
                html = zlib.decompress(self._bodies[(lang, doc_id)]).decode()
                build.index_page(PageRef(DOCUMENT, id=doc_id), lang, html)
        return build.search

    def copy(self) -> RenderedBodies:
        """A copy the next rebuild's changes do not touch (for the background work)."""
        other = RenderedBodies()
        other._bodies = dict(self._bodies)
        other.order = {lang: list(ids) for lang, ids in self.order.items()}
        return other

    def forget_except(self, present: set[tuple[str, str]]) -> None:
        for key in self._bodies.keys() - present:
            del self._bodies[key]


class Background:
    """One piece of work at a time after a rebuild (search index, feeds); `behind` is True
    from start() until it has finished, and `done` is called when it has."""

    def __init__(self, done: Callable[[], None]) -> None:
        self._thread: threading.Thread | None = None
        self._done = done
        self.error: BaseException | None = None

    @property
    def behind(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def start(self, work: Callable[[], None]) -> None:
        self.wait()

        def run() -> None:
            try:
                work()
                self.error = None
            except Exception as exc:  # noqa: BLE001 (any failure is reported; the server keeps running)
                self.error = exc
            self._done()

        self._thread = threading.Thread(target=run, name="gongkai-preview-background", daemon=True)
        self._thread.start()
