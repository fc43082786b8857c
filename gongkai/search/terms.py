"""Text to search terms: the rules shared by the index builder and the browser engine.

overrides/assets/javascripts/gongkai-search-engine.js applies the same rules to queries. It
restates none of the constants: rules() below goes into every index manifest and the engine
builds its tokeniser from it. tests/test_search_engine.py runs that tokeniser in Node over
every BMP character and compares it with doc_terms() here.

- Text is NFKC-normalised and lower-cased (全角 ＡＢＣ１２３ → abc123).
- Runs of CJK characters (Han, kana, Hangul; all in the Basic Multilingual Plane) are indexed
  as every character (namespace "u") and every pair of adjacent characters ("b"). Chinese has
  no spaces, and a word list misses the words it does not know (town and village names
  first of all); pairs find every string: 调解 inside 人民调解, 化解 inside 多元化解.
- Each pair's posting carries a *follow mask*: bit (c mod 10) for every character c that
  follows the pair in that document. A query word of three or more characters needs each
  pair of its neighbours, and each pair's mask must hold the character after it: 上坪镇 needs
  上坪 followed by 镇, and 坪镇, so a page with only 上坪村 and 松坪镇 does not match. Without
  positions this is not exact: of strings cut at random from the sample reports, 0.5% of
  the documents found do not hold the string as typed (tests/test_search_site.py), each of
  them holding every pair of it. One number per posting, far smaller than every triple.
- Other letters and digits form words ("w"), with a light English plural/-ing/-ed stemmer.

A key is a 32-bit number: the character (u), first << 16 | second (b), or the word's number
in the language's vocabulary (w). Its file is hash(key) mod the namespace's file count.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF))
CJK = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES)
# letters and digits that are not CJK; the supplementary ideographs (rare characters of names,
# 生僻字) by range, as this Python's Unicode may predate the browser's
IDEOGRAPHS_SUPPLEMENTARY = (0x20000, 0x3FFFF)
WORD = re.compile(f"(?:[^\\W_{CJK}]|[{chr(IDEOGRAPHS_SUPPLEMENTARY[0])}-{chr(IDEOGRAPHS_SUPPLEMENTARY[1])}])+")
FOLLOW_BITS = 10
# stem(): in each group the first rule whose suffix ends a word longer than `longer_than`
# (and none of `unless`) applies: the suffix is replaced by `by`
STEM_GROUPS: tuple[tuple[tuple[int, str, str, tuple[str, ...]], ...], ...] = (
    ((4, "ies", "y", ()), (4, "sses", "ss", ()), (4, "xes", "x", ()), (4, "ches", "ch", ()),
     (4, "shes", "sh", ()), (4, "zes", "z", ()), (3, "s", "", ("ss", "us", "is"))),
    ((5, "ing", "", ()), (4, "ed", "", ())),
)


def rules() -> dict[str, object]:
    """The constants a query must be cut by to meet this index (the manifest's "rules")."""
    return {"cjk": [list(r) for r in CJK_RANGES], "word_extra": [list(IDEOGRAPHS_SUPPLEMENTARY)],
            "follow_bits": FOLLOW_BITS,
            "stem": [[list(rule[:3]) + [list(rule[3])] for rule in group] for group in STEM_GROUPS]}
SEPARATOR = "\n"  # between blocks and parts: not CJK, not a word character, so runs stop there


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@cache
def _char_table() -> tuple[np.ndarray, np.ndarray]:
    """normalize() of each BMP character on its own, and where that is not the whole story
    (combining marks and Hangul jamo compose with neighbours, Σ and Ϲ lower-case by context,
    some characters become several)."""
    table = np.arange(0x10000, dtype=np.uint32)
    special = np.zeros(0x10000, dtype=bool)
    special[0xD800:0xE000] = True
    for code in range(0x10000):
        if special[code]:
            continue
        char = chr(code)
        mapped = normalize(char)
        if len(mapped) != 1 or _composes(char) or _composes(mapped) or "Σ" in unicodedata.normalize("NFKC", char):
            special[code] = True
        else:
            table[code] = ord(mapped)
    return table, special


def _composes(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char).startswith("M") or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def normalized_codes(text: str) -> tuple[str, np.ndarray]:
    """normalize(text) and its code points; character by character through a table (fast)
    unless the text has a character that needs the whole string."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    table, special = _char_table()
    if len(codes) and (codes.max() > 0xFFFF or special[codes].any()):
        text = normalize(text)
        return text, np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    codes = table[codes]
    return codes.tobytes().decode("utf-32-le"), codes


def stem(word: str) -> str:
    """A deliberately small English stemmer: plurals, -ing, -ed (mediators → mediator)."""
    for group in STEM_GROUPS:
        for longer_than, suffix, by, unless in group:
            if len(word) > longer_than and word.endswith(suffix) and not (unless and word.endswith(unless)):
                word = word[:len(word) - len(suffix)] + by
                break
    return word


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser on uint32 values (Math.imul in the browser)."""
    h = h.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def word_hash(word: str) -> int:
    """FNV-1a over the word's UTF-16 code units: a word's 32-bit number before fmix32."""
    h = 0x811C9DC5
    data = word.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h


@cache
def _cjk_table() -> np.ndarray:
    table = np.zeros(0x10001, dtype=bool)  # the last entry stands for every other plane
    for lo, hi in CJK_RANGES:
        table[lo:hi + 1] = True
    return table


def is_cjk(codes: np.ndarray) -> np.ndarray:
    cjk: np.ndarray = _cjk_table()[np.minimum(codes, 0x10000)]
    return cjk


@dataclass
class TermTable:
    """One namespace of one document: distinct keys in ascending order and, per key, its
    occurrences, whether the title has it, the first part that has it, and (pairs) the
    follow mask."""

    keys: np.ndarray  # uint32
    tf: np.ndarray  # uint16, at most 65,535
    title: np.ndarray  # bool
    part: np.ndarray  # uint16
    follow: np.ndarray | None = None  # uint16, namespace "b" only

    @classmethod
    def of(cls, keys: np.ndarray, part: np.ndarray, title_from: int, follow: np.ndarray | None = None) -> TermTable:
        """One row per key from occurrences in text order (positions >= title_from are the
        title's; `part` and `follow` are per occurrence)."""
        position, starts = group_by_key(keys)
        ends = np.r_[starts[1:], len(keys)].astype(np.intp)
        first = position[starts]  # the earliest occurrence: the body's before the title's
        mask = None
        if follow is not None:
            mask = np.bitwise_or.reduceat(follow[position], starts) if len(keys) else follow[:0]
        return cls(keys=keys[first].astype(np.uint32), tf=np.minimum(ends - starts, 0xFFFF).astype(np.uint16),
                   title=position[ends - 1] >= title_from if len(keys) else np.zeros(0, bool),
                   part=np.minimum(part[first], 0xFFFF).astype(np.uint16), follow=mask)


def group_by_key(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The order that sorts uint32 `keys`, keeping equal keys in their original order, and
    where each run of equal keys starts in that order."""
    packed = np.sort((keys.astype(np.uint64) << np.uint64(32)) | np.arange(len(keys), dtype=np.uint64))
    order = (packed & np.uint64(0xFFFFFFFF)).astype(np.intp)
    del packed
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(keys) else order
    return order, starts


@dataclass
class DocTerms:
    unigrams: TermTable
    pairs: TermTable
    words: TermTable
    length: int  # terms in title and body, for ranking


def doc_terms(parts: list[str], title: str, vocabulary: dict[str, int]) -> DocTerms:
    """The terms of one document. `parts` are its text parts (blocks joined by SEPARATOR);
    new words get the next number in `vocabulary` (one per language)."""
    texts, arrays = zip(*(normalized_codes(t) for t in [*parts, title]))
    stop = np.array([ord(SEPARATOR)], dtype=np.uint32)
    codes = np.concatenate([x for a in arrays for x in (a, stop)])
    segment = np.repeat(np.arange(len(arrays), dtype=np.uint32), [len(a) + 1 for a in arrays])
    title_from = len(codes) - len(arrays[-1]) - 1
    part = np.where(segment == len(parts), 0, segment)
    cjk = is_cjk(codes)

    at = np.flatnonzero(cjk)
    unigrams = TermTable.of(codes[at], part[at], int(np.searchsorted(at, title_from)))

    at = np.flatnonzero(cjk[:-1] & cjk[1:])
    nxt = np.r_[cjk[2:], False, False][at]  # a CJK character follows the pair
    after = codes[np.minimum(at + 2, len(codes) - 1)]
    follow = np.where(nxt, np.left_shift(np.uint16(1), (after % FOLLOW_BITS).astype(np.uint16)), 0).astype(np.uint16)
    pair_keys = (codes[at] << np.uint32(16)) | codes[at + 1]
    pairs = TermTable.of(pair_keys, part[at], int(np.searchsorted(at, title_from)), follow)

    word_keys, word_parts = [], []
    title_words = 0
    for index, text in enumerate(texts):
        for match in WORD.finditer(text):
            word_keys.append(vocabulary.setdefault(stem(match.group()), len(vocabulary)))
            word_parts.append(0 if index == len(parts) else index)
            title_words += index == len(parts)
    words = TermTable.of(np.array(word_keys, np.uint32), np.array(word_parts, np.uint32),
                         len(word_keys) - title_words)
    return DocTerms(unigrams, pairs, words, length=int(cjk.sum()) + len(at) + len(word_keys))
