"""督办 Review: the reviewer's queue of gap cases, assigning them, and each case's history.

Every change goes through `gridnet.workflow.cases` (one write transaction each, an
audit event naming the signed-in user); the page itself only reads.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from gridnet.errors import GridnetError
from gridnet.explorer import auth, charts, data, ui
from gridnet.explorer.i18n import _, fmt_date, fmt_int, fmt_pct, term
from gridnet.graph.model import CASE_STATES
from gridnet.queries import catalog
from gridnet.workflow import cases, review

ALL = "(all)"
COLUMNS = [
    "case_id",
    "state",
    "code",
    "unit_id",
    "grid_id",
    "community",
    "assignee",
    "due",
    "first_seen",
    "last_seen",
    "reopens",
]


def _code_label(code: str) -> str:
    return term("gap", code)


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "community_id", "community_name", "overdue"])
    if rows:
        frame["state"] = [term("case_state", str(s)) for s in frame["state"]]
        frame["code"] = [term("gap", str(c)) for c in frame["code"]]
        frame["community"] = frame["community_name"].fillna(frame["community_id"])
    return frame


def render() -> None:
    st.title(_("Review"))
    viewer = auth.viewer()
    actor = f"web:{viewer.name}"
    today = dt.date.today()
    with ui.guard():
        database = data.database()
        everything = review.list_cases(database, today=today)
        change = review.since_last_snapshot(database)
    if not everything:
        st.info(
            _(
                "No cases yet: record a snapshot with `gridnet snapshot` to open cases "
                "from the coverage gaps."
            )
        )
        return
    if change is not None:
        st.caption(
            _("Latest snapshot {day}: {total} findings").format(
                day=fmt_date(change["as_of"]), total=fmt_int(change["total"])
            )
            + (
                " "
                + _("({change} since {day})").format(
                    change=f"{change['change']:+d}", day=fmt_date(change["previous"])
                )
                if change["previous"]
                else ""
            )
        )

    communities = sorted({str(r["community_id"]) for r in everything if r["community_id"]})
    codes = sorted({str(r["code"]) for r in everything})
    c1, c2, c3, c4 = st.columns(4)
    community = c1.selectbox(
        _("Community"),
        [ALL, *communities],
        key="rv_community",
        format_func=lambda c: term("group", c),
    )
    code = c2.selectbox(
        _("Gap"),
        [ALL, *codes],
        key="rv_code",
        format_func=lambda c: term("group", c) if c == ALL else _code_label(c),
    )
    state = c3.selectbox(
        _("State"),
        [ALL, *CASE_STATES],
        key="rv_state",
        format_func=lambda s: term("group", s) if s == ALL else term("case_state", s),
    )
    overdue = c4.checkbox(_("Overdue only"), key="rv_overdue")
    with ui.guard():
        rows = review.list_cases(
            database,
            community=None if community == ALL else community,
            code=None if code == ALL else code,
            state=None if state == ALL else state,
            overdue=overdue,
            today=today,
        )
    m1, m2, m3 = st.columns(3)
    m1.metric(_("Cases shown"), len(rows))
    m2.metric(_("Overdue"), sum(1 for r in rows if r["overdue"]))
    m3.metric(_("Reopened"), sum(1 for r in rows if r["state"] == "reopened"))
    frame = _frame(rows)
    ui.table(frame[COLUMNS])

    st.subheader(_("Assign"))
    assignable = [str(r["case_id"]) for r in rows if r["state"] in cases.ASSIGNABLE]
    with st.form("rv_assign"):
        chosen = st.multiselect(_("Cases"), assignable, key="rv_assign_cases")
        assignee = st.text_input(_("Organisation or person id"), key="rv_assignee")
        due = st.date_input(_("Due"), value=today + dt.timedelta(days=14), key="rv_due")
        note = st.text_input(_("Note"), key="rv_note")
        go = st.form_submit_button(_("Assign"))
    if go:
        done, problems = [], []
        for case_id in chosen:
            try:
                with ui.guard(stop=False):
                    cases.assign(database, case_id, assignee.strip(), due, actor, note, today=today)
                    done.append(case_id)
            except GridnetError as exc:
                problems.append(f"{case_id}: {exc}")
        if done:
            st.success(_("Assigned {n}: {ids}").format(n=len(done), ids=", ".join(done)))
        for problem in problems:
            st.warning(problem)

    st.subheader(_("History"))
    pick = st.selectbox(_("Case"), [str(r["case_id"]) for r in rows], key="rv_history")
    if pick:
        with ui.guard():
            events = review.history(database, pick)
        ui.table(pd.DataFrame(events))

    st.subheader(_("Trends"))
    scope = {"community": None if community == ALL else community}
    scope["code"] = None if code == ALL else code
    with ui.guard():
        trends = pd.DataFrame(catalog.rows(database, "case_trends", scope))
    if trends.empty:
        st.info(_("No trend yet"))
        return
    open_chart, flow_chart = charts.case_trend_charts(trends)
    t1, t2 = st.columns(2)
    t1.altair_chart(open_chart, width="stretch")
    t2.altair_chart(flow_chart, width="stretch")
    verified = trends["median_days_to_verification"].dropna()
    closed = int(trends["closed_cases"].sum())
    reopened = int(trends["reopened"].sum())
    k1, k2 = st.columns(2)
    k1.metric(
        _("Median days to verification (销号)"),
        f"{verified.median():.0f}" if not verified.empty else "–",
    )
    k2.metric(
        _("Reopen rate"),
        fmt_pct(100 * reopened / (closed + reopened)) if closed + reopened else "–",
    )
