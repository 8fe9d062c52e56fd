"""Requests: open requests aged by community and category, deadline breaches, resolution times.

Grouped by community by default (by grid, a city's page ran over 12,000 px); each chart
draws at most `TOP` groups, and the table below is scrolled, not stretched.
"""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import charts, data, figures, ui
from gridnet.explorer.i18n import N_, _, fmt_date, fmt_int, fmt_num, fmt_pct, term

BY = {
    "district": N_("district"),
    "community": N_("community"),
    "grid": N_("grid"),
    "category": N_("category"),
}
TOP = 25  # groups drawn in a chart: its length stays bounded


COLUMNS = [
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


def render() -> None:
    st.title(_("Requests"))
    as_of = ui.as_of()
    with ui.guard(), st.spinner(_("Ageing requests…")):
        aging = figures.aging_frame(data.requests_open(as_of))

    c1, c2 = st.columns(2)
    if "rq_by" not in st.session_state:
        given = st.query_params.get("by")
        st.session_state["rq_by"] = given if given in BY else "community"
    by = c1.selectbox(_("Group by"), list(BY), format_func=lambda k: _(BY[k]), key="rq_by")
    st.query_params["by"] = by
    cats = sorted(aging["category"].dropna().unique()) if not aging.empty else []
    chosen = c2.multiselect(
        _("Category"), cats, format_func=lambda c: term("group", c), placeholder=_("Choose")
    )
    if chosen:
        aging = aging[aging["category"].isin(chosen)]

    overdue = int(aging["overdue"].sum()) if not aging.empty else 0
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(_("Open on the day"), fmt_int(len(aging)))
    m2.metric(_("Past deadline"), fmt_int(overdue))
    m3.metric(
        _("Median age (days)"),
        fmt_num(aging["age_days"].median(), 0) if not aging.empty else "–",
    )
    on_time = m4.empty()  # filled once the closed requests are read (below)

    st.subheader(_("Open requests by age (as of {day})").format(day=fmt_date(as_of)))
    if aging.empty:
        st.info(_("No open requests on this day."))
    else:
        groups = aging[by].nunique()
        if groups > TOP:
            st.caption(
                _("The {top} of {n} with most open requests; the table lists them all.").format(
                    top=TOP, n=groups
                )
            )
        st.altair_chart(charts.aging_chart(aging, by, top=TOP), width="stretch")
        st.subheader(_("Deadline breaches"))
        if overdue:
            st.altair_chart(charts.overdue_chart(aging, by, top=TOP), width="stretch")
        else:
            st.success(_("No open request is past its deadline"))
        table = aging[COLUMNS].copy()
        table["status"] = [term("request_status", s) for s in table["status"]]
        ui.id_table(table, key="req_open", height=400)
        ui.downloads(COLUMNS, aging[COLUMNS].values.tolist(), f"open_requests_{as_of}", key="req")

    # Every closed request is read for the resolution times: after the open ones show.
    st.subheader(_("Resolution times"))
    with ui.guard(), st.spinner(_("Reading closed requests…")):
        closed = figures.resolution_frame(data.requests_closed())
    on_time.metric(
        _("Closed on time"),
        fmt_pct(100 * closed["on_time"].mean()) if not closed.empty else "–",
    )
    if closed.empty:
        st.info(_("No closed requests yet"))
    else:
        res_by = by if by in closed.columns else "district"
        stats = figures.resolution_stats(closed, res_by)
        st.altair_chart(charts.resolution_chart(stats, res_by, top=TOP), width="stretch")
        ui.table(stats[[res_by, "count", "median", "mean", "max"]], height=300)
