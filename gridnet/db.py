"""The one place that owns the Neo4j driver and sessions.

Everything else goes through `session()`, `read()` and `write()`, so connection
errors are translated into one clear `DatabaseUnavailable` and every query runs in
a managed transaction (transient errors are retried by the driver).
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import neo4j
from neo4j import Driver, GraphDatabase, ManagedTransaction, Session, SummaryCounters
from neo4j import exceptions as neo4j_errors

from gridnet.settings import Settings

__all__ = [
    "UNREACHABLE",
    "DatabaseUnavailable",
    "close_driver",
    "get_driver",
    "load_cypher",
    "load_named_cypher",
    "ping",
    "quiet_driver_log",
    "read",
    "session",
    "write",
]

# Failures that mean "cannot talk to that server at all" (as opposed to a bad query).
UNREACHABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.AuthError,
    neo4j_errors.DatabaseUnavailable,
    neo4j_errors.ConfigurationError,
)

_drivers: dict[Settings, Driver] = {}
_lock = threading.Lock()


class DatabaseUnavailable(RuntimeError):
    """Neo4j cannot be reached or refused us; the message says which URI and what to do."""

    def __init__(self, settings: Settings, cause: BaseException | str) -> None:
        self.uri = settings.uri
        reason = cause if isinstance(cause, str) else _describe(cause)
        self.reason = reason
        if isinstance(cause, neo4j_errors.AuthError):
            where = (
                "NEO4J_USER/NEO4J_PASSWORD"
                if settings.uri_configured
                else f"the generated password in {settings.password_file}"
            )
            hint = f"check {where}"
        elif settings.uri_configured:
            hint = "check that the server at NEO4J_URI is up, or unset NEO4J_URI to use a local one"
        else:
            hint = "run `gridnet neo4j start` or set NEO4J_URI"
        super().__init__(f"Neo4j at {settings.uri} is unavailable: {reason}; {hint}")


def _describe(exc: BaseException) -> str:
    """One short line: the server's message, or the socket reason of a failed connect."""
    message = getattr(exc, "message", None)
    if isinstance(exc, neo4j_errors.Neo4jError) and message:
        text = str(message)
    else:
        full = str(exc).strip()
        text = full.splitlines()[0].rstrip(" :") if full else type(exc).__name__
        reason = re.search(r"\(reason ([^)]*)\)", full)
        if reason:
            text += f" ({reason.group(1)})"
    text = text.rstrip(" .")
    return text if len(text) <= 200 else text[:197] + "..."


def quiet_driver_log() -> None:
    """Keep the driver's own log records off the terminal.

    Without a logging setup Python prints warnings to stderr, and the driver warns
    once per retry of a failing transaction: a server that dies mid-load would print
    a page of them before gridnet's one-line message. Commands report the outcome
    themselves, so only critical records pass.
    """
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)


def _resolve(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings.from_env()


def get_driver(settings: Settings | None = None) -> Driver:
    """Return the cached driver for these settings, creating and verifying it once.

    Verifying on creation fails fast (no retry loop) when nothing is listening.
    """
    settings = _resolve(settings)
    with _lock:
        cached = _drivers.get(settings)
        if cached is not None:
            return cached
        driver: Driver | None = None
        password = settings.password
        if password is None:
            raise DatabaseUnavailable(
                settings,
                "no password configured"
                + ("" if settings.uri_configured else f" ({settings.password_file} is missing)"),
            )
        try:
            driver = GraphDatabase.driver(
                settings.uri, auth=(settings.user, password), connection_timeout=10
            )
            driver.verify_connectivity()
        except (*UNREACHABLE, OSError) as exc:
            if driver is not None:
                driver.close()
            raise DatabaseUnavailable(settings, exc) from exc
        _drivers[settings] = driver
        return driver


def close_driver(settings: Settings | None = None) -> None:
    """Close the driver for `settings`, or every cached driver when None."""
    with _lock:
        keys = list(_drivers) if settings is None else [settings]
        for key in keys:
            driver = _drivers.pop(key, None)
            if driver is not None:
                driver.close()


atexit.register(close_driver)


@contextmanager
def session(read_only: bool = False, settings: Settings | None = None) -> Iterator[Session]:
    """A session on the configured database; READ access routes to followers in a cluster."""
    settings = _resolve(settings)
    driver = get_driver(settings)
    mode = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
    try:
        with driver.session(database=settings.database, default_access_mode=mode) as s:
            yield s
    except UNREACHABLE as exc:
        # The server went away or the cached driver went stale: drop it so the next
        # call reconnects instead of failing forever.
        close_driver(settings)
        raise DatabaseUnavailable(settings, exc) from exc


def _timeout(settings: Settings, timeout: float | None) -> float:
    """Per-call timeout or GRIDNET_QUERY_TIMEOUT; 0 means no limit for the server."""
    return settings.query_timeout if timeout is None else timeout


def read(
    query: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """Run a read query in a retried managed transaction and return plain-dict rows.

    Rows use `Record.data()`, so nodes/relationships become property dicts.
    `timeout` (seconds) defaults to GRIDNET_QUERY_TIMEOUT; 0 disables it.
    """
    settings = _resolve(settings)

    @neo4j.unit_of_work(timeout=_timeout(settings, timeout))
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(query, dict(params or {}))]

    with session(read_only=True, settings=settings) as s:
        return s.execute_read(work)


def write(
    query: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    settings: Settings | None = None,
) -> SummaryCounters:
    """Run a write query in a retried managed transaction and return its counters.

    Retries mean the query may run more than once: keep writes idempotent (MERGE).
    """
    settings = _resolve(settings)

    @neo4j.unit_of_work(timeout=_timeout(settings, timeout))
    def work(tx: ManagedTransaction) -> SummaryCounters:
        return tx.run(query, dict(params or {})).consume().counters

    with session(read_only=False, settings=settings) as s:
        return s.execute_write(work)


def ping(settings: Settings | None = None) -> str:
    """Return the server version (e.g. "5.26.30"); raises DatabaseUnavailable."""
    settings = _resolve(settings)
    with session(read_only=True, settings=settings) as s:
        # Auto-commit on purpose: a health check should answer now, not after retries.
        record = s.run("CALL dbms.components() YIELD name, versions RETURN name, versions").single()
    if record is None or not record["versions"]:
        raise DatabaseUnavailable(settings, "dbms.components() returned no version")
    return str(record["versions"][0])


_STATEMENT_END = re.compile(r";[ \t]*$", re.MULTILINE)


def load_cypher(path: str | Path) -> list[str]:
    """Split a .cypher file into statements on `;` at line ends, dropping `//` lines.

    Only whole-line comments are removed, so `//` inside strings or URLs is safe.
    """
    text = Path(path).read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [stmt.strip() for stmt in _STATEMENT_END.split(kept) if stmt.strip()]


def load_named_cypher(path: str | Path) -> dict[str, str]:
    """Statements of a .cypher file, each introduced by a `// name: X` line, by name.

    Lets one file hold the few statements of one job (a table's upsert and unlink,
    the stats queries) while Python picks them by name.
    """
    named: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("// name:"):
            current = named.setdefault(stripped.split(":", 1)[1].strip(), [])
        elif current is not None and stripped and not stripped.startswith("//"):
            current.append(line)
    return {name: "\n".join(lines).strip().rstrip(";") for name, lines in named.items()}
