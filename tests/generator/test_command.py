"""`gridnet generate` end to end, and the project's own validator on the output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gridnet.cli import main
from gridnet.loaders.passes import validate
from gridnet.loaders.readers import open_dataset

pytestmark = pytest.mark.unit


def test_cli_generate(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    result = CliRunner().invoke(
        main,
        [
            "generate",
            "--preset",
            "xiaogan",
            "--seed",
            "5",
            "--out",
            str(out),
            "--scale",
            "0.1",
            "--quiet",
            "--as-of",
            "2026-01-15",
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 5 and manifest["as_of"] == "2026-01-15"
    assert "planted:" in result.output
    assert (out / "households.csv").exists()


def test_cli_rejects_bad_input(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["generate", "--out", str(tmp_path), "--scale", "0"])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["generate", "--out", str(tmp_path), "--as-of", "June"])
    assert r.exit_code == 2


def test_loader_validator_accepts_everything(scale1: dict[str, Any]) -> None:
    report = validate(open_dataset(scale1["dir"]))
    assert report.rejected_rows == 0, report.problems[:5]
    assert report.rows == sum(scale1["manifest"]["counts"].values())
