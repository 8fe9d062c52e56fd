"""`gridnet explore` starts the explorer on localhost and it answers HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from gridnet.settings import REPO_ROOT, Settings

GRIDNET = str(Path(sys.executable).with_name("gridnet"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=2) as resp:
        return resp.status, resp.read().decode("utf-8", "replace")


def test_explore_serves_the_explorer_on_localhost(
    neo4j_settings: Settings, artifacts: Path
) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    log = open(artifacts / "explore_command.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [GRIDNET, "explore", "--port", str(port), "--no-open"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                if _get(f"{url}/_stcore/health") == (200, "ok"):
                    break
            except OSError:
                pass
            assert proc.poll() is None, (artifacts / "explore_command.log").read_text()
            assert time.time() < deadline, "the explorer did not answer within 90 s"
            time.sleep(0.5)
        status, page = _get(url + "/")
        assert status == 200 and "<html" in page.lower()
        # exec: the command's own pid is the explorer's server now, which warms up and
        # runs explorer_app.py with Streamlit
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        assert b"gridnet.explorer.serve" in cmdline, cmdline
        while "warm-up: done" not in (artifacts / "explore_command.log").read_text():
            assert time.time() < deadline + 60, "no warm-up within 60 s of the health check"
            time.sleep(0.5)
        log_text = (artifacts / "explore_command.log").read_text()
        assert "No runtime found" not in log_text and "missing ScriptRunContext" not in log_text
        # it listens on 127.0.0.1 only: the host's other address is refused
        other = socket.gethostbyname(socket.gethostname())
        if not other.startswith("127."):
            with pytest.raises(OSError):
                socket.create_connection((other, port), timeout=1).close()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_explore_refuses_a_port_in_use(neo4j_settings: Settings) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [GRIDNET, "explore", "--port", str(port), "--no-open"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2 and f"port {port}" in done.stderr and "in use" in done.stderr
