"""`gridnet load` / `gridnet stats` end to end: exit codes, dry run, rejects, injection, docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from loadhelp import EXAMPLE_CSV, copy_examples, count, edit_table, load, node, read_rows

from gridnet.db import Database
from gridnet.loaders import docs
from gridnet.privacy import display
from gridnet.vault import Vault


def gridnet(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    # python -m gridnet.cli has no __main__ guard; call main() explicitly.
    code = "import sys; from gridnet.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(os.environ),
        timeout=600,
    )


def test_load_cli_exit_codes_and_summary(graph, tmp_path):
    done = gridnet("load", str(EXAMPLE_CSV), "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "128 valid, 0 rejected" in done.stdout
    assert "rows/s" in done.stdout
    assert not (tmp_path / "rejects.csv").exists()
    stats = gridnet("stats", "--format", "json")
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["reference"]["grid_party_branches"] == {
        "count": 3,
        "article": 178,
        "counts": "Organization {kind: 'grid_party_branch'} (网格党支部)",
    }
    assert figures["reference"]["building_party_groups"]["count"] == 3
    assert figures["reference"]["building_party_groups"]["article"] == 425
    assert figures["reference"]["lighthouse_households"]["count"] == 4
    assert figures["reference"]["lighthouse_households"]["article"] == 5329
    assert figures["nodes"]["Household"] == 14
    assert figures["relationships"]["IN_GRID"] == 6 + 14 + 4
    table = gridnet("stats")
    assert "grid_party_branches" in table.stdout and "Household" in table.stdout


def test_load_cli_fatal_errors_exit_2_without_traceback(graph, tmp_path):
    missing = gridnet("load", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [
        f"gridnet: error: {tmp_path / 'nowhere'}: no such file or folder"
    ]
    city = copy_examples(tmp_path)
    (city / "people.csv").write_bytes(b"\x00\x01binary\xff")
    junk = gridnet("load", str(city))
    assert junk.returncode == 2
    assert "people.csv: is a binary file" in junk.stderr
    assert "Traceback" not in junk.stderr
    assert count(graph, "Household") == 0


@pytest.mark.unit
def test_database_down_exits_2(tmp_path):
    env = dict(os.environ, NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x")
    code = "import sys; from gridnet.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, "load", str(EXAMPLE_CSV)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("gridnet: error: Neo4j at bolt://127.0.0.1:1 is unavailable")
    assert "Traceback" not in done.stderr


def test_rejected_rows_exit_1_and_rejects_file(graph, tmp_path):
    city = copy_examples(tmp_path)

    def bad(rows):
        for row in rows:
            if row["id"] == "H-0000003":
                row["grid_id"] = "G-9999"
            if row["id"] == "H-0000005":
                row["size"] = "many"
        return rows

    edit_table(city, "households", bad)
    rejects = tmp_path / "out" / "rejects.csv"
    done = gridnet("load", str(city), "--rejects", str(rejects), "--quiet")
    assert done.returncode == 1, done.stderr
    assert "problem: households.csv, row 4, column grid_id (所属网格)" in done.stderr
    raw = rejects.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    rows = read_rows(rejects)
    assert list(rows[0])[:5] == ["table", "file", "row", "column", "message"]
    by_key = {(r["table"], r["row"], r["column"]): r for r in rows}
    h3 = by_key[("households", "4", "grid_id")]
    assert h3["file"] == "households.csv" and h3["id"] == "H-0000003"
    assert h3["name"] == "陈桂兰" and h3["grid_id"] == "G-9999"
    assert "neither in the input nor in the database" in h3["message"]
    h5 = by_key[("households", "6", "size")]
    assert h5["size"] == "many" and "'many' is not a whole number" in h5["message"]
    # cascades: the requests raised by and the ties to both households.
    assert ("service_requests", "2", "household_id") in by_key
    assert {r["table"] for r in rows} >= {"households", "service_requests", "service_ties"}
    # valid rows were written, rejected ones were not.
    assert count(graph, "Household") == 12
    assert count(graph, "ServiceRequest") == 8 - 2  # R-1 (H-3) and R-8 (H-5)
    assert node(graph, "H-0000004")["lighthouse"] is True


def test_dry_run_writes_nothing(empty_graph, database, tmp_path):
    city = copy_examples(tmp_path)
    edit_table(
        city,
        "grids",
        lambda rows: [dict(r, kind="bad") if r["id"] == "G-0004" else r for r in rows],
    )
    done = gridnet("load", str(city), "--dry-run", "--rejects", str(tmp_path / "r.csv"))
    assert done.returncode == 1, done.stderr
    assert "dry run: nothing was written" in done.stdout
    assert (tmp_path / "r.csv").exists()
    assert count(database) == 0
    result = load(EXAMPLE_CSV, database, dry_run=True)
    assert result.summary is None and result.exit_code == 0
    assert count(database) == 0


def test_cypher_looking_text_is_stored_verbatim(graph, tmp_path):
    city = copy_examples(tmp_path)
    evil = "'}) DETACH DELETE n //"
    evil2 = '"}) MATCH (m) DETACH DELETE m RETURN 1 //`\\'
    edit_table(
        city,
        "households",
        lambda rows: [
            dict(r, name=evil, address=evil2) if r["id"] == "H-0000001" else r for r in rows
        ],
    )
    edit_table(
        city,
        "service_categories",
        lambda rows: rows + [{"id": "x`}) DELETE n", "name": evil, "name_en": "$rows"}],
    )
    result = load(city, graph)
    assert result.report.rejected_rows == 0
    household = node(graph, "H-0000001")
    # personal columns: display forms in the graph, the text itself in the vault
    assert household["name"] == display("name", evil)
    assert household["address"] == display("address", evil2)
    with Vault.open(graph.settings) as vault:
        assert vault.get("Household", ["H-0000001"])["H-0000001"] == {
            "name": evil,
            "address": evil2,
            "phone": "13800000001",
        }
    assert node(graph, "x`}) DELETE n")["name_en"] == "$rows"
    assert count(graph, "Household") == 14
    assert count(graph) == 92 + 18 + 1  # examples + roles + the extra category


@pytest.mark.unit
def test_readme_is_current():
    assert docs.README.read_text(encoding="utf-8") == docs.render_readme(), (
        "loaders/README.md is stale: run `python -m gridnet.loaders.docs`"
    )


def test_stats_lists_every_label_and_type_even_when_empty(empty_graph):
    from gridnet.graph import model
    from gridnet.graph.stats import graph_stats

    with Database.connect(empty_graph) as database:
        stats = graph_stats(database)
    assert stats["nodes"] == dict.fromkeys(model.LABELS, 0)
    assert stats["relationships"] == dict.fromkeys(model.RELATIONSHIPS, 0)
    assert {k: v["count"] for k, v in stats["reference"].items()} == {
        "grid_party_branches": 0,
        "building_party_groups": 0,
        "lighthouse_households": 0,
    }
