"""`gridnet export DIR`: a logical backup in the documented input format."""

from __future__ import annotations

import click

from gridnet.edge import Edge, pass_edge
from gridnet.loaders.exporter import export_dataset


@click.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option(
    "--unmasked",
    is_flag=True,
    help="Write residents' clear personal data from the vault (needs the privacy "
    "key; logged): the backup an exact restore needs.",
)
@pass_edge
def export_cmd(edge: Edge, out_dir: str, unmasked: bool) -> None:
    """Write the whole graph as one CSV per table; `gridnet load DIR` restores it."""
    counts = export_dataset(edge.database(), out_dir, unmasked=unmasked)
    total = sum(counts.values())
    click.echo(
        f"exported {total} rows in {len(counts)} tables to {out_dir}"
        + (
            ""
            if unmasked
            else " (personal data as display forms; use --unmasked for a backup that restores them)"
        )
    )
