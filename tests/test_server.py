"""Local server lifecycle against a throwaway instance (own home, own port).

The jars are symlinked from the main GRIDNET_HOME so nothing is downloaded twice;
the shared server used by the other tests is never touched.
"""

from __future__ import annotations

import json
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

from gridnet import db
from gridnet.cli import main
from gridnet.server import local
from gridnet.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throwaway_env(home: Path, port: int) -> dict[str, str]:
    return {
        "NEO4J_URI": "",  # force the local server even if .env names another one
        "GRIDNET_HOME": str(home),
        "GRIDNET_BOLT_PORT": str(port),
        "GRIDNET_NEO4J_HEAP": "512m",
        "GRIDNET_NEO4J_PAGECACHE": "64m",
    }


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def main_lib() -> Path:
    """The jars of the main GRIDNET_HOME (fetched there once if missing)."""
    settings = Settings.from_env()
    local.ensure_jars(settings)
    return local.Layout.of(settings).lib


def make_home(tmp_path_factory: pytest.TempPathFactory, main_lib: Path) -> Path:
    home = tmp_path_factory.mktemp("gridnet-home")
    (home / "neo4j").mkdir()
    (home / "neo4j" / "lib").symlink_to(main_lib, target_is_directory=True)
    return home


@pytest.fixture(scope="module")
def instance(
    tmp_path_factory: pytest.TempPathFactory, main_lib: Path
) -> Iterator[tuple[Settings, local.StartResult]]:
    """A started throwaway server; stopped (and checked gone) at the end."""
    home = make_home(tmp_path_factory, main_lib)
    settings = Settings.from_env(throwaway_env(home, free_port()), dotenv=None)
    try:
        result = local.start(settings, wait=120)
    except local.ServerError as exc:
        pytest.fail(f"throwaway Neo4j did not start: {exc}", pytrace=False)
    yield settings, result
    local.stop(settings, timeout=30)
    assert not local.status(settings)["running"]


@pytest.fixture
def settings(instance: tuple[Settings, local.StartResult]) -> Settings:
    return instance[0]


def test_first_start_reports_version(instance: tuple[Settings, local.StartResult]) -> None:
    settings, result = instance
    assert result.started
    assert result.version.startswith("5.26.")
    assert not result.fetched_jars  # reused the symlinked jars
    assert result.bolt_uri == f"bolt://127.0.0.1:{settings.bolt_port}"
    assert local.Layout.of(settings).pid_file.read_text().strip() == str(result.pid)


def test_status_reports_running_version(settings: Settings) -> None:
    info = local.status(settings)
    assert info["running"] and info["pid"]
    assert info["version"].startswith("5.26.")
    assert info["data_dir"].startswith(str(settings.home))


def test_second_start_is_a_noop(instance: tuple[Settings, local.StartResult]) -> None:
    settings, first = instance
    again = local.start(settings)
    assert not again.started
    assert again.pid == local.status(settings)["pid"]
    assert any("already running" in m for m in again.messages)


def test_plain_driver_connects_with_generated_password(settings: Settings) -> None:
    password_file = settings.password_file
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    password = password_file.read_text().strip()
    assert len(password) >= 24
    with neo4j.GraphDatabase.driver(settings.uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("RETURN $x AS x", x=41)
        assert records[0]["x"] == 41
    with neo4j.GraphDatabase.driver(settings.uri, auth=("neo4j", "wrong-password")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()


def test_database_handle_uses_parameters_counters_and_timeouts(settings: Settings) -> None:
    with db.Database.connect(settings) as database:
        counters = database.write("CREATE (:Probe {name: $name})", {"name": "x'); DROP"})
        assert counters.nodes_created == 1
        rows = database.read("MATCH (p:Probe) RETURN p.name AS name")
        assert rows == [{"name": "x'); DROP"}]
        assert database.write("MATCH (p:Probe) DELETE p").nodes_deleted == 1
        slow = "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n"
        with pytest.raises(neo4j.exceptions.ClientError, match="(?i)timed? ?out|terminated"):
            database.read(slow, timeout=0.5)
        assert database.ping().startswith("5.26.")
        assert settings.uri in database.key and settings.uri in repr(database)


def test_stats_on_a_fresh_database_prints_no_driver_notifications(settings: Settings) -> None:
    """A database that never saw a label answers 0 for it, without a page of warnings."""
    env = throwaway_env(settings.home, settings.bolt_port)
    result = CliRunner().invoke(main, ["stats", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["nodes"]["Household"] == 0 and stats["relationships"]["SERVES"] == 0
    assert result.stderr == ""


def test_cli_status_prints_version(settings: Settings) -> None:
    env = throwaway_env(settings.home, settings.bolt_port)
    result = CliRunner().invoke(main, ["neo4j", "status"], env=env)
    assert result.exit_code == 0, result.output
    assert "5.26." in result.output and settings.uri in result.output


def test_stop_then_stale_pid_then_restart(settings: Settings) -> None:
    layout = local.Layout.of(settings)
    archive = local.class_archive(local.find_java(), layout)
    assert not archive.exists()  # the first server writes it as it exits
    stopped = local.stop(settings, timeout=30)
    assert stopped.was_running and not layout.pid_file.exists()
    assert not local.status(settings)["running"]
    assert not local.stop(settings).was_running  # stopping twice is harmless
    assert archive.exists() and archive.stat().st_size > 0
    assert stat.S_IMODE(archive.stat().st_mode) & 0o077 == 0  # owner-only
    assert not list(layout.root.glob("*.part"))

    stale = dead_pid()
    layout.pid_file.write_text(f"{stale}\n")
    assert local.status(settings)["stale_pid"] == stale
    restarted = local.start(settings)
    assert restarted.started
    assert any("stale pid file" in m and str(stale) in m for m in restarted.messages)
    assert layout.pid_file.read_text().strip() == str(restarted.pid)
    launches = [
        line for line in layout.console_log.read_text().splitlines() if "starting: " in line
    ]
    assert f"-XX:SharedArchiveFile={archive}" in launches[-1].split()  # the classes are mapped


def test_taken_port_is_reported(tmp_path_factory: pytest.TempPathFactory, main_lib: Path) -> None:
    home = make_home(tmp_path_factory, main_lib)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        settings = Settings.from_env(throwaway_env(home, port), dotenv=None)
        with pytest.raises(local.ServerError, match=f"port {port}.*GRIDNET_BOLT_PORT"):
            local.start(settings)
        result = CliRunner().invoke(main, ["neo4j", "start"], env=throwaway_env(home, port))
    assert result.exit_code == 2
    assert "GRIDNET_BOLT_PORT" in result.stderr
    assert "Traceback" not in result.output
    assert not local.Layout.of(settings).pid_file.exists()


@pytest.mark.unit
def test_unreachable_configured_server_exits_2() -> None:
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "irrelevant"}
    result = CliRunner().invoke(main, ["neo4j", "status"], env=env)
    assert result.exit_code == 2
    assert env["NEO4J_URI"] in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.unit
def test_start_and_stop_do_nothing_for_external_server() -> None:
    env = {"NEO4J_URI": "bolt://db.example:7687", "NEO4J_PASSWORD": "irrelevant"}
    for command in ("start", "stop"):
        result = CliRunner().invoke(main, ["neo4j", command], env=env)
        assert result.exit_code == 0
        assert "external server" in result.output


def test_empty_graph_clears_nodes_but_keeps_schema(
    database: db.Database, neo4j_settings: Settings, request: pytest.FixtureRequest
) -> None:
    index = "gridnet_test_probe_idx"
    database.write(f"CREATE INDEX {index} IF NOT EXISTS FOR (p:GridnetTestProbe) ON (p.x)")
    try:
        database.write("CREATE (:GridnetTestProbe {x: $x})", {"x": 1})
        request.getfixturevalue("empty_graph")  # runs the fixture now, after our setup
        assert database.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
        names = database.read("SHOW INDEXES YIELD name RETURN name")
        assert {"name": index} in names
    finally:
        database.write(f"DROP INDEX {index} IF EXISTS")
