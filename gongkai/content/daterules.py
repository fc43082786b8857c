"""Rules between fields: the dates of a document against each other, its kind and its year."""

from __future__ import annotations

import datetime as dt

from gongkai.content.fields import FieldReader
from gongkai.content.model import KINDS, Site
from gongkai.problems import WARNING


def check_dates(fields: FieldReader, site: Site, kind: str | None, year: int | None,
                published: dt.date | None, written: dt.date | None) -> None:
    if published and written and written > published:
        fields.report("written", "written_after_published", written=written, published=published)
    if not (published and year and kind):
        return
    if KINDS[kind].about_finished_year and published <= dt.date(year, 12, 31):
        fields.report("published", "published_before_year_end", published=published, year=year)
    elif KINDS[kind].has_deadline and published >= site.deadline(year):
        fields.report("published", "published_late", WARNING, published=published,
                      deadline=site.deadline(year), year=year)
