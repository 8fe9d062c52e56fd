"""Altair charts of the explorer (no external data or tiles; CJK-capable font)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from gridnet.explorer.figures import AGE_ORDER

__all__ = ["aging_chart", "coverage_chart", "overdue_chart", "resolution_chart"]

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif"


def _font(chart: alt.Chart) -> alt.Chart:
    configured: alt.Chart = chart.configure(font=FONT)
    return configured


def coverage_chart(df: pd.DataFrame, by: str) -> alt.Chart:
    """Grouped bars: one group per district/community, one bar per coverage measure."""
    return _font(
        alt.Chart(df, height=alt.Step(14))
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", title=by, sort=None),
            yOffset=alt.YOffset("measure:N"),
            x=alt.X("pct:Q", title="coverage %", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "measure:N",
                title="measure 指标",
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
            ),
            tooltip=[by, "measure", "pct", "numerator", "denominator"],
        )
    )


def aging_chart(df: pd.DataFrame, by: str) -> alt.Chart:
    """Stacked bars of open requests per `by`, by age bucket."""
    grouped = df.groupby([by, "age_bucket"], observed=True).size().reset_index(name="requests")
    return _font(
        alt.Chart(grouped)
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", title=by, sort="-x"),
            x=alt.X(
                "requests:Q",
                title="open requests 待办诉求",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "age_bucket:N",
                title="age 已等待",
                sort=AGE_ORDER,
                scale=alt.Scale(
                    domain=AGE_ORDER, range=["#9bd3a0", "#fde68a", "#f59e0b", "#dc2626"]
                ),
            ),
            order=alt.Order("age_bucket:N"),
            tooltip=[by, "age_bucket", "requests"],
        )
    )


def overdue_chart(df: pd.DataFrame, by: str) -> alt.Chart:
    """Deadline breaches per `by` and category."""
    grouped = df[df["overdue"]].groupby([by, "category"]).size().reset_index(name="overdue")
    return _font(
        alt.Chart(grouped)
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", sort="-x", title=by),
            x=alt.X(
                "overdue:Q", title="past deadline 超期", axis=alt.Axis(tickMinStep=1, format="d")
            ),
            color=alt.Color("category:N", title="category 类别", legend=alt.Legend(labelLimit=0)),
            tooltip=[by, "category", "overdue"],
        )
    )


def resolution_chart(df: pd.DataFrame, by: str) -> alt.Chart:
    """Box plot of resolution days per `by`."""
    return _font(
        alt.Chart(df)
        .mark_boxplot(extent="min-max")
        .encode(
            y=alt.Y(f"{by}:N", title=by),
            x=alt.X("resolution_days:Q", title="days to resolve 办结天数"),
            color=alt.Color(f"{by}:N", legend=None),
        )
    )


def case_trend_charts(trends: pd.DataFrame) -> tuple[alt.Chart, alt.Chart]:
    """Open cases by gap code over the snapshots, and new versus closed (销号) per snapshot."""
    frame = trends.assign(period=pd.to_datetime(trends["period"].astype(str)))
    open_chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title="snapshot 快照"),
            y=alt.Y("sum(open_cases):Q", title="open cases 未销号"),
            color=alt.Color("code:N", title="gap 缺口"),
            tooltip=["period:T", "code:N", "sum(open_cases):Q"],
        )
    )
    flows = frame.melt(
        id_vars=["period"], value_vars=["new_cases", "closed_cases"], var_name="flow"
    )
    flow_chart = (
        alt.Chart(flows)
        .mark_bar()
        .encode(
            x=alt.X("period:T", title="snapshot 快照"),
            xOffset="flow:N",
            y=alt.Y("sum(value):Q", title="cases 督办事项"),
            color=alt.Color("flow:N", title="new 新增 / closed 销号"),
            tooltip=["period:T", "flow:N", "sum(value):Q"],
        )
    )
    return open_chart, flow_chart
