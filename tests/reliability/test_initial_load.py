"""`gridnet load PATH --initial`: the bulk first load gives the online load's graph.

On the module's throwaway server (`spare`: own GRIDNET_HOME, port, key and vault),
because the bulk load stops and restarts the server; the shared test server is
never touched. Both loads run there one after the other on the same data, and the
graphs are compared element by element (`tests/reliability/graphcheck.py`).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from gridnet import db
from gridnet.bench.run import bulk_figures
from gridnet.keys import create_keyring
from gridnet.loaders import bulk, synthetic
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.loaders.lookups import NoLookup
from gridnet.loaders.passes import validate
from gridnet.loaders.pipeline import accepted_tables, load_path
from gridnet.loaders.readers import open_dataset
from gridnet.privacy import PERSONAL
from gridnet.queries import rollup
from gridnet.settings import Settings
from gridnet.vault import Vault

from .conftest import base_env, run_cli
from .graphcheck import fingerprint
from .netfault import free_port

WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def _wipe(settings: Settings) -> None:
    with db.Database.connect(settings) as database, database.session() as s:
        s.run(WIPE).consume()


def _clear_values(settings: Settings, label: str, ids: list[str]) -> dict[str, dict[str, str]]:
    with Vault.open(settings) as vault:
        return vault.get(label, ids)


def test_bulk_first_load_gives_the_online_graph_and_vault(
    spare: tuple[Settings, dict[str, str]], tmp_path: Path
) -> None:
    settings, env = spare
    city = tmp_path / "city"
    synthetic.generate_to_dir(city, preset="xiaogan", seed=3, scale=0.05)
    with (city / "households.csv").open(encoding="utf-8-sig", newline="") as fh:
        homes = {r["id"]: r for r in csv.DictReader(fh)}
    ids = sorted(homes)[:25]

    _wipe(settings)
    with db.Database.connect(settings) as database:
        online = load_path(database, city, rejects=None, progress=False)
        assert online.report.rejected_rows == 0
        constraints = len(database.read("SHOW CONSTRAINTS YIELD name RETURN name"))
    expected = fingerprint(settings)
    revealed = _clear_values(settings, "Household", ids)
    settings.vault_file.unlink()  # the bulk load must write the vault again itself

    # through the bench's child process: `load_path(initial=True)` end to end
    figures = bulk_figures(
        settings, city, 0, {"ok": True, "rows_per_s": 1000.0}, restart=False, env=env
    )
    assert figures["ok"] and figures["rows"] == online.report.rows
    assert set(figures["phases"]) == {"files", "stop", "import", "start", "schema"}
    assert figures["bulk_vs_import"] == round(figures["rows_per_s"] / 1000.0, 4)

    got = fingerprint(settings)
    assert got.diff(expected) == []
    assert got.nodes["Household"] == len(homes) and got.rels["IN_GRID"] > 0
    # the same clear values come back from the vault, and they are the input's
    assert _clear_values(settings, "Household", ids) == revealed
    for node_id in ids:
        for column, value in revealed[node_id].items():
            assert homes[node_id][column] == value
    with Vault.open(settings) as vault:
        assert vault.count("Household") == len(homes)
    with db.Database.connect(settings) as database:
        assert len(database.read("SHOW CONSTRAINTS YIELD name RETURN name")) == constraints
        assert rollup.state(database) is not None  # the rollups were refreshed after it
        clear = database.read(
            "MATCH (h:Household) WHERE h.id IN $ids RETURN h.name AS name, h.phone AS phone",
            {"ids": ids},
        )
    assert all(r["name"].endswith("**") and "****" in r["phone"] for r in clear)


def test_bad_row_is_rejected_as_the_online_load_rejects_it(
    spare: tuple[Settings, dict[str, str]], tmp_path: Path
) -> None:
    settings, env = spare
    data = tmp_path / "city"
    shutil.copytree(EXAMPLE_CSV, data)
    households = data / "households.csv"
    lines = households.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",4,false,", ",many,false,")  # H-0000002's size
    households.write_text("\n".join(lines) + "\n", encoding="utf-8")

    _wipe(settings)
    online = run_cli(["load", str(data), "--quiet", "--rejects", str(tmp_path / "a.csv")], env)
    assert online.returncode == 1, online.stderr
    expected = fingerprint(settings)
    _wipe(settings)
    done = run_cli(
        ["load", str(data), "--initial", "--quiet", "--rejects", str(tmp_path / "b.csv")], env
    )
    assert done.returncode == 1, done.stderr
    problems = [line for line in done.stderr.splitlines() if line.startswith("problem:")]
    assert problems == [x for x in online.stderr.splitlines() if x.startswith("problem:")]
    assert any("households.csv" in p and "row 3" in p and "size" in p for p in problems)
    assert (tmp_path / "b.csv").read_bytes() == (tmp_path / "a.csv").read_bytes()
    assert "by the importer" in done.stdout
    got = fingerprint(settings)
    assert got.diff(expected) == []
    with db.Database.connect(settings) as database:
        left = database.read("MATCH (h:Household {id: 'H-0000002'}) RETURN count(h) AS n")
    assert left[0]["n"] == 0


def test_initial_is_refused_on_a_database_with_data(
    spare: tuple[Settings, dict[str, str]],
) -> None:
    settings, env = spare
    _wipe(settings)
    with db.Database.connect(settings) as database:
        database.write("CREATE (:Area {id: 'A-KEEP', name: '保留'})")
    done = run_cli(["load", str(EXAMPLE_CSV), "--initial", "--quiet"], env)
    assert done.returncode == 2
    assert "holds data" in done.stderr and "without --initial" in done.stderr
    assert "Traceback" not in done.stderr
    with db.Database.connect(settings) as database:
        rows = database.read("MATCH (n) WHERE NOT n:Role RETURN n.id AS id")
    assert [r["id"] for r in rows] == ["A-KEEP"]  # nothing read, nothing written


def test_initial_is_refused_for_a_remote_server(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there: a refusal must come before connecting
    env = base_env(NEO4J_URI=f"bolt://127.0.0.1:{port}", GRIDNET_HOME=str(tmp_path / "home"))
    done = run_cli(["load", str(EXAMPLE_CSV), "--initial"], env)
    assert done.returncode == 2
    assert "NEO4J_URI" in done.stderr and "load without --initial" in done.stderr
    assert "unavailable" not in done.stderr


@pytest.mark.unit
def test_importer_files_hold_what_the_online_writer_sets(tmp_path: Path) -> None:
    """Typed headers from the columns, one id space per label, polymorphic ends split,
    and residents only as display forms and tokens (the clear values in the vault)."""
    data = tmp_path / "data"
    synthetic.generate_to_dir(data, preset="xiaogan", seed=3, scale=0.05)
    with (
        validate(open_dataset(data), NoLookup()) as report,
        Vault(tmp_path / "vault.sqlite3", create_keyring(tmp_path / "k.key")) as vault,
    ):
        files = bulk.write_import_files(accepted_tables(report), tmp_path / "import", vault)
        assert vault.count("Household") == report.tables["households"].accepted_count
    nodes = dict(files.nodes)
    assert {"Household", "Person", "ServiceRequest", "Role", "Grid"} <= set(nodes)
    kinds = {rel for rel, _ in files.relationships}
    assert {"IN_GRID", "SERVES", "RAISED", "MEMBER_OF", "HAS_ROLE", "RATES"} <= kinds

    def header(path: Path) -> list[str]:
        with path.open(encoding="utf-8") as fh:
            return next(csv.reader(fh))

    requests = header(nodes["ServiceRequest"])
    assert requests[0] == "id:ID(ServiceRequest)"
    assert "opened_at:localdatetime" in requests and "deadline:date" in requests
    homes = header(nodes["Household"])
    assert "location:point{crs:WGS-84}" in homes and "size:long" in homes
    assert {f"{p}_token" for p in PERSONAL["Household"]} <= set(homes)
    serves = [p for rel, p in files.relationships if rel == "SERVES"]
    starts = {header(p)[0] for p in serves}
    assert {":START_ID(Person)", ":START_ID(Household)", ":START_ID(Platform)"} <= starts
    with (data / "households.csv").open(encoding="utf-8-sig", newline="") as fh:
        clear = {r["phone"] for r in csv.DictReader(fh) if r["phone"]}
    written = nodes["Household"].read_text(encoding="utf-8")
    assert clear and not any(phone in written for phone in clear)
    assert files.tables["households"].nodes_created == report.tables["households"].accepted_count
