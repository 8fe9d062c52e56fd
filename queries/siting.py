"""Where to add service points: maximal covering (MCLP) and set covering (LSCP).

Why: the gap ``category_out_of_reach`` says which households cannot walk to a
category; planners then ask where K new service points would reach the most of
them (MCLP: maximal covering location problem) and how many points would reach
all (LSCP: location set covering problem). Existing platforms stay where they
are: the households they already reach count as covered before anything is added.

A household is covered by a site within its category's life circle (walking
metres / detour factor in a straight line, `life_circle`). A new site covers any
household of the scope (a new point serves its community); households without a
location are reported as ``reach_unknown`` and never covered.

**Solver.** PySAL's spopt (``MCLP`` and ``LSCP`` from a cost matrix, solved to
optimality by the CBC solver that PuLP ships) answers both. Existing platforms are
fixed by leaving them out of the model: the households they reach are covered
whatever is added, so the model holds only the households still uncovered (as
demand points, one per distinct location, weighted by its households) and the
candidates that reach at least one of them; points reached by the same candidates
are merged into one row. That is the same optimum as spopt's
``predefined_facilities_arr`` with far smaller matrices, and it needs no per-grid
rule for which existing platform may serve whom. Which candidate reaches which
point is found with a KD-tree on the unit sphere (scipy), so a community's 1,500
households and 200 candidates are never compared pair by pair. The greedy
baseline (add the candidate covering most uncovered households, ties by id) is
reported beside it; tests check both against brute force on small instances.

>>> sets = [0b0011, 0b0110, 0b1100]
>>> greedy_cover(sets, 2)
([0, 2], 15)
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gridnet import cypher
from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.geo import EARTH_RADIUS_M, haversine_m
from gridnet.queries import runner
from gridnet.queries.life_circle import DEFAULT, TIERS, LifeCircle

__all__ = [
    "Problem",
    "categories",
    "greedy_cover",
    "pairs_within",
    "reach_now",
    "reach_points",
    "site",
    "solve",
    "spopt_lscp",
    "spopt_mclp",
]

_QUERIES = Path(__file__).resolve().parent / "siting.cypher"


def _weight(mask: int, weights: Sequence[int] | None) -> int:
    if weights is None:
        return mask.bit_count()
    return sum(weights[i] for i in range(mask.bit_length()) if mask >> i & 1)


def greedy_cover(
    sets: Sequence[int], k: int, covered: int = 0, weights: Sequence[int] | None = None
) -> tuple[list[int], int]:
    """K sets chosen one by one, each covering the most not yet covered (ties: lowest
    index); bit i counts `weights[i]` (default 1)."""
    chosen: list[int] = []
    for _ in range(min(k, len(sets))):
        best, gain = -1, 0
        for i, s in enumerate(sets):
            if i in chosen:
                continue
            g = _weight(s & ~covered, weights)
            if g > gain:
                best, gain = i, g
        if best < 0:
            break
        chosen.append(best)
        covered |= sets[best]
    return chosen, covered


def _unit(points: Sequence[tuple[float, float]]) -> np.ndarray:
    lat = np.radians(np.array([p[0] for p in points], dtype=float))
    lon = np.radians(np.array([p[1] for p in points], dtype=float))
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def pairs_within(
    demand: Sequence[tuple[float, float]], sites: Sequence[tuple[float, float]], metres: float
) -> list[list[int]]:
    """For each site, the demand points within `metres` (great circle, `geo.haversine_m`).

    A KD-tree over the points on the unit sphere answers by chord length (a chord is
    monotonic in the arc); each hit is then confirmed with the haversine, so the
    answer is the one a pairwise loop would give, in O((n + m) log n + hits).
    """
    if not demand or not sites:
        return [[] for _ in sites]
    # Imported here: scipy takes a fifth of a second to import, and every CLI command
    # imports this module through the command table.
    from scipy.spatial import cKDTree

    chord = 2 * math.sin(min(metres / EARTH_RADIUS_M, math.pi) / 2) * (1 + 1e-9)
    tree = cKDTree(_unit(demand))
    found = tree.query_ball_point(_unit(sites), chord)
    return [
        sorted(
            i for i in hits if haversine_m(demand[i][0], demand[i][1], site[0], site[1]) <= metres
        )
        for site, hits in zip(sites, found, strict=True)
    ]


def _coverage(reach: Sequence[Sequence[int]], n_demand: int) -> np.ndarray:
    """spopt's cost matrix (demand x site): 0 where a site reaches a point, 2 elsewhere
    (with a service radius of 1, only coverage matters to both models)."""
    cost = np.full((n_demand, len(reach)), 2.0)
    for j, points in enumerate(reach):
        cost[list(points), j] = 0.0
    return cost


def _solved(model: Any) -> list[int]:
    """Solve with PuLP's bundled CBC, quietly; the chosen sites' indices.

    PuLP 3.3 warns that building variables directly (as spopt does) and the bundled
    solver change in 4.0; the pin in pyproject.toml keeps both as they are.
    """
    import pulp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _chosen(model.solve(pulp.PULP_CBC_CMD(msg=False)))


def _chosen(model: Any) -> list[int]:
    return [j for j, var in enumerate(model.fac_vars) if (var.value() or 0) > 0.5]


def spopt_mclp(reach: Sequence[Sequence[int]], weights: Sequence[int], k: int) -> list[int]:
    """MCLP by spopt: the `k` sites (indices) whose reach holds the most weight."""
    from spopt.locate import MCLP

    k = min(k, len(reach))
    if k <= 0 or not weights:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        model = MCLP.from_cost_matrix(
            _coverage(reach, len(weights)), np.array(weights, dtype=float), 1.0, k
        )
    return _solved(model)


def spopt_lscp(reach: Sequence[Sequence[int]], n_demand: int) -> list[int]:
    """LSCP by spopt: the fewest sites reaching every demand point (each must be reachable)."""
    from spopt.locate import LSCP

    if n_demand == 0:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        model = LSCP.from_cost_matrix(_coverage(reach, n_demand), 1.0)
    return _solved(model)


@dataclass(frozen=True)
class Problem:
    """A siting problem: households (id, lat, lon or None), existing and candidate points."""

    category: str
    households: list[tuple[str, float | None, float | None]]
    existing: dict[str, list[tuple[float, float]]]
    """Per household id: the points of the existing platforms that reach it."""
    candidates: list[dict[str, Any]]
    """Rows with site, kind, name, lat, lon."""


def _uncovered(problem: Problem, radius: float) -> tuple[int, int, dict[tuple[float, float], int]]:
    """Households located, households an existing platform reaches, and the rest by point."""
    located = 0
    before = 0
    weight: dict[tuple[float, float], int] = {}
    for h, lat, lon in problem.households:
        if lat is None or lon is None:
            continue
        located += 1
        if any(haversine_m(lat, lon, a, b) <= radius for a, b in problem.existing.get(h, ())):
            before += 1
        else:
            weight[(lat, lon)] = weight.get((lat, lon), 0) + 1
    return located, before, weight


def reach_now(problem: Problem, circle: LifeCircle = DEFAULT) -> dict[str, int]:
    """The scope's reach before anything is added (no solver: what a page shows first).

    >>> p = Problem("c", [("h1", 30.0, 114.0), ("h2", None, None)], {"h1": [(30.0, 114.0)]}, [])
    >>> reach_now(p)
    {'total': 2, 'located': 1, 'reach_unknown': 1, 'covered_before': 1}
    """
    located, before, _weight = _uncovered(problem, circle.straight_m(problem.category))
    total = len(problem.households)
    return {
        "total": total,
        "located": located,
        "reach_unknown": total - located,
        "covered_before": before,
    }


def solve(problem: Problem, add: int, circle: LifeCircle = DEFAULT) -> dict[str, Any]:
    """MCLP with `add` new sites, LSCP and the greedy baseline, as the JSON shows them."""
    radius = circle.straight_m(problem.category)
    located, before, weight = _uncovered(problem, radius)
    demand = sorted(weight)
    reach_all = pairs_within(demand, [(c["lat"], c["lon"]) for c in problem.candidates], radius)
    useful = [j for j, r in enumerate(reach_all) if r]
    # Points reached by the same candidates are one demand row (their weights summed),
    # points no candidate reaches none: the optimum is the same, the matrix smaller.
    covering: dict[int, list[int]] = {}
    for j, j_all in enumerate(useful):
        for i in reach_all[j_all]:
            covering.setdefault(i, []).append(j)
    groups: dict[tuple[int, ...], int] = {}
    for i, js in covering.items():
        groups[tuple(js)] = groups.get(tuple(js), 0) + weight[demand[i]]
    patterns = sorted(groups)
    weights = [groups[p] for p in patterns]
    reach: list[list[int]] = [[] for _ in useful]
    for g, pattern in enumerate(patterns):
        for j in pattern:
            reach[j].append(g)
    # greedy on bit sets of demand rows, each counted with its weight
    masks = [sum(1 << i for i in r) for r in reach]

    def covered(mask: int) -> int:
        return _weight(mask, weights)

    greedy, greedy_mask = greedy_cover(masks, add, 0, weights)
    mclp = spopt_mclp(reach, weights, add)
    mclp_mask = 0
    for j in mclp:
        mclp_mask |= masks[j]
    lscp = spopt_lscp(reach, len(patterns))  # every row is reachable by construction

    def described(indices: Sequence[int]) -> list[dict[str, Any]]:
        out, mask = [], 0
        for j in sorted(indices, key=lambda j: (-covered(masks[j]), useful[j])):
            out.append({**problem.candidates[useful[j]], "adds": covered(masks[j] & ~mask)})
            mask |= masks[j]
        return [s for s in out if s["adds"] > 0]

    sites = described(mclp)
    return {
        "category": problem.category,
        "walk_m": circle.walk_m(problem.category),
        "detour": circle.detour,
        "total": len(problem.households),
        "located": located,
        "reach_unknown": len(problem.households) - located,
        "candidates": len(problem.candidates),
        "add": add,
        "method": "spopt MCLP (CBC)",
        "covered_before": before,
        "covered_after": before + covered(mclp_mask),
        "sites": sites,
        "greedy": {
            "covered_after": before + covered(greedy_mask),
            "sites": described(greedy),
        },
        "lscp": {
            "method": "spopt LSCP (CBC)",
            "sites": described(lscp),
            "count": len(described(lscp)),
            "covers": before + sum(weights),
        },
    }


def reach_points(
    problem: Problem, result: Mapping[str, Any], circle: LifeCircle = DEFAULT
) -> list[dict[str, Any]]:
    """The located households for the map, one row per (point, reach): ``reached``
    (an existing platform is within the circle), ``added`` (only a proposed site is)
    or ``out`` (neither); with how many households stand there.

    Households reached share the point of their building (or a rural home's cell,
    ``privacy.coarsen``), so the map shows no more than the graph holds.
    """
    radius = circle.straight_m(problem.category)
    sites = [(s["lat"], s["lon"]) for s in result["sites"]]
    located = [(h, lat, lon) for h, lat, lon in problem.households if lat is not None]
    points = sorted({(lat, lon) for _, lat, lon in located if lon is not None})
    by_site = pairs_within(points, sites, radius)
    added = {points[i] for hits in by_site for i in hits}
    count: dict[tuple[float, float, str], int] = {}
    for h, lat, lon in located:
        assert lat is not None and lon is not None
        if any(haversine_m(lat, lon, a, b) <= radius for a, b in problem.existing.get(h, ())):
            reach = "reached"
        elif (lat, lon) in added:
            reach = "added"
        else:
            reach = "out"
        count[(lat, lon, reach)] = count.get((lat, lon, reach), 0) + 1
    return [
        {"lat": lat, "lon": lon, "reach": reach, "households": n}
        for (lat, lon, reach), n in sorted(count.items())
    ]


def categories(db: Database, timeout: float | None = None) -> list[dict[str, Any]]:
    """Every service category (id, name), for the pickers."""
    query = cypher.load_file(_QUERIES)["categories"].text
    return runner.execute_read(db, query, {}, timeout).records()


def load_problem(
    db: Database, category: str, community: str | None = None, timeout: float | None = None
) -> Problem:
    """The households, existing platforms and candidates of a scope, from the graph."""
    blocks = cypher.load_file(_QUERIES)
    params = {"category": category, "community": community}
    found = runner.execute_read(
        db, "MATCH (c:ServiceCategory {id: $category}) RETURN c.id AS id", params, timeout
    ).records()
    if not found:
        raise GridnetError(f"no service category {category!r} in the graph")
    rows = {
        name: runner.execute_read(db, blocks[name].text, params, timeout).records()
        for name in ("households", "existing", "candidates")
    }
    by_grid: dict[str, list[tuple[float, float]]] = {}
    for r in rows["existing"]:
        by_grid.setdefault(r["grid"], []).append((r["lat"], r["lon"]))
    households = [(r["household"], r["lat"], r["lon"]) for r in rows["households"]]
    existing = {r["household"]: by_grid.get(r["grid"], []) for r in rows["households"]}
    return Problem(category, households, existing, rows["candidates"])


def site(
    db: Database,
    category: str,
    add: int,
    community: str | None = None,
    circle: LifeCircle = DEFAULT,
    timeout: float | None = None,
    layers: bool = False,
    problem: Problem | None = None,
) -> dict[str, Any]:
    """`solve` on the graph's households of `community` (None: the whole city), or on
    `problem` when the caller has loaded it already (`load_problem`).

    With `layers`, also what the explorer's map draws under ``map``: household points
    by reach (`reach_points`), the located platforms of the scope with their
    categories, and the straight radius of each life circle (for a platform's rings).
    """
    if add < 0:
        raise GridnetError("--add must be 0 or more")
    if problem is None:
        problem = load_problem(db, category, community, timeout)
    result = {"community": community, **solve(problem, add, circle)}
    if layers:
        query = cypher.load_file(_QUERIES)["platforms"].text
        params = {"category": category, "community": community}
        result["map"] = {
            "points": reach_points(problem, result, circle),
            "platforms": runner.execute_read(db, query, params, timeout).records(),
            "rings_m": {m: circle.metres[m] / circle.detour for m in TIERS},
        }
    return result
