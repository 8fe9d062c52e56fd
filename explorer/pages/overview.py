"""Overview for planners: headline counts, coverage, the article's figures, request ageing."""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import charts, data, figures, ui
from gridnet.explorer.i18n import N_, _
from gridnet.workflow import review

_METRICS = (
    ("grids", N_("Grids")),
    ("grid_party_branches", N_("Grid party branches")),
    ("building_party_groups", N_("Building party groups")),
    ("lighthouse_households", N_("Lighthouse households")),
    ("households", N_("Households")),
    ("party_members", N_("Party members")),
    ("platforms", N_("Platforms")),
    ("open_requests", N_("Open requests")),
)


def render() -> None:
    st.title(_("Overview"))
    with ui.guard(), st.spinner(_("Counting the city…")):
        counts = data.overview_counts()
        coverage_rows = data.coverage_by_community()
        open_rows = data.requests_open(ui.as_of())

    cols = st.columns(4)
    for i, (key, label) in enumerate(_METRICS):
        cols[i % 4].metric(_(label), f"{int(counts.get(key) or 0):,}")

    with ui.guard(stop=False):
        change = review.since_last_snapshot(data.database())
        if change is not None:
            st.metric(
                f"Gap findings 缺口 (snapshot 快照 {change['as_of']})",
                f"{change['total']:,}",
                delta=None if change["change"] is None else f"{change['change']:+d}",
                delta_color="inverse",
                help=_("Change since the previous snapshot"),
            )

    st.subheader("Reference figures 文章数据 (Xiaogan urban area)")
    st.dataframe(figures.reference_table(counts), hide_index=True, width="stretch")

    st.subheader(_("Coverage"))
    pct = figures.coverage_percentages(counts)
    pct_cols = st.columns(len(pct))
    for col, (measure, value) in zip(pct_cols, pct.items(), strict=True):
        label = _(figures.COVERAGE_MEASURES[measure][2])
        col.metric(label, "–" if value is None else f"{value:.1f}%")

    by = st.radio(
        _("Group by"),
        ["district", "community"],
        horizontal=True,
        format_func={"district": _("district"), "community": _("community")}.get,
    )
    cov = figures.coverage_frame(coverage_rows, by)
    if cov.empty:
        st.info(_("No communities with grids yet"))
    else:
        st.altair_chart(charts.coverage_chart(cov, by), width="stretch")

    st.subheader(f"Open requests by age 待办诉求账龄 (as of {ui.as_of().isoformat()})")
    aging = figures.aging_frame(open_rows)
    if aging.empty:
        st.info(_("No open requests on this day"))
    else:
        st.altair_chart(charts.aging_chart(aging, by), width="stretch")
