"""The explorer warms up as it starts: imports, then the pages' first reads, into the very
cache the pages read (explorer/warmup.py, started by explorer/serve.py).

Proof that the cache is the pages' own: the warm-up runs through a cuttable proxy, the
proxy is cut before anyone visits, and the first visit still shows the city's figures
(under the database-down banner), which it could only have from the warm-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet.bench.firstpaint import warmed_up
from gridnet.explorer.warmup import READS, VIEWS
from gridnet.settings import Settings
from tests.explorer.streamlit_app import ARTIFACTS, CHROMIUM, offline_page, running_explorer
from tests.reliability.netfault import CuttableProxy

pytestmark = pytest.mark.browser

BANNER = "数据库暂时无法连接，请联系管理员"
DONE = re.compile(r"warm-up: (\d+) of (\d+) reads for (\d{4}-\d\d-\d\d)")


@pytest.fixture
def explorer_env(city: Settings, proxy: CuttableProxy) -> Iterator[dict[str, str]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    yield {"NEO4J_URI": proxy.uri, "NEO4J_USER": city.user, "NEO4J_PASSWORD": city.password or ""}


def test_the_first_visit_reads_what_the_warm_up_read(
    explorer_env: dict[str, str], proxy: CuttableProxy
) -> None:
    log = ARTIFACTS / "streamlit-warmup.log"
    with running_explorer(log_name=log.name, **explorer_env) as url:
        found = DONE.search(warmed_up(log))
        assert found, log.read_text(encoding="utf-8")
        assert int(found[1]) == int(found[2]) == len(READS) + len(VIEWS)
        assert "missing ScriptRunContext" not in log.read_text(encoding="utf-8")

        proxy.down()  # nobody has visited yet: only the warm-up has read the city
        with offline_page(1400) as (page, blocked):
            page.goto(f"{url}/?lang=zh&page=overview", wait_until="domcontentloaded")
            page.get_by_text(BANNER).first.wait_for(timeout=30_000)
            metrics = page.locator("[data-testid='stMetric']")
            metrics.first.wait_for(timeout=30_000)
            grids = metrics.filter(has=page.get_by_text("网格", exact=True)).first
            value = grids.locator("[data-testid='stMetricValue']").inner_text()
            assert value == "4", value  # the fixture city's four grids

            # the map's first view was drawn by the warm-up: the picture is there
            page.goto(f"{url}/?lang=zh&page=map", wait_until="domcontentloaded")
            page.get_by_text(BANNER).first.wait_for(timeout=30_000)
            page.locator("[data-testid='stDeckGlJsonChart']").first.wait_for(timeout=30_000)
            assert page.locator("[data-testid='stAlert']").filter(has_text="Traceback").count() == 0
        assert blocked == [], blocked


def test_a_database_that_does_not_answer_leaves_the_explorer_up(city: Settings) -> None:
    log = ARTIFACTS / "streamlit-warmup-down.log"
    env = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_USER": city.user, "NEO4J_PASSWORD": "x"}
    with running_explorer(log_name=log.name, **env) as url:
        text = warmed_up(log)
        assert "the database does not answer" in text, text
        assert DONE.search(text) is None, text
        with offline_page(1000) as (page, _blocked):
            page.goto(f"{url}/?lang=zh&page=overview", wait_until="domcontentloaded")
            page.get_by_text(BANNER).first.wait_for(timeout=30_000)
