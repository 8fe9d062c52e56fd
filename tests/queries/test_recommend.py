"""Lighthouse recommendations: greedy vs exact, the stated bound, and the fixture city."""

from __future__ import annotations

import math
import random

import pytest

from gridnet.queries import recommend
from gridnet.queries.recommend import _check_exhaustive, solve


@pytest.mark.unit
def test_greedy_can_be_worse_than_exact_and_respects_the_bound():
    # the textbook case: greedy grabs the big set C first and then needs A and B
    demand = ["1", "2", "3", "4", "5", "6"]
    nbrs = {"A": {"1", "2", "3"}, "B": {"4", "5", "6"}, "C": {"1", "2", "4", "5"}}
    cap = {c: 10 for c in nbrs}
    greedy = solve(demand, nbrs, cap, method="greedy")
    exact = solve(demand, nbrs, cap, method="exact")
    assert exact.picks == ["A", "B"] and exact.covered == 6 and exact.method == "exact"
    assert greedy.picks == ["A", "B", "C"] and greedy.covered == 6
    m = max(len(s) for s in nbrs.values())
    assert len(greedy.picks) <= (math.log(m) + 1) * len(exact.picks)


@pytest.mark.unit
def test_capacity_limits_coverage():
    demand = [f"u{i}" for i in range(5)]
    nbrs = {"a": set(demand), "b": set(demand)}
    result = solve(demand, nbrs, {"a": 2, "b": 2}, method="exact")
    assert result.covered == 4 and result.best_possible == 4 and len(result.picks) == 2
    assert all(list(result.assignment.values()).count(c) <= 2 for c in "ab")


@pytest.mark.unit
def test_self_cover():
    result = solve(["h1", "h2"], {"h1": {"h2"}}, {"h1": 10}, self_cover=["h1"], method="exact")
    assert result.picks == ["h1"] and result.covered == 2 and result.self_covered == ["h1"]


@pytest.mark.unit
@pytest.mark.parametrize("seed", range(25))
def test_exact_is_optimal_and_greedy_within_bound_on_random_instances(seed):
    rng = random.Random(seed)
    demand = [f"u{i}" for i in range(rng.randint(3, 14))]
    nbrs = {
        f"c{j}": set(rng.sample(demand, rng.randint(1, min(5, len(demand)))))
        for j in range(rng.randint(2, 8))
    }
    cap = {c: rng.randint(1, 4) for c in nbrs}
    selfs = set(rng.sample(demand, 1)) if rng.random() < 0.3 else set()
    for s in selfs:
        nbrs.setdefault(s, set())
        cap.setdefault(s, 2)
    exact = solve(demand, nbrs, cap, selfs, method="exact")
    greedy = solve(demand, nbrs, cap, selfs, method="greedy")
    assert exact.covered == greedy.covered == exact.best_possible
    assert len(exact.picks) == _check_exhaustive(demand, nbrs, cap, selfs)
    m = max(max(cap.values()), 1) + 1
    harmonic = sum(1 / i for i in range(1, m + 1))
    assert len(greedy.picks) <= harmonic * len(exact.picks) + 1e-9


@pytest.mark.unit
def test_budget_uses_greedy():
    demand = ["1", "2", "3", "4", "5", "6"]
    nbrs = {"A": {"1", "2", "3"}, "B": {"4", "5", "6"}, "C": {"1", "2", "4", "5"}}
    result = solve(demand, nbrs, {c: 10 for c in nbrs}, budget=1)
    assert result.picks == ["C"] and result.covered == 4


@pytest.mark.unit
def test_exact_limit():
    demand = [f"u{i}" for i in range(30)]
    nbrs = {f"c{j}": set(demand) for j in range(21)}
    with pytest.raises(ValueError, match="limited to 20"):
        solve(demand, nbrs, {c: 1 for c in nbrs}, method="exact")
    auto = solve(demand, nbrs, {c: 1 for c in nbrs}, method="auto")
    assert auto.method == "greedy" and auto.covered == 21


def test_recommend_on_fixture(database, small_city):
    rec = recommend.recommend(database, community="V1")
    assert [(p.household_id, p.kind, p.covers, p.members) for p in rec.picks] == [
        ("H22", "new", ["H22"], ["P8"])
    ]
    assert rec.before["unserved"] == 1 and rec.after["unserved"] == 0
    assert rec.after["coverage"] == 1.0

    building = recommend.recommend(database, grid="G1")
    assert building.picks == [] and building.still_unserved == ["H5"]
    assert {(m["grid_id"], m["category_id"]) for m in building.missing_platforms} == {
        ("G1", "legal_aid")
    }
    grid_rule = recommend.recommend(database, grid="G1", neighbourhood="grid")
    assert [(p.household_id, p.kind, p.covers) for p in grid_rule.picks] == [
        ("H1", "spare", ["H5"])
    ]
    assert grid_rule.after["unserved"] == 0 and grid_rule.before["households"] == 5

    none = recommend.recommend(database, community="C2")
    assert none.picks == [] and none.still_unserved == ["H8"]
    assert "legal_aid" in {m["category_id"] for m in none.missing_platforms}
    with pytest.raises(ValueError):
        recommend.recommend(database)
