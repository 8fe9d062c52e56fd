"""The workflow's database-free parts: the events file, hashes, states, append-only Cypher."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gridnet.queries import rollup
from gridnet.settings import REPO_ROOT
from gridnet.workflow import cases, events_file, snapshot

pytestmark = pytest.mark.unit


def test_snapshot_hash_ignores_order_and_sees_dates() -> None:
    a = cases.Finding("grid_without_branch", "G-1", "G-1", "C1", 5.0)
    b = cases.Finding("household_unserved", "H-1", "G-1", "C1", 0.1)
    day = dt.date(2024, 3, 1)
    assert cases.snapshot_hash(day, [a, b]) == cases.snapshot_hash(day, [b, a])
    assert cases.snapshot_hash(day, [a]) != cases.snapshot_hash(day + dt.timedelta(1), [a])
    assert a.key == "grid_without_branch:G-1"


def test_effective_state() -> None:
    day = dt.date(2024, 3, 1)
    assert cases.effective_state("assigned", day, day) == "assigned"
    assert cases.effective_state("assigned", day, day + dt.timedelta(1)) == "overdue"
    assert cases.effective_state("reported", day, day + dt.timedelta(1)) == "reported"


def test_events_file_names_rows_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "\ufeffcase_id,action,on,assignee,due,by\n"
        "a:1,assign,2024-03-01,O-1,2024-13-01,\n"
        ",report,,,,\n"
        "a:2,close,,,,\n"
        "a:3,report,2024-03-02,,,O-1\n",
        encoding="utf-8",
    )
    with pytest.raises(cases.CaseError) as err:
        events_file.read_events(path, "cli:x")
    lines = str(err.value).splitlines()
    assert "events.csv: row 2, column due: '2024-13-01' is not a date (YYYY-MM-DD)" in lines
    assert "events.csv: row 3, column case_id: empty" in lines
    assert any(line.startswith("events.csv: row 3, column by:") for line in lines)
    assert any(line.startswith("events.csv: row 4, column action:") for line in lines)
    assert not any("row 5" in line for line in lines)


def test_events_file_header_and_defaults(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("case,action\n", encoding="utf-8")
    with pytest.raises(cases.CaseError, match="row 1: unknown column"):
        events_file.read_events(bad, "cli:x")
    good = tmp_path / "good.csv"
    good.write_text("case_id,action,by,note\na:1,报整改,O-1,好了\n", encoding="utf-8")
    (ev,) = events_file.read_events(good, "cli:x", today=dt.date(2024, 3, 1))
    assert (ev.action, ev.by, ev.on, ev.actor, ev.where) == (
        "report",
        "O-1",
        dt.date(2024, 3, 1),
        "cli:x",
        "good.csv: row 2",
    )


def _project_files() -> list[Path]:
    skip = {".venv", ".git", "build", "node_modules", ".gridnet", "data"}
    return [
        p
        for p in REPO_ROOT.rglob("*")
        if p.suffix in {".py", ".cypher"}
        and not skip & set(p.relative_to(REPO_ROOT).parts)
        and "tests" not in p.relative_to(REPO_ROOT).parts
    ]


_CLAUSE = re.compile(
    r"\b(MATCH|OPTIONAL|WITH|RETURN|CREATE|UNWIND|CALL|WHERE|ORDER|ON CREATE|ON MATCH)\b|[{}]"
)


def _changed_variables(statement: str) -> set[str]:
    """Variables whose properties a statement sets or removes, or that it deletes or merges."""
    found: set[str] = set()
    for m in re.finditer(r"\b(SET|REMOVE|DELETE)\b", statement):
        rest = statement[m.end() :]
        end = _CLAUSE.search(rest)
        clause = rest[: end.start()] if end else rest
        if m.group(1) == "DELETE":
            found |= set(re.findall(r"\b(\w+)\b", clause))
        else:
            found |= set(re.findall(r"\b(\w+)\s*(?:\.|:|\+=|=)", clause))
    found |= set(re.findall(r"MERGE\s*\(\s*(\w+)\s*:CaseEvent", statement))
    return found


def test_no_code_path_updates_or_deletes_an_event() -> None:
    """CaseEvent is only ever CREATEd: no statement sets, removes, deletes or merges one."""
    found = []
    for path in _project_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        if "CaseEvent" not in text:
            continue
        code = "\n".join(line.split("//")[0] for line in text.splitlines())
        # a variable name is per statement: check in the blocks that bind it to CaseEvent
        for block in re.split(r"\n\s*\n", code):
            event_vars = set(re.findall(r"\((\w+):CaseEvent", block))
            if event_vars & _changed_variables(block):
                found.append(f"{path.relative_to(REPO_ROOT)}: {block.strip()[:80]}")
    assert found == []
    writer = REPO_ROOT / "workflow" / "cases.cypher"
    assert "CREATE (e:CaseEvent" in writer.read_text(encoding="utf-8")


def test_the_append_only_check_sees_a_change() -> None:
    assert "e" in _changed_variables("MATCH (e:CaseEvent) SET e.note = 'x'")
    assert "e" in _changed_variables("MATCH (e:CaseEvent) DETACH DELETE e")
    assert "e" in _changed_variables("MATCH (e:CaseEvent)\nREMOVE e.note")
    assert "e" not in _changed_variables("MATCH (e:CaseEvent) WHERE e.outcome = 'x' RETURN e")


def test_a_snapshot_searches_where_rollups_flag_and_the_day_allows() -> None:
    day = dt.date(2024, 3, 1)
    flags = rollup.Flags(
        generation=4,
        as_of=day,
        grids={"grid_without_branch": ["G-1"], "request_overdue": ["G-2"]},
        communities={"community_missing_org_types": ["C1"]},
    )
    later = day + dt.timedelta(days=1)
    assert snapshot._within(None, "grid_without_branch", day) is None
    assert snapshot._within(flags, "grid_without_branch", later) == ["G-1"]
    assert snapshot._within(flags, "household_unserved", later) == []  # flagged nowhere
    assert snapshot._within(flags, "request_overdue", day) == ["G-2"]
    assert snapshot._within(flags, "request_overdue", later) is None  # reads the day
    assert snapshot._within(flags, "community_missing_org_types", later) == ["C1"]
