"""`gridnet generate --months N`: every month's manifest is the exact truth of its tables,
the months move (gaps open and close), each month is valid input, and the events file
is valid workflow input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gridnet.cli import main
from gridnet.loaders.lookups import NoLookup
from gridnet.loaders.passes import validate
from gridnet.loaders.readers import open_dataset
from gridnet.loaders.synthetic.months import EVENTS_FILE
from gridnet.workflow import events_file

from .checker import compute_gaps
from .conftest import read_csv_dir

pytestmark = pytest.mark.unit

MONTHS = 3


@pytest.fixture(scope="module")
def moving(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("months")
    result = CliRunner().invoke(
        main,
        ["generate", "--seed", "3", "--scale", "0.1", "--months", str(MONTHS), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    return out


def _month(out: Path, k: int) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    folder = out / f"month-{k:02d}"
    _, rows = read_csv_dir(folder)
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8")), rows


def test_each_month_manifest_is_the_exact_truth(moving: Path) -> None:
    top = json.loads((moving / "manifest.json").read_text(encoding="utf-8"))
    assert [m["dir"] for m in top["months"]] == ["month-01", "month-02", "month-03"]
    found = []
    for k, month in enumerate(top["months"], start=1):
        manifest, rows = _month(moving, k)
        as_of = date.fromisoformat(month["as_of"])
        assert manifest["as_of"] == month["as_of"]
        assert compute_gaps(rows, as_of) == manifest["planted"], k
        found.append({f"{c}:{u}" for c, units in manifest["planted"].items() for u in units})
    # gaps open and close between months
    assert found[0] - found[1] and found[1] - found[0]
    assert found[1] - found[2] and found[2] - found[1]


def test_month_one_is_the_ordinary_city(moving: Path, tmp_path: Path) -> None:
    CliRunner().invoke(main, ["generate", "--seed", "3", "--scale", "0.1", "--out", str(tmp_path)])
    for table in ("households", "service_requests", "organisations"):
        assert (tmp_path / f"{table}.csv").read_bytes() == (
            moving / "month-01" / f"{table}.csv"
        ).read_bytes()


def test_months_are_valid_input_and_events_valid_files(moving: Path) -> None:
    for k in range(1, MONTHS + 1):
        with validate(open_dataset(moving / f"month-{k:02d}"), NoLookup()) as report:
            assert report.rejected_rows == 0, k
        events = events_file.read_events(moving / f"month-{k:02d}" / EVENTS_FILE, "t")
        assert all(e.on.isoformat() == _month(moving, k)[0]["as_of"] for e in events)


def test_case_states_tell_every_story(moving: Path) -> None:
    states = json.loads((moving / "manifest.json").read_text(encoding="utf-8"))["case_states"]
    assert set(states.values()) >= {"open", "assigned", "reported", "verified", "reopened"}
    # a case comes back after verification: reported, fixed, then there again
    again = [k for k, s in states.items() if s == "reopened" and k.startswith("request_overdue")]
    assert again


def test_same_seed_same_months(moving: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "generate",
            "--seed",
            "3",
            "--scale",
            "0.1",
            "--months",
            str(MONTHS),
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0
    for k in range(1, MONTHS + 1):
        for name in ("service_requests.csv", "service_ties.csv", EVENTS_FILE):
            a = (moving / f"month-{k:02d}" / name).read_bytes()
            assert a == (tmp_path / f"month-{k:02d}" / name).read_bytes(), (k, name)
