"""The 督办 Review page through Streamlit's AppTest: queue, filters, assigning, history."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gridnet.db import Database
from gridnet.explorer import data
from gridnet.queries import catalog
from gridnet.settings import Settings
from gridnet.workflow import cases, review, snapshot
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
    assert set(at.dataframe[0].value["state"]) == {"open"}

    at.selectbox(key="rv_community").set_value("C3").run()
    assert_clean(at)
    shown = at.dataframe[0].value
    assert 0 < len(shown) < total and len(set(shown["community"])) == 1

    at.multiselect(key="rv_assign_cases").set_value([CASE])
    at.text_input(key="rv_assignee").set_value("O-CC-01")
    at.button[0].click().run()
    assert_clean(at)
    assert any(s.value.startswith("Assigned 1:") for s in at.success)
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
    next(b for b in at.button if b.label == "Mark rectified").click().run()
    assert_clean(at)
    assert any(s.value.startswith("Reported G-0004 · ") for s in at.success)
    case = review.case(database, CASE)
    assert case["state"] == "reported"
    assert (case["history"][-1]["action"], case["history"][-1]["note"]) == ("report", "支部已成立")

    # trends at another level; the community's supervision list downloads
    at.radio(key="rv_level").set_value("district").run()
    assert_clean(at)
    assert len(at.get("vega_lite_chart")) == 2
    at.selectbox(key="rv_community").set_value("C3").run()
    assert_clean(at)
    assert {b.proto.label for b in at.get("download_button")} >= {
        "Download the supervision list (xlsx)"
    }

    overview = open_page("overview")
    assert_clean(overview)
    labels = [m.label for m in overview.metric]
    assert any(label.startswith("Gap findings (snapshot of") for label in labels)


def test_trends_are_cached_until_the_next_snapshot(
    city: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trend is read once per snapshot: until the next one it comes from the cache,
    a new snapshot is in the next read."""
    reads: list[str] = []
    real_rows = catalog.rows

    def counted(db: Database, name: object, *args: object, **kwargs: object) -> object:
        if name == "case_trends":  # a snapshot runs catalog queries of its own
            reads.append(name)
        return real_rows(db, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "rows", counted)
    first_day = dt.date.today() + dt.timedelta(days=1)  # after any earlier test's snapshot
    snapshot.take(database, first_day, "cli:tester")
    mark = review.snapshot_mark(database)
    before = data.case_trends("city", None)
    assert first_day in {r["period"] for r in before}
    assert data.case_trends("city", None) == before  # cached: the mark is the same
    assert review.snapshot_mark(database) == mark and reads == ["case_trends"]

    next_day = first_day + dt.timedelta(days=7)
    snapshot.take(database, next_day, "cli:tester")
    assert review.snapshot_mark(database) != mark
    after = data.case_trends("city", None)
    assert {r["period"] for r in after} == {r["period"] for r in before} | {next_day}
    assert reads == ["case_trends", "case_trends"]


def test_the_queue_is_read_again_only_when_a_case_changes(
    city: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page reads the whole queue once per change of any case and narrows it in
    memory: the narrowed rows are the ones `list_cases` reads with the same filters."""
    reads: list[dt.date | None] = []
    real = review.list_cases

    def counted(db: Database, *args: object, **kwargs: object) -> list[dict[str, object]]:
        reads.append(kwargs.get("today"))  # type: ignore[arg-type]
        return real(db, *args, **kwargs)  # type: ignore[arg-type]

    snapshot.take(database, dt.date.today() + dt.timedelta(days=30), "cli:tester")
    monkeypatch.setattr(review, "list_cases", counted)
    queue = data.case_queue()
    assert data.case_queue() == queue and len(reads) == 1  # the mark did not move

    chosen = next(r for r in queue if r["state"] in cases.ASSIGNABLE)
    late = dt.date.today() - dt.timedelta(days=1)  # assigned past its due date: overdue
    on = late - dt.timedelta(days=1)
    cases.assign(database, str(chosen["case_id"]), "O-CC-01", late, "cli:tester", today=on)
    after = data.case_queue()
    assert len(reads) == 2
    mine = review.select(after, assignee="O-CC-01")
    assert chosen["case_id"] in {r["case_id"] for r in mine}
    monkeypatch.setattr(review, "list_cases", real)
    for filters in (
        {"assignee": "O-CC-01"},
        {"state": "overdue"},
        {"overdue": True},
        {"community": "C3", "code": "grid_without_branch"},
        {"state": "open", "community": "C3"},
    ):
        assert review.select(after, **filters) == real(database, **filters), filters  # type: ignore[arg-type]
    assert review.select(after, state="overdue")


def test_the_pickers_offer_a_bounded_number_of_cases(
    city: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A city's queue holds tens of thousands of cases; every option of a picker goes to
    the browser at each run, so they offer the first `CHOICES` and say so."""
    from gridnet.explorer.pages import review as page

    monkeypatch.setattr(page, "CHOICES", 2)
    at = open_page("review")
    assert_clean(at)
    total = len(at.dataframe[0].value)
    assert total > 2
    assert len(at.selectbox(key="rv_history").options) == 2
    assert len(at.multiselect(key="rv_assign_cases").options) <= 2
    assert any(f"first 2 of these {total} cases" in c.value for c in at.caption)
