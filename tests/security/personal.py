"""The personal values of the example city, as the tests look for them in output."""

from __future__ import annotations

import csv

from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.loaders.tables import TABLES


def personal_values() -> set[str]:
    """Every personal cell (names, phones, ID numbers, addresses) of the examples."""
    values: set[str] = set()
    for table in ("households", "people"):
        personal = [c.name for c in TABLES[table].columns if c.personal]
        with (EXAMPLE_CSV / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                values.update(row[c] for c in personal if row.get(c))
    return values


def leaks(text: str, values: set[str] | None = None) -> list[str]:
    """Personal values that appear in clear in `text`."""
    return sorted(v for v in (values or personal_values()) if v in text)
