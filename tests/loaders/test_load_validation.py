"""Every validation rule, each with a bad file; rejected rows cascade and nothing partial loads."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from loadhelp import (
    EXAMPLE_CSV,
    copy_examples,
    edges,
    edit_table,
    load,
    node,
    read_rows,
    write_rows,
)

from gridnet.loaders.lookups import DatabaseLookup
from gridnet.loaders.passes import validate
from gridnet.loaders.readers import ReadError, open_dataset
from gridnet.loaders.rejects import write_rejects
from gridnet.loaders.rows import Problem
from gridnet.loaders.tables import TABLES
from gridnet.loaders.values import parse_value


def check(folder: Path, lookup=None) -> list[Problem]:
    report = validate(open_dataset(folder), lookup)
    return report.problems


def only(problems: list[Problem], table: str) -> list[Problem]:
    return [p for p in problems if p.table == table]


def rows_of(problems: list[Problem], table: str) -> set[int]:
    return {p.origin.row for p in problems if p.table == table and p.origin}


def _edit(rows, row_id, **changes):
    for row in rows:
        if row.get("id") == row_id:
            row.update(changes)
    return rows


@pytest.mark.unit
def test_examples_are_valid():
    assert check(EXAMPLE_CSV) == []


@pytest.mark.unit
def test_unclosed_quote_is_a_fatal_read_error(tmp_path):
    city = copy_examples(tmp_path)
    with (city / "buildings.csv").open("a", encoding="utf-8") as fh:
        fh.write('B-000009,"9栋,G-0001,地址,6\n')
    with pytest.raises(ReadError, match=r"buildings\.csv: malformed CSV"):
        check(city)


@pytest.mark.unit
def test_row_with_extra_cells_is_rejected(tmp_path):
    city = copy_examples(tmp_path)
    with (city / "buildings.csv").open("a", encoding="utf-8") as fh:
        fh.write("B-000009,9栋,G-0001,槐荫大道,6,extra\n")
    problems = check(city)
    assert len(problems) == 1
    assert problems[0].origin.row == 8
    assert "7 columns" not in problems[0].message and "6 cells" in problems[0].message


@pytest.mark.unit
@pytest.mark.parametrize(
    "junk",
    [
        os.urandom(4000) + b"\x00\x01",  # binary with NUL bytes
        "id,name\n".encode("utf-16"),  # another encoding
        b"id,name,level\nX,\xff\xfe\x80\x80,city\n",  # neither UTF-8 nor GB18030
    ],
)
def test_binary_or_foreign_encoding_names_the_file(tmp_path, junk):
    city = copy_examples(tmp_path)
    (city / "grids.csv").write_bytes(junk)
    with pytest.raises(ReadError, match=r"^grids\.csv: "):
        open_dataset(city)


@pytest.mark.unit
def test_missing_required_column_rejects_the_table_and_cascades(tmp_path):
    city = copy_examples(tmp_path)
    rows = read_rows(city / "households.csv")
    columns = [c for c in rows[0] if c != "grid_id"]
    with (city / "households.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    problems = check(city)
    households = only(problems, "households")
    assert len(households) == 14
    assert all("required column grid_id" in p.message for p in households)
    # everything that refers to a household is rejected too.
    assert len(rows_of(problems, "service_requests")) == 8
    assert len(rows_of(problems, "service_ties")) == 9
    assert "which was rejected" in only(problems, "people")[0].message


@pytest.mark.unit
def test_bad_enum_and_chinese_terms(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(
        city, "grids", lambda rows: _edit(_edit(rows, "G-0001", kind="big"), "G-0002", kind="院落")
    )
    problems = check(city)
    grid = only(problems, "grids")
    assert [(p.origin.row, p.column) for p in grid] == [(2, "kind")]
    assert "'big' is not an allowed value" in grid[0].message
    assert "courtyard (院落)" in grid[0].message
    assert "G-0001" in only(problems, "buildings")[0].message  # cascade


@pytest.mark.unit
def test_bad_dates(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(
        city,
        "organisations",
        lambda rows: _edit(
            _edit(_edit(rows, "O-CC-01", founded="2013-02-30"), "O-CC-02", founded="yesterday"),
            "O-VB-01",
            founded="2013/4/2",
        ),
    )
    edit_table(
        city,
        "service_requests",
        lambda rows: _edit(
            _edit(rows, "R-00000001", opened_at="2013/4/2 9:30"),
            "R-00000002",
            opened_at="2013-13-01T00:00:00",
        ),
    )
    problems = check(city)
    orgs = only(problems, "organisations")
    assert {p.origin.row for p in orgs if p.column == "founded"} == {2, 3}
    assert any("not a valid date" in p.message for p in orgs)
    assert any("'yesterday' is not a date" in p.message for p in orgs)
    requests = only(problems, "service_requests")
    assert {p.origin.row for p in requests if p.column == "opened_at"} == {3}


@pytest.mark.unit
def test_numbers_ranges_and_required_values(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(city, "organisations", lambda rows: _edit(rows, "O-CC-01", star_rating="7"))
    edit_table(
        city,
        "service_requests",
        lambda rows: _edit(_edit(rows, "R-00000001", satisfaction="很好"), "R-00000004", status=""),
    )
    edit_table(city, "buildings", lambda rows: _edit(rows, "B-000002", floors="6.5", name=""))
    problems = check(city)
    messages = {(p.table, p.column): p.message for p in problems if p.column}
    assert "above the maximum 5" in messages[("organisations", "star_rating")]
    assert "'很好' is not a whole number" in messages[("service_requests", "satisfaction")]
    assert "a value is required" in messages[("service_requests", "status")]
    assert "not a whole number" in messages[("buildings", "floors")]
    assert "a value is required" in messages[("buildings", "name")]


@pytest.mark.unit
def test_dangling_reference_cascades(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(
        city, "households", lambda rows: _edit(rows, "H-0000003", grid_id="G-9999", building_id="")
    )
    problems = check(city)
    household = only(problems, "households")
    assert [(p.origin.row, p.column) for p in household] == [(4, "grid_id")]
    assert (
        "Grid 'G-9999', which is neither in the input nor in the database" in household[0].message
    )
    # R-00000001 was raised by H-0000003; the tie H-0000001 -> H-0000003 too.
    assert rows_of(problems, "service_requests") == {2}
    assert rows_of(problems, "service_ties") == {3}


@pytest.mark.unit
def test_polymorphic_reference_checks_the_named_table(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(city, "ratings", lambda rows: _edit(rows, "RT-000003", target_id="G-0001"))
    problems = check(city)
    assert len(problems) == 1
    assert "Person 'G-0001'" in problems[0].message


@pytest.mark.unit
def test_duplicate_id_rejects_every_occurrence(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(city, "buildings", lambda rows: rows + [dict(rows[1], name="二号楼")])
    problems = check(city)
    buildings = only(problems, "buildings")
    assert rows_of(problems, "buildings") == {3, 8}
    assert "duplicate id B-000002 (also on row 8)" in buildings[0].message
    # H-0000003 lives in B-000002.
    assert rows_of(problems, "households") == {4}


@pytest.mark.unit
def test_duplicate_link_key(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(city, "offerings", lambda rows: rows + [rows[0]])
    problems = check(city)
    assert rows_of(problems, "offerings") == {2, 13}
    assert "duplicate key" in problems[0].message


@pytest.mark.unit
def test_household_in_two_grids(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(
        city, "households", lambda rows: rows + [dict(rows[12], grid_id="G-0001", building_id="")]
    )
    problems = check(city)
    households = only(problems, "households")
    assert rows_of(problems, "households") == {14, 16}
    assert all("is given in 2 grids (G-0001, G-0004)" in p.message for p in households)


@pytest.mark.unit
def test_building_in_another_grid_than_its_household(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(city, "households", lambda rows: _edit(rows, "H-0000002", building_id="B-000003"))
    problems = only(check(city), "households")
    assert len(problems) == 1
    assert problems[0].column == "building_id"
    assert "stands in grid 'G-0002', not in the household's grid 'G-0001'" in problems[0].message


@pytest.mark.unit
def test_area_levels_and_grid_community(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(city, "areas", lambda rows: _edit(rows, "XG-XN-SY-02", parent_id="XG-XN"))
    edit_table(city, "grids", lambda rows: _edit(rows, "G-0004", community_id="XG-XN-SY"))
    problems = check(city)
    areas = {p.origin.row: p.message for p in only(problems, "areas")}
    assert list(areas) == [6]
    assert "must be a street, but 'XG-XN' is a district" in areas[6]
    grids = only(problems, "grids")
    assert {p.origin.row for p in grids} == {4, 5}  # G-0003 cascades from XG-XN-SY-02
    assert any(
        "must lie in a community (社区) or village (村), but 'XG-XN-SY' is a street" in p.message
        for p in grids
    )
    # only a city has no parent, and a city has none; a rejected root cascades down.
    edit_table(
        city,
        "areas",
        lambda rows: _edit(_edit(rows, "XG", parent_id="XG-XN"), "XG-XN", parent_id=""),
    )
    areas = {p.origin.row: p.message for p in only(check(city), "areas")}
    assert "a city has no parent area" in areas[2]
    assert "a district (县市区) needs a parent area" in areas[3]
    assert "which was rejected" in areas[4]


@pytest.mark.unit
def test_self_reference_cascade_and_loop(tmp_path):
    city = copy_examples(tmp_path)
    edit_table(
        city,
        "organisations",
        lambda rows: _edit(
            _edit(_edit(rows, "O-CC-01", type="nonsense"), "O-RC-01", parent_id="O-WF-01"),
            "O-WF-01",
            parent_id="O-RC-01",
        ),
    )
    problems = check(city)
    orgs = only(problems, "organisations")
    by_row = {}
    for p in orgs:
        by_row.setdefault(p.origin.row, []).append(p.message)
    assert any("not an allowed value" in m for m in by_row[2])  # O-CC-01
    assert any("O-CC-01', which was rejected" in m for m in by_row[5])  # O-GB-0001
    assert any("O-GB-0001', which was rejected" in m for m in by_row[8])  # O-BG-0001
    assert any("chain loops" in m for m in by_row[12])  # O-RC-01
    assert any("chain loops" in m for m in by_row[14])  # O-WF-01


@pytest.mark.unit
def test_unknown_columns_warn(tmp_path):
    city = copy_examples(tmp_path)
    rows = read_rows(city / "grids.csv")
    write_rows(city / "grids.csv", [dict(r, 备注="x") for r in rows])
    dataset = open_dataset(city)
    assert dataset.warnings == ["grids.csv: unknown column(s) ignored: 备注"]


def test_references_to_the_database(graph, tmp_path):
    load(EXAMPLE_CSV, graph)
    delta = tmp_path / "delta"
    delta.mkdir()
    (delta / "households.csv").write_text(
        "id,name,grid_id,building_id\n"
        "H-NEW-1,新住户,G-0001,B-000002\n"  # grid and building only in the database
        "H-NEW-2,错楼栋,G-0001,B-000004\n"  # B-000004 stands in G-0003 (per the database)
        "H-NEW-3,无网格,G-7777,\n",
        encoding="utf-8",
    )
    problems = check(delta, DatabaseLookup(graph))
    assert {(p.origin.row, p.column) for p in problems} == {(3, "building_id"), (4, "grid_id")}
    result = load(delta, graph)
    assert result.report.rejected_rows == 2
    assert node(graph, "H-NEW-1")["name"] == "新**"
    assert ("H-NEW-1", "IN_BUILDING", "B-000002") in {(e[1], e[2], e[4]) for e in edges(graph)}


@pytest.mark.unit
def test_party_network_kinds_accept_their_chinese_and_english_terms() -> None:
    """A kind written as its Chinese term is the kind, not free text that would leave
    the grid reported without a branch; other text stays free (the 50+ branch kinds)."""
    col = TABLES["organisations"].column("kind")
    for text in ("网格党支部", " 网格党支部 ", "grid party branch", "GRID_PARTY_BRANCH"):
        assert parse_value("organisations", col, text) == "grid_party_branch", text
    assert parse_value("organisations", col, "楼栋党小组") == "building_party_group"
    assert parse_value("organisations", col, "议事会") == "议事会"


@pytest.mark.unit
def test_messages_show_numbers_as_typed_and_name_the_column_of_extra_cells(
    tmp_path: Path,
) -> None:
    amount = TABLES["funding"].column("amount_yuan")
    with pytest.raises(ValueError, match=r"^-5000 is below the minimum 0$"):
        parse_value("funding", amount, "-5000")
    with pytest.raises(ValueError, match=r"^-12\.5 is below the minimum 0$"):
        parse_value("funding", amount, "-12.5")
    folder = tmp_path / "city"
    folder.mkdir()
    (folder / "grids.csv").write_text(
        "id,name,community_id,kind\nG-1,一网格,C-1,courtyard,,stray\n", encoding="utf-8"
    )
    row = next(open_dataset(folder).sources["grids"].rows())
    assert row.problem is not None
    assert "cell 6 is past the last column 'kind'" in row.problem


@pytest.mark.unit
def test_a_household_that_is_not_a_lighthouse_does_not_serve(tmp_path: Path) -> None:
    """A household tie means a lighthouse household serving a neighbour (明灯户): from any
    other household every gap query would ignore it, so the tie is refused, not stored."""
    city = copy_examples(tmp_path)
    edit_table(
        city,
        "service_ties",
        lambda rows: (
            rows
            + [
                {"server_type": "household", "server_id": "H-0000002", "household_id": "H-0000003"},
                {"server_type": "person", "server_id": "P-000001", "household_id": "H-0000009"},
            ]
        ),
    )
    problems = check(city)
    assert [(p.table, p.origin.row, p.column) for p in problems] == [
        ("service_ties", 11, "server_id")
    ]
    assert "'H-0000002' is not a lighthouse household (明灯户)" in problems[0].message
    # marking the household as a lighthouse in the same delivery makes the tie valid.
    edit_table(city, "households", lambda rows: _edit(rows, "H-0000002", lighthouse="是"))
    assert check(city) == []


@pytest.mark.unit
def test_funding_goes_to_a_community_or_village(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    edit_table(
        city,
        "funding",
        lambda rows: _edit(rows, "F-2013-XG-XN-SY-01-W", area_id="XG-XN-SY"),
    )
    problems = check(city)
    assert [(p.table, p.origin.row, p.column) for p in problems] == [("funding", 2, "area_id")]
    assert problems[0].message == (
        "funding is allocated to a community (社区) or village (村), but 'XG-XN-SY' is a street"
    )
    assert str(problems[0]).startswith("funding.csv, row 2, column area_id (拨付区域): ")


@pytest.mark.unit
def test_a_grid_branch_naming_only_a_building_loads_with_a_warning(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    edit_table(
        city,
        "organisations",
        lambda rows: _edit(rows, "O-GB-0003", grid_id="", building_id="B-000004"),
    )
    with validate(open_dataset(city)) as report:
        assert report.rejected_rows == 0
        assert [w for w in report.warnings if "O-GB" in w or "grid party branch" in w] == [
            "organisations.csv, row 7, column grid_id (覆盖网格): a grid party branch "
            "(网格党支部) covers its grid, but this one names only building 'B-000004': it "
            "is loaded covering that building, and no grid counts it as its branch (gap "
            "grid_without_branch); give its grid_id"
        ]
        assert (
            sum(1 for _ in report.accepted("organisations")) == report.tables["organisations"].rows
        )


@pytest.mark.unit
def test_an_empty_table_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    (city / "ratings.csv").write_bytes(b"")
    (city / "activities.csv").write_bytes(b"\xef\xbb\xbf")  # only a BOM: still nothing
    extra = tmp_path / "json"
    extra.mkdir()
    dataset = open_dataset(city)
    assert "ratings" not in dataset.sources and "activities" not in dataset.sources
    assert dataset.warnings == [
        "activities.csv: is empty (no header row); skipped",
        "ratings.csv: is empty (no header row); skipped",
    ]
    with validate(dataset) as report:
        assert report.rejected_rows == 0 and report.rows > 100
    # a header without rows is a table with no rows, not an empty file.
    (city / "ratings.csv").write_text("id,target_type,target_id,score,year\n", encoding="utf-8")
    assert open_dataset(city).sources["ratings"].headers[0] == "id"
    # JSON table files too; when every table file is empty there is nothing to load.
    (extra / "areas.json").write_text("  \n", encoding="utf-8")
    (extra / "grids.csv").write_bytes(b"")
    with pytest.raises(ReadError, match=r"nothing to load: areas\.json, grids\.csv are empty"):
        open_dataset(extra)


@pytest.mark.unit
def test_a_negative_amount_is_echoed_as_typed(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    edit_table(
        city, "funding", lambda rows: _edit(rows, "F-2013-XG-XN-SY-02-S", amount_yuan="-5000")
    )
    rejects = tmp_path / "rejects.csv"
    with validate(open_dataset(city)) as report:
        [problem] = report.problems
        assert problem.message == "-5000 is below the minimum 0"
        write_rejects(report, rejects)
    [line] = read_rows(rejects)
    assert (line["table"], line["row"], line["column"]) == ("funding", "5", "amount_yuan")
    assert line["message"] == "-5000 is below the minimum 0"
    assert line["amount_yuan"] == "-5000"


def test_rules_read_rows_loaded_before_from_the_database(graph, tmp_path):
    """A delivery of ties and funding alone: the server's lighthouse flag and the area's
    level come from the database."""
    load(EXAMPLE_CSV, graph)
    delta = tmp_path / "delta"
    delta.mkdir()
    (delta / "service_ties.csv").write_text(
        "server_type,server_id,household_id\n"
        "household,H-0000012,H-0000014\n"  # a lighthouse household (per the database)
        "household,H-0000013,H-0000014\n",  # not one
        encoding="utf-8",
    )
    (delta / "funding.csv").write_text(
        "id,area_id,kind,amount_yuan,year\n"
        "F-NEW-1,XG-XN-SY-V1,project,5000,2014\n"  # a village
        "F-NEW-2,XG-XN,project,5000,2014\n",  # a district
        encoding="utf-8",
    )
    with validate(open_dataset(delta), DatabaseLookup(graph)) as report:
        found = {(p.table, p.origin.row, p.column) for p in report.problems}
    assert found == {("service_ties", 3, "server_id"), ("funding", 3, "area_id")}
    result = load(delta, graph)
    assert result.report.rejected_rows == 2
    serves = {(e[1], e[4]) for e in edges(graph) if e[2] == "SERVES"}
    assert ("H-0000012", "H-0000014") in serves and ("H-0000013", "H-0000014") not in serves
    assert node(graph, "F-NEW-1")["amount_yuan"] == 5000
