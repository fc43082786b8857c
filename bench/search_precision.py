"""Precision and recall of the search engine's exact matches on a generated county (not a test).

    .venv/bin/python bench/search_precision.py            # 1,000 documents
    .venv/bin/python bench/search_precision.py --docs 300

Indexes bench/search_corpus.py's documents with gongkai.search, runs the browser engine in
Node (tests/test_search_engine.py's harness) for the query shapes residents type: words, town
names, a town's name plus words (run as the page runs it: the town's filter and the words)
and the same typed as one string (the page's "search everywhere"), and counts, against the
documents' own text: exact results, those wrongly exact (precision), documents holding the
words but listed under the fallback note (exact recall) and near misses the check caught.
Seconds: ~25 s for 1,000 documents on a 2-core machine.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE), str(HERE.parent / "tests")]

import search_corpus as corpus
from test_search_engine import search_in_node

from gongkai.search import SearchDocument, SearchIndex
from gongkai.search.htmltext import text_blocks
from gongkai.search.terms import normalize

WORDS = ["人民调解", "法律顾问", "多元化解", "行政执法", "法律明白人", "一村一法律顾问", "调解", "化解",
         "人民调解法律顾问", "合法性审查", "矛盾纠纷", "执法监督"]
WITH_TOWN = ["人民调解", "法律明白人", "行政执法", "多元化解"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="gongkai-precision-"))
    try:
        index, texts, units = SearchIndex(), {}, {}
        for n, (doc, html) in enumerate(corpus.make_docs(args.docs)):
            url = f"{doc.year}/doc-{n}/"
            index.add("zh", SearchDocument(url=url, title=doc.title, unit=doc.unit, year=str(doc.year),
                                           kind=doc.kind, html=html, order=(-doc.year, n)))
            texts[url] = normalize(doc.title + "\n" + "\n".join(text_blocks(html)))
            units[url] = doc.unit
        index.write(out, ["zh"])
        queries: list[tuple[str, str | None]] = [(w, None) for w in WORDS]
        for town in sorted(set(units.values())):
            queries.append((town, None))
            for words in WITH_TOWN:
                queries += [(words, town), (town + words, None)]
        results = search_in_node(out / "search-index" / "zh",
                                 [{"query": q, "filters": {"unit": u} if u else {}} for q, u in queries])
        site = f"file://{out}/"
        exact_total = wrong = holding_total = apart = near = 0
        for (query, unit), result in zip(queries, results):
            holding = {url for url, text in texts.items()
                       if all(normalize(w) in text for w in query.split()) and unit in (None, units[url])}
            found = {u.removeprefix(site) for u in result["urls"]}
            exact = {u.removeprefix(site) for u, ok in zip(result["urls"], result["verified"]) if ok}
            exact_total += len(exact)
            wrong += len(exact - holding)
            holding_total += len(holding)
            apart += len(holding - exact)
            near += len(found - holding) if result["exact"] else 0
        print(f"{args.docs} documents, {len(queries)} queries: {exact_total} exact results, {wrong} wrongly exact "
              f"(precision {1 - wrong / max(exact_total, 1):.4f}); {holding_total} documents holding the words, "
              f"{apart} listed apart (exact recall {1 - apart / max(holding_total, 1):.4f}); "
              f"{near} near misses caught")
        return 1 if wrong else 0
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
