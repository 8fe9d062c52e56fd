"""The `gridnet` command: static registration, one error type, no import cycle."""

from __future__ import annotations

import ast

import click
import pytest
from click.testing import CliRunner

from gridnet.cli import main
from gridnet.errors import CommandFailed, GridnetError
from gridnet.settings import REPO_ROOT

pytestmark = pytest.mark.unit

PACKAGE_DIRS = ("gridnet", "graph", "loaders", "queries", "explorer", "bench", "workflow")


def test_every_command_is_registered() -> None:
    assert set(main.commands) == {
        "analytics",
        "bench",
        "cases",
        "check",
        "explore",
        "export",
        "gaps",
        "generate",
        "load",
        "neo4j",
        "privacy",
        "query",
        "recommend",
        "refresh",
        "replay",
        "schema",
        "site",
        "snapshot",
        "stats",
        "users",
    }


def test_no_module_imports_the_cli_back() -> None:
    """Commands take what they need from click's context (gridnet/edge.py), never from
    gridnet.cli, so the CLI module is the only importer of the command modules."""
    offenders = []
    for folder in PACKAGE_DIRS:
        for path in (REPO_ROOT / folder).rglob("*.py"):
            if path == REPO_ROOT / "gridnet" / "cli.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "gridnet.cli":
                    offenders.append(str(path.relative_to(REPO_ROOT)))
    assert offenders == []


def _group_with(error: BaseException) -> click.Group:
    """A copy of the gridnet group's error handling around one failing command."""

    @click.group(cls=type(main))
    def group() -> None:
        pass

    @group.command("fail")
    def fail() -> None:
        raise error

    return group


@pytest.mark.parametrize(
    ("error", "code", "stderr"),
    [
        (GridnetError("no server"), 2, "gridnet: error: no server\n"),
        (CommandFailed("2 queries failed"), 1, "gridnet: error: 2 queries failed\n"),
        (GridnetError("bad key", exit_code=3), 3, "gridnet: error: bad key\n"),
        (GridnetError("", exit_code=1), 1, ""),  # the command printed its own report
    ],
)
def test_a_gridnet_error_is_one_line_and_its_exit_code(
    error: GridnetError, code: int, stderr: str
) -> None:
    result = CliRunner().invoke(_group_with(error), ["fail"])
    assert result.exit_code == code
    assert result.stderr == stderr
    assert "Traceback" not in result.output


def test_other_exceptions_are_not_swallowed() -> None:
    result = CliRunner().invoke(_group_with(KeyError("bug")), ["fail"])
    assert result.exit_code == 1 and isinstance(result.exception, KeyError)


def test_the_environments_errors_are_gridnet_errors() -> None:
    from gridnet.db import DatabaseUnavailable
    from gridnet.keys import PrivacyKeyError
    from gridnet.loaders.readers import ReadError
    from gridnet.migrate import ClearGraph
    from gridnet.queries.catalog import CatalogError, ParamError
    from gridnet.queries.runner import QueryError
    from gridnet.server.local import ServerError
    from gridnet.settings import SettingsError
    from gridnet.users import UsersError

    for kind in (
        DatabaseUnavailable,
        PrivacyKeyError,
        ReadError,
        ClearGraph,
        CatalogError,
        ParamError,
        ServerError,
        SettingsError,
        UsersError,
    ):
        assert issubclass(kind, GridnetError) and kind.exit_code == 2, kind
    assert issubclass(QueryError, GridnetError) and QueryError.exit_code == 1
