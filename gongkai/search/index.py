"""Build the static search index of a site: one small file per group of terms.

Layout, per language (browser side: overrides/assets/javascripts/gongkai-search-engine.js):

    search-index/<lang>/index.json        manifest: fetched first, never cached (names the
                                          current folder below, document facets and sizes)
    search-index/<lang>/<version>/<ns>/<n>.json    {term: postings}, ns = u|b|t|w, n = CRC-32
                                          of the key modulo the namespace's file count
    search-index/<lang>/<version>/p/<doc>-<part>.json   {url, title, text: [blocks]}: one
                                          ~2,000-character part of a document, for the excerpt

A query downloads the manifest, one file per query term (a few KB each) and one part per
result shown: it does not grow with the number of query words the way a chunked index of
whole words does (see bench/search_bench.py). `<version>` is a hash of the content, so a
browser never mixes files of two builds.

Postings of a term: for each document containing it, in document order, three numbers:
document number minus the previous one, occurrences × 2 + 1 if it is in the title, and the
first part that contains it (gongkai/search/codec.py).
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import codec
from .htmltext import text_blocks
from .terms import NAMESPACES, bucket_of, count_terms

OUTPUT_DIR = "search-index"
FORMAT = 1
PART_CHARS = 2000  # text per part file: one excerpt costs one part (~2–3 KB gzipped)
BUCKET_CHARS = 12000  # target size of a term file before gzip
MAX_TF = 255


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
    order: tuple = ()  # documents are numbered in this order (newest first); ties by url


@dataclass
class IndexStats:
    seconds: float
    output_dir: Path
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
        pieces = [block[i:i + size] for i in range(0, len(block), size)] or [block]
        for piece in pieces:
            if length and length + len(piece) > size:
                parts.append([])
                length = 0
            parts[-1].append(piece)
            length += len(piece)
    return parts


@dataclass
class _Language:
    docs: list[SearchDocument] = field(default_factory=list)


class SearchIndex:
    """Collects the documents of every language during a build, then writes all indexes."""

    def __init__(self) -> None:
        self._languages: dict[str, _Language] = {}

    def add(self, lang: str, doc: SearchDocument) -> None:
        self._languages.setdefault(lang, _Language()).docs.append(doc)

    def count(self, lang: str) -> int:
        return len(self._languages.get(lang, _Language()).docs)

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
            docs = sorted(self._languages.get(lang, _Language()).docs, key=lambda d: (d.order, d.url))
            written = _write_language(out / lang, docs)
            files += written[0]
            size += written[1]
            terms += written[2]
            pages[lang] = len(docs)
        return IndexStats(seconds=time.monotonic() - start, output_dir=out, pages=pages,
                          files=files, bytes=size, terms=terms)


def _write_language(out: Path, docs: list[SearchDocument]) -> tuple[int, int, int]:
    """Write one language's index; returns (files, bytes, terms)."""
    postings: dict[str, list[int]] = {}  # key -> [doc, tf*2+title, part, doc, …]
    facets: dict[str, dict[str, int]] = {"unit": {}, "year": {}, "kind": {}}
    table = []
    content: dict[str, str] = {}  # relative path -> file text
    for number, doc in enumerate(docs):
        blocks = text_blocks(doc.html)
        parts = split_parts(blocks)
        title_counts: Counter = Counter()
        count_terms(doc.title, title_counts)
        body_counts: Counter = Counter()
        first_part: dict[str, int] = {}
        for index, part in enumerate(parts):
            counts: Counter = Counter()
            for block in part:
                count_terms(block, counts)
            for key in counts.keys() - first_part.keys():
                first_part[key] = index
            body_counts.update(counts)
            content[f"p/{number}-{index}.json"] = _json({"url": doc.url, "title": doc.title, "text": part})
        for key, tf in (body_counts + title_counts).items():
            entry = postings.get(key)
            if entry is None:
                postings[key] = entry = []
            entry += (number, min(tf, MAX_TF) * 2 + (key in title_counts), first_part.get(key, 0))
        length = sum(body_counts.values()) + sum(title_counts.values())
        table.append([facets[name].setdefault(value, len(facets[name]))
                      for name, value in (("unit", doc.unit), ("year", doc.year), ("kind", doc.kind))]
                     + [len(parts), length])

    by_namespace: dict[str, list[str]] = {ns: [] for ns in NAMESPACES}
    for key in postings:
        by_namespace[key[0]].append(key)
    buckets = {}
    for ns, keys in by_namespace.items():
        encoded = {key: _encode(postings[key]) for key in keys}
        total = sum(len(k) + len(v) + 6 for k, v in encoded.items())
        buckets[ns] = count = max(1, math.ceil(total / BUCKET_CHARS))
        files: dict[int, dict[str, str]] = {}
        for key in sorted(keys):
            files.setdefault(bucket_of(key, count), {})[key[1:]] = encoded[key]
        for n, terms in files.items():
            content[f"{ns}/{n}.json"] = _json(terms)

    digest = hashlib.sha256()
    for path in sorted(content):
        digest.update(path.encode() + b"\0" + content[path].encode() + b"\0")
    version = digest.hexdigest()[:12]
    total_length = sum(row[-1] for row in table)
    manifest = {
        "format": FORMAT,
        "version": version,
        "documents": len(docs),
        "average_length": round(total_length / len(docs), 1) if docs else 0,
        "buckets": buckets,
        "facets": {name: list(values) for name, values in facets.items()},
        # per document: unit, year, kind (indexes into facets), parts, length in terms
        "table": table,
    }
    folder = out / version
    made: set[Path] = set()
    size = 0
    for path, text in content.items():
        target = folder / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        data = text.encode("utf-8")
        target.write_bytes(data)
        size += len(data)
    index = _json(manifest).encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.json").write_bytes(index)
    return len(content) + 1, size + len(index), len(postings)


def _encode(flat: list[int]) -> str:
    numbers = list(flat)
    previous = 0
    for i in range(0, len(numbers), 3):
        numbers[i], previous = numbers[i] - previous, numbers[i]
    return codec.encode(numbers)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
