"""``gridnet snapshot`` and ``gridnet cases ...``: the rectification workflow on the CLI.

The operator (`access_log.cli_actor`) is the actor of every change; the changes
themselves are made by `gridnet.workflow.cases`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import click

from gridnet.access_log import cli_actor
from gridnet.edge import Edge, pass_edge
from gridnet.graph.model import CASE_STATES
from gridnet.queries import rollup
from gridnet.queries.gap_rules import GAP_CODES
from gridnet.queries.rollup_commands import report_refresh
from gridnet.workflow import cases, events_file, replay, review, sheet, snapshot

__all__ = ["cases_group", "replay_cmd", "snapshot_cmd"]

_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
_TODAY = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The day the change happens (default: today).",
)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _json(data: Any) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return review.json_value(value)

    return json.dumps(plain(data), ensure_ascii=False, indent=2)


@click.command("snapshot")
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date (default today)."
)
@click.option("--note", default="", help="A note kept with the snapshot.")
@pass_edge
def snapshot_cmd(edge: Edge, as_of: dt.datetime | None, note: str) -> None:
    """Record today's (or --as-of) gap findings and move the cases 缺口快照; then refresh
    the gap report's rollups for that day unless they are (a daily snapshot keeps the
    report fast)."""
    day = _day(as_of) or dt.date.today()
    db = edge.database()
    started = time.perf_counter()
    result = snapshot.take(db, day, cli_actor(), note)
    took = f" in {time.perf_counter() - started:.1f} s"
    if result.created:
        click.echo(
            f"snapshot {result.id}: {result.findings} findings 缺口, "
            f"{result.events} case changes 督办变化{took}"
            + ("" if result.moved_cases else " (older than the latest snapshot: no case moved)")
        )
    else:
        click.echo(
            f"snapshot {result.id} already records these findings 已有相同快照; nothing new{took}"
        )
    if rollup.fresh_day(db) != day:
        click.echo(report_refresh(rollup.refresh(db, day)))


@click.command("replay")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@pass_edge
def replay_cmd(edge: Edge, folder: Path) -> None:
    """Load, snapshot and import each month of FOLDER (`gridnet generate --months N`) in order.

    Run it again after an interruption: months done are skipped, the rest resume.
    """

    def say(r: replay.MonthResult) -> None:
        if r.done_before:
            click.echo(f"{r.month.name} ({r.month.as_of}): replayed already 已完成; skipped")
        else:
            click.echo(
                f"{r.month.name} ({r.month.as_of}): {r.findings} findings 缺口, "
                f"{r.case_changes} case changes 督办变化, {r.events} events imported 导入"
            )

    replay.replay(edge.database(), folder, cli_actor(), on_month=say)


@click.group("cases")
def cases_group() -> None:
    """Supervision cases 督办: list, show, assign, report, history, import."""


@cases_group.command("list")
@click.option("--community", default=None)
@click.option("--code", type=click.Choice(GAP_CODES), default=None)
@click.option("--state", type=click.Choice(list(CASE_STATES)), default=None)
@click.option("--assignee", default=None)
@click.option("--overdue", is_flag=True, help="Only cases past their due date 逾期.")
@_FORMAT
@pass_edge
def list_cmd(
    edge: Edge,
    community: str | None,
    code: str | None,
    state: str | None,
    assignee: str | None,
    overdue: bool,
    fmt: str,
) -> None:
    """The cases, filtered; one object per case with --format json."""
    rows = review.list_cases(edge.database(), community, code, state, None, assignee, overdue)
    if fmt == "json":
        click.echo(_json(rows))
        return
    for r in rows:
        due = review.json_value(r["due"]) or "-"
        click.echo(
            f"{r['case_id']}\t{review.state_label(r['state'])}\t{r['grid_id'] or '-'}\t"
            f"{r['assignee'] or '-'}\t{due}"
        )
    click.echo(f"{len(rows)} case(s) 督办事项", err=True)


@cases_group.command("show")
@click.argument("case_id")
@_FORMAT
@pass_edge
def show_cmd(edge: Edge, case_id: str, fmt: str) -> None:
    """One case and its history."""
    data = review.case(edge.database(), case_id)
    if fmt == "json":
        click.echo(_json(data))
        return
    for key in (
        "case_id",
        "code",
        "unit_id",
        "grid_id",
        "community_id",
        "assignee",
        "due",
        "first_seen",
        "last_seen",
        "reopens",
    ):
        click.echo(f"{key}: {review.json_value(data[key])}")
    click.echo(f"state: {review.state_label(data['state'])}")
    _print_history(data["history"])


def _print_history(events: list[dict[str, Any]]) -> None:
    for e in events:
        click.echo(
            f"{review.json_value(e['on'])}\t{e['actor']}\t{e['action']}\t{e['outcome']}\t"
            f"{e['from_state'] or '-'} -> {e['to_state'] or '-'}\t{e['note'] or ''}"
        )


@cases_group.command("history")
@click.argument("case_id")
@_FORMAT
@pass_edge
def history_cmd(edge: Edge, case_id: str, fmt: str) -> None:
    """The audit trail of a case, oldest first."""
    database = edge.database()
    review.case(database, case_id)  # unknown case: a clear error
    events = review.history(database, case_id)
    if fmt == "json":
        click.echo(_json(events))
    else:
        _print_history(events)


@cases_group.command("assign")
@click.argument("case_id")
@click.option("--to", "assignee", required=True, help="Organisation or person id 承办单位/人.")
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Due date 整改期限.")
@click.option("--note", default="")
@click.option("--reassign", is_flag=True, help="Allow assigning a case assigned already.")
@_TODAY
@pass_edge
def assign_cmd(
    edge: Edge,
    case_id: str,
    assignee: str,
    due: dt.datetime,
    note: str,
    reassign: bool,
    today: dt.datetime | None,
) -> None:
    """Assign a case 交办 to an organisation or person, with a due date."""
    cases.assign(
        edge.database(), case_id, assignee, due.date(), cli_actor(), note, _day(today), reassign
    )
    click.echo(f"{case_id}: 已交办 assigned to {assignee}, due {due.date().isoformat()}")


@cases_group.command("report")
@click.argument("case_id")
@click.option("--by", required=True, help="The assignee reporting (organisation or person id).")
@click.option("--note", default="")
@click.option("--evidence", type=click.Path(exists=True, dir_okay=False), default=None)
@_TODAY
@pass_edge
def report_cmd(
    edge: Edge,
    case_id: str,
    by: str,
    note: str,
    evidence: str | None,
    today: dt.datetime | None,
) -> None:
    """Report a case rectified 报整改 (verified by the next snapshot)."""
    cases.report(edge.database(), case_id, by, cli_actor(), note, evidence, _day(today))
    click.echo(f"{case_id}: 已报整改 reported; the next snapshot verifies it")


@cases_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_edge
def import_cmd(edge: Edge, file: Path) -> None:
    """Apply a file of workflow events, all or none (see workflow/events_file.py)."""
    actor = cli_actor()
    events = events_file.read_events(file, actor)
    database, digest = edge.database(), events_file.digest(file)
    if review.imported(database, digest):
        click.echo(f"{file.name}: imported already 已导入过; nothing applied")
        return
    count = cases.apply_events(database, events, digest, file.name, actor)
    click.echo(f"{file.name}: {count} event(s) applied 已导入")


@cases_group.command("sheet")
@click.option("--community", required=True, help="Community or village id 社区/村.")
@click.option(
    "--format", "fmt", type=click.Choice(sheet.FORMATS), default="xlsx", show_default=True
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write."
)
@_TODAY
@pass_edge
def sheet_cmd(edge: Edge, community: str, fmt: str, out: Path, today: dt.datetime | None) -> None:
    """The supervision list 督办单 of a community: open and overdue cases (xlsx, or HTML)."""
    found = sheet.sheet(edge.database(), community, _day(today))
    out.write_bytes(sheet.render(found, fmt))
    click.echo(f"{out}: {len(found.rows)} case(s) 未销号, {found.overdue} overdue 逾期")
