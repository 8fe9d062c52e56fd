"""Who can reach the database: loopback only, authentication on, no default or
committed password, a private password file, compose refusing to start without one."""

from __future__ import annotations

import re
import socket
import stat
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import neo4j
import pytest

from gridnet.server import local
from gridnet.settings import REPO_ROOT, Settings


def listening_sockets(pid: int) -> list[tuple[str, int]]:
    """(address, port) of every TCP socket the process listens on, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().as_posix()
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_addr, state, inode = fields[1], fields[3], fields[9]
            if state != "0A" or inode not in inodes:  # 0A = LISTEN
                continue
            hex_ip, hex_port = local_addr.split(":")
            raw = bytes.fromhex(hex_ip)
            # /proc stores each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            family = socket.AF_INET if width == 4 else socket.AF_INET6
            found.append((socket.inet_ntop(family, raw), int(hex_port, 16)))
    return found


@pytest.fixture(scope="module")
def server(neo4j_settings: Settings) -> tuple[Settings, int]:
    if not neo4j_settings.uses_local_server:
        pytest.fail("these checks need gridnet's local server (unset NEO4J_URI)", pytrace=False)
    info = local.status(neo4j_settings)
    assert info["running"] and info["pid"]
    return neo4j_settings, int(info["pid"])


def test_server_listens_on_loopback_only(server: tuple[Settings, int]) -> None:
    settings, pid = server
    sockets = listening_sockets(pid)
    assert sockets, "the server listens on nothing?"
    assert {("127.0.0.1", settings.bolt_port), ("::ffff:127.0.0.1", settings.bolt_port)} & set(
        sockets
    ), sockets
    for address, port in sockets:
        assert address in ("127.0.0.1", "::1", "::ffff:127.0.0.1"), (address, port)
    conf = (local.Layout.of(settings).conf_dir / "neo4j.conf").read_text(encoding="utf-8")
    for line in (
        "server.default_listen_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{settings.bolt_port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
    ):
        assert re.search(rf"^{re.escape(line)}$", conf, re.M), line


def test_authentication_is_required(server: tuple[Settings, int]) -> None:
    settings, _ = server
    for auth in (("neo4j", "wrong-password"), ("neo4j", "neo4j"), ("neo4j", ""), None):
        with neo4j.GraphDatabase.driver(settings.uri, auth=auth) as driver:
            with pytest.raises(neo4j.exceptions.AuthError):
                driver.verify_connectivity()
    with neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as d:
        d.verify_connectivity()


def test_generated_password_is_private_and_strong(server: tuple[Settings, int]) -> None:
    settings, _ = server
    mode = stat.S_IMODE(settings.password_file.stat().st_mode)
    assert mode == 0o600, oct(mode)
    password = settings.password_file.read_text(encoding="utf-8").strip()
    assert len(password) >= 24 and password != "neo4j"
    console = local.Layout.of(settings).console_log.read_text(encoding="utf-8", errors="replace")
    assert password not in console  # only its first characters are ever logged


SUSPECT = [
    re.compile(r"neo4j/neo4j\b", re.I),
    re.compile(r"NEO4J_AUTH\s*[:=]\s*['\"]?none", re.I),
    re.compile(r"NEO4J_AUTH\s*[:=]\s*['\"]?neo4j/(?!\$\{)", re.I),
    re.compile(r"password\s*=\s*['\"](?!\{)[^'\"]{3,}['\"]", re.I),
    re.compile(r"auth\s*=\s*\(\s*['\"]neo4j['\"]\s*,\s*['\"][^'\"]+['\"]\s*\)", re.I),
]
# Deliberately wrong passwords in tests that prove a login is refused.
ALLOWED = ("wrong-password", "irrelevant", "evil-evil-1", '"neo4j", "neo4j"', "'choose-a-long-one'")
# A literal value given to NEO4J_PASSWORD in a shell, env, YAML or Markdown file.
ASSIGNED = re.compile(r"(?<![{\w])NEO4J_PASSWORD\s*[:=]\s*['\"]?(?![$'\".<])[^\s'\"#]{3,}")


@pytest.mark.unit
def test_no_default_or_committed_password_in_the_repo() -> None:
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    hits = []
    for name in filter(None, files):
        path = REPO_ROOT / name
        if (
            not path.is_file()
            or path.suffix in (".png", ".xlsx", ".jar", ".ipynb")
            or path.resolve() == Path(__file__).resolve()
        ):  # this file holds the patterns
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            suspect = any(p.search(line) for p in SUSPECT) or (
                path.suffix != ".py" and ASSIGNED.search(line)
            )
            if suspect and not any(a in line for a in ALLOWED):
                hits.append(f"{name}:{number}: {line.strip()[:120]}")
    assert not hits, hits
    assert len(files) > 100  # the scan did see the repository
    assert ASSIGNED.search("NEO4J_PASSWORD=hunter22") and ASSIGNED.search("NEO4J_PASSWORD: s3cret")
    assert not ASSIGNED.search("NEO4J_PASSWORD: ${NEO4J_PASSWORD:?set}")
    assert any(p.search("NEO4J_AUTH=neo4j/neo4j") for p in SUSPECT)


@pytest.mark.unit
def test_compose_refuses_to_start_without_a_password_and_binds_loopback() -> None:
    compose = (REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "NEO4J_AUTH: neo4j/${NEO4J_PASSWORD:?" in compose
    assert compose.count("${NEO4J_PASSWORD:?") >= 2  # the explorer needs it too
    ports = re.findall(r"^\s*-\s*\"([^\"]+)\"\s*$", compose, re.M)
    assert ports and all(p.startswith("127.0.0.1:") for p in ports), ports
    env_example = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^NEO4J_PASSWORD=$", env_example, re.M)


def test_configured_uri_is_not_silently_exposed(neo4j_settings: Settings) -> None:
    host = urlparse(neo4j_settings.uri).hostname
    assert host in ("127.0.0.1", "localhost", "::1") or neo4j_settings.uri_configured
