"""The Map page in headless Chromium, in Chinese, with no internet: the deck.gl map
draws from Streamlit's own bundle, a layer switches on, hovering a grid shows its figures
in Chinese, a click on a grid opens its detail and the link to its network, and the link
opens it. Every request is recorded; one for another host fails in the browser and fails
the test. A second run points GRIDNET_TILES_URL at a tile server on this machine: the
basemap is drawn from it and still nothing else is asked for. Screenshots:
tests/artifacts/."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from gridnet import db
from gridnet.bench.firstpaint import LOCAL_HOSTS
from gridnet.explorer import gridmap, mapgeo
from gridnet.explorer.pages import map as map_page
from gridnet.settings import Settings
from tests.explorer.streamlit_app import ARTIFACTS, block_external, chromium, running_explorer

pytestmark = pytest.mark.browser

MAP = "[data-testid='stDeckGlJsonChart']"


def _grid_centres(database: db.Database) -> tuple[dict[str, float], dict[str, list[float]]]:
    """The view the page opens on (the extent of every grid) and each grid's middle."""
    rows = database.read("MATCH (g:Grid) RETURN g.id AS id, g.boundary AS boundary")
    shapes = {r["id"]: mapgeo.geometry(r["boundary"]) for r in rows}
    box = mapgeo.bounds(pt for s in shapes.values() if s is not None for pt in s.exterior.coords)
    assert box is not None
    view = mapgeo.view(box, map_page.WIDTH_GUESS, map_page.HEIGHT)
    middles = {}
    for gid, s in shapes.items():
        if s is not None:
            x0, y0, x1, y1 = s.bounds
            # left of the middle: the gap marker sits up and right, the name in the middle
            middles[gid] = [x0 + 0.3 * (x1 - x0), (y0 + y1) / 2]
    return view, middles


def _colour_share(png: bytes, rgb: tuple[int, int, int], tol: int = 40) -> float:
    """The share of the picture's pixels within `tol` of colour `rgb`."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = list(image.get_flattened_data())
    near = sum(1 for p in pixels if all(abs(a - b) <= tol for a, b in zip(p, rgb, strict=True)))
    return near / len(pixels)


def _hex(colour: str) -> tuple[int, int, int]:
    r, g, b, _a = gridmap._rgba(colour)
    return r, g, b


def _settled(page: Any) -> None:
    """Until Streamlit has finished its run (no status widget, no spinner) for a while."""
    quiet = 0
    for _ in range(240):
        busy = page.evaluate(
            "() => !!document.querySelector('[data-testid=stStatusWidget]')"
            " || !!document.querySelector('[data-testid=stSpinner]')"
        )
        quiet = 0 if busy else quiet + 1
        if quiet >= 6:
            break
        page.wait_for_timeout(250)
    page.wait_for_timeout(800)  # deck.gl draws its next frame


def _canvas(page: Any) -> Any:
    canvas = page.locator(f"{MAP} canvas").first
    canvas.wait_for(timeout=90_000)
    return canvas


class _Recorder:
    """Every request the browser made (routed or not), to tell which left the machine."""

    def __init__(self, context: Any) -> None:
        self.urls: list[str] = []
        self.blocked: list[str] = []
        context.on("request", lambda r: self.urls.append(r.url))
        block_external(context, self.blocked)

    def external(self) -> list[str]:
        return [
            u
            for u in self.urls
            if not u.startswith(("data:", "blob:", "about:"))
            and urlparse(u).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def test_map_draws_offline_toggles_a_layer_and_opens_a_grid(
    city: Settings, database: db.Database, browser: Any
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view, middles = _grid_centres(database)
    with running_explorer(log_name="streamlit-map.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1500}, locale="zh-CN")
        requests = _Recorder(context)
        page = context.new_page()
        page.goto(f"{url}/?page=map&lang=zh", wait_until="domcontentloaded")
        page.get_by_role("heading", name="网格地图").first.wait_for(timeout=90_000)
        canvas = _canvas(page)
        _settled(page)
        before = canvas.screenshot()
        page.screenshot(path=str(ARTIFACTS / "map-zh.png"), full_page=True)
        # drawn: the worst grid (G-0004, severity high) in the ramp's darkest red
        assert _colour_share(before, _hex(gridmap.RAMP[-1])) > 0.005
        assert _colour_share(before, _hex(gridmap.LIGHTHOUSE_COLOUR)) == 0

        page.get_by_text("明灯户（按楼栋汇总）", exact=True).click()
        _settled(page)
        blue = 0.0
        for _ in range(40):  # the rerun, then deck.gl's next frame
            blue = _colour_share(_canvas(page).screenshot(), _hex(gridmap.LIGHTHOUSE_COLOUR))
            if blue > 0:
                break
            page.wait_for_timeout(500)
        assert blue > 0.00002, "no lighthouse marker drawn"  # three small dots

        box = _canvas(page).bounding_box()
        x, y = mapgeo.pixel(view, *middles["G-0004"], box["width"], box["height"])
        page.mouse.move(box["x"] + x + 2, box["y"] + y + 2)
        page.mouse.move(box["x"] + x, box["y"] + y)
        tooltip = page.locator(".deck-tooltip")
        tooltip.wait_for(state="visible", timeout=10_000)
        text = tooltip.inner_text()
        assert text.startswith("花园乡湾 (G-0004)") and "缺口严重程度：高" in text, text
        page.screenshot(path=str(ARTIFACTS / "map-zh-tooltip.png"))

        link = page.get_by_text("查看 花园乡湾 的网络")
        for _attempt in range(3):
            # A click the page got while it was still busy may be lost: click again, but
            # only after waiting long enough that a second click cannot undo the first.
            page.mouse.click(box["x"] + x, box["y"] + y)
            try:
                link.wait_for(timeout=30_000)
                break
            except PlaywrightTimeout:
                _settled(page)
        else:
            raise AssertionError("a click on G-0004 opened nothing")
        _settled(page)
        picker = page.locator("[data-testid='stSelectbox']").filter(has_text="网格（点击地图")
        shown = (picker.text_content() or "") + " ".join(
            i.input_value() for i in picker.locator("input").all()
        )
        assert "花园乡湾 (G-0004)" in shown, shown
        page.screenshot(path=str(ARTIFACTS / "map-zh-picked.png"), full_page=True)

        link.click()
        page.wait_for_url("**/network?*grid=G-0004*", timeout=60_000)
        page.get_by_text("节点列表").first.wait_for(timeout=90_000)
        assert page.locator("[data-testid='stException']").count() == 0
        context.close()
    assert requests.external() == [], requests.external()
    assert requests.blocked == []


class _Tiles(BaseHTTPRequestHandler):
    """A tile server on this machine: every tile a plain green PNG, every path logged."""

    seen: list[str] = []
    png = b""

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(type(self).png)

    def log_message(self, *args: object) -> None:
        pass


def test_office_basemap_comes_from_the_configured_tile_server_only(
    city: Settings, browser: Any
) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (20, 160, 60)).save(buffer, format="PNG")
    _Tiles.png, _Tiles.seen = buffer.getvalue(), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tiles = f"http://127.0.0.1:{server.server_address[1]}/tiles/{{z}}/{{x}}/{{y}}.png"
    try:
        with running_explorer(log_name="streamlit-map-tiles.log", GRIDNET_TILES_URL=tiles) as url:
            context = browser.new_context(viewport={"width": 1400, "height": 1300})
            requests = _Recorder(context)
            page = context.new_page()
            page.goto(f"{url}/?page=map&lang=zh", wait_until="domcontentloaded")
            canvas = _canvas(page)
            page.get_by_text("底图", exact=True).wait_for(timeout=60_000)
            _settled(page)
            page.wait_for_timeout(1500)  # tiles arrive
            shot = page.locator(MAP).screenshot()
            page.screenshot(path=str(ARTIFACTS / "map-basemap.png"), full_page=True)
            assert canvas.is_visible()
            context.close()
    finally:
        server.shutdown()
    assert _Tiles.seen and all(p.startswith("/tiles/") for p in _Tiles.seen), _Tiles.seen
    assert _colour_share(shot, (20, 160, 60), tol=30) > 0.05  # the tiles are drawn
    assert requests.external() == [], requests.external()
