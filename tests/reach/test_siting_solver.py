"""MCLP and LSCP (spopt with CBC) against brute force on small random instances, and
the spatial index against a pairwise loop (no database)."""

from __future__ import annotations

import itertools
import random

import pytest

from gridnet.geo import haversine_m
from gridnet.queries import siting

pytestmark = pytest.mark.unit


def _instance(seed: int) -> tuple[list[list[int]], list[int]]:
    """Sites' reach lists over n weighted demand points (every site reaches one at least)."""
    rng = random.Random(seed)
    n, m = rng.randint(4, 12), rng.randint(3, 8)
    reach = []
    for _ in range(m):
        r = sorted(i for i in range(n) if rng.random() < 0.3)
        reach.append(r or [rng.randrange(n)])
    return reach, [rng.randint(1, 5) for _ in range(n)]


def _weight(reach: list[list[int]], combo: tuple[int, ...] | list[int], w: list[int]) -> int:
    return sum(w[i] for i in {i for j in combo for i in reach[j]})


@pytest.mark.parametrize("seed", range(12))
def test_mclp_is_the_brute_force_optimum(seed: int) -> None:
    reach, w = _instance(seed)
    masks = [sum(1 << i for i in r) for r in reach]
    for k in range(0, len(reach) + 1, 2):
        best = max(_weight(reach, c, w) for c in itertools.combinations(range(len(reach)), k))
        chosen = siting.spopt_mclp(reach, w, k)
        assert len(chosen) <= k and _weight(reach, chosen, w) == best
        greedy, _ = siting.greedy_cover(masks, k, 0, w)
        assert _weight(reach, greedy, w) <= best  # the baseline never beats the optimum


@pytest.mark.parametrize("seed", range(12))
def test_lscp_is_the_fewest_sites(seed: int) -> None:
    reach, _ = _instance(seed)
    points = sorted({i for r in reach for i in r})
    index = {p: n for n, p in enumerate(points)}
    reach = [[index[i] for i in r] for r in reach]
    fewest = next(
        k
        for k in range(len(reach) + 1)
        for c in itertools.combinations(range(len(reach)), k)
        if {i for j in c for i in reach[j]} == set(range(len(points)))
    )
    chosen = siting.spopt_lscp(reach, len(points))
    assert len(chosen) == fewest
    assert {i for j in chosen for i in reach[j]} == set(range(len(points)))


def test_greedy_can_miss_the_optimum() -> None:
    # greedy takes the big middle set first and needs three; two sets cover all
    reach = [[3, 4, 5], [0, 1, 2], [1, 2, 3, 4]]
    masks = [sum(1 << i for i in r) for r in reach]
    assert siting.greedy_cover(masks, 2)[1].bit_count() == 5
    assert _weight(reach, siting.spopt_mclp(reach, [1] * 6, 2), [1] * 6) == 6


@pytest.mark.parametrize("seed", range(5))
def test_the_spatial_index_finds_what_a_pairwise_loop_finds(seed: int) -> None:
    rng = random.Random(seed)
    demand = [(30.9 + rng.random() * 0.02, 113.9 + rng.random() * 0.02) for _ in range(300)]
    sites = [(30.9 + rng.random() * 0.02, 113.9 + rng.random() * 0.02) for _ in range(40)]
    metres = rng.choice([150.0, 230.8, 769.2])
    got = siting.pairs_within(demand, sites, metres)
    want = [
        [i for i, (a, b) in enumerate(demand) if haversine_m(a, b, s[0], s[1]) <= metres]
        for s in sites
    ]
    assert got == want and sum(map(len, want)) > 0


def test_solve_reports_before_after_and_unknown() -> None:
    problem = siting.Problem(
        "elder_care",
        [("H1", 30.92, 113.91), ("H2", 30.925, 113.91), ("H3", None, None), ("H4", 30.925, 113.91)],
        {"H1": [(30.9201, 113.91)], "H2": [(30.9201, 113.91)]},
        [
            {"site": "B9", "kind": "building", "name": "9栋", "lat": 30.9249, "lon": 113.91},
            {"site": "B8", "kind": "building", "name": "8栋", "lat": 30.94, "lon": 113.91},
        ],
    )
    result = siting.solve(problem, 1)
    assert (result["total"], result["reach_unknown"]) == (4, 1)
    assert (result["covered_before"], result["covered_after"]) == (1, 3)
    assert [s["site"] for s in result["sites"]] == ["B9"] and result["sites"][0]["adds"] == 2
    assert result["greedy"]["covered_after"] == 3 and result["lscp"]["count"] == 1
    assert result["lscp"]["covers"] == 3
