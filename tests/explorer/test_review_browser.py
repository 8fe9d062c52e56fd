"""The 督办 Review page end to end in headless Chromium, with no internet: assign a case,
see it in the assignee's list, mark it rectified, read its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet.db import Database
from gridnet.settings import Settings
from gridnet.workflow import review, snapshot
from tests.explorer.streamlit_app import CHROMIUM, offline_page, running_explorer

pytestmark = pytest.mark.browser

CASE = "grid_without_branch:G-0004"
ORG = "O-CC-01"
LABEL = "G-0004 · grid without party branch"  # how the pickers show CASE


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
    with offline_page(2400) as (page, blocked):
        page.goto(f"{app_url}/?page=review&lang=en", wait_until="domcontentloaded")
        page.get_by_text("Assign", exact=True).wait_for(timeout=60_000)

        # assign (交办) the branchless grid's case to the community committee
        cases = page.locator("[data-testid='stMultiSelect']").filter(has_text="Cases")
        cases.click()
        page.keyboard.type(LABEL)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.get_by_label("Organisation or person id").fill(ORG)
        page.get_by_role("button", name="Assign cases").click()
        page.get_by_text("Assigned 1:", exact=False).wait_for(timeout=60_000)
        assert review.case(database, CASE)["state"] == "assigned"

        # the assignee's own list offers it for 报整改
        mine = page.locator("[data-testid='stSelectbox']").filter(has_text="Case to report")
        mine.wait_for(timeout=60_000)
        assert mine.get_by_role("combobox").input_value() == LABEL
        page.get_by_label("What was done").fill("支部已成立 branch founded")
        page.get_by_role("button", name="Mark rectified").click()
        page.get_by_text(f"Reported {LABEL}", exact=False).wait_for(timeout=60_000)
        assert review.case(database, CASE)["state"] == "reported"

        # its history shows the three events
        history = (
            page.locator("[data-testid='stSelectbox']")
            .filter(has_text="Case")
            .filter(has_not_text="Case to report")
        )
        history.get_by_role("combobox").fill(LABEL)
        page.keyboard.press("Enter")
        page.get_by_text("opened → assign → report", exact=False).wait_for(timeout=60_000)
        page.screenshot(path=str(artifacts / "review_page.png"), full_page=True)
    actions = [e["action"] for e in review.history(database, CASE)]
    assert actions == ["opened", "assign", "report"]
    assert blocked == [], blocked
