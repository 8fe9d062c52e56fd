"""Updates: a newer row replaces the old properties and moves single-valued references."""

from __future__ import annotations

from loadhelp import copy_examples, edges, edit_table, load, node, read_rows, snapshot

from gridnet.vault import Vault


def _set(row_id, **changes):
    def change(rows):
        for row in rows:
            if row.get("id") == row_id:
                row.update(changes)
        return rows

    return change


def test_changed_row_updates_node_and_moves_household(graph, tmp_path):
    city = copy_examples(tmp_path)
    load(city, graph)
    # H-0000002 lives in G-0001 / B-000001; move it to G-0003 / B-000004, drop its phone.
    edit_table(
        city,
        "households",
        _set(
            "H-0000002",
            name="吴伟（新）",
            grid_id="G-0003",
            building_id="B-000004",
            phone="",
            size="5",
        ),
    )
    # the community's population changes and its centroid is removed.
    edit_table(
        city, "areas", _set("XG-XN-SY-01", population="9000", centroid_lat="", centroid_lon="")
    )
    # a grid branch moves under another committee.
    edit_table(city, "organisations", _set("O-GB-0003", parent_id="O-CC-01"))
    result = load(city, graph)
    assert result.report.rejected_rows == 0
    assert result.summary is not None
    assert result.summary.total("nodes_created") == 0
    assert result.summary.total("relationships_deleted") == 3
    household = node(graph, "H-0000002")
    assert household["name"] == "吴**" and household["size"] == 5
    assert "phone" not in household and "phone_token" not in household
    with Vault.open(graph.settings) as vault:  # the vault follows the row: new name, no phone
        assert vault.get("Household", ["H-0000002"])["H-0000002"] == {
            "name": "吴伟（新）",
            "address": read_rows(city / "households.csv")[1]["address"],
        }
    links = edges(graph)
    in_grid = [e for e in links if e[1] == "H-0000002" and e[2] == "IN_GRID"]
    assert [e[4] for e in in_grid] == ["G-0003"]
    assert [e[4] for e in links if e[1] == "H-0000002" and e[2] == "IN_BUILDING"] == ["B-000004"]
    area = node(graph, "XG-XN-SY-01")
    assert area["population"] == 9000
    assert "centroid_lat" not in area and "location" not in area
    assert [e[4] for e in links if e[1] == "O-GB-0003" and e[2] == "PART_OF"] == ["O-CC-01"]
    # loading the updated input again is a no-op.
    before = snapshot(graph)
    again = load(city, graph)
    assert again.summary is not None
    assert again.summary.total("relationships_created") == 0
    assert again.summary.total("relationships_deleted") == 0
    assert snapshot(graph) == before


def test_household_already_in_db_under_other_grid_is_an_update(graph, tmp_path):
    city = copy_examples(tmp_path)
    load(city, graph)
    # a later delivery holds only the moved household, without its building.
    only = tmp_path / "delta"
    only.mkdir()
    (only / "households.csv").write_text(
        "id,name,grid_id,lighthouse\nH-0000005,黄德明,G-0004,false\n", encoding="utf-8"
    )
    result = load(only, graph)
    assert result.report.rejected_rows == 0
    links = edges(graph)
    assert [e[4] for e in links if e[1] == "H-0000005" and e[2] == "IN_GRID"] == ["G-0004"]
    assert [e for e in links if e[1] == "H-0000005" and e[2] == "IN_BUILDING"] == []
    assert "address" not in node(graph, "H-0000005")
    # ties to the household (a link table) are kept.
    assert any(e[2] == "SERVES" and e[4] == "H-0000005" for e in links)


def test_polymorphic_rating_target_moves(graph, tmp_path):
    city = copy_examples(tmp_path)
    load(city, graph)
    edit_table(city, "ratings", _set("RT-000001", target_type="platform", target_id="PF-0001"))
    load(city, graph)
    rates = [e for e in edges(graph) if e[1] == "RT-000001" and e[2] == "RATES"]
    assert [(e[3], e[4]) for e in rates] == [("Platform", "PF-0001")]
