"""The network page's choice of district, community and grids, without a browser."""

from __future__ import annotations

import pytest

from gridnet.explorer.selection import ALL_GRIDS, Hierarchy, Start, index_of

pytestmark = pytest.mark.unit


def _row(district: str, community_id: str, community: str, grid_id: str) -> dict[str, str]:
    return {
        "district": district,
        "community_id": community_id,
        "community": community,
        "grid_id": grid_id,
        "grid": f"{community}{grid_id}",
    }


TREE = Hierarchy(
    [
        _row("孝南区", "C-2", "槐荫社区", "G-3"),
        _row("孝南区", "C-2", "槐荫社区", "G-4"),
        _row("孝南区", "C-1", "董永社区", "G-1"),
        _row("汉川市", "C-9", "仙女社区", "G-9"),
    ]
)


def test_a_grid_link_decides_its_community_and_district() -> None:
    assert TREE.start("G-9", "C-2") == Start("汉川市", "C-9", "G-9")


def test_a_community_link_shows_all_its_grids() -> None:
    start = TREE.start(None, "C-2")
    assert start == Start("孝南区", "C-2", ALL_GRIDS)
    assert TREE.grids_shown("C-2", start.grid or "") == ["G-3", "G-4"]
    assert TREE.scope_name("C-2", ALL_GRIDS) == "槐荫社区"


def test_a_search_hit_wins_over_the_link() -> None:
    hit = {"grid_id": "G-1", "community_id": "C-1"}
    assert TREE.start("G-9", None, hit) == Start("孝南区", "C-1", "G-1")
    # a hit without a grid (an organisation of the community) shows the community
    assert TREE.start(None, None, {"community_id": "C-9"}) == Start("汉川市", "C-9", ALL_GRIDS)


def test_unknown_ids_fall_back_to_the_first_options() -> None:
    assert TREE.start("G-404", None) == Start(None, None, None)
    assert TREE.start("G-404", "C-1") == Start("孝南区", "C-1", ALL_GRIDS)
    districts = TREE.districts()
    assert index_of(districts, None) == 0 and index_of(districts, "汉川市") == 1


def test_options_are_sorted_and_scoped() -> None:
    assert TREE.districts() == ["孝南区", "汉川市"]
    assert TREE.communities("孝南区") == ["C-2", "C-1"]  # by name: 槐 (U+69D0) before 董
    assert TREE.grid_options("C-2") == ["G-3", "G-4", ALL_GRIDS]
    assert TREE.grid_label("G-3") == "槐荫社区G-3 (G-3)" and TREE.grid_label(ALL_GRIDS) == ALL_GRIDS
    assert (
        TREE.grids_shown("C-2", "G-4") == ["G-4"] and TREE.scope_name("C-2", "G-4") == "槐荫社区G-4"
    )
