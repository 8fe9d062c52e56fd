"""Neo4j's offline importer on the same data: the practical upper bound of loading.

`neo4j-admin database import full` writes the store files directly (no
transactions, no MERGE, no validation), into an empty, stopped database. It
needs its own CSV dialect (``id:ID(Label)``, ``:START_ID(Label)``, typed
headers), so the generated dataset is converted first; conversion is timed
separately. Everything happens in a throwaway home (``<GRIDNET_HOME>/bench-offline``)
with its own data folder, so the benchmark's server is never touched.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from gridnet.graph import model
from gridnet.loaders.tables import TABLES
from gridnet.settings import Settings

# Per table: node label and the properties the online loader SETs (loaders/cypher/*.cypher).
NODES: dict[str, tuple[str, tuple[str, ...]]] = {
    "areas": (
        "Area",
        ("id", "name", "level", "population", "centroid_lat", "centroid_lon", "boundary"),
    ),
    "grids": ("Grid", ("id", "name", "kind", "centroid_lat", "centroid_lon", "boundary")),
    "buildings": ("Building", ("id", "name", "address", "floors")),
    "organisations": (
        "Organization",
        ("id", "name", "system", "type", "kind", "category", "founded", "star_rating"),
    ),
    "households": (
        "Household",
        ("id", "name", "address", "phone", "size", "vulnerable", "lighthouse"),
    ),
    "people": (
        "Person",
        (
            "id",
            "name",
            "gender",
            "birth_year",
            "phone",
            "id_number",
            "party_member",
            "occupation",
            "skills",
        ),
    ),
    "platforms": ("Platform", ("id", "name", "tier", "address", "lat", "lon")),
    "service_categories": ("ServiceCategory", ("id", "name", "name_en")),
    "service_requests": (
        "ServiceRequest",
        ("id", "status", "opened_at", "deadline", "closed_at", "title", "satisfaction"),
    ),
    "funding": ("Funding", ("id", "kind", "amount_yuan", "year", "source", "purpose")),
    "activities": ("Activity", ("id", "name", "kind", "date", "participants")),
    "ratings": ("Rating", ("id", "target_type", "score", "year", "rater", "comment")),
}
POINTS = {
    "areas": ("centroid_lat", "centroid_lon"),
    "grids": ("centroid_lat", "centroid_lon"),
    "platforms": ("lat", "lon"),
}

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

# Per table: (type, start, end, relationship properties, only when this column is empty).
RELS: dict[str, list[tuple[str, End, End, tuple[str, ...], str | None]]] = {
    "areas": [("PART_OF", ("id", "Area"), ("parent_id", "Area"), (), None)],
    "grids": [("IN_AREA", ("id", "Grid"), ("community_id", "Area"), (), None)],
    "buildings": [("IN_GRID", ("id", "Building"), ("grid_id", "Grid"), (), None)],
    "organisations": [
        ("PART_OF", ("id", "Organization"), ("parent_id", "Organization"), (), None),
        ("COVERS", ("id", "Organization"), ("area_id", "Area"), (), None),
        ("COVERS", ("id", "Organization"), ("grid_id", "Grid"), (), None),
        ("COVERS", ("id", "Organization"), ("building_id", "Building"), (), None),
    ],
    "households": [
        ("IN_GRID", ("id", "Household"), ("grid_id", "Grid"), (), None),
        ("IN_BUILDING", ("id", "Household"), ("building_id", "Building"), (), None),
        ("IN_GROUP", ("id", "Household"), ("party_group_id", "Organization"), (), None),
    ],
    "people": [("LIVES_IN", ("id", "Person"), ("household_id", "Household"), (), None)],
    "memberships": [
        (
            "MEMBER_OF",
            ("person_id", "Person"),
            ("organisation_id", "Organization"),
            ("role", "since"),
            None,
        ),
        ("HAS_ROLE", ("person_id", "Person"), ("role", "Role"), ("since",), "organisation_id"),
    ],
    "platforms": [
        ("HOSTS", ("organisation_id", "Organization"), ("id", "Platform"), (), None),
        ("SERVES", ("id", "Platform"), ("area_id", "Area"), (), None),
        ("SERVES", ("id", "Platform"), ("grid_id", "Grid"), (), None),
    ],
    "offerings": [
        ("OFFERS", ("provider_id", _PROVIDER), ("category_id", "ServiceCategory"), (), None)
    ],
    "service_ties": [
        ("SERVES", ("server_id", _SERVER), ("household_id", "Household"), ("since",), None)
    ],
    "service_requests": [
        ("RAISED", ("household_id", "Household"), ("id", "ServiceRequest"), (), None),
        ("IN_CATEGORY", ("id", "ServiceRequest"), ("category_id", "ServiceCategory"), (), None),
        ("VIA", ("id", "ServiceRequest"), ("platform_id", "Platform"), (), None),
        ("HANDLED_BY", ("id", "ServiceRequest"), ("handler_id", "Person"), (), None),
    ],
    "funding": [("ALLOCATED_TO", ("id", "Funding"), ("area_id", "Area"), (), None)],
    "activities": [
        ("HELD", ("organisation_id", "Organization"), ("id", "Activity"), (), None),
        ("IN_GRID", ("id", "Activity"), ("grid_id", "Grid"), (), None),
        ("IN_AREA", ("id", "Activity"), ("area_id", "Area"), (), None),
    ],
    "ratings": [("RATES", ("id", "Rating"), ("target_id", _TARGET), (), None)],
}
_TYPES = {
    "int": "int",
    "float": "double",
    "bool": "boolean",
    "date": "date",
    "datetime": "localdatetime",
    "list": "string[]",
}


def _header(table: str, column: str) -> str:
    kind = TABLES[table].column(column).type
    typed = _TYPES.get(kind)
    return f"{column}:{typed}" if typed else column


def _label(end: End, row: dict[str, str]) -> str | None:
    column, label = end
    if isinstance(label, str):
        return label
    selector, mapping = label
    return mapping.get(row.get(selector) or "")


@dataclass
class Converted:
    """Import-format files and how long the conversion took."""

    nodes: list[tuple[str, Path]] = field(default_factory=list)
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0


class _Files:
    """Relationship files opened on first use, one per (type, start label, end label)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.open: dict[tuple[str, str, str], tuple[TextIO, Any]] = {}

    def writer(self, table: str, rel: str, start: str, end: str, props: tuple[str, ...]) -> Any:
        key = (rel, start, end)
        if key not in self.open:
            path = self.folder / f"rel-{rel}-{start}-{end}.csv"
            fh = path.open("w", encoding="utf-8", newline="")
            w = csv.writer(fh)
            w.writerow(
                [f":START_ID({start})", f":END_ID({end})", *(_header(table, p) for p in props)]
            )
            self.open[key] = (fh, w)
        return self.open[key][1]

    def close(self) -> list[tuple[str, Path]]:
        out = []
        for (rel, start, end), (fh, _) in self.open.items():
            fh.close()
            out.append((rel, self.folder / f"rel-{rel}-{start}-{end}.csv"))
        return out


def convert(dataset: Path, folder: Path) -> Converted:
    """Stream the generated CSV dataset into importer CSVs under `folder`."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    result = Converted()
    rels = _Files(folder)
    roles = folder / "nodes-Role.csv"
    with roles.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id:ID(Role)", "name", "name_en", "five_roles:boolean"])
        for code, term in model.ROLES.items():
            w.writerow([code, term.zh, term.en, str(code in model.FIVE_ROLES).lower()])
    result.nodes.append(("Role", roles))
    for table in TABLES:
        source = dataset / f"{table}.csv"
        if not source.is_file():
            continue
        node = NODES.get(table)
        node_w = node_fh = None
        if node:
            label, props = node
            path = folder / f"nodes-{label}.csv"
            node_fh = path.open("w", encoding="utf-8", newline="")
            node_w = csv.writer(node_fh)
            header = [f"id:ID({label})", *(_header(table, p) for p in props[1:])]
            point = POINTS.get(table)
            if point:
                header.append("location:point{crs:WGS-84}")
            node_w.writerow(header)
            result.nodes.append((label, path))
        with source.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                result.rows += 1
                if node_w is not None and node:
                    cells = [row.get(p) or "" for p in node[1]]
                    point = POINTS.get(table)
                    if point:
                        lat, lon = row.get(point[0]), row.get(point[1])
                        cells.append(f"{{latitude:{lat},longitude:{lon}}}" if lat and lon else "")
                    node_w.writerow(cells)
                for rel, start, end, props, only_if_empty in RELS.get(table, ()):
                    if only_if_empty and row.get(only_if_empty):
                        continue
                    if rel == "MEMBER_OF" and not row.get("organisation_id"):
                        continue
                    s_id, e_id = row.get(start[0]), row.get(end[0])
                    s_label, e_label = _label(start, row), _label(end, row)
                    if not (s_id and e_id and s_label and e_label):
                        continue
                    rels.writer(table, rel, s_label, e_label, props).writerow(
                        [s_id, e_id, *(row.get(p) or "" for p in props)]
                    )
        if node_fh is not None:
            node_fh.close()
    result.relationships = rels.close()
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class ImportResult:
    """What the importer did and how long it took."""

    rows: int
    convert_seconds: float
    import_seconds: float
    nodes: int | None
    relationships: int | None
    properties: int | None
    ok: bool
    message: str = ""

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.import_seconds if self.import_seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "convert_seconds": round(self.convert_seconds, 3),
            "import_seconds": round(self.import_seconds, 3),
            "rows_per_s": round(self.rows_per_s, 1),
            "nodes": self.nodes,
            "relationships": self.relationships,
            "properties": self.properties,
            "ok": self.ok,
            "message": self.message,
        }


def _count(text: str, what: str) -> int | None:
    match = re.search(rf"(\d[\d,]*)\s+{what}", text)
    return int(match.group(1).replace(",", "")) if match else None


def run_import(dataset: Path, settings: Settings, heap: str = "1g") -> ImportResult:
    """Convert `dataset` and import it into a throwaway home's empty database."""
    from gridnet.server import local

    root = settings.home / "bench-offline"
    shutil.rmtree(root, ignore_errors=True)
    scratch = replace_home(settings, root)
    layout = local.Layout.of(scratch)
    main = local.Layout.of(settings)
    local.ensure_jars(settings)
    layout.root.mkdir(parents=True, exist_ok=True)
    os.symlink(main.lib, layout.lib)
    for sub in local.HOME_SUBDIRS:
        (layout.home / sub).mkdir(parents=True, exist_ok=True)
    conf = local._render_conf(scratch, layout)
    converted = convert(dataset, root / "csv")
    cmd = [
        local.find_java(),
        f"-Xmx{heap}",
        *local._jvm_options(conf),
        "-cp",
        f"{layout.lib}/*",
        local.ADMIN_ENTRY_POINT,
        "database",
        "import",
        "full",
        *(f"--nodes={label}={path}" for label, path in converted.nodes),
        *(f"--relationships={rel}={path}" for rel, path in converted.relationships),
        "--overwrite-destination=true",
        "--ignore-empty-strings=true",
        "--array-delimiter=;",
        "--skip-bad-relationships=true",
        "--skip-duplicate-nodes=true",
        "--bad-tolerance=100000000",
        f"--report-file={root / 'import.report'}",
        settings.database,
    ]
    started = time.perf_counter()
    proc = subprocess.run(
        cmd,
        env=local._server_env(layout),
        cwd=layout.home,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    text = proc.stdout + proc.stderr
    ok = proc.returncode == 0
    result = ImportResult(
        rows=converted.rows,
        convert_seconds=converted.seconds,
        import_seconds=seconds,
        nodes=_count(text, "nodes"),
        relationships=_count(text, "relationships"),
        properties=_count(text, "properties"),
        ok=ok,
        message="" if ok else "\n".join(text.strip().splitlines()[-15:]),
    )
    shutil.rmtree(root, ignore_errors=True)
    return result


def replace_home(settings: Settings, home: Path) -> Settings:
    """The same settings with another GRIDNET_HOME (and a port nobody listens on)."""
    import dataclasses

    return dataclasses.replace(
        settings,
        home=home,
        bolt_port=settings.bolt_port + 1,
        uri=f"bolt://127.0.0.1:{settings.bolt_port + 1}",
    )
