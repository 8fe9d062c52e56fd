"""`gridnet users`: argon2 hashes in an owner-only file, passwords never on the command
line, roles with one meaning; `gridnet explore --host` refuses an open address without
users."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from gridnet import users
from gridnet.cli import main

pytestmark = pytest.mark.unit


def run(args: list[str], users_file: Path, stdin: str = "") -> tuple[int, str]:
    done = CliRunner().invoke(main, args, input=stdin, env={"GRIDNET_USERS_FILE": str(users_file)})
    return done.exit_code, done.output


def test_users_commands(tmp_path: Path) -> None:
    path = tmp_path / "auth" / "users.json"
    code, out = run(["users", "add", "wang", "--role", "planner"], path, "a-long-password\n")
    assert code == 0, out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    assert "a-long-password" not in text and "$argon2id$" in text
    assert users.authenticate(path, "wang", "a-long-password") == users.User(
        "wang", users.ROLES["planner"]
    )
    assert users.authenticate(path, "wang", "wrong-password") is None
    assert users.authenticate(path, "nobody", "a-long-password") is None

    assert run(["users", "add", "wang", "--role", "admin"], path, "another-password\n")[0] == 2
    code, out = run(["users", "add", "li", "--role", "admin"], path, "short\n")
    assert code == 2 and "at least 10 characters" in out
    assert run(["users", "add", "li", "--role", "root"], path, "a-long-password\n")[0] == 2

    code, out = run(["users", "passwd", "wang"], path, "a-new-long-password\n")
    assert code == 0 and users.authenticate(path, "wang", "a-new-long-password")
    assert users.authenticate(path, "wang", "a-long-password") is None
    code, out = run(["users", "list"], path)
    assert code == 0 and "wang" in out and "planner" in out and "argon2" not in out
    assert run(["users", "remove", "wang"], path)[0] == 0
    assert users.load_users(path) == {}
    assert run(["users", "remove", "wang"], path)[0] == 2


def test_unknown_names_cost_a_real_verification() -> None:
    """The constant an unknown name is checked against carries the hasher's parameters
    (else an unknown name would answer faster or slower than a known one)."""
    assert not users._HASHER.check_needs_rehash(users._DUMMY)


@pytest.mark.parametrize(
    "role, console, personal",
    [
        ("planner", False, False),
        ("reviewer", False, False),
        ("analyst", True, False),
        ("admin", True, True),
    ],
)
def test_roles(role: str, console: bool, personal: bool) -> None:
    assert (users.ROLES[role].console, users.ROLES[role].personal) == (console, personal)
    assert not users.LOCAL_USER.can_see_personal


def test_explore_refuses_an_open_address_without_users(tmp_path: Path) -> None:
    code, out = run(["explore", "--host", "0.0.0.0", "--no-open"], tmp_path / "none.json")
    assert code == 2 and "no explorer users exist" in out
