"""The supervision list 督办单: open and overdue cases of a community, as xlsx and HTML."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gridnet.cli import main
from gridnet.db import Database
from gridnet.edge import Edge
from gridnet.errors import GridnetError
from gridnet.settings import Settings
from gridnet.workflow import cases, review, sheet, snapshot

D1, D2, D3 = dt.date(2024, 3, 1), dt.date(2024, 3, 8), dt.date(2024, 3, 15)
BRANCHLESS = "grid_without_branch:G-0004"
ORG = "O-CC-01"
EVIL = "<script>alert(1)</script>委员会"


def _assigned(city: Database) -> None:
    city.write("MATCH (o:Organization {id: $id}) SET o.name = $name", {"id": ORG, "name": EVIL})
    snapshot.take(city, D1, "cli:t")
    cases.assign(city, BRANCHLESS, ORG, D2, "cli:t", today=D1)


def test_sheet_lists_open_cases_overdue_first(city: Database) -> None:
    _assigned(city)
    s = sheet.sheet(city, "C3", today=D3)
    expected = {r["case_id"] for r in review.list_cases(city, community="C3")}
    assert {r["case_id"] for r in s.rows} == expected
    assert s.rows[0]["case_id"] == BRANCHLESS and s.rows[0]["days_overdue"] == 7
    assert s.overdue == 1
    with pytest.raises(GridnetError, match="unknown community"):
        sheet.sheet(city, "NOPE", today=D3)


def test_xlsx_has_chinese_headers_and_every_case(city: Database) -> None:
    _assigned(city)
    s = sheet.sheet(city, "C3", today=D3)
    ws = load_workbook(io.BytesIO(sheet.to_xlsx(s))).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert "督办单" in str(rows[0][0])
    assert list(rows[2]) == [c.zh for c in sheet.COLUMNS]
    first = dict(zip(rows[2], rows[3], strict=True))
    assert first["督办编号"] == BRANCHLESS and first["状态"] == "逾期"
    assert first["承办单位"] == f"{EVIL}（{ORG}）" and first["逾期天数"] == 7
    assert len(rows) == 3 + len(s.rows)


def test_html_is_printable_and_escaped(city: Database) -> None:
    _assigned(city)
    page = sheet.to_html(sheet.sheet(city, "C3", today=D3))
    assert "@media print" in page and "@page" in page and "<th>整改期限</th>" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'class="overdue"' in page and BRANCHLESS in page


def test_cli_writes_the_sheet(city: Database, neo4j_settings: Settings, tmp_path: Path) -> None:
    _assigned(city)
    out = tmp_path / "督办单.xlsx"
    args = ["cases", "sheet", "--community", "C3", "--out", str(out), "--today", "2024-03-15"]
    result = CliRunner().invoke(main, args, obj=Edge(neo4j_settings))
    assert result.exit_code == 0, result.output
    assert "1 overdue" in result.stdout and out.stat().st_size > 0
    html = tmp_path / "s.html"
    result = CliRunner().invoke(
        main,
        ["cases", "sheet", "--community", "C3", "--format", "html", "--out", str(html)],
        obj=Edge(neo4j_settings),
    )
    assert result.exit_code == 0 and html.read_text(encoding="utf-8").startswith("<!DOCTYPE")
