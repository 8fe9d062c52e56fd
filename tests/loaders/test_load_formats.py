"""The same data as GBK CSV, UTF-8-BOM CSV, Excel and JSON loads to the same graph."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from loadhelp import EXAMPLE_CSV, EXAMPLE_XLSX, copy_examples, load, node, read_rows, snapshot

from gridnet.loaders.readers import open_dataset
from gridnet.loaders.tables import TABLES, load_order
from gridnet.loaders.values import parse_value


def _reencode(tmp_path, encoding):
    folder = tmp_path / encoding
    folder.mkdir()
    for path in EXAMPLE_CSV.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return folder


def _json_rows(table):
    """Rows with native JSON types where the column has them."""
    out = []
    for row in read_rows(EXAMPLE_CSV / f"{table.name}.csv"):
        item = {}
        for name, text in row.items():
            col = table.column(name)
            if text == "":
                item[name] = None
            elif col.type in ("int", "float", "bool"):
                item[name] = parse_value(table.name, col, text)
            elif col.type == "list":
                item[name] = text.split(";")
            else:
                item[name] = text
        out.append(item)
    return out


def test_all_formats_load_the_same_graph(graph, tmp_path):
    load(EXAMPLE_CSV, graph)
    expected = snapshot(graph)

    gbk = _reencode(tmp_path, "gbk")
    bom = _reencode(tmp_path, "utf-8-sig")
    json_file = tmp_path / "city.json"
    json_file.write_text(
        json.dumps({t.name: _json_rows(t) for t in load_order()}, ensure_ascii=False),
        encoding="utf-8",
    )
    json_dir = tmp_path / "jsondir"
    json_dir.mkdir()
    for table in load_order():
        (json_dir / f"{table.name}.json").write_text(
            json.dumps(_json_rows(table), ensure_ascii=False), encoding="utf-8"
        )

    datasets = {
        "gbk": gbk,
        "bom": bom,
        "xlsx": EXAMPLE_XLSX,
        "json": json_file,
        "jsondir": json_dir,
    }
    for source in open_dataset(gbk).sources.values():
        ascii_only = source.file.read_bytes().isascii()  # plain ASCII is valid UTF-8 too
        assert source.encoding == ("utf-8-sig" if ascii_only else "gb18030"), source.file
    assert {s.encoding for s in open_dataset(bom).sources.values()} == {"utf-8-sig"}
    for name, path in datasets.items():
        with graph.session() as s:
            s.run("MATCH (n) WHERE NOT n:Role DETACH DELETE n").consume()
        result = load(path, graph)
        assert result.report.rejected_rows == 0, (name, result.report.problems[:3])
        assert result.report.warnings == [], name
        assert snapshot(graph) == expected, name


@pytest.mark.unit
def test_workbook_matches_the_csv_examples():
    wb = openpyxl.load_workbook(EXAMPLE_XLSX, read_only=True)
    assert wb.sheetnames == [t.name for t in load_order()]
    for table in load_order():
        sheet = list(wb[table.name].iter_rows(values_only=True))
        rows = read_rows(EXAMPLE_CSV / f"{table.name}.csv")
        assert list(sheet[0]) == list(rows[0])
        assert len(sheet) - 1 == len(rows)
        for cells, row in zip(sheet[1:], rows, strict=True):
            for cell, (name, text) in zip(cells, row.items(), strict=True):
                col = TABLES[table.name].column(name)
                if not text:
                    assert cell is None
                    continue
                value = parse_value(table.name, col, text)
                if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                    cell = cell.date()  # Excel stores dates as date-times
                assert parse_value(table.name, col, cell, excel=True) == value


def test_chinese_headers_and_table_names(graph, tmp_path):
    folder = tmp_path / "zh"
    folder.mkdir()
    (folder / "行政区域.csv").write_text(
        "编号,名称,层级,上级区域\nX1,某市,市,\nX2,某区,县市区,X1\n", encoding="utf-8-sig"
    )
    (folder / "网格.csv").write_text(
        "编号,名称,所属社区/村,网格类型\nGX,某网格,X3,乡湾\n", encoding="gbk"
    )
    (folder / "areas.json").write_text("[]", encoding="utf-8")
    with pytest.raises(Exception, match="given twice"):
        open_dataset(folder)
    (folder / "areas.json").unlink()
    with (folder / "行政区域.csv").open("a", encoding="utf-8") as fh:
        fh.write("X3,某村,村,X2\n")
    result = load(folder, graph)
    problems = [str(p) for p in result.report.problems]
    # a village's parent must be a street: X3 and the grid in it are rejected.
    assert len(problems) == 2 and "must be a street" in problems[0]
    assert node(graph, "X2")["level"] == "district"


def test_geojson_boundary_becomes_wkt(graph, tmp_path):
    polygon = {
        "type": "Polygon",
        "coordinates": [[[113.9, 30.9], [114.0, 30.9], [114.0, 31.0], [113.9, 30.9]]],
    }
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            {
                "areas": [
                    {"id": "C1", "name": "城", "level": "city", "boundary": polygon},
                    {"id": "C2", "name": "城二", "level": "city", "boundary": json.dumps(polygon)},
                ]
            }
        ),
        encoding="utf-8",
    )
    load(path, graph)
    wkt = "POLYGON ((113.9 30.9, 114.0 30.9, 114.0 31.0, 113.9 30.9))"
    assert node(graph, "C1")["boundary"] == wkt
    assert node(graph, "C2")["boundary"] == wkt


@pytest.mark.unit
def test_gridnet_manifests_beside_the_tables_are_not_warned_about(tmp_path: Path) -> None:
    """The generator's manifest.json and the exporter's export.json sit in the folders
    users load; only files gridnet did not write get a warning."""
    city = copy_examples(tmp_path)
    for name in ("manifest.json", "export.json", "notes.json"):
        (city / name).write_text("{}", encoding="utf-8")
    warnings = open_dataset(city).warnings
    assert warnings == ["notes.json: not a known table name; ignored"]
