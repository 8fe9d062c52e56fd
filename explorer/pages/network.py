"""Network view for planners: the last mile of a grid or community as an interactive graph."""

from __future__ import annotations

import time

import streamlit as st

from gridnet.explorer import auth, data, personal, ui
from gridnet.explorer import network_view as nv

ALL_GRIDS = "(all grids of the community 全部网格)"
DEPTHS = {1: "1 structure 组织架构", 2: "2 + households 住户", 3: "3 + people, requests 人员诉求"}


def _index(options: list[str], value: str | None) -> int:
    return options.index(value) if value in options else 0


def render() -> None:
    st.title("Network 最后一公里网络")
    with ui.guard():
        hierarchy = data.hierarchy()
    if not hierarchy:
        st.info("The graph has no grids yet: load a dataset first 图中尚无网格数据.")
        return
    by_grid = {h["grid_id"]: h for h in hierarchy}
    want_grid = st.query_params.get("grid")
    want_comm = st.query_params.get("community")
    if want_grid in by_grid:
        want_comm = by_grid[want_grid]["community_id"]

    hit = None
    text = st.text_input(
        "Search by name or id 按名称或编号搜索",
        key="net_search",
        placeholder="槐荫 / G-0001 / 王建国",
    )
    if text.strip():
        with ui.guard():
            hits = [
                h
                for h in personal.search(auth.viewer(), text)
                if h.get("grid_id") or h.get("community_id")
            ]
        if hits:
            labels = [
                f"{h['label']} · {h['name']} ({h['id']}) → "
                f"{h.get('grid_name') or h.get('community_id')}"
                for h in hits
            ]
            chosen = st.selectbox("Matches 搜索结果", labels, key="net_hit")
            hit = hits[labels.index(chosen)]
            want_grid = hit.get("grid_id")
            want_comm = (
                by_grid[want_grid]["community_id"]
                if want_grid in by_grid
                else (hit.get("community_id"))
            )
        else:
            st.warning(f"No grid, household, person or organisation matches {text!r} 无匹配结果.")

    if want_comm and not want_grid:
        want_grid = ALL_GRIDS
    comm_rows = {h["community_id"]: h for h in hierarchy}
    districts = sorted({h["district"] for h in hierarchy})
    c1, c2, c3 = st.columns(3)
    default_district = comm_rows[want_comm]["district"] if want_comm in comm_rows else None
    district = c1.selectbox("District 区县", districts, index=_index(districts, default_district))
    communities = sorted(
        {(h["community"], h["community_id"]) for h in hierarchy if h["district"] == district}
    )
    comm_ids = [c for _, c in communities]
    names = dict((c, n) for n, c in communities)
    community = c2.selectbox(
        "Community 社区/村",
        comm_ids,
        index=_index(comm_ids, want_comm),
        format_func=lambda c: f"{names[c]} ({c})",
    )
    grid_ids = [h["grid_id"] for h in hierarchy if h["community_id"] == community]
    options = grid_ids + [ALL_GRIDS]
    grid = c3.selectbox(
        "Grid 网格",
        options,
        index=_index(options, want_grid),
        format_func=lambda g: g if g == ALL_GRIDS else f"{by_grid[g]['grid']} ({g})",
    )
    c4, c5 = st.columns(2)
    depth = c4.select_slider("Depth 深度", options=list(DEPTHS), value=2, format_func=DEPTHS.get)
    max_nodes = int(
        c5.number_input(
            "Node cap 节点上限", min_value=20, max_value=5000, value=nv.DEFAULT_MAX_NODES, step=50
        )
    )

    grids = grid_ids if grid == ALL_GRIDS else [grid]
    scope = names[community] if grid == ALL_GRIDS else by_grid[grid]["grid"]
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
