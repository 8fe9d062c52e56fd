"""The query catalog: one named, documented, parameterised Cypher query per file.

Why headers: planners pick queries by name and purpose, the CLI converts their
``k=v`` text to the declared types, and the README is generated from the same
lines, so the documentation cannot drift from the queries. Each file in
``queries/catalog/`` is one block of the project's ``.cypher`` grammar
(`gridnet.cypher`) whose header the catalog checks more strictly::

    // name: grid_summary
    // purpose: One row per grid: households, lighthouses, buildings, requests.
    // audience: planner, analyst
    // scope: grids
    // param: as_of date = null  -- reference date (null = today)
    // returns: grid_id, grid_name, households

``param`` is ``NAME TYPE [= DEFAULT] [-- description]`` with TYPE one of str,
int, float, bool, date; without a default the parameter is required, ``= null``
makes it optional with a null value. A bare ``NAME`` takes a parameter declared
once for every query (`gap_rules.SHARED_PARAMS`). ``scope: grids`` (or
``communities``) gives the query the optional ``district``, ``community`` and
``grid`` parameters; before it runs they are resolved to ids once
(``fragments/scope.cypher``), and the query reads them as ``$grids`` (or
``$communities``), starting with ``UNWIND $grids AS grid_id MATCH (g:Grid {id:
grid_id})``. Every ``$name`` in the body must be declared and every declared
parameter used. The name must equal the file stem.

The gap queries (``gap_<code>``, ``gap_report``) are not files here: `compose`
builds them from the gap declarations and their fragments, and the catalog checks
their headers with the same rules.

>>> spec = get("grid_summary")        # doctest: +SKIP
>>> bind(spec, {"community": "C-01"})  # doctest: +SKIP
{'district': None, 'community': 'C-01', 'grid': None}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from gridnet import cypher
from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.graph.model import BOOLEAN_WORDS
from gridnet.queries import compose, rollup, runner
from gridnet.queries.gap_rules import FRAGMENTS_DIR, SHARED_PARAMS

__all__ = [
    "AUDIENCES",
    "CATALOG_DIR",
    "SCOPES",
    "CatalogError",
    "Param",
    "ParamError",
    "QuerySpec",
    "TYPES",
    "bind",
    "get",
    "load_catalog",
    "parse_file",
    "prepare",
    "resolve_scope",
    "rows",
    "run",
]

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
TYPES = ("str", "int", "float", "bool", "date")
AUDIENCES = ("planner", "analyst", "reviewer")
_KEYS = ("purpose", "audience", "scope", "param", "returns")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?:\s*=\s*(?P<default>.*?))?\s*(?:--\s*(?P<doc>.*))?$"
)
_PARAM_REF = re.compile(r"\$(\w+)")
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


class CatalogError(GridnetError, ValueError):
    """A catalog query is malformed; the message names its file (and line)."""


class ParamError(GridnetError, ValueError):
    """Parameters given to a catalog query do not match its header."""


@dataclass(frozen=True)
class Param:
    """One declared parameter of a catalog query."""

    name: str
    type: str
    default: Any = None
    required: bool = True
    doc: str = ""

    def convert(self, value: Any) -> Any:
        """Convert a CLI string (or a Python value) to the declared type."""
        if value is None:
            return None
        try:
            return _convert(self.type, value)
        except (TypeError, ValueError) as exc:
            raise ParamError(
                f"parameter {self.name!r} must be a {self.type}: got {value!r} ({exc})"
            ) from None

    def describe(self) -> str:
        default = "required" if self.required else f"default {self.default!r}"
        return f"{self.name} ({self.type}, {default})"


@dataclass(frozen=True)
class QuerySpec:
    """A catalog query: its header and its Cypher text."""

    name: str
    purpose: str
    audience: tuple[str, ...]
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    text: str
    path: Path
    scope: str | None = None

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]


def _convert(type_: str, value: Any) -> Any:
    if type_ == "str":
        return str(value)
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in BOOLEAN_WORDS[True]:
            return True
        if text in BOOLEAN_WORDS[False]:
            return False
        raise ValueError("use true or false")
    if type_ == "int":
        if isinstance(value, bool):
            raise ValueError("not a number")
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("not a whole number")
        return int(value) if not isinstance(value, str) else int(value.strip())
    if type_ == "float":
        if isinstance(value, bool):
            raise ValueError("not a number")
        return float(value)
    if type_ == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value).strip())
    raise ValueError(f"unknown type {type_!r}")


def _parse_default(type_: str, raw: str | None, where: str) -> tuple[Any, bool]:
    """(default value, required) for the text after ``=``."""
    if raw is None or raw == "":
        return None, True
    raw = raw.strip()
    if raw.lower() == "null":
        return None, False
    if type_ == "str" and len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        raw = raw[1:-1]
    try:
        return _convert(type_, raw), False
    except ValueError as exc:
        raise CatalogError(f"{where}: default {raw!r} is not a {type_} ({exc})") from None


def _parse_param(raw: str, where: str) -> Param:
    """One ``// param:`` value; a bare name takes its shared declaration."""
    raw = SHARED_PARAMS.get(raw.strip(), raw)
    match = _PARAM.match(raw)
    if not match:
        raise CatalogError(f"{where}: param must read `NAME TYPE [= DEFAULT] [-- doc]`")
    ptype = match["type"]
    if ptype not in TYPES:
        raise CatalogError(
            f"{where}: param {match['name']!r} has unknown type {ptype!r}; "
            f"use one of {', '.join(TYPES)}"
        )
    default, required = _parse_default(ptype, match["default"], where)
    return Param(match["name"], ptype, default, required, (match["doc"] or "").strip())


# The scope parameters (`// scope:`), declared once; `resolve_scope` turns them into ids.
_SCOPE_PARAMS = (
    "district str = null  -- district (or street) id; null = whole city",
    "community str = null  -- community or village id; null = no community filter",
    "grid str = null  -- grid id; null = no grid filter",
)
SCOPES = ("grids", "communities")


def _spec(
    name: str, header: Mapping[str, list[str]], text: str, path: Path, where: str
) -> QuerySpec:
    """Check a catalog header (``// key: value`` lines by key) against its Cypher."""
    unknown = [key for key in header if key not in _KEYS]
    if unknown:
        raise CatalogError(
            f"{where}: header line must be one of "
            f"{', '.join(k + ':' for k in ('name', *_KEYS))} (got {unknown[0]!r})"
        )

    def one(key: str) -> str:
        values = header.get(key, [])
        if len(values) != 1 or not values[0]:
            count = "missing" if not values or not values[0] else "given more than once"
            raise CatalogError(f"{where}: header `// {key}:` is {count}")
        return values[0]

    if not _NAME.match(name):
        raise CatalogError(f"{where}: name {name!r} must be lower_snake_case")
    purpose = one("purpose")
    audience = tuple(a for a in re.split(r"[\s,|]+", one("audience")) if a)
    bad = [a for a in audience if a not in AUDIENCES]
    if bad:
        raise CatalogError(f"{where}: unknown audience {bad[0]!r}; use {', '.join(AUDIENCES)}")
    returns = tuple(c.strip() for c in one("returns").split(",") if c.strip())
    scope = one("scope") if "scope" in header else None
    if scope is not None and scope not in SCOPES:
        raise CatalogError(f"{where}: scope {scope!r} must be one of {', '.join(SCOPES)}")

    params: list[Param] = [_parse_param(raw, where) for raw in _SCOPE_PARAMS] if scope else []
    for raw in header.get("param", []):
        param = _parse_param(raw, where)
        if any(p.name == param.name for p in params):
            by_scope = scope and param.name in _scope_names()
            raise CatalogError(
                f"{where}: param {param.name!r} declared twice"
                + (" (given by `// scope:`)" if by_scope else "")
            )
        params.append(param)

    if not text.strip():
        raise CatalogError(f"{where}: no Cypher after the header")
    code = "\n".join(
        _STRING_LITERAL.sub("''", line)
        for line in text.splitlines()
        if not line.strip().startswith("//")
    )
    used = set(_PARAM_REF.findall(code))
    declared = {p.name for p in params}
    filled = {scope} if scope else set()  # the ids of the scope, filled in by `prepare`
    if used - declared - filled:
        raise CatalogError(
            f"{where}: uses undeclared parameter(s) {', '.join(sorted(used - declared - filled))}"
        )
    unused = (declared - used - (_scope_names() if scope else set())) | (filled - used)
    if unused:
        raise CatalogError(f"{where}: declares unused parameter(s) {', '.join(sorted(unused))}")
    if scope and not text.startswith(compose.START[scope]):
        first = compose.START[scope].replace("\n", " ")
        raise CatalogError(f"{where}: a query with `// scope: {scope}` starts with `{first}`")
    if scope and used & _scope_names():
        raise CatalogError(
            f"{where}: with `// scope: {scope}` the query reads ${scope}, "
            f"not {', '.join('$' + n for n in sorted(used & _scope_names()))}"
        )
    return QuerySpec(name, purpose, audience, tuple(params), returns, text, path, scope)


def _scope_names() -> set[str]:
    return {raw.split()[0] for raw in _SCOPE_PARAMS}


def parse_file(path: Path) -> QuerySpec:
    """Parse and validate one catalog file; raises CatalogError naming the file."""
    try:
        blocks = cypher.load_file(path)
    except cypher.CypherFileError as exc:
        raise CatalogError(str(exc)) from None
    if len(blocks) != 1:
        raise CatalogError(f"{path.name}: one query per file, found {', '.join(blocks)}")
    query = next(iter(blocks.values()))
    if not query.header:  # no `// name:` line, or nothing after it
        raise CatalogError(f"{path.name}: header `// name:` is missing")
    where = f"{path.name}:{query.line}"
    if query.name != path.stem:
        raise CatalogError(f"{where}: name {query.name!r} must equal the file name {path.stem!r}")
    return _spec(query.name, query.header, query.text, path, where)


def load_catalog(directory: Path | str | None = None) -> dict[str, QuerySpec]:
    """All queries of a catalog folder by name, validated; cached for the default folder."""
    if directory is None:
        return dict(_default_catalog())
    return _load(Path(directory))


def _load(directory: Path) -> dict[str, QuerySpec]:
    if not directory.is_dir():
        raise CatalogError(f"catalog folder {directory} does not exist")
    specs: dict[str, QuerySpec] = {}
    for path in sorted(directory.glob("*.cypher")):
        spec = parse_file(path)
        if spec.name in specs:
            raise CatalogError(
                f"{path.name}: duplicate query name {spec.name!r} (also in "
                f"{specs[spec.name].path.name})"
            )
        specs[spec.name] = spec
    return specs


@lru_cache(maxsize=1)
def _default_catalog() -> dict[str, QuerySpec]:
    """The files of ``catalog/`` and the composed gap queries, in name order."""
    specs = _load(CATALOG_DIR)
    for query in compose.catalog_queries():
        if query.name in specs:
            raise CatalogError(
                f"{specs[query.name].path.name}: {query.name!r} is composed from "
                f"{query.source.name}; remove the file"
            )
        where = f"{query.source.name} ({query.name})"
        specs[query.name] = _spec(query.name, query.header, query.text, query.source, where)
    return dict(sorted(specs.items()))


def get(name: str) -> QuerySpec:
    """The catalog query called `name`; the error lists close names."""
    specs = load_catalog()
    if name not in specs:
        import difflib

        close = difflib.get_close_matches(name, specs, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `gridnet query list`"
        raise ParamError(f"no catalog query named {name!r}{hint}")
    return specs[name]


def bind(spec: QuerySpec, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Check and convert parameters against the header; fill defaults.

    Unknown names raise ParamError listing the valid ones; missing required
    parameters raise ParamError too. The strings ``""`` and ``"null"`` mean null
    for optional parameters.
    """
    values = dict(values or {})
    unknown = [k for k in values if k not in spec.param_names]
    if unknown:
        valid = ", ".join(p.describe() for p in spec.params) or "none"
        raise ParamError(
            f"query {spec.name!r} has no parameter {unknown[0]!r}; valid parameters: {valid}"
        )
    bound: dict[str, Any] = {}
    for p in spec.params:
        if p.name in values:
            value = values[p.name]
            if isinstance(value, str) and value.strip().lower() in ("", "null") and p.type != "str":
                value = None
            elif isinstance(value, str) and value.strip().lower() == "null":
                value = None
            if value is None and p.required:
                raise ParamError(f"query {spec.name!r}: parameter {p.name!r} must not be null")
            bound[p.name] = p.convert(value)
        elif p.required:
            raise ParamError(
                f"query {spec.name!r} needs parameter {p.name!r} ({p.type})"
                + (f": {p.doc}" if p.doc else "")
            )
        else:
            bound[p.name] = p.default
    return bound


def resolve_scope(
    db: Database,
    scope: str,
    district: str | None = None,
    community: str | None = None,
    grid: str | None = None,
    timeout: float | None = None,
) -> list[str]:
    """The ids of the grids (or communities) in scope, sorted; ``scope`` as in `SCOPES`.

    Why a step of its own: every scoped query means the same by district, community
    and grid, so the rule is one block of ``fragments/scope.cypher``, run here once,
    and the query itself only reads the ids.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, got {scope!r}")
    query = cypher.load_file(FRAGMENTS_DIR / "scope.cypher")[scope]
    values = {"district": district, "community": community, "grid": grid}
    result = runner.execute_read(db, query.text, values, timeout)
    return [str(i) for i in result.rows[0][0]] if result.rows else []


def prepare(
    db: Database,
    spec: QuerySpec,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    within: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The parameters `spec.text` runs with: bound, and its scope resolved to ids.

    `within`: the scope's ids themselves (grids or communities, as `spec.scope` says),
    already known to the caller, instead of a district, community or grid to resolve.
    """
    bound = bind(spec, params)
    if spec.scope is None:
        if within is not None:
            raise CatalogError(f"{spec.name} has no scope: it cannot run within given ids")
        return bound
    where = {name: bound.pop(name) for name in sorted(_scope_names())}
    if within is not None:
        bound[spec.scope] = list(within)
    else:
        bound[spec.scope] = resolve_scope(db, spec.scope, timeout=timeout, **where)
    return bound


def run(
    db: Database,
    name: str | QuerySpec,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    limit: int | None = None,
) -> runner.Result:
    """Bind and run a catalog query in a READ transaction with a timeout.

    The gap report reads its rollups when they are fresh (`rollup.run`; same rows).
    """
    spec = name if isinstance(name, QuerySpec) else get(name)
    values = prepare(db, spec, params, timeout)
    if spec.name == rollup.QUERY and spec.text == compose.gap_report():
        return rollup.run(db, values, timeout, limit)
    return runner.execute_read(db, spec.text, values, timeout, limit)


def rows(
    db: Database,
    name: str | QuerySpec,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    """Like `run` but returns the rows as dicts."""
    return run(db, name, params, timeout).records()
