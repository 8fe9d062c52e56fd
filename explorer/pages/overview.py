"""Overview for planners: headline counts, coverage, the article's figures, request ageing."""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import charts, data, figures, ui
from gridnet.workflow import review

_METRICS = (
    ("grids", "Grids 网格"),
    ("grid_party_branches", "Grid party branches 网格党支部"),
    ("building_party_groups", "Building party groups 楼栋党小组"),
    ("lighthouse_households", "Lighthouse households 明灯户"),
    ("households", "Households 住户"),
    ("party_members", "Party members 党员"),
    ("platforms", "Platforms 服务平台"),
    ("open_requests", "Open requests 待办诉求"),
)


def render() -> None:
    st.title("Overview 总览")
    with ui.guard(), st.spinner("Counting the city… 统计中"):
        counts = data.overview_counts()
        coverage_rows = data.coverage_by_community()
        open_rows = data.requests_open(ui.as_of())

    cols = st.columns(4)
    for i, (key, label) in enumerate(_METRICS):
        cols[i % 4].metric(label, f"{int(counts.get(key) or 0):,}")

    with ui.guard(stop=False):
        change = review.since_last_snapshot(data.database())
        if change is not None:
            st.metric(
                f"Gap findings 缺口 (snapshot 快照 {change['as_of']})",
                f"{change['total']:,}",
                delta=None if change["change"] is None else f"{change['change']:+d}",
                delta_color="inverse",
                help="Change since the previous snapshot 较上次快照的变化",
            )

    st.subheader("Reference figures 文章数据 (Xiaogan urban area)")
    st.dataframe(figures.reference_table(counts), hide_index=True, width="stretch")

    st.subheader("Coverage 覆盖率")
    pct = figures.coverage_percentages(counts)
    pct_cols = st.columns(len(pct))
    for col, (measure, value) in zip(pct_cols, pct.items(), strict=True):
        label = figures.COVERAGE_MEASURES[measure][2]
        col.metric(label, "–" if value is None else f"{value:.1f}%")

    by = st.radio(
        "Group by 分组",
        ["district", "community"],
        horizontal=True,
        format_func={"district": "district 区县", "community": "community 社区/村"}.get,
    )
    cov = figures.coverage_frame(coverage_rows, by)
    if cov.empty:
        st.info("No communities with grids yet 暂无数据.")
    else:
        st.altair_chart(charts.coverage_chart(cov, by), width="stretch")

    st.subheader(f"Open requests by age 待办诉求账龄 (as of {ui.as_of().isoformat()})")
    aging = figures.aging_frame(open_rows)
    if aging.empty:
        st.info("No open requests on this day 当日无待办诉求.")
    else:
        st.altair_chart(charts.aging_chart(aging, by), width="stretch")
