"""督办 Review: the reviewer's queue of gap cases, assigning them, and each case's history.

Every change goes through `gridnet.workflow.cases` (one write transaction each, an
audit event naming the signed-in user); the page itself only reads. The signed-in
user's own list is the cases assigned to their unit (``gridnet users add --unit``);
the local user of an explorer without sign-in acts for an assignee they choose, as
the operator does on the command line with ``--by``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from gridnet import users
from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.explorer import auth, charts, data, nav, ui
from gridnet.explorer.i18n import _
from gridnet.graph.model import CASE_STATES
from gridnet.queries import catalog
from gridnet.queries.gap_rules import GAPS
from gridnet.workflow import cases, review, sheet

ALL = "(all 全部)"
LEVELS = {"city": "市 city", "district": "县市区 district", "community": "社区/村 community"}
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

    if community != ALL:
        _sheet_downloads(database, community, today)

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

    _my_cases(database, viewer, actor, today)

    st.subheader("History 督办记录")
    pick = st.selectbox("Case 督办事项", [str(r["case_id"]) for r in rows], key="rv_history")
    if pick:
        with ui.guard():
            events = review.history(database, pick)
        st.dataframe(pd.DataFrame(events), hide_index=True, width="stretch")
        trail = " → ".join(f"{e['action']}" for e in events if e["outcome"] == "applied")
        st.caption(f"{len(events)} events 条记录: {trail}")
        _network_links(next(r for r in rows if r["case_id"] == pick))

    _trends(database, None if code == ALL else code, community)


def _sheet_downloads(database: Database, community: str, today: dt.date) -> None:
    """督办单 of the chosen community, as xlsx and as printable HTML (print to PDF)."""
    with ui.guard():
        found = sheet.sheet(database, community, today)
    st.caption(
        f"督办单 Supervision list: {len(found.rows)} 未销号, {found.overdue} 逾期 — "
        "HTML prints on A4 (browser: print → save as PDF)."
    )
    d1, d2 = st.columns(2)
    name = f"督办单-{community}-{today.isoformat()}"
    d1.download_button(
        "下载督办单 xlsx",
        sheet.render(found, "xlsx"),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="rv_sheet_xlsx",
    )
    d2.download_button(
        "打印版督办单 HTML",
        sheet.render(found, "html"),
        file_name=f"{name}.html",
        mime="text/html",
        key="rv_sheet_html",
    )


def _my_cases(
    database: Database,
    viewer: users.User,
    actor: str,
    today: dt.date,
) -> None:
    """The assignee's own list and 报整改 (mark rectified), with an optional evidence file."""
    st.subheader("My cases 我的督办")
    unit = viewer.unit
    if unit is None and viewer is users.LOCAL_USER:
        with ui.guard():  # read again: an assignment above may have just added one
            assignees = sorted(
                {str(r["assignee"]) for r in review.list_cases(database) if r["assignee"]}
            )
        if not assignees:
            st.info("No case is assigned yet 暂无已交办事项.")
            return
        unit = st.selectbox("Act for 承办单位", assignees, key="rv_unit")
    if not unit:
        st.info(
            "Your user answers for no unit 未关联承办单位: an administrator links it with "
            "`gridnet users add NAME --role reviewer --unit ORG_ID`."
        )
        return
    with ui.guard():
        mine = review.list_cases(database, assignee=unit, today=today)
    st.dataframe(_frame(mine)[COLUMNS], hide_index=True, width="stretch", key="rv_mine_table")
    open_ones = [str(r["case_id"]) for r in mine if r["stored_state"] == "assigned"]
    if not open_ones:
        st.caption("Nothing to report 无待整改事项.")
        return
    with st.form("rv_report"):
        chosen = st.selectbox("Case to report 报整改事项", open_ones, key="rv_report_case")
        note = st.text_input("What was done 整改情况", key="rv_report_note")
        evidence = st.file_uploader("Evidence 佐证材料 (optional)", key="rv_report_file")
        go = st.form_submit_button("报整改 Mark rectified")
    if go and chosen:
        kept = None
        if evidence is not None:
            kept = cases.keep_evidence(
                data.settings().home / "evidence", evidence.name, evidence.getvalue()
            )
        with ui.guard(stop=False):
            cases.report(database, chosen, unit, actor, note, kept, today=today)
            st.success(f"已报整改 Reported {chosen}; the next snapshot verifies it 下次快照复核")


def _network_links(case: dict[str, object]) -> None:
    """Where the case sits in the network: its grid, and its unit when that is a node."""
    links = st.columns(2)
    if case["grid_id"]:
        with links[0]:
            nav.link(
                "network", f"网格 {case['grid_id']} in the network", {"grid": str(case["grid_id"])}
            )
    unit = str(case["unit_id"])
    if "/" not in unit and unit != case["grid_id"]:
        with links[1]:
            nav.link("network", f"{unit} in the network 在网络中查看", {"node": unit})


def _trends(database: Database, code: str | None, community: str) -> None:
    st.subheader("Trends 趋势")
    level = st.radio(
        "Level 层级",
        list(LEVELS),
        format_func=LEVELS.__getitem__,
        horizontal=True,
        key="rv_level",
        index=2 if community != ALL else 0,
    )
    with ui.guard():
        trends = pd.DataFrame(catalog.rows(database, "case_trends", {"level": level, "code": code}))
    if trends.empty:
        st.info("No trend yet 暂无趋势数据.")
        return
    areas = {str(a): str(n) for a, n in zip(trends["area_id"], trends["area_name"], strict=True)}
    order = sorted(areas)
    default = order.index(community) if community in areas else 0
    area = st.selectbox(
        "Area 区域",
        order,
        index=default,
        format_func=lambda a: f"{areas[a]} {a}",
        key="rv_area",
    )
    trends = trends[trends["area_id"] == area]
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
