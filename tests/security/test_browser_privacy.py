"""In a real browser: sign-in on a non-loopback address, a planner who sees display
forms only, an admin who sees clear values, each reveal logged."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet import access_log, users
from gridnet.settings import Settings
from tests.explorer.streamlit_app import (
    ARTIFACTS,
    block_external,
    chromium,
    running_explorer,
)

from .personal import leaks, personal_values

pytestmark = pytest.mark.browser


def explorer(address: str, users_file: Path, **extra_env: str):  # type: ignore[no-untyped-def]
    """The explorer bound to `address` with this users file; yields its loopback URL."""
    return running_explorer(
        address, f"streamlit-{address}.log", GRIDNET_USERS_FILE=str(users_file), **extra_env
    )


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as launched:
        yield launched


def new_page(
    browser,
    blocked: list[str],  # type: ignore[no-untyped-def]
    headers: dict[str, str] | None = None,
):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1500}, locale="zh-CN", extra_http_headers=headers or {}
    )

    block_external(context, blocked)
    return context.new_page()


def sign_in(page, url: str, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/?page=network&grid=G-0001", wait_until="domcontentloaded")
    page.get_by_label("用户名", exact=True).fill(name)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_text("节点列表").wait_for(timeout=60_000)


def all_html(page, wait_for: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """The page and its frames (the network picture is an iframe); waits for a text."""
    deadline = time.time() + 60
    while True:
        parts = []
        for frame in page.frames:
            try:
                parts.append(frame.content())
            except Exception:  # noqa: BLE001 - frames come and go while Streamlit reruns
                continue
        html = "\n".join(parts)
        if wait_for is None or wait_for in html or time.time() > deadline:
            return html
        page.wait_for_timeout(500)


def search(page, text: str) -> str:  # type: ignore[no-untyped-def]
    page.get_by_label("按名称或编号搜索").fill(text)
    page.keyboard.press("Enter")
    page.wait_for_timeout(3000)
    page.get_by_text("节点列表").wait_for(timeout=60_000)
    return all_html(page)


def test_non_loopback_address_needs_users(browser, city: Settings, tmp_path: Path) -> None:
    blocked: list[str] = []
    with explorer("0.0.0.0", tmp_path / "none.json") as url:
        page = new_page(browser, blocked)
        page.goto(f"{url}/?page=network&grid=G-0001", wait_until="domcontentloaded")
        page.get_by_text("no users exist").wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "privacy_no_users.png"), full_page=True)
        assert "节点列表" not in page.content()
    assert blocked == []


def test_planner_and_admin_in_the_browser(browser, city: Settings, tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    users.add_user(path, "wang", "planner", "planner-password-1")
    users.add_user(path, "chen", "admin", "admin-password-12")
    values = personal_values()
    blocked: list[str] = []
    before = len(list(access_log.read_entries(city.access_log)))
    with explorer("0.0.0.0", path) as url:
        page = new_page(browser, blocked)
        page.goto(f"{url}/?page=overview", wait_until="domcontentloaded")
        page.get_by_label("密码", exact=True).wait_for(timeout=60_000)  # sign-in first
        assert "Grids 网格" not in page.content()

        sign_in(page, url, "wang", "planner-password-1")
        html = all_html(page, wait_for="李**")
        assert "李**" in html and not leaks(html, values)
        # a phone number finds nobody for a planner (the graph has no clear value);
        # what the planner typed is on the page, nothing else
        html = search(page, "13800000001")
        page.screenshot(path=str(ARTIFACTS / "privacy_planner_search.png"), full_page=True)
        assert "匹配的网格" in html and "搜索结果" not in html  # zh: no match, no picker
        assert not leaks(html.replace("13800000001", ""), values)
        assert "Show clear values" not in html
        assert len(list(access_log.read_entries(city.access_log))) == before

        admin = new_page(browser, blocked)
        sign_in(admin, url, "chen", "admin-password-12")
        assert not leaks(all_html(admin, wait_for="李**"), values)  # nothing clear until asked
        html = search(admin, "13800000001")  # found through its token, shown in clear
        assert "H-0000001" in html and "李明" in html
        admin.get_by_text("Personal data of residents shown").click()
        admin.get_by_role("button", name="显示明文").click()
        admin.get_by_text("13800000001").first.wait_for(timeout=60_000)
        admin.screenshot(path=str(ARTIFACTS / "privacy_admin_reveal.png"), full_page=True)
    entries = list(access_log.read_entries(city.access_log))[before:]
    assert {e["action"] for e in entries} == {"search", "reveal"}
    assert {e["actor"] for e in entries} == {"explorer:chen"}
    assert blocked == []


def test_trusted_proxy_header_names_a_configured_user(
    browser, city: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "users.json"
    users.add_user(path, "chen", "admin", "admin-password-12")
    blocked: list[str] = []
    with explorer("0.0.0.0", path, GRIDNET_TRUSTED_HEADER="X-Remote-User") as url:
        page = new_page(browser, blocked, {"X-Remote-User": "chen"})
        page.goto(f"{url}/?page=overview", wait_until="domcontentloaded")
        page.get_by_text("用户：chen").wait_for(timeout=60_000)  # no sign-in asked
        stranger = new_page(browser, blocked, {"X-Remote-User": "mallory"})
        stranger.goto(f"{url}/?page=overview", wait_until="domcontentloaded")
        stranger.get_by_label("密码", exact=True).wait_for(timeout=60_000)  # unknown: sign in
    assert blocked == []
