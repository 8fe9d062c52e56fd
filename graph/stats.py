"""What is in the graph: node and relationship counts and the article's reference figures.

`gridnet stats` prints this after a load, so a planner can see at a glance that
the load arrived and how a dataset compares with the article's Xiaogan figures
(178 grid party branches, 425 building party groups, 5,329 lighthouse households).
The keys of `graph_stats()` are stable: scripts and tests depend on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, LiteralString

from gridnet import cypher
from gridnet.db import Database
from gridnet.graph.model import LABELS, RELATIONSHIPS

__all__ = ["REFERENCE_FIGURES", "STATS_FILE", "count_queries", "format_table", "graph_stats"]

STATS_FILE = Path(__file__).with_name("stats.cypher")

# Stable key -> (what is counted, the article's figure).
REFERENCE_FIGURES: dict[str, tuple[str, int]] = {
    "grid_party_branches": ("Organization {kind: 'grid_party_branch'} (网格党支部)", 178),
    "building_party_groups": ("Organization {kind: 'building_party_group'} (楼栋党小组)", 425),
    "lighthouse_households": ("Household {lighthouse: true} (明灯户)", 5329),
}


def _count(match: LiteralString, key: LiteralString, name: LiteralString) -> LiteralString:
    # WITH count(..) first: a literal grouping key would return no row for 0.
    return "MATCH " + match + " WITH count(x) AS count RETURN '" + name + "' AS " + key + ", count"


def count_queries() -> dict[str, LiteralString]:
    """One count per label and per relationship type of graph/model.py, from the count store.

    A label or type can't be a parameter, and ``MATCH (x:Label)`` with nothing else
    is answered from Neo4j's count store in constant time, so the query is composed
    from the model's own vocabulary (never from input): a label added to the model
    is counted without another edit.

    >>> count_queries()["nodes"].splitlines()[0]
    "MATCH (x:Area) WITH count(x) AS count RETURN 'Area' AS label, count"
    """
    labels: list[LiteralString] = list(LABELS)
    types: list[LiteralString] = list(RELATIONSHIPS)
    return {
        "nodes": "\nUNION ALL\n".join(_count("(x:" + n + ")", "label", n) for n in labels),
        "relationships": "\nUNION ALL\n".join(
            _count("()-[x:" + t + "]->()", "type", t) for t in types
        ),
    }


def graph_stats(db: Database) -> dict[str, Any]:
    """Counts by label and type, and the reference figures next to the article's.

    Returns {"nodes": {label: n}, "relationships": {type: n},
    "reference": {key: {"count": n, "article": m, "counts": what}}, "total_nodes",
    "total_relationships"}.
    """
    counts = count_queries()
    nodes = {r["label"]: r["count"] for r in db.read(counts["nodes"])}
    rels = {r["type"]: r["count"] for r in db.read(counts["relationships"])}
    ref = db.read(
        cypher.load_file(STATS_FILE)["reference"].text,
        {"grid_branch_kind": "grid_party_branch", "building_group_kind": "building_party_group"},
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
