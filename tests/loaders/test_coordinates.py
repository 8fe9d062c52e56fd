"""Coordinates of buildings, households and platforms: swapped, outside China, outside the grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from loadhelp import copy_examples, read_rows, write_rows

from gridnet.loaders.passes import validate
from gridnet.loaders.readers import open_dataset

pytestmark = pytest.mark.unit

# G-0001's boundary in the example city: lon 113.910-113.916, lat 30.920-30.926.
INSIDE = ("30.9230", "113.9130")


def _set_points(city: Path, table: str, points: dict[str, tuple[str, str]]) -> None:
    path = city / f"{table}.csv"
    rows = read_rows(path)
    columns = list(rows[0])
    for extra in ("lat", "lon"):
        if extra not in columns:
            columns.append(extra)
    for row in rows:
        lat, lon = points.get(row["id"], ("", ""))
        row.setdefault("lat", lat)
        row.setdefault("lon", lon)
        if row["id"] in points:
            row["lat"], row["lon"] = lat, lon
    write_rows(path, rows, columns=columns)


def _problems(city: Path) -> tuple[list[str], list[str]]:
    with validate(open_dataset(city)) as report:
        return [str(p) for p in report.problems], list(report.warnings)


def test_a_point_inside_its_grid_loads_quietly(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    _set_points(city, "buildings", {"B-000001": INSIDE})
    problems, warned = _problems(city)
    assert problems == []
    assert not [w for w in warned if "boundary" in w]


def test_swapped_lat_lon_is_refused_saying_so(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    _set_points(city, "buildings", {"B-000001": ("113.9130", "30.9230")})
    problems, _ = _problems(city)
    swapped = [p for p in problems if p.startswith("buildings.csv, row 2")]
    assert len(swapped) == 1
    assert "look swapped" in swapped[0] and "纬度经度填反" in swapped[0]
    assert "column lat" in swapped[0]


def test_a_point_outside_china_is_refused(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    _set_points(city, "platforms", {"PF-0001": ("48.8566", "2.3522")})
    problems, _ = _problems(city)
    assert any("platforms.csv, row 2" in p and "outside China" in p for p in problems)


def test_half_a_point_is_refused(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    _set_points(city, "households", {"H-0000002": ("30.9230", "")})
    problems, _ = _problems(city)
    assert any("households.csv, row 3" in p and "give both lat" in p for p in problems)


def test_a_point_outside_its_grid_boundary_is_warned_with_row_and_column(tmp_path: Path) -> None:
    city = copy_examples(tmp_path)
    _set_points(city, "buildings", {"B-000002": ("30.9400", "113.9400")})
    _set_points(city, "households", {"H-0000003": ("30.9400", "113.9130")})
    problems, warned = _problems(city)
    assert problems == []
    outside = [w for w in warned if "outside the boundary" in w]
    assert len(outside) == 2
    assert outside[0].startswith("buildings.csv, row 3, column lat")
    assert "grid 'G-0001'" in outside[0] and "坐标在网格边界外" in outside[0]
    assert outside[1].startswith("households.csv, row 4, column lat")
