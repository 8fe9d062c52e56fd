"""The domain rules of the input: what a row must mean beyond its own cells, written once.

Why a module of its own: the rules are what the article and `graph/model.py` say
the graph means (a grid lies in a community or village, a lighthouse household
serves its neighbours, ...). A rule broken by a row either **refuses** the row
(`check`: it goes to the rejects file) or **warns** about it (`warnings`: the row
loads and the load says where). The choice follows what a wrong row would do to
the graph:

* refused: the row would write a relationship whose documented meaning it
  contradicts, which every query then reads wrongly or silently ignores (a
  SERVES tie from a household that is not a lighthouse counts for nobody; funding
  allocated to a street is invisible to the grids below it);
* warned: the row is a valid node of the model but leaves a documented link out,
  so a gap will be reported that the planner may not mean (a grid party branch
  that names only a building); refusing it would also refuse every member, party
  group and activity under it.

The rules read what they need of other rows through `Facts`, which the passes fill
from the input and from the database look-ups. Reference, duplicate and
parent-chain checks are mechanics of the passes, not domain rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from gridnet import geo
from gridnet.graph import model

__all__ = [
    "FUNDED_LEVELS",
    "Facts",
    "Finding",
    "check",
    "several_grids",
    "warnings",
]

FUNDED_LEVELS = model.GRID_PARENT_LEVELS
"""Funding is allocated to the areas grids lie in (community 社区, village 村): the
funds-without-roots gap follows it from there down to the grids."""

Finding = tuple[str, str]
"""(column, message) of one broken rule."""


class Facts:
    """What the rules know about rows they do not hold.

    From the input: every parsed row's area level, building grid and lighthouse flag
    (rejected rows too: a row referring to a rejected row is refused for that already,
    and a broken rule is reported beside it). From the database: the attributes the
    look-ups returned, in `database` (table -> id -> attributes), for ids the input
    does not define. `in_input(table, id)` says whether the input defines an id.
    """

    def __init__(self, in_input: Callable[[str, str], bool]) -> None:
        self.in_input = in_input
        self.area_level: dict[str, str] = {}
        self.building_grid: dict[str, str] = {}
        self.lighthouses: set[str] = set()
        """Households the input marks as lighthouse households."""
        self.grid_boundary: dict[str, geo.Polygon] = {}
        """Grids of the input that give a boundary (points outside it are warned)."""
        self.database: dict[str, dict[str, dict[str, Any]]] = {}

    def record(self, table: str, key: str, values: Mapping[str, Any]) -> None:
        """Remember what rules of later rows need of this parsed row."""
        if table == "areas" and values.get("level"):
            self.area_level[key] = values["level"]
        elif table == "buildings" and values.get("grid_id"):
            self.building_grid[key] = values["grid_id"]
        elif table == "households" and values.get("lighthouse") is True:
            self.lighthouses.add(key)
        if table == "grids" and values.get("boundary"):
            try:
                polygon = geo.parse_polygon(values["boundary"])
            except (ValueError, KeyError, TypeError, AttributeError):
                polygon = []
            if polygon:
                self.grid_boundary[key] = polygon

    def _stored(self, table: str, key: str, attribute: str) -> Any:
        found = self.database.get(table, {}).get(key)
        return None if found is None else found.get(attribute)

    def level_of(self, area: str) -> str | None:
        """The area's level, or None when the area is unknown."""
        level = self.area_level.get(area)
        return level if level is not None else self._stored("areas", area, "level")

    def grid_of(self, building: str) -> str | None:
        """The grid the building stands in, or None when unknown."""
        grid = self.building_grid.get(building)
        return grid if grid is not None else self._stored("buildings", building, "grid_id")

    def is_lighthouse(self, household: str) -> bool | None:
        """Whether the household is a lighthouse household; None when it is unknown."""
        if household in self.lighthouses:
            return True
        if self.in_input("households", household):
            return False
        found = self.database.get("households", {}).get(household)
        return None if found is None else found.get("lighthouse") is True


def _coordinates(values: Mapping[str, Any]) -> list[Finding]:
    """A point (`lat`, `lon`) is refused when half given, swapped or outside China: a
    wrong point would put a household kilometres from every service (gap
    category_out_of_reach) or a platform in the sea."""
    lat, lon = values.get("lat"), values.get("lon")
    if lat is None and lon is None:
        return []
    if lat is None or lon is None:
        missing = "lat" if lat is None else "lon"
        return [(missing, "give both lat (纬度) and lon (经度), or neither")]
    if geo.looks_swapped(lat, lon):
        return [
            (
                "lat",
                f"lat {lat:g} and lon {lon:g} look swapped (纬度经度填反): ({lat:g}, {lon:g}) "
                f"lies outside China but ({lon:g}, {lat:g}) inside; put the latitude "
                "(about 18-54 in China) in lat and the longitude (73-135) in lon",
            )
        ]
    if not geo.in_china(lat, lon):
        lat0, lat1, lon0, lon1 = geo.CHINA
        return [
            (
                "lat",
                f"({lat:g}, {lon:g}) lies outside China (坐标不在中国境内): latitude must be "
                f"{lat0:g}-{lat1:g} and longitude {lon0:g}-{lon1:g} (WGS84 degrees)",
            )
        ]
    return []


def check(table: str, values: Mapping[str, Any], facts: Facts) -> list[Finding]:
    """The rules that refuse a row: (column, message) for each one it breaks."""
    found: list[Finding] = _coordinates(values) if "lat" in values or "lon" in values else []
    if table == "areas" and values.get("level"):
        level, parent = values["level"], values.get("parent_id")
        if level == "city" and parent:
            found.append(("parent_id", "a city has no parent area; leave parent_id empty"))
        elif level != "city" and not parent:
            found.append(
                ("parent_id", f"a {level} ({model.AREA_LEVELS[level].zh}) needs a parent area")
            )
        elif parent:
            parent_level = facts.level_of(parent)
            allowed = model.PARENT_LEVEL.get(level, ())
            if parent_level is not None and parent_level not in allowed:
                found.append(
                    (
                        "parent_id",
                        f"the parent of a {level} must be a "
                        f"{' or '.join(allowed)}, but {parent!r} is a {parent_level}",
                    )
                )
    elif table == "grids" and values.get("community_id"):
        area = values["community_id"]
        level = facts.level_of(area)
        if level is not None and level not in model.GRID_PARENT_LEVELS:
            found.append(
                (
                    "community_id",
                    f"a grid must lie in a community (社区) or village (村), "
                    f"but {area!r} is a {level}",
                )
            )
    elif table == "households":
        building, grid = values.get("building_id"), values.get("grid_id")
        if building and grid:
            building_grid = facts.grid_of(building)
            if building_grid is not None and building_grid != grid:
                found.append(
                    (
                        "building_id",
                        f"building {building!r} stands in grid "
                        f"{building_grid!r}, not in the household's grid {grid!r}",
                    )
                )
    elif table == "organisations":
        if values.get("parent_id") and values["parent_id"] == values.get("id"):
            found.append(("parent_id", "an organisation cannot be its own parent"))
    elif table == "service_ties":
        server = values.get("server_id")
        if values.get("server_type") == "household" and server:
            if facts.is_lighthouse(server) is False:
                found.append(
                    (
                        "server_id",
                        f"household {server!r} is not a lighthouse household (明灯户): only "
                        "a lighthouse household serves its neighbours; mark it lighthouse in "
                        "households, or give the tie as server_type person (联系党员)",
                    )
                )
    elif table == "service_requests":
        opened, closed = values.get("opened_at"), values.get("closed_at")
        if opened and closed and closed < opened:
            found.append(("closed_at", "closed before it was opened"))
    elif table == "funding" and values.get("area_id"):
        area = values["area_id"]
        level = facts.level_of(area)
        if level is not None and level not in FUNDED_LEVELS:
            found.append(
                (
                    "area_id",
                    f"funding is allocated to a community (社区) or village (村), "
                    f"but {area!r} is a {level}",
                )
            )
    return found


def several_grids(household: str, grids: Iterable[str], rows: Iterable[int]) -> Finding:
    """A household lives in exactly one grid: the same id given in several refuses them all."""
    shown = sorted(grids)
    return (
        "grid_id",
        f"household {household!r} is given in {len(shown)} grids "
        f"({', '.join(shown)}) on rows {', '.join(map(str, rows))}; "
        "a household lives in exactly one grid",
    )


def warnings(table: str, values: Mapping[str, Any], facts: Facts | None = None) -> list[Finding]:
    """The rules that only warn: the row loads, the load says what it will mean."""
    found: list[Finding] = []
    lat, lon, grid = values.get("lat"), values.get("lon"), values.get("grid_id")
    if table in ("buildings", "households") and facts is not None and lat is not None and grid:
        polygon = facts.grid_boundary.get(grid)
        if polygon and lon is not None and not geo.contains(polygon, lat, lon):
            found.append(
                (
                    "lat",
                    f"({lat:g}, {lon:g}) lies outside the boundary of grid {grid!r} "
                    "(坐标在网格边界外): it is loaded as given and its distances measured "
                    "from there; check the point or the grid's boundary",
                )
            )
    if (
        table == "organisations"
        and values.get("kind") == "grid_party_branch"
        and values.get("building_id")
        and not values.get("grid_id")
    ):
        found.append(
            (
                "grid_id",
                f"a grid party branch (网格党支部) covers its grid, but this one names only "
                f"building {values['building_id']!r}: it is loaded covering that building, and "
                "no grid counts it as its branch (gap grid_without_branch); give its grid_id",
            )
        )
    return found
