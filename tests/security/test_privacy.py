"""Residents' personal data is masked by default in every output gridnet writes:
query and gap output, exports, loader messages. GRIDNET_SHOW_PERSONAL=1 shows it
(an operator's decision); `gridnet export --unmasked` writes it into private files."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

from click.testing import CliRunner

from gridnet.cli import main
from gridnet.settings import Settings

from .conftest import run_cli, user_env
from .personal import leaks, personal_values

QUERIES = [
    ["query", "cypher", "MATCH (h:Household) RETURN h"],
    ["query", "cypher", "MATCH (p:Person) RETURN p"],
    ["query", "cypher", "MATCH (p:Person)-[:LIVES_IN]->(h) RETURN p, h"],
    ["query", "cypher", "MATCH (h:Household) RETURN collect(h) AS all"],
    ["query", "cypher", "MATCH (h:Household) RETURN h.name AS household_name, h.phone AS phone,"
     " h.address AS address"],
    ["query", "cypher", "MATCH (p:Person) RETURN p.name AS person_name, p.id_number AS id_number,"
     " p.phone AS phone"],
    ["query", "run", "search_by_name", "-p", "text=李"],
    ["query", "run", "search_by_name", "-p", "text=明"],
    ["query", "run", "grid_neighbourhood", "-p", "grid=G-0001"],
    ["gaps"],
    ["gaps", "--all-columns"],
]


def test_query_and_gap_output_is_masked_by_default(city: Settings) -> None:
    values = personal_values()
    assert len(values) > 40
    runner = CliRunner()
    for args in QUERIES:  # in-process: 33 runs in seconds; a subprocess run follows
        for fmt in ("table", "csv", "json"):
            done = runner.invoke(main, [*args, "--format", fmt],
                                 env={"GRIDNET_SHOW_PERSONAL": None})
            assert done.exit_code == 0, (args, done.output)
            found = leaks(done.stdout + done.stderr, values)
            assert not found, (args, fmt, found)
    for args in (QUERIES[0], QUERIES[4], ["gaps", "--all-columns"]):
        done = run_cli([*args, "--format", "json"])
        assert done.returncode == 0 and not leaks(done.stdout + done.stderr, values), args
    done = run_cli(["gaps", "--format", "md", "--all-columns"])
    assert done.returncode == 0 and not leaks(done.stdout, values)


def test_operator_can_show_personal_data(city: Settings) -> None:
    query = ["query", "cypher", "MATCH (h:Household {id: 'H-0000001'}) RETURN h", "--format",
             "json"]
    done = run_cli(query, env=user_env(GRIDNET_SHOW_PERSONAL="1"))
    assert "李明" in done.stdout and "13800000001" in done.stdout
    masked = run_cli(query)
    assert "李明" not in masked.stdout and "138****0001" in masked.stdout


def test_export_masks_unless_unmasked_and_then_keeps_files_private(
    city: Settings, tmp_path: Path
) -> None:
    values = personal_values()
    masked = tmp_path / "masked"
    done = run_cli(["export", str(masked)])
    assert done.returncode == 0, done.stderr
    assert "personal data masked" in done.stdout
    text = "".join(p.read_text("utf-8") for p in masked.glob("*.csv"))
    assert not leaks(text, values)
    with (masked / "households.csv").open(encoding="utf-8") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    assert names and all("*" in n for n in names)

    clear = tmp_path / "clear"
    done = run_cli(["export", str(clear), "--unmasked"])
    assert done.returncode == 0, done.stderr
    text = "".join(p.read_text("utf-8") for p in clear.glob("*.csv"))
    assert leaks(text, values) == sorted(values)  # a backup must hold everything
    assert stat.S_IMODE(clear.stat().st_mode) == 0o700
    for path in clear.glob("*.csv"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not leaks(done.stdout + done.stderr, values)


def test_loader_messages_do_not_echo_personal_values(city: Settings, tmp_path: Path) -> None:
    """Problems name file, row and column and the offending value, but a rejected
    row's personal cells stay out of the terminal; the rejects file keeps them for
    the data owner to fix."""
    folder = tmp_path / "data"
    folder.mkdir()
    secret = {"name": "欧阳秘密", "phone": "13912345678", "address": "秘密路8号3单元",
              "id_number": "420902199001011234"}
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


def test_cli_cypher_masks_personal_values_behind_aliases(city: Settings) -> None:
    values = personal_values()
    for query in ("MATCH (h:Household) RETURN h.name AS x",
                  "MATCH (h:Household) RETURN h {.name, .phone} AS m",
                  "MATCH (h:Household) RETURN properties(h) AS props"):
        done = CliRunner().invoke(main, ["query", "cypher", query, "--format", "json"],
                                  env={"GRIDNET_SHOW_PERSONAL": None})
        assert done.exit_code == 0
        assert not leaks(done.stdout, values), query
