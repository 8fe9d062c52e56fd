"""End to end: `streamlit run explorer_app.py` in headless Debian Chromium, with no internet.

Every request that is not to 127.0.0.1 is aborted, so anything the pages needed
from a CDN would break them. Screenshots land in tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet.settings import Settings
from tests.explorer.fixture_city import XSS_BUILDING, XSS_NAME
from tests.explorer.streamlit_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    block_external,
    running_explorer,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(city: Settings) -> Iterator[str]:
    """A streamlit server on a free local port, stopped afterwards."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    with running_explorer() as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(app_url: str, artifacts: Path) -> Iterator[tuple]:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1700}, locale="zh-CN")

        block_external(context, blocked)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield page, blocked, dialogs
        browser.close()


def _network_frame(page):  # type: ignore[no-untyped-def]
    """The iframe that holds the vis network (it has #mynetwork)."""
    deadline = time.time() + 30
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.query_selector("#mynetwork canvas"):
                    return frame
            except Exception:  # noqa: BLE001 - frames come and go while Streamlit reruns
                continue
        page.wait_for_timeout(300)
    raise AssertionError("no vis network canvas in any frame")


INK = """() => {
  const c = document.querySelector('#mynetwork canvas');
  const ctx = c.getContext('2d');
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let ink = 0, colours = new Set();
  for (let i = 0; i < d.length; i += 16) {
    const [r, g, b, a] = [d[i], d[i + 1], d[i + 2], d[i + 3]];
    if (a > 0 && (r < 235 || g < 235 || b < 235)) {
      ink++;
      colours.add((r >> 4) + ',' + (g >> 4) + ',' + (b >> 4));
    }
  }
  return {ink, colours: colours.size, width: c.width, height: c.height};
}"""


def test_network_view_draws_offline_and_names_stay_text(
    browser_page, app_url: str, artifacts: Path
) -> None:
    page, blocked, dialogs = browser_page
    started = time.perf_counter()
    page.goto(f"{app_url}/?page=network&grid=G-0001", wait_until="domcontentloaded")
    page.get_by_text("What is shown 节点列表").wait_for(timeout=60_000)
    frame = _network_frame(page)
    frame.wait_for_function(
        "() => typeof network !== 'undefined' && network.body && "
        "Object.keys(network.body.nodes).length > 0",
        timeout=30_000,
    )
    page.wait_for_timeout(2500)  # let the layout stabilise before sampling pixels
    drawn = time.perf_counter() - started
    stats = frame.evaluate(INK)
    page.screenshot(path=str(artifacts / "network_G-0001.png"), full_page=True)
    assert stats["ink"] > 500 and stats["colours"] >= 4, stats  # not blank: nodes in colours
    n_nodes = frame.evaluate("() => Object.keys(network.body.nodes).length")
    assert n_nodes >= 25

    # The XSS building: hovering shows its name as text in vis's tooltip, nothing runs.
    key = f"Building:{XSS_BUILDING}"
    pos = frame.evaluate(f"""() => {{ network.stopSimulation();
                                      const p = network.getPositions(['{key}'])['{key}'];
                                      return network.canvasToDOM(p); }}""")
    # bounding_box() is in main-page coordinates even inside the iframe.
    canvas_box = frame.query_selector("#mynetwork").bounding_box()
    page.mouse.move(canvas_box["x"] + pos["x"] + 1, canvas_box["y"] + pos["y"] + 1)
    page.mouse.move(canvas_box["x"] + pos["x"], canvas_box["y"] + pos["y"])
    tooltip = frame.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    assert XSS_NAME in tooltip.inner_text()
    page.screenshot(path=str(artifacts / "network_xss_tooltip.png"))
    for f in page.frames:
        assert f.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert dialogs == []

    # Searching for it shows the name verbatim in the page (as text, not markup).
    page.get_by_label("Search by name or id 按名称或编号搜索").fill(XSS_BUILDING)
    page.keyboard.press("Enter")
    page.get_by_text("Matches 搜索结果").wait_for(timeout=30_000)
    page.wait_for_timeout(2500)
    select = page.locator("[data-testid='stSelectbox']").filter(has_text="Matches").first
    page.screenshot(path=str(artifacts / "network_xss_search.png"), full_page=True)
    shown = (select.text_content() or "") + " ".join(
        i.input_value() for i in select.locator("input").all()
    )
    assert XSS_NAME in shown  # the browser shows the markup as text, never parses it
    page.screenshot(path=str(artifacts / "network_xss_search.png"), full_page=True)
    assert dialogs == []
    assert not [u for u in blocked if "vis" in u or "bootstrap" in u], blocked
    print(
        f"network view of G-0001 drawn in the browser in {drawn:.1f} s, {n_nodes} nodes; "
        f"blocked external requests: {blocked}"
    )


def test_gap_table_lists_grids(browser_page, app_url: str, artifacts: Path) -> None:
    page, _, dialogs = browser_page
    page.goto(f"{app_url}/?page=gaps", wait_until="domcontentloaded")
    page.get_by_text("showing 4 of 4 grids", exact=False).wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    grid = page.locator("[data-testid='stDataFrame']").first
    text = grid.text_content() or ""  # glide draws on canvas; its a11y cells hold text
    page.screenshot(path=str(artifacts / "gaps.png"), full_page=True)
    for gid in ("G-0001", "G-0002", "G-0003", "G-0004"):
        assert gid in text, text[:500]
    assert dialogs == []


@pytest.mark.parametrize("name", ["overview", "map", "requests", "whatif", "console"])
def test_other_pages_render_without_errors(
    browser_page, app_url: str, artifacts: Path, name: str
) -> None:
    page, _, dialogs = browser_page
    page.goto(f"{app_url}/?page={name}", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=60_000)
    page.wait_for_timeout(4000)
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert dialogs == []
