"""Site search, built by gongkai itself: a static index split into small files, so that a
query on a phone downloads a few tens of KB (gongkai/search/index.py), and a browser
engine that reads it (overrides/assets/javascripts/gongkai-search-engine.js). No MkDocs
import; the adapter feeds each built document page to SearchIndex.add().
"""

from gongkai.search.index import OUTPUT_DIR, IndexStats, SearchDocument, SearchIndex, SearchIndexError

__all__ = ["OUTPUT_DIR", "IndexStats", "SearchDocument", "SearchIndex", "SearchIndexError"]
