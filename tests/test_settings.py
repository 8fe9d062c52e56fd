"""Settings precedence (env > .env > default) and local vs configured server."""

from pathlib import Path

import pytest

from gridnet.settings import REPO_ROOT, Settings, SettingsError, parse_dotenv

pytestmark = pytest.mark.unit


def write_env(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_env_or_file(tmp_path: Path) -> None:
    s = Settings.from_env({}, dotenv=tmp_path / "missing.env")
    assert s.uses_local_server
    assert s.uri == "bolt://127.0.0.1:7687"
    assert (s.user, s.database) == ("neo4j", "neo4j")
    assert s.home == REPO_ROOT / ".gridnet"
    assert (s.bolt_port, s.neo4j_heap, s.neo4j_pagecache) == (7687, "1g", "512m")
    assert s.query_timeout == 30


def test_env_beats_dotenv_beats_default(tmp_path: Path) -> None:
    dotenv = write_env(
        tmp_path,
        "# comment\nexport GRIDNET_BOLT_PORT=7701\nNEO4J_USER='fileuser'\n"
        'GRIDNET_NEO4J_HEAP="2g"\nGRIDNET_QUERY_TIMEOUT=5 # inline comment\n',
    )
    s = Settings.from_env({"GRIDNET_BOLT_PORT": "7702"}, dotenv=dotenv)
    assert s.bolt_port == 7702  # env wins
    assert s.user == "fileuser"  # .env wins over default
    assert s.neo4j_heap == "2g"
    assert s.query_timeout == 5
    assert s.neo4j_pagecache == "512m"  # default
    assert s.uri == "bolt://127.0.0.1:7702"


def test_empty_env_var_means_not_configured(tmp_path: Path) -> None:
    dotenv = write_env(tmp_path, "NEO4J_URI=bolt://db.example:7687\n")
    assert not Settings.from_env({}, dotenv=dotenv).uses_local_server
    assert Settings.from_env({"NEO4J_URI": ""}, dotenv=dotenv).uses_local_server


def test_configured_uri_uses_configured_password(tmp_path: Path) -> None:
    env = {"NEO4J_URI": "neo4j://db.example:7687", "NEO4J_PASSWORD": "pw-from-env"}
    s = Settings.from_env(env, dotenv=None)
    assert not s.uses_local_server
    assert s.uri == "neo4j://db.example:7687"
    assert s.password == "pw-from-env"
    assert "pw-from-env" not in repr(s)


def test_local_password_comes_from_generated_file(tmp_path: Path) -> None:
    env = {"GRIDNET_HOME": str(tmp_path), "NEO4J_PASSWORD": "ignored", "GRIDNET_BOLT_PORT": "7799"}
    s = Settings.from_env(env, dotenv=None)
    assert s.uses_local_server
    assert s.uri == "bolt://127.0.0.1:7799"
    assert s.password is None  # not generated yet
    (tmp_path / "neo4j").mkdir()
    (tmp_path / "neo4j" / "password").write_text("generated\n")
    assert s.password == "generated"


def test_settings_are_hashable_and_equal_by_value() -> None:
    a = Settings.from_env({"GRIDNET_BOLT_PORT": "7711"}, dotenv=None)
    b = Settings.from_env({"GRIDNET_BOLT_PORT": "7711"}, dotenv=None)
    assert a == b and hash(a) == hash(b)


@pytest.mark.parametrize(
    ("key", "value"),
    [("GRIDNET_BOLT_PORT", "abc"), ("GRIDNET_BOLT_PORT", "70000"), ("GRIDNET_QUERY_TIMEOUT", "x")],
)
def test_bad_values_name_the_variable(key: str, value: str) -> None:
    with pytest.raises(SettingsError, match=key):
        Settings.from_env({key: value}, dotenv=None)


def test_parse_dotenv_ignores_junk(tmp_path: Path) -> None:
    dotenv = write_env(tmp_path, "\n  # c\nnot a pair\n=novalue\nA = b \nURL=http://x/#frag\n")
    assert parse_dotenv(dotenv) == {"A": "b", "URL": "http://x/#frag"}


def test_transaction_memory_cap(tmp_path: Path) -> None:
    missing = tmp_path / "missing.env"
    assert Settings.from_env({}, dotenv=missing).neo4j_tx_memory == "512m"
    raised = Settings.from_env({"GRIDNET_NEO4J_TX_MEMORY": " 1G "}, dotenv=missing)
    assert raised.neo4j_tx_memory == "1g"
    for bad in ("0", "lots", "256 m", "-1m", "256m\ndbms.security.auth_enabled=false"):
        with pytest.raises(SettingsError, match="GRIDNET_NEO4J_TX_MEMORY"):
            Settings.from_env({"GRIDNET_NEO4J_TX_MEMORY": bad}, dotenv=missing)
