"""Synthetic "Xiaogan" datasets with planted coverage gaps (``gridnet generate``).

Why: the project needs a realistic, reproducible city to load, query and show,
and the gap queries need ground truth. The generator reproduces the article's
three figures exactly at scale 1 (178 grid party branches, 425 building party
groups, 5,329 lighthouse households), plants every gap code of
``queries/GAPS.md`` at low rates and records the exact truth in the manifest.

Design:
- Pure Python, no database. Deterministic: every random draw comes from
  ``random.Random`` instances seeded from (seed, scale, as_of, unit id); no
  set/dict-order dependence, no clock.
- Two phases. Phase 1 builds the small skeleton in memory (areas, grids,
  buildings, organisations, platforms, offerings, funding, the per-grid plan).
  Phase 2 streams one community at a time (households, people, memberships,
  service ties, requests, activities, person ratings) into a ``Sink``, so a
  million households never sit in memory at once.
- Scale: households, people, ties and requests grow with ``scale``; so do the
  three party-network figures (``round(figure * scale)``), which are exact at
  scale 1. Scale 28 gives about one million households.

Public API: ``generate()`` (in memory) → ``Dataset``; ``write_dataset()``;
``generate_to_dir()`` (streaming); sinks ``MemorySink``, ``CsvSink``,
``JsonSink``, ``XlsxSink``.
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from gridnet.graph import model
from gridnet.loaders import catalog, names
from gridnet.loaders.tables import TABLES, load_order

PRESETS = ("xiaogan",)
FIGURES = {
    "grid_party_branches": 178,
    "building_party_groups": 425,
    "lighthouse_households": 5329,
}
DEFAULT_AS_OF = date(2026, 6, 30)
FUNDING_FIRST_YEAR = 2012
GAP_CODES = (
    "grid_without_branch",
    "building_without_group",
    "grid_without_lighthouse",
    "household_unserved",
    "lighthouse_overloaded",
    "request_overdue",
    "category_unmet",
    "funds_without_roots",
    "grid_single_point",
    "community_missing_org_types",
)
MAX_SERVED = 10  # GAPS.md default for lighthouse_overloaded
REQUIRED_X_TYPES = ("autonomous", "mass", "social", "mutual_aid")
CITY_CENTRE = (113.92, 30.92)  # lon, lat
KM_PER_DEG_LAT = 111.0
KM_PER_DEG_LON = 111.0 * math.cos(math.radians(30.92))

# Planting rates (per grid, building, household, lighthouse, request, community).
RATE_BRANCHLESS = 0.017
RATE_NO_LIGHTHOUSE = 0.017
RATE_FUNDS = 0.011
RATE_SINGLE_POINT = 0.011
RATE_BUILDING_NO_GROUP = 0.014
RATE_CATEGORY_UNMET = 0.022
RATE_MISSING_ORG = 0.05
RATE_UNSERVED = 0.015
RATE_OVERLOADED = 0.005
RATE_OVERDUE = 0.02
REQUESTS_PER_HOUSEHOLD = 0.5
# Below this there are too few grids to plant the grid-level gaps side by side;
# from 0.05 up every gap code is planted at least once.
MIN_SCALE = 0.02

Row = dict[str, Any]


# --------------------------------------------------------------------------- sinks

class Sink(Protocol):
    """Receives rows table by table, in generation order."""

    def add(self, table: str, row: Row) -> None: ...


class MemorySink:
    """Keeps every row; fine at scale 1 (about 200k rows)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[Row]] = {t.name: [] for t in load_order()}

    def add(self, table: str, row: Row) -> None:
        self.tables[table].append(row)


def to_text(value: Any) -> str:
    """Render a value as it appears in a CSV cell (same rules as the exporter)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple)):
        return ";".join(to_text(v) for v in value)
    return str(value)


class CsvSink:
    """One UTF-8 ``<table>.csv`` per table, header = tables.py columns in order."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._files = {}
        self._writers = {}
        self._columns = {}
        for t in load_order():
            fh = (out / f"{t.name}.csv").open("w", encoding="utf-8", newline="")
            writer = csv.writer(fh)
            writer.writerow(t.column_names)
            self._files[t.name] = fh
            self._writers[t.name] = writer
            self._columns[t.name] = t.column_names

    def add(self, table: str, row: Row) -> None:
        self._writers[table].writerow([to_text(row.get(c)) for c in self._columns[table]])

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()


def _json_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ";".join(to_text(v) for v in value)
    return value


class JsonSink:
    """``dataset.json``: one object, table name → array of row objects (null = empty).

    Rows are spooled to one temporary file per table and assembled at the end,
    so memory stays flat at large scale.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self._parts = {t.name: out / f".{t.name}.jsonl.part" for t in load_order()}
        self._files = {n: p.open("w", encoding="utf-8") for n, p in self._parts.items()}
        self._columns = {t.name: t.column_names for t in load_order()}

    def add(self, table: str, row: Row) -> None:
        obj = {c: _json_value(row.get(c)) for c in self._columns[table]}
        self._files[table].write(json.dumps(obj, ensure_ascii=False) + "\n")

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        with (self.out / "dataset.json").open("w", encoding="utf-8") as out:
            out.write("{")
            for i, (name, part) in enumerate(self._parts.items()):
                out.write(("," if i else "") + f"\n{json.dumps(name)}: [")
                with part.open(encoding="utf-8") as fh:
                    for j, line in enumerate(fh):
                        out.write(("," if j else "") + "\n  " + line.rstrip("\n"))
                out.write("\n]")
                part.unlink()
            out.write("\n}\n")


XLSX_MAX_ROWS = 1_048_575  # plus the header row


class XlsxSink:
    """``dataset.xlsx``: one sheet per table (openpyxl write-only mode)."""

    def __init__(self, out: Path) -> None:
        from openpyxl import Workbook

        self.out = out
        self._wb = Workbook(write_only=True)
        self._sheets = {}
        self._columns = {}
        self._rows = {}
        for t in load_order():
            ws = self._wb.create_sheet(t.name)
            ws.append(t.column_names)
            self._sheets[t.name] = ws
            self._columns[t.name] = t.column_names
            self._rows[t.name] = 0

    def add(self, table: str, row: Row) -> None:
        self._rows[table] += 1
        if self._rows[table] > XLSX_MAX_ROWS:
            raise ValueError(f"table {table} exceeds the xlsx sheet limit of {XLSX_MAX_ROWS} "
                             "rows; use --format csv at this scale")
        values = []
        for c in self._columns[table]:
            v = row.get(c)
            values.append(v if isinstance(v, (int, float)) and not isinstance(v, bool)
                          else to_text(v))
        self._sheets[table].append(values)

    def close(self) -> None:
        """Save with fixed document and zip timestamps so the file is byte-reproducible."""
        import zipfile

        fixed = datetime(2000, 1, 1)
        target = self.out / "dataset.xlsx"
        tmp = self.out / ".dataset.xlsx.part"
        self._wb.save(tmp)
        with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(target, "w") as dst:
            for info in src.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=fixed.timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                data = src.read(info.filename)
                if info.filename == "docProps/core.xml":  # openpyxl stamps "now" on save
                    data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                  rb"\g<1>2000-01-01T00:00:00Z", data)
                dst.writestr(entry, data)
        tmp.unlink()


class _Counting:
    """Wraps a sink and counts rows per table for the manifest."""

    def __init__(self, inner: Sink) -> None:
        self.inner = inner
        self.counts = {t.name: 0 for t in load_order()}

    def add(self, table: str, row: Row) -> None:
        self.counts[table] += 1
        self.inner.add(table, row)


# --------------------------------------------------------------------------- geometry

Rect = tuple[float, float, float, float]  # lon0, lat0, lon1, lat1


def _treemap(rect: Rect, weights: list[float]) -> list[Rect]:
    """Split ``rect`` into len(weights) rectangles with areas ∝ weights, order kept.

    Binary slice along the longer side (in km): neighbours in the list end up
    neighbours on the map, and the pieces tile the rectangle exactly.
    """
    if len(weights) == 1:
        return [rect]
    total = sum(weights)
    acc, k, best = 0.0, 1, float("inf")
    for i in range(1, len(weights)):
        acc += weights[i - 1]
        diff = abs(acc - total / 2)
        if diff < best:
            best, k = diff, i
    share = sum(weights[:k]) / total
    x0, y0, x1, y1 = rect
    if (x1 - x0) * KM_PER_DEG_LON >= (y1 - y0) * KM_PER_DEG_LAT:
        xm = x0 + (x1 - x0) * share
        a, b = (x0, y0, xm, y1), (xm, y0, x1, y1)
    else:
        ym = y1 - (y1 - y0) * share  # first pieces to the north
        a, b = (x0, ym, x1, y1), (x0, y0, x1, ym)
    return _treemap(a, weights[:k]) + _treemap(b, weights[k:])


def _geo(rect: Rect) -> Row:
    x0, y0, x1, y1 = (round(v, 6) for v in rect)
    ring = f"{x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}"
    return {
        "centroid_lat": round((y0 + y1) / 2, 6),
        "centroid_lon": round((x0 + x1) / 2, 6),
        "boundary": f"POLYGON(({ring}))",
    }


def _point_in(rng: random.Random, rect: Rect) -> tuple[float, float]:
    x0, y0, x1, y1 = rect
    return (round(y0 + (y1 - y0) * rng.uniform(0.2, 0.8), 6),
            round(x0 + (x1 - x0) * rng.uniform(0.2, 0.8), 6))


# --------------------------------------------------------------------------- plan objects

@dataclass
class _Grid:
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
class _Building:
    id: str
    name: str
    grid: str
    households: int
    units: int
    floors: int
    group: str | None = None


@dataclass
class _Community:
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


@dataclass
class Dataset:
    """An in-memory dataset: rows per table (load order) and the manifest."""

    tables: dict[str, list[Row]]
    manifest: dict[str, Any]


# --------------------------------------------------------------------------- generator

class _Generator:
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
        self.communities: dict[str, _Community] = {}
        self.grids: dict[str, _Grid] = {}
        self.buildings: dict[str, _Building] = {}
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
        self._building_no: dict[str, int] = {}
        self._head_gender: dict[str, str] = {}
        self.force_overload = ""

    # ------------------------------------------------------------------ helpers
    def _next(self, prefix: str, width: int) -> str:
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return f"{prefix}-{n:0{width}d}"

    def _scaled(self, figure: int) -> int:
        return figure if self.scale == 1 else max(1, round(figure * self.scale))

    @staticmethod
    def _n_planted(rate: float, base: int) -> int:
        return max(1, round(rate * base))

    def _date_between(self, rng: random.Random, start: date, end: date) -> str:
        span = (end - start).days
        return (start + timedelta(days=rng.randint(0, max(0, span)))).isoformat()

    # ------------------------------------------------------------------ phase 1
    def build_skeleton(self) -> None:
        rng = self.rng
        n_branches = self._scaled(FIGURES["grid_party_branches"])
        n_groups = self._scaled(FIGURES["building_party_groups"])
        n_lighthouses = self._scaled(FIGURES["lighthouse_households"])
        n_branchless = self._n_planted(RATE_BRANCHLESS, n_branches)
        total_grids = n_branches + n_branchless

        # communities: 2-7 grids each; streets: 3-7 communities each
        grid_counts: list[int] = []
        while sum(grid_counts) < total_grids:
            grid_counts.append(rng.choices((2, 3, 4, 5, 6, 7), (1, 3, 5, 5, 3, 1))[0])
        grid_counts[-1] -= sum(grid_counts) - total_grids
        if grid_counts[-1] < 2 and len(grid_counts) > 1:
            extra = grid_counts.pop()
            grid_counts[-1] += extra
        street_sizes: list[int] = []
        while sum(street_sizes) < len(grid_counts):
            street_sizes.append(rng.randint(3, 7))
        street_sizes[-1] -= sum(street_sizes) - len(grid_counts)
        self._build_areas(grid_counts, street_sizes)
        grid_list = [g for c in self.communities.values() for g in c.grids]

        # grid statuses, disjoint
        order = list(grid_list)
        rng.shuffle(order)
        picks = iter(order)
        status_counts = (
            ("branchless", n_branchless),
            ("funds", self._n_planted(RATE_FUNDS, n_branches)),
            ("no_lighthouse", self._n_planted(RATE_NO_LIGHTHOUSE, n_branches)),
            ("single_point", self._n_planted(RATE_SINGLE_POINT, n_branches)),
        )
        for status, n in status_counts:
            for _ in range(n):
                self.grids[next(picks)].status = status

        # lighthouses ∝ households over grids that may have them
        eligible = [g for g in grid_list if self.grids[g].status not in ("funds", "no_lighthouse")]
        for gid, n in zip(eligible, _apportion(n_lighthouses, [
                self.grids[g].households for g in eligible]), strict=True):
            self.grids[gid].lighthouses = n

        # buildings: every grid at least one, the rest ∝ households
        n_no_group = self._n_planted(RATE_BUILDING_NO_GROUP, n_groups)
        n_buildings = n_groups + n_no_group
        extra = _apportion(n_buildings - len(grid_list),
                           [self.grids[g].households for g in grid_list])
        for gid, e in zip(grid_list, extra, strict=True):
            self._make_buildings(self.grids[gid], 1 + e)
        building_ids = list(self.buildings)
        no_group = set(rng.sample(building_ids, n_no_group))
        self.planted["building_without_group"] = sorted(no_group)

        self._build_party_orgs(no_group)
        self._plant_org_and_category_gaps()
        self._build_x_orgs()
        self._build_platforms()
        self._repair_coverage()
        self._build_routes()

        normal = [g for g in grid_list if self.grids[g].status == "normal"]
        self.force_overload = max(normal, key=lambda g: (self.grids[g].households, g))
        for gid in grid_list:
            g = self.grids[gid]
            if g.status == "branchless":
                self.planted["grid_without_branch"].append(gid)
            if g.status in ("no_lighthouse", "funds"):
                self.planted["grid_without_lighthouse"].append(gid)
            if g.status == "funds":
                self.planted["funds_without_roots"].append(gid)
            if g.status == "single_point":
                self.planted["grid_single_point"].append(gid)

    def _build_areas(self, grid_counts: list[int], street_sizes: list[int]) -> None:
        rng = self.rng
        n_streets = len(street_sizes)
        urban = names.DISTRICTS[:3]
        districts = urban if n_streets <= 16 else names.DISTRICTS
        weights = [4.0, 1.5, 1.5] + [1.0] * (len(districts) - 3)
        per_district = _apportion(n_streets, weights[: len(districts)])
        per_district = [max(1, n) if i == 0 else n for i, n in enumerate(per_district)]
        while sum(per_district) > n_streets:  # only if the max(1) above added one
            per_district[per_district.index(max(per_district))] -= 1
        districts_used = [(d, n) for d, n in zip(districts, per_district, strict=True) if n]

        # community names, unique city-wide
        stems = list(names.COMMUNITY_STEMS)
        rng.shuffle(stems)
        combos = [p + s for p in names.COMMUNITY_PREFIX for s in names.COMMUNITY_STEMS
                  if len(s) <= 2]
        rng.shuffle(combos)
        taken = set(stems)
        name_pool = stems + [c for c in combos if c not in taken]

        n_comm = len(grid_counts)
        side_km = math.sqrt(n_comm * 1.1)
        half_lon = side_km / 2 / KM_PER_DEG_LON
        half_lat = side_km / 2 / KM_PER_DEG_LAT
        cx, cy = CITY_CENTRE
        city_rect = (cx - half_lon * 1.15, cy - half_lat, cx + half_lon * 1.15, cy + half_lat)
        self._add_area("XG", "孝感市", "city", None, city_rect)

        street_iter = iter(street_sizes)
        comm_iter = iter(grid_counts)
        name_iter = iter(name_pool)
        d_weights = []
        plan = []  # (district, [(street code, street name, [grid counts...])])
        for (dcode, dname, region, street_names), n_st in districts_used:
            streets = []
            for k in range(n_st):
                size = next(street_iter)
                if k < len(street_names):
                    scode, sname = street_names[k]
                else:
                    scode, sname = f"J{k + 1:02d}", (
                        f"{names.COMMUNITY_STEMS[(k * 7) % len(names.COMMUNITY_STEMS)]}街道")
                streets.append((scode, sname, [next(comm_iter) for _ in range(size)]))
            plan.append(((dcode, dname, region), streets))
            d_weights.append(sum(sum(s[2]) for s in streets))
        for ((dcode, dname, region), streets), drect in zip(
                plan, _treemap(city_rect, d_weights), strict=True):
            did = f"XG-{dcode}"
            self._add_area(did, dname, "district", "XG", drect)
            s_rects = _treemap(drect, [sum(s[2]) * rng.uniform(0.85, 1.15) for s in streets])
            for (scode, sname, counts), srect in zip(streets, s_rects, strict=True):
                sid = f"{did}-{scode}"
                self._add_area(sid, sname, "street", did, srect)
                c_rects = _treemap(srect, [n * rng.uniform(0.8, 1.2) for n in counts])
                for k, (n_grids, crect) in enumerate(zip(counts, c_rects, strict=True)):
                    cid = f"{sid}-{k + 1:02d}"
                    stem = next(name_iter, None) or f"{sname[:-2]}{names.cn_number(k + 1)}"
                    comm = _Community(cid, f"{stem}社区", sid, dcode, region, crect)
                    comm.roads = rng.sample(names.ROADS, 3)
                    comm.compound = rng.choice(names.COMPOUNDS)
                    self.communities[cid] = comm
                    self._add_area(cid, comm.name, "community", sid, crect)
                    self._make_grids(comm, n_grids, stem)

    def _add_area(self, aid: str, name: str, level: str, parent: str | None,
                  rect: Rect) -> None:
        self.areas[aid] = {"id": aid, "name": name, "level": level, "parent_id": parent,
                           **_geo(rect), "population": 0}
        self.area_rect[aid] = rect
        self.area_parent[aid] = parent

    def _make_grids(self, comm: _Community, n: int, stem: str) -> None:
        rng = self.rng
        sizes = [max(80, min(420, int(rng.lognormvariate(math.log(190), 0.35))))
                 for _ in range(n)]
        kind_w = (80, 15, 5) if comm.district_code == "XN" else (60, 20, 20)
        for k, (size, rect) in enumerate(zip(sizes, _treemap(comm.rect, [float(s) for s in sizes]),
                                             strict=True)):
            gid = self._next("G", 4)
            kind = rng.choices(("district_block", "courtyard", "village_bay"), kind_w)[0]
            g = _Grid(gid, f"{stem}{names.cn_number(k + 1)}网格", comm.id, kind, rect, size)
            srng = random.Random(f"{self.tag}|sizes|{gid}")
            g.sizes = [srng.choices((1, 2, 3, 4, 5, 6), (12, 28, 30, 18, 8, 4))[0]
                       for _ in range(size)]
            self.grids[gid] = g
            comm.grids.append(gid)

    def _make_buildings(self, g: _Grid, n: int) -> None:
        rng = self.rng
        share = {"district_block": 0.97, "courtyard": 0.7, "village_bay": 0.45}[g.kind]
        in_buildings = max(n, round(g.households * share))
        counts = _apportion(in_buildings, [rng.uniform(0.6, 1.4) for _ in range(n)])
        counts = [max(1, c) for c in counts]
        while sum(counts) > g.households:
            counts[counts.index(max(counts))] -= 1
        comm = self.communities[g.community]
        for c in counts:
            bid = self._next("B", 6)
            units = rng.choice((1, 2, 2, 3, 4)) if c > 40 else rng.choice((1, 2))
            floors = max(2, min(33, math.ceil(c / (units * 2 * rng.uniform(0.8, 0.95)))))
            while units * floors * 2 < c:
                units += 1
            self._building_no[g.community] = number = self._building_no.get(g.community, 0) + 1
            self.buildings[bid] = _Building(bid, f"{comm.compound}{number}栋", g.id, c,
                                            units, floors)
            g.buildings.append(bid)

    def _org(self, prefix: str, **row: Any) -> str:
        oid = self._next(f"O-{prefix}", 5)
        base = {"id": oid, "name": "", "system": "x", "type": "", "kind": "", "category": None,
                "parent_id": None, "area_id": None, "grid_id": None, "building_id": None,
                "founded": None, "star_rating": None}
        base.update(row)
        self.orgs[oid] = base
        return oid

    def _star(self) -> int:
        return self.rng.choices((1, 2, 3, 4, 5), (2, 8, 35, 40, 15))[0]

    def _build_party_orgs(self, no_group: set[str]) -> None:
        rng = self.rng
        street_committee: dict[str, str] = {}
        for aid, a in self.areas.items():
            if a["level"] == "district":
                street_committee[aid] = self._org(
                    "DC", name=f"中共{a['name']}委员会", system="core", type="party",
                    kind="district_party_committee", area_id=aid, founded="1993-01-01",
                    star_rating=None)
                self._org("IA", name=f"{a['name']}行业协会", type="social",
                          kind="industry_association", category="economic_cooperation",
                          area_id=aid, founded=self._date_between(rng, date(2005, 1, 1),
                                                                  date(2015, 12, 31)))
        for aid, a in self.areas.items():
            if a["level"] == "street":
                street_committee[aid] = self._org(
                    "SC", name=f"{a['name']}党工委", system="core", type="party",
                    kind="street_party_working_committee",
                    parent_id=street_committee[a["parent_id"]], area_id=aid,
                    founded=self._date_between(rng, date(2000, 1, 1), date(2010, 12, 31)),
                    star_rating=self._star())
                if rng.random() < 0.5:
                    self._org("BA", name=f"{a['name']}商圈联盟", type="social",
                              kind="business_alliance", category="economic_cooperation",
                              area_id=aid, founded=self._date_between(
                                  rng, date(2010, 1, 1), date(2020, 12, 31)))
        for comm in self.communities.values():
            comm.committee = self._org(
                "CC", name=f"{comm.name}大党委", system="core", type="party",
                kind="community_party_committee", parent_id=street_committee[comm.street],
                area_id=comm.id, founded=self._date_between(rng, date(2008, 1, 1),
                                                            date(2012, 12, 31)),
                star_rating=self._star())
            for gid in comm.grids:
                g = self.grids[gid]
                if g.status != "branchless":
                    g.branch = self._org(
                        "GB", name=f"{g.name}党支部", system="core", type="party",
                        kind="grid_party_branch", parent_id=comm.committee, grid_id=gid,
                        founded=self._date_between(rng, date(2012, 3, 1), date(2014, 12, 31)),
                        star_rating=self._star())
                parent = g.branch or comm.committee
                g.activity_org = parent
                for bid in g.buildings:
                    if bid in no_group:
                        continue
                    b = self.buildings[bid]
                    b.group = self._org(
                        "BG", name=f"{b.name}党小组", system="core", type="party",
                        kind="building_party_group", parent_id=parent, building_id=bid,
                        founded=self._date_between(rng, date(2012, 6, 1), date(2015, 12, 31)))
                for title in rng.sample(catalog.INTEREST_GROUPS, rng.choice((1, 1, 2))):
                    g.interest_groups.append(self._org(
                        "IG", name=f"{g.name}{title}", system="core", type="party",
                        kind="interest_party_group", parent_id=parent, grid_id=gid,
                        founded=self._date_between(rng, date(2012, 6, 1), date(2018, 12, 31))))

    def _plant_org_and_category_gaps(self) -> None:
        """Choose communities missing an X type and (grid, category) pairs left unmet."""
        rng = self.rng
        comm_ids = list(self.communities)
        n_branches = self._scaled(FIGURES["grid_party_branches"])
        order = list(comm_ids)
        rng.shuffle(order)
        n_missing = min(len(order), self._n_planted(RATE_MISSING_ORG, len(comm_ids)))
        for cid in order[:n_missing]:
            self.missing_type[cid] = rng.choice(("social", "mutual_aid", "mass", "mass"))
        # unmet categories: communities without funds grids, one pair per community
        n_unmet = self._n_planted(RATE_CATEGORY_UNMET, n_branches)
        candidates = [c for c in order[n_missing:] + order[:n_missing]
                      if all(self.grids[g].status != "funds" and len(self.communities[c].grids)
                             >= 2 for g in self.communities[c].grids)]
        for cid in candidates[:n_unmet]:
            grids = [g for g in self.communities[cid].grids
                     if self.grids[g].status in ("normal", "branchless")]
            if not grids:
                continue
            gid = rng.choice(grids)
            self.unmet.append((gid, rng.choice(catalog.PLANTABLE_CATEGORIES)))
        self.planted["community_missing_org_types"] = sorted(self.missing_type)
        self.planted["category_unmet"] = sorted(f"{g}|{c}" for g, c in self.unmet)

    def _build_x_orgs(self) -> None:
        rng = self.rng
        for comm in self.communities.values():
            missing = self.missing_type.get(comm.id)
            for kind in catalog.X_KINDS:
                if kind.type == missing or kind.scope not in ("community", "grid"):
                    continue
                targets = [None] if kind.scope == "community" else comm.grids
                for gid in targets:
                    if kind.share < 1.0 and rng.random() >= kind.share:
                        continue
                    if gid is not None and self.grids[gid].status == "funds":
                        continue
                    where = self.grids[gid].name if gid else comm.name
                    oid = self._org(
                        kind.type.upper()[:2], name=f"{where}{kind.zh}", type=kind.type,
                        kind=kind.code, category=kind.category,
                        parent_id=comm.committee if kind.type != "two_new" else None,
                        area_id=None if gid else comm.id, grid_id=gid,
                        founded=self._date_between(rng, date(2006, 1, 1), date(2022, 12, 31)))
                    comm.orgs.setdefault(kind.code, []).append(oid)
                    for cat in kind.offers:
                        self.offer_rows.append({"provider_type": "organisation",
                                                "provider_id": oid, "category_id": cat})
                    if kind.type == "two_new" and rng.random() < 0.4:
                        pb = self._org(
                            "TP", name=f"{where}{kind.zh}党支部", system="core", type="party",
                            kind="two_new_party_branch", parent_id=comm.committee,
                            founded=self._date_between(rng, date(2010, 1, 1), date(2022, 12, 31)),
                            star_rating=self._star())
                        self.orgs[oid]["parent_id"] = pb
                    if kind.code == "professional_cooperative":
                        self._org("IP", name=f"{where}{kind.zh}党支部", system="core",
                                  type="party", kind="industry_party_branch",
                                  parent_id=comm.committee, founded=self._date_between(
                                      rng, date(2010, 1, 1), date(2020, 12, 31)),
                                  star_rating=self._star())

    def _platform(self, name: str, tier: str, host: str | None, area: str | None,
                  grid: str | None, rect: Rect, offers: Iterable[str],
                  address: str) -> str:
        pid = self._next("PF", 5)
        lat, lon = _point_in(self.rng, rect)
        self.platforms[pid] = {"id": pid, "name": name, "tier": tier, "organisation_id": host,
                               "area_id": area, "grid_id": grid, "address": address,
                               "lat": lat, "lon": lon}
        for cat in offers:
            self.offer_rows.append({"provider_type": "platform", "provider_id": pid,
                                    "category_id": cat})
        return pid

    def _address(self, comm: _Community | None) -> str:
        road = self.rng.choice(comm.roads if comm else names.ROADS)
        return f"{road}{self.rng.randint(1, 300)}号"

    def _host(self, comm: _Community, kind: str | None) -> str | None:
        if kind is None:
            return None
        if kind == "community_party_committee":
            return comm.committee
        ids = comm.orgs.get(kind) or comm.orgs.get("residents_committee") or [comm.committee]
        return ids[0]

    def _build_platforms(self) -> None:
        rng = self.rng
        street_of_area = {a: r for a, r in self.areas.items()}
        for p in catalog.UPPER_PLATFORMS:
            for aid, a in street_of_area.items():
                if a["level"] != p.scope:
                    continue
                host = None
                if p.host == "street_party_working_committee":
                    host = next(o for o, r in self.orgs.items()
                                if r["kind"] == p.host and r["area_id"] == aid)
                prefix = "" if p.scope == "city" and p.zh.startswith("12345") else a["name"]
                self._platform(f"{prefix}{p.zh}", p.tier, host, aid, None, self.area_rect[aid],
                               p.offers, self._address(None))
        for comm in self.communities.values():
            for p in catalog.COMMUNITY_PLATFORMS:
                if p.share < 1.0 and rng.random() >= p.share:
                    continue
                pid = self._platform(f"{comm.name}{p.zh}", p.tier, self._host(comm, p.host),
                                     comm.id, None, comm.rect, p.offers, self._address(comm))
                if p.tier == "main":
                    self.main_platform[comm.id] = pid
            for gid in comm.grids:
                g = self.grids[gid]
                if g.status == "funds" or rng.random() >= catalog.GRID_PLATFORM.share:
                    continue
                self._platform(f"{g.name}{catalog.GRID_PLATFORM.zh}", "utility",
                               g.branch or comm.committee, None, gid, g.rect,
                               catalog.GRID_PLATFORM.offers, self._address(comm))

    def _reachable_areas(self, gid: str) -> list[str]:
        out = []
        a: str | None = self.grids[gid].community
        while a is not None:
            out.append(a)
            a = self.area_parent[a]
        return out

    def _coverage(self) -> dict[str, dict[str, list[str]]]:
        """Per grid: category -> providers (platforms first) that reach it, per GAPS.md."""
        by_area: dict[str, list[tuple[str, str]]] = {}
        by_grid: dict[str, list[tuple[str, str]]] = {}
        for r in self.offer_rows:
            src = self.platforms if r["provider_type"] == "platform" else self.orgs
            p = src[r["provider_id"]]
            entry = (r["provider_type"], r["provider_id"])
            if p.get("grid_id"):
                by_grid.setdefault(p["grid_id"], []).append((r["category_id"], *entry))
            if p.get("area_id"):
                by_area.setdefault(p["area_id"], []).append((r["category_id"], *entry))
        cover: dict[str, dict[str, list[str]]] = {}
        for gid in self.grids:
            cats: dict[str, list[str]] = {}
            entries = list(by_grid.get(gid, []))
            for a in self._reachable_areas(gid):
                entries += by_area.get(a, [])
            for cat, ptype, pid in entries:
                cats.setdefault(cat, []).append(pid if ptype == "platform" else f"org:{pid}")
            cover[gid] = cats
        return cover

    def _repair_coverage(self) -> None:
        """Remove planted categories near their grid, then give every other grid full cover."""
        reach: dict[str, set[str]] = {}
        for gid, cat in self.unmet:
            reach.setdefault(cat, set()).update({gid, self.grids[gid].community})
        if reach:
            kept = []
            for r in self.offer_rows:
                src = self.platforms if r["provider_type"] == "platform" else self.orgs
                p = src[r["provider_id"]]
                hit = reach.get(r["category_id"], set())
                if p.get("grid_id") in hit or p.get("area_id") in hit:
                    continue
                kept.append(r)
            self.offer_rows = kept
        unmet = set(self.unmet)
        cover = self._coverage()
        for gid, g in self.grids.items():
            for cat in catalog.CATEGORIES:
                if cat.code in cover[gid] or (gid, cat.code) in unmet:
                    continue
                if g.status == "funds":
                    raise AssertionError(f"funds grid {gid} would need a direct platform")
                comm = self.communities[g.community]
                self._platform(f"{g.name}{catalog.GRID_POINT_NAMES[cat.code]}", "utility",
                               g.branch or comm.committee, None, gid, g.rect, (cat.code,),
                               self._address(comm))

    def _build_routes(self) -> None:
        cover = self._coverage()
        for gid, cats in cover.items():
            self.route[gid] = {c: [p for p in ps if not p.startswith("org:")]
                               for c, ps in cats.items()}

    # ------------------------------------------------------------------ phase 1 output
    def emit_skeleton(self, sink: Sink) -> None:
        for a in self.areas.values():
            sink.add("areas", a)
        for g in self.grids.values():
            sink.add("grids", {"id": g.id, "name": g.name, "community_id": g.community,
                               "kind": g.kind, **_geo(g.rect)})
        for b in self.buildings.values():
            comm = self.communities[self.grids[b.grid].community]
            brng = random.Random(f"{self.tag}|b|{b.id}")
            sink.add("buildings", {"id": b.id, "name": b.name, "grid_id": b.grid,
                                   "address": f"{brng.choice(comm.roads)}"
                                              f"{brng.randint(1, 300)}号",
                                   "floors": b.floors})
        for o in self.orgs.values():
            sink.add("organisations", o)
        for p in self.platforms.values():
            sink.add("platforms", p)
        for c in catalog.CATEGORIES:
            sink.add("service_categories", {"id": c.code, "name": c.zh, "name_en": c.en})
        for r in self.offer_rows:
            sink.add("offerings", r)
        self._emit_funding(sink)
        self._emit_skeleton_ratings(sink)

    def _emit_funding(self, sink: Sink) -> None:
        rng = random.Random(f"{self.tag}|funding")
        for year in range(FUNDING_FIRST_YEAR, self.as_of.year + 1):
            for cid in self.communities:
                sink.add("funding", {"id": f"F-{year}-{cid}-W", "area_id": cid,
                                     "kind": "working", "amount_yuan": 120000, "year": year,
                                     "source": "市财政", "purpose": "社区工作经费"})
                sink.add("funding", {"id": f"F-{year}-{cid}-S", "area_id": cid,
                                     "kind": "special",
                                     "amount_yuan": rng.randrange(100000, 200001, 5000),
                                     "year": year, "source": "市、区财政",
                                     "purpose": "民生专项经费（应急服务）"})
                if rng.random() < 0.08:
                    sink.add("funding", {
                        "id": f"F-{year}-{cid}-P", "area_id": cid, "kind": "project",
                        "amount_yuan": rng.randrange(50000, 500001, 10000), "year": year,
                        "source": rng.choice(("市住建局", "区民政局", "区财政")),
                        "purpose": rng.choice(("老旧小区改造", "党群服务阵地建设", "居家养老设施",
                                               "智慧社区建设"))})

    def _rating(self, sink: Sink, rng: random.Random, target_type: str, target_id: str,
                year: int, mean: float, rater: str) -> None:
        score = round(min(5.0, max(1.0, rng.gauss(mean, 0.45))), 1)
        comment = ("服务及时，群众满意" if score >= 4.5 else "总体满意" if score >= 3.5
                   else "有待改进" if score >= 2.5 else "群众意见较大，限期整改")
        sink.add("ratings", {"id": self._next("RT", 7), "target_type": target_type,
                             "target_id": target_id, "score": score, "year": year,
                             "rater": rater, "comment": comment})

    def _emit_skeleton_ratings(self, sink: Sink) -> None:
        rng = random.Random(f"{self.tag}|ratings")
        years = range(self.as_of.year - 3, self.as_of.year)
        for year in years:
            for cid in self.communities:
                self._rating(sink, rng, "area", cid, year, 4.0, "市考核组")
            for g in self.grids.values():
                mean = 3.2 if g.status != "normal" else 4.1
                self._rating(sink, rng, "grid", g.id, year, mean, "居民代表")
            for comm in self.communities.values():
                self._rating(sink, rng, "organisation", comm.committee, year, 4.1, "居民代表")
                self._rating(sink, rng, "platform", self.main_platform[comm.id], year, 4.0,
                             "居民代表")
        last = self.as_of.year - 1
        for o in self.orgs.values():
            if o["kind"] == "grid_party_branch" or (o["system"] == "x" and rng.random() < 0.2):
                self._rating(sink, rng, "organisation", o["id"], last, 4.0, "党员群众")
        for p in self.platforms.values():
            if p["tier"] != "main" and rng.random() < 0.5:
                self._rating(sink, rng, "platform", p["id"], last, 3.9, "服务对象")

    # ------------------------------------------------------------------ phase 2
    def emit_communities(self, sink: Sink, progress: Callable[[int], None] | None) -> None:
        for comm in self.communities.values():
            n = self._emit_community(sink, comm)
            if progress is not None:
                progress(n)

    def _person(self, sink: Sink, rng: random.Random, comm: _Community, *,
                household: str | None, party: bool, occupation: str | None = None,
                age: tuple[int, int] = (25, 75), gender: str | None = None,
                name: str | None = None, phone: str | None = None) -> str:
        pid = self._next("P", 7)
        gender = gender or rng.choice(("male", "female"))
        birth = self.as_of.year - rng.randint(*age)
        sink.add("people", {
            "id": pid, "name": name or names.person_name(rng, gender), "gender": gender,
            "birth_year": birth, "phone": phone or names.phone(rng),
            "id_number": names.id_number(rng, comm.region, birth, gender),
            "household_id": household, "party_member": party,
            "occupation": occupation or rng.choice(names.OCCUPATIONS),
            "skills": rng.sample(names.SKILLS, rng.randint(0, 3)),
        })
        return pid

    def _member(self, sink: Sink, rng: random.Random, person: str, role: str,
                org: str | None, since: tuple[int, int] = (2012, 2025)) -> None:
        sink.add("memberships", {
            "person_id": person, "role": role, "organisation_id": org,
            "since": self._date_between(rng, date(since[0], 1, 1),
                                        min(date(since[1], 12, 31), self.as_of)),
        })

    def _five_roles(self, sink: Sink, rng: random.Random, person: str) -> None:
        for role in rng.sample(model.FIVE_ROLES, rng.choice((1, 1, 2))):
            self._member(sink, rng, person, role, None)

    def _emit_community(self, sink: Sink, comm: _Community) -> int:
        rng = random.Random(f"{self.tag}|c|{comm.id}")
        self._head_gender = {}
        households: dict[str, list[dict[str, Any]]] = {}
        total = 0
        for gid in comm.grids:
            households[gid] = self._emit_households(sink, rng, self.grids[gid], comm)
            total += len(households[gid])
        plain = [h["id"] for gid in comm.grids for h in households[gid] if not h["lighthouse"]]

        # community team: secretary, first secretary, cadres, seat members
        def lives() -> str:
            return rng.choice(plain)

        secretary = self._person(sink, rng, comm, household=lives(), party=True,
                                 occupation="社区党委书记", age=(35, 58))
        self._member(sink, rng, secretary, "secretary", comm.committee)
        self._five_roles(sink, rng, secretary)
        self._rating_person(sink, rng, secretary, years=3)
        if rng.random() < 0.5:
            first = self._person(sink, rng, comm, household=None, party=True,
                                 occupation=f"{rng.choice(catalog.FIRST_SECRETARY_UNITS)}干部",
                                 age=(30, 50))
            self._member(sink, rng, first, "first_secretary", comm.committee, (2018, 2025))
            self._rating_person(sink, rng, first, years=1)
        rc = (comm.orgs.get("residents_committee") or [comm.committee])[0]
        cadres = []
        for _ in range(rng.randint(4, 7)):
            c = self._person(sink, rng, comm, household=lives(), party=rng.random() < 0.7,
                             occupation="社区工作者", age=(24, 55))
            self._member(sink, rng, c, "cadre", rc)
            cadres.append(c)
        seats = []
        for unit in rng.sample(catalog.SEAT_UNITS, rng.randint(6, 10)):
            s = self._person(sink, rng, comm, household=None, party=True,
                             occupation=f"{unit}党组织负责人", age=(35, 58))
            self._member(sink, rng, s, "seat_member", comm.committee)
            seats.append(s)
        self._member(sink, rng, rng.choice(seats), "rotating_chair", comm.committee,
                     (self.as_of.year - 1, self.as_of.year))
        for oid in comm.orgs.get("non_public_enterprise", []) + comm.orgs.get(
                "property_company", []) + comm.orgs.get("social_work_agency", []):
            if rng.random() < 0.5:
                for role in ("party_liaison", "talent_instructor", "affairs_assistant"):
                    d = self._person(sink, rng, comm, household=None, party=True,
                                     occupation="街道派驻干部", age=(28, 55))
                    self._member(sink, rng, d, role, oid, (2013, 2025))

        volunteer_orgs = [o for k in ("volunteer_team", "party_volunteer_team",
                                      "youth_volunteer_team") for o in comm.orgs.get(k, [])]
        backbone_orgs = [o for k in ("trade_union", "youth_league", "womens_federation",
                                     "elders_association", "square_dance_team")
                         for o in comm.orgs.get(k, [])]
        elders_org = (comm.orgs.get("next_generation_committee") or [None])[0]

        for gid in comm.grids:
            self._emit_grid_people(sink, rng, comm, self.grids[gid], households[gid], cadres,
                                   volunteer_orgs, backbone_orgs, elders_org)
        self._emit_community_activities(sink, rng, comm)
        return total

    def _rating_person(self, sink: Sink, rng: random.Random, person: str, years: int) -> None:
        for y in range(self.as_of.year - years, self.as_of.year):
            self._rating(sink, rng, "person", person, y, 4.2, "党员群众")

    def _emit_households(self, sink: Sink, rng: random.Random, g: _Grid,
                         comm: _Community) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        sizes = iter(g.sizes)

        def add(building: _Building | None, address: str) -> None:
            size = next(sizes)
            head_gender = rng.choice(("male", "female"))
            vulnerable = rng.random() < (0.3 if size == 1 else 0.05)
            hid = self._next("H", 7)
            self._head_gender[hid] = head_gender
            out.append({"id": hid, "name": names.person_name(rng, head_gender),
                        "grid_id": g.id, "building_id": building.id if building else None,
                        "address": address, "phone": names.phone(rng), "size": size,
                        "vulnerable": vulnerable, "lighthouse": False, "party_group_id": None})

        for bid in g.buildings:
            b = self.buildings[bid]
            capacity = b.units * b.floors * 2
            for pos in sorted(rng.sample(range(capacity), b.households)):
                unit, rest = divmod(pos, b.floors * 2)
                floor, room = divmod(rest, 2)
                add(b, f"{b.name}{unit + 1}单元{floor + 1}{room + 1:02d}")
        road = rng.choice(comm.roads)
        for k in range(g.households - len(out)):
            add(None, f"{road}{rng.randint(1, 200)}号附{k + 1}号")

        if g.lighthouses:
            for idx in sorted(rng.sample(range(len(out)), g.lighthouses)):
                h = out[idx]
                h["lighthouse"] = True
                b = self.buildings[h["building_id"]] if h["building_id"] else None
                if b is not None and b.group and rng.random() < 0.85:
                    h["party_group_id"] = b.group
                else:
                    h["party_group_id"] = rng.choice(g.interest_groups)
        for h in out:
            sink.add("households", h)
        return out

    def _emit_grid_people(self, sink: Sink, rng: random.Random, comm: _Community, g: _Grid,
                          hh: list[dict[str, Any]], cadres: list[str], volunteer_orgs: list[str],
                          backbone_orgs: list[str], elders_org: str | None) -> None:
        plain = [h for h in hh if not h["lighthouse"]]
        party_org = g.branch or comm.committee
        ties: dict[tuple[str, str, str], None] = {}

        def tie(server_type: str, server: str, household: str) -> None:
            ties[(server_type, server, household)] = None

        # grid leader (also secretary of the grid branch)
        leader = self._person(sink, rng, comm, household=rng.choice(plain)["id"], party=True,
                              occupation="专职网格员", age=(28, 58))
        self._member(sink, rng, leader, "grid_leader", party_org)
        if g.branch:
            self._member(sink, rng, leader, "secretary", g.branch)
        self._five_roles(sink, rng, leader)
        self._rating_person(sink, rng, leader, years=1)

        # lighthouse residents: exactly one party member in each lighthouse household
        light_people: dict[str, str] = {}
        for h in hh:
            if h["lighthouse"]:
                # the head of a lighthouse household is its party member
                p = self._person(sink, rng, comm, household=h["id"], party=True, age=(30, 80),
                                 gender=self._head_gender[h["id"]], name=h["name"],
                                 phone=h["phone"])
                self._member(sink, rng, p, "party_member", h["party_group_id"])
                self._five_roles(sink, rng, p)
                light_people[h["id"]] = p

        # other party members, volunteers, backbone, five elders (never in lighthouses)
        members = []
        for _ in range(max(2, round(len(hh) * 0.05))):
            p = self._person(sink, rng, comm, household=rng.choice(plain)["id"], party=True)
            self._member(sink, rng, p, "party_member", party_org)
            if rng.random() < 0.8:
                self._five_roles(sink, rng, p)
            members.append(p)
        for _ in range(round(len(hh) * 0.03)):
            p = self._person(sink, rng, comm, household=rng.choice(plain)["id"],
                             party=rng.random() < 0.2, age=(18, 70))
            self._member(sink, rng, p, "volunteer",
                         rng.choice(volunteer_orgs) if volunteer_orgs else None)
        for _ in range(1 + round(len(hh) * 0.008)):
            p = self._person(sink, rng, comm, household=rng.choice(plain)["id"],
                             party=rng.random() < 0.5, age=(35, 72))
            self._member(sink, rng, p, "backbone",
                         rng.choice(backbone_orgs) if backbone_orgs else None)
        if rng.random() < 0.7:
            p = self._person(sink, rng, comm, household=rng.choice(plain)["id"],
                             party=True, occupation=rng.choice(("退休教师", "退休干部",
                                                               "退役军人")), age=(62, 85))
            self._member(sink, rng, p, "five_elders", elders_org)

        # service ties
        if g.status == "single_point":
            for h in plain:
                tie("person", leader, h["id"])
        elif g.status == "no_lighthouse":
            servers = [leader, *members]
            for i, h in enumerate(plain):
                tie("person", servers[i % len(servers)], h["id"])
        elif g.status != "funds":
            unserved = [h for h in plain if rng.random() < RATE_UNSERVED]
            self.planted["household_unserved"] += [h["id"] for h in unserved]
            skip = {h["id"] for h in unserved}
            servable = [h for h in plain if h["id"] not in skip]
            lights = [h for h in hh if h["lighthouse"]]
            want = [rng.randint(11, 15) if rng.random() < RATE_OVERLOADED else rng.randint(4, 9)
                    for _ in lights]
            if g.id == self.force_overload and lights:  # at least one overloaded lighthouse
                want[0] = max(want[0], 12)
            _fit(want, len(servable))
            pos = 0
            for h, k in zip(lights, want, strict=True):
                for s in servable[pos:pos + k]:
                    tie("household", h["id"], s["id"])
                if k > MAX_SERVED:
                    self.planted["lighthouse_overloaded"].append(h["id"])
                pos += k
            contacts = [leader, *members]
            for i, s in enumerate(servable[pos:]):
                tie("person", contacts[i % len(contacts)], s["id"])
            for s in servable:
                if s["vulnerable"]:
                    tie("person", rng.choice((leader, leader, rng.choice(cadres))), s["id"])
            for m in members:
                for s in rng.sample(servable, min(len(servable), rng.randint(0, 4))):
                    tie("person", m, s["id"])
        else:
            self.planted["household_unserved"] += [h["id"] for h in plain]
        for (stype, server, household) in ties:
            sink.add("service_ties", {
                "server_type": stype, "server_id": server, "household_id": household,
                "since": self._date_between(rng, date(2013, 3, 1),
                                            self.as_of - timedelta(days=30))})

        if g.status != "funds":
            self._emit_grid_activities(sink, rng, g, volunteer_orgs)
        handlers = [leader, leader, *cadres]
        self._emit_requests(sink, rng, g, hh, handlers)

    def _emit_grid_activities(self, sink: Sink, rng: random.Random, g: _Grid,
                              volunteer_orgs: list[str]) -> None:
        start = self.window_start.date()
        # monthly party day
        for m in range(12):
            day = start + timedelta(days=30 * m + rng.randint(0, 27))
            self._activity(sink, "party_day", "主题党日", day, g.activity_org, g.id, None,
                           rng.randint(8, 40))
        plan = (("village_night_talk", "乡村夜话", 2, 6), ("love_doorbell", "爱心门铃走访", 3, 10),
                ("pioneer_post", "党员先锋岗", 0, 2), ("volunteer", "志愿服务", 1, 5),
                ("demonstration", "示范网格观摩", 0, 1), ("other", "邻里节", 0, 1))
        for kind, title, lo, hi in plan:
            for _ in range(rng.randint(lo, hi)):
                org = (rng.choice(volunteer_orgs) if kind == "volunteer" and volunteer_orgs
                       else g.activity_org)
                day = start + timedelta(days=rng.randint(0, 364))
                self._activity(sink, kind, title, day, org, g.id, None, rng.randint(5, 60))

    def _emit_community_activities(self, sink: Sink, rng: random.Random,
                                   comm: _Community) -> None:
        start = self.window_start.date()
        for title in ("社区大党委联席会议", "大居委轮值主席议事会", "孝老爱亲文艺汇演"):
            for _ in range(rng.randint(1, 4)):
                day = start + timedelta(days=rng.randint(0, 364))
                self._activity(sink, "other", title, day, comm.committee, None, comm.id,
                               rng.randint(20, 200))

    def _activity(self, sink: Sink, kind: str, name: str, day: date, org: str | None,
                  grid: str | None, area: str | None, participants: int) -> None:
        sink.add("activities", {"id": self._next("A", 7), "name": name, "kind": kind,
                                "date": min(day, self.as_of - timedelta(days=1)).isoformat(),
                                "organisation_id": org, "grid_id": grid, "area_id": area,
                                "participants": participants})

    def _emit_requests(self, sink: Sink, rng: random.Random, g: _Grid,
                       hh: list[dict[str, Any]], handlers: list[str]) -> None:
        cats = catalog.CATEGORIES
        weights = [c.weight for c in cats]
        vweights = [c.weight * (3 if c.code in ("elder_care", "social_assistance", "disability",
                                                "health") else 1) for c in cats]
        forced = [c for gid, c in self.unmet if gid == g.id]
        for h in hh:
            lam = REQUESTS_PER_HOUSEHOLD * (2.0 if h["vulnerable"] else 1.0)
            n = _poisson(rng, lam)
            for _ in range(n):
                cat = rng.choices(cats, vweights if h["vulnerable"] else weights)[0]
                self._request(sink, rng, g, h["id"], cat, handlers)
        for code in forced:
            for _ in range(rng.randint(2, 4)):
                self._request(sink, rng, g, rng.choice(hh)["id"],
                              catalog.CATEGORY_BY_CODE[code], handlers)

    def _request(self, sink: Sink, rng: random.Random, g: _Grid, household: str,
                 cat: catalog.Category, handlers: list[str]) -> None:
        rid = self._next("R", 8)
        day = rng.randint(0, 364)
        hour = rng.choices(range(7, 22), (2, 6, 9, 9, 8, 5, 5, 7, 8, 7, 6, 5, 4, 3, 2))[0]
        opened = self.window_start + timedelta(days=day, hours=hour, minutes=rng.randint(0, 59),
                                               seconds=rng.randint(0, 59))
        deadline = opened.date() + timedelta(days=cat.deadline_days)
        median = 0.35 * cat.deadline_days
        duration = max(0.05, median * math.exp(rng.gauss(0, 0.9)))
        closed: datetime | None = opened + timedelta(days=duration)
        closed = closed.replace(microsecond=0) if closed else None
        status = "closed"
        if deadline < self.as_of and rng.random() < RATE_OVERDUE:
            status, closed = rng.choice(("open", "in_progress", "in_progress")), None
            self.planted["request_overdue"].append(rid)
        elif closed is not None and closed >= self.as_of_dt:
            if deadline >= self.as_of:
                status = "open" if (self.as_of_dt - opened).days < 2 else "in_progress"
                closed = None
            else:  # closed late, but before the snapshot
                lo = datetime.combine(deadline + timedelta(days=1), datetime.min.time())
                span = int((self.as_of_dt - lo).total_seconds())
                closed = (lo + timedelta(seconds=rng.randint(0, span - 3600)) if span > 3600
                          else self.as_of_dt - timedelta(minutes=30))
        late = closed is not None and closed.date() > deadline
        satisfaction = None
        if closed is not None and rng.random() < 0.85:
            satisfaction = rng.choices((5, 4, 3, 2, 1),
                                       (20, 30, 30, 12, 8) if late else (55, 30, 10, 3, 2))[0]
        route = self.route[g.id].get(cat.code) or [self.main_platform[g.community]]
        platform = route[0] if rng.random() < 0.7 else rng.choice(route)
        sink.add("service_requests", {
            "id": rid, "household_id": household, "category_id": cat.code, "status": status,
            "opened_at": opened.isoformat(), "deadline": deadline.isoformat(),
            "closed_at": closed.isoformat() if closed else None, "platform_id": platform,
            "handler_id": rng.choice(handlers) if rng.random() < 0.9 else None,
            "title": rng.choice(cat.titles), "satisfaction": satisfaction,
        })

    # ------------------------------------------------------------------ manifest
    def manifest(self, counts: dict[str, int], figures: dict[str, int]) -> dict[str, Any]:
        return {
            "preset": self.preset,
            "seed": self.seed,
            "scale": self.scale,
            "as_of": self.as_of.isoformat(),
            "counts": counts,
            "figures": figures,
            "planted": {code: sorted(self.planted[code]) for code in GAP_CODES},
        }


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers ∝ weights (largest remainder, ties by position)."""
    s = sum(weights)
    quotas = [total * w / s for w in weights]
    base = [int(q) for q in quotas]
    rest = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base


def _fit(want: list[int], available: int) -> None:
    """Trim normal loads (≤ MAX_SERVED) until they fit; drop overloads only if needed."""
    while sum(want) > available:
        normal = [i for i, k in enumerate(want) if 1 < k <= MAX_SERVED]
        if normal:
            i = max(normal, key=lambda j: (want[j], -j))
            want[i] -= 1
            continue
        over = [i for i, k in enumerate(want) if k > MAX_SERVED]
        if over:
            want[over[0]] = MAX_SERVED
            continue
        ones = [i for i, k in enumerate(want) if k == 1]
        want[ones[-1]] = 0


def _poisson(rng: random.Random, lam: float) -> int:
    n, p, threshold = 0, rng.random(), math.exp(-lam)
    while p > threshold:
        n += 1
        p *= rng.random()
    return n


# --------------------------------------------------------------------------- entry points

def _figures(gen: _Generator) -> dict[str, int]:
    kinds = [o["kind"] for o in gen.orgs.values()]
    return {
        "grid_party_branches": kinds.count("grid_party_branch"),
        "building_party_groups": kinds.count("building_party_group"),
        "lighthouse_households": sum(g.lighthouses for g in gen.grids.values()),
    }


def run(sink: Sink, preset: str = "xiaogan", seed: int = 0, scale: float = 1.0,
        as_of: date = DEFAULT_AS_OF, progress: Callable[[int], None] | None = None,
        on_total: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Generate into ``sink`` (streaming); returns the manifest.

    ``on_total(n)`` is called once with the number of households to come and
    ``progress(k)`` after each community with the households just written.
    """
    gen = _Generator(preset, seed, scale, as_of)
    gen.build_skeleton()
    if on_total is not None:
        on_total(sum(g.households for g in gen.grids.values()))
    counting = _Counting(sink)
    # Areas are written first, so populations come from the household sizes that
    # phase 1 fixes per grid (phase 2 draws the same sizes).
    for comm in gen.communities.values():
        gen.areas[comm.id]["population"] = sum(sum(gen.grids[g].sizes) for g in comm.grids)
    for aid in reversed(list(gen.areas)):
        parent = gen.area_parent[aid]
        if parent is not None:
            gen.areas[parent]["population"] += gen.areas[aid]["population"]
    gen.emit_skeleton(counting)
    gen.emit_communities(counting, progress)
    figures = _figures(gen)
    return gen.manifest(counting.counts, figures)


def generate(preset: str = "xiaogan", seed: int = 0, scale: float = 1.0,
             as_of: date = DEFAULT_AS_OF) -> Dataset:
    """Generate a whole dataset in memory (tests, notebooks, small scales)."""
    sink = MemorySink()
    manifest = run(sink, preset, seed, scale, as_of)
    return Dataset(sink.tables, manifest)


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _open_sink(out: Path, fmt: str) -> CsvSink | JsonSink | XlsxSink:
    if fmt == "csv":
        return CsvSink(out)
    if fmt == "json":
        return JsonSink(out)
    if fmt == "xlsx":
        return XlsxSink(out)
    raise ValueError(f"unknown format {fmt!r}; use csv, xlsx or json")


def write_dataset(dataset: Dataset, out: str | Path, fmt: str = "csv") -> None:
    """Write an in-memory dataset and its manifest to ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sink = _open_sink(out, fmt)
    try:
        for name, rows in dataset.tables.items():
            for row in rows:
                sink.add(name, row)
    finally:
        sink.close()
    write_manifest(out, dataset.manifest)


def generate_to_dir(out: str | Path, preset: str = "xiaogan", seed: int = 0,
                    scale: float = 1.0, as_of: date = DEFAULT_AS_OF, fmt: str = "csv",
                    progress: Callable[[int], None] | None = None,
                    on_total: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Generate straight to files (streaming, flat memory); returns the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sink = _open_sink(out, fmt)
    try:
        manifest = run(sink, preset, seed, scale, as_of, progress, on_total)
    finally:
        sink.close()
    write_manifest(out, manifest)
    return manifest


__all__ = [
    "DEFAULT_AS_OF", "FIGURES", "GAP_CODES", "MIN_SCALE", "PRESETS", "CsvSink", "Dataset",
    "JsonSink",
    "MemorySink", "XlsxSink", "generate", "generate_to_dir", "run",
    "write_dataset", "write_manifest", "TABLES",
]
