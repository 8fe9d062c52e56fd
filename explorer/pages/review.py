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
from gridnet.graph.model import CASE_STATES
from gridnet.queries import catalog
from gridnet.queries.gap_rules import GAPS
from gridnet.workflow import cases, review

ALL = "(all 全部)"
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
    gap = GAPS.get(code)
    return f"{gap.zh} {code}" if gap else code


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "community_id", "community_name", "overdue"])
    if rows:
        frame["state"] = [review.state_label(str(s)) for s in frame["state"]]
        frame["community"] = frame["community_name"].fillna(frame["community_id"])
    return frame


def render() -> None:
    st.title("督办 Review")
    viewer = auth.viewer()
    actor = f"web:{viewer.name}"
    today = dt.date.today()
    with ui.guard():
        database = data.database()
        everything = review.list_cases(database, today=today)
        change = review.since_last_snapshot(database)
    if not everything:
        st.info(
            "No cases yet 暂无督办事项: record a snapshot with `gridnet snapshot` "
            "(缺口快照) to open cases from the coverage gaps."
        )
        return
    if change is not None:
        st.caption(
            f"Latest snapshot 最近快照 {change['as_of']}: {change['total']} findings 缺口"
            + (f" ({change['change']:+d} since {change['previous']})" if change["previous"] else "")
        )

    communities = sorted({str(r["community_id"]) for r in everything if r["community_id"]})
    codes = sorted({str(r["code"]) for r in everything})
    c1, c2, c3, c4 = st.columns(4)
    community = c1.selectbox("Community 社区/村", [ALL, *communities], key="rv_community")
    code = c2.selectbox(
        "Gap 缺口",
        [ALL, *codes],
        key="rv_code",
        format_func=lambda c: c if c == ALL else _code_label(c),
    )
    state = c3.selectbox(
        "State 状态",
        [ALL, *CASE_STATES],
        key="rv_state",
        format_func=lambda s: s if s == ALL else review.state_label(s),
    )
    overdue = c4.checkbox("Overdue only 仅逾期", key="rv_overdue")
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
    m1.metric("Cases shown 督办事项", len(rows))
    m2.metric("Overdue 逾期", sum(1 for r in rows if r["overdue"]))
    m3.metric("Reopened 重新打开", sum(1 for r in rows if r["state"] == "reopened"))
    frame = _frame(rows)
    st.dataframe(frame[COLUMNS], hide_index=True, width="stretch")

    st.subheader("Assign 交办")
    assignable = [str(r["case_id"]) for r in rows if r["state"] in cases.ASSIGNABLE]
    with st.form("rv_assign"):
        chosen = st.multiselect("Cases 督办事项", assignable, key="rv_assign_cases")
        assignee = st.text_input("Organisation or person id 承办组织/人员编号", key="rv_assignee")
        due = st.date_input("Due 整改期限", value=today + dt.timedelta(days=14), key="rv_due")
        note = st.text_input("Note 交办说明", key="rv_note")
        go = st.form_submit_button("交办 Assign")
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
            st.success(f"已交办 Assigned {len(done)}: {', '.join(done)}")
        for problem in problems:
            st.warning(problem)

    st.subheader("History 督办记录")
    pick = st.selectbox("Case 督办事项", [str(r["case_id"]) for r in rows], key="rv_history")
    if pick:
        with ui.guard():
            events = review.history(database, pick)
        st.dataframe(pd.DataFrame(events), hide_index=True, width="stretch")

    st.subheader("Trends 趋势")
    scope = {"community": None if community == ALL else community}
    scope["code"] = None if code == ALL else code
    with ui.guard():
        trends = pd.DataFrame(catalog.rows(database, "case_trends", scope))
    if trends.empty:
        st.info("No trend yet 暂无趋势数据.")
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
        "Median days to 销号 verification 销号用时中位数",
        f"{verified.median():.0f}" if not verified.empty else "–",
    )
    k2.metric(
        "Reopen rate 重新打开率",
        f"{100 * reopened / (closed + reopened):.0f}%" if closed + reopened else "–",
    )
