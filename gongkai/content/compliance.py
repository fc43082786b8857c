"""Who has published: each unit's annual report per year, on time, late or missing.

Pure functions over the corpus. Every unit in the registry (units.yml) is expected to publish
an annual report on every year the site covers (the years that have documents). A report on
year Y is on time when published before `Site.deadline(Y)` (gongkai.yml `report_deadline`,
default 1 April of Y+1), late otherwise. Without a report, the unit is "missing" once the
deadline has passed relative to the reference date `as_of`, and "not yet due" before.

Built pages never use today's date (two builds of one commit must be byte-identical):
`reference_date` takes the newest of the documents' publication dates and the source date
(SOURCE_DATE_EPOCH, else the date of the git commit being built). The CLI may use today.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.content.corpus import Corpus
from gongkai.content.model import CHINA, Document, Site, Unit
from gongkai.content.sections import SECTIONS, Section, find_sections
from gongkai.problems import WARNING, Problem

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
PENDING = "pending"  # no report yet, deadline not passed
STATUSES = (ON_TIME, LATE, MISSING, PENDING)



@dataclass(frozen=True)
class Entry:
    """One unit's annual report for one year."""

    unit: Unit
    year: int
    status: str
    deadline: dt.date  # exclusive: published before this day is on time
    report: Document | None = None
    others: tuple[Document, ...] = ()  # further annual reports of the same unit and year
    sections: dict[str, str | None] = field(default_factory=dict)  # id -> matched heading
    missing_sections: tuple[Section, ...] = ()  # required sections not found

    @property
    def days_late(self) -> int:
        if self.report is None or self.status != LATE:
            return 0
        return (self.report.published - self.deadline).days + 1

    @property
    def complete(self) -> bool:
        return self.report is not None and not self.missing_sections


@dataclass(frozen=True)
class YearStatus:
    year: int
    deadline: dt.date
    as_of: dt.date
    entries: tuple[Entry, ...]

    @property
    def due(self) -> bool:
        return self.as_of >= self.deadline

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for entry in self.entries:
            counts[entry.status] += 1
        return counts

    @property
    def incomplete(self) -> int:
        """Published reports that lack a required section."""
        return sum(1 for e in self.entries if e.report is not None and e.missing_sections)


def classify(site: Site, documents: list[Document], year: int, as_of: dt.date) -> YearStatus:
    """The status of every registered unit's annual report on `year`."""
    deadline = site.deadline(year)
    reports: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.kind == "annual-report" and doc.year == year:
            reports.setdefault(doc.unit.key, []).append(doc)
    entries = []
    for unit in site.units.values():
        found = sorted(reports.get(unit.key, []), key=lambda d: (d.published, d.doc_id))
        if not found:
            status = MISSING if as_of >= deadline else PENDING
            entries.append(Entry(unit, year, status, deadline))
            continue
        report = found[0]  # the first publication counts for the deadline
        sections = find_sections(report.body)
        missing = tuple(s for s in SECTIONS if s.required and sections.get(s.id) is None)
        status = ON_TIME if report.published < deadline else LATE
        entries.append(Entry(unit, year, status, deadline, report, tuple(found[1:]), sections, missing))
    return YearStatus(year, deadline, as_of, tuple(entries))


def overview(corpus: Corpus, as_of: dt.date) -> list[YearStatus]:
    """Every year the site covers, newest first."""
    return [classify(corpus.site, corpus.documents, year, as_of) for year in corpus.years()]


def newest_published(corpus: Corpus) -> dt.date | None:
    return max((d.published for d in corpus.documents), default=None)


def source_date(root: Path) -> dt.date | None:
    """The date of the sources being built: SOURCE_DATE_EPOCH, else the git HEAD commit date
    (China time). None outside a git checkout. Never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), CHINA).date()
    try:
        proc = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct", "HEAD"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = proc.stdout.strip()
    if proc.returncode != 0 or not stamp.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(stamp), CHINA).date()


def reference_date(corpus: Corpus, root: Path | None = None) -> dt.date:
    """The deterministic "as of" date of a build: the newest of the documents' publication
    dates and the source date. Falls back to 1 January 1970 for an empty site."""
    candidates = [d for d in (newest_published(corpus), source_date(root) if root else None) if d]
    return max(candidates, default=dt.date(1970, 1, 1))


def problems(statuses: list[YearStatus]) -> list[Problem]:
    """Warnings for `check --compliance`: missing reports and reports lacking a required section.
    Late reports are already warned about by the ordinary check (published_late)."""
    found: list[Problem] = []
    for status in statuses:
        for entry in status.entries:
            if entry.status == MISSING:
                found.append(Problem(
                    "units.yml", 0, entry.unit.key, "compliance_missing",
                    {"unit": entry.unit.name, "key": entry.unit.key, "year": entry.year,
                     "deadline": entry.deadline.isoformat()}, WARNING))
            elif entry.report is not None and entry.missing_sections:
                found.append(Problem(
                    entry.report.rel_path, 0, "", "compliance_sections",
                    {"unit": entry.unit.name, "year": entry.year,
                     "sections_zh": "、".join(s.heading("zh") for s in entry.missing_sections),
                     "sections_en": "; ".join(s.heading("en") for s in entry.missing_sections),
                     "headings_zh": "、".join(f"“{s.heading('zh')}”" for s in entry.missing_sections),
                     }, WARNING))
    return found
