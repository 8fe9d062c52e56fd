"""What if / recommendations: remove a person, lighthouse or platform; plan lighthouses.

Both halves call the query layer (``analytics.what_if_remove`` on a projection and
``recommend.recommend``), so the page and the CLI/notebook give the same answers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from gridnet.explorer import actions, data, nav, ui, whatif

WHOLE = "(whole community 全社区)"
METHODS = {"auto": "auto 自动", "greedy": "greedy 贪心", "exact": "exact 精确"}
NEIGHBOURHOODS = {"building": "same building 同楼栋", "grid": "same grid 同网格"}


def _scope_pickers(hierarchy: list[dict[str, Any]], key: str) -> tuple[str | None, str | None]:
    communities = sorted({(h["district"], h["community"], h["community_id"]) for h in hierarchy})
    ids = [c[2] for c in communities]
    label = {c[2]: f"{c[0]} · {c[1]} ({c[2]})" for c in communities}
    c1, c2 = st.columns(2)
    community = c1.selectbox(
        "Community 社区/村", ids, format_func=lambda c: label[c], key=f"{key}_c"
    )
    grids = [WHOLE] + [h["grid_id"] for h in hierarchy if h["community_id"] == community]
    names = {h["grid_id"]: h["grid"] for h in hierarchy}
    grid = c2.selectbox(
        "Grid 网格",
        grids,
        key=f"{key}_g",
        format_func=lambda g: f"{names[g]} ({g})" if g in names else g,
    )
    return community, (grid if grid in names else None)


def _table(title: str, rows: list[dict[str, Any]], key: str, chart: bool = False) -> None:
    st.markdown(f"**{title}**")
    ui.id_table(rows, key=f"wi_{key}")
    if chart:
        per_grid = pd.DataFrame(rows).groupby("grid_name").size().reset_index(name="households")
        st.bar_chart(per_grid, x="grid_name", y="households")


def _remove_section(hierarchy: list[dict[str, Any]]) -> None:
    st.subheader("Remove someone or something 移除推演")
    community, grid = _scope_pickers(hierarchy, "rm")
    kind = st.radio(
        "Remove a 移除", list(whatif.KINDS), format_func=whatif.KINDS.get, horizontal=True
    )
    with ui.guard(), st.spinner("Projecting the network… 载入网络"):
        G = data.projection(grid=grid, community=community)
        scope = (
            [grid] if grid else [h["grid_id"] for h in hierarchy if h["community_id"] == community]
        )
        options = [c for c in whatif.removable(G, scope) if c["label"] == kind]
    if not options:
        st.info("Nothing of this kind here 此范围内无此类对象.")
        return
    labels = {c["id"]: f"{c['name']} ({c['id']}) · reaches {c['load']}" for c in options}
    node_id = st.selectbox("Which 对象", list(labels), format_func=lambda n: labels[n])
    with ui.guard(), st.spinner("Recomputing coverage… 推演中"):
        lost = whatif.lost(G, node_id)
    if not any(lost.values()):
        st.success(
            "Nobody would lose coverage: others serve, reach or offer the same 无住户失去服务."
        )
        return
    if lost["unserved"]:
        n = len(lost["unserved"])
        st.warning(f"{n} household(s) would have nobody serving them {n} 户将无人联系.")
        _table("Households left unserved 失联住户", lost["unserved"], "unserved", chart=True)
    if lost["without_person"]:
        n = len(lost["without_person"])
        st.warning(
            f"{n} household(s) keep a lighthouse tie but no party member serving them "
            f"{n} 户将无党员联系."
        )
        _table("Households without a serving member 无党员联系", lost["without_person"], "person")
    if lost["without_platform"]:
        n = len(lost["without_platform"])
        st.warning(
            f"{n} household(s) would have no platform serving their grid {n} 户将无服务平台覆盖."
        )
        _table(
            "Households without a platform 无平台覆盖",
            lost["without_platform"],
            "platform",
            chart=True,
        )
    if lost["unmet"]:
        n = len(lost["unmet"])
        st.warning(
            f"{n} request(s) would ask for a service nobody reaching their grid offers "
            f"{n} 件诉求将无人提供服务."
        )
        _table("Requests left without a provider 无人提供的诉求", lost["unmet"], "unmet")


def _recommend_section(hierarchy: list[dict[str, Any]]) -> None:
    st.subheader("Recommend 推荐方案")
    community, grid = _scope_pickers(hierarchy, "rec")
    c1, c2, c3, c4 = st.columns(4)
    capacity = int(c1.number_input("Lighthouse capacity 明灯户服务上限", 1, 50, 10))
    budget = int(c2.number_input("Budget, picks (0 = none) 名额", 0, 500, 0))
    neighbourhood = c3.radio(
        "Neighbours 邻里范围", list(NEIGHBOURHOODS), format_func=NEIGHBOURHOODS.get
    )
    method = c4.radio("Method 方法", list(METHODS), format_func=METHODS.get)
    with ui.guard(), st.spinner("Planning… 规划中"):
        rec = data.recommendation(grid, community, capacity, neighbourhood, method, budget or None)
    cov = whatif.coverage_rows(rec)
    before, after = cov
    m1, m2, m3 = st.columns(3)
    m1.metric(
        "Served before 方案前",
        f"{before['served']}/{before['households']}",
        help=f"coverage {before['coverage %']}%",
    )
    m2.metric(
        "Served after 方案后",
        f"{after['served']}/{after['households']}",
        delta=after["served"] - before["served"],
        help=f"coverage {after['coverage %']}%",
    )
    m3.metric("Picks 推荐户数", len(rec.picks))
    st.bar_chart(pd.DataFrame(cov), x="when", y="coverage %")
    st.caption(f"Guarantee 质量保证: {rec.bound}")
    if rec.picks:
        _table("Picks 推荐明灯户", whatif.pick_rows(rec), "picks")
    if rec.still_unserved:
        st.warning(
            f"{len(rec.still_unserved)} household(s) still unserved: no candidate "
            "with room in their neighbourhood 仍无人联系: "
            + ", ".join(map(str, rec.still_unserved[:50]))
        )
    if rec.missing_platforms:
        n = len(rec.missing_platforms)
        st.warning(
            f"{n} (grid, category) pair(s) need a platform or organisation: residents "
            f"asked for services nobody reaching them offers {n} 项服务缺少平台."
        )
        _table("Missing platforms 缺少的服务", rec.missing_platforms, "missing")
    if grid:
        nav.link("network", "Open this grid's network 查看网络", {"grid": grid})
    _action_list(hierarchy, community, grid, capacity, whatif.pick_rows(rec))


def _action_list(
    hierarchy: list[dict[str, Any]],
    community: str | None,
    grid: str | None,
    capacity: int,
    picks: list[dict[str, Any]],
) -> None:
    """Per grid, one action per gap; every id in it opens the network focused on it."""
    st.subheader("Action list 行动清单")
    grids = [grid] if grid else [h["grid_id"] for h in hierarchy if h["community_id"] == community]
    names = {h["grid_id"]: h["grid"] for h in hierarchy}
    as_of = ui.as_of()
    plans = []
    with ui.guard(), st.spinner("Listing actions… 生成行动清单"):
        for g in grids:
            found = data.grid_actions(g, as_of)
            plans.append(
                (
                    g,
                    actions.plan(
                        g,
                        candidates=found["candidates"],
                        loads=found["loads"],
                        overdue=found["overdue"],
                        picks=picks,
                        capacity=capacity,
                    ),
                )
            )
    todo = [(g, p) for g, p in plans if p]
    if not todo:
        st.success("Nothing to do in this scope 此范围内暂无需要处理的事项.")
        return
    st.caption(
        f"{sum(len(p) for _, p in todo)} action(s) in {len(todo)} of {len(grids)} grid(s), as "
        f"of {as_of.isoformat()} · click an id to see it in the network 点击编号在网络中查看."
    )
    for g, plan in todo:
        with st.expander(
            f"{names.get(g, g)} ({g}) · {len(plan)} action(s) 项", expanded=len(todo) == 1
        ):
            for action in plan:
                st.markdown(f"**{action.title}**")
                st.caption(action.why)
                ui.id_table(action.rows, key=f"act_{g}_{action.code}")
            nav.link("network", f"Open {names.get(g, g)} in the network 查看网络", {"grid": g})


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
