"""The manifest is the exact truth: an independent checker recomputes every gap."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gridnet.loaders.synthetic import GAP_CODES, generate

from .checker import compute_gaps, serving_persons_per_grid

pytestmark = pytest.mark.unit

AS_OF = date(2026, 6, 30)


def test_every_code_planted_and_exact(scale1: dict[str, Any]) -> None:
    planted = scale1["manifest"]["planted"]
    assert list(planted) == list(GAP_CODES)
    truth = compute_gaps(scale1["rows"], AS_OF)
    for code in GAP_CODES:
        assert planted[code], f"{code} not planted"
        assert truth[code] == planted[code], code


def test_rates_are_low(scale1: dict[str, Any]) -> None:
    planted, counts = scale1["manifest"]["planted"], scale1["manifest"]["counts"]
    grids = counts["grids"]
    for code in (
        "grid_without_branch",
        "grid_without_lighthouse",
        "funds_without_roots",
        "grid_single_point",
    ):
        assert len(planted[code]) <= 0.05 * grids, code
    assert len(planted["household_unserved"]) <= 0.05 * counts["households"]
    assert len(planted["request_overdue"]) <= 0.05 * counts["service_requests"]
    assert len(planted["building_without_group"]) <= 0.05 * counts["buildings"]


def test_interactions(scale1: dict[str, Any]) -> None:
    """funds grids are also lighthouse-less and all their households are unserved."""
    planted = scale1["manifest"]["planted"]
    rows = scale1["rows"]
    assert set(planted["funds_without_roots"]) <= set(planted["grid_without_lighthouse"])
    unserved = set(planted["household_unserved"])
    for h in rows["households"]:
        if h["grid_id"] in planted["funds_without_roots"]:
            assert h["id"] in unserved


def test_non_planted_grids_have_two_serving_persons(scale1: dict[str, Any]) -> None:
    planted = scale1["manifest"]["planted"]
    skip = set(planted["funds_without_roots"]) | set(planted["grid_single_point"])
    persons = serving_persons_per_grid(scale1["rows"])
    for g in scale1["rows"]["grids"]:
        if g["id"] not in skip:
            assert len(persons[g["id"]]) >= 2, g["id"]


@pytest.mark.parametrize("scale,seed", [(0.05, 1), (0.1, 3), (0.5, 11), (2.0, 5)])
def test_other_scales_and_seeds(scale: float, seed: int) -> None:
    ds = generate(seed=seed, scale=scale, as_of=date(2025, 12, 31))
    truth = compute_gaps(ds.tables, date(2025, 12, 31))
    assert truth == ds.manifest["planted"]
    assert all(truth.values()), [code for code, ids in truth.items() if not ids]
    figures = ds.manifest["figures"]
    assert figures["grid_party_branches"] == round(178 * scale)
    assert figures["building_party_groups"] == round(425 * scale)
    assert figures["lighthouse_households"] == round(5329 * scale)
