"""Posting lists as short ASCII strings (the browser decodes them in gongkai-search-engine.js).

Each number is a run of characters, each carrying 5 bits of it, lowest first: '#'…'B'
(ASCII 35–66) ends the number, ']'…'|' (93–124) says more follow. Values below 32 take one
character, below 1,024 two. Two plain ASCII ranges without '"' or '\\', so the strings sit in
JSON unescaped, encode with arithmetic alone, and static hosts gzip them like any text.
"""

from __future__ import annotations

import numpy as np

LAST, MORE = 35, 93  # first character of each range


def lengths(numbers: np.ndarray) -> np.ndarray:
    """Characters each number takes (uint8)."""
    size = np.ones(len(numbers), dtype=np.uint8)
    shift = 5
    while len(numbers) and int(numbers.max()) >> shift:
        size += numbers >= (1 << shift)
        shift += 5
    return size


def encode(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The characters of all `numbers` (non-negative, below 2**32), one after another, as
    bytes; and how many characters each number took."""
    numbers = numbers.astype(np.uint32, copy=False)
    size = lengths(numbers)
    start = np.cumsum(size, dtype=np.int64) - size
    out = np.empty(int(start[-1] + size[-1]) if len(size) else 0, dtype=np.uint8)
    more = size > 1
    out[start] = (numbers & np.uint32(31)).astype(np.uint8) + np.where(more, MORE, LAST).astype(np.uint8)
    at = np.flatnonzero(more)  # the numbers with a further digit
    digit = 1
    while len(at):
        value = ((numbers[at] >> np.uint32(5 * digit)) & np.uint32(31)).astype(np.uint8)
        more = size[at] > digit + 1
        out[start[at] + digit] = value + np.where(more, MORE, LAST).astype(np.uint8)
        at = at[more]
        digit += 1
    return out, size


def decode(text: str) -> list[int]:
    numbers, n, shift = [], 0, 0
    for code in text.encode("ascii"):
        if code >= MORE:
            n |= (code - MORE) << shift
            shift += 5
        else:
            numbers.append(n | (code - LAST) << shift)
            n, shift = 0, 0
    return numbers
