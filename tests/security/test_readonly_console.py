"""The read-only console refuses every write and admin attempt, in the CLI and in
the explorer, and the database is unchanged after the whole corpus.

tests/queries/test_runner.py checks `run_readonly` itself on a few statements;
this file drives the user-facing surfaces with a wider corpus of tricks.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from click.testing import CliRunner
from neo4j import GraphDatabase
from streamlit.testing.v1 import AppTest

from gridnet.cli import main
from gridnet.settings import REPO_ROOT, Settings

from .conftest import Fingerprint, fingerprint, run_cli, user_env

APP = str(REPO_ROOT / "explorer_app.py")

WRITES = [
    "CREATE (n:Grid {id: 'EVIL'})",
    "MERGE (n:Grid {id: 'EVIL'}) RETURN n",
    "MATCH (g:Grid) SET g.name = 'pwned'",
    "MATCH (g:Grid) SET g:Evil RETURN count(g)",
    "MATCH (g:Grid) REMOVE g.name",
    "MATCH (r:Rating) DELETE r",
    "MATCH (n) DETACH DELETE n",
    "MATCH (g:Grid) MERGE (g)-[:EVIL]->(g)",
    "UNWIND range(1, 10) AS i CREATE (:Evil {i: i})",
    "FOREACH (i IN range(1, 3) | CREATE (:Evil {i: i}))",
    "MATCH (g:Grid) WITH collect(g) AS gs FOREACH (g IN gs | SET g.evil = 1)",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "CALL { CREATE (:Evil) } RETURN 1",
    "MATCH (g:Grid) CALL (g) { SET g.evil = true } RETURN count(*)",
    "MATCH (g:Grid) CALL { WITH g SET g.evil = 1 } RETURN count(*)",
    "RETURN 1 AS x UNION MATCH (n:Rating) DETACH DELETE n RETURN 1 AS x",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS line CREATE (:Evil {l: line})",
    "CREATE INDEX evil IF NOT EXISTS FOR (n:Grid) ON (n.evil)",
    "CREATE CONSTRAINT evil IF NOT EXISTS FOR (n:Evil) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT grid_id IF EXISTS",
    "DROP INDEX household_name IF EXISTS",
    "CREATE USER evil SET PASSWORD 'evil-evil-1' CHANGE NOT REQUIRED",
    "ALTER USER neo4j SET PASSWORD 'evil-evil-1' CHANGE NOT REQUIRED",
    "ALTER CURRENT USER SET PASSWORD FROM 'x' TO 'evil-evil-1'",
    "DROP USER neo4j",
    "CREATE ROLE evil",
    "GRANT ROLE admin TO evil",
    "SHOW USERS",
    "SHOW TRANSACTIONS",
    "SHOW SETTINGS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CREATE DATABASE evil",
    "STOP DATABASE neo4j",
    "DROP DATABASE neo4j",
    "USE system CREATE USER evil SET PASSWORD 'evil-evil-1'",
    "USE system SHOW USERS",
    "CALL db.createLabel('Evil')",
    "CALL db.createProperty('evil')",
    "CALL db.createRelationshipType('EVIL')",
    "CALL db.clearQueryCaches()",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "CALL apoc.create.node(['Evil'], {}) YIELD node RETURN node",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "MATCH (n) RETURN n LIMIT 1; MATCH (n) DETACH DELETE n",
    "RETURN 1; CREATE (:Evil)",
    "/* harmless */ CREATE (:Evil) // RETURN 1",
    "// a comment\nCREATE (:Evil)",
    "RETURN 1 // ; CREATE (:Evil)\n; CREATE (:Evil)",
    "EXPLAIN CREATE (:Evil)",
    "PROFILE CREATE (:Evil)",
    "CYPHER runtime=slotted CREATE (:Evil)",
    "\ufeffCREATE (:Evil)",
    "CREATE\u00a0(:Evil)",
    "CRE\u200bATE (:Evil)",
    "ＣＲＥＡＴＥ (:Evil)",
    "cReAtE (:Evil)",
    "MATCH (g:Grid) WITH g LIMIT 1 CREATE (g)-[:EVIL]->(:Evil)",
]


def admin_state(settings: Settings) -> dict[str, list]:
    """Users, roles, databases, constraints and indexes: what an admin command changes."""
    out: dict[str, list] = {}
    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        with driver.session(database="system") as s:
            out["users"] = sorted(r["user"] for r in s.run("SHOW USERS YIELD user"))
            out["databases"] = sorted(r["name"] for r in s.run("SHOW DATABASES YIELD name"))
        with driver.session(database=settings.database) as s:
            out["constraints"] = sorted(r["name"] for r in s.run("SHOW CONSTRAINTS YIELD name"))
            out["indexes"] = sorted(r["name"] for r in s.run("SHOW INDEXES YIELD name"))
            out["labels"] = sorted(r["label"] for r in s.run("CALL db.labels() YIELD label"))
            out["types"] = sorted(
                r["relationshipType"]
                for r in s.run("CALL db.relationshipTypes() YIELD relationshipType")
            )
            out["keys"] = sorted(
                r["propertyKey"] for r in s.run("CALL db.propertyKeys() YIELD propertyKey")
            )
    return out


@pytest.fixture(scope="module")
def baseline(city: Settings) -> Iterator[tuple[Fingerprint, dict[str, list]]]:
    before = (fingerprint(city), admin_state(city))
    yield before
    after = (fingerprint(city), admin_state(city))
    assert after[0] == before[0], after[0].diff(before[0])
    assert after[1] == before[1]


def check_refused(text: str, code: int, stdout: str, stderr: str) -> None:
    assert code != 0, (text, stdout)
    assert "Traceback" not in stderr + stdout, text
    message = stderr.strip()
    assert message.startswith("gridnet:") and len(message.splitlines()) == 1, (text, message)
    assert not stdout.strip(), (text, stdout)  # no result table


def test_cli_refuses_every_write_and_admin_attempt(
    city: Settings, baseline: tuple[Fingerprint, dict[str, list]]
) -> None:
    """The whole corpus through the CLI in-process (fast); the slow test below runs
    each as a real subprocess."""
    runner = CliRunner()
    for text in WRITES:
        done = runner.invoke(main, ["query", "cypher", text], env=user_env())
        assert not isinstance(done.exception, Exception) or isinstance(
            done.exception, SystemExit
        ), (text, done.exception)
        check_refused(text, done.exit_code, done.stdout, done.stderr)
    assert fingerprint(city) == baseline[0]
    assert admin_state(city) == baseline[1]


@pytest.mark.slow
def test_cli_subprocess_refuses_every_write_and_admin_attempt(
    city: Settings, baseline: tuple[Fingerprint, dict[str, list]]
) -> None:
    for text in WRITES:
        done = run_cli(["query", "cypher", text])
        check_refused(text, done.returncode, done.stdout, done.stderr)
    assert fingerprint(city) == baseline[0]
    assert admin_state(city) == baseline[1]


def test_cli_names_refusals_clearly(city: Settings) -> None:
    for text in (
        "CREATE (:Evil)",
        "CREATE INDEX evil FOR (n:Grid) ON (n.evil)",
        "SHOW USERS",
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
        "RETURN 1; CREATE (:Evil)",
        "CALL db.createLabel('Evil')",
    ):
        done = run_cli(["query", "cypher", text])
        assert "refused" in done.stderr.lower(), (text, done.stderr)


def test_explorer_console_refuses_every_write_and_admin_attempt(
    city: Settings, baseline: tuple[Fingerprint, dict[str, list]]
) -> None:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["page"] = "console"
    at.run()
    assert not at.exception
    at.text_area[0].input("MATCH (g:Grid) RETURN g.id AS id ORDER BY id")
    at.button[1].click().run()
    assert not at.error and len(at.dataframe) == 1  # the console does answer reads
    refused = 0
    for text in WRITES:
        at.text_area[0].input(text)
        at.button[1].click().run()
        assert not at.exception, (text, [e.value for e in at.exception])
        errors = [e.value for e in at.error]
        assert errors, text
        assert not at.dataframe, text  # no result table
        refused += 1
    assert refused == len(WRITES)
    assert fingerprint(city) == baseline[0]
