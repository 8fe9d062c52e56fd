"""City-wide analytics (reach, articulation, load balance, unserved) without networkx.

Why a second path: at a million households the networkx path (`projection.project`
then `analytics`) spends minutes exporting every node with all its properties and
relationships and building a MultiDiGraph of dicts. The city-wide figures need only
five labels and six relationship types, so this module reads just those columns as
internal ids, one row of lists per grid (`city_analytics.cypher`, one read
transaction), keeps the graph as integer arrays and runs the graph algorithms in
rustworkx. The rules are those of `analytics` (the care and service networks,
GAPS.md's serving persons, the what-if of a member or lighthouse household) on the
node set of ``projection_city``; the tests check both paths give equal results on
the fixture city and the generated Xiaogan city. networkx stays for scoped what-ifs.

Only SERVES ties that count (from a person or a lighthouse household) are kept:
every figure of `analytics` ignores the others (a what-if's households that could
change are reached through counting ties only).

>>> result = analyse(db)                    # doctest: +SKIP
>>> result.load.max, len(result.unserved)   # the bench's million households  # doctest: +SKIP
(313, 24348)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import rustworkx as rx
from neo4j import ManagedTransaction

from gridnet import cypher
from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.queries import runner
from gridnet.queries.analytics import LoadBalance, balance
from gridnet.queries.gap_rules import MAX_SERVED

__all__ = ["CityAnalytics", "CityGraph", "analyse", "compute", "read_city", "summary"]

_QUERIES = Path(__file__).resolve().parent / "city_analytics.cypher"

PERSON, HOUSEHOLD, GRID, AREA, PLATFORM = range(5)
"""Node kinds, one per label the analytics read."""

Ints = npt.NDArray[np.int64]


@dataclass
class CityGraph:
    """The city's care and service ties over compact node indices 0..n-1.

    ``keys`` are the nodes' ids (elementId when a node has none), ``kind`` one of the
    kinds above, ``lighthouse`` the household flag. Each tie array is (k, 2) of
    (source, target) in the direction of its relationship, without repeats.
    """

    keys: list[str]
    kind: npt.NDArray[np.int8]
    lighthouse: npt.NDArray[np.bool_]
    serves: Ints
    """SERVES that count: a person or lighthouse household -> a household."""
    lives_in: Ints
    in_grid: Ints
    in_area: Ints
    part_of: Ints
    platform_serves: Ints
    """Platform -> a grid or an area above a grid."""


@dataclass
class CityAnalytics:
    """The figures of `analytics` for the whole city, in the same shapes."""

    reach: dict[str, dict[str, float | None]]
    articulation: dict[str, Any]
    load: LoadBalance
    unserved: set[str]
    counts: dict[str, int] = field(default_factory=dict)
    """Nodes and ties read, for reports."""


@dataclass
class _Read:
    """What the stream has collected, by internal id, before compaction (a node may
    come more than once: a person serving in several grids)."""

    ids: list[int] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    flags: list[bool | None] = field(default_factory=list)
    serves: tuple[list[int], list[int]] = field(default_factory=lambda: ([], []))
    lives: tuple[list[int], list[int]] = field(default_factory=lambda: ([], []))
    in_grid: tuple[list[int], list[int]] = field(default_factory=lambda: ([], []))
    platform_serves: tuple[list[int], list[int]] = field(default_factory=lambda: ([], []))
    areas: list[dict[str, Any]] = field(default_factory=list)

    def add(self, ids: list[int], kind: int, keys: list[str], flags: list[bool | None]) -> None:
        if not len(ids) == len(keys) == len(flags):
            raise GridnetError("the city stream's node columns differ in length")
        self.ids.extend(ids)
        self.kinds.extend([kind] * len(ids))
        self.keys.extend(keys)
        self.flags.extend(flags)

    @staticmethod
    def link(into: tuple[list[int], list[int]], sources: list[int], targets: list[int]) -> None:
        into[0].extend(sources)
        into[1].extend(targets)


def _stream(tx: ManagedTransaction) -> _Read:
    """Read the city's pages in one transaction (internal ids are valid within it)."""
    queries = cypher.load_file(_QUERIES)
    read = _Read()
    for row in tx.run(queries["grids"].text):
        grid, households, residents = row["grid"], row["households"], row["residents"]
        read.add([grid], GRID, [""], [None])
        read.add(households, HOUSEHOLD, row["household_keys"], row["lighthouse"])
        read.link(read.in_grid, households, [grid] * len(households))
        read.add(residents, PERSON, row["resident_keys"], [None] * len(residents))
        read.link(read.lives, residents, row["homes"])
        persons = [(s, k) for s, k in zip(row["servers"], row["server_keys"], strict=True) if k]
        read.add([s for s, _ in persons], PERSON, [k for _, k in persons], [None] * len(persons))
        read.link(read.serves, row["servers"], row["served"])
        read.link(read.platform_serves, row["platforms"], [grid] * len(row["platforms"]))
    # Households that serve a grid's household without being in a grid themselves are
    # in projection_city too, with their residents; ties into them count when their
    # source is in it already (`_compact` drops the others).
    outsiders = np.setdiff1d(read.serves[0], read.ids).tolist()
    if outsiders:
        for one in tx.run(queries["outsiders"].text, {"ids": outsiders}).data():
            h, residents = one["household"], one["residents"]
            read.add([h], HOUSEHOLD, [one["household_key"]], [one["lighthouse"]])
            read.add(residents, PERSON, one["resident_keys"], [None] * len(residents))
            read.link(read.lives, residents, [h] * len(residents))
            read.link(read.serves, one["servers"], [h] * len(one["servers"]))
    read.areas = tx.run(queries["areas"].text).data()
    return read


def _areas_above_grids(areas: list[dict[str, Any]], grids: set[int]) -> list[dict[str, Any]]:
    """projection_city's areas: IN_AREA of a grid, then PART_OF upwards."""
    parents = {a["area"]: a["parents"] for a in areas}
    stack = [a["area"] for a in areas if any(g in grids for g in a["grids"])]
    seen: set[int] = set()
    while stack:
        area = stack.pop()
        if area not in seen:
            seen.add(area)
            stack.extend(parents.get(area, ()))
    return [a for a in areas if a["area"] in seen]


def _runs(ordered: Ints) -> npt.NDArray[np.bool_]:
    """Where each run of equal values of a sorted array starts."""
    return np.concatenate(([True], ordered[1:] != ordered[:-1]))[: len(ordered)]


def _distinct(values: Ints) -> Ints:
    """Sorted distinct values (np.unique's hashing is several times slower here)."""
    ordered = np.sort(values)
    return ordered[_runs(ordered)]


def _unique(pairs: Ints, n: int) -> Ints:
    """The distinct (source, target) rows of `pairs` of indices below `n`."""
    codes = _distinct(pairs[:, 0] * n + pairs[:, 1])
    return np.column_stack((codes // n, codes % n))


def _within(values: Ints, ordered: Ints) -> npt.NDArray[np.bool_]:
    """Which `values` are in the sorted array `ordered`."""
    if not len(ordered):
        return np.zeros(len(values), dtype=np.bool_)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return np.asarray(ordered[at] == values)


def _compact(read: _Read) -> CityGraph:
    """Internal ids -> indices 0..n-1; ties kept when both ends are members."""
    grids = {i for i, k in zip(read.ids, read.kinds, strict=True) if k == GRID}
    areas = _areas_above_grids(read.areas, grids)
    for a in areas:
        read.add([a["area"]], AREA, [""], [None])
        read.link(read.platform_serves, a["platforms"], [a["area"]] * len(a["platforms"]))
    platforms = read.platform_serves[0]
    read.add(platforms, PLATFORM, [""] * len(platforms), [None] * len(platforms))
    seen = np.asarray(read.ids, dtype=np.int64)
    by_id = np.argsort(seen, kind="stable")
    first = by_id[_runs(seen[by_id])]  # each node's first occurrence
    iids = seen[first]
    n = len(iids)

    def index(ties: tuple[list[int], list[int]]) -> Ints:
        """Map internal ids to indices; drop ties with an end that is not a member."""
        pairs = np.column_stack(
            (np.asarray(ties[0], dtype=np.int64), np.asarray(ties[1], dtype=np.int64))
        ).reshape(-1, 2)
        if not n or not len(pairs):
            return np.zeros((0, 2), dtype=np.int64)
        at = np.minimum(np.searchsorted(iids, pairs), n - 1)
        return _unique(at[(iids[at] == pairs).all(axis=1)], n)

    kind = np.asarray(read.kinds, dtype=np.int8)[first]
    flags = np.fromiter((f is True for f in read.flags), dtype=np.bool_, count=len(read.flags))
    lighthouse = flags[first] & (kind == HOUSEHOLD)
    serves = index(read.serves)
    counting = (kind[serves[:, 0]] == PERSON) | lighthouse[serves[:, 0]]
    in_area: tuple[list[int], list[int]] = ([], [])
    part_of: tuple[list[int], list[int]] = ([], [])
    for a in areas:
        read.link(in_area, a["grids"], [a["area"]] * len(a["grids"]))
        read.link(part_of, [a["area"]] * len(a["parents"]), a["parents"])
    return CityGraph(
        keys=[read.keys[i] for i in first.tolist()],
        kind=kind,
        lighthouse=lighthouse,
        serves=serves[counting],
        lives_in=index(read.lives),
        in_grid=index(read.in_grid),
        in_area=index(in_area),
        part_of=index(part_of),
        platform_serves=index(read.platform_serves),
    )


def read_city(db: Database, timeout: float | None = None) -> CityGraph:
    """The city's care and service ties, read in one transaction (see module doc)."""
    return _compact(runner.read_transaction(db, _stream, timeout))


def _graph(n: int, ties: Ints, base: rx.PyGraph | None = None) -> rx.PyGraph:
    """Undirected simple graph on 0..n-1 of `ties` (no self loops, no repeats), on a
    copy of `base` when given."""
    pairs = np.sort(ties[ties[:, 0] != ties[:, 1]], axis=1)
    pairs = _unique(pairs, n) if len(pairs) else pairs
    if base is None:
        graph = rx.PyGraph(multigraph=False, node_count_hint=n)
        graph.add_nodes_from(range(n))
    else:
        graph = base.copy()
    graph.add_edges_from_no_data(list(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(), strict=True)))
    return graph


def _hops(graph: rx.PyGraph, sources: Iterable[int], n: int) -> list[int | None]:
    """Hops from the nearest source (multi-source BFS), None where none reaches."""
    hops: list[int | None] = [None] * n
    start = sorted(set(sources))
    if start:
        for depth, layer in enumerate(rx.bfs_layers(graph, start)):
            for node in layer:
                hops[node] = depth
    return hops


def _bridges(city: CityGraph, care: rx.PyGraph) -> list[tuple[str, str]]:
    """The care network's bridges, each as `analytics.tie` orients it, sorted."""
    n, keys = len(city.keys), city.keys
    ends = chain.from_iterable(rx.bridges(care))
    found = np.fromiter(ends, dtype=np.int64).reshape(-1, 2)
    directed = _distinct(np.concatenate((city.serves, city.lives_in)) @ np.array([n, 1]))
    forward = _within(found @ np.array([n, 1]), directed)
    backward = _within(found[:, ::-1] @ np.array([n, 1]), directed)
    # id ranks: tuples of ids sort like tuples of ranks
    nodes = _distinct(found.ravel()).tolist()
    rank = np.zeros(n, dtype=np.int64)
    rank[sorted(nodes, key=keys.__getitem__)] = np.arange(len(nodes))
    flip = np.where(forward == backward, rank[found[:, 0]] > rank[found[:, 1]], backward)
    oriented = np.where(flip[:, None], found[:, ::-1], found)
    oriented = oriented[np.lexsort((rank[oriented[:, 1]], rank[oriented[:, 0]]))]
    return list(
        zip(
            [keys[u] for u in oriented[:, 0].tolist()],
            [keys[v] for v in oriented[:, 1].tolist()],
            strict=True,
        )
    )


def _sole(ties: Ints, n: int) -> Ints:
    """Per node, the one source of the distinct `ties` into it; -1 for none or several."""
    count = np.bincount(ties[:, 1], minlength=n)
    sole = np.full(n, -1, dtype=np.int64)
    one = count[ties[:, 1]] == 1
    sole[ties[one, 1]] = ties[one, 0]
    return sole


def _group(owners: Ints, households: Ints, keep: npt.NDArray[np.bool_]) -> dict[int, list[int]]:
    """Households by owner, for the owners `keep` marks."""
    chosen = keep[owners]
    owners, households = owners[chosen], households[chosen]
    if not len(owners):
        return {}
    order = np.argsort(owners, kind="stable")
    owners, members = owners[order], households[order].tolist()
    starts = np.flatnonzero(_runs(owners))
    ends = [*starts[1:].tolist(), len(members)]
    return {
        x: members[a:b]
        for x, a, b in zip(owners[starts].tolist(), starts.tolist(), ends, strict=True)
    }


def _serving_persons(city: CityGraph) -> Ints:
    """GAPS.md serving persons as distinct (person, household) ties: persons who serve,
    and residents of the lighthouses that serve."""
    n, serves, lives = len(city.keys), city.serves, city.lives_in
    residents = np.bincount(lives[:, 1], minlength=n)
    by_home = lives[np.argsort(lives[:, 1], kind="stable"), 0]
    first = np.concatenate(([0], np.cumsum(residents)))
    via = serves[city.lighthouse[serves[:, 0]]]  # lighthouse -> household
    times = residents[via[:, 0]]
    offsets = np.arange(times.sum()) - np.repeat(np.cumsum(times) - times, times)
    resident = by_home[np.repeat(first[via[:, 0]], times) + offsets]
    direct = serves[city.kind[serves[:, 0]] == PERSON]
    return _unique(
        np.concatenate((direct, np.column_stack((resident, np.repeat(via[:, 1], times))))), n
    )


def _losses(
    city: CityGraph, persons: Ints, points: npt.NDArray[np.bool_]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """`analytics.what_if_remove` of every node `points` marks, at once (`persons`:
    `_serving_persons`): the households each would leave unserved, and those it would
    leave without a serving person.

    A household becomes unserved without x exactly when x is its only server, and is
    left without a serving person exactly when x is its only serving person (x a
    person) or its only server that brings one, a person or a lighthouse with
    residents (x a lighthouse); all such households are among those x reaches.
    """
    n, kind, light = len(city.keys), city.kind, city.lighthouse
    serves = city.serves
    sole_server = _sole(serves, n)
    unserved_by = np.flatnonzero((sole_server >= 0) & ~light)
    sole_person = _sole(persons, n)
    residents = np.bincount(city.lives_in[:, 1], minlength=n)
    bringing = (kind[serves[:, 0]] == PERSON) | (residents[serves[:, 0]] > 0)
    sole_bringer = _sole(serves[bringing], n)
    households = np.arange(n)
    lost_person = (sole_person >= 0) & (kind[np.maximum(sole_person, 0)] == PERSON)
    lost_light = (sole_bringer >= 0) & light[np.maximum(sole_bringer, 0)]
    lost_light &= sole_bringer != households
    return (
        _group(sole_server[unserved_by], unserved_by, points),
        _group(
            np.concatenate((sole_person[lost_person], sole_bringer[lost_light])),
            np.concatenate((households[lost_person], households[lost_light])),
            points,
        ),
    )


def compute(city: CityGraph, capacity: int = MAX_SERVED) -> CityAnalytics:
    """The figures of `analytics.reach`, `articulation`, `load_balance` and
    `unserved_households` on the city graph (rules in `analytics`)."""
    n, keys, kind, light = len(city.keys), city.keys, city.kind, city.lighthouse
    households = np.flatnonzero(kind == HOUSEHOLD)
    has_server = np.zeros(n, dtype=np.bool_)
    has_server[city.serves[:, 1]] = True
    unserved = {keys[h] for h in households[~light[households] & ~has_server[households]]}

    load = np.bincount(city.serves[:, 0], minlength=n)
    servers = np.flatnonzero(light | (load > 0))
    served = dict(zip([keys[s] for s in servers.tolist()], load[servers].tolist(), strict=True))

    care = _graph(n, np.concatenate((city.serves, city.lives_in)))
    service = _graph(
        n,
        np.concatenate((city.in_grid, city.in_area, city.part_of, city.platform_serves)),
        base=care,
    )
    persons = _serving_persons(city)
    members = set(persons[:, 0].tolist())
    to_platform = _hops(service, city.platform_serves[:, 0].tolist(), n)
    to_member = _hops(care, members, n)
    reach: dict[str, dict[str, float | None]] = {
        keys[h]: {"platform_hops": to_platform[h], "member_hops": to_member[h]}
        for h in households.tolist()
    }

    points = []
    is_point = np.zeros(n, dtype=np.bool_)
    is_point[list(rx.articulation_points(care))] = True
    is_point &= (kind == PERSON) | light
    cut_off, without_person = _losses(city, persons, is_point)
    for x in np.flatnonzero(is_point).tolist():
        points.append(
            {
                "id": keys[x],
                "label": "Person" if kind[x] == PERSON else "Household",
                "households_cut_off": sorted(keys[h] for h in cut_off.get(x, ())),
                "households_without_person": sorted(keys[h] for h in without_person.get(x, ())),
            }
        )
    points.sort(key=lambda p: (-len(p["households_cut_off"]), str(p["id"])))
    return CityAnalytics(
        reach=reach,
        articulation={"articulation_points": points, "bridges": _bridges(city, care)},
        load=balance(served, capacity),
        unserved=unserved,
        counts={
            "nodes": n,
            "households": len(households),
            "care_ties": care.num_edges(),
            "service_ties": service.num_edges(),
        },
    )


def analyse(
    db: Database, capacity: int = MAX_SERVED, timeout: float | None = None
) -> CityAnalytics:
    """City-wide reach, articulation, load balance and unserved households."""
    return compute(read_city(db, timeout), capacity)


def _reached(reach: dict[str, dict[str, float | None]], key: str) -> dict[str, Any]:
    found = sorted(hops for h in reach.values() if (hops := h[key]) is not None)
    total = len(reach)
    return {
        "reached": len(found),
        "share": round(len(found) / total, 4) if total else None,
        "median_hops": found[len(found) // 2] if found else None,
        "max_hops": found[-1] if found else None,
    }


def summary(result: CityAnalytics, top: int = 10) -> dict[str, Any]:
    """The city's figures in a few numbers, and the `top` articulation points.

    Why: what an analyst reads first (``gridnet analytics``): how many households no one
    serves, how far households are from a platform and from a serving member, how
    unevenly the serving load is spread, and which persons or lighthouse households the
    care network hangs on. Lists of ids are kept whole (they are what to act on); the
    per-household hops are summed up, not listed (a million of them at city scale).

    >>> from gridnet.queries.analytics import balance
    >>> r = CityAnalytics(
    ...     reach={"H-1": {"platform_hops": 2, "member_hops": 1},
    ...            "H-2": {"platform_hops": 3, "member_hops": None}},
    ...     articulation={"articulation_points": [{"id": "P-1", "label": "Person",
    ...                   "households_cut_off": ["H-1"], "households_without_person": []}],
    ...                   "bridges": [("P-1", "H-1")]},
    ...     load=balance({"P-1": 1}, 5), unserved={"H-2"}, counts={"households": 2})
    >>> s = summary(r)
    >>> s["unserved"], s["reach"]["member"]["reached"], s["reach"]["platform"]["max_hops"]
    ({'count': 1, 'households': ['H-2']}, 1, 3)
    >>> s["articulation_points"]["top"][0]["households_cut_off"], s["bridges"]["count"]
    (1, 1)
    """
    load = result.load
    points = result.articulation["articulation_points"]
    return {
        "counts": dict(result.counts),
        "unserved": {"count": len(result.unserved), "households": sorted(result.unserved)},
        "reach": {
            "platform": _reached(result.reach, "platform_hops"),
            "member": _reached(result.reach, "member_hops"),
        },
        "load": {
            "servers": len(load.served),
            "mean": load.mean,
            "max": load.max,
            "max_over_mean": load.max_over_mean,
            "gini": load.gini,
            "over_capacity": list(load.over_capacity),
        },
        "articulation_points": {
            "count": len(points),
            "top": [
                {
                    "id": p["id"],
                    "label": p["label"],
                    "households_cut_off": len(p["households_cut_off"]),
                    "households_without_person": len(p["households_without_person"]),
                }
                for p in points[:top]
            ],
        },
        "bridges": {
            "count": len(result.articulation["bridges"]),
            "ties": [list(t) for t in result.articulation["bridges"]],
        },
    }
