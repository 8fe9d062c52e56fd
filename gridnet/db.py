"""The database handle: the one place that owns a Neo4j driver and its sessions.

Everything else receives a `Database` and goes through its `session()`, `read()`
and `write()`, so connection errors are translated into one clear
`DatabaseUnavailable` and every query runs in a managed transaction (transient
errors are retried by the driver).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, LiteralString

import neo4j
from neo4j import (
    Driver,
    GraphDatabase,
    ManagedTransaction,
    NotificationMinimumSeverity,
    Session,
    SummaryCounters,
)
from neo4j import exceptions as neo4j_errors

from gridnet.errors import GridnetError
from gridnet.settings import Settings

__all__ = [
    "UNREACHABLE",
    "Database",
    "DatabaseUnavailable",
    "quiet_driver_log",
]

# Failures that mean "cannot talk to that server at all" (as opposed to a bad query).
UNREACHABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.AuthError,
    neo4j_errors.DatabaseUnavailable,
    neo4j_errors.ConfigurationError,
)


# How long a managed transaction keeps retrying transient failures (a lost connection,
# a deadlock, a leader switch) before the caller hears of it: a three-second outage
# is ridden out, a server that is down is reported within about five seconds.
RETRY_SECONDS = 5.0


class DatabaseUnavailable(GridnetError, RuntimeError):
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


class Database:
    """One open Neo4j database: the driver, the database name and the default timeout.

    Built once at the edge (the CLI's context, the explorer's ``cache_resource``, a
    pytest session fixture) with `Database.connect` and passed to library functions
    as their first argument, so no library function reads the environment or keeps a
    driver of its own. ``key`` names the server it talks to (URI, database, user):
    caches keyed on it never serve one server's rows for another.

    The driver reconnects by itself after a server restart; calls that cannot reach
    the server raise `DatabaseUnavailable` with the URI and what to do.
    """

    def __init__(self, driver: Driver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings
        self.database = settings.database
        self.query_timeout = settings.query_timeout
        self.key = f"{settings.uri}|{settings.database}|{settings.user}"
        # Every session of the handle shares its bookmarks: in a cluster, a read after
        # one of the handle's writes (a refresh after a load, a snapshot after a
        # refresh) waits on its follower until that write has arrived there.
        self.bookmarks = GraphDatabase.bookmark_manager()

    @classmethod
    def connect(cls, settings: Settings) -> Database:
        """Build the driver for `settings` and verify it once (fails fast, no retry loop)."""
        password = settings.password
        if password is None:
            raise DatabaseUnavailable(
                settings,
                "no password configured"
                + ("" if settings.uri_configured else f" ({settings.password_file} is missing)"),
            )
        driver: Driver | None = None
        try:
            # Notifications are hints for query authors (an unknown label on a fresh
            # database, a cartesian product); users see results and gridnet's messages.
            driver = GraphDatabase.driver(
                settings.uri,
                auth=(settings.user, password),
                connection_timeout=10,
                notifications_min_severity=NotificationMinimumSeverity.OFF,
                max_transaction_retry_time=RETRY_SECONDS,
            )
            driver.verify_connectivity()
        except (*UNREACHABLE, OSError) as exc:
            if driver is not None:
                driver.close()
            raise DatabaseUnavailable(settings, exc) from exc
        return cls(driver, settings)

    def store_replaced(self) -> None:
        """Forget the handle's bookmarks: the store they point into was replaced (the bulk
        first load writes a new one with the server stopped), and a server waits in vain
        for a transaction of the old store."""
        self.bookmarks = GraphDatabase.bookmark_manager()

    def __repr__(self) -> str:
        return f"Database({self.key!r})"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver and its connections."""
        self.driver.close()

    @contextmanager
    def session(self, read_only: bool = False) -> Iterator[Session]:
        """A session on this database; READ access routes to followers in a cluster,
        causally after every write of this handle (`bookmarks`)."""
        mode = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
        try:
            with self.driver.session(
                database=self.database, default_access_mode=mode, bookmark_manager=self.bookmarks
            ) as s:
                yield s
        except UNREACHABLE as exc:
            raise DatabaseUnavailable(self.settings, exc) from exc

    def _timeout(self, timeout: float | None) -> float:
        """Per-call timeout or GRIDNET_QUERY_TIMEOUT; 0 means no limit for the server."""
        return self.query_timeout if timeout is None else timeout

    def read(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """Run a read query in a retried managed READ transaction; plain-dict rows.

        Rows use `Record.data()`, so nodes/relationships become property dicts.
        `timeout` (seconds) defaults to GRIDNET_QUERY_TIMEOUT; 0 disables it.
        """

        @neo4j.unit_of_work(timeout=self._timeout(timeout))
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, dict(params or {}))]

        with self.session(read_only=True) as s:
            return s.execute_read(work)

    def write(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> SummaryCounters:
        """Run a write query in a retried managed transaction and return its counters.

        Retries mean the query may run more than once: keep writes idempotent (MERGE).
        """

        @neo4j.unit_of_work(timeout=self._timeout(timeout))
        def work(tx: ManagedTransaction) -> SummaryCounters:
            return tx.run(query, dict(params or {})).consume().counters

        with self.session(read_only=False) as s:
            return s.execute_write(work)

    def ping(self) -> str:
        """Return the server version (e.g. "5.26.30"); raises DatabaseUnavailable."""
        with self.session(read_only=True) as s:
            # Auto-commit on purpose: a health check should answer now, not after retries.
            record = s.run(
                "CALL dbms.components() YIELD name, versions RETURN name, versions"
            ).single()
        if record is None or not record["versions"]:
            raise DatabaseUnavailable(self.settings, "dbms.components() returned no version")
        return str(record["versions"][0])
