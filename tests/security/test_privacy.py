"""Residents' personal data never sits in clear in the graph: the loader writes display
forms and keyed tokens, the clear values go to the encrypted vault. So no console
statement, catalog query, gap report, export or loader message can show them; only
the vault reveals them, with the key, and logs it."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

from click.testing import CliRunner

from gridnet import access_log
from gridnet.cli import main
from gridnet.db import Database
from gridnet.geo import haversine_m
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.privacy import CELL_ERROR_M, PERSONAL, coarsen, display
from gridnet.settings import Settings
from gridnet.vault import Vault

from .conftest import run_cli
from .leak_corpus import CATALOG, CORPUS
from .personal import leaks, personal_values


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _all_properties(database: Database) -> list[tuple[str, str, object]]:
    rows = database.read("MATCH (n) UNWIND keys(n) AS k RETURN elementId(n) AS e, k, n[k] AS v")
    return [(r["e"], r["k"], r["v"]) for r in rows]


def test_no_node_property_equals_or_contains_a_clear_value(
    database: Database, city: Settings
) -> None:
    """Through the stock driver: the graph holds display forms, never the input's values."""
    values = personal_values()
    assert len(values) > 40
    props = _all_properties(database)
    assert len(props) > 500
    found = [(k, v) for _, k, v in props if isinstance(v, str) and any(x in v for x in values)]
    assert not found, found[:5]
    # and the display forms are there instead, with one token per personal value
    row = database.read("MATCH (h:Household {id: 'H-0000001'}) RETURN h")[0]["h"]
    assert row["name"] == display("name", "李明") == "李**"
    assert row["phone"] == "138****0001" and len(row["phone_token"]) == 32


def _numbers(value: object) -> list[float]:
    """Every number inside a property value (points and lists included)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [float(value)]
    if isinstance(value, (list, tuple)):  # a neo4j Point is a tuple of its coordinates
        return [x for v in value for x in _numbers(v)]
    return []


def test_a_home_point_reaches_the_graph_only_coarsened(database: Database, city: Settings) -> None:
    """A rural household's own point is personal: the graph holds it on the 0.001-degree
    lattice (within CELL_ERROR_M), the vault the exact degrees, and no property of any
    node (number, point, list or text) carries an exact one."""
    rows = read_rows(EXAMPLE_CSV / "households.csv")
    exact = {r["id"]: (float(r["lat"]), float(r["lon"])) for r in rows if r["lat"]}
    assert len(exact) == 2
    found = database.read(
        "MATCH (h:Household) WHERE h.id IN $ids "
        "RETURN h.id AS id, h.lat AS lat, h.lon AS lon, h.location AS at, "
        "h.lat_token AS lat_token",
        {"ids": sorted(exact)},
    )
    assert len(found) == 2
    for r in found:
        lat, lon = exact[r["id"]]
        assert (r["lat"], r["lon"]) == (coarsen(lat), coarsen(lon)) != (lat, lon)
        assert (r["at"].latitude, r["at"].longitude) == (r["lat"], r["lon"])
        assert 0 < haversine_m(lat, lon, r["lat"], r["lon"]) <= CELL_ERROR_M
        assert len(r["lat_token"]) == 32
    degrees = {x for point in exact.values() for x in point}
    texts = {f"{x}" for x in degrees}
    leaked = [
        (k, v)
        for _, k, v in _all_properties(database)
        if any(abs(n - x) < 1e-9 for n in _numbers(v) for x in degrees)
        or (isinstance(v, str) and any(t in v for t in texts))
    ]
    assert not leaked, leaked
    with Vault.open(city) as vault:
        clear = vault.get("Household", sorted(exact))
    assert {h: (float(c["lat"]), float(c["lon"])) for h, c in clear.items()} == exact


def test_leak_corpus_through_the_cli(city: Settings) -> None:
    values = personal_values()
    runner = CliRunner()
    assert len(CORPUS) >= 30
    for statement, category in CORPUS:
        for fmt in ("table", "json"):
            done = runner.invoke(main, ["query", "cypher", statement, "--format", fmt])
            found = leaks(done.stdout + done.stderr, values)
            assert not found, (category, statement, found)
    for args in CATALOG + [["gaps", "--all-columns"]]:
        done = runner.invoke(main, [*args, "--format", "csv"])
        assert done.exit_code == 0, (args, done.output)
        assert not leaks(done.stdout + done.stderr, values), args
    # the same through a real process, errors included
    for statement, _ in CORPUS[::5]:
        done = run_cli(["query", "cypher", statement, "--format", "json"])
        assert not leaks(done.stdout + done.stderr, values), statement


def test_a_clear_name_finds_nobody_in_the_graph(city: Settings) -> None:
    done = CliRunner().invoke(
        main,
        [
            "query",
            "cypher",
            "MATCH (n) WHERE n.name = '李明' RETURN count(n) AS c",
            "--format",
            "json",
        ],
    )
    assert json.loads(done.stdout) == [{"c": 0}]
    done = CliRunner().invoke(
        main, ["query", "run", "search_by_name", "-p", "text=李明", "--format", "json"]
    )
    assert done.exit_code == 0 and not any(
        "H-0000001" in json.dumps(r) for r in json.loads(done.stdout)
    )


def test_vault_holds_the_clear_values_and_is_private(city: Settings) -> None:
    with Vault.open(city) as vault:
        assert vault.get("Household", ["H-0000001"])["H-0000001"] == {
            "name": "李明",
            "address": "1栋1单元101",
            "phone": "13800000001",
        }
        for table, label in (("households", "Household"), ("people", "Person")):
            rows = read_rows(EXAMPLE_CSV / f"{table}.csv")
            assert vault.get(label, [r["id"] for r in rows]) == {
                r["id"]: {f: r[f] for f in PERSONAL[label] if r[f]} for r in rows
            }
    raw = city.vault_file.read_bytes()
    assert "李明".encode() not in raw and b"13800000001" not in raw  # encrypted at rest
    for path in (city.vault_file, city.key_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700, path.parent
    assert city.key_file.parent != city.vault_file.parent


def test_cli_reveal_and_search_need_the_key_and_are_logged(city: Settings, tmp_path: Path) -> None:
    before = len(list(access_log.read_entries(city.access_log)))
    done = run_cli(["privacy", "reveal", "H-0000001", "H-0000002"])
    assert done.returncode == 0, done.stderr
    assert "李明" in done.stdout and "13800000001" in done.stdout
    done = run_cli(["privacy", "search", "明"])
    assert done.returncode == 0 and "李明" in done.stdout
    found = [json.loads(line) for line in done.stdout.splitlines()]
    assert {"Household", "Person"} <= {f["label"] for f in found}
    entries = list(access_log.read_entries(city.access_log))[before:]
    assert [e["action"] for e in entries][:1] == ["reveal"]
    assert entries[0]["ids"] == ["H-0000001", "H-0000002"]
    assert entries[0]["actor"].startswith("cli:")
    assert "search" in {e["action"] for e in entries}
    assert not any("李明" in json.dumps(e, ensure_ascii=False) for e in entries)
    # without the key: one clear line, nothing revealed
    env_missing = {"GRIDNET_KEY_FILE": str(tmp_path / "no.key")}
    from .conftest import user_env

    done = run_cli(["privacy", "reveal", "H-0000001"], env=user_env(**env_missing))
    assert done.returncode == 2 and "privacy key" in done.stderr
    assert "李明" not in done.stdout + done.stderr


def test_export_writes_display_forms_unless_unmasked_which_is_logged(
    city: Settings, tmp_path: Path
) -> None:
    values = personal_values()
    masked = tmp_path / "masked"
    done = run_cli(["export", str(masked)])
    assert done.returncode == 0, done.stderr
    text = "".join(p.read_text("utf-8") for p in masked.glob("*.csv"))
    assert not leaks(text, values)
    with (masked / "households.csv").open(encoding="utf-8") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    assert names and all(n.endswith("**") for n in names)

    before = len(list(access_log.read_entries(city.access_log)))
    clear = tmp_path / "clear"
    done = run_cli(["export", str(clear), "--unmasked"])
    assert done.returncode == 0, done.stderr
    text = "".join(p.read_text("utf-8") for p in clear.glob("*.csv"))
    assert leaks(text, values) == sorted(values)  # a backup must hold everything
    assert stat.S_IMODE(clear.stat().st_mode) == 0o700
    for path in clear.glob("*.csv"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not leaks(done.stdout + done.stderr, values)
    logged = list(access_log.read_entries(city.access_log))[before:]
    assert {e["label"] for e in logged} == set(PERSONAL)
    assert all(e["action"] == "export-unmasked" for e in logged)


def test_a_masked_export_is_refused_as_input(city: Settings, tmp_path: Path) -> None:
    """Loading display forms would overwrite the vault with them: each cell is rejected."""
    masked = tmp_path / "masked"
    assert run_cli(["export", str(masked)]).returncode == 0
    done = run_cli(["load", str(masked), "--dry-run", "--rejects", str(tmp_path / "r.csv")])
    assert done.returncode == 1
    assert "households.csv" in done.stderr and "display form" in done.stderr


def test_loader_messages_do_not_echo_personal_values(city: Settings, tmp_path: Path) -> None:
    """Problems name file, row and column, but a rejected row's personal cells stay out
    of the terminal; the rejects file keeps them for the data owner to fix."""
    folder = tmp_path / "data"
    folder.mkdir()
    secret = {
        "name": "欧阳秘密",
        "phone": "13912345678",
        "address": "秘密路8号3单元",
        "id_number": "420902199001011234",
    }
    with (folder / "households.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "grid_id", "phone", "address", "size"])
        w.writerow(["H-P1", secret["name"], "G-NOPE", secret["phone"], secret["address"], "2"])
        w.writerow(["H-P2", secret["name"], "G-0001", secret["phone"], secret["address"], "x"])
        w.writerow(["H-P3", secret["name"], "G-0001", secret["phone"], secret["address"], "2"])
        w.writerow(["H-P3", secret["name"], "G-0001", secret["phone"], secret["address"], "2"])
    with (folder / "people.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "phone", "id_number", "household_id", "birth_year"])
        w.writerow(["P-P1", secret["name"], secret["phone"], secret["id_number"], "H-P1", "1990"])
        w.writerow(["P-P2", secret["name"], secret["phone"], secret["id_number"], "", "abc"])
    rejects = tmp_path / "rejects.csv"
    done = run_cli(["load", str(folder), "--quiet", "--rejects", str(rejects)], cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    output = done.stdout + done.stderr
    assert output.count("problem:") >= 5
    for value in secret.values():
        assert value not in output, value
    kept = rejects.read_text("utf-8-sig")
    for value in secret.values():
        assert value in kept, value
