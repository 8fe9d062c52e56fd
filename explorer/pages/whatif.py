"""What if / recommendations: remove a person or platform; plan coverage for a grid."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gridnet.explorer import data, nav, ui, whatif

KINDS = {"Person": "person 人员", "Household": "lighthouse household 明灯户",
         "Platform": "platform 服务平台"}  # fmt: skip


def _scope_pickers(hierarchy: list[dict], key: str) -> tuple[str | None, str | None]:
    communities = sorted({(h["district"], h["community"], h["community_id"]) for h in hierarchy})
    ids = [c[2] for c in communities]
    label = {c[2]: f"{c[0]} · {c[1]} ({c[2]})" for c in communities}
    c1, c2 = st.columns(2)
    community = c1.selectbox("Community 社区/村", ids, format_func=label.get, key=f"{key}_c")
    grids = ["(whole community 全社区)"] + [h["grid_id"] for h in hierarchy
                                           if h["community_id"] == community]  # fmt: skip
    names = {h["grid_id"]: h["grid"] for h in hierarchy}
    grid = c2.selectbox("Grid 网格", grids, key=f"{key}_g",
                        format_func=lambda g: names.get(g, g) if g in names else g)  # fmt: skip
    return community, (grid if grid in names else None)


def _remove_section(hierarchy: list[dict]) -> None:
    st.subheader("Remove someone or something 移除推演")
    community, _ = _scope_pickers(hierarchy, "rm")
    kind = st.radio("Remove a 移除", list(KINDS), format_func=KINDS.get, horizontal=True)
    with ui.guard():
        options = [c for c in data.whatif_candidates(community) if c["label"] == kind]
    if not options:
        st.info("Nothing of this kind in the community 该社区无此类对象.")
        return
    labels = {c["id"]: f"{c['name']} ({c['id']}) · load {c['load']}" for c in options}
    node_id = st.selectbox("Which 对象", list(labels), format_func=labels.get)
    with ui.guard(), st.spinner("Recomputing coverage… 推演中"):
        lost = data.what_if_remove(kind, node_id)
    if kind == "Platform":
        if lost:
            st.warning(f"{len(lost)} grid × category pair(s) would have nobody offering what "
                       "residents asked for 将出现无人提供的服务类别.")
            st.dataframe(lost, hide_index=True, width="stretch")
        else:
            st.success("Every category it offers is also offered by someone else reaching "
                       "those grids 其他平台或组织仍可提供.")
        return
    if not lost:
        st.success("No household would lose its last serving tie 无住户失去联系.")
        return
    st.warning(f"{len(lost)} household(s) would have nobody serving them "
               f"{len(lost)} 户将无人联系.")
    df = pd.DataFrame(lost)
    st.dataframe(df.drop(columns=["lighthouses_stopped"], errors="ignore"), hide_index=True,
                 width="stretch")  # fmt: skip
    per_grid = df.groupby(["grid_id", "grid_name"]).size().reset_index(name="households_lost")
    st.bar_chart(per_grid, x="grid_name", y="households_lost")


def _recommend_section(hierarchy: list[dict]) -> None:
    st.subheader("Recommend 推荐方案")
    community, grid = _scope_pickers(hierarchy, "rec")
    max_served = int(st.number_input("Lighthouse capacity 明灯户服务上限", 1, 50, 10))
    with ui.guard(), st.spinner("Planning… 规划中"):
        rows = data.recommend_inputs(grid, None if grid else community)
        shapes = data.grid_shapes()
    scope = {grid} if grid else {h["grid_id"] for h in hierarchy
                                 if h["community_id"] == community}  # fmt: skip
    per_grid = {s["grid_id"]: int(s["households"] or 0) for s in shapes if s["grid_id"] in scope}
    plan = whatif.greedy_plan(rows, per_grid, max_served)
    cov = pd.DataFrame(plan.coverage_rows())
    before = int(cov["served_before"].sum()) if not cov.empty else 0
    after = int(cov["served_after"].sum()) if not cov.empty else 0
    total = int(cov["households"].sum()) if not cov.empty else 0
    m1, m2, m3 = st.columns(3)
    m1.metric("Served before 方案前", f"{before}/{total}")
    m2.metric("Served after 方案后", f"{after}/{total}", delta=after - before)
    m3.metric("New lighthouses 新明灯户", len(plan.promotions))
    if not cov.empty:
        long = cov.melt(id_vars="grid_id", value_vars=["pct_before", "pct_after"],
                        var_name="when", value_name="served %")  # fmt: skip
        st.bar_chart(long, x="grid_id", y="served %", color="when", stack=False)
    if plan.assignments:
        st.dataframe(plan.assignments, hide_index=True, width="stretch")
    if plan.promotions:
        st.dataframe(plan.promotions, hide_index=True, width="stretch")
    if plan.left_unserved:
        st.warning(f"{len(plan.left_unserved)} household(s) still unserved: no lighthouse "
                   "with room and no party member to promote in their grid.")
    if grid:
        nav.link("network", "Open this grid's network 查看网络", {"grid": grid})


def render() -> None:
    st.title("What if 推演与建议")
    with ui.guard():
        hierarchy = data.hierarchy()
    if not hierarchy:
        st.info("The graph has no grids yet 图中尚无网格数据.")
        return
    remove_tab, recommend_tab = st.tabs(["Remove 移除", "Recommend 推荐"])
    with remove_tab:
        _remove_section(hierarchy)
    with recommend_tab:
        _recommend_section(hierarchy)
