"""The one error type a user can act on, carrying the exit code the CLI ends with.

Why one type: a command that cannot go on (no server, a bad key file, a clear
graph, a failed query) should end the same way wherever it is raised: one line
on stderr and a documented exit code, never a traceback. Library modules raise
subclasses of `GridnetError` without knowing about the CLI; the ``gridnet``
group prints them (click's ``ClickException`` model, without tying the library
to click).

>>> err = CommandFailed("2 queries failed")
>>> str(err), err.exit_code
('2 queries failed', 1)
"""

from __future__ import annotations

__all__ = ["CommandFailed", "GridnetError"]


class GridnetError(Exception):
    """A failure of the user's environment or input; `exit_code` 2 unless a subclass says.

    Exit codes: 1 the command ran and found a failure (a query failed, rows were
    rejected, the server is not running); 2 it could not run (configuration, server,
    key, input). A command that has already printed its own report (the load's
    rejected rows) raises one with an empty message: only the exit code is added.
    """

    exit_code: int = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class CommandFailed(GridnetError):
    """The command ran and failed (exit code 1): a query error, a status that is not up."""

    exit_code = 1
