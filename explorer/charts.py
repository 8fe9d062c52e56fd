"""Altair charts of the explorer (no external data or tiles; CJK-capable font).

Altair is imported by each chart, not with the module: the pages that draw charts show
their headline figures first, and a third of a second of imports would come before them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from gridnet.explorer.figures import AGE_ORDER
from gridnet.explorer.i18n import _, term

if TYPE_CHECKING:
    import altair as alt

__all__ = [
    "CATEGORY_COLOURS",
    "aging_chart",
    "case_trend_charts",
    "failing_chart",
    "overdue_chart",
    "resolution_chart",
]

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif"


def _font(chart: alt.Chart) -> alt.Chart:
    configured: alt.Chart = chart.configure(font=FONT)
    return configured


# Okabe–Ito, the colour-blind-safe palette (black left out: it reads as text), then
# Tableau 10's extra hues: one colour per category up to 13 before any repeats.
CATEGORY_COLOURS = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#999999", "#9C755F", "#EDC948", "#76B7B2", "#B07AA1", "#FF9DA7",
]  # fmt: skip
# Age bands, youngest to oldest, on a sequential ramp (light to dark): the worst is the
# most visible and the order reads without the legend.
AGE_COLOURS = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]
BAR_STEP = 16  # px per bar: with the groups capped, every chart has a bounded height


def failing_chart(df: pd.DataFrame, by: str) -> alt.Chart:
    """Grouped bars of failing units per district/community, worst group on top."""
    import altair as alt

    label = by if by == "district" else "community"
    order = list(dict.fromkeys(df[label]))
    return _font(
        alt.Chart(df, height=alt.Step(BAR_STEP // 2 + 2))
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{label}:N",
                title=_("district") if by == "district" else _("community"),
                sort=order,
            ),
            yOffset=alt.YOffset("measure:N"),
            x=alt.X(
                "failing:Q", title=_("units failing"), axis=alt.Axis(tickMinStep=1, format="d")
            ),
            color=alt.Color(
                "measure:N",
                title=_("measure"),
                scale=alt.Scale(range=CATEGORY_COLOURS),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip(
                    f"{label}:N", title=_("community") if by != "district" else _("district")
                ),
                alt.Tooltip("measure:N", title=_("measure")),
                alt.Tooltip("failing:Q", title=_("units failing")),
                alt.Tooltip("denominator:Q", title=_("units in all")),
            ],
        )
    )


def _top(grouped: pd.DataFrame, by: str, value: str, top: int) -> pd.DataFrame:
    """The `top` groups with the largest total `value` (the chart's length is bounded)."""
    totals = grouped.groupby(by)[value].sum().sort_values(ascending=False, kind="stable")
    return grouped[grouped[by].isin(list(totals.index[:top]))]


def aging_chart(df: pd.DataFrame, by: str, top: int = 25) -> alt.Chart:
    """Stacked bars of open requests per `by` by age band, bands in legend order,
    the groups with most open requests first (at most `top`)."""
    import altair as alt

    grouped = df.groupby([by, "age_bucket"], observed=True).size().reset_index(name="requests")
    grouped = _top(grouped, by, "requests", top)
    bands = [term("age_band", b) for b in AGE_ORDER]
    grouped["band"] = grouped["age_bucket"].astype(str).map(lambda b: term("age_band", b))
    grouped["band_order"] = grouped["age_bucket"].astype(str).map(AGE_ORDER.index)
    return _font(
        alt.Chart(grouped, height=alt.Step(BAR_STEP))
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", title=_(by), sort="-x"),
            x=alt.X(
                "requests:Q",
                title=_("open requests"),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "band:N",
                title=_("age"),
                sort=bands,
                scale=alt.Scale(domain=bands, range=AGE_COLOURS),
            ),
            order=alt.Order("band_order:Q"),
            tooltip=[
                alt.Tooltip(f"{by}:N", title=_(by)),
                alt.Tooltip("band:N", title=_("age")),
                alt.Tooltip("requests:Q", title=_("open requests")),
            ],
        )
    )


def overdue_chart(df: pd.DataFrame, by: str, top: int = 25) -> alt.Chart:
    """Deadline breaches per `by` and category (one colour-blind-safe colour each)."""
    import altair as alt

    grouped = df[df["overdue"]].groupby([by, "category"]).size().reset_index(name="overdue")
    grouped = _top(grouped, by, "overdue", top)
    categories = sorted(grouped["category"].unique())
    return _font(
        alt.Chart(grouped, height=alt.Step(BAR_STEP))
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", sort="-x", title=_(by)),
            x=alt.X(
                "overdue:Q", title=_("past deadline"), axis=alt.Axis(tickMinStep=1, format="d")
            ),
            color=alt.Color(
                "category:N",
                title=_("category"),
                scale=alt.Scale(domain=categories, range=CATEGORY_COLOURS),
                legend=alt.Legend(labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip(f"{by}:N", title=_(by)),
                alt.Tooltip("category:N", title=_("category")),
                alt.Tooltip("overdue:Q", title=_("past deadline")),
            ],
        )
    )


def resolution_chart(stats: pd.DataFrame, by: str, top: int = 25) -> alt.LayerChart:
    """Box plot of resolution days per `by`, from `figures.resolution_stats` (the `top`
    groups with most closed requests): whiskers min to max, box q1 to q3, median tick."""
    import altair as alt

    df = stats.head(top)
    order = list(df[by])
    y = alt.Y(f"{by}:N", title=_(by), sort=order)
    colour = alt.Color(f"{by}:N", legend=None, sort=order, scale=alt.Scale(range=CATEGORY_COLOURS))
    stats_shown = ("count", "min", "q1", "median", "q3", "max")
    tips = [alt.Tooltip(f"{by}:N", title=_(by))]
    tips += [alt.Tooltip(f"{c}:Q", title=term("column", c)) for c in stats_shown]
    base = alt.Chart(df, height=alt.Step(BAR_STEP + 4)).encode(y=y, tooltip=tips)
    whisker = base.mark_rule().encode(x=alt.X("min:Q", title=_("days to resolve")), x2="max:Q")
    box = base.mark_bar(size=BAR_STEP).encode(x="q1:Q", x2="q3:Q", color=colour)
    median = base.mark_tick(color="white", size=BAR_STEP, thickness=2).encode(x="median:Q")
    layered: alt.LayerChart = alt.layer(whisker, box, median).configure(font=FONT)
    return layered


def case_trend_charts(trends: pd.DataFrame) -> tuple[alt.Chart, alt.Chart]:
    """Open cases by gap code over the snapshots, and new versus closed (销号) per snapshot."""
    import altair as alt

    frame = trends.assign(
        period=pd.to_datetime(trends["period"].astype(str)),
        gap=[term("gap", c) for c in trends["code"]],
    )
    open_chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=_("snapshot")),
            y=alt.Y("sum(open_cases):Q", title=_("open cases")),
            color=alt.Color("gap:N", title=_("gap"), scale=alt.Scale(range=CATEGORY_COLOURS)),
            tooltip=[
                alt.Tooltip("period:T", title=_("snapshot")),
                alt.Tooltip("gap:N", title=_("gap")),
                alt.Tooltip("sum(open_cases):Q", title=_("open cases")),
            ],
        )
    )
    flows = frame.melt(
        id_vars=["period"], value_vars=["new_cases", "closed_cases"], var_name="flow"
    )
    flows["flow"] = flows["flow"].map({"new_cases": _("new"), "closed_cases": _("closed")})
    flow_chart = (
        alt.Chart(flows)
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=_("snapshot")),
            xOffset="flow:N",
            y=alt.Y("sum(value):Q", title=_("cases")),
            color=alt.Color(
                "flow:N", title=_("new / closed"), scale=alt.Scale(range=CATEGORY_COLOURS)
            ),
            tooltip=[
                alt.Tooltip("period:T", title=_("snapshot")),
                alt.Tooltip("flow:N", title=_("new / closed")),
                alt.Tooltip("sum(value):Q", title=_("cases")),
            ],
        )
    )
    return open_chart, flow_chart
