"""The one place Cypher is put together: every gap query from its rule and declaration.

Why composed and not copied: a gap's rule used to be written in its catalog query,
again in the gap report and again in the explorer's rings, so the three could
disagree. Now the rule is the ``find`` block of ``fragments/gaps/<code>.cypher``
and its labels, weight and report column are in `gap_rules`; this module builds
from them, by plain concatenation of the project's own text (as
neo4j-graphrag-python builds its queries), the per-gap catalog queries
(`gap_query`), the gap report (`gap_report`) and the network view's rings
(`gap_nodes`). User values never enter the text: they reach Cypher as parameters.

A rule imports the variables its declaration lists (`Gap.inputs`): its grid ``g``
or community ``c``, and context computed once per grid from the blocks of
``fragments/context.cypher`` (``as_of``; ``people``, ``served_households`` and
``has_serving_person`` from the serving rows). It returns one row per hit,
``node`` being the node behind the hit.

>>> query = gap_query("request_overdue")
>>> query.splitlines()[:2]
['UNWIND $grids AS grid_id', 'MATCH (g:Grid {id: grid_id})']
>>> "CALL (g, as_of) {" in query
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import LiteralString

from gridnet import cypher
from gridnet.queries.gap_rules import FRAGMENTS_DIR, GAPS, SEVERITIES, Gap

__all__ = [
    "START",
    "Composed",
    "catalog_queries",
    "gap_nodes",
    "gap_query",
    "gap_report",
    "projection_queries",
    "recommend_candidates",
]

# How a scoped query starts from its ids (catalog.prepare fills $grids / $communities).
START: dict[str, LiteralString] = {
    "grids": "UNWIND $grids AS grid_id\nMATCH (g:Grid {id: grid_id})",
    "communities": "UNWIND $communities AS community_id\nMATCH (c:Area {id: community_id})",
}
_ANCHOR = {"grids": "g", "communities": "c"}
_REPORT = FRAGMENTS_DIR / "gap_report.cypher"
_PROJECTION = FRAGMENTS_DIR / "projection.cypher"
_RECOMMEND = FRAGMENTS_DIR / "recommend_candidates.cypher"


@dataclass(frozen=True)
class Composed:
    """A composed catalog query: its name, its catalog header, its text and its source."""

    name: str
    header: dict[str, list[str]]
    text: LiteralString
    source: Path


def _block(path: Path, name: str) -> cypher.Query:
    blocks = cypher.load_file(path)
    if name not in blocks:
        raise cypher.CypherFileError(f"{path.name}: no block {name!r}")
    return blocks[name]


def _indent(text: LiteralString, spaces: int = 2) -> LiteralString:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else line for line in text.splitlines())


def _context_blocks() -> list[tuple[tuple[str, ...], LiteralString]]:
    """The context clauses, in order, with the variables each adds.

    ``serving`` rows are written once and used twice: counted and collected
    (``people``, ``served_households``) where a rule needs who serves, and as an
    existence test (``has_serving_person``) where a rule only needs whether anyone
    does, which stops at the first serving person instead of collecting them all.
    """
    blocks = cypher.load_file(FRAGMENTS_DIR / "context.cypher")
    serving = blocks["serving"].text
    return [
        (("as_of",), blocks["as_of"].text),
        (
            ("people", "served_households"),
            f"CALL (g) {{\n  CALL (g) {{\n{_indent(serving, 4)}\n  }}\n"
            "  RETURN count(DISTINCT h) AS served_households, collect(DISTINCT p.id) AS people\n}",
        ),
        (
            ("has_serving_person",),
            f"WITH *, EXISTS {{\n{_indent(serving)}\n}} AS has_serving_person",
        ),
    ]


def _contexts(needed: Iterable[str]) -> list[LiteralString]:
    """The context clauses that compute the `needed` variables, in order."""
    wanted = set(needed) - set(_ANCHOR.values())
    found: list[LiteralString] = []
    provided: set[str] = set()
    for out, clause in _context_blocks():
        provided |= set(out)
        if wanted & set(out):
            found.append(clause)
    if wanted - provided:
        raise cypher.CypherFileError(
            f"context.cypher: nothing computes {', '.join(sorted(wanted - provided))}"
        )
    return found


def _imports(gap: Gap) -> LiteralString:
    return ", ".join(gap.inputs)


def _rule(gap: Gap) -> LiteralString:
    """``CALL (inputs) { <find> }``: the gap's rule, rows of its hits."""
    find = _block(gap.fragment, "find")
    return f"CALL ({_imports(gap)}) {{\n{_indent(find.text)}\n}}"


def _rows(gap: Gap) -> cypher.Query:
    return _block(gap.fragment, "rows")


@cache
def gap_query(code: str) -> LiteralString:
    """The per-gap catalog query ``gap_<code>``: the rule's hits as rows."""
    gap = GAPS[code]
    rows = _rows(gap)
    scope = rows.one("scope") or ""
    if _ANCHOR.get(scope) != gap.anchor:
        raise cypher.CypherFileError(
            f"{gap.fragment.name}: a rule starting from {gap.anchor!r} needs "
            f"`// scope: {'grids' if gap.anchor == 'g' else 'communities'}`"
        )
    parts = [START[scope], *_contexts(gap.inputs), _rule(gap), rows.text]
    return "\n".join(parts)


def _score() -> LiteralString:
    """The score: every gap's weight per hits (rounded up), summed (`Gap.points`)."""
    terms = []
    for gap in GAPS.values():
        hits = f"{gap.code}_hits"
        per = hits if gap.per == 1 else f"(({hits} + {gap.per - 1}) / {gap.per})"
        terms.append(f"{gap.weight} * {per}")
    return "\n       + ".join(terms)


def _severity() -> LiteralString:
    """The severity of `score` by `gap_rules.SEVERITIES`."""
    cases = [
        f"WHEN score <= {highest} THEN '{level}'"
        for level, highest in SEVERITIES
        if highest is not None
    ]
    last = SEVERITIES[-1][0]
    return "CASE " + " ".join(cases) + f" ELSE '{last}' END"


@cache
def gap_report() -> LiteralString:
    """The gap report: one row per grid with every rule's hits, the score and severity."""
    parts: list[LiteralString] = [START["grids"], _block(_REPORT, "context").text]
    parts += _contexts(name for gap in GAPS.values() for name in gap.inputs)
    for gap in GAPS.values():
        columns = [f"count(*) AS {gap.code}_hits"]
        if gap.report is not None:
            column, aggregate = gap.report
            columns.append(f"{aggregate} AS {column}")
        parts.append(
            f"CALL ({_imports(gap)}) {{\n{_indent(_rule(gap))}\n  RETURN {', '.join(columns)}\n}}"
        )
    flags = ",\n        ".join(
        f"CASE WHEN {gap.code}_hits > 0 THEN '{gap.code}' END" for gap in GAPS.values()
    )
    parts.append(
        f"WITH *,\n       {_score()} AS score,\n"
        f"     [code IN [\n        {flags}\n      ] WHERE code IS NOT NULL] AS gaps"
    )
    parts.append(f"WITH *, {_severity()} AS severity")
    parts.append(_block(_REPORT, "rows").text)
    return "\n".join(parts)


@cache
def gap_nodes() -> LiteralString:
    """The nodes behind the node-level gaps (`Gap.ring`) of $grids, for the red rings.

    Columns: grid, label, id, gap, name; parameters $grids, $as_of, $max_served.
    """
    ringed = [gap for gap in GAPS.values() if gap.ring is not None]
    inputs: list[LiteralString] = []
    for gap in ringed:
        inputs += [name for name in gap.inputs if name not in inputs]
    branches = []
    for gap in ringed:
        assert gap.ring is not None
        label, name = gap.ring
        if gap.ring_each is None:
            branches.append(
                f"{_indent(_rule(gap))}\n  RETURN '{label}' AS label, node.id AS id, "
                f"'{gap.code}' AS gap, node.{name} AS name"
            )
            continue
        branches.append(
            f"{_indent(_rule(gap))}\n  UNWIND {gap.ring_each} AS ring_id\n"
            f"  MATCH (ringed:{label} {{id: ring_id}})\n"
            f"  RETURN DISTINCT '{label}' AS label, ringed.id AS id, '{gap.code}' AS gap, "
            f"ringed.{name} AS name"
        )
    union = "\n  UNION\n".join(branches)
    parts = [
        START["grids"],
        *_contexts(inputs),
        f"CALL ({', '.join(inputs)}) {{\n{union}\n}}",
        "RETURN g.id AS grid, label, id, gap, name\nORDER BY grid, gap, id",
    ]
    return "\n".join(parts)


def catalog_queries() -> list[Composed]:
    """Every composed catalog query: ``gap_<code>`` for each gap, ``gap_report``,
    ``recommend_candidates`` and the four ``projection_<scope>`` queries."""
    found = [
        Composed(gap.query, _rows(gap).header, gap_query(gap.code), gap.fragment)
        for gap in GAPS.values()
    ]
    found.append(Composed("gap_report", _block(_REPORT, "rows").header, gap_report(), _REPORT))
    rows = _block(_RECOMMEND, "rows")
    found.append(Composed("recommend_candidates", rows.header, recommend_candidates(), _RECOMMEND))
    found += projection_queries()
    return found


@cache
def recommend_candidates() -> LiteralString:
    """The recommender's candidates, each household's ``unserved`` being the
    ``household_unserved`` rule's verdict (collected once per grid), not a copy of it."""
    gap = GAPS["household_unserved"]
    collect = (
        f"CALL ({_imports(gap)}) {{\n{_indent(_rule(gap))}\n"
        "  RETURN collect(node) AS unserved_households\n}"
    )
    return "\n".join([START["grids"], collect, _block(_RECOMMEND, "rows").text])


def projection_queries() -> list[Composed]:
    """``projection_city|district|community|grid``: where the grids come from, then the
    one ``subgraph`` every scope exports (``fragments/projection.cypher``)."""
    blocks = cypher.load_file(_PROJECTION)
    subgraph = blocks["subgraph"].text
    return [
        Composed(
            name, start.header, start.text + "\nWITH collect(g) AS grids\n" + subgraph, _PROJECTION
        )
        for name, start in blocks.items()
        if name != "subgraph"
    ]
