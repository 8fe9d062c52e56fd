"""The printable community brief: its content and escaping (unit), and the Overview's
download button, whose file is the brief of the picked community (AppTest, real Neo4j)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from gridnet.db import Database
from gridnet.explorer import brief, i18n
from gridnet.settings import Settings
from gridnet.workflow import snapshot
from tests.explorer.test_explorer_pages import assert_clean, open_page

EVIL = "<script>alert('x')</script>"
DAY = dt.date(2026, 11, 30)
COVERAGE = [
    {
        "district": "孝南区",
        "community_id": "C9",
        "community": f"花园{EVIL}",
        "grids": 3,
        "grids_with_branch": 1,
        "grids_with_lighthouse": 3,
        "buildings": 4,
        "buildings_with_group": 4,
        "households": 120,
        "households_served": 103,
    },
    {"community_id": "C8", "community": "别的社区", "grids": 1, "households": 9},
]


def _grid(gid: str, name: str, severity: str, score: int, gaps: list[str]) -> dict[str, Any]:
    return {
        "grid_id": gid,
        "grid_name": name,
        "community_id": "C9",
        "community_name": "花园",
        "severity": severity,
        "score": score,
        "gaps": gaps,
    }


REPORT = [
    _grid("G-0091", "一网格", "medium", 5, ["household_unserved"]),
    _grid("G-0092", f"二网格{EVIL}", "high", 12, ["household_unserved", "grid_without_branch"]),
    _grid("G-0093", "三网格", "none", 0, []),
    {**_grid("G-0081", "别处网格", "high", 30, ["grid_without_branch"]), "community_id": "C8"},
]
CASES = [
    {"state": "open", "overdue": False},
    {"state": "assigned", "overdue": True},
    {"state": "verified", "overdue": False},
]


def _brief(lang: str, cases: list[dict[str, Any]] | None = CASES) -> str:
    with i18n.use(lang):
        row, grids = brief.community_rows("C9", COVERAGE, REPORT)
        return brief.brief_html(row, grids, cases, DAY)


@pytest.mark.unit
def test_brief_in_chinese_counts_failing_units_and_lists_the_worst_grids_first() -> None:
    html = _brief("zh")
    assert "社区简报：花园" in html and "截至 2026年11月30日" in html
    assert "@page { size: A4" in html
    # counts of failing units, not percentages: 17 households nobody serves of 120
    with i18n.use("zh"):
        unserved = i18n._("Households nobody serves")
        branchless = i18n._("Grids without a party branch")
        of = i18n._("of {total} in all")
    headline = html.split("<h2>")[1]
    assert f"{unserved}<b>17</b><small>{of.format(total=120)}</small>" in headline
    assert f"{branchless}<b>2</b><small>{of.format(total=3)}</small>" in headline
    assert "未销号督办事项<b>2</b><small>其中逾期 1 件</small>" in html
    worst = html.split("<h2>")[2]
    assert worst.index("G-0092") < worst.index("G-0091")  # high before medium
    assert "G-0093" not in worst and "G-0081" not in html  # no gap; another community
    assert "网格无党支部" in worst and "高" in worst
    gaps = html.split("<h2>")[3]
    assert "住户无人联系；网格无党支部" in gaps
    assert not any(word in html for word in ("Households", "worst", "Gap list"))


@pytest.mark.unit
def test_brief_escapes_every_value_from_the_graph() -> None:
    html = _brief("zh")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert html.count("&lt;script&gt;") == 4  # title, heading, worst grids, gap list


@pytest.mark.unit
def test_brief_in_english_and_without_cases() -> None:
    html = _brief("en", cases=None)
    assert '<html lang="en">' in html and "Community brief: 花园" in html
    assert "Households nobody serves" in html and "household nobody serves" in html
    assert "Open cases<b>–</b>" in html  # unread cases show a dash, not a false zero
    with i18n.use("zh"):
        assert brief.file_name(COVERAGE[0], DAY) == "社区简报-C9-2026-11-30.html"


@pytest.mark.unit
def test_an_unknown_community_has_no_brief() -> None:
    with pytest.raises(KeyError):
        brief.community_rows("C-NONE", COVERAGE, REPORT)


@pytest.fixture
def stored(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bytes]]:
    """The files the page hands to Streamlit's media storage, by file name."""
    files: dict[str, bytes] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def load(self: Any, data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        if filename and isinstance(data, bytes):
            files[filename] = data
        return keep(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load)
    yield files


def test_overview_offers_the_brief_of_the_picked_community(
    city: Settings, database: Database, stored: dict[str, bytes]
) -> None:
    snapshot.take(database, dt.date.today(), "cli:tester")
    at = open_page("overview")
    assert_clean(at)
    button = next(b for b in at.get("download_button") if b.proto.label.startswith("Print"))
    assert button.proto.label == "Print the community brief"
    at.selectbox(key="ov_brief_community").set_value("C3").run()
    assert_clean(at)
    name = next(n for n in stored if n.startswith("community-brief-C3-"))
    html = stored[name].decode("utf-8")
    assert "Community brief: 花园村" in html
    assert "G-0004" in html and "grid without party branch" in html
    assert "Open cases<b>" in html and "Open cases<b>0</b>" not in html
