"""The `gridnet` command: one group, its sub-commands listed here in `--help` order.

Each command lives in the module of its topic (``gridnet/server/commands.py``,
``loaders/commands.py``, ...) and takes what it needs from click's context
(`gridnet.edge.Edge`: settings, the server, one `Database`). A command that
cannot go on raises a `gridnet.errors.GridnetError`; the group prints it as one
line and exits with its code.
"""

from __future__ import annotations

from typing import Any

import click

from gridnet.bench.commands import bench_cmd
from gridnet.db import quiet_driver_log
from gridnet.edge import Edge
from gridnet.errors import GridnetError
from gridnet.explorer.commands import explore_cmd
from gridnet.graph.commands import schema_group, stats_cmd
from gridnet.loaders.commands import load_cmd
from gridnet.loaders.export_command import export_cmd
from gridnet.loaders.generate_command import generate
from gridnet.privacy_commands import privacy_group, users_group
from gridnet.queries.commands import (
    analytics_cmd,
    gaps_cmd,
    query_group,
    recommend_cmd,
    site_cmd,
)
from gridnet.queries.rollup_commands import check_cmd, refresh_cmd
from gridnet.server.commands import neo4j_group
from gridnet.workflow.commands import cases_group, replay_cmd, snapshot_cmd

__all__ = ["main"]


class GridnetGroup(click.Group):
    """Click group that turns a `GridnetError` into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        quiet_driver_log()
        try:
            return super().invoke(ctx)
        except GridnetError as exc:
            if str(exc):
                click.echo(f"gridnet: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=GridnetGroup)
@click.version_option(package_name="gridnet")
@click.pass_context
def main(ctx: click.Context) -> None:
    """gridnet: grid-based community service networks in Neo4j."""
    ctx.ensure_object(Edge)


for _command in (
    neo4j_group,
    schema_group,
    load_cmd,
    stats_cmd,
    generate,
    export_cmd,
    query_group,
    gaps_cmd,
    recommend_cmd,
    site_cmd,
    analytics_cmd,
    snapshot_cmd,
    refresh_cmd,
    check_cmd,
    cases_group,
    replay_cmd,
    explore_cmd,
    bench_cmd,
    privacy_group,
    users_group,
):
    main.add_command(_command)


if __name__ == "__main__":
    main()
