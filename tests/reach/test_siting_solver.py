"""MCLP and LSCP against brute force on small random instances (no database)."""

from __future__ import annotations

import itertools
import random

import pytest

from gridnet.queries import siting

pytestmark = pytest.mark.unit


def _instance(seed: int) -> tuple[list[int], int, int]:
    rng = random.Random(seed)
    n, m = rng.randint(4, 12), rng.randint(3, 9)
    sets = [sum(1 << i for i in range(n) if rng.random() < 0.3) for _ in range(m)]
    before = sum(1 << i for i in range(n) if rng.random() < 0.2)
    return sets, before, n


def _union(sets: list[int], combo: tuple[int, ...], start: int) -> int:
    mask = start
    for i in combo:
        mask |= sets[i]
    return mask


@pytest.mark.parametrize("seed", range(40))
def test_maximal_cover_is_the_brute_force_optimum(seed: int) -> None:
    sets, before, _ = _instance(seed)
    for k in range(0, len(sets) + 1):
        best = max(
            _union(sets, c, before).bit_count() for c in itertools.combinations(range(len(sets)), k)
        )
        chosen, mask = siting.maximal_cover(sets, k, before)
        assert mask.bit_count() == best
        assert mask == _union(sets, tuple(chosen), before) and len(chosen) <= k
        greedy, gmask = siting.greedy_cover(sets, k, before)
        assert gmask.bit_count() <= best  # the baseline never beats the optimum


@pytest.mark.parametrize("seed", range(40))
def test_set_cover_is_the_fewest_sites(seed: int) -> None:
    sets, before, n = _instance(seed)
    union = _union(sets, tuple(range(len(sets))), 0)
    target = ((1 << n) - 1) & (union | before)
    fewest = next(
        k
        for k in range(len(sets) + 1)
        for c in itertools.combinations(range(len(sets)), k)
        if not target & ~_union(sets, c, before)
    )
    chosen = siting.set_cover(sets, target, before)
    assert chosen is not None and len(chosen) == fewest
    assert siting.set_cover(sets, (1 << n) - 1 | (1 << n), before) is None


def test_greedy_can_miss_the_optimum() -> None:
    # greedy takes the big middle set first and needs three; two sets cover all
    sets = [0b111000, 0b000111, 0b011110]
    assert siting.greedy_cover(sets, 2)[1].bit_count() == 5
    assert siting.maximal_cover(sets, 2)[1].bit_count() == 6


def test_solve_reports_before_after_and_unknown() -> None:
    problem = siting.Problem(
        "elder_care",
        [("H1", 30.92, 113.91), ("H2", 30.925, 113.91), ("H3", None, None)],
        {"H1": [(30.9201, 113.91)], "H2": [(30.9201, 113.91)]},
        [
            {"site": "B9", "kind": "building", "name": "9栋", "lat": 30.9249, "lon": 113.91},
            {"site": "B8", "kind": "building", "name": "8栋", "lat": 30.94, "lon": 113.91},
        ],
    )
    result = siting.solve(problem, 1)
    assert (result["total"], result["reach_unknown"]) == (3, 1)
    assert (result["covered_before"], result["covered_after"]) == (1, 2)
    assert [s["site"] for s in result["sites"]] == ["B9"] and result["sites"][0]["adds"] == 1
    assert result["greedy"]["covered_after"] == 2 and result["lscp"]["count"] == 1
