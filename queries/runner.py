"""Read-only execution of Cypher: the catalog, the CLI and the explorer console share it.

Why a module of its own: a query typed by a user must never change the graph. The
guarantee does not rest on spotting keywords such as ``CREATE`` (they can hide in
strings, comments or procedure names); it rests on the server:

1. the query is planned with ``EXPLAIN`` (nothing executes) and the server's own
   ``query_type`` must be ``r``: ``w``/``rw`` (writes) and ``s`` (schema, admin,
   DBMS procedures) are refused, and so are DBMS commands the planner reports as
   reads (``TERMINATE TRANSACTIONS``, ``SHOW TRANSACTIONS``/``SETTINGS``), and
   ``LOAD CSV`` (it reads server files and URLs) is refused from the plan;
2. it then runs inside a READ access-mode transaction, so the server rejects any
   write that might slip past step 1;
3. a transaction timeout stops runaway queries and a row limit stops huge results
   (``limit + 1`` rows are fetched so truncation is reported, never silent).

>>> from gridnet.queries.runner import run_readonly   # doctest: +SKIP
>>> run_readonly("MATCH (g:Grid) RETURN g.id AS id", limit=2)   # doctest: +SKIP
Result(columns=['id'], rows=[['G-0001'], ['G-0002']], truncated=True, query_type='r')
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import ManagedTransaction
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from gridnet import db
from gridnet.settings import Settings

__all__ = [
    "QueryError",
    "QueryTimeout",
    "Result",
    "WriteRefused",
    "execute_read",
    "plain",
    "run_readonly",
]

# Schema introspection commands are harmless reads; every other command operator
# (transactions, settings, users, databases, termination) is DBMS administration.
_ALLOWED_COMMANDS = {"ShowIndexes", "ShowConstraints", "ShowProcedures", "ShowFunctions"}
_COMMAND_PREFIXES = ("Show", "Terminate")
# Reading files or URLs from the server (LOAD CSV) is refused even without a write:
# it would let a console user probe the server's disk or network.
_DENIED_OPERATORS = {"LoadCSV"}
_TIMEOUT_CODES = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration")
_QUERY_TYPES = {"r": "read", "w": "write", "rw": "read/write", "s": "schema or administration"}


class QueryError(RuntimeError):
    """The query could not run (syntax error, unknown procedure, ...); message says why."""


class WriteRefused(QueryError):
    """The query would change the graph or administer the server, so it was not run."""


class QueryTimeout(QueryError):
    """The query ran longer than its timeout and the server stopped it."""


@dataclass
class Result:
    """Rows of a read-only query; `truncated` says more rows existed than `limit`."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    query_type: str = "r"
    elapsed_ms: float = 0.0
    notifications: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def plain(value: Any) -> Any:
    """Turn driver values into plain Python: nodes become property dicts with
    ``_element_id`` and ``_labels``, relationships property dicts with ``_element_id``,
    ``_type``, ``_start`` and ``_end`` (element ids of their ends, so a view can draw
    them even when the end nodes are not returned), paths the list
    ``[node, rel, node, ...]``; temporal values become `datetime` objects, lists/maps
    recurse.

    >>> plain([1, {"a": 2}])
    [1, {'a': 2}]
    """
    if isinstance(value, Node):
        out = {k: plain(v) for k, v in value.items()}
        out["_element_id"] = value.element_id
        out["_labels"] = sorted(value.labels)
        return out
    if isinstance(value, Relationship):
        out = {k: plain(v) for k, v in value.items()}
        out["_element_id"] = value.element_id
        out["_type"] = value.type
        out["_start"] = value.start_node.element_id if value.start_node is not None else None
        out["_end"] = value.end_node.element_id if value.end_node is not None else None
        return out
    if isinstance(value, Path):
        items: list[Any] = [plain(value.start_node)]
        for rel, node in zip(value.relationships, value.nodes[1:], strict=True):
            items += [plain(rel), plain(node)]
        return items
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    to_native = getattr(value, "to_native", None)
    if callable(to_native) and type(value).__module__.startswith("neo4j.time"):
        try:
            return to_native()
        except ValueError:  # out of Python's range (year 0, nanoseconds): keep the text
            return str(value)
    return value


def _strip(text: str) -> str:
    """Drop surrounding blanks and one trailing `;` (a common habit, not a 2nd statement)."""
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(";") else text


def _operators(plan: Any) -> list[str]:
    if plan is None:
        return []
    if isinstance(plan, Mapping):
        name, children = plan.get("operatorType", ""), plan.get("children", [])
    else:
        name, children = getattr(plan, "operator_type", ""), getattr(plan, "children", [])
    names = [str(name).split("@", 1)[0]]
    for child in children or []:
        names.extend(_operators(child))
    return names


def _translate(exc: neo4j_errors.Neo4jError, timeout: float | None) -> QueryError:
    code = exc.code or ""
    text = (exc.message or str(exc)).strip()
    message = text.splitlines()[0] if text else code
    if any(code.endswith(t) for t in _TIMEOUT_CODES):
        limit = f"the {timeout:g} s timeout" if timeout else "its timeout"
        return QueryTimeout(f"query stopped after {limit}; narrow it or raise --timeout")
    if code.endswith(("ForbiddenDueToTransactionType", "AccessMode")) or code.startswith(
        "Neo.ClientError.Security"
    ):
        return WriteRefused(f"refused by the server in a read-only transaction: {message}")
    if "exactly one statement" in message:
        return WriteRefused("refused: only one statement per query is allowed")
    if code.endswith("UnsupportedAdministrationCommand") or "dministration" in message:
        return WriteRefused(f"refused: administration commands are not allowed ({message})")
    return QueryError(f"{code}: {message}" if code else message)


def _rows(result: neo4j.Result, limit: int | None) -> tuple[list[str], list[list[Any]], bool]:
    columns = list(result.keys())
    rows: list[list[Any]] = []
    truncated = False
    for record in result:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        rows.append([plain(v) for v in record.values()])
    return columns, rows, truncated


def execute_read(
    text: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    check: bool = False,
) -> Result:
    """Run `text` in a READ transaction with a server-side timeout; trusted catalog path.

    With ``check=True`` the query is first planned with EXPLAIN in the same
    transaction and refused unless the server calls it read-only (see module doc).
    """
    settings = settings if settings is not None else Settings.from_env()
    seconds = settings.query_timeout if timeout is None else timeout
    text = _strip(text)
    params = dict(params or {})

    # The transaction timeout is set with unit_of_work: driver 6 accepts
    # neo4j.Query(timeout=...) only in auto-commit session.run, not in execute_read.
    @neo4j.unit_of_work(timeout=seconds or None)
    def work(tx: ManagedTransaction) -> Result:
        query_type = "r"
        if check:
            summary = tx.run("EXPLAIN " + text, params).consume()
            query_type = summary.query_type or "?"
            if query_type != "r":
                kind = _QUERY_TYPES.get(query_type, query_type)
                raise WriteRefused(
                    f"refused: this is a {kind} query (query type {query_type!r}); "
                    "only read-only queries may run here"
                )
            commands = [
                op for op in _operators(summary.plan)
                if op.startswith(_COMMAND_PREFIXES) and op not in _ALLOWED_COMMANDS
            ]
            denied = [op for op in _operators(summary.plan) if op in _DENIED_OPERATORS]
            if denied:
                raise WriteRefused(
                    "refused: LOAD CSV reads files or URLs on the server and is not allowed here"
                )
            if commands:
                raise WriteRefused(
                    f"refused: administration command ({commands[0]}); only queries and "
                    f"{', '.join(sorted(_ALLOWED_COMMANDS))} may run here"
                )
        started = time.perf_counter()
        result = tx.run(text, params)
        columns, rows, truncated = _rows(result, limit)
        elapsed = (time.perf_counter() - started) * 1000
        return Result(columns, rows, truncated, query_type, elapsed)

    try:
        with db.session(read_only=True, settings=settings) as s:
            return s.execute_read(work)
    except QueryError:
        raise
    except neo4j_errors.Neo4jError as exc:
        raise _translate(exc, seconds) from exc
    except neo4j_errors.DriverError as exc:
        if "timed out" in str(exc).lower():
            raise QueryTimeout(f"query stopped after the {seconds:g} s timeout") from exc
        raise


def run_readonly(
    text: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    limit: int | None = 1000,
    settings: Settings | None = None,
) -> Result:
    """Run user-supplied Cypher only if the server confirms it is read-only.

    Raises `WriteRefused` for writes, schema/admin commands and multiple
    statements, `QueryTimeout` when `timeout` (seconds; default
    GRIDNET_QUERY_TIMEOUT) is exceeded, and `QueryError` for anything else.
    At most `limit` rows come back; `Result.truncated` tells if more existed.
    """
    if not text or not _strip(text):
        raise QueryError("empty query")
    if limit is not None and limit < 0:
        raise QueryError("limit must be >= 0")
    return execute_read(text, params, timeout, limit, settings, check=True)


def count_nodes(settings: Settings | None = None) -> int:
    """Total node count (the tests use it to show a refused query changed nothing)."""
    result = execute_read("MATCH (n) RETURN count(n) AS n", settings=settings)
    return int(result.rows[0][0])


def rows_as_records(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict]:
    """Zip columns with each row."""
    return [dict(zip(columns, row, strict=True)) for row in rows]
