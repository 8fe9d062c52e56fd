"""The rectification workflow against the real Neo4j: snapshots, the state machine with
every reopen path, refused input, the audit trail, concurrency, the bulk import and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from gridnet.cli import main
from gridnet.db import Database
from gridnet.edge import Edge
from gridnet.queries import rollup
from gridnet.settings import Settings
from gridnet.workflow import cases, events_file, review, snapshot
from tests.explorer import fixture_city

D1, D2, D3, D4 = (dt.date(2024, 3, d) for d in (1, 8, 15, 22))
BRANCHLESS = "grid_without_branch:G-0004"
ORG = "O-CC-01"
ACTOR = "cli:tester"


def _count(db: Database, label: str) -> int:
    rows = db.read(f"MATCH (n:{label}) RETURN count(n) AS n")  # label from the test's own list
    return int(rows[0]["n"])


def _state(db: Database, case_id: str, today: dt.date = D1) -> str:
    return str(review.case(db, case_id, today=today)["state"])


def _fix_branch(db: Database) -> None:
    db.write(
        "MATCH (g:Grid {id: 'G-0004'}) "
        "CREATE (:Organization {id: 'O-GB-FIX', kind: 'grid_party_branch', name: '花园乡湾支部'})"
        "-[:COVERS]->(g)"
    )


def _break_branch(db: Database) -> None:
    db.write("MATCH (o:Organization {id: 'O-GB-FIX'}) DETACH DELETE o")


def test_snapshot_is_idempotent_and_opens_cases(city: Database) -> None:
    first = snapshot.take(city, D1, ACTOR, "first")
    assert first.created and first.findings > 0 and first.moved_cases
    again = snapshot.take(city, D1, ACTOR, "a different note")
    assert not again.created and again.id == first.id
    assert _count(city, "GapSnapshot") == 1
    assert _count(city, "GapFinding") == first.findings
    rows = review.list_cases(city, today=D1)
    assert len(rows) == first.findings
    assert {r["state"] for r in rows} == {"open"}
    case = review.case(city, BRANCHLESS, today=D1)
    assert case["grid_id"] == "G-0004" and case["community_id"] == "C3"
    assert case["first_seen"] == D1 and case["points"] == 5
    assert [e["action"] for e in case["history"]] == ["opened"]
    # codes come from the gap rules: every finding's code is a declared gap
    codes = {r["code"] for r in rows}
    assert "lighthouse_overloaded" in codes and "grid_without_branch" in codes


def _by_code(found: list[cases.Finding], code: str) -> set[str]:
    return {f.unit_id for f in found if f.code == code}


def test_snapshot_searches_where_the_rollups_say_and_finds_the_same(city: Database) -> None:
    day, later = fixture_city.AS_OF, fixture_city.AS_OF + dt.timedelta(days=31)
    assert rollup.flagged(city) is None  # never refreshed: the whole city is searched
    whole, whole_later = snapshot.findings(city, day), snapshot.findings(city, later)
    # the day matters to request_overdue: two more requests are overdue a month later
    assert _by_code(whole, "request_overdue") < _by_code(whole_later, "request_overdue")

    rollup.refresh(city, day)
    flags = rollup.flagged(city)
    assert flags is not None and flags.as_of == day
    grids = _count(city, "Grid")
    assert flags.grids["grid_without_branch"] == ["G-0004"] and grids > 1
    assert flags.communities["community_missing_org_types"]
    assert snapshot.findings(city, day) == whole
    # rollups of another day: the day's rules search everywhere, the others where flagged
    assert snapshot.findings(city, later) == whole_later

    # a write to the network (marked, as every write path marks it) is never missed
    _fix_branch(city)
    rollup.mark_stale(city)
    assert rollup.generation(city) is None and rollup.flagged(city) is None
    fixed = snapshot.findings(city, day)
    assert BRANCHLESS.split(":", 1)[1] not in _by_code(fixed, "grid_without_branch")
    rollup.refresh(city, day)
    again = rollup.flagged(city)
    assert again is not None and again.generation != flags.generation
    assert "grid_without_branch" not in again.grids
    assert snapshot.findings(city, day) == fixed


def _workflow_counts(db: Database) -> dict[str, int]:
    return {
        label: _count(db, label) for label in ("GapSnapshot", "GapFinding", "GapCase", "CaseEvent")
    }


def test_snapshot_in_small_batches_and_resumed_after_a_cut(city: Database) -> None:
    found = snapshot.findings(city, D1)
    assert len(found) > 6  # several batches of 3
    first = cases.record_snapshot(city, found, D1, ACTOR, batch=3)
    assert first.created and first.findings == len(found)
    whole = _workflow_counts(city)
    assert whole["GapFinding"] == len(found) and whole["CaseEvent"] == len(found)
    # the findings gone by D2 are verified, batch after batch
    _fix_branch(city)
    later = snapshot.findings(city, D2)
    gone = {f.key for f in found} - {f.key for f in later}
    assert BRANCHLESS in gone
    second = cases.record_snapshot(city, later, D2, ACTOR, batch=1)
    assert second.events == len(gone)
    assert _state(city, BRANCHLESS, D2) == "verified"
    after_second = _workflow_counts(city)
    # a run cut off while writing D2: its last findings missing, not marked complete
    city.write(
        "MATCH (s:GapSnapshot {id: $id}) SET s.complete = false "
        "WITH s MATCH (f:GapFinding)-[:IN_SNAPSHOT]->(s) "
        "WITH f ORDER BY f.id DESC LIMIT 2 DETACH DELETE f",
        {"id": second.id},
    )
    # readers skip the incomplete snapshot
    assert second.id not in {s["id"] for s in review.snapshots(city)}
    resumed = cases.record_snapshot(city, later, D2, ACTOR, batch=2)
    assert resumed.created and resumed.id == second.id and resumed.events == 0
    assert _workflow_counts(city) == after_second
    assert second.id in {s["id"] for s in review.snapshots(city)}
    # and once complete, the same findings and date write nothing
    assert not cases.record_snapshot(city, later, D2, ACTOR).created
    assert _workflow_counts(city) == after_second


def test_state_machine_with_every_reopen_path(city: Database) -> None:
    snapshot.take(city, D1, ACTOR)
    cases.assign(city, BRANCHLESS, ORG, D3, ACTOR, "建支部", today=D1)
    assert _state(city, BRANCHLESS) == "assigned"
    cases.report(city, BRANCHLESS, ORG, ACTOR, "O-CC-01 reports", today=D2)
    assert _state(city, BRANCHLESS) == "reported"
    # reported, but the next snapshot still shows it: reopened
    snapshot.take(city, D2, ACTOR)
    case = review.case(city, BRANCHLESS, today=D2)
    assert case["state"] == "reopened" and case["reopens"] == 1
    # assigned again, fixed for real, reported: verified by the next snapshot
    cases.assign(city, BRANCHLESS, ORG, D4, ACTOR, today=D2)
    _fix_branch(city)
    cases.report(city, BRANCHLESS, ORG, ACTOR, "支部已建", evidence="photo.jpg", today=D3)
    snapshot.take(city, D3, ACTOR)
    case = review.case(city, BRANCHLESS, today=D3)
    assert case["state"] == "verified" and case["verified_on"] == D3
    # comes back after verification: reopened again
    _break_branch(city)
    snapshot.take(city, D4, ACTOR)
    case = review.case(city, BRANCHLESS, today=D4)
    assert case["state"] == "reopened" and case["reopens"] == 2
    assert case["first_seen"] == D1 and case["last_seen"] == D4
    steps = [(e["action"], e["from_state"], e["to_state"]) for e in case["history"]]
    assert steps == [
        ("opened", None, "open"),
        ("assign", "open", "assigned"),
        ("report", "assigned", "reported"),
        ("reopened", "reported", "reopened"),
        ("assign", "reopened", "assigned"),
        ("report", "assigned", "reported"),
        ("verified", "reported", "verified"),
        ("reopened", "verified", "reopened"),
    ]
    assert {e["actor"] for e in case["history"]} == {ACTOR}


def test_open_case_gone_is_verified_and_older_snapshot_moves_nothing(city: Database) -> None:
    snapshot.take(city, D2, ACTOR)
    _fix_branch(city)
    older = snapshot.take(city, D1, ACTOR)
    assert older.created and not older.moved_cases
    assert _state(city, BRANCHLESS) == "open"
    snapshot.take(city, D3, ACTOR)
    assert _state(city, BRANCHLESS) == "verified"


def test_overdue_is_shown_and_filtered(city: Database) -> None:
    snapshot.take(city, D1, ACTOR)
    cases.assign(city, BRANCHLESS, ORG, D2, ACTOR, today=D1)
    assert _state(city, BRANCHLESS, today=D2) == "assigned"
    assert _state(city, BRANCHLESS, today=D3) == "overdue"
    late = review.list_cases(city, overdue=True, today=D3)
    assert [r["case_id"] for r in late] == [BRANCHLESS]
    assert review.list_cases(city, state="overdue", today=D3) == late
    assert review.list_cases(city, overdue=True, today=D1) == []


@pytest.mark.parametrize(
    ("case_id", "assignee", "due", "message"),
    [
        ("grid_without_branch:NOPE", ORG, D3, "unknown case"),
        (BRANCHLESS, "O-NOBODY", D3, "unknown organisation"),
        (BRANCHLESS, ORG, dt.date(2024, 2, 1), "is before"),
    ],
)
def test_bad_assignment_writes_nothing(
    city: Database, case_id: str, assignee: str, due: dt.date, message: str
) -> None:
    snapshot.take(city, D1, ACTOR)
    events = _count(city, "CaseEvent")
    with pytest.raises(cases.CaseError, match=message):
        cases.assign(city, case_id, assignee, due, ACTOR, today=D1)
    assert _count(city, "CaseEvent") == events
    assert _state(city, BRANCHLESS) == "open"


def test_report_by_someone_else_or_unassigned_writes_nothing(city: Database) -> None:
    snapshot.take(city, D1, ACTOR)
    with pytest.raises(cases.CaseError, match="not assigned"):
        cases.report(city, BRANCHLESS, ORG, ACTOR, today=D1)
    cases.assign(city, BRANCHLESS, ORG, D3, ACTOR, today=D1)
    events = _count(city, "CaseEvent")
    with pytest.raises(cases.CaseError, match="assigned to O-CC-01"):
        cases.report(city, BRANCHLESS, "O-X-01", ACTOR, today=D1)
    assert _count(city, "CaseEvent") == events
    assert _state(city, BRANCHLESS) == "assigned"


def test_two_reviewers_assign_at_once_one_wins(city: Database) -> None:
    snapshot.take(city, D1, ACTOR)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def reviewer(name: str, org: str) -> None:
        barrier.wait()
        try:
            cases.assign(city, BRANCHLESS, org, D3, f"web:{name}", today=D1)
            outcomes[name] = "won"
        except cases.CaseConflict as exc:
            outcomes[name] = f"told: {exc}"

    threads = [
        threading.Thread(target=reviewer, args=("li", ORG)),
        threading.Thread(target=reviewer, args=("wang", "O-X-01")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["told", "won"]
    winner = next(k for k, v in outcomes.items() if v == "won")
    history = review.history(city, BRANCHLESS)
    attempts = [(e["actor"], e["outcome"]) for e in history if e["action"] == "assign"]
    assert sorted(attempts) == sorted(
        [(f"web:{winner}", "applied"), (f"web:{({'li', 'wang'} - {winner}).pop()}", "refused")]
    )
    case = review.case(city, BRANCHLESS, today=D1)
    assert case["assignee"] == {"li": ORG, "wang": "O-X-01"}[winner]


def test_events_are_never_changed(city: Database) -> None:
    snapshot.take(city, D1, ACTOR)
    cases.assign(city, BRANCHLESS, ORG, D3, ACTOR, today=D1)
    query = "MATCH (e:CaseEvent) RETURN e.id AS id, properties(e) AS p ORDER BY id"
    before = {r["id"]: r["p"] for r in city.read(query)}
    cases.report(city, BRANCHLESS, ORG, ACTOR, today=D2)
    snapshot.take(city, D2, ACTOR)
    _fix_branch(city)
    snapshot.take(city, D3, ACTOR)
    after = {r["id"]: r["p"] for r in city.read(query)}
    assert len(after) > len(before)
    assert {k: after[k] for k in before} == before


def _csv(path: Path, text: str, bom: bool = True) -> Path:
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


def test_import_applies_all_or_nothing(city: Database, tmp_path: Path) -> None:
    snapshot.take(city, D1, ACTOR)
    other = next(
        r["case_id"] for r in review.list_cases(city, today=D1) if r["case_id"] != BRANCHLESS
    )
    bad = _csv(
        tmp_path / "bad.csv",
        "case_id,action,on,assignee,due,by,note\n"
        f"{BRANCHLESS},assign,2024-03-01,{ORG},2024-03-20,,ok\n"
        f"{other},assign,2024-03-01,O-NOBODY,2024-03-20,,\n"
        f"{BRANCHLESS},report,2024-03-05,,,O-X-01,wrong reporter\n",
    )
    parsed = events_file.read_events(bad, ACTOR)
    events = _count(city, "CaseEvent")
    with pytest.raises(cases.CaseError) as err:
        cases.apply_events(city, parsed)
    message = str(err.value)
    assert "bad.csv: row 3, column assignee: unknown organisation" in message
    assert "bad.csv: row 4, column by:" in message
    assert _count(city, "CaseEvent") == events
    assert _state(city, BRANCHLESS) == "open"

    good = _csv(
        tmp_path / "good.csv",
        "case_id,action,on,assignee,due,by,note,actor\n"
        f"{BRANCHLESS},交办,2024-03-01,{ORG},2024-03-20,,,system:old\n"
        f"{BRANCHLESS},report,2024-03-05,,,{ORG},done,\n",
    )
    assert cases.apply_events(city, events_file.read_events(good, ACTOR)) == 2
    history = review.history(city, BRANCHLESS)
    assert [(e["action"], e["actor"], e["on"]) for e in history[1:]] == [
        ("assign", "system:old", D1),
        ("report", ACTOR, dt.date(2024, 3, 5)),
    ]


def test_cli_list_json_and_errors(city: Database, neo4j_settings: Settings) -> None:
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(main, list(args), obj=Edge(neo4j_settings))
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = run("snapshot", "--as-of", "2024-03-01", "--note", "月初")
    assert code == 0 and "findings" in out
    code, out, _ = run("snapshot", "--as-of", "2024-03-01")
    assert code == 0 and "nothing new" in out
    code, out, _ = run("cases", "list", "--format", "json", "--community", "C3")
    rows = json.loads(out)
    keys = {
        "case_id",
        "code",
        "unit_id",
        "grid_id",
        "state",
        "assignee",
        "due",
        "first_seen",
        "last_seen",
    }
    assert rows and all(keys <= set(r) for r in rows)
    assert BRANCHLESS in {r["case_id"] for r in rows}
    code, _, err = run("cases", "assign", BRANCHLESS, "--to", ORG, "--due", "2000-01-01")
    assert code == 2 and "is before" in err
    code, _, err = run("cases", "assign", "x:y", "--to", ORG, "--due", "2099-01-01")
    assert code == 2 and "unknown case" in err
    code, out, _ = run("cases", "assign", BRANCHLESS, "--to", ORG, "--due", "2099-01-01")
    assert code == 0
    code, _, err = run("cases", "assign", BRANCHLESS, "--to", ORG, "--due", "2099-01-01")
    assert code == 1 and "already" in err
    code, out, _ = run("cases", "history", BRANCHLESS, "--format", "json")
    assert [e["outcome"] for e in json.loads(out)] == ["applied", "applied", "refused"]
    code, out, _ = run("cases", "show", BRANCHLESS)
    assert code == 0 and "已交办 assigned" in out


def test_trends_catalog_query_and_change_since_last_snapshot(city: Database) -> None:
    from gridnet.queries import catalog

    assert review.since_last_snapshot(city) is None
    snapshot.take(city, D1, ACTOR)
    cases.assign(city, BRANCHLESS, ORG, D4, ACTOR, today=D1)
    cases.report(city, BRANCHLESS, ORG, ACTOR, today=D1)
    snapshot.take(city, D2, ACTOR)  # still there: reopened
    _fix_branch(city)
    snapshot.take(city, D3, ACTOR)  # gone: verified after 14 days
    rows = catalog.rows(city, "case_trends", {"community": "C3", "code": "grid_without_branch"})
    by_period = {r["period"]: r for r in rows}
    assert sorted(by_period) == [D1, D2, D3]
    assert (by_period[D1]["open_cases"], by_period[D1]["new_cases"]) == (1, 1)
    assert (by_period[D2]["reopened"], by_period[D2]["reopen_rate"]) == (1, 1.0)
    assert by_period[D3]["open_cases"] == 0 and by_period[D3]["closed_cases"] == 1
    assert by_period[D3]["median_days_to_verification"] == 14
    change = review.since_last_snapshot(city)
    assert change is not None and change["as_of"] == D3 and change["previous"] == D2
    assert change["by_code"]["grid_without_branch"] == (0, -1) and change["change"] < 0
