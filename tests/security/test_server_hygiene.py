"""The local server's secrets and files: the password never shows on any process
command line, not even while it is first set, and everything under GRIDNET_HOME
is private to the user (directories 700, files 600, the server's umask 077).

One throwaway server (own GRIDNET_HOME, own port, the jars linked from the main
home) is started from scratch while a thread samples every /proc/*/cmdline.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet import db
from gridnet.server import local
from gridnet.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CmdlineSampler(threading.Thread):
    """Collects every distinct command line of every process until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.seen: set[bytes] = set()
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    try:
                        self.seen.add(Path(entry.path, "cmdline").read_bytes())
                    except OSError:
                        pass  # the process ended meanwhile
            self.samples += 1
            time.sleep(0.01)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(10)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, CmdlineSampler]]:
    """A server started for the first time (the password is set on this start),
    with a world-readable leftover planted in its home beforehand."""
    main = Settings.from_env()
    local.ensure_jars(main)
    home = tmp_path_factory.mktemp("hygiene-home")
    (home / "neo4j" / "home" / "logs").mkdir(parents=True)
    (home / "neo4j" / "lib").symlink_to(local.Layout.of(main).lib, target_is_directory=True)
    leftover = home / "neo4j" / "home" / "logs" / "old.log"
    leftover.write_text("left by an older version\n")
    leftover.chmod(0o644)
    (home / "neo4j" / "home").chmod(0o755)
    env = {
        "NEO4J_URI": "",
        "GRIDNET_HOME": str(home),
        "GRIDNET_BOLT_PORT": str(free_port()),
        "GRIDNET_NEO4J_HEAP": "512m",
        "GRIDNET_NEO4J_PAGECACHE": "64m",
    }
    settings = Settings.from_env(env, dotenv=None)
    sampler = CmdlineSampler()
    sampler.start()
    try:
        local.start(settings, wait=180)
        with db.Database.connect(settings) as database:
            database.read("MATCH (n) RETURN count(n) AS n")  # logs a query
    except local.ServerError as exc:
        pytest.fail(f"throwaway Neo4j did not start: {exc}", pytrace=False)
    finally:
        sampler.stop()
    yield settings, sampler
    local.stop(settings, timeout=30)
    assert not local.status(settings)["running"]


def test_password_never_on_a_command_line(fresh: tuple[Settings, CmdlineSampler]) -> None:
    settings, sampler = fresh
    password = settings.password
    assert password and len(password) >= 24
    layout = local.Layout.of(settings)
    lines = [c.replace(b"\0", b" ").decode(errors="replace") for c in sampler.seen]
    # the sampler did see both processes of the first start
    assert sampler.samples > 50
    admin = [line for line in lines if f"@{layout.root}/.args-" in line]
    assert admin, "the sampler missed the set-initial-password process"
    assert any(local.ENTRY_POINT in line and str(layout.home) in line for line in lines)
    assert not [line for line in lines if password in line]
    assert not [line for line in lines if password[:12] in line]
    assert not list(layout.root.glob(".args-*"))  # the argument file is gone
    console = layout.console_log.read_text(encoding="utf-8", errors="replace")
    assert password not in console


def test_everything_under_gridnet_home_is_private(fresh: tuple[Settings, CmdlineSampler]) -> None:
    settings, _ = fresh
    assert stat.S_IMODE(settings.home.stat().st_mode) == 0o700
    wrong, checked = [], 0
    for root, dirs, files in os.walk(settings.home):
        for name in dirs + files:
            path = Path(root, name)
            if path.is_symlink():
                continue
            mode = stat.S_IMODE(path.lstat().st_mode)
            want = 0o700 if path.is_dir() else 0o600
            checked += 1
            if mode != want:
                wrong.append(f"{oct(mode)} {path}")
    assert not wrong, wrong
    layout = local.Layout.of(settings)
    for must in (
        layout.password_file,
        layout.conf_dir / "neo4j.conf",
        layout.console_log,
        layout.neo4j_log,
        layout.auth_ini,
        layout.pid_file,
        layout.logs / "old.log",
    ):
        assert must.is_file(), must
    assert checked > 50  # store files, transaction logs, logs, conf


def test_server_runs_with_a_private_umask(fresh: tuple[Settings, CmdlineSampler]) -> None:
    settings, _ = fresh
    pid = local.status(settings)["pid"]
    status = Path(f"/proc/{pid}/status").read_text()
    umask = next(line.split()[1] for line in status.splitlines() if line.startswith("Umask:"))
    assert int(umask, 8) == local.PRIVATE_UMASK
