"""The 选址 (Siting) map in headless Chromium with no internet: every layer is drawn from
the page itself (Vega on the grids' own data, no tiles), every request that leaves
127.0.0.1 is aborted and recorded, and none is made. Screenshot: tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridnet import db
from gridnet.bench.settle import CHROMIUM_ARGS
from gridnet.explorer import mapview
from tests.explorer.conftest import ARTIFACTS
from tests.explorer.streamlit_app import CHROMIUM, block_external, running_explorer
from tests.reach.test_out_of_reach import reach_city  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

# Marks drawn in the chart's SVG (Streamlit renders Vega as SVG), by fill or stroke
# colour; legend swatches left out.
MARKS = """(wanted) => {
  const svg = document.querySelector("[data-testid='stVegaLiteChart'] svg.marks");
  if (!svg) return null;
  const found = {};
  for (const [name, colour] of Object.entries(wanted)) found[name] = 0;
  for (const el of svg.querySelectorAll('.role-mark path')) {
    if (el.closest('.role-legend')) continue;
    const paint = [el.getAttribute('fill'), el.getAttribute('stroke')].map(
      (c) => (c || '').toLowerCase());
    for (const [name, colour] of Object.entries(wanted)) {
      if (paint.includes(colour)) found[name]++;
    }
  }
  return found;
}"""


def _marks(page, wanted: dict[str, str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"() => ({MARKS})({wanted!r}) !== null", timeout=60_000)
    page.wait_for_timeout(1500)  # the chart's last rerun
    return dict(page.evaluate(MARKS, wanted))


def test_siting_map_layers_offline(
    reach_city: db.Database,  # noqa: F811
) -> None:
    artifacts = ARTIFACTS
    artifacts.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    reach = dict(zip(("reached", "added", "out"), mapview.REACH_COLORS, strict=True))
    offers, other = mapview.PLATFORM_COLORS
    wanted = {**reach, "offers": offers, "other": other, "ring5": "#7c3aed", "site": "#000000"}
    blocked: list[str] = []
    with running_explorer(log_name="streamlit-siting.log") as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1500}, locale="zh-CN")
        block_external(context, blocked)
        page = context.new_page()
        page.goto(f"{url}/?page=siting&community=C1&category=elder_care", wait_until="load")
        page.get_by_role("heading", name="选址").first.wait_for(timeout=60_000)
        before = _marks(page, wanted)
        page.screenshot(path=str(artifacts / "siting.png"), full_page=True)
        page.goto(f"{url}/?page=siting&community=C1&category=elder_care&ring=P1", wait_until="load")
        page.get_by_role("heading", name="选址").first.wait_for(timeout=60_000)
        page.get_by_text("生活圈", exact=True).first.wait_for(timeout=60_000)
        after = _marks(page, wanted)
        page.screenshot(path=str(artifacts / "siting-rings.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stAlertContentError']").count() == 0
        browser.close()
    assert blocked == [], blocked
    # households reached (green: B1 and H5's own point), added by the proposed site
    # (blue: B2), out (red: H3); P1 offering elder care (amber), no other platform in
    # C1's reach (grey); the site (black)
    assert before == {
        "reached": 2,
        "added": 1,
        "out": 1,
        "offers": 1,
        "other": 0,
        "ring5": 0,
        "site": 1,
    }, before
    # P1's rings: the 5-minute one in its own colour, the others beside it
    assert after["ring5"] == 1 and after["reached"] == 2, after
