"""A whole community without distortion: grids as summary nodes, folds instead of cuts.

Why: the community view used to keep the first 400 nodes by kind, so whole grids
seemed to hold lighthouse households only. A picture that leaves things out must
say so in the picture itself. Two rules replace the cut:

- a community opens with each grid as **one summary node** (its households,
  lighthouse households, buildings, party groups, open requests and its worst
  gap); the planner opens the grids to explore, one or several;
- when what is drawn still exceeds the node cap, ordinary **households are
  folded** into one node per parent ("12 households" under their lighthouse
  household or building), largest folds first, until the picture fits. Every
  kind keeps at least one node on screen, gap nodes, the selection and pinned
  nodes are never folded, and a fold opens again with a double-click.

>>> worst_gap(["household_unserved", "grid_without_branch", "request_overdue"])
'grid_without_branch'
>>> fold_key("Household:H-1")
'Fold:Household:H-1'
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gridnet.explorer import netpayload
from gridnet.explorer import network_view as nv
from gridnet.explorer.i18n import _, ngettext
from gridnet.explorer.netpayload import summary_label
from gridnet.queries.gap_rules import GAPS

__all__ = [
    "FOLD",
    "FOLDABLE",
    "SUMMARY",
    "Folded",
    "community_graph",
    "fold_key",
    "fold_leaves",
    "summary_label",
    "summary_props",
    "worst_gap",
]

SUMMARY = "summary"  # the kind of a grid drawn as one node
FOLD = "fold"  # the kind of a node standing for folded households
FOLDABLE = ("household",)
# The counts of a summary node, as ``grid_summaries`` names them.
SUMMARY_COUNTS = (
    "households", "lighthouses", "buildings", "branches", "party_groups", "open_requests",
)  # fmt: skip

# Ties between equally heavy gaps go by the order of the gap codes' labels.
_GAP_ORDER = list(GAPS)


def worst_gap(codes: Iterable[str]) -> str | None:
    """The heaviest gap among `codes` (the weights of ``queries/gap_rules.py``);
    between equally heavy ones, the one behind more nodes (codes may repeat).

    >>> worst_gap(["request_overdue", "household_unserved", "household_unserved"])
    'household_unserved'
    """
    counted = Counter(codes)
    if not counted:
        return None

    def rank(code: str) -> tuple[int, int, int]:
        position = _GAP_ORDER.index(code) if code in _GAP_ORDER else len(_GAP_ORDER)
        return -(GAPS[code].weight if code in GAPS else 0), -counted[code], position

    return min(counted, key=rank)


def summary_props(row: Mapping[str, Any], gap_rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The properties of a grid's summary node: its counts and gaps, under the keys of
    ``network_view.PROP_NAMES`` (the page shows them in its language; gaps stay codes).

    `row` is a ``grid_summaries`` row; `gap_rows` are the grid's ``gap_nodes`` rows.
    """
    gaps = Counter(str(r["gap"]) for r in gap_rows)
    worst = worst_gap(gaps.elements())
    props: dict[str, Any] = {
        "id": row["grid_id"],
        "name": row.get("grid_name") or row["grid_id"],
        **{key: row.get(key, 0) for key in SUMMARY_COUNTS},
    }
    if worst:
        props["worst_gap"] = worst
        props["gap_nodes"] = dict(sorted(gaps.items()))
    return props


def community_graph(
    structure_rows: Iterable[Mapping[str, Any]],
    summaries: Iterable[Mapping[str, Any]],
    gap_rows: Iterable[Mapping[str, Any]],
    opened: Mapping[str, nv.Subgraph] | None = None,
) -> nv.Subgraph:
    """A community's picture: its own structure, each grid one summary node unless opened.

    `opened` maps grid ids to the grid's last-mile subgraph, drawn in full in place of
    the summary node (the grid node keeps its key, so links stay where they are).
    """
    opened = dict(opened or {})
    sg = nv.subgraph_from_rows(structure_rows)
    by_grid: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    gap_list = list(gap_rows)
    for r in gap_list:
        by_grid[str(r["grid"])].append(r)
    for row in summaries:
        gid = str(row["grid_id"])
        key = f"Grid:{gid}"
        if gid in opened:
            continue
        props = summary_props(row, by_grid.get(gid, []))
        node = sg.nodes.get(key)
        if node is None:
            sg.add_node("Grid", {"id": gid})
            node = sg.nodes[key]
        node.props = props
        node.kind = SUMMARY
        node.gaps = sorted({str(r["gap"]) for r in by_grid.get(gid, [])})
    seen = set(sg.edges)
    for grid in opened.values():
        for key, node in grid.nodes.items():
            if key not in sg.nodes or sg.nodes[key].kind == SUMMARY:
                sg.nodes[key] = nv.GNode(
                    node.key, node.label, node.id, dict(node.props), node.kind, list(node.gaps)
                )
        for e in grid.edges:
            if e not in seen:
                seen.add(e)
                sg.edges.append(e)
    return sg


def fold_key(parent: str) -> str:
    """The key of the node standing for the households folded under `parent`."""
    return f"Fold:{parent}"


@dataclass
class Folded:
    """The picture after folding, and what each fold holds."""

    graph: nv.Subgraph
    folds: dict[str, list[str]] = field(default_factory=dict)
    total_nodes: int = 0

    @property
    def folded_nodes(self) -> int:
        return sum(len(v) for v in self.folds.values())

    def message(self) -> str:
        """What the planner reads above the picture when something was folded."""
        if not self.folds:
            return ""
        return _(
            "{households} households are folded into {folds} nodes to stay under the node "
            "cap ({drawn} of {total} nodes drawn); every kind is still on screen. "
            "Double-click a fold to open it, or raise the cap."
        ).format(
            households=self.folded_nodes,
            folds=len(self.folds),
            drawn=len(self.graph.nodes),
            total=self.total_nodes,
        )


def fold_leaves(
    sg: nv.Subgraph,
    max_nodes: int,
    keep: Iterable[str] = (),
    unfolded: Iterable[str] = (),
) -> Folded:
    """Fold ordinary households under their chain parent until `sg` has at most
    `max_nodes` nodes (or nothing more can be folded).

    A household is folded only if it is a leaf of the chain tree (nothing hangs below
    it), carries no gap, is not in `keep` (selection, pins, focus) and its parent's
    fold is not in `unfolded`. Largest folds go first; each kind keeps one node.
    """
    total = len(sg.nodes)
    if total <= max_nodes:
        return Folded(sg, {}, total)
    parents = netpayload.chain_parents(sg)
    has_children = {p for p in parents.values() if p is not None}
    kept, opened = set(keep), set(unfolded)
    groups: dict[str, list[str]] = defaultdict(list)
    for key, node in sg.nodes.items():
        parent = parents.get(key)
        if (
            node.kind in FOLDABLE
            and parent is not None
            and key not in has_children
            and not node.gaps
            and key not in kept
            and fold_key(parent) not in opened
        ):
            groups[parent].append(key)
    remaining = Counter(n.kind for n in sg.nodes.values())
    folds: dict[str, list[str]] = {}
    size = total
    for parent, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if size <= max_nodes:
            break
        members = sorted(members)
        kind = sg.nodes[members[0]].kind
        if remaining[kind] - len(members) < 1:
            members = members[1:]  # leave one of the kind on screen
        if len(members) < 2:
            continue
        folds[fold_key(parent)] = members
        remaining[kind] -= len(members)
        size -= len(members) - 1
    if not folds:
        return Folded(sg, {}, total)
    drop = {k for members in folds.values() for k in members}
    out = nv.Subgraph({k: n for k, n in sg.nodes.items() if k not in drop}, [])
    seen: set[nv.GEdge] = set()
    for e in sg.edges:
        if e.source in drop or e.target in drop:
            continue
        seen.add(e)
        out.edges.append(e)
    for key, members in folds.items():
        parent = key[len("Fold:") :]
        out.nodes[key] = nv.GNode(
            key,
            "Fold",
            parent,
            {
                "id": parent,
                "name": ngettext("{n} household", "{n} households", len(members)).format(
                    n=len(members)
                ),
                "households": len(members),
            },
            FOLD,
        )
        edge = nv.GEdge(parent, key, "FOLDED")
        if edge not in seen:
            out.edges.append(edge)
    return Folded(out, folds, total)
