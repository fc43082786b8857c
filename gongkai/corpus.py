"""All documents under reports/: reading, cross-file checks and lookups."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .model import DEFAULT_LANG, Document, Site
from .problems import Problem, errors, sort_key
from .source import read_source
from .paths import page_path
from .validate import PATH, DocumentBuilder

ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf"}


@dataclass
class Corpus:
    site: Site
    languages: list[str]
    documents: list[Document] = field(default_factory=list)  # originals (Chinese), by id
    translations: list[Document] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # rel paths below reports/
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0  # Markdown source files read (originals and translations)

    @cached_property
    def by_id(self) -> dict[str, Document]:
        return {d.doc_id: d for d in self.documents}

    @cached_property
    def referenced_by(self) -> dict[str, set[str]]:
        """id -> ids of the documents that list it as related."""
        refs: dict[str, set[str]] = defaultdict(set)
        for doc in self.documents:
            for rid in doc.related:
                refs[rid].add(doc.doc_id)
        return refs

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    def years(self) -> list[int]:
        return sorted({d.year for d in self.documents}, reverse=True)

    def newest_first(self, docs: list[Document] | None = None) -> list[Document]:
        docs = self.documents if docs is None else docs
        return sorted(docs, key=lambda d: (d.published, d.doc_id), reverse=True)

    def related_of(self, doc: Document) -> list[Document]:
        """Related documents in both directions, newest first."""
        ids = set(doc.related) | self.referenced_by.get(doc.doc_id, set())
        ids.discard(doc.doc_id)
        by_id = self.by_id
        return self.newest_first([by_id[i] for i in ids if i in by_id])

    def in_lang(self, doc: Document, lang: str) -> Document:
        """The document's version in `lang`, or the original."""
        return doc.translations.get(lang, doc)


def load_corpus(site: Site, languages: list[str] | None = None) -> Corpus:
    languages = languages or [DEFAULT_LANG]
    corpus = Corpus(site, languages)
    reports = site.reports_dir
    paths = sorted(p for p in reports.rglob("*") if p.is_file() and not _hidden(p, reports))
    check_url_clashes(corpus, [p.relative_to(site.root).as_posix() for p in paths if p.suffix == ".md"])
    for path in paths:
        rel = path.relative_to(site.root).as_posix()
        if path.suffix.lower() in ASSET_SUFFIXES:
            corpus.assets.append(path.relative_to(reports).as_posix())
            continue
        if path.suffix != ".md":
            corpus.problems.append(Problem(rel, 0, "", "file_not_markdown", {"suffix": path.suffix}))
            continue
        corpus.files_read += 1
        src = read_source(path.read_bytes(), rel)
        doc = DocumentBuilder(src, site, languages).build() if not src.problems else None
        corpus.problems.extend(src.problems)
        if doc is None:
            continue
        (corpus.translations if doc.lang != DEFAULT_LANG else corpus.documents).append(doc)
    check_corpus(corpus)
    corpus.problems.sort(key=sort_key)
    return corpus


def check_url_clashes(corpus: Corpus, rel_paths: list[str]) -> None:
    """Files that would publish at the same URL: x.md and x.zh.md, or names differing in case
    (one URL on case-insensitive hosts and Windows checkouts)."""
    by_url: dict[str, list[str]] = defaultdict(list)
    for rel in rel_paths:
        m = PATH.match(rel)
        if m:
            url = f"{page_path(m['lang'] or DEFAULT_LANG, m['folder'] + '/' + m['slug'].lower())}/"
            by_url[url].append(rel)
    for url, rels in by_url.items():
        for rel in rels if len(rels) > 1 else []:
            others = ", ".join(r for r in rels if r != rel)
            corpus.problems.append(Problem(rel, 0, "", "url_duplicate", {"url": url, "others": others}))


def check_corpus(corpus: Corpus) -> None:
    """Checks that need every file: clashes, related ids, translations without original."""
    add = corpus.problems.append
    by_index: dict[str, list[Document]] = defaultdict(list)
    clashing = {p.path for p in corpus.problems if p.code == "url_duplicate"}  # already told
    for doc in corpus.documents:
        if doc.rel_path not in clashing:
            by_index[doc.index_no].append(doc)
    for index_no, docs in by_index.items():
        if len(docs) > 1:
            for doc in docs:
                others = ", ".join(d.rel_path for d in docs if d is not doc)
                add(Problem(doc.rel_path, doc.field_lines.get("index_no", 1), "index_no", "index_no_duplicate",
                            {"index_no": index_no, "others": others}))
    ids = {d.doc_id for d in corpus.documents}
    for doc in corpus.documents:
        for rid in doc.related:
            if rid == doc.doc_id:
                add(Problem(doc.rel_path, doc.field_lines.get("related", 1), "related", "related_self", {"id": rid}))
            elif rid not in ids:
                add(Problem(doc.rel_path, doc.field_lines.get("related", 1), "related", "related_unknown",
                            {"id": rid, "suggestion": _closest(rid, ids)}))
    originals = corpus.by_id
    for tr in corpus.translations:
        original = originals.get(tr.doc_id)
        if original is None:
            add(Problem(tr.rel_path, 0, "", "translation_orphan", {"original": f"reports/{tr.doc_id}.md"}))
        else:
            original.translations[tr.lang] = tr


def _closest(value: str, candidates: set[str]) -> str:
    match = difflib.get_close_matches(value, sorted(candidates), 1)
    return match[0] if match else "2024/example-report"


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
