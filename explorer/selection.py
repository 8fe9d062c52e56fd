"""What the network page shows: the district, community and grids a planner picked.

Why a module without Streamlit: the page's widgets start from a link (``?grid=`` or
``?community=``), a search hit, or nothing, and must agree with one another (the
community of a grid, the district of a community). Written as pure functions over
the hierarchy rows, that logic is unit-tested without a browser and the page only
draws widgets.

>>> row = {"district": "D1", "community_id": "C1", "community": "槐荫"}
>>> rows = [{**row, "grid_id": "G1", "grid": "一网格"}, {**row, "grid_id": "G2", "grid": "二网格"}]
>>> h = Hierarchy(rows)
>>> h.start(grid=None, community="C1")
Start(district='D1', community='C1', grid='(all grids of the community 全部网格)')
>>> h.grids_shown("C1", ALL_GRIDS), h.scope_name("C1", "G2")
(['G1', 'G2'], '二网格')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["ALL_GRIDS", "DEPTH_FOR", "Hierarchy", "Start", "depth_for", "index_of", "placeable"]

ALL_GRIDS = "(all grids of the community 全部网格)"


def index_of(options: Sequence[str], value: str | None) -> int:
    """The position of `value` among `options`, or 0 (the first) when it is not there."""
    return list(options).index(value) if value is not None and value in options else 0


# The depth at which the last-mile view draws a node of each label (others: 1).
DEPTH_FOR = {"Household": 2, "Person": 3, "ServiceRequest": 3, "ServiceCategory": 3}


def depth_for(label: str, current: int) -> int:
    """The depth to draw a focused node of `label`: the current one, or deeper if needed.

    >>> depth_for("Person", 2), depth_for("Grid", 2), depth_for("Household", 1)
    (3, 2, 2)
    """
    return max(current, DEPTH_FOR.get(label, 1))


def placeable(located: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The first located node that a grid's or community's network can show, if any.

    >>> placeable([{"label": "ServiceCategory", "grid_id": None, "community_id": None},
    ...            {"label": "Person", "grid_id": "G1", "community_id": None}])["label"]
    'Person'
    """
    return next((r for r in located if r.get("grid_id") or r.get("community_id")), None)


@dataclass(frozen=True)
class Start:
    """The widgets' initial values; None lets the widget pick its first option."""

    district: str | None
    community: str | None
    grid: str | None


class Hierarchy:
    """The district → community → grid rows of `data.hierarchy()`, with the page's choices."""

    def __init__(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.rows = list(rows)
        self.by_grid = {r["grid_id"]: r for r in self.rows}
        self.by_community = {r["community_id"]: r for r in self.rows}

    def start(
        self,
        grid: str | None,
        community: str | None,
        hit: Mapping[str, Any] | None = None,
    ) -> Start:
        """Initial choice from a link (`grid`, `community`) or, over it, a search hit.

        A known grid decides its community; a community without a grid shows all its
        grids; an unknown id is ignored (the widgets fall back to their first option).
        """
        if hit is not None:
            grid, community = hit.get("grid_id"), hit.get("community_id")
        if grid in self.by_grid:
            community = self.by_grid[grid]["community_id"]
        elif grid is not None:
            grid = None
        if community not in self.by_community:
            return Start(None, None, None)
        district = self.by_community[community]["district"]
        return Start(district, community, grid or ALL_GRIDS)

    def districts(self) -> list[str]:
        """Every district, sorted."""
        return sorted({r["district"] for r in self.rows})

    def communities(self, district: str | None) -> list[str]:
        """The community ids of `district`, sorted by name then id."""
        pairs = {
            (r["community"], r["community_id"]) for r in self.rows if r["district"] == district
        }
        return [c for _, c in sorted(pairs)]

    def community_name(self, community: str) -> str:
        """A community's name (its id when unknown)."""
        row = self.by_community.get(community)
        return str(row["community"]) if row else community

    def grid_options(self, community: str | None) -> list[str]:
        """The community's grid ids, then the choice of all of them."""
        return [r["grid_id"] for r in self.rows if r["community_id"] == community] + [ALL_GRIDS]

    def grid_label(self, grid: str) -> str:
        """How a grid option reads: its name and id."""
        return grid if grid == ALL_GRIDS else f"{self.by_grid[grid]['grid']} ({grid})"

    def grids_shown(self, community: str | None, grid: str) -> list[str]:
        """The grid ids the network draws for this choice."""
        return self.grid_options(community)[:-1] if grid == ALL_GRIDS else [grid]

    def scope_name(self, community: str, grid: str) -> str:
        """The title of what is drawn: the grid's name, or the community's for all grids."""
        return self.community_name(community) if grid == ALL_GRIDS else self.by_grid[grid]["grid"]
