"""Text to search terms: the one definition shared by the index builder and the browser.

overrides/assets/javascripts/gongkai-search-engine.js implements the same rules for queries;
tests/test_search_engine.py runs both on the same strings and compares.

- Text is NFKC-normalised and lower-cased (全角 ＡＢＣ１２３ → abc123).
- Runs of CJK characters (Han, kana, Hangul) are indexed as every character (namespace "u"),
  every pair ("b") and every triple ("t"). Chinese has no spaces, and any word-list
  segmenter misses words it does not know (town and village names first of all); n-grams
  find every string: 调解 inside 人民调解, 化解 inside 多元化解, 上坪镇 and never 松坪镇.
  A query word of three or more characters is looked up as overlapping triples, so it
  matches only where its characters stand together.
- Other letters and digits form words ("w"), with a light English plural/-ing/-ed stemmer.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
TOKEN = re.compile(f"([{CJK}]+)|([^\\W_{CJK}]+)")
NAMESPACES = ("u", "b", "t", "w")  # CJK 1-, 2-, 3-grams, other words


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def stem(word: str) -> str:
    """A deliberately small English stemmer: plurals, -ing, -ed (mediators → mediator)."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    return word


def runs(text: str) -> list[tuple[bool, str]]:
    """(is_cjk, run) for each CJK run and each other word of the normalised text."""
    return [(bool(m.group(1)), m.group(0)) for m in TOKEN.finditer(normalize(text))]


def count_terms(text: str, counts: Counter) -> None:
    """Add the index terms of one block of text to `counts` (key = namespace + term)."""
    for cjk, run in runs(text):
        if not cjk:
            counts["w" + stem(run)] += 1
            continue
        counts.update("u" + c for c in run)
        if len(run) > 1:
            counts.update("b" + run[i:i + 2] for i in range(len(run) - 1))
        if len(run) > 2:
            counts.update("t" + run[i:i + 3] for i in range(len(run) - 2))


def query_keys(word: str) -> list[str]:
    """The index keys that one query word needs (all of them must match).

    A CJK run of n ≥ 3 characters: triples starting at 0, 2, 4, … and the last one, which
    overlap and so cover every adjacent pair (人民调解 → 人民调, 民调解) at half the
    lookups of every triple.
    """
    keys: list[str] = []
    for cjk, run in runs(word):
        if not cjk:
            keys.append("w" + stem(run))
        elif len(run) == 1:
            keys.append("u" + run)
        elif len(run) == 2:
            keys.append("b" + run)
        else:
            starts = sorted(set(range(0, len(run) - 2, 2)) | {len(run) - 3})
            keys.extend("t" + run[i:i + 3] for i in starts)
    return list(dict.fromkeys(keys))


def bucket_of(key: str, buckets: int) -> int:
    """Which file of its namespace holds a key: CRC-32 of its UTF-8 bytes (same in JS)."""
    return zlib.crc32(key.encode("utf-8")) % buckets
