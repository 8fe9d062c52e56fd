"""Cached data access for the explorer pages, through the query layer and explorer/cypher.

Pages never write Cypher: they call these functions. Every value reaches Cypher
as a parameter, every query runs read-only with a timeout, results are plain
Python (no driver objects) so they can be cached. Residents' personal values are
display forms in the graph itself (``gridnet.privacy``); clear values come only
from ``explorer/personal.py``, for a viewer allowed to see them.

One `Database` handle per set of settings is kept with ``st.cache_resource``
(Streamlit hashes the settings' values, so re-pointing the app builds a new one).
Each cached reader takes the server's identity, the handle's ``key``, as its first
argument ``server`` (no leading underscore, so Streamlit hashes it into the cache
key) and the handle itself as ``_db`` (left out of the key: a handle is not data):
pointing the app at another server (or a closed port in the tests) never serves
the previous server's results.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, LiteralString

import streamlit as st

from gridnet.cypher import load_file
from gridnet.db import Database, DatabaseUnavailable
from gridnet.queries import catalog, reference_day, runner
from gridnet.queries.gap_rules import MAX_SERVED
from gridnet.settings import Settings

if TYPE_CHECKING:
    import networkx as nx

    from gridnet.queries import siting as siting_query
    from gridnet.queries.recommend import Recommendation

# Heavy libraries (scipy for siting, networkx for projections) are imported by the
# readers that need them, not with this module: every page imports it before it shows
# anything.

CYPHER_DIR = Path(__file__).resolve().parent / "cypher"
TTL = 300  # seconds: a planner's view may be five minutes old, a reload clears it
ROW_LIMIT = 50_000

__all__ = [
    "Outage",
    "is_down",
    "area_shapes",
    "as_of_default",
    "case_queue",
    "case_trends",
    "check",
    "coverage_by_community",
    "cypher",
    "database",
    "gap_nodes",
    "gap_detail",
    "gap_report",
    "grid_shapes",
    "hierarchy",
    "lastmile_rows",
    "lucene_query",
    "map_lighthouses",
    "map_platforms",
    "overview_counts",
    "projection",
    "read",
    "recommendation",
    "requests_closed",
    "requests_open",
    "run_catalog",
    "run_cypher",
    "search",
    "service_categories",
    "settings",
    "siting",
    "siting_now",
]


def settings() -> Settings:
    """Settings from the environment, read on every call so tests can re-point the app."""
    return Settings.from_env()


@st.cache_resource(show_spinner=False)
def _database(settings: Settings) -> Database:
    return Database.connect(settings)


def _server() -> tuple[str, Database]:
    """The hashed server key and the handle, the first two arguments of every cached reader."""
    handle = database()
    return handle.key, handle


def database() -> Database:
    """The handle for the current settings, built once per settings and kept open.

    A server that cannot be reached raises `DatabaseUnavailable` and nothing is kept,
    so the next call tries again.
    """
    return _database(settings())


# Per server key: when a read last succeeded (wall clock, for "data as of") and when a
# health check last failed (monotonic). While a server was found down a moment ago, a
# cache miss fails at once instead of retrying for RETRY_SECONDS per query: a page says
# "down" in seconds, not after one retry window per reader.
_LAST_OK: dict[str, float] = {}
_DOWN: dict[str, float] = {}
DOWN_HOLD = 10.0  # seconds a failed check holds; every page run checks again


class Outage:
    """The database could not be reached on this run; `last_ok` is when it last answered."""

    def __init__(self, error: DatabaseUnavailable, last_ok: float | None) -> None:
        self.error = error
        self.last_ok = last_ok


def _key(s: Settings) -> str:
    return f"{s.uri}|{s.database}|{s.user}"


def check() -> Outage | None:
    """Ask the server for its version (auto-commit, no retry loop); None when it answers.

    Every page run starts with it, so a stopped server is reported within seconds and
    a restarted one is used again without anyone pressing a button.
    """
    key = _key(settings())
    try:
        database().ping()
    except DatabaseUnavailable as exc:
        _DOWN[key] = time.monotonic()
        return Outage(exc, _LAST_OK.get(key))
    _DOWN.pop(key, None)
    _LAST_OK[key] = time.time()
    return None


def is_down() -> bool:
    """The last health check of the current server failed a moment ago (see `check`)."""
    down = _DOWN.get(_key(settings()))
    return down is not None and time.monotonic() - down < DOWN_HOLD


def cypher(name: str) -> LiteralString:
    """The text of ``explorer/cypher/<name>.cypher`` (read once, `gridnet.cypher`)."""
    return load_file(CYPHER_DIR / f"{name}.cypher")[name].text


def read(
    db: Database,
    name: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    """Run an explorer query read-only (READ transaction, server timeout); plain rows."""
    down = _DOWN.get(db.key)
    if down is not None and time.monotonic() - down < DOWN_HOLD:
        raise DatabaseUnavailable(db.settings, "it did not answer the health check just now")
    rows = runner.execute_read(db, cypher(name), dict(params or {}), timeout=timeout).records()
    _LAST_OK[db.key] = time.time()
    return rows


# --------------------------------------------------------------------- cached readers


@st.cache_data(ttl=TTL, show_spinner=False)
def _hierarchy(server: str, _db: Database) -> list[dict[str, Any]]:
    return read(_db, "hierarchy")


def hierarchy() -> list[dict[str, Any]]:
    """Every grid with its community and district (for the pickers)."""
    return _hierarchy(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _overview(server: str, _db: Database) -> dict[str, Any]:
    rows = read(_db, "overview_counts")
    return rows[0] if rows else {}


def overview_counts() -> dict[str, Any]:
    """Headline counts: grids, branches, groups, lighthouses, households, members, ..."""
    return _overview(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _coverage(server: str, _db: Database) -> list[dict[str, Any]]:
    return read(_db, "coverage_by_community")


def coverage_by_community() -> list[dict[str, Any]]:
    """Coverage numerators and denominators per community or village."""
    return _coverage(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _as_of(server: str, _db: Database) -> dt.date:
    return reference_day.data_day(_db)


def as_of_default() -> dt.date:
    """The data's reference day (`queries.reference_day`), the rollups' day too."""
    return _as_of(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _requests_open(server: str, _db: Database, as_of: str) -> list[dict[str, Any]]:
    return read(_db, "requests_open", {"as_of": as_of})


def requests_open(as_of: dt.date) -> list[dict[str, Any]]:
    """Requests open on `as_of`, with age in days and deadline breach."""
    return _requests_open(*_server(), as_of.isoformat())


@st.cache_data(ttl=TTL, show_spinner=False)
def _requests_closed(server: str, _db: Database) -> list[dict[str, Any]]:
    return read(_db, "requests_closed")


def requests_closed() -> list[dict[str, Any]]:
    """Closed requests with their resolution time in days."""
    return _requests_closed(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _grid_shapes(server: str, _db: Database) -> list[dict[str, Any]]:
    return read(_db, "grid_shapes")


def grid_shapes() -> list[dict[str, Any]]:
    """Grids with boundary text and coverage figures, for the map."""
    return _grid_shapes(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _area_shapes(server: str, _db: Database) -> list[dict[str, Any]]:
    return read(_db, "area_shapes")


def area_shapes() -> list[dict[str, Any]]:
    """Districts, communities and villages with their boundary (if any), for the map."""
    return _area_shapes(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _map_platforms(server: str, _db: Database) -> list[dict[str, Any]]:
    return read(_db, "map_platforms")


def map_platforms() -> list[dict[str, Any]]:
    """Platforms with a location and what they serve, for the map."""
    return _map_platforms(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _map_lighthouses(server: str, _db: Database) -> list[dict[str, Any]]:
    return read(_db, "map_lighthouses")


def map_lighthouses() -> list[dict[str, Any]]:
    """Lighthouse households counted per building or grid (never one household's point)."""
    return _map_lighthouses(*_server())


@st.cache_data(ttl=TTL, show_spinner=False)
def _service_categories(server: str, _db: Database) -> list[dict[str, Any]]:
    from gridnet.queries import siting as siting_query

    return siting_query.categories(_db)


def service_categories() -> list[dict[str, Any]]:
    """Every service category (id, name), for the siting page's picker."""
    return _service_categories(*_server())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _siting_problem(
    server: str, _db: Database, category: str, community: str | None
) -> siting_query.Problem:
    from gridnet.queries import siting as siting_query

    return siting_query.load_problem(_db, category, community)


def siting_now(category: str, community: str | None) -> dict[str, int]:
    """A community's reach of `category` before anything is added (no solver run)."""
    from gridnet.queries import siting as siting_query

    return siting_query.reach_now(_siting_problem(*_server(), category, community))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _siting(
    server: str, _db: Database, category: str, community: str | None, add: int
) -> dict[str, Any]:
    from gridnet.queries import siting as siting_query

    problem = _siting_problem(server, _db, category, community)
    return siting_query.site(_db, category, add, community, layers=True, problem=problem)


def siting(category: str, community: str | None, add: int) -> dict[str, Any]:
    """`gridnet site` for one community with the map's layers under ``map``."""
    return _siting(*_server(), category, community, add)


_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


def lucene_query(text: str) -> str:
    """A Lucene query that matches the words of `text` literally (operators escaped).

    >>> lucene_query('a+b OR "c"')
    'a\\\\+b "OR" \\\\"c\\\\"'
    """
    words = [w for w in text.split() if w]
    escaped = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in words]
    # AND/OR/NOT are operators in Lucene even when escaped characters are not: quote them.
    return " ".join(f'"{w}"' if w in ("AND", "OR", "NOT") else w for w in escaped)


@st.cache_data(ttl=60, show_spinner=False)
def _search(server: str, _db: Database, text: str, limit: int) -> list[dict[str, Any]]:
    lucene = lucene_query(text)
    if not lucene:
        return []
    return read(_db, "search", {"lucene": lucene, "text": text.strip(), "limit": limit})


def search(text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text name search (index `place_names`) and exact id match, with the hit's grid."""
    return _search(*_server(), text.strip(), limit) if text.strip() else []


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _lastmile(
    server: str, _db: Database, grids: tuple[str, ...], depth: int
) -> list[dict[str, Any]]:
    return read(_db, "lastmile", {"grids": list(grids), "depth": depth, "row_limit": ROW_LIMIT})


def lastmile_rows(grids: Sequence[str], depth: int) -> list[dict[str, Any]]:
    """Edge rows of the last mile of `grids` up to `depth` (1-3)."""
    return _lastmile(*_server(), tuple(grids), int(depth))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _gap_nodes(
    server: str, _db: Database, grids: tuple[str, ...], as_of: str, max_served: int
) -> list[dict[str, Any]]:
    from gridnet.queries import gaps

    return gaps.gap_nodes(_db, grids, dt.date.fromisoformat(as_of), max_served)


def gap_nodes(
    grids: Sequence[str], as_of: dt.date, max_served: int = MAX_SERVED
) -> list[dict[str, Any]]:
    """The nodes behind node-level gaps of `grids`: {grid, label, id, gap, name}."""
    return _gap_nodes(*_server(), tuple(grids), as_of.isoformat(), int(max_served))


@st.cache_data(ttl=TTL, show_spinner=False)
def _gap_report(server: str, _db: Database, as_of: str, max_served: int) -> list[dict[str, Any]]:
    from gridnet.queries import gaps

    return gaps.gap_report(_db, as_of=dt.date.fromisoformat(as_of), max_served=max_served)


def gap_report(as_of: dt.date, max_served: int = MAX_SERVED) -> list[dict[str, Any]]:
    """One row per grid from the query layer's gap report (codes, score, severity)."""
    return _gap_report(*_server(), as_of.isoformat(), int(max_served))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=4)
def _case_queue(server: str, _db: Database, today: str, mark: str) -> list[dict[str, Any]]:
    from gridnet.workflow import review

    return review.list_cases(_db, today=dt.date.fromisoformat(today))


def case_queue() -> list[dict[str, Any]]:
    """Every case with its state today (`review.list_cases`), cached until a case changes.

    `review.cases_mark` is part of the key, so an assignment, a report or a snapshot
    (from this page, another session or the command line) is read at the next run,
    and until then the queue is not read again at each click of the Review page (5 s
    at 1M households); the page narrows it with `review.select`.
    """
    from gridnet.workflow import review

    server, db = _server()
    return _case_queue(server, db, dt.date.today().isoformat(), review.cases_mark(db))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def _case_trends(
    server: str, _db: Database, level: str, code: str | None, snapshot: str
) -> list[dict[str, Any]]:
    return catalog.rows(_db, "case_trends", {"level": level, "code": code})


def case_trends(level: str, code: str | None) -> list[dict[str, Any]]:
    """The catalog's ``case_trends``, cached per latest snapshot.

    Every figure of a trend (findings, cases opened, verified 销号, reopened) is written
    by a snapshot, so `review.snapshot_mark` is part of the key: a new or completed
    snapshot is read at once, and until then the trend is not read again on every run
    (9.5 s at 1M households).
    """
    from gridnet.workflow import review

    server, db = _server()
    return _case_trends(server, db, level, code, review.snapshot_mark(db))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def _gap_detail(
    server: str, _db: Database, grid: str, codes: tuple[str, ...], as_of: str, max_served: int
) -> dict[str, list[dict[str, Any]]]:
    from gridnet.queries import gaps

    out = {}
    for code in codes:
        rows = gaps.find(
            _db, code, grid=grid, as_of=dt.date.fromisoformat(as_of), max_served=max_served
        )
        out[code] = rows
    return out


def gap_detail(
    grid: str, codes: Sequence[str], as_of: dt.date, max_served: int = MAX_SERVED
) -> dict[str, list[dict[str, Any]]]:
    """For one grid, the rows behind each of its gap codes (query layer's `gaps.find`)."""
    return _gap_detail(*_server(), grid, tuple(codes), as_of.isoformat(), int(max_served))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def _projection(
    server: str, _db: Database, grid: str | None, community: str | None
) -> nx.MultiDiGraph[str]:
    from gridnet.queries import projection as proj

    return proj.project(_db, grid=grid, community=community)


def projection(grid: str | None = None, community: str | None = None) -> nx.MultiDiGraph[str]:
    """The query layer's networkx projection of a grid or community."""
    return _projection(*_server(), grid, None if grid else community)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _recommendation(
    server: str,
    _db: Database,
    grid: str | None,
    community: str | None,
    capacity: int,
    neighbourhood: str,
    method: str,
    budget: int | None,
) -> Recommendation:
    from gridnet.queries import recommend

    return recommend.recommend(
        _db,
        grid=grid,
        community=None if grid else community,
        method=method,
        capacity=capacity,
        neighbourhood=neighbourhood,
        budget=budget,
    )


def recommendation(
    grid: str | None,
    community: str | None,
    capacity: int = MAX_SERVED,
    neighbourhood: str = "building",
    method: str = "auto",
    budget: int | None = None,
) -> Recommendation:
    """The query layer's lighthouse recommendation for a grid (or else a community)."""
    return _recommendation(
        *_server(), grid, community, int(capacity), neighbourhood, method, budget
    )


def run_catalog(
    spec: catalog.QuerySpec, params: Mapping[str, Any], timeout: float, limit: int
) -> runner.Result:
    """The console's catalog query, bound and run read-only; never cached (an analyst
    re-running a query wants the graph as it is now)."""
    return catalog.run(database(), spec, params, timeout=timeout, limit=limit)


def run_cypher(text: str, params: Mapping[str, Any], timeout: float, limit: int) -> runner.Result:
    """The console's own Cypher, through the read-only guard (planned and run in one
    READ transaction); never cached."""
    return runner.run_readonly(database(), text, params, timeout=timeout, limit=limit)


def clear_caches() -> None:
    """Forget every cached result (the sidebar's refresh button)."""
    st.cache_data.clear()


# --------------------------------------------------------------------- network exploration

NEIGHBOUR_LIMIT = 60  # neighbours per relationship type and direction in one expansion


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def _neighbour_counts(server: str, _db: Database, label: str, node_id: str) -> list[dict[str, Any]]:
    return read(_db, "neighbour_counts", {"label": label, "id": node_id})


def neighbour_counts(label: str, node_id: str) -> list[dict[str, Any]]:
    """How many neighbours a node has: {type, direction ('in'/'out'), count}."""
    return _neighbour_counts(*_server(), label, node_id)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def _neighbours(
    server: str, _db: Database, label: str, node_id: str, types: tuple[str, ...], limit: int
) -> list[dict[str, Any]]:
    return read(
        _db, "neighbours", {"label": label, "id": node_id, "types": list(types), "limit": limit}
    )


def neighbours(
    label: str, node_id: str, types: Sequence[str], limit: int = NEIGHBOUR_LIMIT
) -> list[dict[str, Any]]:
    """Edge rows {source, type, target} from a node to its neighbours along `types`
    (at most `limit` per type and direction)."""
    return _neighbours(*_server(), label, node_id, tuple(sorted(types)), int(limit))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _node_facts(
    server: str,
    _db: Database,
    lighthouses: tuple[str, ...],
    persons: tuple[str, ...],
    organizations: tuple[str, ...],
    platforms: tuple[str, ...],
) -> list[dict[str, Any]]:
    return read(
        _db,
        "node_facts",
        {
            "lighthouses": list(lighthouses),
            "persons": list(persons),
            "organizations": list(organizations),
            "platforms": list(platforms),
        },
    )


def node_facts(ids_by_label: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """Lighthouse loads and mean ratings for the slicer: {label, id, load, rating, ratings}.

    `ids_by_label` holds ``lighthouse`` (household ids), ``Person``, ``Organization`` and
    ``Platform`` ids.
    """

    def ids(name: str) -> tuple[str, ...]:
        return tuple(sorted(set(ids_by_label.get(name, ()))))

    return _node_facts(
        *_server(), ids("lighthouse"), ids("Person"), ids("Organization"), ids("Platform")
    )


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def _locate(server: str, _db: Database, node_id: str) -> list[dict[str, Any]]:
    return read(_db, "locate", {"id": node_id})


def locate(node_id: str) -> list[dict[str, Any]]:
    """Every node with this id (one per label at most), with the grid or community that
    shows it: {label, id, name, grid_id, grid_name, community_id}, likeliest first."""
    return _locate(*_server(), node_id.strip()) if node_id.strip() else []


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _community_structure(server: str, _db: Database, community: str) -> list[dict[str, Any]]:
    return read(_db, "community_structure", {"community": community})


def community_structure(community: str) -> list[dict[str, Any]]:
    """Edge rows of a community's own structure (its grids, organisations, platforms)."""
    return _community_structure(*_server(), community)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _grid_summaries(server: str, _db: Database, grids: tuple[str, ...]) -> list[dict[str, Any]]:
    return read(_db, "grid_summaries", {"grids": list(grids)})


def grid_summaries(grids: Sequence[str]) -> list[dict[str, Any]]:
    """Per grid: households, lighthouses, buildings, branches, party groups, open requests."""
    return _grid_summaries(*_server(), tuple(grids))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def _grid_actions(
    server: str, _db: Database, grid: str, as_of: str
) -> dict[str, list[dict[str, Any]]]:
    return {
        "candidates": read(_db, "action_branch_candidates", {"grid": grid}),
        "loads": read(_db, "action_lighthouse_loads", {"grid": grid}),
        "overdue": read(_db, "action_overdue_requests", {"grid": grid, "as_of": as_of}),
    }


def grid_actions(grid: str, as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    """What the action list of one grid is made from: branch candidates (party members
    living in a grid without a branch), lighthouse loads, requests overdue on `as_of`."""
    return _grid_actions(*_server(), grid, as_of.isoformat())


@st.cache_data(ttl=TTL, show_spinner=False)
def _categories(server: str, _db: Database) -> list[dict[str, Any]]:
    return read(_db, "categories")


def categories() -> list[dict[str, Any]]:
    """Every service category: {id, name, name_en}."""
    return _categories(*_server())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def _service_path(
    server: str, _db: Database, household: str, category: str
) -> list[dict[str, Any]]:
    return read(_db, "service_path", {"household": household, "category": category})


def service_path(household: str, category: str) -> list[dict[str, Any]]:
    """The serving chain from a household to the nearest platform offering `category`:
    edge rows {source, type, target, reached} (``reached`` false: no platform reaching the
    household's grid offers it)."""
    return _service_path(*_server(), household, category)
