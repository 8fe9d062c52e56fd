"""The `gridnet` command: a thin registry of command groups that live in their own modules.

To add commands, create a module that defines `COMMANDS = [<click commands>]` and list
it in COMMAND_MODULES. Modules not written yet are skipped, so the CLI always loads.
Commands that need the database call `ensure_server(settings)` first.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from gridnet.db import DatabaseUnavailable, quiet_driver_log
from gridnet.keys import PrivacyKeyError
from gridnet.migrate import ClearGraph
from gridnet.server.local import ServerError
from gridnet.settings import Settings, SettingsError
from gridnet.users import UsersError

# Order here is the order of `gridnet --help`.
COMMAND_MODULES = (
    "gridnet.server.commands",  # neo4j start|stop|status
    "gridnet.graph.commands",  # schema
    "gridnet.loaders.commands",  # load, stats
    "gridnet.loaders.generate_command",  # generate
    "gridnet.loaders.export_command",  # export
    "gridnet.queries.commands",  # query, gaps, recommend
    "gridnet.explorer.commands",
    "gridnet.bench.commands",
    "gridnet.privacy_commands",  # privacy status|migrate|reveal|search|log, users
)

# Failures that are the user's environment, not a bug: one line on stderr, exit 2.
EXPECTED_ERRORS = (
    DatabaseUnavailable,
    ServerError,
    SettingsError,
    PrivacyKeyError,
    ClearGraph,
    UsersError,
)


class GridnetGroup(click.Group):
    """Click group that turns expected failures into a one-line message and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        quiet_driver_log()
        try:
            return super().invoke(ctx)
        except EXPECTED_ERRORS as exc:
            click.echo(f"gridnet: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=GridnetGroup)
@click.version_option(package_name="gridnet")
def main() -> None:
    """gridnet: grid-based community service networks in Neo4j."""


def ensure_server(settings: Settings | None = None) -> Settings:
    """Start the local server when no NEO4J_URI is configured; a no-op if it runs already."""
    from gridnet.server import local

    settings = settings if settings is not None else Settings.from_env()
    if settings.uses_local_server:
        result = local.start(settings)
        if result.started:
            click.echo(f"started local Neo4j {result.version} on {result.bolt_uri}", err=True)
    return settings


def _register(group: click.Group, module_names: tuple[str, ...]) -> None:
    for name in module_names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # not written yet; a missing dependency *inside* still raises
                continue
            raise
        for command in getattr(module, "COMMANDS", ()):
            group.add_command(command)


_register(main, COMMAND_MODULES)


if __name__ == "__main__":
    main()
