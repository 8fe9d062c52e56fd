"""The database goes away under a running explorer: within 5 s a page says so in Chinese,
with the age of the figures it still shows from the cache, and it recovers by itself.

The explorer talks to the test server through a cuttable proxy (tests/conftest.py):
cutting it is what a client sees when the server dies, without stopping the server
the other tests use.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet.settings import Settings
from tests.explorer.streamlit_app import CHROMIUM, offline_page, running_explorer
from tests.reliability.netfault import CuttableProxy

pytestmark = pytest.mark.browser

BANNER = "数据库暂时无法连接，请联系管理员"
CACHED = re.compile(r"以下数据来自缓存：数据库最后一次应答于 \d\d:\d\d:\d\d（\d+ 分钟前）")
BANNER_WITHIN_S = 5.0


@pytest.fixture
def proxied_url(city: Settings, proxy: CuttableProxy) -> Iterator[str]:
    """The explorer, reading the fixture city through the proxy."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    env = {"NEO4J_URI": proxy.uri, "NEO4J_USER": city.user, "NEO4J_PASSWORD": city.password or ""}
    with running_explorer(log_name="streamlit-outage.log", **env) as url:
        yield url


def test_database_down_banner_within_5_s_with_the_age_of_cached_figures(
    proxied_url: str, proxy: CuttableProxy, artifacts: Path
) -> None:
    with offline_page(1400) as (page, blocked):
        url = f"{proxied_url}/?lang=zh&page=overview"
        page.goto(url, wait_until="domcontentloaded")
        page.locator("[data-testid='stMetric']").first.wait_for(timeout=90_000)
        page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)
        figures = page.locator("[data-testid='stMetric']").count()
        assert page.get_by_text(BANNER).count() == 0

        proxy.down()
        started = time.monotonic()
        page.goto(url, wait_until="domcontentloaded")  # the planner opens the page again
        page.get_by_text(BANNER).wait_for(timeout=BANNER_WITHIN_S * 1000)
        waited = time.monotonic() - started
        page.get_by_text(CACHED).wait_for(timeout=10_000)
        assert waited < BANNER_WITHIN_S, waited
        # the cached figures are still on the page under the banner
        page.wait_for_function(
            f"() => document.querySelectorAll('[data-testid=stMetric]').length >= {figures}",
            timeout=30_000,
        )
        page.screenshot(path=str(artifacts / "outage_zh.png"), full_page=True)

        proxy.up()
        page.goto(url, wait_until="domcontentloaded")
        page.locator("[data-testid='stMetric']").first.wait_for(timeout=90_000)
        page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)
        assert page.get_by_text(BANNER).count() == 0
    assert blocked == [], blocked
    print(f"database-down banner shown {waited:.2f} s after the page was opened again")
