"""The explorer shows no resident's name, phone, ID number or address in clear, on any
page or in the console, except to a signed-in role with the personal-data permission,
and then only on request and logged (AppTest over every page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from gridnet import access_log, users
from gridnet.settings import REPO_ROOT, Settings

from .leak_corpus import CORPUS
from .personal import leaks, personal_values

APP = str(REPO_ROOT / "explorer_app.py")
PAGES = [
    ("overview", {}),
    ("network", {"grid": "G-0001"}),
    ("network", {"grid": "G-0002"}),
    ("gaps", {}),
    ("requests", {}),
    ("map", {}),
    ("whatif", {}),
]


def rendered_text(at: AppTest) -> str:
    """Everything on the page: element protos as UTF-8 text, and table contents."""
    parts: list[str] = []

    def walk(node) -> None:  # noqa: ANN001 - streamlit's internal tree types
        if getattr(node, "type", None) in ("dataframe", "table"):
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
    at.query_params["lang"] = "en"  # these tests read the English texts
    at.query_params["page"] = page
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def no_users(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("GRIDNET_USERS_FILE", str(tmp_path / "users.json"))
    yield
    st.cache_data.clear()


@pytest.fixture
def with_users(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "users.json"
    users.add_user(path, "wang", "planner", "planner-password-1")
    users.add_user(path, "chen", "admin", "admin-password-12")
    monkeypatch.setenv("GRIDNET_USERS_FILE", str(path))
    yield path
    st.cache_data.clear()


def test_pages_show_no_personal_data(city: Settings, no_users: None) -> None:
    values = personal_values()
    for page, params in PAGES:
        text = rendered_text(open_page(page, params))
        assert len(text) > 1000, page  # the page did render
        assert not leaks(text, values), (page, params, leaks(text, values))


def run_console(at: AppTest, query: str) -> str:
    at.text_area[0].input(query)
    at.button[1].click().run()
    assert not at.exception, query
    return rendered_text(at)


def test_leak_corpus_through_the_explorer_console(city: Settings, no_users: None) -> None:
    values = personal_values()
    at = open_page("console", {})
    shown = 0
    for query, category in CORPUS:
        text = run_console(at, query)
        shown += bool(at.dataframe)
        assert not leaks(text, values), (category, query, leaks(text, values))
        for error in at.error:
            assert not leaks(str(error.value), values), query
    assert shown >= 15  # most statements did run and show rows


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_sign_in_required_when_users_exist(city: Settings, with_users: Path) -> None:
    at = open_page("network", {"grid": "G-0001"})
    assert "Sign in" in rendered_text(at) and not at.dataframe
    sign_in(at, "wang", "wrong-password-0")
    assert at.error and "Wrong user name or password" in at.error[0].value


def test_planner_sees_display_forms_and_cannot_search_by_name(
    city: Settings, with_users: Path
) -> None:
    before = len(list(access_log.read_entries(city.access_log)))
    at = sign_in(open_page("network", {"grid": "G-0001"}), "wang", "planner-password-1")
    text = rendered_text(at)
    assert "李**" in text and not leaks(text, personal_values())
    assert not any("Show clear values" in b.label for b in at.button)
    for typed in ("李明", "13800000001"):  # a name, a phone: neither finds anyone
        at.text_input(key="net_search").input(typed).run()
        assert not [b for b in at.selectbox if b.label == "Matches"], typed
        assert any("No grid" in w.value for w in at.warning), typed
        text = rendered_text(at).replace(typed, "")
        assert not leaks(text, personal_values())
    at.query_params["page"] = "console"
    at.run()
    assert not at.text_area  # a planner has no query console
    assert len(list(access_log.read_entries(city.access_log))) == before


def test_admin_sees_clear_values_and_each_reveal_is_logged(
    city: Settings, with_users: Path
) -> None:
    before = len(list(access_log.read_entries(city.access_log)))
    at = sign_in(open_page("network", {"grid": "G-0001"}), "chen", "admin-password-12")
    assert "李明" not in rendered_text(at)  # nothing clear before the viewer asks
    at.text_input(key="net_search").input("李明").run()
    assert "李明" in rendered_text(at)
    reveal = next(b for b in at.button if "Show clear values" in b.label)
    reveal.click().run()
    text = rendered_text(at)
    assert "13800000001" in text and "1栋1单元101" in text
    entries = list(access_log.read_entries(city.access_log))[before:]
    assert {e["action"] for e in entries} == {"search", "reveal"}
    assert all(e["actor"] == "explorer:chen" for e in entries)
    assert any("H-0000001" in e["ids"] for e in entries if e["action"] == "reveal")
