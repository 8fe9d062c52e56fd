"""Generated README is current; the CLI commands answer and refuse correctly."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from gridnet.cli import main
from gridnet.queries import docs, export


@pytest.mark.unit
def test_readme_is_current():
    assert docs.README.read_text(encoding="utf-8") == docs.render(), (
        "queries/README.md is stale: run python -m gridnet.queries.docs"
    )


@pytest.mark.unit
def test_safe_cells():
    assert export.safe_cell("=cmd") == "'=cmd"
    assert export.safe_cell("+1") == "'+1" and export.safe_cell("@x") == "'@x"
    assert export.safe_cell("-2") == "'-2" and export.safe_cell(-2) == -2
    assert export.safe_cell("王") == "王" and export.safe_cell(None) == ""
    assert export.to_csv(["=a"], [["-b", 3, ["x"]]]) == '\'=a\r\n\'-b,3,"[""x""]"\r\n'
    assert export.to_csv(["名称"], [["王"]], bom=True).encode() == "\ufeff名称\r\n王\r\n".encode()
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export.to_xlsx_bytes(["h"], [["=SUM(1)"], [5]])))
    ws = wb.active
    assert ws["A2"].value == "'=SUM(1)" and ws["A3"].value == 5


def _run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_query_list_show_run(small_city):
    listed = _run(["query", "list"])
    assert listed.exit_code == 0 and "gap_report" in listed.output
    shown = _run(["query", "show", "gap_report"])
    assert "param: only_gaps (bool, default False)" in shown.output
    ran = _run(["query", "run", "grid_summary", "-p", "community=C1", "--format", "json"])
    assert ran.exit_code == 0
    assert {r["grid_id"] for r in json.loads(ran.stdout)} == {"G1", "G2", "G5", "G7"}
    bad = _run(["query", "run", "grid_summary", "-p", "comunity=C1"])
    assert bad.exit_code == 2 and "valid parameters" in bad.output
    missing = _run(["query", "run", "grid_neighbourhood"])
    assert missing.exit_code == 2 and "needs parameter 'grid'" in missing.output


def test_query_cypher_refuses_and_limits(small_city):
    refused = _run(["query", "cypher", "MATCH (h:Household) DETACH DELETE h"])
    assert refused.exit_code == 1 and "refused" in refused.output
    limited = _run(
        ["query", "cypher", "UNWIND range(1, 9) AS i RETURN i", "--limit", "3", "--format", "csv"]
    )
    assert limited.exit_code == 0 and limited.stdout.splitlines() == ["i", "1", "2", "3"]
    assert "truncated" in limited.stderr
    formula = _run(
        [
            "query",
            "cypher",
            "MATCH (h:Household {id: $id}) RETURN h.name AS household_name, h",
            "-p",
            "id=H5",
            "--format",
            "csv",
        ]
    )
    cells = [c for row in csv.reader(io.StringIO(formula.stdout)) for c in row]
    assert '\'=HYPERLINK("x")' in cells  # a formula never comes out raw
    assert not any(c.startswith("=") for c in cells)


def test_gaps_command(small_city):
    table = _run(["gaps", "--community", "C1", "--as-of", "2024-06-01", "--only-gaps"])
    assert table.exit_code == 0 and "G5" in table.stdout and "G7" not in table.stdout
    as_json = json.loads(
        _run(["gaps", "--grid", "G1", "--as-of", "2024-06-01", "--format", "json"]).stdout
    )
    assert as_json["scope"]["grid"] == "G1" and as_json["as_of"] == "2024-06-01"
    assert as_json["rows"][0]["severity"] == "medium" and "generated_at" in as_json
    md = _run(["gaps", "--district", "D1", "--as-of", "2024-06-01", "--format", "md"])
    assert md.stdout.startswith("| grid_id |")
    csv_out = _run(["gaps", "--as-of", "2024-06-01", "--format", "csv", "--all-columns"])
    # UTF-8 with a byte order mark, like the loader's rejects file: Excel on a Chinese
    # Windows shows the Chinese names instead of GBK mojibake
    assert csv_out.stdout_bytes.startswith(b"\xef\xbb\xbfgrid_id,grid_name")
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout_bytes.decode("utf-8-sig"))))
    assert {r["grid_id"]: r["grid_name"] for r in rows}["G1"] == "槐荫一网格"
    plain = _run(["query", "run", "grid_summary", "--format", "csv"])
    assert plain.stdout.startswith("grid_id,")  # other CSV output is unchanged


def test_recommend_command(small_city):
    out = _run(["recommend", "--community", "V1"])
    assert out.exit_code == 0 and "H22" in out.stdout and "unserved 1 -> 0" in out.stdout
    data = json.loads(
        _run(["recommend", "--grid", "G1", "--neighbourhood", "grid", "--format", "json"]).stdout
    )
    assert data["picks"][0]["household_id"] == "H1" and data["after"]["unserved"] == 0
    both = _run(["recommend", "--grid", "G1", "--community", "C1"])
    assert both.exit_code == 2
