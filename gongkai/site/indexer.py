"""The search index of a full build, collected in another process while pages render.

Reading a page's terms is a tenth of a build, all of it in the main process; here one worker
process receives the pages in the order the build renders them (the order fixes the word
numbers, so the index files are the ones an in-process SearchIndex writes) and writes the
index at the end. On a single core, or for a few pages, it stays in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from gongkai.search import IndexStats, SearchDocument, SearchIndex

_index: SearchIndex | None = None  # in the worker process
BATCH = 16  # pages sent together: a message per page cost 3 % of the build


def _add(batch: list[tuple[str, SearchDocument]]) -> None:
    global _index
    if _index is None:
        _index = SearchIndex()
    for lang, doc in batch:
        _index.add(lang, doc)


def _write(site_dir: Path, languages: list[str]) -> IndexStats:
    return (_index or SearchIndex()).write(site_dir, languages)


class IndexWorker:
    """SearchIndex's add() and write(), run in one worker process."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self._pending: list[Future[None]] = []
        self._batch: list[tuple[str, SearchDocument]] = []
        self._written: Future[IndexStats] | None = None

    def add(self, lang: str, doc: SearchDocument) -> None:
        self._batch.append((lang, doc))
        if len(self._batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        self._pending.append(self._pool.submit(_add, self._batch))
        self._batch = []
        if len(self._pending) > 8:  # raise a failure early, keep the queue short
            self._pending.pop(0).result()

    def start_write(self, site_dir: Path, languages: list[str]) -> None:
        """Have the worker write the index while this process goes on (write() waits for it)."""
        if self._batch:
            self._send()
        self._written = self._pool.submit(_write, site_dir, languages)

    def write(self, site_dir: Path, languages: list[str]) -> IndexStats:
        try:
            if self._written is None:
                self.start_write(site_dir, languages)
            assert self._written is not None
            for future in self._pending:
                future.result()
            return self._written.result()
        finally:
            self._pending.clear()
            self._pool.shutdown()


def search_index() -> SearchIndex | IndexWorker:
    """A worker when another core is free to do the work, else an in-process index."""
    return IndexWorker() if (os.cpu_count() or 1) > 1 else SearchIndex()
