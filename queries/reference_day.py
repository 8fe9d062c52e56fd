"""The reference day of the data: the day requests are aged and judged overdue against
unless a user picks another.

Why one rule: the explorer opens on this day and the gap report's rollups are
refreshed for it (`rollup.refresh` without a day), so the report a user first sees
is read from the rollups instead of computed live. The day is the latest request
date in the data (opened or closed), else today: a dataset of another year (the
generated city lives in the article's 2013) aged against today's date would call
every request years overdue, and for a city loaded daily it is today or yesterday.

>>> from_dates(dt.date(2013, 6, 25), dt.date(2013, 6, 20), today=dt.date(2026, 1, 1))
datetime.date(2013, 6, 25)
>>> from_dates(None, None, today=dt.date(2026, 1, 1))
datetime.date(2026, 1, 1)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gridnet import cypher
from gridnet.db import Database
from gridnet.queries.gap_rules import FRAGMENTS_DIR

__all__ = ["data_day", "from_dates"]

_QUERY = cypher.load_file(FRAGMENTS_DIR / "data_day.cypher")["data_day"]


def _native(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    native: dt.date = value.to_native()
    return native


def from_dates(
    last_opened: dt.date | None, last_closed: dt.date | None, today: dt.date | None = None
) -> dt.date:
    """The later of the two dates, else `today` (default: the machine's)."""
    days = [d for d in (last_opened, last_closed) if d is not None]
    return max(days) if days else (today or dt.date.today())


def data_day(db: Database) -> dt.date:
    """The reference day of the data in `db` (see the module's docstring)."""
    rows = db.read(_QUERY.text, timeout=0)
    row = rows[0] if rows else {}
    return from_dates(_native(row.get("last_opened")), _native(row.get("last_closed")))
