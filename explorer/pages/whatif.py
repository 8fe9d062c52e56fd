"""What if / recommendations: remove a person, lighthouse or platform; plan lighthouses.

Both halves call the query layer (``analytics.what_if_remove`` on a projection and
``recommend.recommend``), so the page and the CLI/notebook give the same answers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from gridnet.explorer import actions, data, nav, ui, whatif
from gridnet.explorer.i18n import N_, _, current, fmt_date, fmt_pct, term

WHOLE = "(whole community)"
METHODS = {"auto": N_("auto"), "greedy": N_("greedy"), "exact": N_("exact")}
NEIGHBOURHOODS = {"building": N_("same building"), "grid": N_("same grid")}


def _scope_pickers(hierarchy: list[dict[str, Any]], key: str) -> tuple[str | None, str | None]:
    communities = sorted({(h["district"], h["community"], h["community_id"]) for h in hierarchy})
    ids = [c[2] for c in communities]
    label = {c[2]: f"{c[0]} · {c[1]} ({c[2]})" for c in communities}
    c1, c2 = st.columns(2)
    community = c1.selectbox(_("Community"), ids, format_func=lambda c: label[c], key=f"{key}_c")
    grids = [WHOLE] + [h["grid_id"] for h in hierarchy if h["community_id"] == community]
    names = {h["grid_id"]: h["grid"] for h in hierarchy}
    grid = c2.selectbox(
        _("Grid"),
        grids,
        key=f"{key}_g",
        format_func=lambda g: f"{names[g]} ({g})" if g in names else term("group", g),
    )
    return community, (grid if grid in names else None)


def _table(title: str, rows: list[dict[str, Any]], key: str, chart: bool = False) -> None:
    st.markdown(f"**{title}**")
    ui.id_table(rows, key=f"wi_{key}")
    if chart:
        per_grid = pd.DataFrame(rows).groupby("grid_name").size().reset_index(name="households")
        per_grid.columns = [term("column", "grid_name"), term("column", "households")]
        st.bar_chart(per_grid, x=per_grid.columns[0], y=per_grid.columns[1])


def _remove_section(hierarchy: list[dict[str, Any]]) -> None:
    st.subheader(_("Remove someone or something"))
    community, grid = _scope_pickers(hierarchy, "rm")
    kind = st.radio(
        _("Remove a"), list(whatif.KINDS), format_func=lambda k: _(whatif.KINDS[k]), horizontal=True
    )
    with ui.guard(), st.spinner(_("Projecting the network…")):
        G = data.projection(grid=grid, community=community)
        scope = (
            [grid] if grid else [h["grid_id"] for h in hierarchy if h["community_id"] == community]
        )
        options = [c for c in whatif.removable(G, scope) if c["label"] == kind]
    if not options:
        st.info(_("Nothing of this kind here"))
        return
    labels = {
        c["id"]: _("{name} ({id}) · reaches {load}").format(
            name=c["name"], id=c["id"], load=c["load"]
        )
        for c in options
    }
    node_id = st.selectbox(_("Which"), list(labels), format_func=lambda n: labels[n])
    with ui.guard(), st.spinner(_("Recomputing coverage…")):
        lost = whatif.lost(G, node_id)
    if not any(lost.values()):
        st.success(_("Nobody would lose coverage: others serve, reach or offer the same"))
        return
    if lost["unserved"]:
        n = len(lost["unserved"])
        st.warning(_("{n} household(s) would have nobody serving them.").format(n=n))
        _table(_("Households left unserved"), lost["unserved"], "unserved", chart=True)
    if lost["without_person"]:
        n = len(lost["without_person"])
        st.warning(
            _("{n} household(s) keep a lighthouse tie but no party member serving them.").format(
                n=n
            )
        )
        _table(_("Households without a serving member"), lost["without_person"], "person")
    if lost["without_platform"]:
        n = len(lost["without_platform"])
        st.warning(_("{n} household(s) would have no platform serving their grid.").format(n=n))
        _table(
            _("Households without a platform"),
            lost["without_platform"],
            "platform",
            chart=True,
        )
    if lost["unmet"]:
        n = len(lost["unmet"])
        st.warning(
            _("{n} request(s) would ask for a service nobody reaching their grid offers.").format(
                n=n
            )
        )
        _table(_("Requests left without a provider"), lost["unmet"], "unmet")


def _recommend_section(hierarchy: list[dict[str, Any]]) -> None:
    st.subheader(_("Recommend"))
    community, grid = _scope_pickers(hierarchy, "rec")
    c1, c2, c3, c4 = st.columns(4)
    capacity = int(c1.number_input(_("Lighthouse capacity"), 1, 50, 10))
    budget = int(c2.number_input(_("Budget, picks (0 = none)"), 0, 500, 0))
    neighbourhood = c3.radio(
        _("Neighbours"), list(NEIGHBOURHOODS), format_func=lambda k: _(NEIGHBOURHOODS[k])
    )
    method = c4.radio(_("Method"), list(METHODS), format_func=lambda k: _(METHODS[k]))
    with ui.guard(), st.spinner(_("Planning…")):
        rec = data.recommendation(grid, community, capacity, neighbourhood, method, budget or None)
    cov = whatif.coverage_rows(rec)
    before, after = cov
    m1, m2, m3 = st.columns(3)
    m1.metric(
        _("Served before"),
        f"{before['served']}/{before['households']}",
        help=_("coverage {pct}").format(pct=fmt_pct(before["coverage %"], 1)),
    )
    m2.metric(
        _("Served after"),
        f"{after['served']}/{after['households']}",
        delta=after["served"] - before["served"],
        help=_("coverage {pct}").format(pct=fmt_pct(after["coverage %"], 1)),
    )
    m3.metric(_("Picks"), len(rec.picks))
    chart = pd.DataFrame(cov)[["when", "coverage %"]]
    chart.columns = [_("plan"), _("coverage %")]
    st.bar_chart(chart, x=_("plan"), y=_("coverage %"))
    st.caption(_("Guarantee: {bound}").format(bound=_bound(rec)))
    if rec.picks:
        _table(_("Picks"), whatif.pick_rows(rec), "picks")
    if rec.still_unserved:
        st.warning(
            _(
                "{n} household(s) still unserved: no candidate with room in their neighbourhood: "
            ).format(n=len(rec.still_unserved))
            + ", ".join(map(str, rec.still_unserved[:50]))
        )
    if rec.missing_platforms:
        n = len(rec.missing_platforms)
        st.warning(
            _(
                "{n} (grid, category) pair(s) need a platform or organisation: residents "
                "asked for services nobody reaching them offers."
            ).format(n=n)
        )
        _table(_("Missing platforms"), rec.missing_platforms, "missing")
    if grid:
        nav.link("network", _("Open this grid's network"), {"grid": grid})
    _action_list(hierarchy, community, grid, capacity, whatif.pick_rows(rec))


def _action_list(
    hierarchy: list[dict[str, Any]],
    community: str | None,
    grid: str | None,
    capacity: int,
    picks: list[dict[str, Any]],
) -> None:
    """Per grid, one action per gap; every id in it opens the network focused on it."""
    st.subheader(_("Action list"))
    grids = [grid] if grid else [h["grid_id"] for h in hierarchy if h["community_id"] == community]
    names = {h["grid_id"]: h["grid"] for h in hierarchy}
    as_of = ui.as_of()
    plans = []
    with ui.guard(), st.spinner(_("Listing actions…")):
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
        st.success(_("Nothing to do in this scope"))
        return
    st.caption(
        _(
            "{n} action(s) in {todo} of {grids} grid(s), as of {day} · click an id to see it "
            "in the network"
        ).format(
            n=sum(len(p) for _g, p in todo), todo=len(todo), grids=len(grids), day=fmt_date(as_of)
        )
    )
    for g, plan in todo:
        with st.expander(
            _("{grid} ({id}) · {n} action(s)").format(grid=names.get(g, g), id=g, n=len(plan)),
            expanded=len(todo) == 1,
        ):
            for action in plan:
                st.markdown(f"**{action.title}**")
                st.caption(action.why)
                ui.id_table(action.rows, key=f"act_{g}_{action.code}")
            nav.link(
                "network",
                _("Open the network view of {grid}").format(grid=names.get(g, g)),
                {"grid": g},
            )


def _bound(rec: Any) -> str:
    """The recommender's guarantee in the page's language (its text is English, for the CLI;
    the figures are read back from it)."""
    import re

    text = str(rec.bound)
    if current() == "en":
        return text
    if rec.method == "exact":
        found = re.search(r"\((\d+) households\)", text)
        return _(
            "exact: the fewest picks that reach the best possible coverage ({n} households)"
        ).format(n=found.group(1) if found else "?")
    found = re.search(r"H\((\d+)\) = ([0-9.]+)", text)
    out = _("greedy: at most {factor} times the fewest picks that reach the same coverage").format(
        factor=found.group(2) if found else "?"
    )
    if "budget" in text:
        out += _("; within a budget, at least (1 - 1/e) of the best coverage")
    return out


def render() -> None:
    st.title(_("What if"))
    with ui.guard():
        hierarchy = data.hierarchy()
    if not hierarchy:
        st.info(_("The graph has no grids yet"))
        return
    remove_tab, recommend_tab = st.tabs([_("Remove"), _("Recommend")])
    with remove_tab:
        _remove_section(hierarchy)
    with recommend_tab:
        _recommend_section(hierarchy)
