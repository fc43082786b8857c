"""Language versions of a page: the real counterpart, or the closest page in that language."""

from __future__ import annotations

from gongkai.content.corpus import Corpus
from gongkai.content.model import DEFAULT_LANG
from gongkai.site.paths import page_path


def alternates(corpus: Corpus, meta: dict, base_path: str) -> list[dict]:
    """One entry per site language for the generated page `meta` at `base_path` (no language prefix).

    `same` is True when the target is this page in that language (an hreflang alternate); an
    untranslated document points to its year archive in that language instead, where it is
    listed as available in Chinese only, so the language switcher never leads to a 404.
    """
    result = []
    doc = corpus.by_id.get(meta.get("id", "")) if meta.get("page") in ("document", "print") else None
    for lang in corpus.languages:
        if doc is None or lang == DEFAULT_LANG or lang in doc.translations:
            result.append({"lang": lang, "path": page_path(lang, base_path), "same": True})
        else:
            result.append({"lang": lang, "path": page_path(lang, f"{doc.year}/"), "same": False})
    return result
