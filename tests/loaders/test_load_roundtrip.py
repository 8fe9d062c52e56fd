"""Loading the example city: every table arrives with its properties and relationships."""

from __future__ import annotations

import datetime as dt

import pytest
from loadhelp import EXAMPLE_CSV, edges, load, node, read_rows, snapshot
from neo4j.spatial import WGS84Point
from neo4j.time import Date, DateTime

from gridnet.graph import model
from gridnet.loaders.tables import TABLES, load_order
from gridnet.loaders.values import parse_value
from gridnet.privacy import COORDINATES, coarsen, display
from gridnet.vault import Vault

# reference column -> (relationship type, direction, label at the other end).
SINGLE_REFS = {
    "areas": [("parent_id", "PART_OF", "out", "Area")],
    "grids": [("community_id", "IN_AREA", "out", "Area")],
    "buildings": [("grid_id", "IN_GRID", "out", "Grid")],
    "organisations": [
        ("parent_id", "PART_OF", "out", "Organization"),
        ("area_id", "COVERS", "out", "Area"),
        ("grid_id", "COVERS", "out", "Grid"),
        ("building_id", "COVERS", "out", "Building"),
    ],
    "households": [
        ("grid_id", "IN_GRID", "out", "Grid"),
        ("building_id", "IN_BUILDING", "out", "Building"),
        ("party_group_id", "IN_GROUP", "out", "Organization"),
    ],
    "people": [("household_id", "LIVES_IN", "out", "Household")],
    "platforms": [
        ("organisation_id", "HOSTS", "in", "Organization"),
        ("area_id", "SERVES", "out", "Area"),
        ("grid_id", "SERVES", "out", "Grid"),
    ],
    "service_requests": [
        ("household_id", "RAISED", "in", "Household"),
        ("category_id", "IN_CATEGORY", "out", "ServiceCategory"),
        ("platform_id", "VIA", "out", "Platform"),
        ("handler_id", "HANDLED_BY", "out", "Person"),
    ],
    "funding": [("area_id", "ALLOCATED_TO", "out", "Area")],
    "activities": [
        ("organisation_id", "HELD", "in", "Organization"),
        ("grid_id", "IN_GRID", "out", "Grid"),
        ("area_id", "IN_AREA", "out", "Area"),
    ],
}


def _neo(value):
    if isinstance(value, dt.datetime):
        return DateTime.from_native(value)
    if isinstance(value, dt.date):
        return Date.from_native(value)
    return value


def test_every_table_round_trips(graph):
    result = load(EXAMPLE_CSV, graph)
    assert result.report.rejected_rows == 0
    assert result.report.warnings == []
    assert result.summary is not None
    assert result.summary.rows == result.report.rows
    links = edges(graph)
    vault = Vault.open(graph.settings)

    def clear(label: str, node_id: str) -> dict[str, str]:
        return vault.get(label, [node_id])[node_id]

    for table in load_order():
        rows = read_rows(EXAMPLE_CSV / f"{table.name}.csv")
        assert rows, table.name
        if table.label is None:
            continue
        for row in rows:
            props = node(graph, row["id"])
            for col in table.columns:
                if col.ref or col.ref_by:
                    assert col.name not in props, (table.name, col.name)
                    continue
                text = row.get(col.name, "")
                if not text:
                    assert col.name not in props, (table.name, row["id"], col.name)
                elif col.personal:  # display form and token in the graph, text in the vault
                    shown = (
                        coarsen(float(text)) if col.name in COORDINATES else display(col.name, text)
                    )
                    assert props[col.name] == shown, (row["id"], col.name)
                    assert len(props[col.name + "_token"]) == 32, (row["id"], col.name)
                    assert clear(table.label, row["id"])[col.name] == text
                else:
                    expected = _neo(parse_value(table.name, col, text))
                    assert props[col.name] == expected, (table.name, row["id"], col.name)
            for column, rel, direction, label in SINGLE_REFS.get(table.name, []):
                mine = [
                    e
                    for e in links
                    if e[2] == rel
                    and (
                        (direction == "out" and e[1] == row["id"] and e[3] == label)
                        or (direction == "in" and e[4] == row["id"] and e[0] == label)
                    )
                ]
                ends = [e[4] if direction == "out" else e[1] for e in mine]
                assert ends == ([row[column]] if row[column] else []), (
                    table.name,
                    row["id"],
                    column,
                )


def test_specific_values_and_link_tables(graph):
    load(EXAMPLE_CSV, graph)
    area = node(graph, "XG-XN-SY-01")
    assert area["name"] == "槐荫社区" and area["level"] == "community"
    assert area["population"] == 8200
    assert area["location"] == WGS84Point((113.9166, 30.9248))
    assert area["boundary"].startswith("POLYGON((113.910 30.920")
    request = node(graph, "R-00000001")
    assert request["opened_at"] == DateTime(2013, 4, 2, 9, 30, 0)
    assert request["deadline"] == Date(2013, 4, 9)
    household = node(graph, "H-0000003")
    assert household["vulnerable"] is True and household["lighthouse"] is False
    assert node(graph, "P-000001")["skills"] == ["书法", "调解"]
    assert node(graph, "PF-0001")["location"] == WGS84Point((113.9167, 30.9249))
    links = edges(graph)

    def having(rel):
        return {(e[1], e[4]) for e in links if e[2] == rel}

    # memberships: with an organisation MEMBER_OF {role, since}; without, HAS_ROLE -> Role.
    member = [e for e in links if e[2] == "MEMBER_OF" and e[1] == "P-000002"]
    assert {(e[4], e[5]["role"]) for e in member} == {
        ("O-GB-0002", "grid_leader"),
        ("O-BG-0002", "party_member"),
    }
    assert all(e[5]["since"] == Date(2012, 6 if e[4] == "O-GB-0002" else 7, 1) for e in member)
    roles = [e for e in links if e[2] == "HAS_ROLE"]
    assert {(e[1], e[4]) for e in roles} >= {
        ("P-000004", "five_elders"),
        ("P-000004", "dispute_mediator"),
    }
    assert all(e[3] == "Role" for e in roles)
    assert node(graph, "five_elders")["name"] == model.ROLES["five_elders"].zh
    # offerings: platform and organisation providers.
    assert ("PF-0001", "legal_aid") in having("OFFERS")
    assert ("O-EC-01", "agriculture") in having("OFFERS")
    assert len(having("OFFERS")) == len(read_rows(EXAMPLE_CSV / "offerings.csv"))
    # service ties: person and household servers, with since.
    ties = [e for e in links if e[2] == "SERVES" and e[3] in ("Person", "Household")]
    assert ("Household", "H-0000001", "H-0000002") in {(e[0], e[1], e[4]) for e in ties}
    assert ("Person", "P-000002", "H-0000007") in {(e[0], e[1], e[4]) for e in ties}
    assert len(ties) == len(read_rows(EXAMPLE_CSV / "service_ties.csv"))
    # ratings: polymorphic target.
    rates = {(e[1], e[3], e[4]) for e in links if e[2] == "RATES"}
    assert ("RT-000003", "Person", "P-000001") in rates
    assert ("RT-000006", "Area", "XG-XN-SY-V1") in rates
    assert len(rates) == len(read_rows(EXAMPLE_CSV / "ratings.csv"))
    # every relationship type a load writes is produced by the examples.
    assert {e[2] for e in links} == set(model.RELATIONSHIPS) - set(model.WORKFLOW_RELATIONSHIPS)


def test_loading_twice_changes_nothing(graph):
    first = load(EXAMPLE_CSV, graph)
    before = snapshot(graph)
    second = load(EXAMPLE_CSV, graph)
    assert second.summary is not None and first.summary is not None
    assert first.summary.total("nodes_created") > 0
    for name in (
        "nodes_created",
        "relationships_created",
        "relationships_deleted",
        "nodes_deleted",
    ):
        assert second.summary.total(name) == 0, name
    for stats in second.summary.tables.values():
        assert stats.nodes_created == 0 and stats.relationships_created == 0
    assert snapshot(graph) == before


@pytest.mark.unit
def test_tables_are_all_documented_in_examples():
    assert {p.stem for p in EXAMPLE_CSV.glob("*.csv")} == set(TABLES)
