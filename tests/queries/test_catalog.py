"""Catalog headers, parameter binding, and every catalog query parsed and run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gridnet.queries import catalog, runner
from gridnet.queries.catalog import CatalogError, ParamError

GOOD_HEADER = """// name: {name}
// purpose: Count grids.
// audience: planner
// param: community str = null  -- community id
// param: year int = 2013  -- a year
// returns: n
MATCH (g:Grid) WHERE $community IS NULL OR $year > 0 RETURN count(g) AS n
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.unit
def test_catalog_loads_with_required_queries():
    specs = catalog.load_catalog()
    for name in (
        "gap_report",
        "grid_summary",
        "community_summary",
        "district_summary",
        "lighthouse_load",
        "requests_by_category",
        "search_by_name",
        "grid_neighbourhood",
        "funding_per_community",
        "reference_figures",
    ):
        assert name in specs
    for spec in specs.values():
        assert spec.purpose and spec.audience and spec.returns


@pytest.mark.unit
def test_good_header_parses(tmp_path):
    text = GOOD_HEADER.format(name="count_grids")
    spec = catalog.parse_file(_write(tmp_path, "count_grids", text))
    assert spec.name == "count_grids"
    assert spec.audience == ("planner",)
    assert spec.param("community").required is False
    assert spec.param("year").default == 2013
    assert spec.returns == ("n",)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_HEADER.replace("// name: {name}\n", ""), "`// name:` is missing"),
        (GOOD_HEADER.replace("// purpose: Count grids.\n", ""), "`// purpose:` is missing"),
        (GOOD_HEADER.replace("// returns: n\n", ""), "`// returns:` is missing"),
        (GOOD_HEADER.replace("audience: planner", "audience: mayor"), "unknown audience 'mayor'"),
        (GOOD_HEADER.replace("year int", "year integer"), "unknown type 'integer'"),
        (GOOD_HEADER.replace("= 2013", "= soon"), "default 'soon' is not a int"),
        (GOOD_HEADER.replace("// returns: n", "// returns: n\n// colour: red"), "header line"),
        (
            GOOD_HEADER.replace("// purpose: Count grids.", "// purpose: a\n// purpose: b"),
            "given more than once",
        ),
        (GOOD_HEADER.replace("$year > 0", "$yr > 0"), "undeclared parameter(s) yr"),
        (GOOD_HEADER.replace("OR $year > 0", ""), "unused parameter(s) year"),
        (
            GOOD_HEADER.replace(
                "// param: year int = 2013  -- a year",
                "// param: year int = 2013\n// param: year int",
            ),
            "declared twice",
        ),
        (
            GOOD_HEADER.replace("// param: year int = 2013  -- a year", "// param: year"),
            "param must read",
        ),
        (GOOD_HEADER.split("MATCH")[0], "no Cypher"),
    ],
)
def test_bad_headers_fail_at_load(tmp_path, text, message):
    _write(tmp_path, "count_grids", text.format(name="count_grids"))
    with pytest.raises(CatalogError) as info:
        catalog.load_catalog(tmp_path)
    assert message in str(info.value)
    assert "count_grids.cypher" in str(info.value)


@pytest.mark.unit
def test_name_must_match_file_and_be_unique(tmp_path):
    _write(tmp_path, "a", GOOD_HEADER.format(name="b"))
    with pytest.raises(CatalogError, match="must equal the file name"):
        catalog.load_catalog(tmp_path)


SCOPED = """// name: scoped
// purpose: Count grids in scope.
// audience: planner
// scope: grids
// param: max_served
// returns: n
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
RETURN count(g) AS n, $max_served AS cap
"""


@pytest.mark.unit
def test_scope_header_gives_the_scope_parameters_once(tmp_path):
    spec = catalog.parse_file(_write(tmp_path, "scoped", SCOPED))
    assert spec.scope == "grids"
    assert spec.param_names == ["district", "community", "grid", "max_served"]
    assert spec.param("district").doc == "district (or street) id; null = whole city"
    assert spec.param("max_served").default == 10  # the shared declaration


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SCOPED.replace("scope: grids", "scope: buildings"), "scope 'buildings' must be one of"),
        (SCOPED.replace("$grids", "[]"), "unused parameter(s) grids"),
        (SCOPED.replace("count(g) AS n", "count(g) AS n, $grid AS x"), "reads $grids, not $grid"),
        (
            SCOPED.replace("// param: max_served", "// param: grid str = null"),
            "'grid' declared twice (given by `// scope:`)",
        ),
        (SCOPED.replace("// scope: grids\n", ""), "undeclared parameter(s) grids"),
        (
            SCOPED.replace("UNWIND $grids AS grid_id", "UNWIND $grids AS id").replace(
                "{id: grid_id}", "{id: id}"
            ),
            "starts with `UNWIND $grids AS grid_id MATCH (g:Grid {id: grid_id})`",
        ),
    ],
)
def test_bad_scopes_fail_at_load(tmp_path, text, message):
    _write(tmp_path, "scoped", text)
    with pytest.raises(CatalogError) as info:
        catalog.load_catalog(tmp_path)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("where", "grids", "communities"),
    [
        ({}, ["G1", "G2", "G3", "G4", "G5", "G6", "G7"], ["C1", "C2", "V1"]),
        ({"district": "S1"}, ["G1", "G2", "G3", "G4", "G5", "G6", "G7"], ["C1", "C2", "V1"]),
        ({"district": "D2"}, [], []),
        ({"community": "C2"}, ["G3", "G6"], ["C2"]),
        ({"grid": "G4"}, ["G4"], ["V1"]),
        ({"grid": "G4", "community": "C1"}, [], []),
        ({"grid": "G4", "district": "D1"}, ["G4"], ["V1"]),
        ({"grid": "nope"}, [], []),
    ],
)
def test_scope_resolves_to_ids(database, small_city, where, grids, communities):
    assert catalog.resolve_scope(database, "grids", **where) == grids
    assert catalog.resolve_scope(database, "communities", **where) == communities


@pytest.mark.unit
def test_binding_converts_and_checks():
    spec = catalog.get("gap_report")
    bound = catalog.bind(
        spec, {"grid": "G1", "as_of": "2024-06-01", "max_served": "12", "only_gaps": "yes"}
    )
    assert bound["as_of"] == dt.date(2024, 6, 1)
    assert bound["max_served"] == 12 and bound["only_gaps"] is True
    assert bound["district"] is None and bound["community"] is None
    assert catalog.bind(spec, {"as_of": "null"})["as_of"] is None
    with pytest.raises(ParamError, match="no parameter 'gird'.*valid parameters: district"):
        catalog.bind(spec, {"gird": "G1"})
    with pytest.raises(ParamError, match="must be a int"):
        catalog.bind(spec, {"max_served": "ten"})
    with pytest.raises(ParamError, match="must be a date"):
        catalog.bind(spec, {"as_of": "1 June"})
    with pytest.raises(ParamError, match="must be a bool"):
        catalog.bind(spec, {"only_gaps": "maybe"})
    with pytest.raises(ParamError, match="needs parameter 'grid'"):
        catalog.bind(catalog.get("grid_neighbourhood"), {})
    with pytest.raises(ParamError, match="did you mean gap_report"):
        catalog.get("gap_reprot")


def _sample_params(spec: catalog.QuerySpec) -> dict:
    samples = {
        "grid": "G1",
        "community": "C1",
        "district": "D1",
        "text": "槐荫",
        "as_of": "2024-06-01",
    }
    return {
        p.name: samples.get(p.name, p.default) if p.required or p.name in samples else p.default
        for p in spec.params
    }


@pytest.mark.parametrize("name", sorted(catalog.load_catalog()))
def test_every_catalog_query_explains_and_runs(database, small_city, name):
    spec = catalog.get(name)
    params = catalog.prepare(database, spec, _sample_params(spec))
    plan = runner.run_readonly(database, "EXPLAIN " + spec.text, params)
    assert plan.query_type == "r"
    result = catalog.run(database, spec, _sample_params(spec))
    assert result.columns == list(spec.returns)


def test_catalog_runs_read_only(database, small_city):
    assert catalog.run(database, "reference_figures").query_type == "r"


def test_planner_queries_answer(database, small_city):
    rows = {r["grid_id"]: r for r in catalog.rows(database, "grid_summary", {"community": "C1"})}
    assert set(rows) == {"G1", "G2", "G5", "G7"}
    assert (
        rows["G1"]["households"],
        rows["G1"]["lighthouses"],
        rows["G1"]["buildings"],
        rows["G1"]["served_households"],
        rows["G1"]["requests"],
    ) == (5, 1, 2, 3, 3)
    communities = {r["community_id"]: r for r in catalog.rows(database, "community_summary")}
    assert set(communities) == {"C1", "C2", "V1"}
    assert communities["C2"]["funding_yuan"] == 270000.0
    assert communities["C1"]["grid_branches"] == 2
    district = catalog.rows(database, "district_summary", {"district": "D1"})[0]
    assert (
        district["streets"],
        district["communities"],
        district["villages"],
        district["grids"],
    ) == (1, 2, 1, 7)
    figures = {r["figure"]: r["count"] for r in catalog.rows(database, "reference_figures")}
    assert figures == {
        "grid_party_branches": 3,
        "building_party_groups": 1,
        "lighthouse_households": 3,
    }
    load = catalog.rows(database, "lighthouse_load")
    assert [(r["household_id"], r["served"], r["overloaded"]) for r in load][0] == ("H9", 12, True)
    hits = catalog.rows(database, "search_by_name", {"text": "槐荫"})
    assert "C1" in {h["id"] for h in hits}
    cats = {
        r["category_id"]: r
        for r in catalog.rows(database, "requests_by_category", {"as_of": "2024-06-01"})
    }
    assert (cats["legal_aid"]["requests"], cats["legal_aid"]["overdue"]) == (3, 2)
    hood = catalog.rows(database, "grid_neighbourhood", {"grid": "G4"})
    relations = {(r["relation"], r["id"]) for r in hood}
    assert {
        ("area", "V1"),
        ("area", "C0"),
        ("covered_by", "O-GB4"),
        ("covered_by", "O-X6"),
        ("lighthouse", "H9"),
        ("platform", "PF3"),
    } <= relations
    funding = catalog.rows(database, "funding_per_community", {"year": "2013"})
    assert {(r["community_id"], r["total_yuan"]) for r in funding} == {
        ("C1", 120000.0),
        ("C2", 150000.0),
    }
