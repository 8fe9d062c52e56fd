"""Neo4j's offline importer on the same data: the practical upper bound of loading.

`neo4j-admin database import full` writes the store files directly (no
transactions, no MERGE, no validation), into an empty, stopped database. It
needs its own CSV dialect (``id:ID(Label)``, ``:START_ID(Label)``, typed
headers): the dataset is converted first by the bulk first load's own code
(`gridnet.loaders.bulk`, which also checks it), timed separately. Everything
happens in a throwaway home (``<GRIDNET_HOME>/bench-offline``) with its own data
folder, so the benchmark's server is never touched.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridnet.keys import create_keyring
from gridnet.loaders import bulk
from gridnet.loaders.lookups import NoLookup
from gridnet.loaders.passes import validate
from gridnet.loaders.pipeline import accepted_tables
from gridnet.loaders.readers import open_dataset
from gridnet.settings import Settings
from gridnet.vault import Vault


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


def run_import(dataset: Path, settings: Settings, heap: str = "1g") -> ImportResult:
    """Convert `dataset` and import it into a throwaway home's empty database.

    The files are those of `gridnet load --initial` (`gridnet.loaders.bulk`): the
    dataset read and checked, its rows pseudonymised into a throwaway vault; that
    conversion is timed apart, the import alone is the upper bound.
    """
    import os

    from gridnet.server import local

    root = settings.home / "bench-offline"
    shutil.rmtree(root, ignore_errors=True)
    scratch = replace_home(settings, root)
    layout = local.Layout.of(scratch)
    local.ensure_jars(settings)
    layout.root.mkdir(parents=True, exist_ok=True)
    os.symlink(local.Layout.of(settings).lib, layout.lib)
    try:
        started = time.perf_counter()
        data = open_dataset(dataset)
        with (
            validate(data, NoLookup()) as report,
            Vault(root / "vault.sqlite3", create_keyring(root / "bench.key")) as vault,
        ):
            files = bulk.write_import_files(accepted_tables(report), root / "csv", vault)
            rows = report.rows
        converted = time.perf_counter() - started
        run = bulk.import_files(scratch, files, heap=heap)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return ImportResult(
        rows=rows,
        convert_seconds=converted,
        import_seconds=run.seconds,
        nodes=run.nodes,
        relationships=run.relationships,
        properties=run.properties,
        ok=run.ok,
        message="" if run.ok else "\n".join(run.output.strip().splitlines()[-15:]),
    )


def replace_home(settings: Settings, home: Path) -> Settings:
    """The same settings with another GRIDNET_HOME (and a port nobody listens on)."""
    import dataclasses

    return dataclasses.replace(
        settings,
        home=home,
        bolt_port=settings.bolt_port + 1,
        uri=f"bolt://127.0.0.1:{settings.bolt_port + 1}",
    )
