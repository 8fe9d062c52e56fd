"""`gridnet neo4j start|stop|status`: manage the local server or inspect a configured one."""

from __future__ import annotations

import json

import click

from gridnet.db import Database
from gridnet.edge import Edge, pass_edge
from gridnet.errors import CommandFailed
from gridnet.server import local
from gridnet.settings import Settings

__all__ = ["neo4j_group"]


def _external_note(settings: Settings) -> str:
    return f"NEO4J_URI is set: using the external server at {settings.uri}; nothing to manage"


@click.group("neo4j")
def neo4j_group() -> None:
    """Run gridnet's local Neo4j server (no Docker) or check the configured one."""


def _external_version(settings: Settings) -> str:
    with Database.connect(settings) as database:
        return database.ping()


@neo4j_group.command("start")
@click.option("--wait", default=120.0, show_default=True, help="Seconds to wait for Bolt.")
@pass_edge
def start_cmd(edge: Edge, wait: float) -> None:
    """Start the local server (first run fetches the jars with Maven)."""
    settings = edge.settings
    if not settings.uses_local_server:
        click.echo(_external_note(settings))
        return
    result = local.start(settings, wait=wait)
    for message in result.messages:
        if result.started or "already running" not in message:
            click.echo(message)
    if result.started:
        click.echo(f"Neo4j {result.version} ready on {result.bolt_uri} in {result.seconds:.1f}s")
    else:
        click.echo(
            f"Neo4j {result.version} is already running on {result.bolt_uri}"
            f" (pid {result.pid}); nothing to do"
        )


@neo4j_group.command("stop")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds before SIGKILL.")
@pass_edge
def stop_cmd(edge: Edge, timeout: float) -> None:
    """Stop the local server (SIGTERM, then SIGKILL after --timeout)."""
    settings = edge.settings
    if not settings.uses_local_server:
        click.echo(_external_note(settings))
        return
    for message in local.stop(settings, timeout=timeout).messages:
        click.echo(message)


@neo4j_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_edge
def status_cmd(edge: Edge, as_json: bool) -> None:
    """Show which server gridnet talks to and its version; exit 1 if it is not running."""
    settings = edge.settings
    if settings.uses_local_server:
        info = local.status(settings)
    else:
        # A configured server that cannot be reached is an error (exit 2 via the group).
        info = {
            "local": False,
            "running": True,
            "bolt_uri": settings.uri,
            "version": _external_version(settings),
            "error": None,
        }
    if as_json:
        click.echo(json.dumps(info, indent=2))
    elif not info["local"]:
        click.echo(f"Neo4j {info['version']} (external) at {info['bolt_uri']}")
    elif info["running"]:
        state = f"Neo4j {info['version']}" if info["version"] else "Neo4j (not answering yet)"
        click.echo(f"{state} running (local) at {info['bolt_uri']}, pid {info['pid']}")
        click.echo(f"data: {info['data_dir']}\nlog:  {info['log_file']}")
        if info["error"]:
            click.echo(info["error"], err=True)
    else:
        click.echo(f"Neo4j (local) is not running; `gridnet neo4j start` serves {info['bolt_uri']}")
        if info["stale_pid"]:
            click.echo(f"stale pid file (pid {info['stale_pid']} is gone); start will remove it")
    if not info["running"] or info["error"]:
        raise CommandFailed("Neo4j is not answering" if info["running"] else "Neo4j is not running")
