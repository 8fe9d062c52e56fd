"""Each gap declared once, its rule written once, and every gap query built from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gridnet import cypher
from gridnet.loaders.synthetic import gaps as planted
from gridnet.queries import catalog, compose, gap_rules
from gridnet.queries.gap_rules import GAPS, MAX_SERVED

pytestmark = pytest.mark.unit

QUERIES = Path(gap_rules.__file__).resolve().parent


def _flat(text: str) -> str:
    """Text without indentation: a fragment is indented where it is composed in."""
    return "\n".join(line.strip() for line in text.splitlines())


@pytest.mark.parametrize("code", list(GAPS))
def test_every_gap_has_one_rule_and_its_rows(code: str) -> None:
    blocks = cypher.load_file(GAPS[code].fragment)
    assert list(blocks) == ["find", "rows"]
    find = _flat(blocks["find"].text)
    assert re.search(r"\bRETURN\b.*\bnode\b", find), "a rule returns its hits as `node`"
    # the rule is used once in each query built from it, never copied into another file
    assert _flat(compose.gap_query(code)).count(find) == 1
    assert _flat(compose.gap_report()).count(find) == 1
    assert _flat(compose.gap_nodes()).count(find) == (1 if GAPS[code].ring else 0)
    for path in [*QUERIES.rglob("*.cypher"), *(QUERIES.parent / "explorer").rglob("*.cypher")]:
        if path != GAPS[code].fragment:
            assert find not in _flat(path.read_text(encoding="utf-8")), path


def test_composed_queries_are_catalog_queries_with_checked_headers() -> None:
    specs = catalog.load_catalog()
    for gap in GAPS.values():
        spec = specs[gap.query]
        assert spec.path == gap.fragment and spec.text == compose.gap_query(gap.code)
        assert spec.param_names[:3] == ["district", "community", "grid"]
    report = specs["gap_report"]
    assert report.param("max_served").default == MAX_SERVED
    columns = {gap.report[0] for gap in GAPS.values() if gap.report}
    assert columns <= set(report.returns)
    assert not (QUERIES / "catalog" / "gap_report.cypher").exists()


def test_score_and_severity_come_from_the_declarations() -> None:
    text = compose.gap_report()
    for gap in GAPS.values():
        assert f"{gap.weight} * " in text and f"'{gap.code}'" in text
    assert gap_rules.score({"household_unserved": 10}) == 1
    assert gap_rules.score({"household_unserved": 11, "request_overdue": 5}) == 3
    assert gap_rules.score({code: 1 for code in GAPS}) == sum(g.weight for g in GAPS.values())
    assert [gap_rules.severity(n) for n in (0, 1, 3, 4, 7, 8, 99)] == [
        "none",
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]


def test_gaps_md_states_every_code_and_weight() -> None:
    text = (QUERIES / "GAPS.md").read_text(encoding="utf-8")
    weights = text[text.index("Severity in the gap report") :]
    for gap in GAPS.values():
        assert f"| `{gap.code}` |" in text
        assert f"`{gap.code}` {gap.weight}" in re.sub(r"\s+", " ", weights), gap.code


def test_the_generator_plants_the_same_codes_and_capacity() -> None:
    assert planted.GAP_CODES == gap_rules.GAP_CODES
    assert planted.MAX_SERVED == MAX_SERVED


def test_rings_are_the_declared_node_level_gaps() -> None:
    text = compose.gap_nodes()
    ringed = {code for code, gap in GAPS.items() if gap.ring}
    assert set(re.findall(r"'(\w+)' AS gap", text)) == ringed
    assert ringed == {
        "grid_without_branch",
        "grid_without_lighthouse",
        "building_without_group",
        "household_unserved",
        "lighthouse_overloaded",
        "request_overdue",
        "category_out_of_reach",  # its households, not the category
    }
