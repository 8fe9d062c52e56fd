"""The entry points: run both phases into a sink, in memory or straight to files.

``run`` is the one place that orders the work: build the skeleton (phase 1),
write it, then stream the communities (phase 2) and return the manifest with
the counts, the article's figures and the planted truth.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gridnet.loaders.synthetic.city import City
from gridnet.loaders.synthetic.gaps import planted_truth
from gridnet.loaders.synthetic.households import emit_communities
from gridnet.loaders.synthetic.sinks import CountingSink, MemorySink, Row, Sink, open_sink
from gridnet.loaders.synthetic.skeleton import build_skeleton, emit_skeleton, set_populations
from gridnet.loaders.synthetic.xiaogan import DEFAULT_AS_OF


@dataclass
class Dataset:
    """An in-memory dataset: rows per table (load order) and the manifest."""

    tables: dict[str, list[Row]]
    manifest: dict[str, Any]


def _figures(city: City) -> dict[str, int]:
    """The article's three figures as actually generated (exact at scale 1)."""
    kinds = [o["kind"] for o in city.orgs.values()]
    return {
        "grid_party_branches": kinds.count("grid_party_branch"),
        "building_party_groups": kinds.count("building_party_group"),
        "lighthouse_households": sum(g.lighthouses for g in city.grids.values()),
    }


def _manifest(city: City, counts: dict[str, int], figures: dict[str, int]) -> dict[str, Any]:
    """What ``manifest.json`` holds: the run's settings, counts, figures and truth."""
    return {
        "preset": city.preset,
        "seed": city.seed,
        "scale": city.scale,
        "as_of": city.as_of.isoformat(),
        "counts": counts,
        "figures": figures,
        "planted": planted_truth(city),
    }


def run(
    sink: Sink,
    preset: str = "xiaogan",
    seed: int = 0,
    scale: float = 1.0,
    as_of: date = DEFAULT_AS_OF,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Generate into ``sink`` (streaming); returns the manifest.

    ``on_total(n)`` is called once with the number of households to come and
    ``progress(k)`` after each community with the households just written.
    """
    city = City(preset, seed, scale, as_of)
    build_skeleton(city)
    if on_total is not None:
        on_total(sum(g.households for g in city.grids.values()))
    counting = CountingSink(sink)
    set_populations(city)
    emit_skeleton(city, counting)
    emit_communities(city, counting, progress)
    return _manifest(city, counting.counts, _figures(city))


def generate(
    preset: str = "xiaogan", seed: int = 0, scale: float = 1.0, as_of: date = DEFAULT_AS_OF
) -> Dataset:
    """Generate a whole dataset in memory (tests, notebooks, small scales)."""
    sink = MemorySink()
    manifest = run(sink, preset, seed, scale, as_of)
    return Dataset(sink.tables, manifest)


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` (UTF-8, indented, Chinese kept readable)."""
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def write_dataset(dataset: Dataset, out: str | Path, fmt: str = "csv") -> None:
    """Write an in-memory dataset and its manifest to ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sink = open_sink(out, fmt)
    try:
        for name, rows in dataset.tables.items():
            for row in rows:
                sink.add(name, row)
    finally:
        sink.close()
    write_manifest(out, dataset.manifest)


def generate_to_dir(
    out: str | Path,
    preset: str = "xiaogan",
    seed: int = 0,
    scale: float = 1.0,
    as_of: date = DEFAULT_AS_OF,
    fmt: str = "csv",
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Generate straight to files (streaming, flat memory); returns the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sink = open_sink(out, fmt)
    try:
        manifest = run(sink, preset, seed, scale, as_of, progress, on_total)
    finally:
        sink.close()
    write_manifest(out, manifest)
    return manifest
