"""Take the explorer screenshots in docs/ (Chinese, the language users read).

Run against a server loaded with the demo city (``make demo-data``)::

    .venv/bin/python docs/screenshots.py [explorer-map.png ...]

(naming files takes only those). It starts ``streamlit run explorer_app.py`` on a free
port, opens each page with ``?lang=zh`` in headless Chromium (the system package),
aborts every request that leaves the machine and fails if there was one, checks that
the sidebar lists every page by its Chinese name, and writes ``docs/explorer-*.png``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from gridnet.bench.firstpaint import block_external, streamlit_server
from gridnet.bench.settle import CHROMIUM_ARGS, chromium_path
from gridnet.explorer import i18n, nav

DOCS = Path(__file__).resolve().parent
# file -> (query, a text the settled page shows, viewport height)
SHOTS = {
    "explorer-overview.png": ("page=overview", "问题最突出的 10 个网格", 1500),
    "explorer-gaps.png": ("page=gaps", "网格详情", 1300),
    "explorer-network.png": ("page=network&grid=G-0004", "节点列表", 1100),
    "explorer-review.png": ("page=review", "我的督办", 1500),
    "explorer-siting.png": ("page=siting", "全覆盖最少点数", 1300),
    "explorer-map.png": ("page=map", "网格（点击地图或在此选择）", 1250),
}


def _settle(page: Any) -> None:
    """Until Streamlit has finished running the script and nothing spins for a while."""
    quiet = 0
    deadline = time.time() + 120
    while quiet < 6 and time.time() < deadline:
        busy = page.evaluate(
            "() => !!document.querySelector('[data-testid=stStatusWidget]')"
            " || !!document.querySelector('[data-testid=stSpinner]')"
        )
        quiet = 0 if busy else quiet + 1
        page.wait_for_timeout(250)


def main(only: list[str]) -> None:
    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("no Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with streamlit_server() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for name, (query, text, height) in SHOTS.items():
            if only and name not in only:
                continue
            context = browser.new_context(
                viewport={"width": 1400, "height": height}, locale="zh-CN"
            )
            block_external(context, blocked)
            page = context.new_page()
            page.goto(f"{url}/?lang=zh&{query}", wait_until="domcontentloaded")
            page.get_by_text(text, exact=False).first.wait_for(timeout=120_000)
            _settle(page)
            listed = page.locator("[data-testid='stSidebarNav']").inner_text()
            with i18n.use("zh"):
                missing = [i18n._(t) for t, _icon in nav.PAGES.values() if i18n._(t) not in listed]
            if missing:
                raise SystemExit(f"{name}: the sidebar does not list {missing}")
            page.wait_for_timeout(1500)  # charts and the network finish drawing
            page.screenshot(path=str(DOCS / name))
            print(f"wrote docs/{name}")
            context.close()
        browser.close()
    if blocked:
        raise SystemExit(f"requests for other hosts (failed in the browser): {blocked}")
    print("no request left the machine")


if __name__ == "__main__":
    import sys

    unknown = set(sys.argv[1:]) - set(SHOTS)
    if unknown:
        raise SystemExit(f"no such screenshot: {sorted(unknown)}; known: {sorted(SHOTS)}")
    main(sys.argv[1:])
