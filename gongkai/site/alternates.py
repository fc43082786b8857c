"""Language versions of a page: the real counterpart, or the closest page in that language."""

from __future__ import annotations

from gongkai.content.corpus import Corpus
from gongkai.content.model import DEFAULT_LANG
from gongkai.site.pages import PageRef
from gongkai.site.paths import page_path, year_path
from gongkai.site.views import Alternate


def alternates(corpus: Corpus, ref: PageRef, base_path: str) -> tuple[Alternate, ...]:
    """One entry per site language for the generated page `ref` at `base_path` (no language prefix).

    `same` is True when the target is this page in that language (an hreflang alternate); an
    untranslated document points to its year archive in that language instead, where it is
    listed as available in Chinese only, so the language switcher never leads to a 404.
    """
    doc = corpus.by_id[ref.id or ""] if ref.kind.per_document else None
    result = []
    for lang in corpus.languages:
        if doc is None or lang == DEFAULT_LANG or lang in doc.translations:
            result.append(Alternate(lang, page_path(lang, base_path), True))
        else:
            result.append(Alternate(lang, year_path(lang, doc.year), False))
    return tuple(result)
