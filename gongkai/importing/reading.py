"""What reading a file gives the converter: its lines, whether they are Markdown, and what the
editor must be told about the reading itself (OCR to proofread, page furniture removed)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Reading:
    lines: list[str]
    markdown: bool = False
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # (ui key, params)
