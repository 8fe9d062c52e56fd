"""A cell such as =HYPERLINK(...) is stored verbatim in the graph but comes out of
every CSV and Excel file made for users with a leading apostrophe, so a
spreadsheet shows it as text instead of running it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from gridnet import db
from gridnet.privacy import display
from gridnet.queries import catalog, export
from gridnet.settings import Settings
from gridnet.vault import Vault

from .conftest import run_cli

FORMULAS = {
    "H-F1": '=HYPERLINK("http://x","y")',
    "H-F2": "+cmd|' /C calc'!A0",
    "H-F3": "-2+3+cmd|' /C calc'!A0",
    "H-F4": "@SUM(1+1)*cmd|' /C calc'!A0",
    "H-F5": "\t=1+1",
}
GRID_NAME = '=HYPERLINK("http://evil.example","网格")'


def load_formulas(tmp: Path) -> None:
    folder = tmp / "data"
    folder.mkdir()
    with (folder / "grids.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [["id", "name", "community_id", "kind"], ["G-F", GRID_NAME, "XG-XN-SY-01", "courtyard"]]
        )
    with (folder / "households.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "grid_id"])
        # the loader strips surrounding blanks, so the tab case is stored as "=1+1"
        w.writerows([hid, name, "G-F"] for hid, name in FORMULAS.items())
    done = run_cli(["load", str(folder), "--quiet"], cwd=tmp)
    assert done.returncode == 0, done.stderr


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_formulas_stored_verbatim_and_neutralised_in_exports(
    database: db.Database, city: Settings, tmp_path: Path
) -> None:
    load_formulas(tmp_path)
    stored = {
        r["id"]: r["name"]
        for r in database.read(
            "MATCH (h:Household) WHERE h.id STARTS WITH 'H-F' RETURN h.id AS id, h.name AS name"
        )
    }
    expected = {k: v.strip() for k, v in FORMULAS.items()}
    # a head's name is personal: the graph has its display form (still a formula
    # start), the vault the text itself
    assert stored == {k: display("name", v) for k, v in expected.items()}
    with Vault.open(city) as vault:
        assert {k: v["name"] for k, v in vault.get("Household", list(FORMULAS)).items()} == (
            expected
        )
    assert database.read("MATCH (g:Grid {id: 'G-F'}) RETURN g.name AS n") == [{"n": GRID_NAME}]

    # CLI CSV: every display form that starts a formula gets an apostrophe.
    done = run_cli(
        [
            "query",
            "cypher",
            "MATCH (h:Household) WHERE h.id STARTS WITH 'H-F' "
            "RETURN h.id AS id, h.name AS household_name ORDER BY id",
            "--format",
            "csv",
        ]
    )
    assert done.returncode == 0, done.stderr
    rows = csv_cells(done.stdout)[1:]
    assert {r[0]: r[1] for r in rows} == {k: "'" + display("name", v) for k, v in expected.items()}

    # Public names: grid summary and the gap report as CSV.
    done = run_cli(["query", "run", "grid_summary", "--format", "csv"])
    assert ["G-F", "'" + GRID_NAME] == [c for c in csv_cells(done.stdout) if c and c[0] == "G-F"][
        0
    ][:2]
    done = run_cli(["gaps", "--format", "csv", "--all-columns"])
    header, *body = csv_cells(done.stdout)
    row = next(dict(zip(header, r, strict=True)) for r in body if r[0] == "G-F")
    assert row["grid_name"] == "'" + GRID_NAME
    for r in body:
        assert not any(c.startswith(("=", "+", "-", "@")) for c in r), r

    # Excel, as the explorer's download button builds it.
    result = catalog.run(database, "grid_summary", {})
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(result.columns, result.rows)))
    cells = [c for row in book.active.iter_rows() for c in row]
    target = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert target and all(c.value == "'" + GRID_NAME and c.data_type == "s" for c in target)
    assert not any(c.data_type == "f" for c in cells)  # no formula cell anywhere
