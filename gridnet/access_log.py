"""The access log: who saw which residents' clear personal values, and when.

Why: the Personal Information Protection Law asks that access to personal data be
traceable. Every path that turns display forms back into clear values (the
explorer for a role with the personal-data permission, ``gridnet privacy reveal``,
``gridnet export --unmasked``) appends one JSON line here before it shows
anything. The file is owner-only and only ever appended to (``O_APPEND``); it holds
ids, never the values themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from gridnet.keys import private_dir

__all__ = ["cli_actor", "read_entries", "record"]


def cli_actor() -> str:
    """Who runs a command: the operating-system user, as ``cli:<user>``."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return f"cli:uid-{os.getuid()}"


def record(
    path: Path, *, actor: str, action: str, label: str, ids: Iterable[str], detail: str = ""
) -> None:
    """Append one entry (UTC time, actor, action, label, ids); never rewrites the file."""
    entry = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "actor": actor,
        "action": action,
        "label": label,
        "ids": sorted(set(ids)),
    }
    if detail:
        entry["detail"] = detail
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def read_entries(path: Path) -> Iterator[dict[str, Any]]:
    """The entries in order (for `gridnet privacy log` and the tests)."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
