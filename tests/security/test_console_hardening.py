"""Ad-hoc Cypher (CLI `gridnet query cypher` and the explorer console) beyond
read-only: procedures and functions from allow-lists checked on the plan before
anything runs, bounded text, a timeout that is never off, an answer within the
timeout plus a few seconds for pathological queries, and server errors that do
not quote the data they failed on.
"""

from __future__ import annotations

import time

import pytest
import streamlit as st
from click.testing import CliRunner
from neo4j import GraphDatabase
from streamlit.testing.v1 import AppTest

from gridnet import db
from gridnet.cli import main
from gridnet.queries import runner
from gridnet.queries.runner import QueryError, QueryTimeout, WriteRefused
from gridnet.settings import REPO_ROOT, Settings

from .conftest import user_env
from .personal import leaks, personal_values

APP = str(REPO_ROOT / "explorer_app.py")

# Registered procedures outside the allow-list, alone, in subqueries and unions.
DENIED_PROCEDURES = [
    ("CALL db.stats.retrieve('GRAPH COUNTS')", "db.stats.retrieve"),
    ("CALL db.stats.collect('QUERIES')", "db.stats.collect"),
    ("CALL db.stats.status()", "db.stats.status"),
    ("CALL db.clearQueryCaches()", "db.clearQueryCaches"),
    ("CALL db.prepareForReplanning()", "db.prepareForReplanning"),
    ("CALL db.resampleIndex('grid_id')", "db.resampleIndex"),
    ("CALL db.resampleOutdatedIndexes()", "db.resampleOutdatedIndexes"),
    ("CALL db.awaitIndex('grid_id')", "db.awaitIndex"),
    ("CALL db.awaitIndexes(5)", "db.awaitIndexes"),
    ("CALL db.info()", "db.info"),
    ("CALL dbms.listConnections()", "dbms.listConnections"),
    ("CALL dbms.killConnection('bolt-1')", "dbms.killConnection"),
    ("CALL dbms.listConfig()", "dbms.listConfig"),
    ("CALL dbms.info()", "dbms.info"),
    ("CALL dbms.queryJmx('*:*')", "dbms.queryJmx"),
    ("CALL dbms.showCurrentUser()", "dbms.showCurrentUser"),
    ("CALL dbms.listCapabilities()", "dbms.listCapabilities"),
    ("CALL tx.setMetaData({owner: 'x'})", "tx.setMetaData"),
    ("CALL tx.getMetaData()", "tx.getMetaData"),
    (
        "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()",
        "db.index.fulltext.awaitEventuallyConsistentIndexRefresh",
    ),
    (
        "CALL () { CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data } "
        "RETURN count(*) AS n",
        "db.stats.retrieve",
    ),
    (
        "MATCH (g:Grid) CALL (g) { CALL db.info() YIELD id RETURN id } RETURN count(*) AS n",
        "db.info",
    ),
    (
        "MATCH (g:Grid) WITH g LIMIT 1 CALL (g) { CALL () { CALL dbms.listConnections() "
        "YIELD connectionId RETURN connectionId } RETURN connectionId } RETURN connectionId",
        "dbms.listConnections",
    ),
    ("RETURN 1 AS x UNION CALL db.info() YIELD id RETURN 1 AS x", "db.info"),
    (
        "RETURN COUNT { CALL db.labels() YIELD label CALL db.info() YIELD id RETURN id } AS n",
        "db.info",
    ),
]

ALLOWED = [
    "CALL db.labels()",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.relationshipTypes()",
    "CALL db.propertyKeys()",
    "CALL db.schema.visualization()",
    "CALL db.schema.nodeTypeProperties()",
    "CALL db.schema.relTypeProperties()",
    "CALL dbms.components() YIELD name, versions RETURN name, versions",
    "CALL () { CALL db.labels() YIELD label RETURN label } RETURN count(label) AS n",
    "SHOW INDEXES",
    "SHOW CONSTRAINTS",
]


def stats_collecting(settings: Settings, stop: bool = False) -> list[str]:
    """Sections of db.stats that are collecting right now, as the operator sees them;
    with `stop`, the operator first stops any collection."""
    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as d:
        with d.session(database=settings.database) as s:
            if stop:
                s.run("CALL db.stats.stop('QUERIES')").consume()
            return [r["section"] for r in s.run("CALL db.stats.status()") if r["status"] != "idle"]


@pytest.mark.parametrize(("text", "name"), DENIED_PROCEDURES)
def test_procedures_outside_the_allow_list_are_refused(
    database: db.Database, city: Settings, text: str, name: str
) -> None:
    with pytest.raises(WriteRefused) as info:
        runner.run_readonly(database, text)
    assert f"procedure {name} is not allowed" in str(info.value)


def test_a_refused_procedure_never_runs(database: db.Database, city: Settings) -> None:
    """db.stats.collect would start a collection the operator can see; the plan check
    refuses it before the query runs, so none starts."""
    assert stats_collecting(city, stop=True) == []
    for text in (
        "CALL db.stats.collect('QUERIES')",
        "CALL () { CALL db.stats.collect('QUERIES') YIELD section RETURN section } RETURN section",
    ):
        with pytest.raises(WriteRefused):
            runner.run_readonly(database, text)
    assert stats_collecting(city) == []


@pytest.mark.parametrize("text", ALLOWED)
def test_schema_introspection_runs(database: db.Database, city: Settings, text: str) -> None:
    result = runner.run_readonly(database, text)
    assert result.rows and result.query_type == "r"


def test_allow_list_names_real_procedures_only(database: db.Database, city: Settings) -> None:
    """Every allowed name exists on the server, and most of the server's are refused."""
    names = {r["name"] for r in database.read("SHOW PROCEDURES YIELD name RETURN name")}
    assert runner.ALLOWED_PROCEDURES <= names, runner.ALLOWED_PROCEDURES - names
    assert len(names - runner.ALLOWED_PROCEDURES) > 30


def test_labels_come_back_through_the_cli(city: Settings) -> None:
    done = CliRunner().invoke(main, ["query", "cypher", "CALL db.labels()"], env=user_env())
    assert done.exit_code == 0, done.stderr
    assert "Household" in done.stdout
    done = CliRunner().invoke(main, ["query", "cypher", "CALL db.info()"], env=user_env())
    assert done.exit_code == 1 and "procedure db.info is not allowed" in done.stderr
    assert not done.stdout.strip()


def test_user_defined_functions_are_refused_from_a_real_plan(
    database: db.Database, city: Settings
) -> None:
    """The local server has no plugin functions, so a built-in one stands in for a
    user-defined function in the check; the plan is the server's own."""
    with database.session(read_only=True) as s:
        summary = s.run("EXPLAIN MATCH (g:Grid) RETURN toUpper(g.name) AS n").consume()
        plain = s.run("EXPLAIN MATCH (g:Grid) RETURN g.name AS n").consume()
    assert runner.vet_plan(summary) == "r"
    with pytest.raises(WriteRefused) as info:
        runner.vet_plan(summary, {"toUpper", "apoc.text.join"})
    assert "user-defined function toUpper" in str(info.value)
    assert runner.vet_plan(plain, {"toUpper"}) == "r"
    assert runner.called_functions(summary.plan, {"toUpper", "apoc.text.join"}) == ["toUpper"]


@pytest.mark.unit
# --------------------------------------------------------------- bounded text
def test_length_and_nesting_are_checked_before_anything_is_sent() -> None:
    """A handle on a port where nothing listens: the limits answer first."""
    settings = Settings.from_env(
        {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "x"}, dotenv=None
    )
    driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password or ""))
    nowhere = db.Database(driver, settings)
    long_text = "RETURN 1 AS x //" + "x" * runner.MAX_QUERY_CHARS
    with pytest.raises(QueryError) as info:
        runner.run_readonly(nowhere, long_text)
    assert "too long" in str(info.value) and f"{runner.MAX_QUERY_CHARS:,}" in str(info.value)
    deep = "RETURN " + "[" * (runner.MAX_NESTING + 1) + "1" + "]" * (runner.MAX_NESTING + 1)
    with pytest.raises(QueryError) as info:
        runner.run_readonly(nowhere, deep)
    assert "nested too deeply" in str(info.value) and str(runner.MAX_NESTING) in str(info.value)
    with pytest.raises(db.DatabaseUnavailable):  # a query within the limits does go out
        runner.run_readonly(nowhere, "RETURN 1")
    nowhere.close()


def test_texts_at_the_limits_run(database: db.Database, city: Settings) -> None:
    n = runner.MAX_NESTING
    deep = "RETURN " + "(" * n + "1" + ")" * n + " AS x"
    assert runner.run_readonly(database, deep).rows == [[1]]
    # brackets inside strings and comments are not nesting
    quoted = "RETURN '" + "(" * 500 + "' AS s // " + "{" * 500
    assert runner.run_readonly(database, quoted).rows == [["(" * 500]]
    padded = "RETURN 2 AS x " + " " * (runner.MAX_QUERY_CHARS - 20)
    assert len(padded) <= runner.MAX_QUERY_CHARS
    assert runner.run_readonly(database, padded).rows == [[2]]


@pytest.mark.unit
def test_nesting_depth_counts_only_code() -> None:
    assert runner.nesting_depth("RETURN [[1], {a: (2)}]") == 3
    assert runner.nesting_depth("RETURN '((((' + \"[[[\" AS `((`") == 0
    assert runner.nesting_depth("RETURN 1 /* ((( */ // [[[\n + (1)") == 1


# --------------------------------------------------------------- timeouts
@pytest.mark.parametrize("bad", [0, -1, runner.MAX_TIMEOUT + 1, float("nan")])
def test_the_timeout_cannot_be_turned_off(
    database: db.Database, city: Settings, bad: float
) -> None:
    with pytest.raises(QueryError) as info:
        runner.run_readonly(database, "RETURN 1", timeout=bad)
    assert "timeout must be" in str(info.value)


def test_cli_timeout_zero_is_refused_not_unlimited(city: Settings) -> None:
    done = CliRunner().invoke(
        main, ["query", "cypher", "RETURN 1 AS one", "--timeout", "0"], env=user_env()
    )
    assert done.exit_code == 1
    assert "timeout must be more than 0" in done.stderr and not done.stdout.strip()


@pytest.mark.unit
def test_configured_no_limit_is_capped_for_the_console() -> None:
    unlimited = Settings.from_env({"GRIDNET_QUERY_TIMEOUT": "0"}, dotenv=None)
    assert runner.console_timeout(None, unlimited) == runner.MAX_TIMEOUT
    huge = Settings.from_env({"GRIDNET_QUERY_TIMEOUT": "86400"}, dotenv=None)
    assert runner.console_timeout(None, huge) == runner.MAX_TIMEOUT
    assert runner.console_timeout(2.5, huge) == 2.5


def test_explorer_timeout_widget_is_bounded(city: Settings) -> None:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"  # these tests read the English texts
    at.query_params["page"] = "console"
    at.run()
    widget = next(w for w in at.number_input if w.label.startswith("Timeout"))
    assert widget.proto.has_min and widget.proto.min > 0
    assert widget.proto.has_max and widget.proto.max == runner.MAX_TIMEOUT


# A few pathological queries: each must come back as a timeout or a memory error
# (never "unavailable") within the timeout plus 5 s, and the server keeps answering.
TIMEOUT = 3.0
# The memory cases get a longer timeout: on a busy machine the server may take more
# than 3 s to fill 512 MiB, and these cases are about the memory limit answering.
MEMORY_TIMEOUT = 30.0
PATHOLOGICAL = [
    ("UNWIND range(1, 200000000) AS i RETURN collect(i) AS xs", "memory"),
    ("UNWIND range(1, 50000000) AS i WITH i ORDER BY i DESC RETURN i", "memory"),
    (
        "UNWIND range(1, 20000000) AS i WITH DISTINCT toString(i) AS s RETURN count(s) AS n",
        "either",
    ),
    (
        "MATCH (a), (b), (c), (d) WHERE a.id + b.id + c.id + d.id = 'x' RETURN count(*) AS n",
        "timeout",
    ),
    (
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
        "WITH a, b WHERE a * b = -1 RETURN count(*) AS n",
        "timeout",
    ),
    # reduce() over a long list never looks at the termination flag: only the
    # client-side deadline answers in time
    ("RETURN reduce(s = 0, i IN range(1, 600000000) | s + i) AS s", "timeout"),
]


@pytest.mark.parametrize(("text", "kind"), PATHOLOGICAL)
def test_pathological_queries_answer_in_time_and_truly(
    database: db.Database, city: Settings, text: str, kind: str
) -> None:
    timeout = MEMORY_TIMEOUT if kind == "memory" else TIMEOUT
    started = time.monotonic()
    with pytest.raises(QueryError) as info:
        runner.run_readonly(database, text, timeout=timeout)
    elapsed = time.monotonic() - started
    message = str(info.value)
    assert elapsed < timeout + 5, (elapsed, message)
    assert "unavailable" not in message.lower()
    if kind == "either":  # whichever limit the server reaches first
        kind = "timeout" if isinstance(info.value, QueryTimeout) else "memory"
    if kind == "timeout":
        assert isinstance(info.value, QueryTimeout) and "timeout" in message, message
    else:
        assert not isinstance(info.value, QueryTimeout)
        assert "memory" in message and "MemoryPoolOutOfMemoryError" in message, message
    assert runner.run_readonly(database, "RETURN 1 AS one").rows == [[1]]


def test_local_server_caps_transaction_memory(database: db.Database, city: Settings) -> None:
    assert city.neo4j_tx_memory == "512m"  # GRIDNET_NEO4J_TX_MEMORY's default
    rows = database.read(
        "SHOW SETTINGS YIELD name, value WHERE name = 'db.memory.transaction.max' RETURN value"
    )
    assert rows == [{"value": "512.00MiB"}]


# --------------------------------------------------------------- error text
FAILING_ON_DATA = [
    "MATCH (h:Household) RETURN range(1, h.name) AS r",
    "MATCH (h:Household) RETURN duration(h.phone) AS d",
    "MATCH (h:Household) RETURN date(h.address) AS d",
    "MATCH (h:Household) WITH h LIMIT 1 RETURN [1][h.phone] AS x",
    "MATCH (p:Person) RETURN date(p.id_number) AS d",
    "MATCH (p:Person) RETURN point({x: p.phone, y: p.name}) AS pt",
    "MATCH (p:Person) RETURN p.name - 1 AS x",
]


@pytest.mark.parametrize("text", FAILING_ON_DATA)
def test_errors_do_not_quote_the_data(database: db.Database, city: Settings, text: str) -> None:
    with pytest.raises(QueryError) as info:
        runner.run_readonly(database, text)
    message = str(info.value)
    assert message.startswith("Neo.ClientError.Statement."), message
    assert not leaks(message), (message, leaks(message))


def test_errors_keep_the_code_and_the_kind(database: db.Database, city: Settings) -> None:
    with pytest.raises(QueryError) as info:
        runner.run_readonly(database, "RETURN 1/0 AS x")
    assert str(info.value) == "Neo.ClientError.Statement.ArithmeticError: / by zero"
    with pytest.raises(QueryError) as info:
        runner.run_readonly(database, "MATCH (h:Household) RETURN range(1, h.name) AS r")
    assert "TypeError" in str(info.value) and "Expected a numeric value" in str(info.value)
    # planning errors quote the user's own text, not data: kept whole
    with pytest.raises(QueryError) as info:
        runner.run_readonly(database, "MATCH (g:Grid RETURN g")
    assert "Invalid input 'RETURN'" in str(info.value) and "line 1, column 15" in str(info.value)


def test_cli_and_explorer_show_errors_without_the_data(city: Settings) -> None:
    values = personal_values()
    text = "MATCH (h:Household) RETURN range(1, h.name) AS r"
    done = CliRunner().invoke(main, ["query", "cypher", text], env=user_env())
    assert done.exit_code == 1 and "TypeError" in done.stderr
    assert not leaks(done.stderr + done.stdout, values)
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"  # these tests read the English texts
    at.query_params["page"] = "console"
    at.run()
    at.text_area[0].input(text)
    at.button[1].click().run()
    # the plain sentence, and the server's reason behind the "technical details" expander
    errors = " ".join(e.value for e in at.error) + " " + " ".join(c.value for c in at.code)
    assert "TypeError" in errors and not at.dataframe
    assert not leaks(errors, values)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("raw", "secret"),
    [
        ("Expected a String but was 'Wang Jianguo'", "Wang Jianguo"),
        ('Invalid input: got String("王建国") (line 1, column 8 (offset: 7))', "王建国"),
        ("Cannot convert 13812345678 to a date", "13812345678"),
        ("Cannot convert 138-1234-5678 to a date", "1234"),
        ("bad id 420102199001011234 here", "420102199001011234"),
        ('Text cannot be parsed to a Date\n"北京路1号"\n ^', "北京路"),
        ('List{String("a-secret"), Long(1)} is not a map', "a-secret"),
    ],
)
def test_safe_error_text_strips_quoted_values_and_digit_runs(raw: str, secret: str) -> None:
    text = runner.safe_error_text(raw)
    assert secret not in text, text
    assert text  # the kind of error stays


@pytest.mark.unit
def test_safe_error_text_keeps_the_position() -> None:
    text = runner.safe_error_text("Bad 'x' (line 3, column 12 (offset: 1234))")
    assert text == "Bad '…' (line 3, column 12 (offset: 1234))"
