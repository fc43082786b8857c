"""Normalising imported text: encoding, spurious spaces, punctuation, hard-wrapped lines."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
SPACES = str.maketrans({"\u3000": " ", "\xa0": " ", "\t": " "})
# a sentence (or a clause that must stay on its line) ends here, closing quotes allowed after
SENTENCE_END = re.compile(r"[。！？；：!?;:…][”’」』）)》\]]*$")
# spans whose punctuation belongs to another syntax: URLs, e-mail, Markdown links, code
PROTECTED = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9./?#&=_%~+:@-]*[A-Za-z0-9/#=_%~+-]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|\]\([^)\s]*\)"
    r"|`[^`]*`"
)
WRAPPED_MIN_LINES = 6  # too few lines to tell wrapping from short paragraphs
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
SPACE_RUN = re.compile(r"(\S) +(?=(\S))")
MARKDOWN_PREFIX = re.compile(r"^(?:#{1,6}|[-*+>]|\d{1,2}[.)]) +")
# what would turn a page's, PDF's or Word file's text into markup: a tag or <autolink>, an
# entity, [link](…)/![image](…)/[ref]: …, a {: attribute list }
ACTIVE_TEXT = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)|[\[{]")
ACTIVE_ESCAPED = {"<": "&lt;", "&": "&amp;", "[": "\\[", "{": "\\{"}


def read_text(path: Path) -> str:
    """UTF-8 (BOM allowed) or, failing that, GB18030 as Windows tools save it."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def literal(text: str) -> str:
    """Text read from a file that is not Markdown, written so that it shows as it was
    printed and never becomes HTML, a link or an image."""
    return ACTIVE_TEXT.sub(lambda m: ACTIVE_ESCAPED[m.group()], text)


def is_ideograph(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


def is_wide_punct(c: str) -> bool:
    """Full-width punctuation: 。，、《》（）【】 (never takes spaces around it)."""
    return bool(c) and unicodedata.category(c).startswith("P") and unicodedata.east_asian_width(c) in "WF"


def is_chinese(c: str) -> bool:
    return is_ideograph(c) or is_wide_punct(c)


def _space_is_spurious(left: str, right: str) -> bool:
    # Chinese is set solid, digits included ("2024年"); a space between Latin words stays
    if is_wide_punct(left) or is_wide_punct(right):
        return True
    if is_ideograph(left):  # quotation marks on either side of it: “松坪法治夜校”
        return is_ideograph(right) or right.isdigit() or right in "“‘”’"
    if is_ideograph(right):
        return left.isdigit() or left in "”’“‘"
    return False


def clean_spaces(line: str) -> str:
    """Drop invisible characters and the spaces PDF extraction puts inside Chinese runs."""
    line = line.translate(INVISIBLE).translate(SPACES).strip()
    m = MARKDOWN_PREFIX.match(line)  # "## （一）…" keeps the space after its marker
    start = m.end() if m else 0
    rest = SPACE_RUN.sub(lambda m: m[1] if _space_is_spurious(m[1], m[2]) else m[1] + " ", line[start:])
    return line[:start] + rest


def fix_punctuation(line: str) -> str:
    """Half-width , ; : ? ! ( ) next to Chinese become full-width; numbers, times, URLs,
    e-mail addresses and Latin text keep theirs."""
    chars = list(line)
    free = [True] * len(chars)
    for m in PROTECTED.finditer(line):
        free[m.start():m.end()] = [False] * (m.end() - m.start())

    def neighbour(i: int, step: int) -> str:
        i += step
        while 0 <= i < len(chars) and chars[i] == " ":
            i += step
        return chars[i] if 0 <= i < len(chars) else ""

    for i, c in enumerate(chars):
        if not free[i] or c not in ",;:?!":
            continue
        before, after = neighbour(i, -1), neighbour(i, 1)
        if before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:30
        if c == "!" and after == "[":
            continue  # a Markdown image
        if is_chinese(before) or is_chinese(after):
            chars[i] = HALF_TO_FULL[c]
    _fix_parentheses(chars, free)
    return clean_spaces("".join(chars))


def _fix_parentheses(chars: list[str], free: list[bool]) -> None:
    """A pair ( ) goes full-width when it holds Chinese or touches Chinese outside."""
    open_at: list[int] = []
    pairs: list[tuple[int, int | None]] = []
    for i, c in enumerate(chars):
        if not free[i]:
            continue
        if c == "(":
            open_at.append(i)
        elif c == ")":
            pairs.append((open_at.pop(), i) if open_at else (i, None))
    pairs += [(i, None) for i in open_at]
    text = "".join(chars)
    for start, end in pairs:
        before = text[start - 1] if start else ""
        if end is None:  # unpaired: decide by its neighbours alone
            after = text[start + 1] if start + 1 < len(text) else ""
            if is_chinese(before) or is_chinese(after):
                chars[start] = HALF_TO_FULL[chars[start]]
            continue
        if before == "]":
            continue  # a Markdown link target
        after = text[end + 1] if end + 1 < len(text) else ""
        inner = text[start + 1:end]
        if any(is_ideograph(c) for c in inner) or is_chinese(before) or is_ideograph(after):
            chars[start], chars[end] = "（", "）"


def ends_sentence(line: str) -> bool:
    return bool(SENTENCE_END.search(line))


def width(line: str) -> int:
    """Printed width: a Chinese character is two columns (so are “”·…, set full-width in
    Chinese fonts), spaces take none."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line if not c.isspace())


def full_width(lines: list[str]) -> float | None:
    """The width from which a line counts as full, when the text is hard-wrapped; else None.

    PDF text breaks lines at the page width, so most of its lines are (nearly) equally full;
    a copy from a web page has one line per paragraph, of every length.
    """
    widths = sorted(width(line) for line in lines if line.strip())
    if len(widths) < WRAPPED_MIN_LINES:
        return None
    threshold = 0.8 * widths[int(0.9 * (len(widths) - 1))]
    full = sum(w >= threshold for w in widths)
    return threshold if full >= 3 and full >= 0.4 * len(widths) else None


def join_wrapped(lines: list[str], starts_block: Callable[[str], bool],
                 bare_heading: Callable[[str], bool]) -> list[str]:
    """Join lines broken mid-sentence: a full line not ending a sentence runs on into the
    next, unless that one starts a block (heading, list item, signature, date). A numbered
    heading that fills its line takes the next line only when it is short: its tail; a full
    next line is the first line of a paragraph."""
    threshold = full_width(lines)
    if threshold is None:
        return lines
    joined: list[str] = []
    last_width = 0  # width of the last physical line of joined[-1]
    for line in lines:
        prev = joined[-1] if joined else ""
        if (prev and line and last_width >= threshold and not ends_sentence(prev)
                and not prev.startswith(("#", "|")) and not starts_block(line)
                and not (bare_heading(prev) and width(line) >= threshold)):
            # a Latin word broken at the line end had a space there; digits and Chinese did not
            latin = prev[-1].isascii() and prev[-1].isalpha() and line[0].isascii() and line[0].isalpha()
            joined[-1] = prev + (" " if latin else "") + line
        else:
            joined.append(line)
        last_width = width(line)
    return joined
