"""Synthetic "Xiaogan" datasets with planted coverage gaps (``gridnet generate``).

Why: the project needs a realistic, reproducible city to load, query and show,
and the gap queries need ground truth. The generator reproduces the article's
three figures exactly at scale 1 (178 grid party branches, 425 building party
groups, 5,329 lighthouse households), plants every gap code of
``queries/GAPS.md`` at low rates and records the exact truth in the manifest.

Design:
- Pure Python, no database. Deterministic: every random draw comes from
  ``random.Random`` instances seeded from (seed, scale, as_of, unit id); no
  set/dict-order dependence, no clock.
- Two phases. Phase 1 (``skeleton``) builds the small skeleton in memory
  (areas, grids, buildings, organisations, platforms, offerings, funding, the
  per-grid plan). Phase 2 (``households``) streams one community at a time
  (households, people, memberships, service ties, requests, activities, person
  ratings) into a sink, so a million households never sit in memory at once.
- Scale: households, people, ties and requests grow with ``scale``; so do the
  three party-network figures (``round(figure * scale)``), which are exact at
  scale 1. Scale 28 gives about one million households.

Modules, in the order the work happens:
- ``xiaogan``: the preset's figures and place; ``names``, ``vocab``: name
  pools and the domain vocabulary (categories, organisation and platform kinds).
- ``city``: the run's state (``City``) passed to every step; ``geometry``:
  rectangles, centroids, boundaries.
- Phase 1: ``skeleton`` orders ``places`` (areas, grids, buildings),
  ``gaps`` (what is planted where), ``organisations`` and ``platforms``
  (offerings, coverage, routes).
- Phase 2: ``households`` (households, people, memberships), ``ties``,
  ``activities``, ``requests``; ``ratings`` serves both phases.
- ``sinks``: memory, CSV, JSON, xlsx; ``pipeline``: the entry points below.
"""

from gridnet.loaders.synthetic.gaps import GAP_CODES, MIN_SCALE
from gridnet.loaders.synthetic.pipeline import (
    Dataset,
    generate,
    generate_to_dir,
    run,
    write_dataset,
    write_manifest,
)
from gridnet.loaders.synthetic.sinks import (
    XLSX_MAX_ROWS,
    CsvSink,
    JsonSink,
    MemorySink,
    Sink,
    XlsxSink,
)
from gridnet.loaders.synthetic.xiaogan import DEFAULT_AS_OF, FIGURES, PRESETS
from gridnet.loaders.tables import TABLES

__all__ = [
    "DEFAULT_AS_OF",
    "FIGURES",
    "GAP_CODES",
    "MIN_SCALE",
    "PRESETS",
    "TABLES",
    "XLSX_MAX_ROWS",
    "CsvSink",
    "Dataset",
    "JsonSink",
    "MemorySink",
    "Sink",
    "XlsxSink",
    "generate",
    "generate_to_dir",
    "run",
    "write_dataset",
    "write_manifest",
]
