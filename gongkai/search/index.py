"""Build the static search index of a site: small files, so a query downloads a few of them.

Layout, per language (browser side: overrides/assets/javascripts/gongkai-search-engine.js):

    search-index/<lang>/index.json        manifest: fetched first, never cached (names the
                                          current folder below, document facets and sizes)
    search-index/<lang>/<version>/<ns>/<n>.json    {term: postings}; ns = u (characters),
                                          b (pairs of characters), w (other words); n = hash
                                          of the term's key (terms.py) mod the file count
    search-index/<lang>/<version>/p/<doc>-<part>.json   {url, title, text: [blocks]}: one
                                          ~2,000-character part of a document, for the excerpt
                                          (part 0 also has the document's summary, if any)

A query downloads the manifest, one file per query term (a few KB each) and one part per
result shown: it does not grow with the site the way one index file does, nor with the
number of query words the way chunks of a sorted word list do (bench/search_bench.py).
`<version>` is a hash of the content, so a browser never mixes files of two builds.

Postings of a term: for each document containing it, in document order, the document number
minus the previous one, occurrences × 2 + 1 if it is in the title, the first part that
contains it and, for pairs, the follow mask (terms.py), each as codec.py numbers.

The builder works on whole columns with NumPy: a county site of 2,000 long reports has some
twenty million (term, document) postings, too many to touch one by one in Python.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from gongkai.search import codec
from gongkai.search.htmltext import text_blocks
from gongkai.search.terms import (
    SEPARATOR,
    DocTerms,
    TermTable,
    doc_terms,
    fmix32,
    group_by_key,
    rules,
    word_hash,
)

OUTPUT_DIR = "search-index"
# what the manifest and the term files mean; the engine refuses any other (a browser may hold
# an engine of an older build while the host already serves a newer index)
FORMAT = 3
PART_CHARS = 2000  # text per part file: one excerpt costs one part (~2–3 KB gzipped)
FILE_BYTES = 12000  # target size of a term file before gzip
MAX_TF = 255
ROWS_PER_BATCH = 1 << 20  # postings encoded at a time (bounds the builder's memory)


KeyBytes = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
KeyHash = Callable[[np.ndarray], np.ndarray]


class SearchIndexError(RuntimeError):
    """The search index could not be written; the message says why."""


@dataclass(frozen=True)
class SearchDocument:
    url: str  # relative to the site root: "2024/songping-2024-report/", "en/2024/…/"
    title: str
    unit: str  # display values, in the page's language: what results show and filter by
    year: str
    kind: str
    html: str  # the rendered body
    order: tuple[Any, ...] = ()  # documents are numbered in this order (newest first); ties by url
    summary: str = ""  # shown for a result whose excerpt would hold none of the query's words


@dataclass
class IndexStats:
    seconds: float
    pages: dict[str, int]  # language -> documents
    files: int
    bytes: int
    terms: int

    def summary(self) -> str:
        langs = ", ".join(f"{lang} {n}" for lang, n in sorted(self.pages.items())) or "none"
        return (f"search index: {sum(self.pages.values())} pages ({langs}), {self.terms} terms, "
                f"{self.files} files, {self.bytes / 1e6:.1f} MB, {self.seconds:.1f} s")


def split_parts(blocks: list[str], size: int = PART_CHARS) -> list[list[str]]:
    """Consecutive blocks grouped into parts of about `size` characters; a longer block is cut."""
    parts: list[list[str]] = [[]]
    length = 0
    for block in blocks:
        for piece in _pieces(block, size):
            if length and length + len(piece) > size:
                parts.append([])
                length = 0
            parts[-1].append(piece)
            length += len(piece)
    return parts


def _pieces(block: str, size: int) -> list[str]:
    """A block cut into pieces of at most `size` characters where no term spans the cut: after
    punctuation or a space in the last fifth of a piece. With none there, the next piece
    repeats the last two characters, so every pair and its follower stay in one piece."""
    pieces, start = [], 0
    while len(block) - start > size:
        end = start + size
        # a cut between two letters, digits or CJK characters would split a term
        cut = next((i for i in range(end, end - size // 5, -1)
                    if not (block[i - 1].isalnum() and block[i].isalnum())), None)
        pieces.append(block[start:cut or end])
        start = cut or end - 2
    pieces.append(block[start:])
    return pieces


@dataclass
class _Entry:
    doc: SearchDocument
    parts: list[str]  # the part files' JSON
    terms: DocTerms


@dataclass
class _Language:
    entries: list[_Entry] = field(default_factory=list)
    vocabulary: dict[str, int] = field(default_factory=dict)  # word -> key (namespace w)


class SearchIndex:
    """Collects the documents of every language during a build, then writes all indexes.

    add() reads a page at once and keeps only its terms and text, not its HTML."""

    def __init__(self) -> None:
        self._languages: dict[str, _Language] = {}
        self._seconds = 0.0

    def add(self, lang: str, doc: SearchDocument) -> None:
        start = time.monotonic()
        language = self._languages.setdefault(lang, _Language())
        parts = split_parts(text_blocks(doc.html))
        terms = doc_terms([SEPARATOR.join(p) for p in parts], doc.title, language.vocabulary)
        files = [_json({"url": doc.url, "title": doc.title, "text": p,
                        **({"summary": doc.summary} if doc.summary and not i else {})})
                 for i, p in enumerate(parts)]
        language.entries.append(_Entry(doc=replace(doc, html=""), parts=files, terms=terms))
        self._seconds += time.monotonic() - start

    def write(self, site_dir: Path, languages: list[str]) -> IndexStats:
        start = time.monotonic()
        out = Path(site_dir) / OUTPUT_DIR
        if out.exists():
            if not out.is_dir() or any(p.is_file() and p.parent == out for p in out.iterdir()):
                raise SearchIndexError(f"{out} exists and is not a search index; refusing to overwrite it.")
            shutil.rmtree(out)
        files = size = terms = 0
        pages = {}
        for lang in languages:
            language = self._languages.get(lang, _Language())
            writer = _Writer(out / lang)
            terms += writer.write(language)
            files += writer.files
            size += writer.bytes
            pages[lang] = len(language.entries)
        return IndexStats(seconds=self._seconds + time.monotonic() - start, pages=pages,
                          files=files, bytes=size, terms=terms)


class _Writer:
    """Writes one language's index into a scratch folder, then names it by its content hash."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.scratch = out / ".building"
        self.digest = hashlib.sha256()
        self._folders: set[str] = set()
        self.files = 0
        self.bytes = 0

    def put(self, path: str, data: bytes) -> None:
        folder, _, name = path.rpartition("/")
        if folder not in self._folders:
            os.makedirs(os.path.join(self.scratch, folder), exist_ok=True)
            self._folders.add(folder)
        with open(os.path.join(self.scratch, folder, name), "wb") as f:
            f.write(data)
        self.digest.update(path.encode() + b"\0" + data + b"\0")
        self.files += 1
        self.bytes += len(data)

    def write(self, language: _Language) -> int:
        entries = sorted(language.entries, key=lambda e: (e.doc.order, e.doc.url))
        facets: dict[str, dict[str, int]] = {"unit": {}, "year": {}, "kind": {}}
        table = []
        for number, entry in enumerate(entries):
            doc = entry.doc
            table.append([facets[name].setdefault(value, len(facets[name]))
                          for name, value in (("unit", doc.unit), ("year", doc.year), ("kind", doc.kind))]
                         + [len(entry.parts), entry.terms.length])
        words = sorted(language.vocabulary, key=lambda w: language.vocabulary[w])
        buckets: dict[str, int] = {}
        widths: dict[str, int] = {}
        terms = 0
        spaces: list[tuple[str, Callable[[DocTerms], TermTable], KeyBytes, KeyHash]] = [
            ("u", lambda t: t.unigrams, _bmp_utf8, fmix32),
            ("b", lambda t: t.pairs, _pair_utf8, fmix32),
            ("w", lambda t: t.words, _word_bytes(words), _word_hashes(words))]
        for ns, pick, key_bytes, key_hash in spaces:
            space = _Namespace.gather([pick(e.terms) for e in entries], key_bytes, key_hash)  # one at a time
            buckets[ns] = space.write(ns, self)
            widths[ns] = len(space.columns)
            terms += space.terms
            del space
        for number, entry in enumerate(entries):
            for index, text in enumerate(entry.parts):
                self.put(f"p/{number}-{index}.json", text.encode("utf-8"))
        version = self.digest.hexdigest()[:12]
        self.scratch.rename(self.out / version)
        total_length = sum(row[-1] for row in table)
        manifest = _json({
            "format": FORMAT,
            "version": version,
            "documents": len(entries),
            "average_length": round(total_length / len(entries), 1) if entries else 0,
            "buckets": buckets,
            # how to cut a query (terms.py) and read postings: numbers per posting, codec.py
            "rules": {**rules(), "width": widths, "codec": [codec.LAST, codec.MORE]},
            "facets": {name: list(values) for name, values in facets.items()},
            # per document: unit, year, kind (indexes into facets), parts, length in terms
            "table": table,
        }).encode("utf-8")
        (self.out / "index.json").write_bytes(manifest)
        self.files += 1
        self.bytes += len(manifest)
        return terms


@dataclass
class _Namespace:
    """Every posting of one namespace, grouped by key (ascending), documents ascending."""

    keys: np.ndarray  # per group
    starts: np.ndarray  # per group: first row
    columns: list[np.ndarray]  # per row: the numbers of its posting
    key_bytes: KeyBytes  # keys -> (UTF-8 of each key, concatenated; length of each)
    key_hash: KeyHash  # keys -> uint32 hashes

    @property
    def terms(self) -> int:
        return len(self.keys)

    @classmethod
    def gather(cls, tables: list[TermTable], key_bytes: KeyBytes, key_hash: KeyHash) -> _Namespace:
        def column(name: str, dtype: Any) -> np.ndarray:
            return np.concatenate([getattr(t, name) for t in tables] or [np.zeros(0, dtype)])

        keys = column("keys", np.uint32)
        order, starts = group_by_key(keys)  # rows come in document order, and stay so within a key
        keys = keys[order]
        docs = np.repeat(np.arange(len(tables), dtype=np.uint32), [len(t.keys) for t in tables])[order]
        delta = docs.copy()
        delta[1:] -= docs[:-1]
        delta[starts] = docs[starts]
        del docs
        tf = (np.minimum(column("tf", np.uint16)[order], MAX_TF) * 2).astype(np.uint16)
        tf += column("title", bool)[order]
        columns = [delta, tf, column("part", np.uint16)[order]]
        if tables and tables[0].follow is not None:
            columns.append(column("follow", np.uint16)[order])
        return cls(keys[starts], starts, columns, key_bytes, key_hash)

    def write(self, ns: str, writer: _Writer) -> int:
        """Write the namespace's files; returns their number."""
        rows = len(self.columns[0])
        row_chars = sum(codec.lengths(c) for c in self.columns)  # uint8: a few characters a row
        posting_chars = np.add.reduceat(row_chars, self.starts, dtype=np.int64) if rows else np.zeros(0, np.int64)
        _, key_lengths = self.key_bytes(self.keys)
        record = 6 + key_lengths + posting_chars  # "key":"postings",
        count = max(1, math.ceil((int(record.sum()) + 2) / FILE_BYTES))
        bucket = (self.key_hash(self.keys) % np.uint32(count)).astype(np.int64)
        groups = np.argsort(bucket, kind="stable")  # file by file; keys stay ascending in a file
        sizes = np.diff(np.r_[self.starts, rows])[groups]
        starts = np.cumsum(sizes) - sizes  # each group's first row once rows are in file order
        row_order = np.repeat(self.starts[groups] - starts, sizes) + np.arange(rows)
        file_group = np.searchsorted(bucket[groups], np.arange(count + 1))  # each file's first group
        file_row = np.r_[starts, rows][file_group]  # each file's first row
        first = 0
        while first < count:  # a batch of whole files, about ROWS_PER_BATCH postings
            end = int(np.searchsorted(file_row, file_row[first] + ROWS_PER_BATCH, side="right")) - 1
            end = min(max(end, first + 1), count)
            g0, g1 = file_group[first], file_group[end]
            batch = _Batch(self, groups[g0:g1], sizes[g0:g1], row_order[file_row[first]:file_row[end]])
            for n in range(first, end):
                writer.put(f"{ns}/{n}.json", batch.file(file_group[n] - g0, file_group[n + 1] - g0))
            first = end
        return count


class _Batch:
    """The records ("key":"postings",) of consecutive groups, encoded into one buffer."""

    def __init__(self, space: _Namespace, groups: np.ndarray, sizes: np.ndarray, rows: np.ndarray) -> None:
        width = len(space.columns)
        chars, size = codec.encode(np.stack([c[rows] for c in space.columns], axis=1).ravel())
        row_chars = size.reshape(-1, width).sum(axis=1, dtype=np.int64)
        posting_chars = np.add.reduceat(row_chars, np.cumsum(sizes) - sizes) if len(rows) else row_chars
        key_data, key_lengths = space.key_bytes(space.keys[groups])
        self.size = 6 + key_lengths + posting_chars
        self.start = np.cumsum(self.size) - self.size
        buf = np.empty(int(self.size.sum()), dtype=np.uint8)
        buf[self.start] = ord('"')
        _scatter(buf, self.start + 1, key_lengths, key_data)
        for offset, char in enumerate(b'":"'):
            buf[self.start + 1 + key_lengths + offset] = char
        _scatter(buf, self.start + 4 + key_lengths, posting_chars, chars)
        buf[self.start + self.size - 2] = ord('"')
        buf[self.start + self.size - 1] = ord(",")
        self.data = buf.tobytes()

    def file(self, lo: int, hi: int) -> bytes:
        """The JSON object of records lo..hi-1 (no comma after the last)."""
        if lo == hi:
            return b"{}"
        return b"{" + self.data[self.start[lo]:self.start[hi - 1] + self.size[hi - 1] - 1] + b"}"


def _scatter(buf: np.ndarray, starts: np.ndarray, lengths: np.ndarray, data: np.ndarray) -> None:
    """Copy consecutive runs of `data` (of `lengths`) to `buf` at `starts`."""
    if not len(data):
        return
    offsets = np.cumsum(lengths) - lengths
    buf[np.repeat(starts - offsets, lengths) + np.arange(len(data))] = data


def _utf8(codes: np.ndarray) -> np.ndarray:
    """UTF-8 of characters U+0800–U+FFFF (every CJK character here): 3 bytes each, (n, 3)."""
    out = np.empty((len(codes), 3), dtype=np.uint8)
    out[:, 0] = 0xE0 | (codes >> 12)
    out[:, 1] = 0x80 | ((codes >> 6) & 0x3F)
    out[:, 2] = 0x80 | (codes & 0x3F)
    return out


def _bmp_utf8(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _utf8(keys).ravel(), np.full(len(keys), 3, dtype=np.int64)


def _pair_utf8(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pair = np.concatenate([_utf8(keys >> np.uint32(16)), _utf8(keys & np.uint32(0xFFFF))], axis=1)
    return pair.ravel(), np.full(len(keys), 6, dtype=np.int64)


def _word_bytes(words: list[str]) -> KeyBytes:
    encoded = [w.encode("utf-8") for w in words]

    def key_bytes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        chosen = [encoded[k] for k in keys.tolist()]
        data = np.frombuffer(b"".join(chosen), dtype=np.uint8)
        return data, np.array([len(c) for c in chosen], dtype=np.int64)

    return key_bytes


def _word_hashes(words: list[str]) -> KeyHash:
    hashes = fmix32(np.array([word_hash(w) for w in words], dtype=np.uint32))

    def key_hash(keys: np.ndarray) -> np.ndarray:
        return hashes[keys.astype(np.int64)]

    return key_hash


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
