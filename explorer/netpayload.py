"""What the network component draws: vis-network nodes and edges, seed positions, settling.

Why positions are computed here and not left to the browser: vis-network started
from random positions needs hundreds of physics iterations on a grid of 400+
nodes, and some pictures never came to rest. A deterministic seed that already
follows the chain of the last mile (grid → party branch → party group →
lighthouse household → household) leaves physics only the finishing touches, so
a bounded number of iterations settles every grid, and the same grid always
opens with the same picture. The hierarchical layout needs no physics at all:
its positions are the layered tree itself.

Labels come in three tiers. The chain's structure (grid, community, branch,
party groups) is drawn at a readable size at any zoom; platforms, organisations,
buildings and lighthouse households once the planner zooms in a little;
households, people and requests only close up, where they no longer overlap.

>>> from gridnet.explorer.network_view import subgraph_from_rows
>>> n = lambda label, **p: {"label": label, "props": p}
>>> sg = subgraph_from_rows([
...     {"source": n("Organization", id="O1", kind="grid_party_branch"), "type": "COVERS",
...      "target": n("Grid", id="G1")},
...     {"source": n("Household", id="H1", lighthouse=True), "type": "SERVES",
...      "target": n("Household", id="H2")},
...     {"source": n("Household", id="H1", lighthouse=True), "type": "IN_GRID",
...      "target": n("Grid", id="G1")},
... ])
>>> chain_parents(sg)["Household:H2"], chain_parents(sg)["Organization:O1"]
('Household:H1', 'Grid:G1')
>>> pos = layered_positions(sg)
>>> pos["Grid:G1"][1] < pos["Organization:O1"][1] < pos["Household:H1"][1] < pos["Household:H2"][1]
True
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from gridnet.explorer import network_view as nv
from gridnet.explorer.i18n import N_, _, current, ngettext, term

__all__ = [
    "EDGE_PREFERENCE",
    "LABEL_TIERS",
    "LAYOUTS",
    "LEVELS",
    "chain_parents",
    "counts_by_kind",
    "layered_positions",
    "legend_items",
    "payload",
    "radial_positions",
    "settle_budget",
    "summary_label",
    "ui_texts",
    "vis_edges",
    "vis_nodes",
]

LAYOUTS = {"force": N_("force-directed"), "hierarchical": N_("hierarchical")}

# Rows of the hierarchical layout; also what "above" means when a node picks its parent.
LEVELS: dict[str, int] = {
    "Area": 0,
    "party_committee": 0,
    "Grid": 1,
    "grid_party_branch": 2,
    "Platform": 2,
    "x_org": 2,
    "building_party_group": 3,
    "interest_party_group": 3,
    "lighthouse": 4,
    "Building": 4,
    "household": 5,
    "Person": 6,
    "ServiceRequest": 6,
    "ServiceCategory": 7,
    "Activity": 6,
    "Rating": 7,
    "Funding": 1,
    "Role": 7,
    "fold": 5,
    "other": 7,
    "summary": 1,
}

# 1: readable at any zoom; 2: from a moderate zoom; 3: close up only.
LABEL_TIERS: dict[str, int] = {
    "Area": 1,
    "party_committee": 1,
    "Grid": 1,
    "summary": 1,
    "grid_party_branch": 1,
    "building_party_group": 1,
    "interest_party_group": 1,
    "Platform": 2,
    "x_org": 2,
    "Building": 2,
    "lighthouse": 2,
    "household": 3,
    "Person": 3,
    "ServiceRequest": 3,
    "ServiceCategory": 3,
    "Activity": 3,
    "Rating": 3,
    "Funding": 2,
    "Role": 3,
    "fold": 2,
    "other": 3,
}
# Font size in graph units and the on-screen size (px) below which the label is not drawn.
_TIER_FONT = {1: (16, 0), 2: (13, 9), 3: (11, 10)}
# The browser keeps tier-1 labels at least this many pixels high at any zoom.
TIER1_MIN_PX = 13

# Which link a node prefers to its parent when several neighbours sit one level up.
EDGE_PREFERENCE = (
    "SERVES",
    "IN_GROUP",
    "PART_OF",
    "COVERS",
    "IN_BUILDING",
    "IN_GRID",
    "IN_AREA",
    "HOSTS",
    "LIVES_IN",
    "MEMBER_OF",
    "RAISED",
    "IN_CATEGORY",
)
_PREF = {t: i for i, t in enumerate(EDGE_PREFERENCE)}

# Spacing of the layouts, in graph units.
SPRING_STRUCTURE = 170.0  # force: link between two structural (tier-1) nodes
SPRING_NEAR_STRUCTURE = 110.0  # force: link with one structural end
SPRING_SUMMARY = 300.0  # force: link of a grid's summary box
SUMMARY_ROOM = 6  # radial: a summary box takes the room of this many leaves
RING = 150.0  # radial: distance between rings
LEAF_ARC = 22.0  # radial: room for one leaf on the outer ring
ROW = 150.0  # layered: distance between rows
SLOT = 44.0  # layered: width of one leaf column
BLOCK_ROW = 30.0  # layered: rows of a leaf block under its parent
BLOCK_ROWS = 8  # layered: leaves of one parent wrap into columns of at most this many


def _level(kind: str) -> int:
    return LEVELS.get(kind, LEVELS["other"])


def chain_parents(sg: nv.Subgraph) -> dict[str, str | None]:
    """Each node's parent on the chain: the linked node nearest above it (None at the top).

    "Above" is a smaller hierarchical level; among neighbours the one at the highest
    such level wins, then the preferred link type, then the key (deterministic).
    """
    best: dict[str, tuple[int, int, str]] = {}
    for e in sg.edges:
        for child, parent in ((e.source, e.target), (e.target, e.source)):
            if child == parent or child not in sg.nodes or parent not in sg.nodes:
                continue
            lc, lp = _level(sg.nodes[child].kind), _level(sg.nodes[parent].kind)
            if lp >= lc:
                continue
            rank = (-lp, _PREF.get(e.type, len(_PREF)), parent)
            if child not in best or rank < best[child]:
                best[child] = rank
    return {key: (best[key][2] if key in best else None) for key in sg.nodes}


def _children(sg: nv.Subgraph, parents: Mapping[str, str | None]) -> dict[str, list[str]]:
    kids: dict[str, list[str]] = defaultdict(list)
    for key, parent in parents.items():
        if parent is not None:
            kids[parent].append(key)
    for key in kids:
        kids[key].sort(key=lambda k: (_level(sg.nodes[k].kind), sg.nodes[k].kind, k))
    return kids


def _roots(sg: nv.Subgraph, parents: Mapping[str, str | None]) -> list[str]:
    roots = [k for k, p in parents.items() if p is None]
    return sorted(roots, key=lambda k: (_level(sg.nodes[k].kind), k))


def radial_positions(
    sg: nv.Subgraph, parents: Mapping[str, str | None] | None = None
) -> dict[str, tuple[float, float]]:
    """Seed positions: the chain tree drawn radially around its grid (or its community).

    The centre is the only grid, else the first root; every subtree gets a wedge in
    proportion to its leaves, and the outer ring is wide enough to give each leaf
    ``LEAF_ARC`` units.
    """
    if not sg.nodes:
        return {}
    parents = dict(parents if parents is not None else chain_parents(sg))
    grids = sorted(k for k, n in sg.nodes.items() if n.kind == "Grid")
    roots = _roots(sg, parents)
    centre = grids[0] if len(grids) == 1 else roots[0]
    # Re-root the forest at the centre: the centre's ancestors become its children,
    # the other roots hang off the centre.
    up = parents.get(centre)
    below = centre
    parents[centre] = None
    while up is not None:
        nxt = parents.get(up)
        parents[up] = below
        below, up = up, nxt
    for root in roots:
        if root != centre and parents.get(root) is None:
            parents[root] = centre
    kids = _children(sg, parents)
    leaves: dict[str, int] = {}
    depth: dict[str, int] = {centre: 0}
    order = [centre]
    for key in order:  # breadth first; the list grows while it is walked
        for kid in kids.get(key, []):
            if kid not in depth:
                depth[kid] = depth[key] + 1
                order.append(kid)
    for key in reversed(order):
        own = SUMMARY_ROOM if sg.nodes[key].kind == "summary" else 1  # wide boxes
        leaves[key] = max(own, sum(leaves[k] for k in kids.get(key, []) if k in depth))
    max_depth = max(depth.values())
    outer = max(RING * max(max_depth, 1), leaves[centre] * LEAF_ARC / (2 * math.pi))
    pos: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)}
    span: dict[str, tuple[float, float]] = {centre: (0.0, 2 * math.pi)}
    for key in order:
        start, width = span[key]
        cursor = start
        for kid in kids.get(key, []):
            if kid not in depth:
                continue
            share = width * leaves[kid] / leaves[key]
            span[kid] = (cursor, share)
            angle = cursor + share / 2
            radius = outer * depth[kid] / max_depth
            pos[kid] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
            cursor += share
    # Nodes the walk missed (none when the forest was re-rooted): park them on a far ring.
    rest = sorted(k for k in sg.nodes if k not in pos)
    for i, key in enumerate(rest):
        angle = 2 * math.pi * i / max(len(rest), 1)
        pos[key] = (
            round((outer + RING) * math.cos(angle), 1),
            round((outer + RING) * math.sin(angle), 1),
        )
    return pos


def layered_positions(
    sg: nv.Subgraph, parents: Mapping[str, str | None] | None = None
) -> dict[str, tuple[float, float]]:
    """The hierarchical layout: one row per level of the chain, children under their parent.

    Leaves of one parent (households under their lighthouse, people under their
    household) stand in columns of at most ``BLOCK_ROWS`` under it, so that a
    lighthouse serving fifteen households does not make the picture fifteen wide.
    """
    if not sg.nodes:
        return {}
    parents = dict(parents if parents is not None else chain_parents(sg))
    kids = _children(sg, parents)
    rows = sorted({_level(n.kind) for n in sg.nodes.values()})
    row_y = {level: i * ROW for i, level in enumerate(rows)}
    pos: dict[str, tuple[float, float]] = {}

    def place(key: str, left: float) -> float:
        """Place `key`'s subtree from `left`; returns its width."""
        y = row_y[_level(sg.nodes[key].kind)]
        children = kids.get(key, [])
        leafs = [k for k in children if not kids.get(k)]
        inner = [k for k in children if kids.get(k)]
        width = 0.0
        for kid in inner:
            width += place(kid, left + width)
        if leafs:
            cols = math.ceil(len(leafs) / BLOCK_ROWS)
            for i, kid in enumerate(leafs):
                r, c = divmod(i, cols)
                ky = row_y[_level(sg.nodes[kid].kind)] + r * BLOCK_ROW
                pos[kid] = (left + width + (c + 0.5) * SLOT, ky)
            width += cols * SLOT
        width = max(width, SLOT)
        pos[key] = (left + width / 2, y)
        return width

    left = 0.0
    for root in _roots(sg, parents):
        left += place(root, left) + SLOT
    centre = left / 2
    return {k: (round(x - centre, 1), round(y, 1)) for k, (x, y) in pos.items()}


def settle_budget(n_nodes: int) -> dict[str, int]:
    """Physics iterations and a wall-clock cap (ms) for the browser to settle a picture.

    >>> settle_budget(50), settle_budget(1000)
    ({'iterations': 200, 'max_ms': 2000}, {'iterations': 120, 'max_ms': 2000})
    """
    iterations = 200 if n_nodes <= 300 else 150 if n_nodes <= 600 else 120
    return {"iterations": iterations, "max_ms": 2000}


def summary_label(props: Mapping[str, Any]) -> str:
    """A grid summary node's label: name, households and lighthouses, worst gap.

    >>> from gridnet.explorer.i18n import use
    >>> with use("zh"):
    ...     summary_label({"name": "一网格", "households": 358, "lighthouses": 62})
    '一网格\\n358 户 · 62 明灯户'
    >>> with use("en"):
    ...     summary_label({"name": "G1", "households": 1, "lighthouses": 0,
    ...                    "worst_gap": "grid_without_branch"})
    'G1\\n1 household · 0 lighthouse households\\n⚠ grid without party branch'
    """
    households, lighthouses = props.get("households", 0), props.get("lighthouses", 0)
    counts = _("{households} · {lighthouses}").format(
        households=ngettext("{n} household", "{n} households", households).format(n=households),
        lighthouses=ngettext(
            "{n} lighthouse household", "{n} lighthouse households", lighthouses
        ).format(n=lighthouses),
    )
    worst = props.get("worst_gap")
    return f"{props.get('name')}\n{counts}" + (f"\n⚠ {term('gap', worst)}" if worst else "")


def _label(node: nv.GNode) -> str:
    if node.kind == "summary":
        return summary_label(node.props)
    return nv.label_text(node)


def _font(kind: str) -> dict[str, Any]:
    tier = LABEL_TIERS.get(kind, 3)
    size, _weight = _TIER_FONT[tier]
    return {"size": size, "face": nv.CJK_FONT, "strokeWidth": 3, "strokeColor": "#ffffff"}


def vis_nodes(
    sg: nv.Subgraph, positions: Mapping[str, tuple[float, float]] | None = None
) -> list[dict[str, Any]]:
    """vis-network node objects: colour and shape by kind, gap nodes ringed red, label tier.

    Labels and titles are plain text (vis draws labels on the canvas and shows titles
    with ``innerText``), so user data needs no HTML escaping here.
    """
    out = []
    for node in sg.nodes.values():
        style = nv.KIND_STYLES.get(node.kind, nv.KIND_STYLES["other"])
        tier = LABEL_TIERS.get(node.kind, 3)
        color: Any = style.color
        border, size = 1, style.size
        if node.gaps:
            color = {
                "background": style.color,
                "border": nv.GAP_COLOR,
                "highlight": {"background": style.color, "border": nv.GAP_COLOR},
            }
            border, size = 4, style.size + 6
        item: dict[str, Any] = {
            "id": node.key,
            "label": _label(node),
            "title": nv.tooltip(node),
            "kind": node.kind,
            "tier": tier,
            "color": color,
            "shape": style.shape,
            "size": size,
            "borderWidth": border,
            "font": _font(node.kind),
            "scaling": {"label": {"drawThreshold": _TIER_FONT[tier][1]}},
            "level": _level(node.kind),
            "gap": bool(node.gaps),
        }
        if positions and node.key in positions:
            item["x"], item["y"] = positions[node.key]
        out.append(item)
    return out


def vis_edges(
    sg: nv.Subgraph, parents: Mapping[str, str | None] | None = None
) -> list[dict[str, Any]]:
    """vis-network edges; the id is stable (source|type|target) so the browser can diff.

    With `parents` (the hierarchical layout), links that are not the chain tree's are
    marked ``faint``: drawn lightly so the tree reads first.
    """
    out = []
    for e in sg.edges:
        item: dict[str, Any] = {
            "id": f"{e.source}|{e.type}|{e.target}",
            "from": e.source,
            "to": e.target,
            "type": e.type,
            "title": nv.link_name(e.type),
        }
        if parents is not None:
            tree = parents.get(e.source) == e.target or parents.get(e.target) == e.source
            item["faint"] = not tree
        ends = [sg.nodes[k].kind for k in (e.source, e.target) if k in sg.nodes]
        tier1 = sum(1 for kind in ends if LABEL_TIERS.get(kind, 3) == 1)
        if "summary" in ends:
            item["length"] = SPRING_SUMMARY  # summary boxes are wide: keep them apart
        elif tier1:
            # Longer springs between structural nodes leave room for their labels.
            item["length"] = SPRING_STRUCTURE if tier1 == 2 else SPRING_NEAR_STRUCTURE
        out.append(item)
    return out


def counts_by_kind(kinds: Iterable[str]) -> dict[str, int]:
    """How many nodes of each kind, in legend order.

    >>> counts_by_kind(["household", "Grid", "household"])
    {'Grid': 1, 'household': 2}
    """
    counted = Counter(kinds)
    order = list(nv.KIND_STYLES) + sorted(k for k in counted if k not in nv.KIND_STYLES)
    return {k: counted[k] for k in order if counted[k]}


def legend_items(sg: nv.Subgraph, hidden_kinds: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The legend of the component: one item per kind drawn, with its count and state."""
    hidden = set(hidden_kinds)
    items = []
    for kind, count in counts_by_kind(n.kind for n in sg.nodes.values()).items():
        style = nv.KIND_STYLES.get(kind, nv.KIND_STYLES["other"])
        items.append(
            {
                "kind": kind,
                "name": nv.kind_name(kind),
                "color": style.color,
                "count": count,
                "hidden": kind in hidden,
            }
        )
    return items


def ui_texts() -> dict[str, str]:
    """Every text the component shows of its own, in the current language.

    The component's page holds no display text: buttons, their hints, the legend's
    gap entry and the status line all come from here (the catalogs), and the page
    sets them as text, never as HTML. ``{seconds}`` and ``{nodes}`` are filled in by
    the page.
    """
    return {
        "document_title": _("gridnet network"),
        "relayout": _("Re-layout"),
        "relayout_hint": _("Run the layout again"),
        "fit": _("Fit"),
        "fit_hint": _("Show the whole picture"),
        "export": _("Export PNG"),
        "export_hint": _("Save the picture as PNG"),
        "legend": _("Legend"),
        "legend_hint": _("Click to show or hide"),
        "gap": _("gap (red ring)"),
        "laying_out": _("Laying out…"),
        "settled": _("Settled in {seconds} s · {nodes} nodes"),
    }


def payload(
    sg: nv.Subgraph,
    *,
    view: str,
    layout: str = "force",
    title: str = "",
    hidden_kinds: Iterable[str] = (),
    pinned: Iterable[str] = (),
    selected: str | None = None,
    focus: Mapping[str, Any] | None = None,
    height: int = 640,
    interactive: bool = True,
) -> dict[str, Any]:
    """The component's arguments (JSON): everything the browser needs to draw the view.

    `view` names what is drawn (scope, depth, layout): when it changes the browser
    starts afresh; otherwise it keeps the positions it has and only adds, removes
    and restyles nodes (an expansion, a hidden kind, a selection).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {sorted(LAYOUTS)}")
    parents = chain_parents(sg)
    positions = (
        layered_positions(sg, parents)
        if layout == "hierarchical"
        else radial_positions(sg, parents)
    )
    return {
        "lang": current(),
        "ui": ui_texts(),
        "view": view,
        "layout": layout,
        "title": title,
        "nodes": vis_nodes(sg, positions),
        "edges": vis_edges(sg, parents if layout == "hierarchical" else None),
        "legend": legend_items(sg, hidden_kinds),
        "hidden_kinds": sorted(set(hidden_kinds)),
        "pinned": sorted(set(pinned) & set(sg.nodes)),
        "selected": selected if selected in sg.nodes else None,
        "focus": dict(focus) if focus else None,
        "height": int(height),
        "settle": settle_budget(len(sg.nodes)),
        "tier1_min_px": TIER1_MIN_PX,
        "interactive": interactive,
    }
