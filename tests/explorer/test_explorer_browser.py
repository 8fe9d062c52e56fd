"""End to end: `streamlit run explorer_app.py` in headless Debian Chromium, with no internet.

Every request that is not to 127.0.0.1 fails in the browser, so anything the pages needed
from a CDN would break them. Screenshots land in tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet.bench.firstpaint import CONTENT, PAGE_CONTENT, PAINTED
from gridnet.explorer import i18n, nav
from gridnet.explorer.i18n import _
from gridnet.settings import Settings
from tests.explorer.fixture_city import ELDER_CARE_PATH, XSS_BUILDING, XSS_NAME
from tests.explorer.streamlit_app import CHROMIUM, offline_page, running_explorer
from tests.explorer.test_i18n import english_words

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
    dialogs: list[str] = []
    with offline_page(1700) as (page, blocked):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield page, blocked, dialogs


def _network_frame(page):  # type: ignore[no-untyped-def]
    """The component frame that holds the network, once its layout has settled."""
    deadline = time.time() + 60
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("() => !!(window.gridnet && gridnet.state.settled)"):
                    return frame
            except Exception:  # noqa: BLE001 - frames come and go while Streamlit reruns
                continue
        page.wait_for_timeout(300)
    raise AssertionError("no settled network component in any frame")


def _open_network(page, url: str):  # type: ignore[no-untyped-def]
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("What is shown").wait_for(timeout=60_000)
    return _network_frame(page)


INK = """() => {
  const c = document.querySelector('#graph canvas');
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

NODE_XY = """(key) => {
  const n = gridnet.network();
  const d = n.canvasToDOM(n.getPositions([key])[key]);
  const r = document.querySelector('#graph').getBoundingClientRect();
  return {x: d.x + r.left, y: d.y + r.top};
}"""


def _node_point(frame, key: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Where `key` is on the page (the frame's box plus the node's place in the frame)."""
    box = frame.frame_element().bounding_box()
    p = frame.evaluate(NODE_XY, key)
    return box["x"] + p["x"], box["y"] + p["y"]


def _counts(frame) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return dict(frame.evaluate("() => gridnet.counts()"))


def _rendered_after(frame, renders: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit sent the component new arguments and the picture is at rest."""
    frame.wait_for_function(
        f"() => gridnet.state.renders > {renders} && gridnet.state.settled",
        timeout=60_000,
    )


def test_network_view_draws_offline_and_names_stay_text(
    browser_page, app_url: str, artifacts: Path
) -> None:
    page, blocked, dialogs = browser_page
    started = time.perf_counter()
    frame = _open_network(page, f"{app_url}/?lang=en&page=network&grid=G-0001")
    drawn = time.perf_counter() - started
    page.wait_for_timeout(500)
    stats = frame.evaluate(INK)
    page.screenshot(path=str(artifacts / "network_G-0001.png"), full_page=True)
    assert stats["ink"] > 500 and stats["colours"] >= 4, stats  # not blank: nodes in colours
    n_nodes = frame.evaluate("() => gridnet.state.nodes.length")
    assert n_nodes >= 25

    # The XSS building: hovering shows its name as text in vis's tooltip, nothing runs.
    x, y = _node_point(frame, f"Building:{XSS_BUILDING}")
    page.mouse.move(x + 1, y + 1)
    page.mouse.move(x, y)
    tooltip = frame.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    assert XSS_NAME in tooltip.inner_text()
    page.screenshot(path=str(artifacts / "network_xss_tooltip.png"))
    for f in page.frames:
        assert f.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert dialogs == []

    # Searching for it shows the name verbatim in the page (as text, not markup).
    page.get_by_label("Search by name or id").fill(XSS_BUILDING)
    page.keyboard.press("Enter")
    page.get_by_text("Matches").wait_for(timeout=30_000)
    page.wait_for_timeout(2500)
    select = page.locator("[data-testid='stSelectbox']").filter(has_text="Matches").first
    shown = (select.text_content() or "") + " ".join(
        i.input_value() for i in select.locator("input").all()
    )
    assert XSS_NAME in shown  # the browser shows the markup as text, never parses it
    page.screenshot(path=str(artifacts / "network_xss_search.png"), full_page=True)
    assert dialogs == []
    assert blocked == [], blocked
    print(
        f"network view of G-0001 drawn in the browser in {drawn:.1f} s, {n_nodes} nodes; "
        f"blocked external requests: {blocked}"
    )


def test_network_settles_and_labels_read_at_every_zoom(
    browser_page, app_url: str, artifacts: Path
) -> None:
    page, blocked, _ = browser_page
    frame = _open_network(page, f"{app_url}/?lang=en&page=network&grid=G-0001")
    state = frame.evaluate(
        "() => ({physics: gridnet.network().physics.physicsEnabled, ms: gridnet.state.settleMs})"
    )
    assert state["physics"] is False and state["ms"] < 3000, state
    before = frame.evaluate("() => gridnet.network().getPositions()")
    page.wait_for_timeout(1500)
    after = frame.evaluate("() => gridnet.network().getPositions()")
    assert before == after  # at rest: nothing drifts out of the frame

    labels = """() => {
      const n = gridnet.network(), s = n.getScale();
      const px = (kind) => gridnet.state.nodes.get({filter: x => x.kind === kind}).map(
        x => ({px: n.body.nodes[x.id].options.font.size * s,
               min: n.body.nodes[x.id].options.scaling.label.drawThreshold}));
      return {scale: s, grid: px('Grid'), branch: px('grid_party_branch'),
              group: px('building_party_group'), household: px('household')};
    }"""
    opening = frame.evaluate(labels)
    for kind in ("grid", "branch", "group"):
        assert all(x["px"] >= 12.5 for x in opening[kind]), (kind, opening)
    # Zoomed far out, structure stays readable and households are not drawn...
    frame.evaluate("() => gridnet.network().moveTo({scale: 0.25})")
    page.wait_for_timeout(400)
    far = frame.evaluate(labels)
    assert all(x["px"] >= 12.5 for x in far["grid"] + far["branch"] + far["group"]), far
    assert all(x["px"] < x["min"] for x in far["household"]), far
    # ...zoomed in, household labels appear.
    frame.evaluate("() => gridnet.network().moveTo({scale: 1.6})")
    page.wait_for_timeout(400)
    near = frame.evaluate(labels)
    assert all(x["px"] >= x["min"] for x in near["household"]), near
    page.screenshot(path=str(artifacts / "network_zoomed_in.png"), full_page=True)

    # Re-layout runs the physics again and stops it again.
    count = frame.evaluate("() => gridnet.state.settleCount")
    frame.click("#relayout")
    frame.wait_for_function(
        f"() => gridnet.state.settleCount > {count} && gridnet.state.settled", timeout=30_000
    )
    assert frame.evaluate("() => gridnet.network().physics.physicsEnabled") is False

    # The hierarchical layout: the chain reads from top to bottom, no physics at all.
    page.get_by_text("hierarchical").click()
    frame.wait_for_function(
        "() => gridnet.state.args.layout === 'hierarchical' && gridnet.state.settled",
        timeout=60_000,
    )
    y = frame.evaluate(
        "() => { const p = gridnet.network().getPositions(); return {g: p['Grid:G-0001'].y, "
        "b: p['Organization:O-GB-0001'].y, l: p['Household:H-0001'].y, "
        "h: p['Household:H-0003'].y}; }"
    )
    assert y["g"] < y["b"] < y["l"] < y["h"], y
    page.screenshot(path=str(artifacts / "network_hierarchical.png"), full_page=True)
    page.get_by_text("force-directed").click()
    assert blocked == [], blocked


def test_network_whole_community_opens_a_grid_in_place(
    browser_page, app_url: str, artifacts: Path
) -> None:
    page, blocked, dialogs = browser_page
    frame = _open_network(page, f"{app_url}/?lang=en&page=network&community=C1")
    before = _counts(frame)
    assert before["summary"] == 2 and "household" not in before and "Grid" not in before
    page.screenshot(path=str(artifacts / "network_community_summary.png"), full_page=True)
    page.mouse.dblclick(*_node_point(frame, "Grid:G-0001"))
    frame.wait_for_function(
        "() => (gridnet.counts().household || 0) > 0 && gridnet.state.settled", timeout=60_000
    )
    after = _counts(frame)
    assert after["summary"] == 1 and after["Grid"] == 1 and after["lighthouse"] == 2, after
    assert after["household"] == 15 and after["Area"] == before["Area"]
    page.screenshot(path=str(artifacts / "network_community_opened.png"), full_page=True)
    assert dialogs == [] and blocked == [], blocked


def test_network_click_expand_toggle_and_slice(browser_page, app_url: str, artifacts: Path) -> None:
    page, blocked, dialogs = browser_page
    frame = _open_network(page, f"{app_url}/?lang=en&page=network&grid=G-0001")
    key = "Household:H-0001"

    # Click: the side panel shows the node, its neighbourhood is highlighted.
    renders = frame.evaluate("() => gridnet.state.renders")
    page.mouse.click(*_node_point(frame, key))
    _rendered_after(frame, renders)
    page.locator("strong", has_text="lighthouse household").wait_for(timeout=30_000)
    assert frame.evaluate("() => gridnet.network().getSelectedNodes()") == [key]
    dim = frame.evaluate(
        "() => gridnet.state.nodes.get().filter(n => n.opacity < 1).map(n => n.id)"
    )
    assert "Household:H-0003" not in dim and "Grid:G-0002" not in dim  # neighbour stays lit
    assert "Building:B-004" in dim  # far from the lighthouse: dimmed
    page.screenshot(path=str(artifacts / "network_selected.png"), full_page=True)

    # Double-click expands: the member who lives in the lighthouse household appears.
    before = _counts(frame)
    renders = frame.evaluate("() => gridnet.state.renders")
    page.mouse.dblclick(*_node_point(frame, key))
    frame.wait_for_function(
        "() => gridnet.counts().Person >= 1 && gridnet.state.settled", timeout=60_000
    )
    after = _counts(frame)
    assert after.get("Person", 0) == before.get("Person", 0) + 1, (before, after)
    assert {k: v for k, v in after.items() if k != "Person"} == before
    page.screenshot(path=str(artifacts / "network_expanded.png"), full_page=True)

    # A legend item switches its kind off and on again.
    frame.click(".gn-legend-item[data-kind='household']")
    assert "household" not in _counts(frame) and _counts(frame)["lighthouse"] == 2
    page.wait_for_timeout(1500)  # the choice reaches Python and comes back
    assert "household" not in _counts(frame)
    page.screenshot(path=str(artifacts / "network_kind_off.png"), full_page=True)
    frame.click(".gn-legend-item[data-kind='household']")
    assert _counts(frame)["household"] == before["household"]

    # The slicer: lighthouse households serving at least 5 (only the overloaded one).
    page.get_by_text("Slicer").click()
    field = page.get_by_role("spinbutton", name="Lighthouse load ≥")
    field.fill("5")
    renders = frame.evaluate("() => gridnet.state.renders")
    field.press("Enter")
    frame.wait_for_function("() => gridnet.counts().lighthouse === 1", timeout=60_000)
    assert frame.evaluate("() => gridnet.state.nodes.get('Household:H-0002')") is None
    page.screenshot(path=str(artifacts / "network_sliced.png"), full_page=True)
    field.fill("0")
    field.press("Enter")
    frame.wait_for_function("() => gridnet.counts().lighthouse === 2", timeout=60_000)

    # Export: a PNG of the view, downloaded from the frame.
    with page.expect_download(timeout=30_000) as download:
        frame.click("#export")
    png = Path(download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    (artifacts / "network_export.png").write_bytes(png)
    assert dialogs == [] and blocked == [], blocked


CENTRED = """(key) => {
  const n = gridnet.network();
  const d = n.canvasToDOM(n.getPositions([key])[key]);
  const r = document.querySelector('#graph').getBoundingClientRect();
  return {dx: Math.abs(d.x - r.width / 2) / r.width, dy: Math.abs(d.y - r.height / 2) / r.height};
}"""


def _assert_focused(frame, key: str) -> None:  # type: ignore[no-untyped-def]
    """`key` is selected, centred, and its neighbourhood lit while the rest is dimmed."""
    frame.wait_for_function(
        f"() => gridnet.network().getSelectedNodes().includes('{key}')", timeout=30_000
    )
    frame.wait_for_timeout(800)  # the centring animation
    offset = frame.evaluate(CENTRED, key)
    assert offset["dx"] < 0.1 and offset["dy"] < 0.1, offset
    lit = frame.evaluate(
        "(key) => { const near = new Set([key, ...gridnet.network().getConnectedNodes(key)]);"
        " return gridnet.state.nodes.get().every(n => (n.opacity === 1) === near.has(n.id)); }",
        key,
    )
    assert lit


def test_network_deep_link_selects_and_centres_the_household(
    browser_page, app_url: str, artifacts: Path
) -> None:
    page, blocked, dialogs = browser_page
    frame = _open_network(page, f"{app_url}/?lang=en&page=network&node=H-0001")
    _assert_focused(frame, "Household:H-0001")
    page.locator("strong", has_text="lighthouse household").wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts / "network_deep_link.png"), full_page=True)
    assert dialogs == [] and blocked == [], blocked


def test_an_id_in_a_table_opens_the_network_in_the_same_tab(
    browser_page, app_url: str, artifacts: Path
) -> None:
    page, blocked, dialogs = browser_page
    page.goto(f"{app_url}/?lang=en&page=requests", wait_until="domcontentloaded")
    page.get_by_text("Deadline breaches").wait_for(timeout=60_000)
    table = page.locator("[data-testid='stDataFrame']").filter(has_text="request id").first
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    first = table.locator("td[aria-colindex='1']").first.text_content()
    assert first and first.startswith("R-"), first
    box = table.bounding_box()
    pages_before = len(page.context.pages)
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # the first row's request id
    page.wait_for_url(f"**node={first}**", timeout=60_000)
    assert len(page.context.pages) == pages_before  # the same tab, not a new one
    frame = _network_frame(page)
    _assert_focused(frame, f"ServiceRequest:{first}")
    page.screenshot(path=str(artifacts / "network_from_requests_table.png"), full_page=True)
    assert dialogs == [] and blocked == [], blocked


def test_network_path_lights_the_serving_chain(browser_page, app_url: str, artifacts: Path) -> None:
    page, blocked, dialogs = browser_page
    frame = _open_network(page, f"{app_url}/?lang=en&page=network&node=H-0003")
    _assert_focused(frame, "Household:H-0003")
    select = page.locator("[data-testid='stSelectbox']").filter(has_text="Path to a platform")
    select.click()
    page.keyboard.type("养老")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Path", exact=True).click()
    frame.wait_for_function(
        "() => (gridnet.state.args.focus || {}).path && gridnet.state.path", timeout=60_000
    )
    page.wait_for_timeout(800)
    lit = set(
        frame.evaluate(
            "() => gridnet.state.nodes.get().filter(n => n.opacity === 1).map(n => n.id)"
        )
    )
    assert lit == set(ELDER_CARE_PATH), lit
    page.get_by_text("lit in the picture", exact=False).wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts / "network_path.png"), full_page=True)
    assert dialogs == [] and blocked == [], blocked


def test_gap_table_lists_grids(browser_page, app_url: str, artifacts: Path) -> None:
    page, _, dialogs = browser_page
    page.goto(f"{app_url}/?lang=en&page=gaps", wait_until="domcontentloaded")
    page.get_by_text("showing 4 of 4 grids", exact=False).wait_for(timeout=60_000)
    grid = page.locator("[data-testid='stDataFrame']").first
    # glide draws on canvas; its a11y cells hold text once the grid has drawn
    grid.locator("td", has_text="G-0004").first.wait_for(state="attached", timeout=30_000)
    text = grid.text_content() or ""
    page.screenshot(path=str(artifacts / "gaps.png"), full_page=True)
    for gid in ("G-0001", "G-0002", "G-0003", "G-0004"):
        assert gid in text, text[:500]
    assert dialogs == []


# Words of the network component's own (toolbar, legend) in each language.
NETWORK_TEXTS = {"zh": ("重新布局", "适应窗口", "图例"), "en": ("Re-layout", "Fit", "Legend")}


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("name", list(nav.PAGES))
def test_every_page_in_each_language(
    browser_page, app_url: str, artifacts: Path, name: str, lang: str
) -> None:
    """Each page opens in the language of its link: its heading in that language, its
    first data on screen, no exception, no English left in zh, nothing fetched from
    outside the machine."""
    page, blocked, dialogs = browser_page
    with i18n.use(lang):
        title = _(nav.PAGES[name][0])
    page.goto(f"{app_url}/?lang={lang}&page={name}", wait_until="domcontentloaded")
    page.wait_for_function(
        PAINTED, arg=PAGE_CONTENT.get(name, CONTENT), timeout=90_000, polling=100
    )
    assert page.locator("h1").first.inner_text().strip() == title
    # the run is over (Streamlit's "running" widget gone) before the page is judged
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=90_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / f"page_{name}_{lang}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert f"lang={lang}" in page.url  # a copied link opens in the same language
    sidebar = page.locator("[data-testid='stSidebarNav']").inner_text()
    with i18n.use(lang):
        assert all(_(t) in sidebar for t, _icon in nav.PAGES.values()), sidebar
    if name == "network":
        frame = _network_frame(page)
        texts = frame.evaluate(
            "() => [document.body.innerText, document.querySelector('#legend')"
            ".getAttribute('aria-label'), ...[...document.querySelectorAll('[title]')]"
            ".map(e => e.title)].join('\\n')"
        )
        assert all(word in texts for word in NETWORK_TEXTS[lang]), texts
        if lang == "zh":
            assert not english_words([texts]), english_words([texts])
        assert frame.evaluate("() => document.documentElement.lang") == (
            "zh-CN" if lang == "zh" else "en"
        )
    assert dialogs == []
    assert blocked == [], blocked


def test_gap_report_downloads_are_made_when_pressed(
    browser_page: tuple, app_url: str, city: Settings
) -> None:
    """The CSV and Excel files of the gap report are written on the press (deferred),
    with the report's rows; the two buttons are told apart in Chinese."""
    import csv
    import io

    import openpyxl

    page, blocked, _dialogs = browser_page
    page.goto(f"{app_url}/?page=gaps&lang=zh", wait_until="domcontentloaded")
    csv_button = page.get_by_role("button", name="下载 CSV").first
    csv_button.wait_for(timeout=60_000)
    with page.expect_download(timeout=30_000) as download:
        csv_button.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {"G-0004"} <= {r["grid_id"] for r in rows}, rows
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="下载 Excel").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    assert sheet.max_row == len(rows) + 1  # a header and the same rows as the CSV
    assert blocked == [], blocked
