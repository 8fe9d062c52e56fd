"""Generated tables are valid input for tables.py and follow the domain rules."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from gridnet.graph import model
from gridnet.loaders.tables import REF_BY_TABLE, TABLES, load_order

pytestmark = pytest.mark.unit

AS_OF = date(2026, 6, 30)
WKT = re.compile(r"^POLYGON\(\(([-\d. ,]+)\)\)$")


def test_headers_and_required(scale1: dict[str, Any]) -> None:
    for name, table in TABLES.items():
        assert scale1["headers"][name] == table.column_names, name
        for row in scale1["rows"][name]:
            for col in table.required:
                assert row[col] is not None, (name, col, row)


def test_types_enums_and_bounds(scale1: dict[str, Any]) -> None:
    for name, table in TABLES.items():
        for row in scale1["rows"][name]:
            for col in table.columns:
                v = row[col.name]
                if v is None:
                    continue
                if col.enum is not None:
                    assert v in col.enum, (name, col.name, v)
                if col.type == "date":
                    date.fromisoformat(v)
                if col.type == "datetime":
                    datetime.fromisoformat(v)
                if col.type == "geometry":
                    assert WKT.match(v), v
                if col.minimum is not None:
                    assert v >= col.minimum, (name, col.name, v)
                if col.maximum is not None:
                    assert v <= col.maximum, (name, col.name, v)


def test_keys_unique_and_references_resolve(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    ids = {
        name: {r["id"] for r in rows[name]} for name, t in TABLES.items() if "id" in t.column_names
    }
    for name, table in TABLES.items():
        keys = [tuple(r[k] for k in table.key) for r in rows[name]]
        assert len(keys) == len(set(keys)), name
        for col in table.columns:
            for r in rows[name]:
                v = r[col.name]
                if v is None:
                    continue
                if col.ref:
                    assert v in ids[col.ref], (name, col.name, v)
                if col.ref_by:
                    target = REF_BY_TABLE[col.ref_by][r[col.ref_by]]
                    assert v in ids[target], (name, col.name, v)


def test_manifest(scale1: dict[str, Any]) -> None:
    m = scale1["manifest"]
    assert m["preset"] == "xiaogan" and m["seed"] == 7 and m["scale"] == 1.0
    assert m["as_of"] == "2026-06-30"
    assert m["figures"] == {
        "grid_party_branches": 178,
        "building_party_groups": 425,
        "lighthouse_households": 5329,
    }
    assert m["counts"] == {n: len(r) for n, r in scale1["rows"].items()}
    assert list(m["counts"]) == [t.name for t in load_order()]
    assert 30_000 <= m["counts"]["households"] <= 45_000
    assert 15_000 <= m["counts"]["service_requests"] <= 25_000


def test_figures_in_rows(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    kinds = Counter(o["kind"] for o in rows["organisations"])
    assert kinds["grid_party_branch"] == 178
    assert kinds["building_party_group"] == 425
    assert sum(1 for h in rows["households"] if h["lighthouse"]) == 5329
    branches = Counter(
        o["grid_id"] for o in rows["organisations"] if o["kind"] == "grid_party_branch"
    )
    assert max(branches.values()) == 1
    groups = Counter(
        o["building_id"] for o in rows["organisations"] if o["kind"] == "building_party_group"
    )
    assert max(groups.values()) == 1


def test_area_chain(scale1: dict[str, Any]) -> None:
    areas = {a["id"]: a for a in scale1["rows"]["areas"]}
    levels = Counter(a["level"] for a in areas.values())
    assert levels["city"] == 1 and levels["district"] >= 3 and levels["community"] >= 30
    for a in areas.values():
        if a["level"] == "city":
            assert a["parent_id"] is None
            assert abs(a["centroid_lat"] - 30.92) < 0.05
            assert abs(a["centroid_lon"] - 113.92) < 0.05
        else:
            assert areas[a["parent_id"]]["level"] in model.PARENT_LEVEL[a["level"]]
    for g in scale1["rows"]["grids"]:
        assert areas[g["community_id"]]["level"] in model.GRID_PARENT_LEVELS
    names = [a["name"] for a in areas.values() if a["level"] == "street"]
    assert "书院街道" in names or "新华街道" in names


def _rect(wkt: str) -> tuple[float, float, float, float]:
    pts = [tuple(map(float, p.split())) for p in WKT.match(wkt).group(1).split(", ")]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def test_grids_tile_their_community(scale1: dict[str, Any]) -> None:
    areas = {a["id"]: a for a in scale1["rows"]["areas"]}
    by_comm: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    for g in scale1["rows"]["grids"]:
        by_comm[g["community_id"]].append(_rect(g["boundary"]))
    eps = 1e-6
    for cid, rects in by_comm.items():
        c = _rect(areas[cid]["boundary"])
        area = 0.0
        for r in rects:
            assert c[0] - eps <= r[0] and r[2] <= c[2] + eps
            assert c[1] - eps <= r[1] and r[3] <= c[3] + eps
            area += (r[2] - r[0]) * (r[3] - r[1])
        for i, a in enumerate(rects):
            for b in rects[i + 1 :]:
                ox = min(a[2], b[2]) - max(a[0], b[0])
                oy = min(a[3], b[3]) - max(a[1], b[1])
                assert ox <= eps or oy <= eps, cid
        assert abs(area - (c[2] - c[0]) * (c[3] - c[1])) < 1e-6


def test_household_rules(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    bgrid = {b["id"]: b["grid_id"] for b in rows["buildings"]}
    orgs = {o["id"]: o for o in rows["organisations"]}
    residents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in rows["people"]:
        if p["household_id"]:
            residents[p["household_id"]].append(p)
    for h in rows["households"]:
        if h["building_id"]:
            assert bgrid[h["building_id"]] == h["grid_id"]
        if h["lighthouse"]:
            grp = orgs[h["party_group_id"]]
            if grp["kind"] == "building_party_group":
                assert bgrid[grp["building_id"]] == h["grid_id"]
            else:
                assert grp["kind"] == "interest_party_group" and grp["grid_id"] == h["grid_id"]
            assert len(residents[h["id"]]) == 1 and residents[h["id"]][0]["party_member"]
        else:
            assert h["party_group_id"] is None


def test_party_network_parents(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    orgs = {o["id"]: o for o in rows["organisations"]}
    bgrid = {b["id"]: b["grid_id"] for b in rows["buildings"]}
    branch = {o["grid_id"]: o["id"] for o in orgs.values() if o["kind"] == "grid_party_branch"}
    for o in orgs.values():
        if o["kind"] == "building_party_group":
            grid = bgrid[o["building_id"]]
            if grid in branch:
                assert o["parent_id"] == branch[grid]
            else:
                assert orgs[o["parent_id"]]["kind"] == "community_party_committee"


def test_organisation_variety(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    orgs = rows["organisations"]
    assert len({o["kind"] for o in orgs}) >= 50
    assert {o["category"] for o in orgs if o["type"] == "social"} == set(model.ORG_CATEGORIES)
    comms = [a["id"] for a in rows["areas"] if a["level"] == "community"]
    cc = Counter(o["area_id"] for o in orgs if o["kind"] == "community_party_committee")
    rc = Counter(o["area_id"] for o in orgs if o["kind"] == "residents_committee")
    assert all(cc[c] == 1 and rc[c] == 1 for c in comms)
    for o in orgs:
        if o["kind"] in ("trade_union", "youth_league", "womens_federation"):
            assert o["type"] == "mass"
        if o["kind"] == "residents_committee":
            assert (o["type"], o["system"]) == ("autonomous", "x")


def test_people_and_roles(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    roles = Counter(m["role"] for m in rows["memberships"])
    for role in (
        "secretary",
        "first_secretary",
        "cadre",
        "party_member",
        "volunteer",
        "backbone",
        "five_elders",
        "seat_member",
        "rotating_chair",
        "grid_leader",
        "party_liaison",
        "talent_instructor",
        "affairs_assistant",
        *model.FIVE_ROLES,
    ):
        assert roles[role] > 0, role
    five = [m for m in rows["memberships"] if m["role"] in model.FIVE_ROLES]
    assert all(m["organisation_id"] is None for m in five)
    ids = [p["id_number"] for p in rows["people"]]
    assert all(re.fullmatch(r"42\d{15}[\dX]", i) for i in ids)
    assert all(re.fullmatch(r"1\d{10}", p["phone"]) for p in rows["people"])
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", p["name"]) for p in rows["people"])


def test_platforms(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    orgs = {o["id"]: o for o in rows["organisations"]}
    comms = [a["id"] for a in rows["areas"] if a["level"] == "community"]
    mains = [p for p in rows["platforms"] if p["tier"] == "main"]
    assert sorted(p["area_id"] for p in mains) == sorted(comms)
    for p in mains:
        assert "党员群众服务中心" in p["name"]
        assert orgs[p["organisation_id"]]["kind"] == "community_party_committee"
    assert {p["tier"] for p in rows["platforms"]} == set(model.PLATFORM_TIERS)
    assert 10 <= len(rows["service_categories"]) <= 14


def test_funding(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    comms = [a["id"] for a in rows["areas"] if a["level"] == "community"]
    years = range(2012, AS_OF.year + 1)
    by = defaultdict(list)
    for f in rows["funding"]:
        by[(f["area_id"], f["year"], f["kind"])].append(f["amount_yuan"])
    for c in comms:
        for y in years:
            assert by[(c, y, "working")] == [120000]
            (special,) = by[(c, y, "special")]
            assert 100000 <= special <= 200000


def test_service_ties(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    hgrid = {h["id"]: h["grid_id"] for h in rows["households"]}
    light = {h["id"] for h in rows["households"] if h["lighthouse"]}
    over = set(scale1["manifest"]["planted"]["lighthouse_overloaded"])
    served = Counter()
    for t in rows["service_ties"]:
        if t["server_type"] == "household":
            assert t["server_id"] in light
            assert hgrid[t["server_id"]] == hgrid[t["household_id"]]
            served[t["server_id"]] += 1
    assert all(n <= 10 for h, n in served.items() if h not in over)
    loads = [n for h, n in served.items() if h not in over]
    assert 4 <= sum(loads) / len(loads) <= 9


def test_requests(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    as_of = datetime(2026, 6, 30)
    cats = Counter(r["category_id"] for r in rows["service_requests"])
    top = [c for c, _ in cats.most_common(4)]
    assert set(top) == {"elder_care", "repairs", "sanitation", "dispute"}
    statuses = Counter()
    late = 0
    overdue = set(scale1["manifest"]["planted"]["request_overdue"])
    for r in rows["service_requests"]:
        opened = datetime.fromisoformat(r["opened_at"])
        deadline = date.fromisoformat(r["deadline"])
        assert as_of - timedelta(days=366) <= opened < as_of
        assert 3 <= (deadline - opened.date()).days <= 30
        assert r["platform_id"] is not None
        statuses[r["status"]] += 1
        if r["status"] == "closed":
            closed = datetime.fromisoformat(r["closed_at"])
            assert opened < closed < as_of
            late += closed.date() > deadline
        else:
            assert r["closed_at"] is None
            assert (deadline < AS_OF) == (r["id"] in overdue)
    n = len(rows["service_requests"])
    assert statuses["closed"] > 0.9 * n
    assert 0.02 * n < late < 0.2 * n
    assert sum(1 for r in rows["service_requests"] if r["handler_id"]) > 0.8 * n
    not_due = [
        r for r in rows["service_requests"] if r["status"] != "closed" and r["id"] not in overdue
    ]
    assert not_due


def test_activities_everywhere_but_funds_grids(scale1: dict[str, Any]) -> None:
    rows = scale1["rows"]
    funds = set(scale1["manifest"]["planted"]["funds_without_roots"])
    active = {a["grid_id"] for a in rows["activities"] if a["grid_id"]}
    assert active == {g["id"] for g in rows["grids"]} - funds
    assert {a["kind"] for a in rows["activities"]} >= {
        "party_day",
        "village_night_talk",
        "love_doorbell",
    }
    assert {r["target_type"] for r in rows["ratings"]} == set(model.RATING_TARGETS)
