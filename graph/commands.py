"""`gridnet schema apply | show` and `gridnet stats`."""

from __future__ import annotations

import json

import click

from gridnet.edge import Edge, pass_edge
from gridnet.graph.schema import apply_schema, show_schema
from gridnet.graph.stats import format_table, graph_stats

__all__ = ["schema_group", "stats_cmd"]


@click.group("schema")
def schema_group() -> None:
    """Constraints and indexes of the knowledge model."""


@schema_group.command("apply")
@pass_edge
def apply_cmd(edge: Edge) -> None:
    """Create missing constraints and indexes (safe to run again)."""
    added = apply_schema(edge.database())
    click.echo(
        f"schema applied: {added['constraints_added']} constraints and "
        f"{added['indexes_added']} indexes added"
    )


@schema_group.command("show")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_edge
def show_cmd(edge: Edge, fmt: str) -> None:
    """List the constraints and indexes in the database."""
    schema = show_schema(edge.database())
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


@click.command("stats")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_edge
def stats_cmd(edge: Edge, fmt: str) -> None:
    """Node and relationship counts, and the article's reference figures."""
    stats = graph_stats(edge.database())
    if fmt == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(stats))
