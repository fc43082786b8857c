"""All documents under reports/: reading, cross-file checks and lookups."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from markdown import Markdown

from gongkai.content.model import DEFAULT_LANG, Document, Site, Translation
from gongkai.content.pathrules import PATH, original_id
from gongkai.content.source import read_source
from gongkai.content.validate import read_document
from gongkai.locales import categories
from gongkai.problems import WARNING, Problem, errors, sort_key
from gongkai.rendering import render
from gongkai.rendering.bodycheck import html_problems
from gongkai.site.paths import page_path

# attachments published from reports/: images and PDF as they are; office files and archives
# only when a document links to them (an unlinked Word file is a report still to import)
PUBLISHED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf"}
LINKED_SUFFIXES = {".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ppt", ".pptx", ".dps",
                   ".odt", ".ods", ".odp", ".ofd", ".csv", ".zip", ".rar", ".7z"}
STAGED_DIR = "generated"  # docs/generated/ is written by the build, never by editors


@dataclass
class Corpus:
    site: Site
    languages: list[str]
    documents: list[Document] = field(default_factory=list)  # originals (Chinese), by id
    translations: list[Translation] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # rel paths below reports/
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0  # Markdown source files read (originals and translations)
    broken: dict[str, str] = field(default_factory=dict)  # id -> path of an original with errors

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


# What reading one file gave, by (path, BLAKE2 digest of its bytes): a preview rebuild reads
# again only the files that changed (the cross-file checks always run on the whole corpus)
ReadCache = dict[tuple[str, bytes], tuple[list[Problem], "Document | Translation | None"]]


def load_corpus(site: Site, languages: list[str] | None = None, render_bodies: bool = False,
                reads: ReadCache | None = None) -> Corpus:
    """Every document under reports/. `render_bodies` (for `check`; the build sanitises what
    it renders itself) also renders each body and reports what the sanitiser would refuse.
    `reads` (not with `render_bodies`) keeps what each file gave for the next load with the
    same site configuration."""
    languages = languages or [DEFAULT_LANG]
    corpus = Corpus(site, languages)
    reports = site.reports_dir
    paths = source_files(site, corpus.problems)
    check_url_clashes(corpus, [p.relative_to(site.root).as_posix() for p in paths if p.suffix == ".md"])
    attachments: list[Path] = []
    renderer = render.new_renderer() if render_bodies else None
    for path in paths:
        rel = path.relative_to(site.root).as_posix()
        suffix = path.suffix.lower()
        if suffix in PUBLISHED_SUFFIXES:
            corpus.assets.append(path.relative_to(reports).as_posix())
            continue
        if suffix in LINKED_SUFFIXES:
            attachments.append(path)
            continue
        if path.suffix != ".md":
            code = "attachment_svg" if suffix == ".svg" else "attachment_type"
            allowed = " ".join(sorted(PUBLISHED_SUFFIXES | LINKED_SUFFIXES))
            corpus.problems.append(Problem(rel, 0, "", code, {"suffix": path.suffix or path.name, "allowed": allowed}))
            continue
        corpus.files_read += 1
        file_problems, doc = _read(path, rel, site, languages, renderer, reads)
        corpus.problems.extend(file_problems)
        if doc is None:
            broken = original_id(rel)
            if broken:
                corpus.broken[broken] = rel
        elif isinstance(doc, Translation):
            corpus.translations.append(doc)
        else:
            corpus.documents.append(doc)
    check_attachments(corpus, attachments)
    if render_bodies:
        corpus.problems += handwritten_problems(site, renderer)
    check_corpus(corpus)
    corpus.problems.sort(key=sort_key)
    return corpus


def _read(path: Path, rel: str, site: Site, languages: list[str], renderer: Markdown | None,
          reads: ReadCache | None) -> tuple[list[Problem], Document | Translation | None]:
    raw = path.read_bytes()
    key = (rel, hashlib.blake2b(raw, digest_size=16).digest())
    if reads is not None and key in reads:
        problems, doc = reads[key]
        # check_corpus fills an original's translations: each load starts it empty
        return list(problems), replace(doc, translations={}) if isinstance(doc, Document) else doc
    src = read_source(raw, rel)
    doc = read_document(src, site, languages) if src.has_front_matter else None
    if doc is not None and renderer is not None:
        src.problems += body_problems(doc.rel_path, doc.body, doc.body_line, renderer)
    if reads is not None:
        reads[key] = (list(src.problems), doc)
    return src.problems, doc


def body_problems(rel_path: str, body: str, body_line: int, renderer: Markdown | None) -> list[Problem]:
    """What rendering a Markdown body gives `check` to report: a failure, or refused HTML."""
    try:
        html = render.render(body, renderer)
    except (RecursionError, ValueError, IndexError, KeyError) as exc:  # what very odd Markdown raises
        return [Problem(rel_path, body_line, "", "body_render_failed", {"detail": type(exc).__name__})]
    return html_problems(rel_path, body, body_line, html)


def handwritten_problems(site: Site, renderer: Markdown | None) -> list[Problem]:
    """The hand-written pages of docs/ pass the same allowlist in the build: check them too."""
    docs = site.root / "docs"
    problems: list[Problem] = []
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        rel = path.relative_to(site.root).as_posix()
        if rel.startswith(f"docs/{STAGED_DIR}/") or path.is_symlink():
            continue
        text = path.read_text(encoding="utf-8-sig")
        body, line = text, 1
        if text.startswith("---\n") and "\n---\n" in text[4:]:  # MkDocs' meta block
            head, body = text[4:].split("\n---\n", 1)
            line = head.count("\n") + 3
        problems += body_problems(rel, body, line, renderer)
    return problems


def source_files(site: Site, problems: list[Problem]) -> list[Path]:
    """Every file under reports/, sorted; hidden entries and symbolic links (here and in
    docs/) are problems, never read: a link could publish any file of the build machine."""
    found = []
    for top in (site.reports_dir, site.root / "docs"):
        for folder, dirs, files in os.walk(top, followlinks=False):
            here = Path(folder)
            rel_here = here.relative_to(site.root).as_posix()
            if rel_here == f"docs/{STAGED_DIR}":
                dirs[:] = []
                continue
            for name in sorted(dirs + files):
                path = here / name
                rel = path.relative_to(site.root).as_posix()
                if path.is_symlink():
                    problems.append(Problem(rel, 0, "", "path_symlink"))
                elif top == site.reports_dir and name.startswith("."):
                    problems.append(Problem(rel, 0, "", "path_hidden"))
                elif top == site.reports_dir and name in files:
                    found.append(path)
            dirs[:] = [d for d in dirs if not (here / d).is_symlink() and not (top == site.reports_dir and d.startswith("."))]
    return sorted(found)


def check_attachments(corpus: Corpus, attachments: list[Path]) -> None:
    """Office files and archives are published when a document of their folder links them."""
    reports = corpus.site.reports_dir
    bodies: dict[str, str] = defaultdict(str)
    sources: list[Document | Translation] = [*corpus.documents, *corpus.translations]
    for source in sources:
        bodies[source.rel_path.rsplit("/", 1)[0]] += source.body
    for path in attachments:
        rel = path.relative_to(corpus.site.root).as_posix()
        link = re.compile(r"(?:\]\(\s*<?|href=[\"']?)(?:\./)?" + re.escape(path.name))
        if link.search(bodies[rel.rsplit("/", 1)[0]]):
            corpus.assets.append(path.relative_to(reports).as_posix())
        else:
            corpus.problems.append(Problem(rel, 0, "", "attachment_unlinked", {"name": path.name, "path": rel}))


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
            elif rid in corpus.broken:  # not this file's mistake: say whose it is
                add(Problem(doc.rel_path, doc.field_lines.get("related", 1), "related", "related_broken",
                            {"id": rid, "path": corpus.broken[rid]}, WARNING))
            elif rid not in ids:
                add(Problem(doc.rel_path, doc.field_lines.get("related", 1), "related", "related_unknown",
                            {"id": rid, "suggestion": _closest(rid, ids)}))
    originals = corpus.by_id
    for tr in corpus.translations:
        original = originals.get(tr.doc_id)
        if original is None and tr.doc_id in corpus.broken:
            add(Problem(tr.rel_path, 0, "", "translation_original_broken",
                        {"path": corpus.broken[tr.doc_id]}, WARNING))
        elif original is None:
            add(Problem(tr.rel_path, 0, "", "translation_orphan", {"original": f"reports/{tr.doc_id}.md"}))
        else:
            original.translations[tr.lang] = tr
            if not tr.category and original.category not in categories(tr.lang):
                add(Problem(tr.rel_path, 0, "category", "category_untranslated",
                            {"value": original.category, "lang": tr.lang}, WARNING))


def _closest(value: str, candidates: set[str]) -> str:
    match = difflib.get_close_matches(value, sorted(candidates), 1)
    return match[0] if match else "2024/example-report"
