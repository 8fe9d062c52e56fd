"""The explorer as a user meets it: `streamlit run explorer_app.py` on a free port,
and a browser context that may load nothing from outside this machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

import pytest

from gridnet.settings import REPO_ROOT

ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_explorer(
    address: str = "127.0.0.1", log_name: str = "streamlit.log", **extra_env: str
) -> Iterator[str]:
    """A Streamlit server bound to `address`; yields its loopback URL, stops it after."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **extra_env}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "explorer_app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            address,
            "--server.fileWatcherType",
            "none",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                pytest.fail(f"streamlit did not start; see {log.name}", pytrace=False)
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def block_external(context: Any, blocked: list[str]) -> None:
    """Abort every request of a Playwright context that leaves this machine; record it."""

    def route(r: Any) -> Any:
        url = r.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in LOCAL_HOSTS:
            return r.continue_()
        blocked.append(url)
        return r.abort()

    context.route("**/*", route)
