"""Posting lists as short ASCII strings (the browser decodes them in gongkai-search-engine.js).

Each number is a variable-length run of characters from ALPHABET: a character carries 5 bits
of the number and says whether more follow (values < 32 take one character, < 1024 two).
Text, not binary, so static hosts gzip it like the JSON around it.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_LAST = ALPHABET[:32]  # final character of a number
_MORE = ALPHABET[32:]  # more characters follow
_VALUE = {c: i % 32 for i, c in enumerate(ALPHABET)}


def _encode_one(n: int) -> str:
    if n < 0:
        raise ValueError(f"negative number {n}")
    chunk = []
    while n >= 32:
        chunk.append(_MORE[n & 31])
        n >>= 5
    chunk.append(_LAST[n])
    return "".join(chunk)


_SMALL = [_encode_one(n) for n in range(1024)]  # most numbers: a table look-up


def encode(numbers: list[int]) -> str:
    return "".join(_SMALL[n] if 0 <= n < 1024 else _encode_one(n) for n in numbers)


def decode(text: str) -> list[int]:
    numbers, n, shift = [], 0, 0
    for c in text:
        n |= _VALUE[c] << shift
        if c in _LAST:
            numbers.append(n)
            n, shift = 0, 0
        else:
            shift += 5
    return numbers
