"""Coverage gaps for reviewers: the gap report, filterable, with per-grid detail and downloads."""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import auth, data, figures, nav, personal, ui
from gridnet.explorer.safe import display_text
from gridnet.queries.gap_rules import GAPS

SEVERITIES = ["high", "medium", "low", "none"]
COLUMNS = [
    "grid_id",
    "grid_name",
    "district",
    "community_name",
    "severity",
    "score",
    "gaps",
    "households",
    "unserved_households",
    "buildings_without_group",
    "overloaded_lighthouses",
    "overdue_requests",
    "unmet_categories",
    "missing_org_types",
]


def render() -> None:
    st.title("Coverage gaps 覆盖缺口")
    as_of = ui.as_of()
    with ui.guard(), st.spinner("Computing the gap report… 计算缺口"):
        report = data.gap_report(as_of)
        hierarchy = data.hierarchy()
    df = figures.gap_frame(report, hierarchy)
    if df.empty:
        st.info("No grids in the graph 图中尚无网格.")
        return

    c1, c2, c3, c4 = st.columns(4)
    severities = c1.multiselect("Severity 严重程度", SEVERITIES, default=["high", "medium", "low"])
    codes = c2.multiselect(
        "Gap code 缺口类型", list(GAPS), format_func=lambda c: f"{c} {GAPS[c].zh}"
    )
    districts = ["(all)"] + sorted(df["district"].dropna().unique())
    district = c3.selectbox("District 区县", districts)
    pool = df if district == "(all)" else df[df["district"] == district]
    communities = ["(all)"] + sorted(pool["community_name"].dropna().unique())
    community = c4.selectbox("Community 社区/村", communities)
    shown = figures.filter_gaps(
        df,
        severities,
        codes,
        None if district == "(all)" else district,
        None if community == "(all)" else community,
    )

    counts = df["severity"].value_counts()
    st.caption(
        " · ".join(f"{s}: {int(counts.get(s, 0))}" for s in SEVERITIES)
        + f" · as of {as_of.isoformat()} · showing {len(shown)} of {len(df)} grids"
    )
    cols = [c for c in COLUMNS if c in shown.columns]
    table = shown[cols].copy()
    st.caption("Click an id to see it in the network 点击编号在网络中查看.")
    ui.id_table(
        table,
        key="gaps_table",
        column_config={
            "score": st.column_config.NumberColumn("score 分值"),
            "gaps": st.column_config.ListColumn("gaps 缺口"),
        },
    )
    rows = [
        [display_text(v) if isinstance(v, list) else v for v in r]
        for r in shown[cols].itertuples(index=False)
    ]
    ui.downloads(cols, rows, f"gap_report_{as_of.isoformat()}", key="gaps")

    st.subheader("Grid detail 网格详情")
    if shown.empty:
        st.info("No grid matches the filters 无符合条件的网格.")
        return
    ids = list(shown["grid_id"])
    names = dict(zip(shown["grid_id"], shown["grid_name"], strict=True))
    grid = st.selectbox("Grid 网格", ids, format_func=lambda g: f"{names[g]} ({g})")
    row = shown[shown["grid_id"] == grid].iloc[0]
    st.markdown(
        f"**{row['grid_name']}** · {row['community_name']} · severity "
        f"**{row['severity']}** · score {row['score']}"
    )
    nav.link("network", f"Open the network view of {row['grid_name']} 查看网络", {"grid": grid})
    with ui.guard(), st.spinner("Finding the nodes behind each gap… 查找缺口节点"):
        detail = data.gap_detail(grid, row["gaps"], as_of)
    for code in row["gaps"]:
        gap = GAPS.get(code)
        en, zh = (gap.en, gap.zh) if gap else (code, code)
        hits = detail.get(code, [])
        with st.expander(f"{code} · {zh} {en} ({len(hits)})", expanded=len(row["gaps"]) <= 3):
            if hits:
                ui.id_table(hits, key=f"gap_{code}")
                personal.residents_table(
                    auth.viewer(),
                    [("Household", h["household_id"]) for h in hits if h.get("household_id")],
                    f"gap_{code}",
                )
            else:
                st.write("(no rows)")
