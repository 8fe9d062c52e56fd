"""The explorer as a user meets it: `streamlit run explorer_app.py` on a free port,
and a browser context that may load nothing from outside this machine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from gridnet.bench.firstpaint import block_external, streamlit_server
from gridnet.bench.settle import CHROMIUM_ARGS
from gridnet.settings import REPO_ROOT

__all__ = [
    "ARTIFACTS",
    "CHROMIUM",
    "block_external",
    "chromium",
    "offline_page",
    "running_explorer",
]

ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"


@contextmanager
def running_explorer(
    address: str = "127.0.0.1", log_name: str = "streamlit.log", **extra_env: str
) -> Iterator[str]:
    """A Streamlit server bound to `address`; yields its loopback URL, stops it after."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = streamlit_server(ARTIFACTS / log_name, 60.0, address, extra_env)
    try:
        url = server.__enter__()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


@contextmanager
def chromium() -> Iterator[Any]:
    """The system Chromium, headless, launched by Playwright with the bench's flags."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline_page(height: int = 1700) -> Iterator[tuple[Any, list[str]]]:
    """A page of that Chromium (zh-CN) that may load nothing from outside this machine;
    yields it and the requests it made for other hosts (the browser failed them)."""
    blocked: list[str] = []
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": height}, locale="zh-CN")
        block_external(context, blocked)
        yield context.new_page(), blocked
