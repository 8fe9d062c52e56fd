"""Network view for planners: the last mile of a grid or community as an interactive graph."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from gridnet.explorer import auth, data, personal, ui
from gridnet.explorer import network_view as nv
from gridnet.explorer.selection import Hierarchy, index_of

DEPTHS = {1: "1 structure 组织架构", 2: "2 + households 住户", 3: "3 + people, requests 人员诉求"}


def _search_hit(text: str) -> dict[str, Any] | None:
    """The search hit the planner picks (one with a grid or community), if any."""
    with ui.guard():
        hits = [
            h
            for h in personal.search(auth.viewer(), text)
            if h.get("grid_id") or h.get("community_id")
        ]
    if not hits:
        st.warning(f"No grid, household, person or organisation matches {text!r} 无匹配结果.")
        return None
    labels = [
        f"{h['label']} · {h['name']} ({h['id']}) → {h.get('grid_name') or h.get('community_id')}"
        for h in hits
    ]
    chosen = st.selectbox("Matches 搜索结果", labels, key="net_hit")
    return hits[labels.index(chosen)]


def render() -> None:
    st.title("Network 最后一公里网络")
    with ui.guard():
        rows = data.hierarchy()
    if not rows:
        st.info("The graph has no grids yet: load a dataset first 图中尚无网格数据.")
        return
    tree = Hierarchy(rows)
    text = st.text_input(
        "Search by name or id 按名称或编号搜索",
        key="net_search",
        placeholder="槐荫 / G-0001 / 王建国",
    )
    hit = _search_hit(text) if text.strip() else None
    start = tree.start(st.query_params.get("grid"), st.query_params.get("community"), hit)

    c1, c2, c3 = st.columns(3)
    districts = tree.districts()
    district = c1.selectbox("District 区县", districts, index=index_of(districts, start.district))
    comm_ids = tree.communities(district)
    community = c2.selectbox(
        "Community 社区/村",
        comm_ids,
        index=index_of(comm_ids, start.community),
        format_func=lambda c: f"{tree.community_name(c)} ({c})",
    )
    options = tree.grid_options(community)
    grid = c3.selectbox(
        "Grid 网格", options, index=index_of(options, start.grid), format_func=tree.grid_label
    )
    c4, c5 = st.columns(2)
    depth = c4.select_slider("Depth 深度", options=list(DEPTHS), value=2, format_func=DEPTHS.get)
    max_nodes = int(
        c5.number_input(
            "Node cap 节点上限", min_value=20, max_value=5000, value=nv.DEFAULT_MAX_NODES, step=50
        )
    )

    grids = tree.grids_shown(community, grid)
    scope = tree.scope_name(community, grid)
    started = time.perf_counter()
    with ui.guard(), st.spinner(f"Drawing the last mile of {scope}… 绘制中"):
        rows = data.lastmile_rows(grids, depth)
        gap_rows = data.gap_nodes(grids, ui.as_of())
        sg = nv.subgraph_from_rows(rows)
        nv.mark_gaps(sg, gap_rows)
        capped = nv.cap_nodes(sg, max_nodes, focus=[f"Grid:{g}" for g in grids])
        page = nv.render_html(capped.graph)
    elapsed = time.perf_counter() - started

    st.subheader(f"{scope} · depth {depth}")
    if capped.cut:
        st.warning(capped.message())
    kinds = {n.kind for n in capped.graph.nodes.values()}
    st.markdown(nv.legend_html(kinds), unsafe_allow_html=True)
    st.iframe(page, height=680)
    st.caption(
        f"{capped.shown_nodes} nodes, {len(capped.graph.edges)} links, "
        f"{sum(1 for n in capped.graph.nodes.values() if n.gaps)} gap nodes · "
        f"built in {elapsed:.2f} s"
    )
    st.subheader("What is shown 节点列表")
    st.dataframe(nv.table_rows(capped.graph), hide_index=True, width="stretch")
    personal.residents_table(
        auth.viewer(), [(n.label, n.id) for n in capped.graph.nodes.values()], "net"
    )
