"""The gap report's rollups through the loader: marked stale before a load writes,
refreshed after it, and equal to a from-scratch computation after random updates,
emptied cells and moves."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from loadhelp import edit_table, load, read_rows

from gridnet.db import Database
from gridnet.loaders import pipeline
from gridnet.loaders.synthetic import generate_to_dir
from gridnet.queries import compose, reference_day, rollup, runner
from gridnet.queries.gap_rules import MAX_SERVED
from gridnet.queries.life_circle import DEFAULT


def _reports(db: Database) -> tuple[list[dict], list[dict], bool]:
    """(the report as a reader gets it, the live report, whether the rollups answered),
    on the data's reference day: the day a load refreshes the rollups for."""
    grids = [r["id"] for r in db.read("MATCH (g:Grid) RETURN g.id AS id ORDER BY id")]
    params = {
        "grids": grids,
        "as_of": reference_day.data_day(db),
        "max_served": MAX_SERVED,
        "only_gaps": False,
        **DEFAULT.params(),  # category_out_of_reach's life circle
    }
    with db.session(read_only=True) as s:
        answered = s.execute_read(lambda tx: rollup.fresh(tx, params))
    read = rollup.run(db, params, timeout=0).records()
    live = runner.execute_read(db, compose.gap_report(), params, timeout=0).records()
    return read, live, answered


def _edit(city: Path, rng: random.Random) -> None:
    """Random updates: households move grid (with a building of the new grid), gain or
    lose the lighthouse flag, lose their building cell; requests close, reopen and
    change deadline; a grid moves to another community."""
    buildings: dict[str, list[str]] = {}
    for b in read_rows(city / "buildings.csv"):
        buildings.setdefault(b["grid_id"], []).append(b["id"])
    grids = sorted(buildings)
    communities = sorted({g["community_id"] for g in read_rows(city / "grids.csv")})

    def households(rows: list[dict]) -> list[dict]:
        for row in rng.sample(rows, 60):
            kind = rng.choice(("move", "lighthouse", "empty"))
            if kind == "move":
                grid = rng.choice(grids)
                row.update(grid_id=grid, building_id=rng.choice(buildings[grid]))
            elif kind == "lighthouse":
                row["lighthouse"] = "false" if row["lighthouse"] == "true" else "true"
                row["party_group_id"] = ""
            else:
                row["building_id"] = ""
        return rows

    def requests(rows: list[dict]) -> list[dict]:
        for row in rng.sample(rows, 40):
            if row["status"] == "closed":
                row.update(status="open", closed_at="", satisfaction="")
            else:
                row["deadline"] = rng.choice(("2020-01-01", "2099-12-31"))
        return rows

    def grid_rows(rows: list[dict]) -> list[dict]:
        row = rng.choice(rows)
        row["community_id"] = rng.choice([c for c in communities if c != row["community_id"]])
        return rows

    edit_table(city, "households", households)
    edit_table(city, "service_requests", requests)
    if len(communities) > 1:
        edit_table(city, "grids", grid_rows)


@pytest.mark.parametrize("seed", [11])
def test_rollups_equal_a_fresh_computation_after_random_updates(
    graph: Database, tmp_path: Path, seed: int
) -> None:
    city = tmp_path / "city"
    generate_to_dir(city, preset="xiaogan", seed=seed, scale=0.1)
    first = load(city, graph)
    assert first.refreshed is not None and first.refreshed.fresh
    assert first.refreshed.grids == len(read_rows(city / "grids.csv"))
    read, live, answered = _reports(graph)
    assert answered and read == live
    before = {r["grid_id"]: r for r in live}

    rng = random.Random(seed)
    for _ in range(2):
        _edit(city, rng)
        again = load(city, graph)
        assert again.refreshed is not None and again.refreshed.fresh
        read, live, answered = _reports(graph)
        assert answered and read == live
        drift = rollup.drift(graph)
        assert drift is not None and drift.clean and not drift.stale
    # the edits changed the report, so the equality above compared new rows, not old ones
    after = {r["grid_id"]: r for r in live}
    assert before != after


def test_a_load_marks_the_rollups_stale_before_it_writes(
    graph: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    city = tmp_path / "city"
    generate_to_dir(city, preset="xiaogan", seed=13, scale=0.05)
    load(city, graph)
    assert rollup.state(graph)["stale"] is False
    # a load that dies as it starts writing leaves them stale: the report runs live
    seen: list[bool] = []

    def dies(*_: object, **__: object) -> None:
        seen.append(rollup.state(graph)["stale"])
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "write_tables", dies)
    with pytest.raises(KeyboardInterrupt):
        load(city, graph)
    assert seen == [True]
    assert rollup.state(graph)["stale"] is True
    read, live, answered = _reports(graph)
    assert not answered and read == live


def test_a_refresh_overtaken_by_a_write_stays_stale(graph: Database, tmp_path: Path) -> None:
    city = tmp_path / "city"
    generate_to_dir(city, preset="xiaogan", seed=14, scale=0.05)
    load(city, graph)
    done = rollup.refresh(graph, batch_size=2, progress=lambda *_: rollup.mark_stale(graph))
    assert not done.fresh
    assert rollup.state(graph)["stale"] is True
    assert rollup.refresh(graph).fresh
