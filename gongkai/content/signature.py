"""The typed signature block at the end of a document body (落款: issuing unit, then the date).

Reports pasted from Word end with the unit's full name and the date, and a note such as
（此件公开发布） may follow the date. Pages render the signature from metadata (unit and
成文日期) instead, laid out as GB/T 9704 describes, so the typed copy is removed from the body
to avoid printing it twice. Only a block that clearly is a signature is removed: one to three
unit-name lines directly followed by a date line, at the very end of the body.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.content import dates
from gongkai.content.model import Unit

MAX_UNIT_LINES = 3  # joint documents list several issuers, one a line
MAX_UNIT_CHARS = 60

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_EN = re.compile(rf"^(?:\d{{1,2}} (?:{_MONTHS}),? \d{{4}}|(?:{_MONTHS}) \d{{1,2}}, ?\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})$",
                     re.IGNORECASE)
UNIT_ZH = re.compile(r"^[\u3400-\u9fff（）()·〔〕\d]{2,60}(?:人民政府|政府|局|委员会|办公室|办事处|委|厅|院|所|中心|办)$")
UNIT_EN = re.compile(r"^[A-Z][\w'’&.,\- ]{2,80}(?:Government|Bureau|Committee|Office|Commission|Department)$")
NOTE = re.compile(r"^[（(][^（）()]{2,30}[）)]$")  # 附注, e.g. （此件公开发布）
_INLINE = re.compile(r"<br\s*/?>|</?(?:p|div|span|strong|b)(?:\s[^>]*)?>|\*\*|__|\\$", re.IGNORECASE)


@dataclass(frozen=True)
class TypedSignature:
    units: list[str]
    date: str
    notes: list[str] = field(default_factory=list)


def clean_line(line: str) -> str:
    """The visible text of one Markdown line: no hard-break marks, bold or simple tags."""
    return _INLINE.sub("", line.strip()).strip()


def _squash(text: str) -> str:
    """Full-width digits and letters made half-width, all spaces removed (for matching only)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_date_line(text: str) -> bool:
    plain = " ".join(unicodedata.normalize("NFKC", text).split())
    return dates.is_date_line(_squash(text)) or bool(DATE_EN.match(plain))


def is_unit_line(text: str, unit_names: Iterable[str] = ()) -> bool:
    if not text or len(text) > MAX_UNIT_CHARS:
        return False
    names = {_squash(n).casefold() for n in unit_names if n}
    if _squash(text).casefold() in names:
        return True
    return bool(UNIT_ZH.match(_squash(text)) or UNIT_EN.match(" ".join(text.split())))


def split_signature(body: str, unit_names: Iterable[str] = ()) -> tuple[str, TypedSignature | None]:
    """(body without its typed signature, the signature) or (body, None) when there is none."""
    names = list(unit_names)
    lines = body.split("\n")
    visible = [clean_line(line) for line in lines]
    i = len(lines) - 1

    def skip_blank(k: int) -> int:
        while k >= 0 and not visible[k]:
            k -= 1
        return k

    i = skip_blank(i)
    notes: list[str] = []
    while i >= 0 and NOTE.match(_squash(visible[i])) and len(notes) < 2:
        notes.insert(0, visible[i])
        i = skip_blank(i - 1)
    if i < 0 or not is_date_line(visible[i]):
        return body, None
    date = visible[i]
    i = skip_blank(i - 1)
    units: list[str] = []
    while i >= 0 and len(units) < MAX_UNIT_LINES and is_unit_line(visible[i], names):
        units.insert(0, visible[i])
        first = i
        i -= 1
        if i >= 0 and not visible[i]:  # a blank line ends the block unless a unit precedes it
            j = skip_blank(i)
            if j < 0 or not is_unit_line(visible[j], names):
                break
            i = j
    if not units:
        return body, None
    kept = "\n".join(lines[:first]).rstrip() + "\n"
    return kept, TypedSignature(units=units, date=date, notes=notes)


def strip_signature(body: str, unit_names: Iterable[str] = ()) -> str:
    return split_signature(body, unit_names)[0]


def unit_names(unit: Unit) -> list[str]:
    """Every name a typed signature of `unit` may use, in any language."""
    return [unit.name, unit.short, *unit.names.values(), *unit.shorts.values()]
