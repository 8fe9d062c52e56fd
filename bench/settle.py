"""How long the Network page's picture takes to come to rest, in headless Chromium.

The explorer's network component (``explorer/frontend/network``) runs physics for a
bounded number of iterations and then switches it off. This module loads that same
page outside Streamlit, hands it the view the Network page would build (same
queries, same payload), and times it from the moment the data arrives to the
moment physics is off; one second later it checks that no node has moved.

Two figures go into ``gridnet bench``: ``network_settle_s_max``, the slowest of the
ten largest grids (target: 3 s), and the largest community's view built (queries,
payload) and settled (target: 5 s) as the page opens it (each grid a summary node);
the same community with every grid opened is measured too. Run at the demo scale with
``python -m gridnet.bench.settle`` against the demo city.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gridnet.bench.server import statements
from gridnet.db import Database
from gridnet.settings import Settings

# The flags of every headless Chromium gridnet starts. The proxy is a port nobody
# serves: Chromium sends loopback addresses around any proxy, so a request to this
# machine goes through and one to any other host fails in the browser itself, without
# Playwright's routing (which would turn the browser's HTTP cache off).
OFFLINE_PROXY = "http://127.0.0.1:9"
CHROMIUM_ARGS = [
    f"--proxy-server={OFFLINE_PROXY}",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT_WIDTH, VIEWPORT_HEIGHT = 1200, 900
DEPTH = 2  # the Network page opens at depth 2 (structure and households)
SETTLE_TARGET_S = 3.0
COMMUNITY_TARGET_S = 5.0


def chromium_path() -> str | None:
    """The system Chromium (Debian's package), if there is one."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def frontend_page() -> Path:
    """The component's index.html, served here as a file (no Streamlit needed)."""
    from gridnet.explorer import netgraph

    return netgraph.FRONTEND_DIR / "index.html"


@contextmanager
def browser_page() -> Iterator[Any]:
    """A headless Chromium page on the component, refusing every off-machine request."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        raise RuntimeError("no chromium on PATH (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": VIEWPORT_WIDTH, "height": VIEWPORT_HEIGHT}
            )
            context.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
            )
            page = context.new_page()
            page.goto(frontend_page().as_uri())
            page.wait_for_function("() => typeof window.gridnet !== 'undefined'")
            yield page
        finally:
            browser.close()


MOVED = """(before) => {
  const now = gridnet.network().getPositions();
  let moved = 0;
  for (const k of Object.keys(before)) {
    const a = before[k], b = now[k];
    if (b) moved = Math.max(moved, Math.hypot(a.x - b.x, a.y - b.y));
  }
  return moved;
}"""


def settle_in_page(page: Any, args: dict[str, Any], timeout_s: float = 60.0) -> dict[str, Any]:
    """Render `args` in the component page; the time to rest and the motion after it."""
    started = time.perf_counter()
    page.evaluate("(args) => gridnet.render(args)", args)
    page.wait_for_function(
        "() => gridnet.state.settled && !gridnet.state.settling",
        timeout=timeout_s * 1000,
        polling=20,
    )
    wall = time.perf_counter() - started
    state = page.evaluate(
        "() => ({settle: gridnet.state.settleMs, total: gridnet.state.totalMs, "
        "scale: gridnet.network().getScale(), nodes: gridnet.state.nodes.length})"
    )
    before = page.evaluate("() => gridnet.network().getPositions()")
    page.wait_for_timeout(1000)
    moved = page.evaluate(MOVED, before)
    return {
        "nodes": state["nodes"],
        "edges": len(args["edges"]),
        "settle_s": round(state["total"] / 1000, 3),
        "physics_s": round(state["settle"] / 1000, 3),
        "wall_s": round(wall, 3),
        "moved_px_after": round(float(moved), 2),
        "scale": round(float(state["scale"]), 3),
    }


def grid_payload(grid: str, as_of: dt.date, layout: str = "force") -> dict[str, Any]:
    """The Network page's payload for one grid at the opening depth, built as the page does."""
    from gridnet.explorer import netview

    return netview.build(
        [grid], DEPTH, as_of, layout=layout, view=f"bench|{grid}|{layout}", cached=False
    ).args


def community_payload(
    grids: Sequence[str], community: str, as_of: dt.date, all_open: bool = False
) -> dict[str, Any]:
    """The Network page's payload for a whole community: as it opens (each grid a summary
    node), or with every grid opened (folded to the page's node cap)."""
    from gridnet.explorer import netview

    return netview.build(
        list(grids),
        DEPTH,
        as_of,
        community=community,
        opened=list(grids) if all_open else (),
        view=f"bench|{community}|{all_open}",
        title=community,
        cached=False,
    ).args


def largest_grids(settings: Settings, n: int = 10) -> list[dict[str, Any]]:
    """The `n` grids with the most households."""
    with Database.connect(settings) as database:
        return database.read(statements()["largest_grids"], {"limit": n})


def network_settle(
    settings: Settings,
    ids: dict[str, Any],
    as_of: dt.date,
    n_grids: int = 10,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Settle times of the `n_grids` largest grids and of the largest community's view."""
    _quiet_streamlit()
    grids = largest_grids(settings, n_grids)
    out: dict[str, Any] = {"depth": DEPTH, "grids": {}}
    with browser_page() as page:
        for row in grids:
            args = grid_payload(row["grid"], as_of)
            figures = settle_in_page(page, args)
            figures["households"] = row["households"]
            out["grids"][row["grid"]] = figures
            log(
                f"  {row['grid']}: {figures['nodes']} nodes settled in {figures['settle_s']:.2f} s"
                f" (moved {figures['moved_px_after']} px in the second after)"
            )
        community = ids.get("community")
        if community and ids.get("community_grids"):
            for key, all_open in (("community", False), ("community_all_open", True)):
                started = time.perf_counter()
                args = community_payload(
                    ids["community_grids"], community, as_of, all_open=all_open
                )
                built = time.perf_counter() - started
                figures = settle_in_page(page, args)
                figures.update(
                    community=community,
                    build_s=round(built, 3),
                    built_and_settled_s=round(built + figures["settle_s"], 3),
                )
                if all_open:
                    figures["folds"] = sum(1 for n in args["nodes"] if n["kind"] == "fold")
                out[key] = figures
                log(
                    f"  community {community}"
                    + (", every grid opened" if all_open else "")
                    + f": built in {built:.2f} s, {figures['nodes']} nodes"
                    + (f" ({figures['folds']} folds)" if all_open else "")
                    + f" settled in {figures['settle_s']:.2f} s"
                )
    settles = [g["settle_s"] for g in out["grids"].values()]
    out["network_settle_s_max"] = max(settles) if settles else None
    out["community_built_and_settled_s"] = out.get("community", {}).get("built_and_settled_s")
    out["community_all_open_built_and_settled_s"] = out.get("community_all_open", {}).get(
        "built_and_settled_s"
    )
    return out


def _quiet_streamlit() -> None:
    """Outside `streamlit run`, every cached reader warns once that there is no runtime."""
    import logging

    import streamlit.logger

    streamlit.logger.get_logger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)


def main() -> None:  # pragma: no cover - a developer's entry point
    """Measure against the server in the environment (the demo city): prints the figures."""
    import json
    import sys

    from gridnet.bench import latency

    _quiet_streamlit()
    settings = Settings.from_env()
    with Database.connect(settings) as database:
        ids = latency.pick_ids(database)
    from gridnet.explorer import data

    as_of = data.as_of_default()
    result = network_settle(settings, ids, as_of, log=lambda m: print(m, file=sys.stderr))
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
