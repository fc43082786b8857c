"""segno's choice of QR mask (ISO/IEC 18004 7.8.3), same result, many times faster.

segno applies each of the eight masks module by module and scores it with pure-Python loops,
~4 ms a code. Here a symbol is one big int holding a byte (0 or 1) per module, row by row, and
a second one column by column: a mask is one XOR, runs (N1) and 2x2 blocks (N2) are shifts and
bit counts, 1:1:3:1:1 patterns (N3) are found with bytes.find. install() puts it in place of
segno's function; micro codes, a proposed mask or an unexpected matrix still go to segno.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from segno import encoder as _encoder

encoder: Any = _encoder  # segno's typing covers its public API only, not the encoder's functions
_segno_best_mask = encoder.find_and_apply_best_mask
_N3 = b"\x01\x00\x01\x01\x01\x00\x01"


def _transpose(flat: bytes, width: int) -> bytes:
    """The modules of a row-wise `flat` symbol column by column."""
    return b"".join([flat[j::width] for j in range(width)])


@cache
def _layout(width: int) -> tuple[tuple[tuple[int, int], ...], int]:
    """The eight masks of a `width` wide symbol, each as a row-wise and a column-wise int
    (a 1 byte where the mask flips an encoding-region module), and the int with a 1 byte on
    every module that has a left neighbour."""
    function = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(function, width, width)
    encoder.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1  # the dark module, as segno marks it
    masks = []
    for flips in encoder.get_data_mask_functions(False):
        flat = bytes(function[i][j] > 1 and flips(i, j) for i in range(width) for j in range(width))
        masks.append((int.from_bytes(flat, "big"), int.from_bytes(_transpose(flat, width), "big")))
    inner = int.from_bytes((b"\0" + b"\1" * (width - 1)) * width, "big")
    return tuple(masks), inner


def _n3(line: bytes, size: int) -> int:
    """segno's N3 of one row or column, with its edge cases and where it resumes searching."""
    count = 0
    idx = line.find(_N3)
    while idx != -1:
        offset = idx + 7
        if idx in (0, size - 7) or not any(line[max(idx - 4, 0):min(idx, size)]) \
                or not any(line[max(offset, 0):min(offset + 4, size)]):
            count += 40
        else:
            offset = idx + 4
        idx = line.find(_N3, offset)
    return count


def _line_scores(value: int, width: int, inner: int) -> tuple[int, int, int]:
    """N1, N2 and N3 of the rows of `value` (of the columns if it is the column-wise int);
    N2 is only meaningful row-wise."""
    shift = 8 * width
    same = ((value ^ (value >> 8)) & inner) ^ inner  # 1: this module has its left neighbour's colour
    five = same & (same >> 8) & (same >> 16) & (same >> 24)  # ...and the three before it too
    # N1: each run of L >= 5 scores L - 2; `five` marks its last L - 4 modules, the first of
    # them has no `same` four modules back
    n1 = 3 * five.bit_count() - 2 * (five & (same >> 32)).bit_count()
    n2 = 3 * (same & (same >> shift) & ~(value ^ (value >> shift))).bit_count()
    flat = value.to_bytes(width * width, "big")
    n3 = 0
    at = flat.find(_N3)
    while at != -1:  # segno searches each line on its own: hand it the whole line
        start = at - at % width
        if at - start > width - 7:  # runs into the next line
            at = flat.find(_N3, at + 1)
            continue
        n3 += _n3(flat[start:start + width], width)
        at = flat.find(_N3, start + width)
    return n1, n2, n3


def find_and_apply_best_mask(matrix: tuple[bytearray, ...], width: int, height: int,
                             proposed_mask: int | None = None) -> tuple[int, tuple[bytearray, ...]]:
    """Drop-in for segno.encoder.find_and_apply_best_mask: the first mask with the lowest
    penalty and the masked matrix (new bytearrays, which segno then writes format info into)."""
    modules = b"".join(matrix)
    if proposed_mask is not None or width != height or width < 21 or modules.translate(None, b"\0\1"):
        return _segno_best_mask(matrix, width, height, proposed_mask)  # type: ignore[no-any-return]
    masks, inner = _layout(width)
    plain = int.from_bytes(modules, "big")
    plain_t = int.from_bytes(_transpose(modules, width), "big")
    best_score, best_mask, best = sys.maxsize, 0, 0
    for number, (mask, mask_t) in enumerate(masks):
        value = plain ^ mask
        row_n1, n2, row_n3 = _line_scores(value, width, inner)
        col_n1, _, col_n3 = _line_scores(plain_t ^ mask_t, width, inner)
        percent = float(value.bit_count()) / (width ** 2)  # N4 in segno's float arithmetic
        score = row_n1 + col_n1 + n2 + row_n3 + col_n3 + 10 * int(abs(percent * 100 - 50) / 5)
        if score < best_score:  # strictly lower: the first of equal scores wins, as in segno
            best_score, best_mask, best = score, number, value
    flat = best.to_bytes(width * width, "big")
    return best_mask, tuple(bytearray(flat[i:i + width]) for i in range(0, width * width, width))


def install() -> None:
    """Make segno's encoder (which looks the function up as a module global) use this one."""
    encoder.find_and_apply_best_mask = find_and_apply_best_mask
