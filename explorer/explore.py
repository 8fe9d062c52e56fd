"""Exploring the network as a planner does in Bloom: select, expand, collapse, hide, pin, slice.

Why a module without Streamlit: what the picture shows after a series of clicks is
state (what was expanded, hidden, pinned, selected) applied to the base view. Kept
as plain data and pure functions, every rule is unit-tested without a browser,
and the page only stores an `Exploration` in the session and draws.

The rules:

- **select** a node: the side panel shows it; the browser highlights its
  neighbourhood;
- **expand** a node (double-click, or by relationship type from the panel): its
  neighbours are added to the picture; expanding shows again what was hidden
  among them;
- **collapse** a node: its expansion is taken back and the part of the chain that
  hangs below it (its households, members, requests) is hidden;
- **hide** a node; **show hidden** brings every hidden node back;
- **pin** a node: it keeps its place when the layout runs again;
- in a community's view, **open** a grid (double-click its summary node) to draw it
  in full, and collapse it to fold it back; a fold of households opens the same way;
- **kinds** switched off in the legend are not drawn (they stay in the data);
- the **slicer** hides, per kind, what does not meet its condition: ordinary
  households that are not vulnerable, lighthouse households serving fewer than
  *n*, requests younger than *d* days, rated people, organisations and platforms
  whose mean rating is above *s* (or who were never rated).

>>> from gridnet.explorer.network_view import subgraph_from_rows
>>> n = lambda label, **p: {"label": label, "props": p}
>>> base = subgraph_from_rows([{"source": n("Household", id="H1", lighthouse=True),
...                             "type": "SERVES", "target": n("Household", id="H2")}])
>>> state = Exploration(scope="G1|2")
>>> state.handle({"id": "a:1", "event": "select", "node": "Household:H1"})
True
>>> state.handle({"id": "a:1", "event": "select", "node": "Household:H1"})  # seen already
False
>>> state.collapse("Household:H1", base)
['Household:H2']
>>> sorted(compose(base, {}, state).nodes)
['Household:H1']
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gridnet.explorer import netpayload
from gridnet.explorer import network_view as nv

__all__ = [
    "RATED_KINDS",
    "Exploration",
    "Slicer",
    "compose",
    "descendants",
    "neighbourhood",
    "slice_out",
    "path_keys",
    "split_key",
    "without",
]

# Kinds the rating slicer applies to: those residents rate and a planner can act on.
RATED_KINDS = (
    "Person",
    "Platform",
    "x_org",
    "grid_party_branch",
    "building_party_group",
    "interest_party_group",
    "party_committee",
)


def split_key(key: str) -> tuple[str, str]:
    """A node key ``Label:id`` as (label, id).

    >>> split_key("Household:H-0000001")
    ('Household', 'H-0000001')
    """
    label, _sep, ident = key.partition(":")
    return label, ident


@dataclass
class Exploration:
    """What the planner did to the picture of one scope (grids and depth)."""

    scope: str
    expanded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    hidden_kinds: set[str] = field(default_factory=set)
    pinned: set[str] = field(default_factory=set)
    selected: str | None = None
    focus: dict[str, Any] | None = None
    handled: str | None = None
    seq: int = 0
    pending_expand: str | None = None
    opened: list[str] = field(default_factory=list)
    unfolded: set[str] = field(default_factory=set)
    path: tuple[str, str] | None = None  # (household key, category id) of the path shown

    def handle(self, event: Mapping[str, Any] | None) -> bool:
        """Apply one event from the browser, once; True when it changed something.

        Expansions need the neighbours from the database, so an ``expand`` event only
        selects the node here and records the request in `pending_expand`.
        """
        if not event or not event.get("id") or event["id"] == self.handled:
            return False
        self.handled = str(event["id"])
        kind = event.get("event")
        if kind == "select":
            node = event.get("node")
            self.selected = str(node) if node else None
            return True
        if kind == "expand" and event.get("node"):
            self.selected = str(event["node"])
            self.pending_expand = self.selected
            return True
        if kind == "kinds":
            self.hidden_kinds = {str(k) for k in event.get("hidden") or []}
            return True
        return False

    def expand(self, key: str, types: Iterable[str], revealed: Iterable[str] = ()) -> None:
        """Add `key`'s neighbours (by `types`; none given = all) and show them if hidden."""
        wanted = tuple(sorted(set(types)))
        before = self.expanded.get(key)
        if before is not None and before and wanted:
            wanted = tuple(sorted(set(before) | set(wanted)))
        elif before is not None and not before:
            wanted = ()
        self.expanded[key] = wanted
        self.hidden -= set(revealed)
        self.hidden.discard(key)
        self.selected = key

    def collapse(self, key: str, view: nv.Subgraph) -> list[str]:
        """Take back `key`'s expansion and hide the chain below it; returns what was hidden."""
        self.expanded.pop(key, None)
        below = descendants(view, key) - self.pinned - {key}
        self.hidden |= below
        return sorted(below)

    def hide(self, key: str) -> None:
        """Hide one node (the selection moves off it)."""
        self.hidden.add(key)
        self.pinned.discard(key)
        if self.selected == key:
            self.selected = None

    def show_hidden(self) -> None:
        """Bring every hidden node back."""
        self.hidden.clear()

    def toggle_pin(self, key: str) -> None:
        """Pin `key`, or unpin it when it is pinned."""
        if key in self.pinned:
            self.pinned.discard(key)
        else:
            self.pinned.add(key)

    def open_grid(self, grid: str) -> None:
        """Draw a grid of the community view in full instead of its summary node."""
        if grid not in self.opened:
            self.opened.append(grid)
        self.selected = f"Grid:{grid}"

    def close_grid(self, grid: str) -> None:
        """Fold an opened grid back into its summary node."""
        if grid in self.opened:
            self.opened.remove(grid)

    def unfold(self, key: str) -> None:
        """Open a fold of households again (it is not folded while the scope lasts)."""
        self.unfolded.add(key)
        if self.selected == key:
            self.selected = None

    def focus_on(self, key: str, path: Iterable[str] = ()) -> None:
        """Select `key` and ask the browser to centre on it (once per request); with
        `path`, to light up and frame those nodes instead."""
        self.seq += 1
        self.selected = key
        self.hidden.discard(key)
        self.focus = {"key": key, "seq": self.seq}
        if path:
            self.focus["path"] = list(path)

    def show_path(self, household: str, category: str) -> None:
        """Draw the serving chain from `household` to a platform offering `category`."""
        self.path = (household, category)
        self.selected = household

    def clear_path(self) -> None:
        """Stop showing the path (and stop lighting it)."""
        self.path = None
        if self.focus and "path" in self.focus:
            self.focus = None


def compose(
    base: nv.Subgraph,
    expansions: Mapping[str, nv.Subgraph],
    state: Exploration,
    extra: Iterable[nv.Subgraph] = (),
) -> nv.Subgraph:
    """The picture: the base view plus every expansion (and `extra`, e.g. a path),
    without the hidden nodes.

    Gap marks of the base are kept; a node brought in by an expansion keeps the
    marks it has there.
    """
    out = nv.Subgraph()
    seen: set[nv.GEdge] = set()
    parts = [base, *(expansions[k] for k in state.expanded if k in expansions), *extra]
    for sg in parts:
        for key, node in sg.nodes.items():
            if key in state.hidden:
                continue
            if key not in out.nodes:
                out.nodes[key] = nv.GNode(
                    node.key, node.label, node.id, dict(node.props), node.kind, list(node.gaps)
                )
            else:
                for gap in node.gaps:
                    if gap not in out.nodes[key].gaps:
                        out.nodes[key].gaps.append(gap)
        for e in sg.edges:
            if e in seen or e.source in state.hidden or e.target in state.hidden:
                continue
            seen.add(e)
            out.edges.append(e)
    return out


def without(sg: nv.Subgraph, keys: Iterable[str]) -> nv.Subgraph:
    """`sg` without the nodes `keys` and their links (the same node objects)."""
    drop = set(keys)
    if not drop:
        return sg
    return nv.Subgraph(
        {k: n for k, n in sg.nodes.items() if k not in drop},
        [e for e in sg.edges if e.source not in drop and e.target not in drop],
    )


def path_keys(path: nv.Subgraph, start: str) -> list[str]:
    """The nodes of a path subgraph in order from `start` (links followed either way).

    >>> from gridnet.explorer.network_view import subgraph_from_rows
    >>> n = lambda label, i: {"label": label, "props": {"id": i}}
    >>> sg = subgraph_from_rows([
    ...     {"source": n("Household", "L"), "type": "SERVES", "target": n("Household", "H")},
    ...     {"source": n("Household", "L"), "type": "IN_GRID", "target": n("Grid", "G")}])
    >>> path_keys(sg, "Household:H")
    ['Household:H', 'Household:L', 'Grid:G']
    """
    order = [start] if start in path.nodes else []
    seen = set(order)
    while order:
        last = order[-1]
        nxt = next(
            (
                e.target if e.source == last else e.source
                for e in path.edges
                if last in (e.source, e.target)
                and (e.target if e.source == last else e.source) not in seen
            ),
            None,
        )
        if nxt is None:
            break
        order.append(nxt)
        seen.add(nxt)
    return order + sorted(k for k in path.nodes if k not in seen)


def descendants(sg: nv.Subgraph, key: str) -> set[str]:
    """The nodes below `key` on the chain tree of `sg` (``netpayload.chain_parents``)."""
    parents = netpayload.chain_parents(sg)
    kids: dict[str, list[str]] = defaultdict(list)
    for child, parent in parents.items():
        if parent is not None:
            kids[parent].append(child)
    out: set[str] = set()
    stack = list(kids.get(key, []))
    while stack:
        k = stack.pop()
        if k not in out:
            out.add(k)
            stack.extend(kids.get(k, []))
    return out


def neighbourhood(sg: nv.Subgraph, key: str) -> set[str]:
    """`key` and the nodes linked to it."""
    out = {key} if key in sg.nodes else set()
    for e in sg.edges:
        if e.source == key:
            out.add(e.target)
        elif e.target == key:
            out.add(e.source)
    return out


@dataclass(frozen=True)
class Slicer:
    """The slicer's conditions; 0 / False / None switch a condition off."""

    vulnerable_only: bool = False
    min_load: int = 0
    min_age_days: int = 0
    max_rating: float | None = None

    @property
    def active(self) -> bool:
        return bool(self.vulnerable_only or self.min_load or self.min_age_days or self.max_rating)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    to_native = getattr(value, "to_native", None)  # neo4j.time types
    if callable(to_native):
        return _day(to_native())
    return None


def slice_out(
    sg: nv.Subgraph,
    slicer: Slicer,
    facts: Mapping[str, Mapping[str, Any]],
    as_of: dt.date,
    keep: Iterable[str] = (),
) -> tuple[set[str], dict[str, int]]:
    """The nodes the slicer hides, and how many of each kind; `keep` is never hidden.

    `facts` maps node keys to ``{"load": int, "rating": float | None}`` (the
    ``node_facts`` query); a request's age is counted from ``opened_at`` to `as_of`.
    """
    if not slicer.active:
        return set(), {}
    kept = set(keep)
    out: set[str] = set()
    for key, node in sg.nodes.items():
        if key in kept:
            continue
        fact = facts.get(key, {})
        if node.kind == "household" and slicer.vulnerable_only:
            if node.props.get("vulnerable") is not True:
                out.add(key)
        elif node.kind == "lighthouse" and slicer.min_load:
            if int(fact.get("load") or 0) < slicer.min_load:
                out.add(key)
        elif node.kind == "ServiceRequest" and slicer.min_age_days:
            opened = _day(node.props.get("opened_at"))
            if opened is None or (as_of - opened).days < slicer.min_age_days:
                out.add(key)
        elif node.kind in RATED_KINDS and slicer.max_rating is not None:
            rating = fact.get("rating")
            if rating is None or float(rating) > slicer.max_rating:
                out.add(key)
    counted = Counter(sg.nodes[k].kind for k in out)
    return out, netpayload.counts_by_kind(counted.elements())
