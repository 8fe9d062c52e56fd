"""The explorer shows no resident's name, phone, ID number or address in clear
unless the operator set GRIDNET_SHOW_PERSONAL=1 (AppTest over every page)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from gridnet.settings import REPO_ROOT, Settings

from .personal import leaks, personal_values

APP = str(REPO_ROOT / "explorer_app.py")
PAGES = [("overview", {}), ("network", {"grid": "G-0001"}), ("network", {"grid": "G-0002"}),
         ("gaps", {}), ("requests", {}), ("map", {}), ("whatif", {})]
CONSOLE = [
    "MATCH (h:Household) RETURN h",
    "MATCH (p:Person)-[r:LIVES_IN]->(h:Household) RETURN p, r, h",
    "MATCH (h:Household) RETURN h.name AS household_name, h.phone AS phone, h.address AS address",
    "MATCH (p:Person) RETURN p.name AS person_name, p.id_number AS id_number",
]


def rendered_text(at: AppTest) -> str:
    """Everything on the page: element protos as UTF-8 text, and table contents."""
    parts: list[str] = []

    def walk(node) -> None:  # noqa: ANN001 - streamlit's internal tree types
        if getattr(node, "type", None) == "dataframe":
            parts.append(node.value.to_csv())
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            parts.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def open_page(page: str, params: dict[str, str]) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = page
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def masked_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("GRIDNET_SHOW_PERSONAL", raising=False)
    monkeypatch.setenv("GRIDNET_SHOW_PERSONAL", "0")  # also beats a .env that says 1
    yield
    st.cache_data.clear()


def test_pages_show_no_personal_data_by_default(city: Settings, masked_env: None) -> None:
    values = personal_values()
    for page, params in PAGES:
        text = rendered_text(open_page(page, params))
        assert len(text) > 1000, page  # the page did render
        assert not leaks(text, values), (page, params, leaks(text, values))


def test_console_results_show_no_personal_data_by_default(city: Settings,
                                                          masked_env: None) -> None:
    values = personal_values()
    at = open_page("console", {})
    for query in CONSOLE:
        at.text_area[0].input(query)
        at.button[1].click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert at.dataframe, query
        text = rendered_text(at)
        assert not leaks(text, values), (query, leaks(text, values))


def test_operator_setting_shows_personal_data(city: Settings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The same pages do show names when configured: the checks above can fail."""
    monkeypatch.setenv("GRIDNET_SHOW_PERSONAL", "1")
    text = rendered_text(open_page("network", {"grid": "G-0001"}))
    assert "李明" in text
    st.cache_data.clear()


# Ad-hoc Cypher can copy a personal property into a column whose name says nothing
# (`RETURN h.name AS x`), into a map projection or a list. Masking by column name and
# by node label does not see it. FAILS until the console masks by value (see
# SECURITY.md, "Known gaps").
ALIASED = [
    "MATCH (h:Household) RETURN h.name AS x",
    "MATCH (h:Household) RETURN h {.name, .phone} AS m",
    "MATCH (p:Person) RETURN [p.name, p.id_number] AS l",
    "MATCH (h:Household) RETURN properties(h) AS props",
]


def test_console_masks_personal_values_behind_aliases(city: Settings,
                                                      masked_env: None) -> None:
    values = personal_values()
    at = open_page("console", {})
    leaked = {}
    for query in ALIASED:
        at.text_area[0].input(query)
        at.button[1].click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        found = leaks(rendered_text(at), values)
        if found:
            leaked[query] = found[:3]
    assert not leaked, leaked
