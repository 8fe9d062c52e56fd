"""What is in the graph: node and relationship counts and the article's reference figures.

`gridnet stats` prints this after a load, so a planner can see at a glance that
the load arrived and how a dataset compares with the article's Xiaogan figures
(178 grid party branches, 425 building party groups, 5,329 lighthouse households).
The keys of `graph_stats()` are stable: scripts and tests depend on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gridnet import db
from gridnet.settings import Settings

STATS_FILE = Path(__file__).with_name("stats.cypher")

# Stable key -> (what is counted, the article's figure).
REFERENCE_FIGURES: dict[str, tuple[str, int]] = {
    "grid_party_branches": ("Organization {kind: 'grid_party_branch'} (网格党支部)", 178),
    "building_party_groups": ("Organization {kind: 'building_party_group'} (楼栋党小组)", 425),
    "lighthouse_households": ("Household {lighthouse: true} (明灯户)", 5329),
}


def statements() -> dict[str, str]:
    """Statements of stats.cypher by their `// name:` line."""
    return db.load_named_cypher(STATS_FILE)


def graph_stats(settings: Settings | None = None) -> dict[str, Any]:
    """Counts by label and type, and the reference figures next to the article's.

    Returns {"nodes": {label: n}, "relationships": {type: n},
    "reference": {key: {"count": n, "article": m, "counts": what}}, "total_nodes",
    "total_relationships"}.
    """
    queries = statements()
    nodes = {r["label"]: r["count"] for r in db.read(queries["nodes"], settings=settings)}
    rels = {r["type"]: r["count"] for r in db.read(queries["relationships"], settings=settings)}
    ref = db.read(
        queries["reference"],
        {"grid_branch_kind": "grid_party_branch", "building_group_kind": "building_party_group"},
        settings=settings,
    )[0]
    return {
        "nodes": nodes,
        "relationships": rels,
        "total_nodes": sum(nodes.values()),
        "total_relationships": sum(rels.values()),
        "reference": {
            key: {"count": ref[key], "article": article, "counts": what}
            for key, (what, article) in REFERENCE_FIGURES.items()
        },
    }


def format_table(stats: dict[str, Any]) -> str:
    """Plain-text rendering for the terminal."""
    lines = ["nodes"]
    width = max(len(k) for k in (*stats["nodes"], *stats["relationships"], "total"))
    for label, count in stats["nodes"].items():
        lines.append(f"  {label:<{width}}  {count:>10,}")
    lines.append(f"  {'total':<{width}}  {stats['total_nodes']:>10,}")
    lines.append("relationships")
    for rel, count in stats["relationships"].items():
        lines.append(f"  {rel:<{width}}  {count:>10,}")
    lines.append(f"  {'total':<{width}}  {stats['total_relationships']:>10,}")
    lines.append("reference figures (graph / article)")
    for key, fig in stats["reference"].items():
        mark = "=" if fig["count"] == fig["article"] else "≠"
        lines.append(f"  {key:<22}  {fig['count']:>7,} {mark} {fig['article']:>6,}")
    return "\n".join(lines)
