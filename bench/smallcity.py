"""A small city into an emptied database, end to end: ``gridnet load`` as a user runs it.

Why: the first thing a new user does is load a city of a few hundred rows, and a fresh
database makes every statement be planned for the first time (schema, the loader's
writes, the rollups). ``small_city_load_s`` is the wall time of the whole command,
process start-up included, for the example city in ``loaders/examples/city``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from gridnet.bench.server import empty_database, log
from gridnet.settings import REPO_ROOT, Settings

__all__ = ["EXAMPLE_CITY", "small_city_load"]

EXAMPLE_CITY = REPO_ROOT / "loaders" / "examples" / "city"
_WROTE = re.compile(r"wrote (\d+) rows")


def small_city_load(
    settings: Settings, folder: Path = EXAMPLE_CITY, restart: bool = True
) -> dict[str, Any]:
    """Empty the database, then time ``gridnet load FOLDER`` in a child process."""
    empty_database(settings, restart=restart)
    command = [sys.executable, "-m", "gridnet.cli", "load", str(folder), "--quiet"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    seconds = round(time.perf_counter() - started, 3)
    wrote = _WROTE.search(done.stdout + done.stderr)
    if done.returncode != 0 or wrote is None:
        return {"ok": False, "message": (done.stderr or done.stdout)[-2000:]}
    log(f"small city ({folder.name}, {wrote[1]} rows) into an emptied database: {seconds:.1f}s")
    return {"ok": True, "folder": str(folder), "rows": int(wrote[1]), "seconds": seconds}
