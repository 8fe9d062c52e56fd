"""Recommend new lighthouse households for the unserved households of a grid or community.

Why: a gap list says *where* the fire warms nobody; planners also need *whom* to
ask. This is a capacitated covering problem:

* **Demand**: households that are GAPS.md ``household_unserved``.
* **Candidates**: households with a party member living in them (designated as
  new lighthouses, capacity ``capacity``, default 10) and existing lighthouse
  households with spare capacity (``capacity - served``).
* **Neighbourhood rule** (``neighbourhood="building"``, the default): a candidate
  can serve an unserved household of the *same grid* and, when both have a
  building, of the *same building*; a household or candidate without a building
  (courtyards, village bays) is a neighbour of the whole grid.
  ``neighbourhood="grid"`` drops the building condition. An unserved household
  that is itself designated stops being unserved (lighthouses are never
  ``household_unserved``), without using capacity.
* **Coverage** f(S) of a set of picks S is the largest number of demand
  households that can be assigned to picks within capacities (a b-matching,
  solved exactly with augmenting paths), plus the picks that cover themselves.

Solvers, per connected component of the candidate-household graph:

* ``greedy``: repeatedly add the candidate with the largest gain in f. It
  reaches the best coverage with at most H(m)·OPT ≤ (ln m + 1)·OPT picks, where
  m is the most households one pick can cover (≤ capacity + 1, so ≤ 3.4·OPT at
  capacity 10; Wolsey 1982 for submodular cover). With a ``budget`` of k picks
  it covers at least (1 - 1/e) of the best k-pick coverage.
* ``exact``: branch and bound over subsets by increasing size, pruned by the
  sum of the best remaining single-pick values; used for components with at
  most ``EXACT_LIMIT`` (20) candidates. ``auto`` uses exact where it can.

>>> r = solve(["u1", "u2", "u3"], {"a": {"u1", "u2"}, "b": {"u3"}, "c": {"u2", "u3"}},
...           {"a": 10, "b": 10, "c": 10}, method="exact")
>>> sorted(r.picks), r.covered
(['a', 'c'], 3)
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from gridnet.db import Database
from gridnet.queries import catalog, gaps
from gridnet.queries.gap_rules import MAX_SERVED

__all__ = [
    "EXACT_LIMIT",
    "Pick",
    "Recommendation",
    "Solution",
    "neighbours_from_rows",
    "recommend",
    "solve",
]

EXACT_LIMIT = 20


# ----------------------------------------------------------------------------- solver
def _match(
    picks: Iterable[str],
    demand: Iterable[str],
    nbrs: Mapping[str, set[str]],
    cap: Mapping[str, int],
) -> dict[str, str]:
    """Maximum capacitated assignment household -> pick (augmenting paths)."""
    picks = sorted(picks)
    by_house: dict[str, list[str]] = defaultdict(list)
    for c in picks:
        for u in nbrs.get(c, ()):
            by_house[u].append(c)
    assigned: dict[str, str] = {}
    holding: dict[str, list[str]] = defaultdict(list)

    def augment(u: str, seen: set[str]) -> bool:
        for c in by_house.get(u, ()):
            if c in seen:
                continue
            seen.add(c)
            if len(holding[c]) < cap.get(c, 0):
                holding[c].append(u)
                assigned[u] = c
                return True
            for other in list(holding[c]):
                if augment(other, seen):
                    holding[c].remove(other)
                    holding[c].append(u)
                    assigned[u] = c
                    return True
        return False

    for u in sorted(demand):
        if u in by_house:
            augment(u, set())
    return assigned


@dataclass
class Solution:
    """Picks, the households each covers, and how good the answer is known to be."""

    picks: list[str]
    assignment: dict[str, str]
    self_covered: list[str]
    covered: int
    best_possible: int
    method: str
    exact_components: int = 0
    greedy_components: int = 0


def _value(
    picks: set[str],
    demand: set[str],
    nbrs: Mapping[str, set[str]],
    cap: Mapping[str, int],
    selfs: set[str],
) -> int:
    own = picks & selfs
    return len(own) + len(_match(picks, demand - own, nbrs, cap))


def _components(demand: set[str], nbrs: Mapping[str, set[str]], selfs: set[str]) -> list[list[str]]:
    """Groups of candidates that compete for the same households."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c, us in nbrs.items():
        find("c:" + c)
        for u in us & demand:
            parent[find("c:" + c)] = find("u:" + u)
        if c in selfs:
            parent[find("c:" + c)] = find("u:" + c)
    groups: dict[str, list[str]] = defaultdict(list)
    for c in nbrs:
        groups[find("c:" + c)].append(c)
    return [sorted(g) for _, g in sorted(groups.items())]


def _greedy(
    cands: list[str],
    demand: set[str],
    nbrs: Mapping[str, set[str]],
    cap: Mapping[str, int],
    selfs: set[str],
    budget: int | None,
) -> list[str]:
    chosen: set[str] = set()
    current = 0
    while budget is None or len(chosen) < budget:
        best: str | None = None
        best_gain = 0
        for c in cands:
            if c in chosen:
                continue
            gain = _value(chosen | {c}, demand, nbrs, cap, selfs) - current
            if gain > best_gain:
                best, best_gain = c, gain
        if best is None:
            break
        chosen.add(best)
        current += best_gain
    return sorted(chosen)


def _exact(
    cands: list[str],
    demand: set[str],
    nbrs: Mapping[str, set[str]],
    cap: Mapping[str, int],
    selfs: set[str],
) -> list[str]:
    target = _value(set(cands), demand, nbrs, cap, selfs)
    if target == 0:
        return []
    single = {c: _value({c}, demand, nbrs, cap, selfs) for c in cands}
    order = sorted(cands, key=lambda c: (-single[c], c))
    for k in range(1, len(order) + 1):
        if sum(single[c] for c in order[:k]) < target:
            continue
        found = _search(order, k, 0, [], target, single, demand, nbrs, cap, selfs)
        if found is not None:
            return sorted(found)
    return sorted(cands)  # unreachable: all candidates reach the target


def _search(
    order: list[str],
    k: int,
    start: int,
    chosen: list[str],
    target: int,
    single: Mapping[str, int],
    demand: set[str],
    nbrs: Mapping[str, set[str]],
    cap: Mapping[str, int],
    selfs: set[str],
) -> list[str] | None:
    if len(chosen) == k:
        return list(chosen) if _value(set(chosen), demand, nbrs, cap, selfs) >= target else None
    need = k - len(chosen)
    for i in range(start, len(order) - need + 1):
        # bound: what is chosen plus the best `need` singles from i on cannot reach target
        optimistic = sum(single[c] for c in chosen) + sum(single[c] for c in order[i : i + need])
        if optimistic < target:
            return None  # later i only have smaller singles
        found = _search(
            order, k, i + 1, [*chosen, order[i]], target, single, demand, nbrs, cap, selfs
        )
        if found is not None:
            return found
    return None


def solve(
    demand: Iterable[str],
    neighbours: Mapping[str, set[str]],
    capacity: Mapping[str, int],
    self_cover: Iterable[str] = (),
    method: str = "auto",
    budget: int | None = None,
    exact_limit: int = EXACT_LIMIT,
) -> Solution:
    """Choose candidates (keys of `neighbours`) covering the most `demand` households.

    `self_cover` are candidates that are themselves demand (designating them
    covers them). `method` is greedy, exact or auto; a `budget` forces greedy.
    """
    if method not in ("auto", "greedy", "exact"):
        raise ValueError(f"method must be auto, greedy or exact, not {method!r}")
    demand = set(demand)
    nbrs = {c: set(us) & demand for c, us in neighbours.items()}
    selfs = set(self_cover) & demand & set(nbrs)
    picks: list[str] = []
    n_exact = n_greedy = 0
    if budget is not None:  # a budget couples the components: one global greedy
        picks = _greedy(sorted(nbrs), demand, nbrs, capacity, selfs, budget)
        n_greedy = 1
    for comp in _components(demand, nbrs, selfs) if budget is None else []:
        use_exact = method == "exact" or (method == "auto" and len(comp) <= exact_limit)
        if method == "exact" and len(comp) > exact_limit:
            raise ValueError(
                f"exact solver limited to {exact_limit} candidates per component; "
                f"one has {len(comp)}: use greedy or auto"
            )
        if use_exact:
            picks += _exact(comp, demand, nbrs, capacity, selfs)
            n_exact += 1
        else:
            picks += _greedy(comp, demand, nbrs, capacity, selfs, None)
            n_greedy += 1
    chosen = set(picks)
    own = sorted(chosen & selfs)
    assignment = _match(chosen, demand - set(own), nbrs, capacity)
    best = _value(set(nbrs), demand, nbrs, capacity, selfs)
    used = "exact" if n_greedy == 0 else ("greedy" if n_exact == 0 else "exact+greedy")
    return Solution(
        sorted(picks), assignment, own, len(own) + len(assignment), best, used, n_exact, n_greedy
    )


# ----------------------------------------------------------------------------- graph side
@dataclass
class Pick:
    """A household to designate (new) or to load further (spare), and whom it covers."""

    household_id: str
    kind: str  # "new" lighthouse or "spare" capacity of an existing lighthouse
    grid_id: str
    building_id: str | None
    members: list[str]
    covers: list[str]


@dataclass
class Recommendation:
    """Coverage before and after the picks, the picks, and the solver's guarantee."""

    scope: dict[str, str | None]
    before: dict[str, Any]
    after: dict[str, Any]
    picks: list[Pick]
    bound: str
    method: str
    still_unserved: list[str] = field(default_factory=list)
    missing_platforms: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        b, a = self.before, self.after
        return (
            f"households {b['households']}: unserved {b['unserved']} -> {a['unserved']} "
            f"(coverage {b['coverage']:.1%} -> {a['coverage']:.1%}) with "
            f"{len(self.picks)} pick(s) [{self.method}]\n{self.bound}"
        )


def neighbours_from_rows(
    rows: list[dict[str, Any]], capacity: int = MAX_SERVED, neighbourhood: str = "building"
) -> tuple[list[str], dict[str, set[str]], dict[str, int], set[str]]:
    """(demand, neighbours, capacity, self_cover) from `recommend_candidates` rows."""
    if neighbourhood not in ("building", "grid"):
        raise ValueError("neighbourhood must be building or grid")
    demand = [r["household_id"] for r in rows if r["unserved"]]
    by_grid: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["unserved"]:
            by_grid[r["grid_id"]].append(r)
    nbrs: dict[str, set[str]] = {}
    cap: dict[str, int] = {}
    selfs: set[str] = set()
    for r in rows:
        if r["lighthouse"]:
            spare = capacity - int(r["served"])
            if spare <= 0:
                continue
            cap[r["household_id"]] = spare
        elif r["party_members"]:
            cap[r["household_id"]] = capacity
            if r["unserved"]:
                selfs.add(r["household_id"])
        else:
            continue
        nbrs[r["household_id"]] = {
            u["household_id"]
            for u in by_grid.get(r["grid_id"], ())
            if u["household_id"] != r["household_id"]
            and (
                neighbourhood == "grid"
                or r["building_id"] is None
                or u["building_id"] is None
                or u["building_id"] == r["building_id"]
            )
        }
    return demand, nbrs, cap, selfs


def _bound_text(solution: Solution, capacity: int, budget: int | None) -> str:
    if solution.method == "exact":
        return (
            "exact: the fewest picks that reach the best possible coverage "
            f"({solution.best_possible} households), by branch and bound"
        )
    m = capacity + 1
    factor = sum(1 / i for i in range(1, m + 1))
    text = (
        f"greedy: at most H({m}) = {factor:.2f} <= ln({m}) + 1 = {math.log(m) + 1:.2f} "
        "times the fewest picks that reach the same coverage"
    )
    if budget is not None:
        text += f"; with a budget of {budget} picks, >= (1 - 1/e) of the best coverage"
    if solution.method == "exact+greedy":
        text += f" (exact on {solution.exact_components} component(s))"
    return text


def recommend(
    db: Database,
    grid: str | None = None,
    community: str | None = None,
    method: str = "auto",
    capacity: int = MAX_SERVED,
    neighbourhood: str = "building",
    budget: int | None = None,
) -> Recommendation:
    """Propose lighthouse households for a grid or a community (give one id)."""
    if bool(grid) == bool(community):
        raise ValueError("give exactly one of grid or community")
    scope = {"grid": grid, "community": community}
    rows = catalog.rows(db, "recommend_candidates", {**scope, "district": None})
    summary = catalog.rows(db, "grid_summary", {**scope, "district": None})
    households = sum(int(r["households"]) for r in summary)
    demand, nbrs, cap, selfs = neighbours_from_rows(rows, capacity, neighbourhood)
    solution = solve(demand, nbrs, cap, selfs, method, budget)
    info = {r["household_id"]: r for r in rows}
    covers: dict[str, list[str]] = defaultdict(list)
    for u, c in solution.assignment.items():
        covers[c].append(u)
    picks = [
        Pick(
            c,
            "spare" if info[c]["lighthouse"] else "new",
            info[c]["grid_id"],
            info[c]["building_id"],
            list(info[c]["party_members"]),
            sorted(covers[c] + ([c] if c in solution.self_covered else [])),
        )
        for c in solution.picks
    ]
    covered = set(solution.assignment) | set(solution.self_covered)
    still = sorted(set(demand) - covered)

    def coverage(unserved: int) -> dict[str, Any]:
        share = 1 - unserved / households if households else 1.0
        return {"households": households, "unserved": unserved, "coverage": round(share, 4)}

    missing = gaps.find(db, "category_unmet", community=community, grid=grid)
    return Recommendation(
        scope,
        coverage(len(demand)),
        coverage(len(still)),
        picks,
        _bound_text(solution, capacity, budget),
        solution.method,
        still,
        missing,
    )


def _check_exhaustive(
    demand: Iterable[str],
    nbrs: Mapping[str, set[str]],
    cap: Mapping[str, int],
    selfs: Iterable[str],
) -> int:
    """Fewest picks reaching the best coverage by plain enumeration (tests, tiny cases)."""
    cands = sorted(nbrs)
    best = _value(set(cands), set(demand), nbrs, cap, set(selfs))
    for k in range(0, len(cands) + 1):
        for combo in itertools.combinations(cands, k):
            if _value(set(combo), set(demand), nbrs, cap, set(selfs)) >= best:
                return k
    return len(cands)
