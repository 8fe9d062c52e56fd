"""Requests: open requests aged by grid and category, deadline breaches, resolution times."""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import charts, data, figures, ui
from gridnet.explorer.i18n import N_, _

BY = {
    "district": N_("district"),
    "community": N_("community"),
    "grid": N_("grid"),
    "category": N_("category"),
}


def render() -> None:
    st.title(_("Requests"))
    as_of = ui.as_of()
    with ui.guard(), st.spinner(_("Ageing requests…")):
        aging = figures.aging_frame(data.requests_open(as_of))
        closed = figures.resolution_frame(data.requests_closed())

    c1, c2 = st.columns(2)
    by = c1.selectbox(_("Group by"), list(BY), format_func=lambda k: _(BY[k]), index=2)
    cats = sorted(aging["category"].dropna().unique()) if not aging.empty else []
    chosen = c2.multiselect(_("Category"), cats)
    if chosen:
        aging = aging[aging["category"].isin(chosen)]

    overdue = int(aging["overdue"].sum()) if not aging.empty else 0
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(_("Open on the day"), len(aging))
    m2.metric(_("Past deadline"), overdue)
    m3.metric(
        _("Median age (days)"),
        f"{aging['age_days'].median():.0f}" if not aging.empty else "–",
    )
    m4.metric(
        _("Closed on time"),
        f"{100 * closed['on_time'].mean():.0f}%" if not closed.empty else "–",
    )

    st.subheader(f"Open requests by age 待办诉求账龄 (as of {as_of.isoformat()})")
    if aging.empty:
        st.info(_("No open requests on this day"))
    else:
        st.altair_chart(charts.aging_chart(aging, by), width="stretch")
        st.subheader(_("Deadline breaches"))
        if overdue:
            st.altair_chart(charts.overdue_chart(aging, by), width="stretch")
        else:
            st.success(_("No open request is past its deadline"))
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

    st.subheader(_("Resolution times"))
    if closed.empty:
        st.info(_("No closed requests yet"))
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
