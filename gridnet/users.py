"""Explorer users: names, roles and argon2 password hashes in one owner-only file.

Why roles: the graph holds display forms only, so every role can explore it; the
clear values in the vault are for the few who need them (PIPL: show personal data
only to those who need it). A role is a fixed set of permissions, written here once:

===========  =================================================================
role         may
===========  =================================================================
planner      explore the network, gaps, map and requests
reviewer     the same (follows gaps to closure)
analyst      the same, and the query console
admin        all of it, and see and search residents' clear personal values
===========  =================================================================

The file (``<GRIDNET_HOME>/users.json``, mode 600) is managed by
``gridnet users add|remove|passwd|list``; passwords are hashed with argon2id
(argon2-cffi) and never stored or printed in clear.

>>> ROLES["admin"].personal, ROLES["planner"].personal
(True, False)
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gridnet.errors import GridnetError
from gridnet.keys import private_dir

__all__ = [
    "LOCAL_USER",
    "ROLES",
    "Role",
    "User",
    "UsersError",
    "add_user",
    "authenticate",
    "load_users",
    "remove_user",
    "set_password",
]


@dataclass(frozen=True)
class Role:
    """What a role may do."""

    name: str
    zh: str
    console: bool
    personal: bool


ROLES: dict[str, Role] = {
    r.name: r
    for r in (
        Role("planner", "规划人员", console=False, personal=False),
        Role("reviewer", "督查人员", console=False, personal=False),
        Role("analyst", "分析人员", console=True, personal=False),
        Role("admin", "管理员", console=True, personal=True),
    )
}


@dataclass(frozen=True)
class User:
    """A signed-in explorer user (never carries the password or its hash)."""

    name: str
    role: Role
    # The organisation or person id this user answers for as an assignee (承办单位):
    # the Review page lists its cases and lets the user report them rectified.
    unit: str | None = None

    @property
    def can_see_personal(self) -> bool:
        return self.role.personal


# With no users configured the explorer serves 127.0.0.1 only, as this user: it may
# explore and use the console (the graph holds no clear personal value) but not reveal.
LOCAL_USER = User("local", Role("local", "本机用户", console=True, personal=False))

_NAME = re.compile(r"^[\w.@-]{1,64}$")
_HASHER = PasswordHasher()
MIN_PASSWORD = 10


class UsersError(GridnetError, ValueError):
    """A users-file operation cannot be done; the message says why."""


def load_users(path: Path) -> dict[str, dict[str, str]]:
    """name -> {"role", "hash"}; an absent file means no users."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise UsersError(f"{path}: not a readable users file ({exc.__class__.__name__})") from None
    users = data.get("users", {}) if isinstance(data, dict) else {}
    return {str(k): dict(v) for k, v in users.items() if isinstance(v, dict)}


def _save(path: Path, users: dict[str, dict[str, str]]) -> None:
    """Write atomically, owner-only."""
    private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(
            {"format": "gridnet-users/1", "users": users},
            handle,
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
    os.replace(tmp, path)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsersError(f"a password needs at least {MIN_PASSWORD} characters")


def add_user(path: Path, name: str, role: str, password: str, unit: str | None = None) -> None:
    """Add a user; refuses an existing name, an unknown role or a short password.

    `unit` is the organisation or person id the user answers for (``User.unit``).
    """
    if not _NAME.match(name):
        raise UsersError("a user name is 1-64 letters, digits, '.', '@', '_' or '-'")
    if role not in ROLES:
        raise UsersError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    _check_password(password)
    users = load_users(path)
    if name in users:
        raise UsersError(f"user {name!r} exists; use `gridnet users passwd` to change it")
    users[name] = {"role": role, "hash": _HASHER.hash(password)}
    if unit:
        users[name]["unit"] = unit
    _save(path, users)


def remove_user(path: Path, name: str) -> None:
    users = load_users(path)
    if users.pop(name, None) is None:
        raise UsersError(f"no user {name!r}")
    _save(path, users)


def set_password(path: Path, name: str, password: str) -> None:
    users = load_users(path)
    if name not in users:
        raise UsersError(f"no user {name!r}")
    _check_password(password)
    users[name]["hash"] = _HASHER.hash(password)
    _save(path, users)


# What an unknown name is checked against, so that it costs the same work as a known
# one. A constant made once by `_HASHER` (hashing at import cost every explorer
# process a third of a second before its first page); the users tests check that it
# still carries the hasher's parameters (``check_needs_rehash``).
_DUMMY = (
    "$argon2id$v=19$m=65536,t=3,p=4$7jjlx560pBx9eMbELTWe5w$"
    "lD3svzGrzACqd4nLvPbVDHap4ayAlFDPCsXZ7Iriae0"
)


def authenticate(path: Path, name: str, password: str) -> User | None:
    """The user when the password matches, else None (same work for unknown names)."""
    entry = load_users(path).get(name)
    try:
        _HASHER.verify(entry["hash"] if entry else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if entry is None or entry.get("role") not in ROLES:
        return None
    return User(name, ROLES[entry["role"]], entry.get("unit") or None)


def user_by_name(path: Path, name: str) -> User | None:
    """A configured user by name (for a trusted reverse-proxy header), else None."""
    entry = load_users(path).get(name)
    if entry is None or entry.get("role") not in ROLES:
        return None
    return User(name, ROLES[entry["role"]], entry.get("unit") or None)
