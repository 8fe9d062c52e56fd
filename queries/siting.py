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

The solver is exact on small instances: every combination of K candidates is
tried (coverage as bit sets) while C(n, K) <= `EXACT_LIMIT`; above it the greedy
heuristic answers and the result says ``method: greedy``. The greedy baseline
(add the candidate covering most uncovered households, ties by id) is always
reported beside it. PySAL's spopt solves the same models with an ILP solver; it is
not used here to keep the install light (no GeoPandas/PuLP stack): for one
community (about 1,500 households, 200 candidates) the greedy answer is within
the classic (1 - 1/e) bound of the optimum and exact search covers K up to 3.

>>> sets = [0b0011, 0b0110, 0b1100]
>>> maximal_cover(sets, 2)
([0, 2], 15)
>>> greedy_cover(sets, 2)
([0, 2], 15)
>>> set_cover(sets, 0b1111)
[0, 2]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridnet import cypher
from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.geo import haversine_m
from gridnet.queries import runner
from gridnet.queries.life_circle import DEFAULT, LifeCircle

__all__ = [
    "EXACT_LIMIT",
    "Problem",
    "greedy_cover",
    "maximal_cover",
    "set_cover",
    "site",
    "solve",
]

EXACT_LIMIT = 2_000_000
"""The most combinations the exact search tries before the greedy answers alone."""

_QUERIES = Path(__file__).resolve().parent / "siting.cypher"


def _bits(mask: int) -> int:
    return mask.bit_count()


def greedy_cover(sets: Sequence[int], k: int, covered: int = 0) -> tuple[list[int], int]:
    """K sets chosen one by one, each covering the most not yet covered (ties: lowest index)."""
    chosen: list[int] = []
    for _ in range(min(k, len(sets))):
        best, gain = -1, 0
        for i, s in enumerate(sets):
            if i in chosen:
                continue
            g = _bits(s & ~covered)
            if g > gain:
                best, gain = i, g
        if best < 0:
            break
        chosen.append(best)
        covered |= sets[best]
    return chosen, covered


def maximal_cover(sets: Sequence[int], k: int, covered: int = 0) -> tuple[list[int], int]:
    """MCLP, exact: the K sets (or fewer when that already covers all) covering most.

    Ties go to the lexicographically smallest index list. Raises ValueError when
    C(len(sets), K) exceeds `EXACT_LIMIT`.
    """
    k = min(k, len(sets))
    if math.comb(len(sets), k) > EXACT_LIMIT:
        raise ValueError("too many combinations for the exact search")
    useful = [s & ~covered for s in sets]
    best: tuple[int, ...] = ()
    best_mask = covered
    best_count = _bits(covered)
    for combo in itertools.combinations(range(len(sets)), k):
        mask = covered
        for i in combo:
            mask |= useful[i]
        count = _bits(mask)
        if count > best_count:
            best, best_mask, best_count = combo, mask, count
    # drop sites that add nothing (fewer sites when fewer suffice)
    kept = [i for i in best if useful[i] & ~covered]
    return kept, best_mask


def set_cover(sets: Sequence[int], target: int, covered: int = 0) -> list[int] | None:
    """LSCP, exact: the fewest sets covering `target` (None: they cannot).

    Tries 1, 2, ... sets while the search stays under `EXACT_LIMIT`, then greedy.
    """
    need = target & ~covered
    if not need:
        return []
    union = 0
    for s in sets:
        union |= s
    if need & ~union:
        return None
    for k in range(1, len(sets) + 1):
        if math.comb(len(sets), k) > EXACT_LIMIT:
            break
        for combo in itertools.combinations(range(len(sets)), k):
            mask = 0
            for i in combo:
                mask |= sets[i]
            if not need & ~mask:
                return list(combo)
    chosen: list[int] = []
    left = need
    while left:
        i = max(range(len(sets)), key=lambda j: (_bits(sets[j] & left), -j))
        chosen.append(i)
        left &= ~sets[i]
    return chosen


@dataclass(frozen=True)
class Problem:
    """A siting problem: households (id, lat, lon or None), existing and candidate points."""

    category: str
    households: list[tuple[str, float | None, float | None]]
    existing: dict[str, list[tuple[float, float]]]
    """Per household id: the points of the existing platforms that reach it."""
    candidates: list[dict[str, Any]]
    """Rows with site, kind, name, lat, lon."""


def solve(problem: Problem, add: int, circle: LifeCircle = DEFAULT) -> dict[str, Any]:
    """MCLP with `add` new sites, LSCP and the greedy baseline, as the JSON shows them."""
    radius = circle.straight_m(problem.category)
    located = [(h, lat, lon) for h, lat, lon in problem.households if lat is not None]
    unknown = len(problem.households) - len(located)
    before = 0
    for i, (h, lat, lon) in enumerate(located):
        assert lat is not None and lon is not None
        if any(haversine_m(lat, lon, a, b) <= radius for a, b in problem.existing.get(h, ())):
            before |= 1 << i
    sets = []
    for c in problem.candidates:
        mask = 0
        for i, (_, lat, lon) in enumerate(located):
            assert lat is not None and lon is not None
            if haversine_m(lat, lon, c["lat"], c["lon"]) <= radius:
                mask |= 1 << i
        sets.append(mask)
    greedy, greedy_mask = greedy_cover(sets, add, before)
    try:
        chosen, mask = maximal_cover(sets, add, before)
        method = "exact"
    except ValueError:
        chosen, mask, method = greedy, greedy_mask, "greedy"
    everyone = (1 << len(located)) - 1
    reachable = 0
    for s in sets:
        reachable |= s
    lscp = set_cover(sets, everyone & (reachable | before), before)

    def described(indices: Sequence[int], start: int) -> list[dict[str, Any]]:
        out, covered = [], start
        for i in indices:
            c = problem.candidates[i]
            gain = _bits(sets[i] & ~covered)
            covered |= sets[i]
            out.append({**c, "adds": gain})
        return out

    return {
        "category": problem.category,
        "walk_m": circle.walk_m(problem.category),
        "detour": circle.detour,
        "total": len(problem.households),
        "located": len(located),
        "reach_unknown": unknown,
        "candidates": len(problem.candidates),
        "add": add,
        "method": method,
        "covered_before": _bits(before),
        "covered_after": _bits(mask),
        "sites": described(chosen, before),
        "greedy": {"covered_after": _bits(greedy_mask), "sites": described(greedy, before)},
        "lscp": {
            "sites": None if lscp is None else described(lscp, before),
            "count": None if lscp is None else len(lscp),
            "covers": _bits(everyone & (reachable | before)),
        },
    }


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
) -> dict[str, Any]:
    """`solve` on the graph's households of `community` (None: the whole city)."""
    if add < 0:
        raise GridnetError("--add must be 0 or more")
    result = solve(load_problem(db, category, community, timeout), add, circle)
    return {"community": community, **result}
