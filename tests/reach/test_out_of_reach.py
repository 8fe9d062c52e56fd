"""Gap category_out_of_reach on a hand-built city with known distances.

Platform P1 (serving community C1) stands at ORIGIN and offers elder care (5-minute
circle: 300 m walking, 300 / 1.3 = 230.8 m in a straight line) and health (15
minutes: 1,000 m walking, 769.2 m straight). Households of grid G1:

* H1, building B1 100 m north: reaches both;
* H2, building B2 400 m north: elder care out of reach (P2 next door offers it but
  serves another community; P3 serves G1 but has no location), health reached;
* H3, rural, its own point 900 m east: both out of reach;
* H4, building without a point: reach unknown, never counted;
* H5, building without a point but its own point 50 m south: reaches both.

The distances are checked again with an independent haversine (mean Earth radius).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from gridnet import db
from gridnet.queries import gaps, life_circle

ORIGIN = (30.92, 113.91)
M_PER_DEG_LAT = 6_378_140.0 * math.pi / 180


def _north(metres: float) -> tuple[float, float]:
    return ORIGIN[0] + metres / M_PER_DEG_LAT, ORIGIN[1]


def _east(metres: float) -> tuple[float, float]:
    return ORIGIN[0], ORIGIN[1] + metres / (M_PER_DEG_LAT * math.cos(math.radians(ORIGIN[0])))


POINTS: dict[str, tuple[float, float] | None] = {
    "B1": _north(100),
    "B2": _north(400),
    "B3": None,
    "H3": _east(900),
    "H5": _north(-50),
    "P1": ORIGIN,
    "P2": _north(410),
}
HOUSEHOLDS = {"H1": "B1", "H2": "B2", "H3": None, "H4": "B3", "H5": "B3"}


def independent_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle metres, written again here (mean radius 6,371,008.8 m)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def _point(key: str) -> dict[str, float] | None:
    found = POINTS.get(key)
    return None if found is None else {"lat": found[0], "lon": found[1]}


BUILD = """
CREATE (c1:Area {id: 'C1', name: '一社区', level: 'community'}),
       (c2:Area {id: 'C2', name: '二社区', level: 'community'}),
       (g1:Grid {id: 'G1', name: '一网格'})-[:IN_AREA]->(c1),
       (g2:Grid {id: 'G2', name: '二网格'})-[:IN_AREA]->(c1),
       (g3:Grid {id: 'G3', name: '三网格'})-[:IN_AREA]->(c2),
       (elder:ServiceCategory {id: 'elder_care', name: '养老服务'}),
       (health:ServiceCategory {id: 'health', name: '医疗卫生'}),
       (p1:Platform {id: 'P1'})-[:SERVES]->(c1),
       (p1)-[:OFFERS]->(elder), (p1)-[:OFFERS]->(health),
       (p2:Platform {id: 'P2'})-[:SERVES]->(c2), (p2)-[:OFFERS]->(elder),
       (p3:Platform {id: 'P3'})-[:SERVES]->(g1), (p3)-[:OFFERS]->(elder)
WITH *
UNWIND $buildings AS b
CREATE (:Building {id: b.id})-[:IN_GRID]->(g1)
WITH DISTINCT g1
UNWIND $households AS h
CREATE (n:Household {id: h.id})-[:IN_GRID]->(g1)
WITH n, h
OPTIONAL MATCH (b:Building {id: h.building})
FOREACH (_ IN CASE WHEN b IS NULL THEN [] ELSE [1] END | CREATE (n)-[:IN_BUILDING]->(b))
"""
LOCATE = """
UNWIND $points AS p
MATCH (n {id: p.id})
SET n.location = point({latitude: p.lat, longitude: p.lon})
"""


@pytest.fixture
def reach_city(empty_graph: object, database: db.Database) -> db.Database:
    database.write(
        BUILD,
        {
            "buildings": [{"id": b} for b in ("B1", "B2", "B3")],
            "households": [{"id": h, "building": b} for h, b in HOUSEHOLDS.items()],
        },
    )
    points = [{"id": k, **p} for k in POINTS if (p := _point(k)) is not None]
    database.write(LOCATE, {"points": points})
    return database


def _where(household: str) -> tuple[float, float] | None:
    own = POINTS.get(household)
    building = HOUSEHOLDS[household]
    return own if own is not None else (POINTS.get(building) if building else None)


def _expected(circle: life_circle.LifeCircle) -> dict[tuple[str, str], list[str]]:
    """Out-of-reach households per (grid, category), computed here without Neo4j."""
    offered = {"elder_care": ["P1"], "health": ["P1"]}  # P2 serves C2, P3 has no point
    found: dict[tuple[str, str], list[str]] = {}
    for category, platforms in offered.items():
        for household in sorted(HOUSEHOLDS):
            at = _where(household)
            if at is None:
                continue
            straight = min(independent_m(at, POINTS[p] or ORIGIN) for p in platforms)
            if straight * circle.detour > circle.walk_m(category):
                found.setdefault(("G1", category), []).append(household)
    return found


def test_known_distances_give_the_out_of_reach_households(reach_city: db.Database) -> None:
    rows = gaps.find(reach_city, "category_out_of_reach")
    got = {(r["grid_id"], r["category_id"]): r["households"] for r in rows}
    assert got == {("G1", "elder_care"): ["H2", "H3"], ("G1", "health"): ["H3"]}
    assert got == _expected(life_circle.DEFAULT)
    by_category = {r["category_id"]: r for r in rows}
    assert by_category["elder_care"]["walk_m"] == 300.0
    assert by_category["health"]["walk_m"] == 1000.0
    assert all(r["reach_unknown"] == 1 for r in rows)  # H4
    # the longest walk: H3, 900 m east, times the detour factor
    farthest = independent_m(_where("H3") or ORIGIN, ORIGIN) * life_circle.DETOUR
    assert by_category["health"]["farthest_m"] == pytest.approx(farthest, rel=2e-3)
    assert by_category["health"]["farthest_m"] == pytest.approx(900 * 1.3, abs=0.5)


@pytest.mark.unit
def test_the_fixture_distances_hold_on_the_wgs84_ellipsoid() -> None:
    """pyproj's geodesic on the WGS84 ellipsoid (an independent library) puts every
    household of the fixture on the same side of its circles, and within 0.5 % of the
    sphere gridnet and Neo4j measure on."""
    from pyproj import Geod

    from gridnet.geo import haversine_m

    geod = Geod(ellps="WGS84")
    for household in sorted(HOUSEHOLDS):
        at = _where(household)
        if at is None:
            continue
        _, _, metres = geod.inv(ORIGIN[1], ORIGIN[0], at[1], at[0])
        assert haversine_m(*ORIGIN, *at) == pytest.approx(metres, rel=5e-3)
        for category in ("elder_care", "health"):
            out = metres * life_circle.DETOUR > life_circle.DEFAULT.walk_m(category)
            assert out == (household in _expected(life_circle.DEFAULT).get(("G1", category), []))


def test_the_report_scores_one_point_per_category(reach_city: db.Database) -> None:
    report = {r["grid_id"]: r for r in gaps.gap_report(reach_city)}
    assert report["G1"]["out_of_reach_categories"] == ["elder_care", "health"]
    assert "category_out_of_reach" in report["G1"]["gaps"]
    assert "category_out_of_reach" not in report["G2"]["gaps"]  # no household located


def test_the_network_rings_the_households_out_of_reach(reach_city: db.Database) -> None:
    rows = gaps.gap_nodes(reach_city, ["G1", "G2"])
    ringed = {(r["grid"], r["label"], r["id"]) for r in rows if r["gap"] == "category_out_of_reach"}
    # H2 (elder care) and H3 (both categories, ringed once); nobody in G2 has a point
    assert ringed == {("G1", "Household", "H2"), ("G1", "Household", "H3")}


def test_rollups_hold_the_default_life_circle_only(reach_city: db.Database, tmp_path: Path) -> None:
    """The stored report rows are computed with the default table; a report under
    another table is computed live, never read from them."""
    import datetime as dt

    from gridnet.queries import catalog, rollup

    day = dt.date(2026, 6, 30)
    assert rollup.refresh(reach_city, day).fresh
    stored = {r["grid_id"]: r for r in gaps.gap_report(reach_city, as_of=day)}
    assert stored["G1"]["out_of_reach_categories"] == ["elder_care", "health"]
    config = tmp_path / "circle.toml"
    config.write_text("detour = 1.0\n")  # health: H3 900 m < 1,000 m; elder care: H2, H3 out
    circle = life_circle.load(config)
    other = {r["grid_id"]: r for r in gaps.gap_report(reach_city, as_of=day, circle=circle)}
    assert other["G1"]["out_of_reach_categories"] == ["elder_care"]
    prepared = catalog.prepare(reach_city, catalog.get("gap_report"), {"as_of": day})
    with reach_city.session(read_only=True) as s:
        assert s.execute_read(lambda tx: rollup.fresh(tx, prepared))  # default: from rollups


def test_a_life_circle_file_moves_the_limits(reach_city: db.Database, tmp_path: Path) -> None:
    config = tmp_path / "circle.toml"
    config.write_text("detour = 1.2\n[metres]\n15 = 1200\n[categories]\nelder_care = 10\n")
    circle = life_circle.load(config)
    rows = gaps.find(reach_city, "category_out_of_reach", circle=circle)
    got = {(r["grid_id"], r["category_id"]): r["households"] for r in rows}
    # elder care: 500 m walking, 416.7 m straight: H2 (400 m) now reaches it; health:
    # 1,200 m walking, 1,000 m straight: H3 (900 m) too.
    assert got == {("G1", "elder_care"): ["H3"]}
    assert got == _expected(circle)


def test_site_command_json(reach_city: db.Database, neo4j_settings: object) -> None:
    import json

    from click.testing import CliRunner

    from gridnet.cli import main

    result = CliRunner().invoke(
        main,
        ["site", "--category", "elder_care", "--community", "C1", "--add", "1", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    # H1 and H5 reach P1; H2 and H3 do not; H4 is unknown. B2 (H2's building) is the
    # only candidate that adds anyone within 230.8 m: H2.
    assert (payload["total"], payload["reach_unknown"]) == (5, 1)
    assert (payload["covered_before"], payload["covered_after"]) == (2, 3)
    assert [s["site"] for s in payload["sites"]] == ["B2"]
    assert payload["greedy"]["covered_after"] == 3
    assert payload["lscp"]["count"] is None or payload["lscp"]["count"] >= 1


def test_site_refuses_an_unknown_category(reach_city: db.Database) -> None:
    from click.testing import CliRunner

    from gridnet.cli import main

    result = CliRunner().invoke(main, ["site", "--category", "nope"])
    assert result.exit_code == 2 and "no service category 'nope'" in result.output
