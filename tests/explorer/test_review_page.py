"""The 督办 Review page through Streamlit's AppTest: queue, filters, assigning, history."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from streamlit.testing.v1 import AppTest

from gridnet.db import Database
from gridnet.settings import Settings
from gridnet.workflow import review, snapshot
from tests.explorer.test_explorer_pages import assert_clean, open_page

CASE = "grid_without_branch:G-0004"


def _history(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "action" in d.value.columns)


def test_review_queue_filters_assigns_and_shows_history(city: Settings, database: Database) -> None:
    at = open_page("review")
    assert_clean(at)
    assert any("No cases yet" in i.value for i in at.info)

    snapshot.take(database, dt.date.today(), "cli:tester")
    at = open_page("review")
    assert_clean(at)
    total = len(at.dataframe[0].value)
    assert total == len(review.list_cases(database))
    assert set(at.dataframe[0].value["state"]) == {"待办 open"}

    at.selectbox(key="rv_community").set_value("C3").run()
    assert_clean(at)
    shown = at.dataframe[0].value
    assert 0 < len(shown) < total and len(set(shown["community"])) == 1

    at.multiselect(key="rv_assign_cases").set_value([CASE])
    at.text_input(key="rv_assignee").set_value("O-CC-01")
    at.button[0].click().run()
    assert_clean(at)
    assert any("已交办" in s.value for s in at.success)
    case = review.case(database, CASE)
    assert case["state"] == "assigned" and case["assignee"] == "O-CC-01"
    assert case["history"][-1]["actor"] == "web:local"

    at.selectbox(key="rv_state").set_value("assigned").run()
    assert_clean(at)
    assert list(at.dataframe[0].value["case_id"]) == [CASE]
    at.selectbox(key="rv_history").set_value(CASE).run()
    history = _history(at)
    assert list(history["action"]) == ["opened", "assign"]
    assert len(at.get("vega_lite_chart")) == 2  # open by code, new versus closed
    links = [p.label for p in at.get("page_link")]
    assert any("G-0004" in label for label in links)

    # the assignee's own list: the local user acts for O-CC-01 and reports the case fixed
    assert at.selectbox(key="rv_unit").value == "O-CC-01"
    at.selectbox(key="rv_report_case").set_value(CASE)
    at.text_input(key="rv_report_note").set_value("支部已成立")
    next(b for b in at.button if "报整改" in str(b.label)).click().run()
    assert_clean(at)
    assert any("已报整改" in s.value for s in at.success)
    case = review.case(database, CASE)
    assert case["state"] == "reported"
    assert (case["history"][-1]["action"], case["history"][-1]["note"]) == ("report", "支部已成立")

    # trends at another level; the community's supervision list downloads
    at.radio(key="rv_level").set_value("district").run()
    assert_clean(at)
    assert len(at.get("vega_lite_chart")) == 2
    at.selectbox(key="rv_community").set_value("C3").run()
    assert_clean(at)
    assert {b.proto.label for b in at.get("download_button")} >= {"下载督办单 xlsx"}

    overview = open_page("overview")
    assert_clean(overview)
    labels = [m.label for m in overview.metric]
    assert any(label.startswith("Gap findings (snapshot of") for label in labels)
