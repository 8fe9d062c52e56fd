"""The life-circle table and its TOML override (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridnet.errors import GridnetError
from gridnet.queries import gap_rules, life_circle

pytestmark = pytest.mark.unit


def test_defaults_follow_gb_50180() -> None:
    circle = life_circle.DEFAULT
    assert dict(circle.metres) == {5: 300.0, 10: 500.0, 15: 1000.0}
    assert circle.tier("elder_care") == 5 and circle.tier("health") == 15
    assert circle.tier("not_a_category") == 15
    assert circle.params()["circle_5"] == "child_care,elder_care,repairs,sanitation"
    assert set(circle.params()) <= set(gap_rules.SHARED_PARAMS)


def test_override(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("detour = 1.4\n[metres]\n15 = 800\n[categories]\nhealth = 10\n")
    circle = life_circle.load(path)
    assert circle.detour == 1.4 and circle.walk_m("health") == 500.0
    assert circle.walk_m("policy") == 800.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[categories]\nhealth = 7\n", "not a life circle"),
        ("detour = 0.8\n", "below 1"),
        ("radius = 3\n", "unknown key"),
        ("[metres]\n5 = -1\n", "positive number"),
        ("detour = \n", "not valid TOML"),
    ],
)
def test_bad_files_say_why(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(GridnetError, match=message):
        life_circle.load(path)
