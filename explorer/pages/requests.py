"""Requests: open requests aged by grid and category, deadline breaches, resolution times."""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import charts, data, figures, ui

BY = {
    "district": "district 区县",
    "community": "community 社区/村",
    "grid": "grid 网格",
    "category": "category 类别",
}


def render() -> None:
    st.title("Requests 服务诉求")
    as_of = ui.as_of()
    with ui.guard(), st.spinner("Ageing requests… 统计诉求"):
        aging = figures.aging_frame(data.requests_open(as_of))
        closed = figures.resolution_frame(data.requests_closed())

    c1, c2 = st.columns(2)
    by = c1.selectbox("Group by 分组", list(BY), format_func=lambda k: BY[k], index=2)
    cats = sorted(aging["category"].dropna().unique()) if not aging.empty else []
    chosen = c2.multiselect("Category 类别", cats)
    if chosen:
        aging = aging[aging["category"].isin(chosen)]

    overdue = int(aging["overdue"].sum()) if not aging.empty else 0
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Open on the day 待办", len(aging))
    m2.metric("Past deadline 超期", overdue)
    m3.metric(
        "Median age (days) 账龄中位数",
        f"{aging['age_days'].median():.0f}" if not aging.empty else "–",
    )
    m4.metric(
        "Closed on time 按时办结",
        f"{100 * closed['on_time'].mean():.0f}%" if not closed.empty else "–",
    )

    st.subheader(f"Open requests by age 待办诉求账龄 (as of {as_of.isoformat()})")
    if aging.empty:
        st.info("No open requests on this day 当日无待办诉求.")
    else:
        st.altair_chart(charts.aging_chart(aging, by), width="stretch")
        st.subheader("Deadline breaches 超期诉求")
        if overdue:
            st.altair_chart(charts.overdue_chart(aging, by), width="stretch")
        else:
            st.success("No open request is past its deadline 无超期诉求.")
        cols = [
            "request_id",
            "title",
            "status",
            "district",
            "community",
            "grid",
            "category",
            "opened",
            "deadline",
            "age_days",
            "overdue",
            "days_past_deadline",
        ]
        ui.id_table(aging[cols], key="req_open")
        ui.downloads(cols, aging[cols].values.tolist(), f"open_requests_{as_of}", key="req")

    st.subheader("Resolution times 办结用时")
    if closed.empty:
        st.info("No closed requests yet 暂无已办结诉求.")
    else:
        res_by = by if by in closed.columns else "district"
        st.altair_chart(charts.resolution_chart(closed, res_by), width="stretch")
        summary = (
            closed.groupby(res_by)["resolution_days"]
            .agg(["count", "median", "mean", "max"])
            .round(1)
            .reset_index()
        )
        st.dataframe(summary, hide_index=True, width="stretch")
