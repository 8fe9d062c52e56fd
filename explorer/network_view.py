"""The last mile as an interactive network: subgraph model, node cap and offline pyvis HTML.

Planners look at one grid (or a whole community) as a picture of who is meant to
reach whom, so this module turns edge rows from Neo4j into a small graph, marks
the nodes behind coverage gaps, cuts it to a node cap that keeps the structure
first, and renders pyvis HTML that loads nothing from the network (the explorer
runs on machines without internet access, and CDN scripts would leak usage).
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gridnet.explorer.i18n import N_, _, current, term
from gridnet.explorer.safe import display_text, esc, external_resources, props_tooltip
from gridnet.explorer.safe import strip_external_resources as _strip

__all__ = [
    "DEFAULT_MAX_NODES",
    "KIND_STYLES",
    "Capped",
    "GEdge",
    "GNode",
    "Subgraph",
    "cap_nodes",
    "kind_name",
    "link_name",
    "kind_of",
    "label_text",
    "legend_html",
    "prop_name",
    "mark_gaps",
    "offline_html",
    "render_html",
    "shown_props",
    "subgraph_from_result",
    "subgraph_from_rows",
    "table_rows",
    "tooltip",
]

DEFAULT_MAX_NODES = 400
CJK_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


@dataclass(frozen=True)
class KindStyle:
    """How one kind of node looks, and its names in both languages."""

    color: str
    shape: str
    en: str
    zh: str
    size: int = 16


# Order matters: it is the legend order and the keep-first order of the node cap.
KIND_STYLES: dict[str, KindStyle] = {
    "Grid": KindStyle("#1f4e79", "star", "grid", "网格", 30),
    "Area": KindStyle("#7f7f7f", "hexagon", "community / area", "社区/区域", 24),
    "grid_party_branch": KindStyle("#c00000", "diamond", "grid party branch", "网格党支部", 26),
    "party_committee": KindStyle(
        "#8b0000", "diamond", "party committee / branch", "社区大党委/村党支部", 24
    ),
    "building_party_group": KindStyle(
        "#e46c0a", "triangle", "building party group", "楼栋党小组", 20
    ),
    "interest_party_group": KindStyle(
        "#f4b183", "triangle", "special-interest party group", "特色党小组", 20
    ),
    "x_org": KindStyle("#7030a0", "square", "X organisation", "X组织", 18),
    "Platform": KindStyle("#00b050", "square", "service platform", "服务平台", 16),
    "Building": KindStyle("#a6a6a6", "square", "building", "楼栋", 14),
    "lighthouse": KindStyle("#ffc000", "star", "lighthouse household", "明灯户", 20),
    "household": KindStyle("#5b9bd5", "dot", "household", "住户", 10),
    "Person": KindStyle("#2e75b6", "ellipse", "person", "人员", 12),
    "ServiceRequest": KindStyle("#ff6f61", "dot", "service request", "服务诉求", 9),
    "ServiceCategory": KindStyle("#70ad47", "triangleDown", "service category", "服务类别", 12),
    "Activity": KindStyle("#9e7cc1", "dot", "activity", "活动", 9),
    "Rating": KindStyle("#d4a017", "dot", "rating", "评议", 9),
    "Funding": KindStyle("#b8860b", "diamond", "funding", "经费", 12),
    "Role": KindStyle("#7fa7d9", "dot", "role", "角色", 9),
    "summary": KindStyle("#cfe0f3", "box", "grid summary (open to explore)", "网格汇总", 24),
    "fold": KindStyle("#a9c8e8", "dot", "folded households", "折叠住户", 18),
    "other": KindStyle("#bfbfbf", "dot", "other", "其他", 10),
}
GAP_COLOR = "#ff0000"


# Properties the explorer itself puts on nodes (a grid's summary, a fold), by key: shown
# in the language of the page; the graph's own properties show under their own names.
PROP_NAMES: dict[str, str] = {
    "households": N_("households"),
    "lighthouses": N_("lighthouse households"),
    "buildings": N_("buildings"),
    "branches": N_("grid party branches"),
    "party_groups": N_("party groups"),
    "open_requests": N_("open requests"),
    "worst_gap": N_("worst gap"),
    "gap_nodes": N_("gap nodes"),
}


def kind_name(kind: str) -> str:
    """The name of a kind of node in the current language (legend, panel, tables).

    >>> from gridnet.explorer.i18n import use
    >>> with use("zh"):
    ...     kind_name("lighthouse")
    '明灯户'
    >>> with use("en"):
    ...     kind_name("lighthouse")
    'lighthouse household'
    """
    style = KIND_STYLES.get(kind, KIND_STYLES["other"])
    return style.zh if current() == "zh" else style.en


def link_name(rel_type: str) -> str:
    """A link's hover text: the relationship's Chinese name in zh, its type in English
    (the model's English names are descriptions, too long for a hover text); the link
    to a fold of households is the explorer's own.

    >>> from gridnet.explorer.i18n import use
    >>> with use("zh"):
    ...     link_name("SERVES"), link_name("FOLDED")
    ('服务', '折叠住户')
    >>> with use("en"):
    ...     link_name("SERVES")
    'SERVES'
    """
    if rel_type == "FOLDED":
        return kind_name("fold")
    return term("relationship", rel_type) if current() == "zh" else rel_type


def prop_name(key: str) -> str:
    """A property's name as the page shows it: `PROP_NAMES`, else the column name of
    the catalogs (``term("column", key)``), else the key itself."""
    return _(PROP_NAMES[key]) if key in PROP_NAMES else term("column", key)


def prop_value(key: str, value: Any) -> Any:
    """A property's value as the page shows it: gap codes and yes/no as words, the rest
    as is (it is data)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "worst_gap":
        return term("gap", value)
    if key == "gap_nodes" and isinstance(value, Mapping):
        return ", ".join(f"{term('gap', code)} {n}" for code, n in sorted(value.items()))
    return value


@dataclass
class GNode:
    """One node of the view; `key` is label:id so ids of different labels cannot clash."""

    key: str
    label: str
    id: str
    props: dict[str, Any]
    kind: str
    gaps: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        for prop in ("name", "title", "id"):
            value = self.props.get(prop)
            if value not in (None, ""):
                return display_text(value)
        return self.id


@dataclass(frozen=True)
class GEdge:
    source: str
    target: str
    type: str


@dataclass
class Subgraph:
    nodes: dict[str, GNode] = field(default_factory=dict)
    edges: list[GEdge] = field(default_factory=list)

    def add_node(self, label: str, props: Mapping[str, Any]) -> str:
        node_id = display_text(props.get("id", ""))
        key = f"{label}:{node_id}"
        if key not in self.nodes:
            self.nodes[key] = GNode(key, label, node_id, dict(props), kind_of(label, props))
        return key


def kind_of(label: str, props: Mapping[str, Any]) -> str:
    """The visual kind of a node: party-network kinds and lighthouses get their own look."""
    if label == "Organization":
        kind = props.get("kind")
        if kind in ("grid_party_branch", "building_party_group", "interest_party_group"):
            return str(kind)
        if kind in ("community_party_committee", "village_party_branch") or (
            props.get("type") == "party"
        ):
            return "party_committee"
        return "x_org"
    if label == "Household":
        return "lighthouse" if props.get("lighthouse") is True else "household"
    return label if label in KIND_STYLES else "other"


def subgraph_from_rows(rows: Iterable[Mapping[str, Any]]) -> Subgraph:
    """Build the view from rows ``{source: {label, props}, type, target: {label, props}}``.

    A row whose type or target is null contributes only its source node.
    """
    sg = Subgraph()
    seen: set[GEdge] = set()
    for row in rows:
        src = row.get("source")
        if not src:
            continue
        a = sg.add_node(src["label"], src["props"])
        dst = row.get("target")
        if dst and row.get("type"):
            b = sg.add_node(dst["label"], dst["props"])
            edge = GEdge(a, b, str(row["type"]))
            if edge not in seen:
                seen.add(edge)
                sg.edges.append(edge)
    return sg


def mark_gaps(sg: Subgraph, gap_rows: Iterable[Mapping[str, Any]]) -> int:
    """Attach gap codes ``{label, id, gap}`` to the nodes shown; returns how many matched."""
    matched = 0
    for row in gap_rows:
        node = sg.nodes.get(f"{row['label']}:{row['id']}")
        if node is not None and row["gap"] not in node.gaps:
            node.gaps.append(str(row["gap"]))
            matched += 1
    return matched


@dataclass
class Capped:
    """The subgraph after the cap, and what was left out (per kind: shown, total)."""

    graph: Subgraph
    total_nodes: int
    shown_nodes: int
    left_out: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def cut(self) -> bool:
        return self.shown_nodes < self.total_nodes

    def message(self) -> str:
        kinds = _("; ").join(
            _("{kind} {shown} of {total}").format(kind=kind_name(k), shown=shown, total=total)
            for k, (shown, total) in self.left_out.items()
        )
        return _(
            "Showing {shown} of {total} nodes (cap reached): the structure, gap nodes and "
            "nearest nodes come first."
        ).format(shown=self.shown_nodes, total=self.total_nodes) + (
            " " + _("Cut: {kinds}.").format(kinds=kinds) if kinds else ""
        )


_RANK = {kind: i for i, kind in enumerate(KIND_STYLES)}


def cap_nodes(sg: Subgraph, max_nodes: int, focus: Iterable[str] = ()) -> Capped:
    """Keep at most `max_nodes`: by kind (structure first), gap nodes first, then nearness."""
    total = len(sg.nodes)
    if total <= max_nodes:
        return Capped(sg, total, total)
    adjacency: dict[str, list[str]] = {k: [] for k in sg.nodes}
    for e in sg.edges:
        adjacency[e.source].append(e.target)
        adjacency[e.target].append(e.source)
    distance: dict[str, int] = {}
    queue: deque[str] = deque()
    for key in focus:
        if key in sg.nodes:
            distance[key] = 0
            queue.append(key)
    while queue:
        key = queue.popleft()
        for nxt in adjacency[key]:
            if nxt not in distance:
                distance[nxt] = distance[key] + 1
                queue.append(nxt)
    far = len(sg.nodes) + 1

    def rank(node: GNode) -> tuple[int, int, int, str]:
        return (
            _RANK.get(node.kind, len(_RANK)),
            0 if node.gaps else 1,
            distance.get(node.key, far),
            node.key,
        )

    keep = {n.key for n in sorted(sg.nodes.values(), key=rank)[: max(max_nodes, 0)]}
    out = Subgraph(
        {k: n for k, n in sg.nodes.items() if k in keep},
        [e for e in sg.edges if e.source in keep and e.target in keep],
    )
    totals = Counter(n.kind for n in sg.nodes.values())
    shown = Counter(n.kind for n in out.nodes.values())
    left_out = {k: (shown[k], totals[k]) for k in totals if shown[k] < totals[k]}
    return Capped(out, total, len(out.nodes), left_out)


HIDDEN_PROPS = ("boundary", "location")


def shown_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """The properties worth showing a planner: without shapes and keyed tokens.

    >>> shown_props({"name": "王**", "name_token": "9f…", "boundary": "POLYGON(…)"})
    {'name': '王**'}
    """
    return {k: v for k, v in props.items() if k not in HIDDEN_PROPS and not k.endswith("_token")}


def label_text(node: GNode, width: int = 14) -> str:
    """The node's name, cut to `width` characters for the canvas."""
    text = node.name
    return text if len(text) <= width else text[: width - 1] + "…"


def tooltip(node: GNode) -> str:
    """The plain-text hover text: kind, name, properties and gaps."""
    head = f"{kind_name(node.kind)}: {node.name}"
    props = {prop_name(k): prop_value(k, v) for k, v in shown_props(node.props).items()}
    if node.gaps:
        props[_("GAPS")] = ", ".join(term("gap", g) for g in node.gaps)
    return props_tooltip(head, props)


def _options(physics: bool, n_nodes: int) -> str:
    """vis-network options as JSON; fewer stabilisation rounds for big views."""
    iterations = 300 if n_nodes < 200 else 120
    return json.dumps(
        {
            "nodes": {"font": {"face": CJK_FONT, "size": 12}, "borderWidth": 1},
            "edges": {
                "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                "color": {"color": "#b0b0b0", "highlight": "#404040"},
                "smooth": False,
                "font": {"face": CJK_FONT, "size": 9},
            },
            "physics": {
                "enabled": physics,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -40, "springLength": 80},
                "stabilization": {"enabled": True, "iterations": iterations, "fit": True},
            },
            "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        }
    )


def offline_html(page: str) -> str:
    """Remove every off-machine resource and the HTML-title popup path from pyvis output.

    pyvis links Bootstrap from a CDN even with ``cdn_resources="in_line"``, and when
    a title contains "href" it switches to a popup that assigns titles via
    ``innerHTML``; both are removed so the page is offline and titles stay text.
    """
    page = _strip(page)
    page = re.sub(r"<!--[^<]*<link[^>]*node_modules.*?-->", "", page, flags=re.DOTALL)
    page = page.replace(
        "popup.innerHTML = nodeData[0].title", "popup.innerText = nodeData[0].title"
    )
    page = page.replace("<center>\n<h1></h1>\n</center>", "")
    page = page.replace("<center>\n          <h1></h1>\n        </center>", "")
    leftover = external_resources(page)
    if leftover:
        raise ValueError(f"network HTML still references external resources: {leftover[:3]}")
    return page


def render_html(sg: Subgraph, height_px: int = 650, physics: bool = True) -> str:
    """Offline pyvis HTML of the subgraph: colours and shapes by kind, gap nodes ringed red.

    pyvis is imported here, not with the module: the Network page (which needs only the
    subgraph model) should not pay for it.
    """
    from pyvis.network import Network

    net = Network(
        height=f"{height_px}px",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        bgcolor="#ffffff",
        font_color="#222222",
    )
    for node in sg.nodes.values():
        style = KIND_STYLES.get(node.kind, KIND_STYLES["other"])
        color: Any = style.color
        border = 1
        size = style.size
        if node.gaps:
            color = {
                "background": style.color,
                "border": GAP_COLOR,
                "highlight": {"background": style.color, "border": GAP_COLOR},
            }
            border = 4
            size = style.size + 6
        net.add_node(
            node.key,
            label=label_text(node),
            title=tooltip(node),
            color=color,
            shape=style.shape,
            size=size,
            borderWidth=border,
        )
    for edge in sg.edges:
        net.add_edge(edge.source, edge.target, title=link_name(edge.type))
    net.set_options(_options(physics, len(sg.nodes)))
    return offline_html(net.generate_html(notebook=False))


def legend_html(kinds: Iterable[str] | None = None, with_gaps: bool = True) -> str:
    """An escaped HTML legend of the kinds shown (all kinds when None)."""
    wanted = list(KIND_STYLES) if kinds is None else [k for k in KIND_STYLES if k in set(kinds)]
    items = []
    for kind in wanted:
        s = KIND_STYLES[kind]
        items.append(
            f'<span class="gn-legend-item" data-kind="{esc(kind)}" style="margin-right:12px;'
            f'white-space:nowrap"><span style="display:inline-block;width:11px;height:11px;'
            f'border-radius:2px;background:{esc(s.color)};margin-right:4px"></span>'
            f"{esc(kind_name(kind))}</span>"
        )
    if with_gaps:
        items.append(
            '<span class="gn-legend-item" data-kind="gap" style="white-space:nowrap">'
            f'<span style="display:inline-block;width:9px;height:9px;border:3px solid {GAP_COLOR};'
            'border-radius:50%;margin-right:4px"></span>'
            f"{esc(_('gap (red ring)'))}</span>"
        )
    return (
        '<div class="gn-legend" style="line-height:1.9;font-size:0.85rem">'
        + "".join(items)
        + "</div>"
    )


def table_rows(sg: Subgraph) -> list[dict[str, Any]]:
    """What the view shows, one row per node, for the table under the picture."""
    degree: Counter[str] = Counter()
    for e in sg.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    rows = []
    for node in sg.nodes.values():
        rows.append(
            {
                "kind": kind_name(node.kind),
                "id": node.id,
                "name": node.name,
                "gaps": ", ".join(node.gaps),
                "links": degree[node.key],
            }
        )
    rows.sort(key=lambda r: (r["gaps"] == "", r["kind"], r["id"]))
    return rows


def _is_node(value: Any) -> bool:
    return isinstance(value, Mapping) and "_labels" in value


def _is_rel(value: Any) -> bool:
    return isinstance(value, Mapping) and "_type" in value


def _node_key(node: Mapping[str, Any]) -> tuple[str, str]:
    labels = list(node.get("_labels") or ["?"])
    label = next((lb for lb in labels if lb in _LABEL_ORDER), labels[0])
    ident = node.get("id", node.get("_element_id", node.get("name", id(node))))
    return label, display_text(ident)


_LABEL_ORDER = (
    "Grid",
    "Area",
    "Building",
    "Household",
    "Person",
    "Organization",
    "Platform",
    "ServiceCategory",
    "ServiceRequest",
    "Funding",
    "Activity",
    "Rating",
    "Role",
)


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every node and relationship inside a result value (lists, paths, maps)."""
    if _is_node(value) or _is_rel(value):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _walk(item)


def _unknown_end(element_id: str) -> dict[str, Any]:
    """A stand-in for a relationship end the query did not return: only its element id."""
    return {
        "_labels": ["?"],
        "_element_id": element_id,
        "id": element_id,
        "name": "#" + element_id.rsplit(":", 1)[-1],
    }


def subgraph_from_result(rows: Sequence[Sequence[Any]]) -> Subgraph:
    """A graph from query results holding nodes and relationships, as `runner.plain` gives them.

    Nodes carry ``_labels`` and ``_element_id``, relationships ``_type``, ``_start`` and
    ``_end`` (element ids), and a path is ``[node, rel, node, ...]``, so every
    relationship is drawn between its real ends, in its direction: ``RETURN r`` alone
    draws its ends as unnamed nodes (``#<element id>``), a node returned anywhere in
    the result takes that place. Relationships without ends are not drawn.
    """
    sg = Subgraph()
    items = [item for row in rows for value in row for item in _walk(value)]
    key_of: dict[str, str] = {}

    def add(node: Mapping[str, Any]) -> str:
        label, ident = _node_key(node)
        props = {k: v for k, v in node.items() if not k.startswith("_")}
        props.setdefault("id", ident)
        key = sg.add_node(label, props)
        if node.get("_element_id"):
            key_of[str(node["_element_id"])] = key
        return key

    for item in items:
        if _is_node(item):
            add(item)
    seen: set[GEdge] = set()
    for item in items:
        if not _is_rel(item) or not item.get("_start") or not item.get("_end"):
            continue
        ends = []
        for end in (str(item["_start"]), str(item["_end"])):
            ends.append(key_of[end] if end in key_of else add(_unknown_end(end)))
        edge = GEdge(ends[0], ends[1], str(item["_type"]))
        if edge not in seen:
            seen.add(edge)
            sg.edges.append(edge)
    return sg
