"""Which pages a preview rebuild must render again: what each page shows depends on.

A full build renders every page; a preview rebuild after an edit renders the pages whose
output can differ from the previous build's and keeps the rest. The rules, by page kind:

- any page whose staged file changed (title, body, summary; a page added);
- a document page and its print view: the document or one of its related documents (in
  either direction, before or after the edit) changed, or is new or gone;
- a listing (home, archives, unit pages, compliance, search facets), per language: its
  view or description differs from the previous build's (compared as data, so nothing is guessed; a year
  archive or unit page only when a changed document is, or was, of that year or unit);
- everything, when the navigation (the years) changed.

The site configuration, units, templates and code are not compared here: the caller starts a
full build when one of them changed. A clean full build is the reference; the preview tests
compare a random sequence of edits against it.
"""

from __future__ import annotations

from gongkai.site.pages import UNIT, YEAR, PageRef
from gongkai.site.sitebuild import SiteBuild


def pages_to_render(old: SiteBuild, new: SiteBuild) -> set[str] | None:
    """Staged paths (every language) whose page must be rendered again; None: all of them."""
    if old.nav() != new.nav() or old.languages != new.languages:
        return None
    old_staged, new_staged = old.staged_contents, new.staged_contents
    dirty = {path for path, content in new_staged.items() if old_staged.get(path) != content}
    changed = changed_documents(old, new)
    # a year archive lists that year's documents only, a unit page that unit's
    docs = [build.corpus.by_id[i] for build in (old, new) for i in changed if i in build.corpus.by_id]
    years, units = {d.year for d in docs}, {d.unit.key for d in docs}
    for path, ref in new.refs.items():
        if path in dirty:
            continue
        if ref.kind.per_document:
            if _document_affected(old, new, ref.id or "", changed):
                dirty.add(path)
        elif (ref.kind is YEAR and ref.year not in years) or (ref.kind is UNIT and ref.unit not in units):
            continue
        elif _listing_changed(old, new, ref, new.langs[path]):
            dirty.add(path)
    return dirty


def changed_documents(old: SiteBuild, new: SiteBuild) -> set[str]:
    """Ids of documents added, removed or different in any field (translations included)."""
    before, after = old.corpus.by_id, new.corpus.by_id
    return {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}


def _document_affected(old: SiteBuild, new: SiteBuild, doc_id: str, changed: set[str]) -> bool:
    if doc_id in changed:
        return True
    related = {d.doc_id for d in new.corpus.related_of(new.corpus.by_id[doc_id])}
    if doc_id in old.corpus.by_id:
        related |= {d.doc_id for d in old.corpus.related_of(old.corpus.by_id[doc_id])}
    return not related.isdisjoint(changed)


def _listing_changed(old: SiteBuild, new: SiteBuild, ref: PageRef, lang: str) -> bool:
    try:
        before = _shown(old, ref, lang)
    except (KeyError, StopIteration):  # a year or unit the previous build did not have
        return True
    return before != _shown(new, ref, lang)


def _shown(build: SiteBuild, ref: PageRef, lang: str) -> tuple[object, str | None]:
    """What a listing shows that the build decides: its view and its description."""
    describe = ref.kind.describe
    return build.view(ref, lang), describe(build, ref, lang) if describe is not None else None
