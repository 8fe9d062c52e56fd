"""`gridnet schema apply | show`."""

from __future__ import annotations

import json

import click

from gridnet.graph.schema import apply_schema, show_schema


@click.group("schema")
def schema_group() -> None:
    """Constraints and indexes of the knowledge model."""


@schema_group.command("apply")
def apply_cmd() -> None:
    """Create missing constraints and indexes (safe to run again)."""
    from gridnet.cli import ensure_server

    ensure_server()
    added = apply_schema()
    click.echo(
        f"schema applied: {added['constraints_added']} constraints and "
        f"{added['indexes_added']} indexes added"
    )


@schema_group.command("show")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def show_cmd(fmt: str) -> None:
    """List the constraints and indexes in the database."""
    from gridnet.cli import ensure_server

    ensure_server()
    schema = show_schema()
    if fmt == "json":
        click.echo(json.dumps(schema, ensure_ascii=False, indent=2))
        return
    click.echo("Constraints:")
    for c in schema["constraints"]:
        on = ",".join(c["labelsOrTypes"] or [])
        props = ",".join(c["properties"] or [])
        click.echo(f"  {c['name']:<28} {c['type']:<12} {on}({props})")
    click.echo("Indexes:")
    for i in schema["indexes"]:
        on = ",".join(i["labelsOrTypes"] or [])
        props = ",".join(i["properties"] or [])
        click.echo(f"  {i['name']:<28} {i['type']:<9} {i['state']:<8} {on}({props})")


COMMANDS = [schema_group]
