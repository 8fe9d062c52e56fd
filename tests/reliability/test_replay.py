"""`gridnet replay`: generated months replayed end in the manifest's case states exactly,
an interrupted replay resumes to the same graph, and a second replay changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gridnet.cli import main
from gridnet.db import Database
from gridnet.edge import Edge
from gridnet.settings import Settings
from gridnet.workflow import replay, review

from .conftest import generate_city

MONTHS = 3
ACTOR = "cli:replay-test"
COUNTED = ("GapSnapshot", "GapFinding", "GapCase", "CaseEvent", "CaseImport", "Organization")


def _counts(db: Database) -> dict[str, int]:
    # labels from the test's own list above
    return {label: db.read(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"] for label in COUNTED}


def test_replay_ends_in_the_manifest_states_and_resumes(
    empty_graph: Settings, database: Database, tmp_path: Path
) -> None:
    folder = generate_city(tmp_path / "months", scale=0.05, months=MONTHS)
    truth = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["case_states"]
    assert set(truth.values()) >= {"open", "assigned", "reported", "verified", "reopened"}

    # interrupted after two months ...
    first = replay.replay(database, folder, ACTOR, stop_after=2)
    assert [r.done_before for r in first] == [False, False]
    assert _counts(database)["GapSnapshot"] == 2
    # ... and run again through the CLI: the two months are skipped, the third replayed
    result = CliRunner().invoke(main, ["replay", str(folder)], obj=Edge(empty_graph))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("skipped") == 2 and "month-03" in result.stdout

    stored = {r["case_id"]: r["stored_state"] for r in review.list_cases(database)}
    assert stored == truth
    snapshots = review.snapshots(database)
    assert sorted(str(s["as_of"]) for s in snapshots) == [
        m["as_of"]
        for m in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["months"]
    ]
    counts = _counts(database)
    assert counts["CaseImport"] == MONTHS

    again = replay.replay(database, folder, ACTOR)
    assert all(r.done_before for r in again)
    assert _counts(database) == counts
    assert {r["case_id"]: r["stored_state"] for r in review.list_cases(database)} == truth


def test_replay_of_a_folder_that_is_not_months(empty_graph: Settings, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["replay", str(tmp_path)], obj=Edge(empty_graph))
    assert result.exit_code != 0
    assert "not a folder written by `gridnet generate --months N`" in result.stderr
