"""The bulk first load (`gridnet load PATH --initial`): the importer instead of MERGEs.

Why: a first load into an empty database needs none of what makes the online
writer slow (transactions, MERGE by id, unlinking old relationships), and Neo4j's
offline importer writes the store files directly, several times faster. The load
is the same one up to the write: the same readers, passes, rules and rejects
file (`gridnet.loaders.pipeline`). Only the valid rows are written, and each goes
through the online writer's own per-row transformation (`writer.graph_batches`:
typed values, points, display forms and tokens, the clear values to the vault),
so the two graphs cannot differ; the test suite checks that they are identical.

What the importer's files hold comes from the online writer's statements: a node's
properties are those its table's ``upsert`` SETs (``loaders/cypher/<table>.cypher``),
a relationship's those its ``MERGE (…)-[r:TYPE {…}]`` and ``SET r.…`` give. Which
relationships a row makes is `RELATIONSHIPS` (the MATCH/MERGE shapes of the same
statements). Then the server is stopped, ``neo4j-admin database import full``
replaces the (empty) database, the server is started again and the schema is
applied, as after any load.

Refused (`InitialRefused`, exit code 2) against a database holding any data, or
against a server gridnet does not run (NEO4J_URI): the importer replaces the
whole store and needs the store's files.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from neo4j.spatial import WGS84Point

from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.graph import model
from gridnet.keys import private_dir
from gridnet.loaders.tables import Table
from gridnet.loaders.writer import LoadSummary, RowSource, TableStats, graph_batches, statements
from gridnet.settings import Settings
from gridnet.vault import Vault

__all__ = [
    "ARRAY_DELIMITER",
    "IMPORTER_OPTIONS",
    "RELATIONSHIPS",
    "ImportFiles",
    "InitialRefused",
    "import_files",
    "node_properties",
    "refuse_initial",
    "relationship_properties",
    "require_local",
    "write_import_files",
    "write_initial",
]

ARRAY_DELIMITER = "\x1f"
"""Between a list's items in the importer's files: a control character no text holds."""

IMPORTER_OPTIONS = [
    f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
    # Strict: a relationship whose end is missing, or a node given twice, stops the
    # import; validation has excluded both, so either would be a bug, never data lost.
    "--strict=true",
    "--bad-tolerance=0",
    "--skip-bad-relationships=false",
    "--skip-duplicate-nodes=false",
    "--ignore-empty-strings=false",
    "--trim-strings=false",
]
"""How gridnet's importer files are read (with ``--multiline-fields`` when needed)."""

# Nodes that may be in a database the first load replaces: the vocabulary and the
# rollups' bookkeeping, both made again by the load.
_REPLACEABLE = ("Role", *model.DERIVED_LABELS)

# An end of a relationship: (column, label) or (column, (selector column, {value: label})).
End = tuple[str, "str | tuple[str, dict[str, str]]"]
_SERVER = ("server_type", {"person": "Person", "household": "Household"})
_PROVIDER = ("provider_type", {"platform": "Platform", "organisation": "Organization"})
_TARGET = (
    "target_type",
    {
        "area": "Area",
        "grid": "Grid",
        "person": "Person",
        "organisation": "Organization",
        "platform": "Platform",
    },
)

RELATIONSHIPS: dict[str, list[tuple[str, End, End, str | None]]] = {
    "areas": [("PART_OF", ("id", "Area"), ("parent_id", "Area"), None)],
    "grids": [("IN_AREA", ("id", "Grid"), ("community_id", "Area"), None)],
    "buildings": [("IN_GRID", ("id", "Building"), ("grid_id", "Grid"), None)],
    "organisations": [
        ("PART_OF", ("id", "Organization"), ("parent_id", "Organization"), None),
        ("COVERS", ("id", "Organization"), ("area_id", "Area"), None),
        ("COVERS", ("id", "Organization"), ("grid_id", "Grid"), None),
        ("COVERS", ("id", "Organization"), ("building_id", "Building"), None),
    ],
    "households": [
        ("IN_GRID", ("id", "Household"), ("grid_id", "Grid"), None),
        ("IN_BUILDING", ("id", "Household"), ("building_id", "Building"), None),
        ("IN_GROUP", ("id", "Household"), ("party_group_id", "Organization"), None),
    ],
    "people": [("LIVES_IN", ("id", "Person"), ("household_id", "Household"), None)],
    "memberships": [
        ("MEMBER_OF", ("person_id", "Person"), ("organisation_id", "Organization"), None),
        ("HAS_ROLE", ("person_id", "Person"), ("role", "Role"), "organisation_id"),
    ],
    "platforms": [
        ("HOSTS", ("organisation_id", "Organization"), ("id", "Platform"), None),
        ("SERVES", ("id", "Platform"), ("area_id", "Area"), None),
        ("SERVES", ("id", "Platform"), ("grid_id", "Grid"), None),
    ],
    "offerings": [("OFFERS", ("provider_id", _PROVIDER), ("category_id", "ServiceCategory"), None)],
    "service_ties": [("SERVES", ("server_id", _SERVER), ("household_id", "Household"), None)],
    "service_requests": [
        ("RAISED", ("household_id", "Household"), ("id", "ServiceRequest"), None),
        ("IN_CATEGORY", ("id", "ServiceRequest"), ("category_id", "ServiceCategory"), None),
        ("VIA", ("id", "ServiceRequest"), ("platform_id", "Platform"), None),
        ("HANDLED_BY", ("id", "ServiceRequest"), ("handler_id", "Person"), None),
    ],
    "funding": [("ALLOCATED_TO", ("id", "Funding"), ("area_id", "Area"), None)],
    "activities": [
        ("HELD", ("organisation_id", "Organization"), ("id", "Activity"), None),
        ("IN_GRID", ("id", "Activity"), ("grid_id", "Grid"), None),
        ("IN_AREA", ("id", "Activity"), ("area_id", "Area"), None),
    ],
    "ratings": [("RATES", ("id", "Rating"), ("target_id", _TARGET), None)],
}
"""Per table: (type, start, end, left out when this column is given) of each
relationship a row makes, as the MATCH / MERGE of its statements make them; a
relationship is made when both ends are given."""

_BATCH = 5000  # rows pseudonymised and sealed into the vault at a time
_IMPORT_TYPES = {
    "int": "long",
    "float": "double",
    "bool": "boolean",
    "date": "date",
    "datetime": "localdatetime",
    "list": "string[]",
}
_NODE_MERGE = re.compile(r"MERGE \(n:(\w+) \{id: row\.id\}\)")
_NODE_SET = re.compile(r"\bn\.(\w+)\s*=\s*(?:\w+\()?row\.(\w+)")
_REL_MERGE = re.compile(r"\[r:(\w+)(?:\s*\{(\w+):\s*row\.(\w+)\})?\]")
_REL_SET = re.compile(r"\br\.(\w+)\s*=\s*(?:\w+\()?row\.(\w+)")


class InitialRefused(GridnetError):
    """`--initial` cannot be used here; the message says why and what to do instead."""


@cache
def node_properties(table: str) -> tuple[str, tuple[str, ...]] | None:
    """The label and the properties the online ``upsert`` SETs on a table's nodes
    (``id`` first); None for a table that makes only relationships.

    Every property is SET from the row field of the same name (a check of it fails
    loudly rather than letting the two loads drift apart).
    """
    for text in statements(table).values():
        merge = _NODE_MERGE.search(text)
        if merge:
            props = ["id"]
            for prop, source in _NODE_SET.findall(text):
                if prop != source:
                    raise ValueError(f"{table}: n.{prop} is SET from row.{source}")
                props.append(prop)
            return merge.group(1), tuple(props)
    return None


@cache
def relationship_properties(table: str) -> dict[str, tuple[str, ...]]:
    """Per relationship type, the properties the table's statements give it."""
    out: dict[str, tuple[str, ...]] = {}
    for text in statements(table).values():
        merge = _REL_MERGE.search(text)
        if merge:
            pairs = _REL_SET.findall(text)
            if merge.group(2):
                pairs.insert(0, (merge.group(2), merge.group(3)))
            for prop, source in pairs:
                if prop != source:
                    raise ValueError(f"{table}: r.{prop} is set from row.{source}")
            out[merge.group(1)] = tuple(prop for prop, _ in pairs)
    return out


def _header(table: Table, prop: str, label: str | None = None) -> str:
    if prop == "id" and label is not None:
        return f"id:ID({label})"
    if prop == "location":
        return "location:point{crs:WGS-84}"
    names = table.column_names
    kind = _IMPORT_TYPES.get(table.column(prop).type) if prop in names else None
    return f"{prop}:{kind}" if kind else prop  # tokens and text: strings


def _cell(value: Any) -> str:
    """One value as the importer reads it (None: an empty field, no property)."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, WGS84Point):
        return f"{{latitude:{value.latitude!r},longitude:{value.longitude!r}}}"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return str(value)


def _label(end: End, row: Mapping[str, Any]) -> str | None:
    label = end[1]
    if isinstance(label, str):
        return label
    selector, mapping = label
    return mapping.get(row.get(selector) or "")


@dataclass
class ImportFiles:
    """The importer's files of one load, and what they will make."""

    folder: Path
    nodes: list[tuple[str, Path]] = field(default_factory=list)
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    tables: dict[str, TableStats] = field(default_factory=dict)
    multiline: bool = False
    """Some text holds a line break: the importer must be told (it reads slower)."""
    seconds: float = 0.0

    @property
    def options(self) -> list[str]:
        """The importer's options for these files."""
        return [*IMPORTER_OPTIONS, f"--multiline-fields={str(self.multiline).lower()}"]


class _Writer:
    """CSV files opened on first use, one per node label and per (type, start, end)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.handles: dict[str, tuple[TextIO, Any]] = {}
        self.files = ImportFiles(folder)

    def writer(self, name: str, header: list[str]) -> Any:
        entry = self.handles.get(name)
        if entry is None:
            handle = (self.folder / f"{name}.csv").open("w", encoding="utf-8", newline="")
            entry = self.handles[name] = (handle, csv.writer(handle))
            entry[1].writerow(header)
        return entry[1]

    def row(self, writer: Any, cells: list[str]) -> None:
        if not self.files.multiline:
            self.files.multiline = any("\n" in c or "\r" in c for c in cells)
        writer.writerow(cells)

    def close(self) -> None:
        for handle, _ in self.handles.values():
            handle.close()
        for name in self.handles:
            kind, _, rest = name.partition("-")
            target = self.files.nodes if kind == "nodes" else self.files.relationships
            target.append((rest.split("-")[0], self.folder / f"{name}.csv"))


def write_import_files(
    tables: Sequence[tuple[Table, RowSource]],
    folder: Path,
    vault: Vault,
    *,
    rows: int | None = None,
    progress: bool | None = None,
) -> ImportFiles:
    """Write the rows of `tables` (valid rows, in load order) as the importer's files.

    Each row goes through `writer.graph_batches`, as in the online load: the clear
    personal values reach `vault` and the files hold display forms and tokens.
    The Role vocabulary is written too (`apply_schema` finds it in place).
    """
    from tqdm import tqdm

    from gridnet.graph.schema import role_nodes

    started = time.perf_counter()
    private_dir(folder)
    out = _Writer(folder)
    roles = out.writer("nodes-Role", ["id:ID(Role)", "name", "name_en", "five_roles:boolean"])
    for role in role_nodes():
        out.row(roles, [_cell(role[k]) for k in ("id", "name", "name_en", "five_roles")])
    bar = tqdm(
        total=rows,
        unit=" rows",
        file=sys.stderr,
        disable=not (sys.stderr.isatty() if progress is None else progress),
        dynamic_ncols=True,
    )
    try:
        for table, source in tables:
            bar.set_description(table.name)
            stats = out.files.tables[table.name] = TableStats(table.name)
            _write_table(out, table, source(), vault, stats, bar)
    finally:
        bar.close()
        out.close()
    out.files.seconds = time.perf_counter() - started
    return out.files


def _write_table(
    out: _Writer,
    table: Table,
    rows: Iterable[Mapping[str, Any]],
    vault: Vault,
    stats: TableStats,
    bar: Any,
) -> None:
    started = time.perf_counter()
    node = node_properties(table.name)
    nodes = None
    if node is not None:
        label, props = node
        nodes = out.writer(f"nodes-{label}", [_header(table, p, label) for p in props])
    rel_props = relationship_properties(table.name)
    rels = RELATIONSHIPS.get(table.name, [])
    writers: dict[tuple[str, str, str], Any] = {}  # by (type, start label, end label)
    for batch in graph_batches(rows, table, _BATCH, vault):
        for row in batch:
            if nodes is not None and node is not None:
                cells = [_cell(row[p]) for p in node[1]]
                out.row(nodes, cells)
                stats.nodes_created += 1
                stats.properties_set += sum(1 for c in cells if c)
            for kind, start, end, unless in rels:
                if unless is not None and row.get(unless) is not None:
                    continue
                s_id, e_id = row.get(start[0]), row.get(end[0])
                s_label, e_label = _label(start, row), _label(end, row)
                if s_id is None or e_id is None or s_label is None or e_label is None:
                    continue
                props = rel_props.get(kind, ())
                writer = writers.get((kind, s_label, e_label))
                if writer is None:
                    writer = writers[kind, s_label, e_label] = out.writer(
                        f"rels-{kind}-{s_label}-{e_label}",
                        [
                            f":START_ID({s_label})",
                            f":END_ID({e_label})",
                            *(_header(table, p) for p in props),
                        ],
                    )
                values = [_cell(row[p]) for p in props]
                out.row(writer, [str(s_id), str(e_id), *values])
                stats.relationships_created += 1
                stats.properties_set += sum(1 for c in values if c)
        stats.rows += len(batch)
        bar.update(len(batch))
    stats.seconds = time.perf_counter() - started


@dataclass
class ImportRun:
    """What the importer said, and how long it took."""

    ok: bool
    seconds: float
    output: str
    nodes: int | None = None
    relationships: int | None = None
    properties: int | None = None


def _count(text: str, what: str) -> int | None:
    match = re.search(rf"(\d[\d,]*)\s+{what}", text)
    return int(match.group(1).replace(",", "")) if match else None


def import_files(settings: Settings, files: ImportFiles, heap: str = "1g") -> ImportRun:
    """Run ``neo4j-admin database import full`` on `files` into the configured database
    of the (stopped) local server of `settings`, replacing it."""
    from gridnet.server import local

    started = time.perf_counter()
    proc = local.import_full(
        settings,
        files.nodes,
        files.relationships,
        [*files.options, f"--report-file={files.folder / 'import.report'}"],
        heap=heap,
    )
    text = proc.stdout + proc.stderr
    return ImportRun(
        ok=proc.returncode == 0,
        seconds=time.perf_counter() - started,
        output=text,
        nodes=_count(text, "nodes"),
        relationships=_count(text, "relationships"),
        properties=_count(text, "properties"),
    )


def require_local(settings: Settings) -> None:
    """Refuse `--initial` against a server gridnet does not run."""
    if not settings.uses_local_server:
        raise InitialRefused(
            f"--initial needs gridnet's own local server, and NEO4J_URI points to "
            f"{settings.uri}: the importer replaces the store's files, which only the "
            "machine running the server can reach; load without --initial"
        )


def refuse_initial(db: Database) -> None:
    """Refuse `--initial` unless the local database is empty (its vocabulary aside)."""
    require_local(db.settings)
    rows = db.read(
        "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $replaceable) "
        "RETURN labels(n) AS labels LIMIT 1",
        {"replaceable": list(_REPLACEABLE)},
    )
    if rows:
        label = ":".join(rows[0]["labels"]) or "(no label)"
        raise InitialRefused(
            f"--initial loads only into an empty database, and {db.settings.database} at "
            f"{db.settings.uri} holds data (a {label} node, at least): the importer would "
            "replace it all; load without --initial to add to it, or empty the database "
            "first if replacing it is what you want"
        )


def write_initial(
    db: Database,
    tables: Sequence[tuple[Table, RowSource]],
    *,
    vault: Vault,
    rows: int | None = None,
    progress: bool | None = None,
    heap: str = "1g",
) -> LoadSummary:
    """Write the valid rows of `tables` with the importer into the empty local database.

    The files go to a private folder under GRIDNET_HOME (removed afterwards); the
    server is stopped for the import and started again (the handle `db` reconnects
    by itself), then the schema is applied. `LoadSummary.phases` gives the seconds
    of each step. Raises InitialRefused when the database is not empty or not
    local, ServerError when the importer or the server fails.
    """
    from gridnet.graph.schema import apply_schema
    from gridnet.server import local

    settings = db.settings
    refuse_initial(db)
    started = time.perf_counter()
    summary = LoadSummary()
    private_dir(settings.home)
    folder = Path(tempfile.mkdtemp(prefix="bulk-", dir=settings.home))
    try:
        files = write_import_files(tables, folder, vault, rows=rows, progress=progress)
        summary.tables = files.tables
        summary.phases["files"] = round(files.seconds, 3)
        mark = time.perf_counter()
        local.stop(settings)
        summary.phases["stop"] = round(time.perf_counter() - mark, 3)
        try:
            run = import_files(settings, files, heap=heap)
        finally:
            summary.phases["import"] = round(time.perf_counter() - mark, 3)
            mark = time.perf_counter()
            local.start(settings)
            db.store_replaced()
            summary.phases["start"] = round(time.perf_counter() - mark, 3)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not run.ok:
        tail = "\n".join(run.output.strip().splitlines()[-15:])
        raise local.ServerError(
            "neo4j-admin database import full failed; the database was empty before and "
            f"the vault keeps what it was given, so fix the cause and run the same load "
            f"again:\n{tail}"
        )
    mark = time.perf_counter()
    apply_schema(db)
    summary.phases["schema"] = round(time.perf_counter() - mark, 3)
    summary.seconds = time.perf_counter() - started
    return summary
