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

Ad-hoc Cypher (`run_readonly`, the CLI's ``gridnet query cypher`` and the explorer
console) is held tighter than the catalog, because anyone with console access
types it:

- procedures come from one allow-list (`ALLOWED_PROCEDURES`, schema
  introspection) and user-defined functions from another (`ALLOWED_FUNCTIONS`),
  both checked on the EXPLAIN plan, subqueries included, before anything runs;
- the text is bounded (`MAX_QUERY_CHARS`, `MAX_NESTING`) before it is sent;
- the timeout is always on and at most `MAX_TIMEOUT`; the query runs once in an
  explicit READ transaction (no retry of a query that exhausted the server), and
  the caller gets an answer within the timeout plus `CLIENT_GRACE` seconds even if
  the server never replies;
- error text from the server is passed through `safe_error_text`, which drops the
  values it quotes (a type error can quote a resident's name or phone number).

>>> from gridnet.queries.runner import run_readonly   # doctest: +SKIP
>>> run_readonly(db, "MATCH (g:Grid) RETURN g.id AS id", limit=2)   # doctest: +SKIP
Result(columns=['id'], rows=[['G-0001'], ['G-0002']], truncated=True, query_type='r')
"""

from __future__ import annotations

import contextlib
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import ManagedTransaction
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from gridnet.db import UNREACHABLE, Database
from gridnet.errors import GridnetError
from gridnet.settings import Settings

__all__ = [
    "ALLOWED_FUNCTIONS",
    "ALLOWED_PROCEDURES",
    "MAX_NESTING",
    "MAX_QUERY_CHARS",
    "MAX_TIMEOUT",
    "QueryError",
    "QueryMemory",
    "QueryTimeout",
    "Result",
    "WriteRefused",
    "execute_read",
    "plain",
    "read_transaction",
    "run_in",
    "run_readonly",
    "safe_error_text",
]

T = TypeVar("T")

# Schema introspection commands are harmless reads; every other command operator
# (transactions, settings, users, databases, termination) is DBMS administration.
_ALLOWED_COMMANDS = {"ShowIndexes", "ShowConstraints", "ShowProcedures", "ShowFunctions"}
_COMMAND_PREFIXES = ("Show", "Terminate")
# Operators of schema and administration commands (CreateIndex, DropConstraint,
# DoNothingIfExists(...), ...): never part of a query that only reads.
_SCHEMA_PREFIXES = (
    "Create",
    "Drop",
    "DoNothing",
    "Alter",
    "Rename",
    "Grant",
    "Deny",
    "Revoke",
    "Assert",
    "Ensure",
    "Start",
    "Stop",
    "Enable",
    "Set",
    "Terminate",
    "Wait",
    "Log",
)
# Reading files or URLs from the server (LOAD CSV) is refused even without a write:
# it would let a console user probe the server's disk or network.
_DENIED_OPERATORS = {"LoadCSV"}
_TIMEOUT_CODES = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration")
_MEMORY_CODES = ("MemoryPoolOutOfMemoryError", "OutOfMemoryError", "TransactionMemoryLimit")
_QUERY_TYPES = {"r": "read", "w": "write", "rw": "read/write", "s": "schema or administration"}

# The only procedures ad-hoc Cypher may call. Many procedures the server calls
# "read" still reach past the graph: query and connection lists of other users
# (dbms.listQueries, dbms.listConnections), query statistics (db.stats.*), plan
# caches (db.clearQueryCaches, db.prepareForReplanning), index sampling
# (db.resampleIndex), blocking waits (db.awaitIndex), transaction metadata
# (tx.setMetaData) and plugins (apoc.*). Schema introspection and the name search
# are what an analyst needs; everything else is refused from the plan.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "dbms.components",
    }
)
# User-defined functions (plugins such as apoc.*) ad-hoc Cypher may call; the
# server's built-in functions are always allowed.
ALLOWED_FUNCTIONS: frozenset[str] = frozenset()

MAX_QUERY_CHARS = 20_000
MAX_NESTING = 64
# No console query runs unbounded: an explicit timeout must lie in (0, MAX_TIMEOUT],
# and a configured GRIDNET_QUERY_TIMEOUT of 0 ("no limit") becomes MAX_TIMEOUT here.
MAX_TIMEOUT = 600.0
# Seconds the client waits beyond the timeout for the server's own answer before it
# gives up on the query itself (a server busy collecting garbage may never answer).
CLIENT_GRACE = 3.0

_EXPLAIN = "EXPLAIN "
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_PROCEDURE_NAME = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\(")
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_DIGIT_RUN = re.compile(r"(?<![\w.])\d(?:[ .,_-]?\d){3,}")
_POSITION = re.compile(r"\s*\(line \d+, column \d+ \(offset: \d+\)\)")


class QueryError(GridnetError, RuntimeError):
    """The query could not run (syntax error, unknown procedure, ...); message says why."""

    exit_code = 1


class WriteRefused(QueryError):
    """The query would change the graph or administer the server, so it was not run."""


class QueryMemory(QueryError):
    """The query needed more memory than one transaction may hold."""


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


def _walk(plan: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every operator of an EXPLAIN plan, subqueries included: (operator, arguments)."""
    if plan is None:
        return
    if isinstance(plan, Mapping):
        name, args, children = (
            plan.get("operatorType", ""),
            plan.get("args", {}),
            plan.get("children", []),
        )
    else:
        name = getattr(plan, "operator_type", "")
        args, children = getattr(plan, "arguments", {}), getattr(plan, "children", [])
    yield str(name).split("@", 1)[0], args or {}
    for child in children or []:
        yield from _walk(child)


def _operators(plan: Any) -> list[str]:
    return [name for name, _ in _walk(plan)]


def called_procedures(plan: Any) -> list[str]:
    """Names of the procedures a plan calls, from its ProcedureCall operators.

    The operator's ``Details`` argument starts with the procedure's name
    (``db.labels() :: (label :: STRING)``); an operator without readable details
    yields ``"?"``, which no allow-list holds, so an unreadable plan is refused.
    """
    names = []
    for operator, args in _walk(plan):
        if operator == "ProcedureCall":
            match = _PROCEDURE_NAME.match(str(args.get("Details", "")))
            names.append(match.group(1) if match else "?")
    return names


def called_functions(plan: Any, candidates: Iterable[str]) -> list[str]:
    """Which of `candidates` (function names) appear as calls in the plan's details."""
    details = "\n".join(str(args.get("Details", "")) for _, args in _walk(plan))
    return [
        name
        for name in sorted(candidates)
        if re.search(rf"(?<![\w.`]){re.escape(name)}\s*\(", details, re.IGNORECASE)
    ]


_udf_cache: dict[str, tuple[float, frozenset[str]]] = {}
_UDF_TTL = 60.0


def _user_functions(db: Database) -> frozenset[str]:
    """User-defined functions the server offers (plugins), cached for a minute per server."""
    now = time.monotonic()
    cached = _udf_cache.get(db.key)
    if cached is not None and now - cached[0] < _UDF_TTL:
        return cached[1]
    try:
        rows = db.read(
            "SHOW FUNCTIONS YIELD name, isBuiltIn WHERE NOT isBuiltIn RETURN name", timeout=10
        )
    except neo4j_errors.Neo4jError as exc:
        if isinstance(exc, UNREACHABLE):
            raise
        raise _translate(exc, 10) from exc
    names = frozenset(str(r["name"]) for r in rows)
    _udf_cache[db.key] = (now, names)
    return names


def vet_plan(summary: Any, user_functions: Iterable[str] = ()) -> str:
    """Refuse a planned query unless it is a read that only uses allowed operators,
    procedures and functions; returns its query type. Raises `WriteRefused`.

    The server types a call of a DBMS-mode procedure as ``s`` even when it only
    reads (``dbms.components``); such a plan passes when every procedure it calls is
    allowed and it holds no schema or administration operator.
    """
    query_type = getattr(summary, "query_type", None) or "?"
    plan = getattr(summary, "plan", None)
    if plan is None:
        raise WriteRefused("refused: the server returned no plan to check")
    operators = _operators(plan)
    procedures = called_procedures(plan)
    denied = [p for p in procedures if p not in ALLOWED_PROCEDURES]
    if query_type in ("r", "s") and denied:
        raise WriteRefused(
            f"refused: procedure {denied[0]} is not allowed here; allowed: "
            f"{', '.join(sorted(ALLOWED_PROCEDURES))}"
        )
    dbms_read = (
        query_type == "s"
        and bool(procedures)
        and not any(op.startswith(_SCHEMA_PREFIXES) for op in operators)
    )
    if query_type != "r" and not dbms_read:
        kind = _QUERY_TYPES.get(query_type, query_type)
        raise WriteRefused(
            f"refused: this is a {kind} query (query type {query_type!r}); "
            "only read-only queries may run here"
        )
    if any(op in _DENIED_OPERATORS for op in operators):
        raise WriteRefused(
            "refused: LOAD CSV reads files or URLs on the server and is not allowed here"
        )
    commands = [
        op for op in operators if op.startswith(_COMMAND_PREFIXES) and op not in _ALLOWED_COMMANDS
    ]
    if commands:
        raise WriteRefused(
            f"refused: administration command ({commands[0]}); only queries and "
            f"{', '.join(sorted(_ALLOWED_COMMANDS))} may run here"
        )
    functions = called_functions(plan, set(user_functions) - ALLOWED_FUNCTIONS)
    if functions:
        raise WriteRefused(
            f"refused: user-defined function {functions[0]} is not allowed here; "
            "only the server's built-in functions may run"
        )
    return "r"


def safe_error_text(text: str) -> str:
    """The first line of a server error without the values it quotes.

    A run-time error can quote the value it failed on (``Expected a numeric value
    but got: String("王建国")``, ``Text cannot be parsed to a Date "138..."``), and
    that value may be personal data. Quoted text becomes ``…``, runs of four or more
    digits (phone and ID numbers, with or without separators) become ``…``; the kind
    of error, type names and the position in the query stay.
    """
    first = text.strip().splitlines()[0] if text and text.strip() else ""
    position = _POSITION.search(first)
    body = _POSITION.sub("", first)
    body = _QUOTED.sub(lambda m: m.group(0)[0] + "…" + m.group(0)[0], body)
    body = _DIGIT_RUN.sub("…", body)
    if len(body) > 300:
        body = body[:297] + "..."
    return body + (position.group(0) if position else "")


def nesting_depth(text: str) -> int:
    """Deepest nesting of (), [] and {} outside strings, quoted names and comments."""
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            i += 1
            while i < n and text[i] != ch:
                i += 2 if text[i] == "\\" and ch != "`" else 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 1
        elif ch in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        i += 1
    return deepest


def check_shape(text: str) -> None:
    """Refuse text longer than MAX_QUERY_CHARS or nested deeper than MAX_NESTING
    before it is sent: such text costs the parser far more than any analyst needs."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long: {len(text):,} characters, at most {MAX_QUERY_CHARS:,} are accepted"
        )
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QueryError(
            f"query nested too deeply: {depth} levels of brackets, at most {MAX_NESTING} "
            "are accepted"
        )


def console_timeout(timeout: float | None, settings: Settings) -> float:
    """The timeout of an ad-hoc query: never off, never above MAX_TIMEOUT.

    An explicit value must be in (0, MAX_TIMEOUT]; without one the configured
    GRIDNET_QUERY_TIMEOUT applies, capped at MAX_TIMEOUT (0, "no limit" for the
    catalog, becomes MAX_TIMEOUT).
    """
    if timeout is None:
        configured = settings.query_timeout
        return min(configured, MAX_TIMEOUT) if configured > 0 else MAX_TIMEOUT
    if not 0 < timeout <= MAX_TIMEOUT:
        raise QueryError(
            f"timeout must be more than 0 and at most {MAX_TIMEOUT:g} s for ad-hoc Cypher, "
            f"got {timeout:g}"
        )
    return float(timeout)


def _unprefixed(message: str) -> str:
    """Positions in a planning error, counted in the user's text: the server counted
    them in ``EXPLAIN <text>``, whose first line is longer by the prefix."""

    def shift(match: re.Match[str]) -> str:
        line, column, offset = (int(g) for g in match.groups())
        if line == 1:
            column = max(column - len(_EXPLAIN), 1)
        return f"(line {line}, column {column} (offset: {max(offset - len(_EXPLAIN), 0)}))"

    return re.sub(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)", shift, message)


def _translate(
    exc: neo4j_errors.Neo4jError, timeout: float | None, planning: bool = False
) -> QueryError:
    """A QueryError naming what happened. Errors of the planning step quote only the
    user's own text and are kept whole; run-time errors go through `safe_error_text`."""
    code = exc.code or ""
    text = (exc.message or str(exc)).strip()
    if planning:
        message = _unprefixed(text.splitlines()[0]) if text else code
    else:
        message = safe_error_text(text)
    if any(code.endswith(t) for t in _TIMEOUT_CODES):
        limit = f"the {timeout:g} s timeout" if timeout else "its timeout"
        return QueryTimeout(f"query stopped after {limit}; narrow it or raise --timeout")
    if any(code.endswith(m) for m in _MEMORY_CODES):
        return QueryMemory(
            f"query stopped: it needed more memory than one query may use ({code}); "
            "narrow it (fewer rows, smaller lists, no cartesian products)"
        )
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


def run_in(
    tx: ManagedTransaction,
    text: str,
    params: Mapping[str, Any] | None = None,
    limit: int | None = None,
) -> Result:
    """Run `text` inside an open read transaction `tx` (see `read_transaction`)."""
    started = time.perf_counter()
    result = tx.run(_strip(text), dict(params or {}))
    columns, rows, truncated = _rows(result, limit)
    elapsed = (time.perf_counter() - started) * 1000
    return Result(columns, rows, truncated, "r", elapsed)


def read_transaction(
    db: Database, work: Callable[[ManagedTransaction], T], timeout: float | None = None
) -> T:
    """Run `work` in ONE managed READ transaction with a server-side timeout.

    Why a function of its own: a reader that asks several questions which must agree
    (the gap report asks whether its rollups are fresh, then reads them) asks them in
    one transaction, with the same timeout and error translation as `execute_read`.
    """
    seconds = db.query_timeout if timeout is None else timeout

    # The transaction timeout is set with unit_of_work: driver 6 accepts
    # neo4j.Query(timeout=...) only in auto-commit session.run, not in execute_read.
    @neo4j.unit_of_work(timeout=seconds or None)
    def unit(tx: ManagedTransaction) -> T:
        return work(tx)

    try:
        with db.session(read_only=True) as s:
            return s.execute_read(unit)
    except QueryError:
        raise
    except neo4j_errors.Neo4jError as exc:
        raise _translate(exc, seconds) from exc
    except neo4j_errors.DriverError as exc:
        if "timed out" in str(exc).lower():
            raise QueryTimeout(f"query stopped after the {seconds:g} s timeout") from exc
        raise


def execute_read(
    db: Database,
    text: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    limit: int | None = None,
) -> Result:
    """Run `text` in a READ transaction with a server-side timeout; the trusted path
    of the catalog and the pages (a managed transaction: transient errors retry)."""
    return read_transaction(db, lambda tx: run_in(tx, text, params, limit), timeout)


def _console_transaction(
    db: Database,
    text: str,
    params: dict[str, Any],
    seconds: float,
    limit: int | None,
    user_functions: frozenset[str],
    token: str,
) -> Result:
    """EXPLAIN, vet and run in ONE explicit READ transaction, run once (no retry).

    One transaction, so the plan that was checked is the plan that runs; explicit,
    so a query that exhausted the server's memory is reported, not retried; rolled
    back at the end, so a console query never commits anything.
    """
    with db.session(read_only=True) as s:
        tx = s.begin_transaction(metadata={"gridnet_console": token}, timeout=seconds)
        try:
            try:
                summary = tx.run(_EXPLAIN + text, params).consume()
            except neo4j_errors.Neo4jError as exc:
                if isinstance(exc, UNREACHABLE):
                    raise
                raise _translate(exc, seconds, planning=True) from exc
            query_type = vet_plan(summary, user_functions)
            started = time.perf_counter()
            try:
                columns, rows, truncated = _rows(tx.run(text, params), limit)
            except neo4j_errors.Neo4jError as exc:
                if isinstance(exc, UNREACHABLE):
                    raise
                raise _translate(exc, seconds) from exc
            elapsed = (time.perf_counter() - started) * 1000
            return Result(columns, rows, truncated, query_type, elapsed)
        finally:
            with contextlib.suppress(neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError):
                tx.close()


def _terminate_later(db: Database, token: str) -> None:
    """Ask the server, in the background, to end the abandoned console transaction.

    Best effort: a server too busy to answer the query may not answer this either,
    and the caller has already been told; the server's own timeout ends it anyway.
    """

    def work() -> None:
        with contextlib.suppress(Exception):
            with db.session() as s:
                ids = [
                    r["transactionId"]
                    for r in s.run(
                        "SHOW TRANSACTIONS YIELD transactionId, metaData "
                        "WHERE metaData.gridnet_console = $token RETURN transactionId",
                        token=token,
                    )
                ]
                if ids:
                    s.run("TERMINATE TRANSACTIONS $ids", ids=ids).consume()

    threading.Thread(target=work, name="gridnet-console-terminate", daemon=True).start()


def _within(seconds: float, work: Callable[[], Result]) -> Result | None:
    """Run `work` in a daemon thread; its result, or None if it is still running
    after `seconds` (the thread is abandoned: it ends when the server answers)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="gridnet-console-query", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        return None
    if "error" in box:
        raise box["error"]
    result: Result = box["result"]
    return result


def run_readonly(
    db: Database,
    text: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    limit: int | None = 1000,
) -> Result:
    """Run user-supplied Cypher only if the server confirms it is read-only.

    Raises `WriteRefused` for writes, schema/admin commands, procedures and
    functions outside the allow-lists and multiple statements, `QueryTimeout` when
    `timeout` (seconds, in (0, MAX_TIMEOUT]; default GRIDNET_QUERY_TIMEOUT) is
    exceeded, and `QueryError` for anything else, with quoted values removed from
    the server's message. Returns or raises within the timeout plus CLIENT_GRACE
    seconds. At most `limit` rows come back; `Result.truncated` tells if more existed.
    """
    if not text or not _strip(text):
        raise QueryError("empty query")
    if limit is not None and limit < 0:
        raise QueryError("limit must be >= 0")
    check_shape(text)
    seconds = console_timeout(timeout, db.settings)
    user_functions = _user_functions(db)
    token = secrets.token_hex(8)
    text, params = _strip(text), dict(params or {})

    def work() -> Result:
        return _console_transaction(db, text, params, seconds, limit, user_functions, token)

    try:
        result = _within(seconds + CLIENT_GRACE, work)
    except neo4j_errors.DriverError as exc:
        if "timed out" in str(exc).lower():
            raise QueryTimeout(f"query stopped after the {seconds:g} s timeout") from exc
        raise
    if result is None:
        _terminate_later(db, token)
        raise QueryTimeout(
            f"query stopped: no answer from the server within the {seconds:g} s timeout "
            f"(+{CLIENT_GRACE:g} s); it was abandoned, narrow it"
        )
    return result
