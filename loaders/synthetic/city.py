"""The generator's working state: the city plan that phase 1 builds and phase 2 reads.

One ``City`` object is passed to every step instead of hiding the state in a
class spread over many files. It holds the run's settings, the plan (areas,
grids, buildings, organisations, platforms, offerings), the planted truth and
the id counters. Every random draw comes from an RNG seeded from ``tag``, so
output depends only on (preset, seed, scale, as_of).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from gridnet.loaders.synthetic.gaps import GAP_CODES, MIN_SCALE
from gridnet.loaders.synthetic.geometry import Rect
from gridnet.loaders.synthetic.sinks import Row
from gridnet.loaders.synthetic.xiaogan import PRESETS


@dataclass
class Grid:
    """A grid in the plan: its place, household sizes, party units and planted status."""

    id: str
    name: str
    community: str
    kind: str
    rect: Rect
    households: int
    sizes: list[int] = field(default_factory=list)
    lighthouses: int = 0
    buildings: list[str] = field(default_factory=list)
    branch: str | None = None
    interest_groups: list[str] = field(default_factory=list)
    status: str = "normal"  # normal | branchless | no_lighthouse | funds | single_point
    activity_org: str = ""


@dataclass
class Building:
    """A building: how many households, its stairwell layout and party group (if any)."""

    id: str
    name: str
    grid: str
    households: int
    units: int
    floors: int
    group: str | None = None


@dataclass
class Community:
    """A community: its grids, committee, X organisations by kind, roads and compound."""

    id: str
    name: str
    street: str
    district_code: str
    region: str
    rect: Rect
    grids: list[str] = field(default_factory=list)
    committee: str = ""
    orgs: dict[str, list[str]] = field(default_factory=dict)  # kind -> org ids
    roads: list[str] = field(default_factory=list)
    compound: str = ""


class City:
    """Settings, plan, planted truth and id counters of one generation run."""

    def __init__(self, preset: str, seed: int, scale: float, as_of: date) -> None:
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}")
        if not scale >= MIN_SCALE:
            raise ValueError(f"scale must be at least {MIN_SCALE} (room for every planted gap)")
        self.preset, self.seed, self.scale, self.as_of = preset, seed, scale, as_of
        self.tag = f"{preset}|{seed}|{scale!r}|{as_of.isoformat()}"
        self.rng = random.Random(f"{self.tag}|skeleton")
        self.as_of_dt = datetime(as_of.year, as_of.month, as_of.day)
        self.window_start = self.as_of_dt - timedelta(days=365)
        self.areas: dict[str, Row] = {}
        self.area_rect: dict[str, Rect] = {}
        self.area_parent: dict[str, str | None] = {}
        self.communities: dict[str, Community] = {}
        self.grids: dict[str, Grid] = {}
        self.buildings: dict[str, Building] = {}
        self.orgs: dict[str, Row] = {}
        self.platforms: dict[str, Row] = {}
        self.offer_rows: list[Row] = []
        self.counters: dict[str, int] = {}
        self.planted: dict[str, list[str]] = {code: [] for code in GAP_CODES}
        # (grid id, category) pairs planted as unmet; and community -> missing type
        self.unmet: list[tuple[str, str]] = []
        self.missing_type: dict[str, str] = {}
        # per grid: category -> platform ids (preferred first) reachable for requests
        self.route: dict[str, dict[str, list[str]]] = {}
        self.main_platform: dict[str, str] = {}
        self.building_no: dict[str, int] = {}  # community -> last building number
        self.building_point: dict[str, tuple[float, float]] = {}  # building -> (lat, lon)
        self.head_gender: dict[str, str] = {}  # household -> head gender (current community)
        self.force_overload = ""  # the grid that always gets an overloaded lighthouse

    def next_id(self, prefix: str, width: int) -> str:
        """The next id with this prefix, zero-padded: ids follow generation order."""
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return f"{prefix}-{n:0{width}d}"

    def scaled(self, figure: int) -> int:
        """A preset figure at this scale (exact at scale 1, never below 1)."""
        return figure if self.scale == 1 else max(1, round(figure * self.scale))


def date_between(rng: random.Random, start: date, end: date) -> str:
    """An ISO date drawn uniformly from ``start`` to ``end`` inclusive."""
    span = (end - start).days
    return (start + timedelta(days=rng.randint(0, max(0, span)))).isoformat()
