"""What every command gets at the edge: the settings, a running server, one `Database`.

Why here: library functions take a `Database` as their first argument and never
read the environment, so something must build it. For the CLI that is this
module: the ``gridnet`` group puts an `Edge` in click's context, and a command
that needs the database asks it with `Edge.database`; the local server is
started first when no NEO4J_URI is configured, and the handle is closed when the
command ends. (The explorer builds its handle with ``st.cache_resource``; the
tests with a session fixture.)
"""

from __future__ import annotations

import click

from gridnet.db import Database
from gridnet.settings import Settings

__all__ = ["Edge", "ensure_server", "pass_edge"]


def ensure_server(settings: Settings) -> Settings:
    """Start the local server when no NEO4J_URI is configured; a no-op if it runs already."""
    from gridnet.server import local

    if settings.uses_local_server:
        result = local.start(settings)
        if result.started:
            click.echo(f"started local Neo4j {result.version} on {result.bolt_uri}", err=True)
    return settings


class Edge:
    """The settings read once per command, and the database opened on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings
        self._database: Database | None = None

    @property
    def settings(self) -> Settings:
        """The environment's settings, read on first use (so `--help` reads nothing)."""
        if self._settings is None:
            self._settings = Settings.from_env()
        return self._settings

    def database(self) -> Database:
        """The handle of this command: the server ensured, the driver verified, once."""
        if self._database is None:
            self._database = Database.connect(ensure_server(self.settings))
            click.get_current_context().call_on_close(self.close)
        return self._database

    def close(self) -> None:
        """Close the handle (the group does it when the command ends)."""
        if self._database is not None:
            self._database.close()
            self._database = None


pass_edge = click.make_pass_decorator(Edge, ensure=True)
