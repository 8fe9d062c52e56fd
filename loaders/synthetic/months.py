"""A city that moves: one full dataset per month, the 督办 events between them, and the truth.

Why: the rectification workflow (snapshots, cases, trends) only shows anything when
the data changes between snapshots. ``gridnet generate --months N`` writes
``DIR/month-01 … month-N``: month 1 is the ordinary generated city (the same seed
gives the same city as ``gridnet generate``), each later month the same city with
the changes of that month — gaps fixed (a party branch or group founded, a
household given a contact, an overdue request closed), gaps opened (new households
nobody serves yet, requests whose deadline passes) and gaps that come back (a
closed request taken up again). Beside each month's tables sits
``workflow-events.csv`` (the format of ``gridnet cases import``): the assignments
(交办) and reported fixes (报整改) made after that month's snapshot. Some reported
fixes are real (the next month's data fixes the gap, so the next snapshot verifies
it), some are false (still there next month: reopened), some come back after
verification.

The truth: each month's ``manifest.json`` holds the exact gaps of that month under
``planted`` (as ``gridnet generate`` does), and ``DIR/manifest.json`` holds under
``case_states`` the state every case must end in after ``gridnet replay DIR``
(load, snapshot on the month's date, import the events; month by month). The
states come from `expected_states`, a plain statement of the workflow's rules
(``workflow/cases.py``) over the findings and events planned here, so the test
that compares it with the database checks the Cypher against an independent
reading. ``overdue`` is not a stored state (it is ``assigned`` seen after its due
date), so the truth names ``assigned``.

>>> month_dates(dt.date(2026, 6, 30), 3)
[datetime.date(2026, 6, 30), datetime.date(2026, 7, 31), datetime.date(2026, 8, 31)]
>>> expected_states([{"a", "b"}, {"b"}, {"b"}], [[("assign", "b")], [("report", "b")], []])
{'a': 'verified', 'b': 'reopened'}
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from gridnet.loaders.synthetic import names
from gridnet.loaders.synthetic.pipeline import Dataset, generate, write_dataset, write_manifest
from gridnet.loaders.synthetic.xiaogan import DEFAULT_AS_OF
from gridnet.queries.gap_rules import GAPS

__all__ = [
    "EVENTS_FILE",
    "MAX_MONTHS",
    "expected_states",
    "generate_months",
    "month_dates",
    "month_dir",
]

EVENTS_FILE = "workflow-events.csv"
EVENT_COLUMNS = ("case_id", "action", "on", "assignee", "due", "by", "note", "evidence", "actor")
MAX_MONTHS = 24
REVIEWER = "demo:街道督办员"
# How many cases each month gets of each story at small scales (fewer when fewer are at
# hand); three times as many per unit of scale above 1/3, so a large city moves too.
STORIES = {"real": 4, "false": 2, "comeback": 2, "assigned": 2, "quiet": 2, "new_households": 3}
_FIXABLE = ("grid_without_branch", "building_without_group", "household_unserved")

Rows = dict[str, list[dict[str, Any]]]
Event = tuple[str, str]  # (action, case key)


def month_dates(start: dt.date, months: int) -> list[dt.date]:
    """The snapshot date of each month: `start`, then the last day of each month after."""
    out = [start]
    for _ in range(months - 1):
        last = out[-1]
        first_next = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
        after = dt.date(first_next.year + first_next.month // 12, first_next.month % 12 + 1, 1)
        out.append(after - dt.timedelta(days=1))
    return out


def month_dir(out: Path, month: int) -> Path:
    """``out/month-01`` for month 1."""
    return out / f"month-{month:02d}"


def expected_states(
    presence: Sequence[set[str]], events: Sequence[Sequence[Event]]
) -> dict[str, str]:
    """The state each case ends in: snapshot k (its findings), then the events of month k.

    A finding never seen opens a case; one seen again after a reported fix or a
    verification reopens it; a case not seen any more is verified. ``assign``
    makes a case assigned, ``report`` reported.
    """
    state: dict[str, str] = {}
    for found, month_events in zip(presence, events, strict=True):
        for key in found:
            before = state.get(key)
            if before is None:
                state[key] = "open"
            elif before in ("reported", "verified"):
                state[key] = "reopened"
        for key, before in state.items():
            if key not in found and before != "verified":
                state[key] = "verified"
        for action, key in month_events:
            state[key] = "assigned" if action == "assign" else "reported"
    return dict(sorted(state.items()))


def _pair(code: str) -> bool:
    """Whether the gap's unit is a pair (grid, category): ``G-1|elder_care`` in the
    manifest, ``G-1/elder_care`` as a case's unit."""
    return len(GAPS[code].key) > 1


def _unit(code: str, planted: str) -> str:
    """A manifest id as the case's unit (``G-1|elder_care`` → ``G-1/elder_care``)."""
    return planted.replace("|", "/") if _pair(code) else planted


class _City:
    """The month's tables with the look-ups the stories need."""

    def __init__(self, tables: Rows, rng: random.Random, scale: float) -> None:
        self.t, self.rng, self.scale = tables, rng, scale
        self.grid = {g["id"]: g for g in tables["grids"]}
        self.building = {b["id"]: b for b in tables["buildings"]}
        self.household = {h["id"]: h for h in tables["households"]}
        self.request = {r["id"]: r for r in tables["service_requests"]}
        self.committee = {
            o["area_id"]: o["id"]
            for o in tables["organisations"]
            if o["kind"] == "community_party_committee"
        }
        self.person_of_grid: dict[str, str] = {}
        for tie in tables["service_ties"]:
            if tie["server_type"] == "person":
                grid = self.household[tie["household_id"]]["grid_id"]
                self.person_of_grid.setdefault(grid, tie["server_id"])
        self.added = 0

    def grid_of(self, code: str, unit: str) -> str | None:
        if code in ("grid_without_branch", "grid_without_lighthouse"):
            return unit
        if code in ("funds_without_roots", "grid_single_point") or _pair(code):
            return unit.split("/")[0]
        if code == "building_without_group":
            return str(self.building[unit]["grid_id"])
        if code in ("household_unserved", "lighthouse_overloaded"):
            return str(self.household[unit]["grid_id"])
        if code == "request_overdue":
            return str(self.household[self.request[unit]["household_id"]]["grid_id"])
        return None

    def assignee(self, code: str, unit: str) -> str | None:
        """The community party committee of the case's community (its 承办单位)."""
        grid = self.grid_of(code, unit)
        community = unit if code == "community_missing_org_types" else None
        if grid is not None:
            community = self.grid[grid]["community_id"]
        return self.committee.get(community) if community else None

    def fixable(self, code: str, unit: str) -> bool:
        if code == "household_unserved":
            return str(self.household[unit]["grid_id"]) in self.person_of_grid
        return code in _FIXABLE or code == "request_overdue"

    def _org(self, month: int, **row: Any) -> None:
        self.added += 1
        base = dict.fromkeys(
            ("category", "parent_id", "area_id", "grid_id", "building_id", "star_rating")
        )
        base.update(id=f"O-M{month:02d}-{self.added:04d}", system="core", type="party", **row)
        self.t["organisations"].append(base)

    def fix(self, code: str, unit: str, day: dt.date, month: int) -> None:
        """Change the tables so that the gap is gone on `day`."""
        if code == "grid_without_branch":
            g = self.grid[unit]
            self._org(
                month,
                name=f"{g['name']}党支部",
                kind="grid_party_branch",
                parent_id=self.committee.get(g["community_id"]),
                grid_id=unit,
                founded=(day - dt.timedelta(days=10)).isoformat(),
            )
        elif code == "building_without_group":
            b = self.building[unit]
            community = self.grid[b["grid_id"]]["community_id"]
            self._org(
                month,
                name=f"{b['name']}党小组",
                kind="building_party_group",
                parent_id=self.committee.get(community),
                building_id=unit,
                founded=(day - dt.timedelta(days=10)).isoformat(),
            )
        elif code == "household_unserved":
            person = self.person_of_grid[str(self.household[unit]["grid_id"])]
            self.t["service_ties"].append(
                {
                    "server_type": "person",
                    "server_id": person,
                    "household_id": unit,
                    "since": (day - dt.timedelta(days=7)).isoformat(),
                }
            )
        elif code == "request_overdue":
            r = self.request[unit]
            closed = dt.datetime.combine(day - dt.timedelta(days=3), dt.time(10, 0))
            r.update(status="closed", closed_at=closed.isoformat(), satisfaction=4)
        else:
            raise ValueError(f"no fix planned for {code}")

    def take_up_again(self, request: str) -> None:
        """A closed request taken up again (重新受理): overdue once more."""
        self.request[request].update(status="in_progress", closed_at=None, satisfaction=None)

    def new_household(self, month: int, n: int) -> str:
        """A household that moved in this month: nobody serves it yet."""
        templates = [h for h in self.t["households"] if not h["lighthouse"] and h["building_id"]]
        template = self.rng.choice(templates)
        hid = f"H-M{month:02d}-{n:04d}"
        gender = self.rng.choice(("male", "female"))
        row = {
            **template,
            "id": hid,
            "name": names.person_name(self.rng, gender),
            "phone": names.phone(self.rng),
            "address": re.sub(r"\d+$", f"{9}{n:02d}", str(template["address"] or "")) or None,
            "vulnerable": False,
            "lighthouse": False,
            "party_group_id": None,
        }
        self.t["households"].append(row)
        self.household[hid] = row
        return hid


def _overdue(city: _City, day: dt.date) -> set[str]:
    """The request_overdue findings of `day`: not closed, deadline before it (GAPS.md)."""
    return {
        f"request_overdue:{r['id']}"
        for r in city.t["service_requests"]
        if r["status"] != "closed" and r["deadline"] and dt.date.fromisoformat(r["deadline"]) < day
    }


def _planted(found: set[str], codes: Sequence[str]) -> dict[str, list[str]]:
    """The manifest's ``planted`` of a month, from its findings."""
    out: dict[str, list[str]] = {code: [] for code in codes}
    for key in found:
        code, unit = key.split(":", 1)
        out[code].append(unit.replace("/", "|") if _pair(code) else unit)
    return {code: sorted(ids) for code, ids in out.items()}


@dataclass
class _Plan:
    """What happens to the tables at the start of a month, and the month's events."""

    changes: dict[int, list[Callable[[], None]]] = field(default_factory=lambda: defaultdict(list))
    events: list[list[dict[str, str]]] = field(default_factory=list)
    busy: set[str] = field(default_factory=set)


def _write_events(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, EVENT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def generate_months(
    out: str | Path,
    months: int,
    preset: str = "xiaogan",
    seed: int = 0,
    scale: float = 1.0,
    as_of: dt.date = DEFAULT_AS_OF,
    fmt: str = "csv",
) -> dict[str, Any]:
    """Write ``out/month-01 … month-N`` and ``out/manifest.json``; returns that manifest."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be 1 to {MAX_MONTHS}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    base = generate(preset, seed, scale, as_of)
    codes = list(base.manifest["planted"])
    rng = random.Random(f"{preset}|{seed}|{scale!r}|{as_of.isoformat()}|months")
    city = _City(base.tables, rng, scale)
    structural = {
        f"{code}:{_unit(code, unit)}"
        for code, units in base.manifest["planted"].items()
        if code != "request_overdue"
        for unit in units
    }
    dates = month_dates(as_of, months)
    plan = _Plan()
    presence: list[set[str]] = []
    moved_in = 0
    for k, day in enumerate(dates):
        for change in plan.changes.pop(k, []):
            change()
        if k > 0:
            for _ in range(STORIES["new_households"]):
                moved_in += 1
                structural.add(f"household_unserved:{city.new_household(k + 1, moved_in)}")
        found = structural | _overdue(city, day)
        presence.append(found)
        state = expected_states(
            presence, [[(e["action"], e["case_id"]) for e in m] for m in plan.events] + [[]]
        )
        plan.events.append(_stories(city, plan, state, k, dates, structural))
        folder = month_dir(out, k + 1)
        manifest = {
            **base.manifest,
            "as_of": day.isoformat(),
            "month": k + 1,
            "counts": {name: len(rows) for name, rows in city.t.items()},
            "planted": _planted(found, codes),
        }
        write_dataset(Dataset(city.t, manifest), folder, fmt)
        _write_events(folder / EVENTS_FILE, plan.events[-1])
    truth = expected_states(
        presence, [[(e["action"], e["case_id"]) for e in m] for m in plan.events]
    )
    top = {
        "preset": preset,
        "seed": seed,
        "scale": scale,
        "months": [
            {"month": k + 1, "as_of": d.isoformat(), "dir": month_dir(out, k + 1).name}
            for k, d in enumerate(dates)
        ],
        "events": sum(len(m) for m in plan.events),
        "case_states": truth,
    }
    write_manifest(out, top)
    return top


def _stories(
    city: _City,
    plan: _Plan,
    state: dict[str, str],
    k: int,
    dates: list[dt.date],
    structural: set[str],
) -> list[dict[str, str]]:
    """Pick this month's stories among the assignable cases; returns the month's events."""
    day, months = dates[k], len(dates)
    by_code: dict[str, list[str]] = defaultdict(list)
    for key in sorted(state):
        if state[key] in ("open", "reopened") and key not in plan.busy:
            by_code[key.split(":", 1)[0]].append(key)
    for keys in by_code.values():
        city.rng.shuffle(keys)
    # round-robin over the codes, so every kind of case gets a story
    order: list[str] = []
    while any(by_code.values()):
        for code in sorted(by_code):
            if by_code[code]:
                order.append(by_code[code].pop())
    events: list[dict[str, str]] = []

    def assign(key: str, assignee: str, note: str) -> None:
        due = (day + dt.timedelta(days=30)).isoformat()
        events.append(
            {"case_id": key, "action": "assign", "on": day.isoformat(), "assignee": assignee}
            | {"due": due, "note": note, "actor": REVIEWER}
        )

    def report(key: str, assignee: str, note: str) -> None:
        events.append(
            {"case_id": key, "action": "report", "on": day.isoformat(), "by": assignee}
            | {"note": note, "actor": f"demo:{assignee}"}
        )

    def fix_at(month: int, code: str, unit: str, key: str) -> None:
        def change() -> None:
            city.fix(code, unit, dates[month], month + 1)
            structural.discard(key)

        plan.changes[month].append(change)

    wanted = {s: max(n, round(n * 3 * city.scale)) for s, n in STORIES.items()}
    for key in order:
        code, unit = key.split(":", 1)
        assignee = city.assignee(code, unit)
        if assignee is None:
            continue
        fixable = city.fixable(code, unit)
        story = next(
            (
                s
                for s in ("comeback", "real", "false", "quiet", "assigned")
                if wanted[s] > 0
                and (s != "comeback" or (code == "request_overdue" and k + 2 < months))
                and (s not in ("real", "quiet") or (fixable and k + 1 < months))
            ),
            None,
        )
        if story is None:
            continue
        wanted[story] -= 1
        plan.busy.add(key)
        if story == "assigned":
            assign(key, assignee, "限期整改 please fix by the due date")
        elif story == "quiet":
            fix_at(k + 1, code, unit, key)
        else:
            assign(key, assignee, "请尽快整改 please rectify")
            report(key, assignee, "已整改 fixed")
            if story in ("real", "comeback"):
                fix_at(k + 1, code, unit, key)
            if story == "comeback":
                plan.changes[k + 2].append(partial(city.take_up_again, unit))
            if story == "false":
                plan.busy.discard(key)  # reopened next month: free for another story
        if not any(wanted[s] for s in wanted if s != "new_households"):
            break
    return events
