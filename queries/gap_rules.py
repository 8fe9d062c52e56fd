"""The coverage gaps, declared once: code, labels, weight, threshold and where the rule is.

Why one declaration: the gap report, the per-gap catalog queries, the explorer's
red rings and detail tables, and the generator's planted truth all name the same
eleven gaps. Each is declared here once, with the Chinese and English label, its
weight in the report's score, the report column it fills and the node it rings
in the network view; its rule, the one Cypher fragment that finds it, is the
``find`` block of ``queries/fragments/gaps/<code>.cypher``. `compose` builds
every query from these two, so the report, the per-gap queries and the rings
cannot disagree.

This module reads no database and imports no driver: the generator
(``loaders/synthetic/gaps.py``) takes its codes and the default capacity from here.

>>> GAPS["household_unserved"].query
'gap_household_unserved'
>>> GAPS["household_unserved"].points(11)
2
>>> severity(0), severity(3), severity(4), severity(8)
('none', 'low', 'medium', 'high')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

from gridnet.queries import life_circle

__all__ = [
    "FRAGMENTS_DIR",
    "GAPS",
    "GAP_CODES",
    "MAX_SERVED",
    "SEVERITIES",
    "SHARED_PARAMS",
    "Gap",
    "score",
    "severity",
]

FRAGMENTS_DIR = Path(__file__).resolve().parent / "fragments"

# The default capacity of one lighthouse household: more served households than this
# is `lighthouse_overloaded`; the recommender and the load balance use it as capacity.
MAX_SERVED = 10

# Catalog parameters declared once and used by name (`// param: max_served`).
SHARED_PARAMS: dict[str, str] = {
    "max_served": f"max_served int = {MAX_SERVED}  -- capacity of one lighthouse household",
    **life_circle.SHARED,
}

# Severity of a grid by its score: the highest score of each level (None: no limit).
SEVERITIES: tuple[tuple[str, int | None], ...] = (
    ("none", 0),
    ("low", 3),
    ("medium", 7),
    ("high", None),
)


@dataclass(frozen=True)
class Gap:
    """One gap code and everything derived from it except its Cypher.

    ``weight`` points per ``per`` hits (rounded up) make its part of a grid's score.
    ``inputs`` are the variables its ``find`` fragment imports (``g`` a grid or ``c``
    a community, plus context: ``as_of``, ``people``, ``served_households``,
    ``has_serving_person``; see `compose`).
    ``report`` is the gap report's column for it and the aggregate over its hits
    (None: the code in ``gaps`` and the score are all the report shows). ``ring`` is
    the label and the name property of the node the network view rings red (None:
    not a node-level gap there); ``ring_each`` names a list column of the rule's rows
    whose ids are the ringed nodes instead of ``node`` (category_out_of_reach rings
    its households, not the category). ``key`` are the columns that identify a hit
    in the per-gap query's rows.
    """

    code: LiteralString
    zh: str
    en: str
    symptom: str
    unit: str
    key: tuple[str, ...]
    weight: int
    inputs: tuple[LiteralString, ...]
    per: int = 1
    report: tuple[LiteralString, LiteralString] | None = None
    ring: tuple[LiteralString, LiteralString] | None = None
    ring_each: LiteralString | None = None

    @property
    def query(self) -> str:
        """The per-gap catalog query's name."""
        return f"gap_{self.code}"

    @property
    def anchor(self) -> LiteralString:
        """The variable its rule starts from: ``g`` (grid) or ``c`` (community)."""
        return self.inputs[0]

    @property
    def fragment(self) -> Path:
        """The file holding its rule (``find``) and its per-gap rows (``rows``)."""
        return FRAGMENTS_DIR / "gaps" / f"{self.code}.cypher"

    def points(self, hits: int) -> int:
        """Its part of a grid's score for `hits` hits in that grid."""
        return self.weight * -(-hits // self.per)


_LAMP = "有灯见不到光 the lamp gives no light"
_FIRE = "有火暖不了身 the fire warms nobody"
_SHOP = "有店买不到货 the shop has nothing to buy"
_ROOTS = "有水浇不到根 water never reaches the roots"

GAPS: dict[str, Gap] = {
    g.code: g
    for g in (
        Gap(
            "grid_without_branch",
            "网格无党支部",
            "grid without party branch",
            _LAMP,
            "grid",
            ("grid_id",),
            weight=5,
            inputs=("g",),
            report=("has_branch", "count(*) = 0"),
            ring=("Grid", "name"),
        ),
        Gap(
            "building_without_group",
            "楼栋无党小组",
            "building without party group",
            _LAMP,
            "building",
            ("building_id",),
            weight=1,
            inputs=("g",),
            report=("buildings_without_group", "count(*)"),
            ring=("Building", "name"),
        ),
        Gap(
            "grid_without_lighthouse",
            "网格无明灯户",
            "grid without lighthouse household",
            _LAMP,
            "grid",
            ("grid_id",),
            weight=4,
            inputs=("g",),
            ring=("Grid", "name"),
        ),
        Gap(
            "household_unserved",
            "住户无人联系",
            "household nobody serves",
            _FIRE,
            "household",
            ("household_id",),
            weight=1,
            per=10,
            inputs=("g",),
            report=("unserved_households", "count(*)"),
            ring=("Household", "name"),
        ),
        Gap(
            "lighthouse_overloaded",
            "明灯户负担过重",
            "overloaded lighthouse household",
            _FIRE,
            "household",
            ("household_id",),
            weight=1,
            inputs=("g",),
            report=("overloaded_lighthouses", "count(*)"),
            ring=("Household", "name"),
        ),
        Gap(
            "request_overdue",
            "诉求超期未办",
            "request past its deadline",
            _FIRE,
            "request",
            ("request_id",),
            weight=1,
            per=5,
            inputs=("g", "as_of"),
            report=("overdue_requests", "count(*)"),
            ring=("ServiceRequest", "title"),
        ),
        Gap(
            "category_unmet",
            "诉求类别无人提供",
            "requested category nobody offers",
            _SHOP,
            "(grid, category)",
            ("grid_id", "category_id"),
            weight=2,
            inputs=("g",),
            report=("unmet_categories", "collect(node.id)"),
        ),
        Gap(
            "category_out_of_reach",
            "服务步行不可达",
            "category out of walking reach",
            _SHOP,
            "(grid, category)",
            ("grid_id", "category_id"),
            weight=1,
            inputs=("g",),
            report=("out_of_reach_categories", "collect(node.id)"),
            ring=("Household", "name"),
            ring_each="households",
        ),
        Gap(
            "funds_without_roots",
            "经费未落到网格",
            "funds without grid-level activity",
            _ROOTS,
            "grid",
            ("grid_id",),
            weight=4,
            inputs=("g", "as_of", "has_serving_person"),
            report=("funds_without_roots", "count(*) > 0"),
        ),
        Gap(
            "grid_single_point",
            "服务依赖一人",
            "last mile hangs on one person",
            "the last mile hangs on one person",
            "grid",
            ("grid_id",),
            weight=3,
            inputs=("g", "people", "served_households"),
            report=("single_point_person", "head(collect(person_id))"),
        ),
        Gap(
            "community_missing_org_types",
            "缺少X组织类型",
            "missing X organisation types",
            "organisation diversity",
            "community",
            ("community_id",),
            weight=1,
            inputs=("c",),
            report=("missing_org_types", "collect(missing_type)"),
        ),
    )
}
GAP_CODES: tuple[str, ...] = tuple(GAPS)


def severity(points: int) -> str:
    """The severity level of a grid's score (`SEVERITIES`)."""
    for level, highest in SEVERITIES:
        if highest is None or points <= highest:
            return level
    raise AssertionError("the last severity has no limit")


def score(hits: Mapping[str, int]) -> int:
    """A grid's score from its number of hits per gap code (codes not given: none).

    >>> score({"grid_without_branch": 1, "household_unserved": 11})
    7
    """
    return sum(gap.points(hits.get(code, 0)) for code, gap in GAPS.items())
