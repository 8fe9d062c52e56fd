"""Start-up work done before the first visitor arrives: imports, then the default reads.

Why: a page's first visit after the server starts used to pay for everything that is
done once per process — about a second of imports (the driver, pandas, Altair, deck.gl,
networkx) and the first reads of the city, whose query plans the database had not made
yet. `start` runs that work in a background thread as the server starts (`gridnet
explore` and ``python -m gridnet.explorer.serve`` call it), so the first visitor meets
the state every later visitor meets. Then it keeps them so: the readers' entries expire
after `data.TTL`, and the thread reads again each time they have, so a page's first
visit of the morning is as quick as one a minute after start.

The reads go through the explorer's own cached readers (`explorer/data.py`), once
Streamlit's runtime exists, so they fill the very cache the pages read; they take the
readers' default arguments (the data's reference day), which are what a first visit
shows. Nothing here is required: an import or a read that fails is logged and skipped,
and a server that is down is left to the pages, which say so.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import logging
import threading
import time
from collections.abc import Callable

__all__ = ["LIBRARIES", "READS", "VIEWS", "keep_warm", "start", "warm"]

log = logging.getLogger("gridnet.explorer.warmup")

# The libraries the pages import when they first draw (each is imported there, inside
# the function that needs it, so that one page never waits for another page's). The
# pages' own modules are left to the pages: one declares a custom component, which
# Streamlit registers only when it is imported during a page run; the readers' module
# is imported once the runtime exists (its caches look for it when declared).
LIBRARIES = (
    "neo4j",
    "pandas",
    "altair",
    "pydeck",
    "networkx",
    "openpyxl",
    "jinja2",
    "pyvis.network",
    "scipy.spatial",
)
# What the pages read first: a reader's name in `explorer/data.py` and its arguments
# for the data's reference day (those of a first visit). Every closed
# request (the Requests page's resolution times) is left to that page: it grows with
# the city and is not what a first visit shows.
READS: dict[str, Callable[[dt.date], tuple[object, ...]]] = {
    "overview_counts": lambda day: (),
    "hierarchy": lambda day: (),
    "coverage_by_community": lambda day: (),
    "gap_report": lambda day: (day,),
    "requests_open": lambda day: (day,),
    "grid_shapes": lambda day: (),
    "area_shapes": lambda day: (),
    "map_platforms": lambda day: (),
    "map_lighthouses": lambda day: (),
    "service_categories": lambda day: (),
    "case_queue": lambda day: (),
    "case_trends": lambda day: ("city", None),  # the Review page's first trend
}
# Pages whose first view is drawn, not only read (`first_view(day)` in the page's
# module): the map writes thousands of polygons as deck.gl JSON.
VIEWS = ("map",)
RUNTIME_WAIT_S = 60.0
THREAD = "gridnet-warmup"
# Streamlit's logger for readers called outside a page run
_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


def _imports() -> None:
    for name in LIBRARIES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a warm-up never stops the server
            log.warning("warm-up: could not import %s", name, exc_info=True)


def _runtime_ready(wait_s: float) -> bool:
    """Streamlit's runtime exists (its cache is the one the pages read)."""
    from streamlit.runtime import Runtime

    deadline = time.monotonic() + wait_s
    while not Runtime.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class _OwnThread(logging.Filter):
    """Drops Streamlit's "missing ScriptRunContext" notice for the warm-up's own reads:
    reading outside a page run is what the warm-up is for."""

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.current_thread().name != THREAD


def _reads(report: int = logging.INFO) -> int:
    """The readers of `READS` and the first views of `VIEWS`, through their caches; how
    many answered (logged at `report`)."""
    from gridnet.db import DatabaseUnavailable
    from gridnet.explorer import data

    try:
        day = data.as_of_default()
    except DatabaseUnavailable:
        log.info("warm-up: the database does not answer; the pages will say so")
        return 0
    calls = [
        (name, functools.partial(getattr(data, name), *arguments(day)))
        for name, arguments in READS.items()
    ] + [(page, functools.partial(_first_view, page, day)) for page in VIEWS]
    done = 0
    for name, call in calls:
        try:
            call()
        except Exception:  # noqa: BLE001 - a page that needs it reads it again
            log.warning("warm-up: %s failed", name, exc_info=True)
        else:
            done += 1
    log.log(report, "warm-up: %d of %d reads for %s", done, len(calls), day.isoformat())
    return done


def _first_view(page: str, day: dt.date) -> None:
    importlib.import_module(f"gridnet.explorer.pages.{page}").first_view(day)


def warm(reads: bool = True, runtime_wait_s: float = RUNTIME_WAIT_S) -> bool:
    """Import what the pages import, then (once the runtime exists) read what they read;
    whether the runtime was found."""
    started = time.perf_counter()
    logging.getLogger(_CONTEXT_LOGGER).addFilter(_OwnThread())
    _imports()
    log.info("warm-up: imports in %.2f s", time.perf_counter() - started)
    ready = reads and _runtime_ready(runtime_wait_s)
    if ready:
        _reads()
    log.info("warm-up: done in %.2f s", time.perf_counter() - started)
    return ready


def keep_warm() -> None:
    """`warm`, then the reads again whenever the readers' entries have expired — while a
    round of them costs the database little: one that takes more than a fifth of the
    entries' lifetime (a province on a small server) is not repeated."""
    if not warm():
        return
    from gridnet.explorer import data

    while True:
        time.sleep(data.TTL + 1)
        started = time.perf_counter()
        _reads(report=logging.DEBUG)
        took = time.perf_counter() - started
        if took > data.TTL / 5:
            log.info("warm-up: the reads took %.0f s; they are no longer repeated", took)
            return


def start() -> threading.Thread:
    """`keep_warm` in a daemon thread: the server does not wait for it."""
    thread = threading.Thread(target=keep_warm, name=THREAD, daemon=True)
    thread.start()
    return thread
