"""CLI: ``gridnet refresh`` and ``gridnet check``: the gap report's rollups.

``refresh`` recomputes every grid's report row (`rollup.refresh`); ``check``
recomputes them live and names every field that differs from the stored rollups
(`rollup.drift`), exiting 1 on any drift (``--fix`` refreshes afterwards).
"""

from __future__ import annotations

import datetime as dt

import click

from gridnet.edge import Edge, pass_edge
from gridnet.errors import CommandFailed
from gridnet.queries import rollup
from gridnet.queries.gap_rules import MAX_SERVED

__all__ = ["check_cmd", "refresh_cmd", "report_refresh"]

# How many drifting fields `check` lists before it only counts them.
_SHOWN = 50


def report_refresh(done: rollup.Refreshed) -> str:
    """One line saying what a refresh did."""
    state = "fresh 已更新" if done.fresh else "left stale: the network was written meanwhile 仍过期"
    return (
        f"gap report rollups 缺口汇总: {done.grids} grid(s) for {done.as_of.isoformat()} "
        f"(max_served {done.max_served}) in {done.seconds:.1f} s, {done.pruned} pruned; {state}"
    )


@click.command("refresh")
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help=(
        "The day the rows are computed for (default: the data's latest request date, "
        "the day the explorer opens on)."
    ),
)
@click.option(
    "--max-served", type=int, default=MAX_SERVED, show_default=True, help="Lighthouse capacity."
)
@click.option(
    "--batch-size",
    type=int,
    default=rollup.DEFAULT_BATCH,
    show_default=True,
    help="Grids per write.",
)
@pass_edge
def refresh_cmd(edge: Edge, as_of: dt.datetime | None, max_served: int, batch_size: int) -> None:
    """Recompute the gap report's per-grid rollups 更新缺口汇总 (run daily, e.g. after a snapshot).

    The gap report reads them when they are fresh for its day and capacity, and runs
    live otherwise: the answer is the same, only the time differs.
    """
    done = rollup.refresh(edge.database(), as_of.date() if as_of else None, max_served, batch_size)
    click.echo(report_refresh(done))


@click.command("check")
@click.option("--fix", is_flag=True, help="Refresh the rollups when they drift.")
@click.option("--timeout", type=float, default=0, show_default=True, help="Seconds (0: none).")
@pass_edge
def check_cmd(edge: Edge, fix: bool, timeout: float) -> None:
    """Recompute the derived data (the gap report's rollups) and report any drift 核对.

    Exits 1 when a stored row differs from the live report of its day and capacity.
    """
    db = edge.database()
    found = rollup.drift(db, timeout)
    if found is None:
        click.echo("gap report rollups 缺口汇总: none yet (reports run live); nothing to check")
        return
    day = found.as_of.isoformat() if found.as_of else "?"
    stale = " (stale: reports run live until a refresh)" if found.stale else ""
    if found.clean:
        click.echo(f"gap report rollups 缺口汇总 for {day}: no drift 无偏差{stale}")
        return
    for grid in found.missing:
        click.echo(f"drift: grid {grid}: no rollup")
    for grid in found.extra:
        click.echo(f"drift: grid {grid}: a rollup, but no such grid")
    for grid, column, stored, live in found.fields[:_SHOWN]:
        click.echo(f"drift: grid {grid}: {column} stored {stored!r}, live {live!r}")
    if len(found.fields) > _SHOWN:
        click.echo(f"... and {len(found.fields) - _SHOWN} more field(s)")
    total = len(found.missing) + len(found.extra) + len(found.fields)
    if fix:
        done = rollup.refresh(db, found.as_of, found.max_served)
        click.echo(report_refresh(done))
    raise CommandFailed(
        f"gap report rollups for {day} drift from the live report in {total} place(s){stale}"
        + ("; refreshed" if fix else "; run `gridnet refresh` (or `gridnet check --fix`)")
    )
