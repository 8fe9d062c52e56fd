"""Network view for planners: the last mile of a grid or community, to explore like Bloom.

The picture is the network component (``explorer/netgraph.py``); what the planner
did to it lives in an ``explore.Exploration`` in the session. Clicks in the
picture come back as events; the side panel's buttons act through callbacks, so
the picture drawn in the same run already shows their effect.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from gridnet.explorer import (
    aggregate,
    auth,
    data,
    explore,
    nav,
    netgraph,
    netpayload,
    netview,
    personal,
    ui,
)
from gridnet.explorer import network_view as nv
from gridnet.explorer.i18n import N_, _, term
from gridnet.explorer.safe import display_text, md
from gridnet.explorer.selection import ALL_GRIDS, Hierarchy, depth_for, index_of, placeable

DEPTHS = {
    1: N_("1 structure"),
    2: N_("2 + households"),
    3: N_("3 + people, requests"),
}
NET_KEY = "gn_net"
STATE_KEY = "gn_explore"
DEPTH_KEY = "gn_depth"
LINK_KEY = "gn_link"  # the ?node= link focused last
HIT_KEY = "gn_hit"  # the search hit focused last
DRAWN_KEY = "gn_drawn"  # what the last run drew (collapse and double-click act on it)
PANEL_HEIGHT = 640


def _search_hit(text: str) -> dict[str, Any] | None:
    """The search hit the planner picks (one with a grid or community), if any."""
    with ui.guard():
        hits = [
            h
            for h in personal.search(auth.viewer(), text)
            if h.get("grid_id") or h.get("community_id")
        ]
    if not hits:
        st.warning(
            _("No grid, household, person or organisation matches {text}").format(text=repr(text))
        )
        return None
    labels = [
        f"{h['label']} · {h['name']} ({h['id']}) → {h.get('grid_name') or h.get('community_id')}"
        for h in hits
    ]
    chosen = st.selectbox(_("Matches"), labels, key="net_hit")
    return hits[labels.index(chosen)]


def _link_target() -> tuple[dict[str, Any] | None, bool]:
    """The node a ``?node=`` link names, and whether to focus on it now.

    A link opened from a table (`nav.focus`) always focuses; the same link in the
    address bar focuses once, so that later clicks in the picture are not undone.
    """
    node = st.query_params.get("node")
    if not node:
        return None, False
    with ui.guard():
        located = placeable(data.locate(node))
    if located is None:
        st.warning(_("No grid's network shows a node with id {node}").format(node=repr(node)))
        return None, False
    requested = st.session_state.pop(nav.FOCUS_REQUEST, None) == node
    fresh = requested or st.session_state.get(LINK_KEY) != node
    if fresh:
        st.session_state[LINK_KEY] = node
        st.session_state["net_search"] = ""  # the link wins over an old search
    return dict(located), fresh


def _state(scope: str) -> explore.Exploration:
    """The exploration of `scope`; a new scope starts afresh but keeps the kinds hidden."""
    state = st.session_state.get(STATE_KEY)
    if not isinstance(state, explore.Exploration) or state.scope != scope:
        kinds = state.hidden_kinds if isinstance(state, explore.Exploration) else set()
        handled = state.handled if isinstance(state, explore.Exploration) else None
        state = explore.Exploration(scope=scope, hidden_kinds=set(kinds), handled=handled)
        st.session_state[STATE_KEY] = state
    return state


def _all_types(key: str) -> list[str]:
    label, node_id = explore.split_key(key)
    return sorted({r["type"] for r in data.neighbour_counts(label, node_id)})


def _expansion(key: str, types: tuple[str, ...]) -> nv.Subgraph:
    """The neighbours of `key` along `types` (all types when empty) as a subgraph."""
    label, node_id = explore.split_key(key)
    wanted = list(types) or _all_types(key)
    if not wanted:
        return nv.Subgraph()
    sg = nv.subgraph_from_rows(data.neighbours(label, node_id, wanted))
    if key not in sg.nodes:  # a node without neighbours along these types still shows
        sg.add_node(label, {"id": node_id})
    return sg


def _expand(state: explore.Exploration, key: str, types: tuple[str, ...]) -> None:
    with ui.guard(stop=False):
        sg = _expansion(key, types)
        state.expand(key, types, sg.nodes)


def _expand_from_panel(state: explore.Exploration, key: str, widget: str) -> None:
    chosen = st.session_state.get(widget) or []
    _expand(state, key, tuple(str(c) for c in chosen))


def _drawn_node(key: str) -> nv.GNode | None:
    drawn = st.session_state.get(DRAWN_KEY)
    return drawn.nodes.get(key) if isinstance(drawn, nv.Subgraph) else None


def _open(state: explore.Exploration, key: str) -> None:
    """A double-click: open a grid summary or a fold, else expand every neighbour."""
    node = _drawn_node(key)
    if node is not None and node.kind == aggregate.FOLD:
        state.unfold(key)
    elif node is not None and node.kind == aggregate.SUMMARY:
        state.open_grid(node.id)
    else:
        _expand(state, key, ())


def _collapse(state: explore.Exploration, key: str) -> None:
    drawn = st.session_state.get(DRAWN_KEY)
    if not isinstance(drawn, nv.Subgraph):
        return
    node = drawn.nodes.get(key)
    if node is not None and node.kind == "Grid" and node.id in state.opened:
        state.close_grid(node.id)  # back to its summary node
        state.expanded.pop(key, None)
    else:
        state.collapse(key, drawn)


def _slicer() -> explore.Slicer:
    with st.expander(_("Slicer — show only what matters now"), expanded=False):
        c1, c2, c3, c4 = st.columns(4)
        vulnerable = c1.checkbox(
            _("Vulnerable households only"),
            key="gn_sl_vulnerable",
            help=_("Ordinary households that are not marked vulnerable are hidden."),
        )
        load = int(
            c2.number_input(
                _("Lighthouse load ≥"),
                min_value=0,
                max_value=100,
                value=0,
                key="gn_sl_load",
                help=_("Lighthouse households serving fewer households are hidden (0 = off)."),
            )
        )
        age = int(
            c3.number_input(
                _("Requests older than (days)"),
                min_value=0,
                max_value=3650,
                value=0,
                key="gn_sl_age",
                help=_(
                    "Requests opened fewer days before the reference day are hidden (0 = "
                    "off). Requests are drawn at depth 3."
                ),
            )
        )
        rating = float(
            c4.number_input(
                _("Rating ≤"),
                min_value=0.0,
                max_value=5.0,
                value=0.0,
                step=0.5,
                key="gn_sl_rating",
                help=_(
                    "People, organisations and platforms rated higher, or never rated, are "
                    "hidden (0 = off)."
                ),
            )
        )
    return explore.Slicer(vulnerable, load, age, rating or None)


def _facts(sg: nv.Subgraph) -> dict[str, dict[str, Any]]:
    ids: dict[str, list[str]] = {"lighthouse": [], "Person": [], "Organization": [], "Platform": []}
    for node in sg.nodes.values():
        if node.kind == "lighthouse":
            ids["lighthouse"].append(node.id)
        elif node.label in ids:
            ids[node.label].append(node.id)
    rows = data.node_facts(ids)
    return {f"{r['label']}:{r['id']}": r for r in rows}


def _path(state: explore.Exploration) -> tuple[nv.Subgraph, bool | None]:
    """The serving chain asked for (empty when none) and whether it reaches a platform."""
    if state.path is None:
        return nv.Subgraph(), None
    household, category = state.path
    rows = data.service_path(explore.split_key(household)[1], category)
    return nv.subgraph_from_rows(rows), bool(rows) and all(r["reached"] for r in rows)


def _show_path(state: explore.Exploration, key: str, widget: str) -> None:
    category = st.session_state.get(widget)
    if not category:
        return
    with ui.guard(stop=False):
        state.show_path(key, str(category))
        path, _reached = _path(state)
        state.focus_on(key, explore.path_keys(path, key))


def _path_panel(state: explore.Exploration, key: str, reached: bool | None) -> None:
    """The path action: the serving chain from this household to a platform offering a
    chosen category."""
    with ui.guard(stop=False):
        cats = data.categories()
    names = {c["id"]: f"{c['name']} {c.get('name_en') or ''}".strip() for c in cats}
    widget = f"gn_pathcat_{key}"
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    c1.selectbox(
        _("Path to a platform offering"),
        list(names),
        format_func=lambda c: names.get(c, c),
        key=widget,
        help=_(
            "The household's serving chain (lighthouse household, party group, branch, "
            "grid) to the nearest platform reaching its grid that offers this service."
        ),
    )
    c2.button(
        _("Path"),
        key="gn_path",
        on_click=_show_path,
        args=(state, key, widget),
        width="stretch",
    )
    if state.path and state.path[0] == key:
        category = names.get(state.path[1], state.path[1])
        if reached:
            lit = _("The chain to {category} is lit in the picture.")
            st.success(lit.format(category=category))
        else:
            st.warning(
                _(
                    "No platform reaching this household's grid offers {category}: the chain "
                    "stops at the grid ({gap})."
                ).format(category=category, gap=term("gap", "category_unmet"))
            )
        st.button(_("Clear path"), key="gn_path_clear", on_click=state.clear_path)


def _summary_panel(state: explore.Exploration, node: nv.GNode) -> None:
    """A grid's summary node or a fold of households: what it stands for, and opening it."""
    if node.kind == aggregate.SUMMARY:
        for gap in node.gaps:
            st.warning(_("Gap: {gap}").format(gap=term("gap", gap)), icon="⚠️")
        st.dataframe(
            [
                {_("figure"): nv.prop_name(k), _("value"): display_text(nv.prop_value(k, v))}
                for k, v in node.props.items()
                if k not in ("id", "name")
            ],
            hide_index=True,
            width="stretch",
            key="gn_props",
        )
        st.button(
            _("Open here"),
            key="gn_expand",
            on_click=state.open_grid,
            args=(node.id,),
            width="stretch",
            help=_("Draw this grid's last mile in full inside the community's picture."),
        )
        nav.link("network", _("This grid alone"), {"grid": node.id})
    else:
        st.caption(
            _(
                "These households are folded to keep the picture under the node cap; they are "
                "not left out."
            )
        )
        st.button(
            _("Unfold"),
            key="gn_expand",
            on_click=state.unfold,
            args=(node.key,),
            width="stretch",
        )


def _panel(
    state: explore.Exploration, drawn: nv.Subgraph, facts: dict[str, Any], reached: bool | None
) -> None:
    """The side panel: the selected node's properties and what can be done with it."""
    key = state.selected
    if not key or key not in drawn.nodes:
        st.info(
            _(
                "Click a node to see it here; double-click expands its neighbours. Click a "
                "legend item to hide or show a kind."
            )
        )
        if state.hidden:
            st.button(
                _("Show hidden ({n})").format(n=len(state.hidden)),
                on_click=state.show_hidden,
                key="gn_show_hidden",
            )
        return
    node = drawn.nodes[key]
    st.markdown(f"**{md(nv.kind_name(node.kind))}**")
    st.markdown(f"#### {md(node.name)}")
    st.caption(f"{md(term('label', node.label))} · {md(node.id)}")
    if node.kind in (aggregate.SUMMARY, aggregate.FOLD):
        _summary_panel(state, node)
        return
    for gap in node.gaps:
        st.warning(_("Gap: {gap}").format(gap=term("gap", gap)), icon="⚠️")
    fact = facts.get(key) or {}
    props = nv.shown_props(node.props)
    if fact.get("load") is not None:
        props[_("load")] = fact["load"]
    if fact.get("rating") is not None:
        props[_("rating")] = f"{float(fact['rating']):.2f} ({fact['ratings']})"
    st.dataframe(
        [
            {_("property"): nv.prop_name(k), _("value"): display_text(nv.prop_value(k, v))}
            for k, v in sorted(props.items())
        ],
        hide_index=True,
        width="stretch",
        height=min(36 * (len(props) + 1) + 4, 300),
        key="gn_props",
    )
    personal.residents_table(
        auth.viewer(),
        [(node.label, node.id)],
        "gn_panel",
        title=_("Personal data of this resident"),
    )

    if node.label == "Household":
        _path_panel(state, key, reached)
    with ui.guard(stop=False):
        counts = data.neighbour_counts(node.label, node.id)
    options = sorted({r["type"] for r in counts})
    total = {t: sum(r["count"] for r in counts if r["type"] == t) for t in options}
    widget = f"gn_types_{key}"
    st.multiselect(
        _("Expand along"),
        options,
        format_func=lambda t: f"{term('relationship', t)} ({total[t]})",
        key=widget,
        placeholder=_("all types"),
        help=_("At most {n} neighbours per type and direction.").format(n=data.NEIGHBOUR_LIMIT),
    )
    c1, c2 = st.columns(2)
    c1.button(
        _("Expand"),
        key="gn_expand",
        on_click=_expand_from_panel,
        args=(state, key, widget),
        width="stretch",
    )
    c2.button(
        _("Collapse"), key="gn_collapse", on_click=_collapse, args=(state, key), width="stretch"
    )
    c3, c4 = st.columns(2)
    c3.button(_("Hide"), key="gn_hide", on_click=state.hide, args=(key,), width="stretch")
    pinned = key in state.pinned
    c4.button(
        _("Unpin") if pinned else _("Pin"),
        key="gn_pin",
        on_click=state.toggle_pin,
        args=(key,),
        width="stretch",
    )
    st.button(_("Centre"), key="gn_centre", on_click=state.focus_on, args=(key,), width="stretch")
    if state.hidden:
        st.button(
            _("Show hidden ({n})").format(n=len(state.hidden)),
            on_click=state.show_hidden,
            key="gn_show_hidden",
            width="stretch",
        )


def render() -> None:
    st.title(_("Network"))
    with ui.guard():
        rows = data.hierarchy()
    if not rows:
        st.info(_("The graph has no grids yet: load a dataset first"))
        return
    tree = Hierarchy(rows)
    target, fresh = _link_target()
    st.session_state.setdefault(DEPTH_KEY, 2)
    text = st.text_input(
        _("Search by name or id"),
        key="net_search",
        placeholder="槐荫 / G-0001 / 王建国",
    )
    hit = _search_hit(text) if text.strip() else None
    if hit is not None and st.session_state.get(HIT_KEY) != f"{hit['label']}:{hit['id']}":
        target, fresh = hit, True  # a search hit picked just now: focus on it
        st.session_state[HIT_KEY] = f"{hit['label']}:{hit['id']}"
    start = tree.start(st.query_params.get("grid"), st.query_params.get("community"), target)
    if fresh and target is not None:
        st.session_state[DEPTH_KEY] = depth_for(target["label"], st.session_state.get(DEPTH_KEY, 2))

    c1, c2, c3 = st.columns(3)
    districts = tree.districts()
    district = c1.selectbox(_("District"), districts, index=index_of(districts, start.district))
    comm_ids = tree.communities(district)
    community = c2.selectbox(
        _("Community"),
        comm_ids,
        index=index_of(comm_ids, start.community),
        format_func=lambda c: f"{tree.community_name(c)} ({c})",
    )
    options = tree.grid_options(community)
    grid = c3.selectbox(
        _("Grid"),
        options,
        index=index_of(options, start.grid),
        format_func=lambda g: term("group", g) if g == ALL_GRIDS else tree.grid_label(g),
    )
    c4, c5, c6 = st.columns(3)
    depth = c4.select_slider(
        _("Depth"), options=list(DEPTHS), format_func=lambda d: _(DEPTHS[d]), key=DEPTH_KEY
    )
    layout = c5.radio(
        _("Layout"),
        list(netpayload.LAYOUTS),
        format_func=lambda k: _(netpayload.LAYOUTS[k]),
        horizontal=True,
        key="gn_layout",
    )
    max_nodes = int(
        c6.number_input(
            _("Node cap"),
            min_value=20,
            max_value=5000,
            value=netview.DEFAULT_MAX_NODES,
            step=50,
            help=_(
                "Above it, households are folded into one node per lighthouse household or "
                "building; nothing is left out without a node saying so."
            ),
        )
    )
    slicer = _slicer()

    grids = tree.grids_shown(community, grid)
    scope = tree.scope_name(community, grid)
    as_of = ui.as_of()
    state = _state(f"{'+'.join(grids)}|{depth}")
    if state.handle(st.session_state.get(NET_KEY)) and state.pending_expand:
        key, state.pending_expand = state.pending_expand, None
        _open(state, key)

    whole = grid == ALL_GRIDS

    def base() -> nv.Subgraph:
        if whole:
            return netview.community_graph(community, grids, depth, as_of, state.opened)
        return netview.grid_graph(grids, depth, as_of)

    started = time.perf_counter()
    with ui.guard(), st.spinner(_("Drawing the last mile of {scope}…").format(scope=scope)):
        graph = base()
        if fresh and target is not None:
            key = f"{target['label']}:{target['id']}"
            inside = target.get("grid_id")
            if key not in graph.nodes and whole and inside in grids and inside != target["id"]:
                state.open_grid(str(inside))  # the node lives inside a grid: open it
                graph = base()
            if key not in graph.nodes:  # beyond the depth: bring it in with its neighbours
                _expand(state, key, ())
            state.focus_on(key)
        expansions = {k: _expansion(k, types) for k, types in state.expanded.items()}
        path, reached = _path(state)
        composed = explore.compose(graph, expansions, state, [path])
        facts = _facts(composed) if slicer.active else {}
        keep = set(state.pinned) | ({state.selected} if state.selected else set())
        keep |= set(path.nodes)
        sliced, sliced_counts = explore.slice_out(composed, slicer, facts, as_of, keep)
        folded = aggregate.fold_leaves(
            explore.without(composed, sliced), max_nodes, keep, state.unfolded
        )
        drawn = folded.graph
        args = netpayload.payload(
            drawn,
            view=f"{'+'.join(grids)}|{depth}|{layout}|{max_nodes}",
            layout=layout,
            title=f"{scope} · {_(DEPTHS[depth])}",
            hidden_kinds=state.hidden_kinds,
            pinned=state.pinned,
            selected=state.selected,
            focus=state.focus,
            height=PANEL_HEIGHT,
        )
    st.session_state[DRAWN_KEY] = drawn
    elapsed = time.perf_counter() - started

    st.subheader(_("{scope} · depth {depth}").format(scope=scope, depth=depth))
    # Notices go into one container that is always there: the picture's place in the page
    # never moves, so its frame (and the layout in it) survives every rerun.
    notices = st.container()
    if folded.folds:
        notices.warning(folded.message())
    if whole:
        notices.caption(
            _(
                "{n} of {total} grids drawn as one summary node each: double-click one (or use "
                "Open in the panel) to draw it in full. "
            ).format(n=len(grids) - len(state.opened), total=len(grids))
        )
    if sliced:
        notices.caption(
            _("Slicer hides: ")
            + ", ".join(f"{nv.kind_name(k)} {n}" for k, n in sliced_counts.items())
        )
    left, right = st.columns([5, 2])
    with left:
        netgraph.network(args, key=NET_KEY)
    with right:
        _panel(state, drawn, facts, reached)
    shown = netpayload.counts_by_kind(
        n.kind for n in drawn.nodes.values() if n.kind not in state.hidden_kinds
    )
    st.caption(
        _("{nodes} nodes drawn, {links} links, {gaps} gap nodes · built in {s} s").format(
            nodes=sum(shown.values()),
            links=len(drawn.edges),
            gaps=sum(1 for n in drawn.nodes.values() if n.gaps),
            s=f"{elapsed:.2f}",
        )
    )
    st.subheader(_("What is shown"))
    ui.id_table(nv.table_rows(drawn), key="gn_table")
    personal.residents_table(auth.viewer(), [(n.label, n.id) for n in drawn.nodes.values()], "net")
