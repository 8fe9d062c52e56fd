"""Coverage gaps for reviewers: the gap report, filterable, with per-grid detail and downloads."""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import auth, data, figures, nav, personal, ui
from gridnet.explorer.i18n import _
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
    st.title(_("Coverage gaps"))
    as_of = ui.as_of()
    with ui.guard(), st.spinner(_("Computing the gap report…")):
        report = data.gap_report(as_of)
        hierarchy = data.hierarchy()
    df = figures.gap_frame(report, hierarchy)
    if df.empty:
        st.info(_("No grids in the graph"))
        return

    c1, c2, c3, c4 = st.columns(4)
    severities = c1.multiselect(_("Severity"), SEVERITIES, default=["high", "medium", "low"])
    codes = c2.multiselect(_("Gap code"), list(GAPS), format_func=lambda c: f"{c} {GAPS[c].zh}")
    districts = ["(all)"] + sorted(df["district"].dropna().unique())
    district = c3.selectbox(_("District"), districts)
    pool = df if district == "(all)" else df[df["district"] == district]
    communities = ["(all)"] + sorted(pool["community_name"].dropna().unique())
    community = c4.selectbox(_("Community"), communities)
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
    st.caption(_("Click an id to see it in the network"))
    ui.id_table(
        table,
        key="gaps_table",
        column_config={
            "score": st.column_config.NumberColumn(_("score")),
            "gaps": st.column_config.ListColumn(_("gaps")),
        },
    )
    rows = [
        [display_text(v) if isinstance(v, list) else v for v in r]
        for r in shown[cols].itertuples(index=False)
    ]
    ui.downloads(cols, rows, f"gap_report_{as_of.isoformat()}", key="gaps")

    st.subheader(_("Grid detail"))
    if shown.empty:
        st.info(_("No grid matches the filters"))
        return
    ids = list(shown["grid_id"])
    names = dict(zip(shown["grid_id"], shown["grid_name"], strict=True))
    grid = st.selectbox(_("Grid"), ids, format_func=lambda g: f"{names[g]} ({g})")
    row = shown[shown["grid_id"] == grid].iloc[0]
    st.markdown(
        f"**{row['grid_name']}** · {row['community_name']} · severity "
        f"**{row['severity']}** · score {row['score']}"
    )
    nav.link("network", f"Open the network view of {row['grid_name']} 查看网络", {"grid": grid})
    with ui.guard(), st.spinner(_("Finding the nodes behind each gap…")):
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
