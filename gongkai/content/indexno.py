"""Index numbers (索引号) derived from unit code, year and a stable serial."""

from __future__ import annotations

import datetime as dt
import zlib

from gongkai.content.model import Site, Unit


def derive_index_no(site: Site, unit: Unit, published: dt.date, doc_id: str) -> str:
    """`<code>/<year>-<serial>` where serial = day of year (3 digits) + 2 digits of the id's hash.

    It depends only on the document itself, so adding other files never changes it; the rare
    clash (same unit, same day, same hash digits) is reported as a duplicate index number.
    """
    day = published.timetuple().tm_yday
    serial = f"{day:03d}{zlib.crc32(doc_id.encode()) % 100:02d}"
    return site.index_no_pattern.format(code=unit.code, year=published.year, serial=serial)
