"""Run `load_path` in a child process and watch its memory.

Why a child: the peak resident set of a process only grows, so the loader's
peak must be measured in a fresh process per dataset (ru_maxrss from wait4),
and polling /proc/<pid>/status shows how it evolves (flat when streaming).

`python -m gridnet.bench.loadproc PATH OUT.json [--batch-size N] [--initial]` is
the child (``--initial``: the bulk first load, `gridnet.loaders.bulk`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POLL_SECONDS = 0.25


@dataclass
class ChildLoad:
    """What the child reported, plus the memory the parent observed."""

    result: dict[str, Any]
    wall_seconds: float
    peak_rss_mb: float
    rss_samples_mb: list[tuple[float, float]] = field(default_factory=list)


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def run_child(
    path: Path,
    out: Path,
    batch_size: int | None = None,
    env: dict[str, str] | None = None,
    initial: bool = False,
) -> ChildLoad:
    """Load `path` in a child process; raises RuntimeError when the child fails."""
    cmd = [sys.executable, "-m", "gridnet.bench.loadproc", str(path), str(out)]
    if batch_size:
        cmd += ["--batch-size", str(batch_size)]
    if initial:
        cmd.append("--initial")
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env or dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    samples: list[tuple[float, float]] = []
    peak = 0.0
    rusage = None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = _rss_mb(proc.pid)
        if rss is not None:
            peak = max(peak, rss)
            samples.append((round(time.perf_counter() - started, 2), round(rss, 1)))
        time.sleep(POLL_SECONDS)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0 or not out.is_file():
        tail = "\n".join(stderr.strip().splitlines()[-20:])
        raise RuntimeError(f"the load of {path} failed (exit {proc.returncode}):\n{tail}")
    # ru_maxrss is in kilobytes on Linux; it also covers moments between polls.
    peak = max(peak, rusage.ru_maxrss / 1024 if rusage else 0.0)
    result = json.loads(out.read_text(encoding="utf-8"))
    return ChildLoad(result, wall, round(peak, 1), _thin(samples))


def _thin(samples: list[tuple[float, float]], keep: int = 40) -> list[tuple[float, float]]:
    """At most `keep` evenly spaced samples: enough to see a trend, small in the JSON."""
    if len(samples) <= keep:
        return samples
    step = len(samples) / keep
    return [samples[int(i * step)] for i in range(keep)] + [samples[-1]]


def main(argv: list[str] | None = None) -> int:
    """Child entry point: validate and write, then dump timings and counters as JSON."""
    import argparse

    from gridnet.db import Database
    from gridnet.loaders.pipeline import DEFAULT_BATCH_SIZE, load_path
    from gridnet.settings import Settings

    parser = argparse.ArgumentParser(prog="gridnet.bench.loadproc")
    parser.add_argument("path", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--initial", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with Database.connect(Settings.from_env()) as database:
        result = load_path(
            database,
            args.path,
            batch_size=args.batch_size,
            rejects=None,
            progress=False,
            initial=args.initial,
        )
    total = time.perf_counter() - started
    assert result.summary is not None
    import resource

    summary = result.summary.as_dict()
    # the gap report's rollups, refreshed at the end of the load (today's date)
    refresh = round(result.refreshed.seconds, 3) if result.refreshed is not None else 0.0
    payload = {
        "rows_read": result.report.rows,
        "rows_rejected": result.report.rejected_rows,
        "seconds": round(total, 3),
        "write_seconds": summary["seconds"],
        "validate_seconds": round(total - summary["seconds"] - refresh, 3),
        "refresh_seconds": refresh,
        "summary": summary,
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    args.out.write_text(json.dumps(payload, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
