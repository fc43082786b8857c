"""What reading a file gives the converter: its lines, whether they are Markdown, and what the
editor must be told about the reading itself (OCR to proofread, page furniture removed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# told before OCR reads page `page` of `pages` (a page takes seconds: the editor sees it move)
Progress = Callable[[int, int], None]


def no_progress(page: int, pages: int) -> None:
    """For callers that need not say how OCR goes."""


class Unreadable(OSError):
    """A file of a type we read that holds nothing readable; `reason` names what the editor is
    told (locale key import_unreadable_<reason>), the detail is for developers."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason


@dataclass
class Reading:
    lines: list[str]
    markdown: bool = False
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # (ui key, params)
