"""The load a tutorial would write, as the baseline of `speedup_vs_naive`.

One transaction per input row; each row MERGEs its node and then MATCHes both
ends of every relationship by id and MERGEs it, one statement each. The sample
(households, the service ties among them, the requests they raised) is copied
under fresh ids (prefix ``NAIVE-``) into the loaded database, so the naive load
creates what our loader created, against the same indexes and the same store
size; it is deleted afterwards.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from gridnet.bench.server import statements
from gridnet.db import Database
from gridnet.privacy import display

PREFIX = "NAIVE-"


@dataclass
class NaiveResult:
    """Rows written the naive way and how long it took."""

    households: int
    service_ties: int
    service_requests: int
    seconds: float

    @property
    def rows(self) -> int:
        return self.households + self.service_ties + self.service_requests

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "households": self.households,
            "service_ties": self.service_ties,
            "service_requests": self.service_requests,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "rows_per_s": round(self.rows_per_s, 1),
        }


def _csv(path: Path) -> csv.DictReader[str]:
    return csv.DictReader(path.open(encoding="utf-8-sig", newline=""))


def _none(value: str | None) -> str | None:
    return value if value else None


def _display(kind: str, value: str | None) -> str | None:
    return display(kind, value) if value else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _bool(value: str | None) -> bool | None:
    return None if not value else value.lower() == "true"


def sample(
    folder: Path, rows: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """About `rows` rows: half households, then their ties and requests (a quarter each).

    Households are taken from the start of the file; ties and requests are those
    whose households are in the sample (ties served by a person keep the person,
    who is in the database already).
    """
    want_h = max(1, rows // 2)
    households = []
    with (folder / "households.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            households.append(row)
            if len(households) >= want_h:
                break
    ids = {h["id"] for h in households}
    rest = max(0, rows - len(households))
    ties = []
    with (folder / "service_ties.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["household_id"] in ids and (
                row["server_type"] == "person" or row["server_id"] in ids
            ):
                ties.append(row)
                if len(ties) >= rest // 2:
                    break
    requests = []
    with (folder / "service_requests.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["household_id"] in ids:
                requests.append(row)
                if len(requests) >= rest - len(ties):
                    break
    return households, ties, requests


def _per_row(db: Database, steps: list[tuple[str, dict[str, Any]]]) -> None:
    """One managed transaction for one input row: its statements in order."""

    def work(tx: ManagedTransaction) -> None:
        for query, params in steps:
            tx.run(query, params).consume()

    with db.session() as s:
        s.execute_write(work)


def run(
    db: Database, folder: Path, rows: int, progress: Callable[[str], None] | None = None
) -> NaiveResult:
    """Write the sample the naive way, time it, then delete it."""
    q = statements()
    households, ties, requests = sample(folder, rows)

    def nid(value: str) -> str:
        return PREFIX + value

    started = time.perf_counter()
    for h in households:
        # display forms only: no clear personal value is written, even in a bench
        params = {
            "id": nid(h["id"]),
            "name": display("name", h["name"]),
            "address": _display("address", h.get("address")),
            "phone": _display("phone", h.get("phone")),
            "size": _int(h.get("size")),
            "vulnerable": _bool(h.get("vulnerable")),
            "lighthouse": _bool(h.get("lighthouse")),
            "grid_id": h["grid_id"],
            "building_id": _none(h.get("building_id")),
            "party_group_id": _none(h.get("party_group_id")),
        }
        steps = [(q["naive_household"], params), (q["naive_household_grid"], params)]
        if params["building_id"]:
            steps.append((q["naive_household_building"], params))
        if params["party_group_id"]:
            steps.append((q["naive_household_group"], params))
        _per_row(db, steps)
    for t in ties:
        person = t["server_type"] == "person"
        params = {
            "server_id": t["server_id"] if person else nid(t["server_id"]),
            "household_id": nid(t["household_id"]),
            "since": _none(t.get("since")),
        }
        _per_row(db, [(q["naive_tie_person" if person else "naive_tie_household"], params)])
    for r in requests:
        params = {
            "id": nid(r["id"]),
            "household_id": nid(r["household_id"]),
            "category_id": r["category_id"],
            "status": r["status"],
            "opened_at": r["opened_at"],
            "deadline": _none(r.get("deadline")),
            "closed_at": _none(r.get("closed_at")),
            "title": _none(r.get("title")),
            "satisfaction": _int(r.get("satisfaction")),
            "platform_id": _none(r.get("platform_id")),
            "handler_id": _none(r.get("handler_id")),
        }
        steps = [
            (q["naive_request"], params),
            (q["naive_request_household"], params),
            (q["naive_request_category"], params),
        ]
        if params["platform_id"]:
            steps.append((q["naive_request_platform"], params))
        if params["handler_id"]:
            steps.append((q["naive_request_handler"], params))
        _per_row(db, steps)
    seconds = time.perf_counter() - started
    result = NaiveResult(len(households), len(ties), len(requests), seconds)
    if progress:
        progress(
            f"naive load: {result.rows} rows in {seconds:.1f}s "
            f"({result.rows_per_s:,.0f} rows/s); deleting the sample"
        )
    cleanup(db)
    return result


def cleanup(db: Database) -> None:
    """Delete what the naive load wrote (requests first: they hang off households)."""
    q = statements()
    db.write(q["naive_cleanup_requests"], {"prefix": PREFIX})
    db.write(q["naive_cleanup_households"], {"prefix": PREFIX})
