"""`gridnet privacy status|migrate|reveal|search|log` and `gridnet users ...`.

Clear values on the command line need the privacy key (the operator's file) and
every reveal is logged as ``cli:<user>``, exactly as in the explorer.
"""

from __future__ import annotations

import json
import sys

import click

from gridnet import access_log, users
from gridnet.edge import Edge, pass_edge
from gridnet.privacy import PERSONAL

__all__ = ["privacy_group", "users_group"]


@click.group("privacy")
def privacy_group() -> None:
    """Residents' personal data: the vault, migration of old graphs, reveals and their log."""


@privacy_group.command("status")
@pass_edge
def status_cmd(edge: Edge) -> None:
    """Where the key, vault and log are, and whether the graph holds any clear value."""
    from gridnet.migrate import clear_labels
    from gridnet.vault import Vault

    settings = edge.settings
    clear = clear_labels(edge.database())
    click.echo(
        f"key      {settings.key_file} ({'present' if settings.key_file.exists() else 'missing'})"
    )
    click.echo(f"vault    {settings.vault_file}")
    if settings.key_file.exists():
        with Vault.open(settings) as vault:
            for label in PERSONAL:
                click.echo(f"  {label:<10} {vault.count(label):>9,} records")
    click.echo(f"log      {settings.access_log}")
    click.echo(
        "graph    "
        + (
            f"CLEAR personal values in {', '.join(clear)}: run `gridnet privacy migrate`"
            if clear
            else "pseudonymised (no clear personal value)"
        )
    )


@privacy_group.command("migrate")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True)
@click.option("--quiet", is_flag=True, help="No progress lines.")
@pass_edge
def migrate_cmd(edge: Edge, batch_size: int, quiet: bool) -> None:
    """Move clear personal values of an existing graph into the vault (idempotent, resumable)."""
    import time

    from gridnet.migrate import migrate
    from gridnet.vault import Vault

    settings = edge.settings
    database = edge.database()
    started = time.perf_counter()

    def progress(label: str, scanned: int, moved: int) -> None:
        if not quiet:
            click.echo(f"\r{label}: {scanned:,} scanned, {moved:,} migrated", nl=False, err=True)

    with Vault.open(settings, create=True) as vault:
        result = migrate(database, vault, batch_size=batch_size, progress=progress)
    if not quiet:
        click.echo("", err=True)
    for label, moved in result.migrated.items():
        click.echo(f"{label:<10} {result.scanned[label]:>9,} scanned {moved:>9,} migrated")
    click.echo(f"migrated {result.total:,} nodes in {time.perf_counter() - started:.1f}s")


@privacy_group.command("reveal")
@click.argument("ids", nargs=-1, required=True)
@click.option(
    "--label", type=click.Choice(sorted(PERSONAL)), default="Household", show_default=True
)
@pass_edge
def reveal_cmd(edge: Edge, ids: tuple[str, ...], label: str) -> None:
    """Print the clear personal values of household or person IDS (logged)."""
    from gridnet.reveal import reveal
    from gridnet.vault import Vault

    settings = edge.settings
    with Vault.open(settings) as vault:
        clear = reveal(vault, label, ids, actor=access_log.cli_actor(), log=settings.access_log)
    for node_id in ids:
        click.echo(
            json.dumps(
                {"label": label, "id": node_id, **clear.get(node_id, {})}, ensure_ascii=False
            )
        )


@privacy_group.command("search")
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@pass_edge
def search_cmd(edge: Edge, text: str, limit: int) -> None:
    """Find residents by a full name, phone, ID number or address, or part of a name (logged)."""
    from gridnet.reveal import find_residents
    from gridnet.vault import Vault

    settings = edge.settings
    with Vault.open(settings) as vault:
        hits = find_residents(
            edge.database(),
            vault,
            text,
            actor=access_log.cli_actor(),
            log=settings.access_log,
            limit=limit,
        )
    for hit in hits:
        click.echo(json.dumps({"label": hit.label, "id": hit.id, **hit.fields}, ensure_ascii=False))
    if not hits:
        click.echo("no resident matches", err=True)


@privacy_group.command("log")
@click.option("--tail", type=click.IntRange(min=1), default=50, show_default=True)
@pass_edge
def log_cmd(edge: Edge, tail: int) -> None:
    """The last entries of the access log (who saw which residents, when)."""
    entries = list(access_log.read_entries(edge.settings.access_log))
    for entry in entries[-tail:]:
        click.echo(json.dumps(entry, ensure_ascii=False))


# --- users -------------------------------------------------------------------------------
@click.group("users")
def users_group() -> None:
    """Explorer users and their roles (planner, reviewer, analyst, admin)."""


def _password(prompt: str) -> str:
    """From the terminal (hidden, twice) or one line of standard input; never an argument."""
    if sys.stdin.isatty():
        return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(list(users.ROLES)), required=True)
@click.option(
    "--unit",
    default=None,
    help="Organisation or person id the user answers for 承办单位 (their 督办 cases).",
)
@pass_edge
def users_add(edge: Edge, name: str, role: str, unit: str | None) -> None:
    """Add a user; the password is read from the terminal or standard input."""
    settings = edge.settings
    users.add_user(settings.users_file, name, role, _password(f"password for {name}"), unit)
    click.echo(f"added {name} ({role}) to {settings.users_file}")


@users_group.command("remove")
@click.argument("name")
@pass_edge
def users_remove(edge: Edge, name: str) -> None:
    """Remove a user."""
    users.remove_user(edge.settings.users_file, name)
    click.echo(f"removed {name}")


@users_group.command("passwd")
@click.argument("name")
@pass_edge
def users_passwd(edge: Edge, name: str) -> None:
    """Change a user's password (read from the terminal or standard input)."""
    users.set_password(edge.settings.users_file, name, _password(f"new password for {name}"))
    click.echo(f"changed the password of {name}")


@users_group.command("list")
@pass_edge
def users_list(edge: Edge) -> None:
    """Users and roles (never hashes)."""
    for name, entry in sorted(users.load_users(edge.settings.users_file).items()):
        role = users.ROLES.get(entry.get("role", ""))
        click.echo(f"{name:<24} {entry.get('role', '?'):<10} {role.zh if role else ''}")
