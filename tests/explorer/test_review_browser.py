"""The 督办 Review page end to end in headless Chromium, with no internet: assign a case,
see it in the assignee's list, mark it rectified, read its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet.bench.settle import CHROMIUM_ARGS
from gridnet.db import Database
from gridnet.settings import Settings
from gridnet.workflow import review, snapshot
from tests.explorer.streamlit_app import CHROMIUM, block_external, running_explorer

pytestmark = pytest.mark.browser

CASE = "grid_without_branch:G-0004"
ORG = "O-CC-01"


@pytest.fixture(scope="module")
def app_url(city: Settings, database: Database) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    snapshot.take(database, dt.date.today(), "cli:tester")
    with running_explorer(log_name="streamlit-review.log") as url:
        yield url


def test_assign_report_and_history_in_a_browser(
    app_url: str, database: Database, artifacts: Path
) -> None:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="zh-CN")
        block_external(context, blocked)
        page = context.new_page()
        page.goto(f"{app_url}/?page=review", wait_until="domcontentloaded")
        page.get_by_text("Assign 交办", exact=True).wait_for(timeout=60_000)

        # assign (交办) the branchless grid's case to the community committee
        cases = page.locator("[data-testid='stMultiSelect']").filter(has_text="Cases 督办事项")
        cases.click()
        page.keyboard.type(CASE)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.get_by_label("Organisation or person id 承办组织/人员编号").fill(ORG)
        page.get_by_role("button", name="交办 Assign").click()
        page.get_by_text("已交办 Assigned 1", exact=False).wait_for(timeout=60_000)
        assert review.case(database, CASE)["state"] == "assigned"

        # the assignee's own list offers it for 报整改
        mine = page.locator("[data-testid='stSelectbox']").filter(has_text="报整改事项")
        mine.wait_for(timeout=60_000)
        assert mine.get_by_role("combobox").input_value() == CASE
        page.get_by_label("What was done 整改情况").fill("支部已成立 branch founded")
        page.get_by_role("button", name="报整改 Mark rectified").click()
        page.get_by_text("已报整改 Reported", exact=False).wait_for(timeout=60_000)
        assert review.case(database, CASE)["state"] == "reported"

        # its history shows the three events
        history = page.locator("[data-testid='stSelectbox']").filter(has_text="Case 督办事项")
        history.get_by_role("combobox").fill(CASE)
        page.keyboard.press("Enter")
        page.get_by_text("opened → assign → report", exact=False).wait_for(timeout=60_000)
        page.screenshot(path=str(artifacts / "review_page.png"), full_page=True)
        browser.close()
    actions = [e["action"] for e in review.history(database, CASE)]
    assert actions == ["opened", "assign", "report"]
    assert blocked == [], blocked
