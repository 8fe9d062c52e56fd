"""Broken input never crashes `gridnet load`, never half-writes, and is explained.

Every case runs the real CLI in a subprocess against the example city and checks:
no traceback, exit code 1 (rows rejected) or 2 (nothing could be read), a message
naming the file (and row and column for row problems), and the graph: unchanged
after a fatal error, only the valid rows added after rejects.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from gridnet import db
from gridnet.loaders.docs import EXAMPLE_XLSX
from gridnet.privacy import display
from gridnet.settings import Settings
from gridnet.vault import Vault

from .conftest import CORPUS, fingerprint, run_cli

FATAL_CORPUS = {
    "unclosed_quote": ("households.csv", "malformed CSV"),
    "duplicate_header": ("households.csv", "appears twice"),
    "json_not_object": ("city.json", "must be an object"),
    "json_truncated": ("city.json", "malformed JSON at line 1"),
    "json_table_not_list": ("city.json", "must be a list"),
    "empty_file": ("households.csv", "is empty"),
    "latin1": ("households.csv", "neither UTF-8 nor GBK"),
    "not_a_zip": ("city.xlsx", "not a readable .xlsx"),
}


def load_target(folder: Path) -> Path:
    """A folder is the dataset, unless it holds a single .json/.xlsx file."""
    files = [p for p in folder.iterdir() if p.suffix in (".json", ".xlsx")]
    return files[0] if len(files) == 1 else folder


def check_fatal(settings: Settings, target: Path, needle: str, name: str, tmp: Path) -> None:
    before = fingerprint(settings)
    done = run_cli(["load", str(target), "--quiet", "--rejects", str(tmp / "rejects.csv")], cwd=tmp)
    out = done.stdout + done.stderr
    assert done.returncode == 2, (target, out)
    assert "Traceback" not in out, out
    assert name in done.stderr and needle in done.stderr, done.stderr
    assert fingerprint(settings) == before, f"{target} changed the graph"


@pytest.mark.parametrize("case", sorted(FATAL_CORPUS))
def test_committed_corpus_is_refused_whole(city: Settings, case: str, tmp_path: Path) -> None:
    name, needle = FATAL_CORPUS[case]
    check_fatal(city, load_target(CORPUS / case), needle, name, tmp_path)


def generated_fatal(tmp: Path) -> dict[str, tuple[Path, str, str]]:
    """Cases too big or too binary to commit: built here."""
    rng = random.Random(7)
    cases: dict[str, tuple[Path, str, str]] = {}

    def folder(name: str, content: bytes, file: str = "households.csv") -> Path:
        path = tmp / name
        path.mkdir()
        (path / file).write_bytes(content)
        return path

    junk = bytes(rng.randrange(256) for _ in range(4096))
    cases["binary_junk"] = (folder("binary_junk", junk), "households.csv", "binary")
    cases["nul_byte"] = (
        folder("nul", b"id,name,grid_id\nH-X1,\x00,G-0001\n"),
        "households.csv",
        "binary",
    )
    cases["utf16"] = (
        folder("utf16", "id,name,grid_id\nH-X1,王,G-0001\n".encode("utf-16")),
        "households.csv",
        "binary",
    )
    cases["png_as_csv"] = (folder("png", b"\x89PNG\r\n\x1a\n" + junk), "households.csv", "binary")
    big = "x" * (20 * 1024 * 1024)  # above the 16 MB field limit
    cases["20MB_field"] = (
        folder("big", f"id,name,grid_id\nH-X1,{big},G-0001\n".encode()),
        "households.csv",
        "malformed CSV",
    )
    whole = EXAMPLE_XLSX.read_bytes()
    truncated = tmp / "truncated.xlsx"
    truncated.write_bytes(whole[: len(whole) // 2])
    cases["truncated_xlsx"] = (truncated, "truncated.xlsx", "not a readable .xlsx")
    zipped = tmp / "zip_not_xlsx.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "a zip, but not a workbook")
    zipped.write_bytes(buffer.getvalue())
    cases["zip_not_xlsx"] = (zipped, "zip_not_xlsx.xlsx", "not a readable .xlsx")
    two = tmp / "two_files"
    two.mkdir()
    (two / "households.csv").write_text("id,name,grid_id\n", encoding="utf-8")
    (two / "住户.csv").write_text("id,name,grid_id\n", encoding="utf-8")
    cases["table_twice"] = (two, "住户.csv", "given twice")
    nothing = tmp / "nothing"
    nothing.mkdir()
    (nothing / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    cases["no_known_table"] = (nothing, "nothing", "no known tables")
    cases["missing_path"] = (tmp / "does-not-exist", "does-not-exist", "no such file")
    json_latin = tmp / "latin.json"
    json_latin.write_bytes(b'{"households": [{"name": "caf\xe9"}]}')
    cases["json_latin1"] = (json_latin, "latin.json", "not UTF-8")
    return cases


def test_generated_fatal_inputs_are_refused_whole(city: Settings, tmp_path: Path) -> None:
    cases = generated_fatal(tmp_path)
    for case, (target, name, needle) in cases.items():
        work = tmp_path / f"run-{case}"
        work.mkdir()
        check_fatal(city, target, needle, name, work)
    assert len(cases) == 11


NASTY = {
    "H-N1": "'}) DETACH DELETE n //",
    "H-N2": "$x",
    "H-N3": "`Household` RETURN 1 //",
    "H-N4": '=HYPERLINK("http://x","y")',
    "H-N5": '\\u0000 and \\\' and "quoted"',
    "H-N6": "王\u200b\u202e建国",  # zero-width space, right-to-left override
    "H-N7": "MATCH (n) DETACH DELETE n",
}


def test_rows_with_bad_values_are_rejected_and_only_valid_rows_load(
    database: db.Database, city: Settings, tmp_path: Path
) -> None:
    """Valid rows (even with Cypher-looking text) load verbatim; bad rows are named."""
    before = fingerprint(city)
    households = len(database.read("MATCH (h:Household) RETURN h.id AS id"))
    rows = [["id", "name", "grid_id", "size", "address"]]
    rows += [[hid, name, "G-0001", "2", ""] for hid, name in NASTY.items()]
    bad = {
        "H-B1": ["H-B1", "王五", "G-NOPE", "2", ""],  # dangling grid
        "H-B2": ["H-B2", "赵六", "G-0001", "\x1b[2Jthree", ""],  # terminal escape in a number
        "H-B3": ["H-B3", "", "G-0001", "2", ""],  # required name missing
        "H-B4": ["H-B4", "钱七", "G-0001", "-1", ""],  # below minimum
        "H-DUP": ["H-DUP", "孙八", "G-0001", "2", ""],
        "H-DUP ": ["H-DUP", "孙九", "G-0001", "2", ""],  # duplicate id
        "H-B5": ["H-B5", "周十", "G-0001", "2", "x" * (10 * 1024 * 1024)],  # 10 MB cell ...
    }
    bad["H-B5"][2] = "G-MISSING"  # ... in a row rejected for its grid
    rows += list(bad.values())
    rows.append(["H-B6", "吴一", "G-0001", "2", "", "extra", "cells"])  # more cells than header
    folder = tmp_path / "data"
    folder.mkdir()

    with (folder / "households.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    rejects = tmp_path / "rejects.csv"
    done = run_cli(
        ["load", str(folder), "--quiet", "--rejects", str(rejects), "--max-problems", "50"],
        cwd=tmp_path,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out[:2000]
    assert "Traceback" not in out
    assert "\x1b" not in out  # control characters are escaped in messages
    problems = [line for line in done.stderr.splitlines() if line.startswith("problem:")]
    assert len(problems) >= 8
    for line in problems:
        assert "households.csv, row " in line, line
    assert any("column grid_id" in p and "G-NOPE" in p for p in problems)
    assert any("column size" in p and "\\x1b[2Jthree" in p for p in problems)
    assert any("column name" in p and "required" in p for p in problems)
    assert any("duplicate id H-DUP" in p for p in problems)
    assert any("cells but the header has" in p for p in problems)
    assert len(out) < 100_000  # the 10 MB cell is not echoed
    stored = {
        r["id"]: r["name"]
        for r in database.read(
            "MATCH (h:Household) WHERE h.id STARTS WITH 'H-N' OR h.id STARTS WITH 'H-B' "
            "OR h.id STARTS WITH 'H-D' RETURN h.id AS id, h.name AS name"
        )
    }
    # none of the bad rows; a head's name is personal: its display form in the graph,
    # the text verbatim in the vault
    assert stored == {k: display("name", v) for k, v in NASTY.items()}
    with Vault.open(city) as vault:
        assert {k: v["name"] for k, v in vault.get("Household", list(NASTY)).items()} == NASTY
    after = fingerprint(city)
    assert after.nodes["Household"] == households + len(NASTY)
    assert after.node_sums.keys() == before.node_sums.keys()
    assert after.rels["IN_GRID"] == before.rels["IN_GRID"] + len(NASTY)
    assert database.read("MATCH (n) RETURN count(n) AS n")[0]["n"] > 0  # no DELETE ran
    text = rejects.read_text("utf-8-sig")
    assert "G-NOPE" in text and "\x1b[2Jthree" in text  # originals kept for the data owner
    os.remove(rejects)


def test_json_rows_that_are_not_objects_are_rejected_by_item(
    city: Settings, tmp_path: Path
) -> None:
    before = fingerprint(city)
    path = tmp_path / "city.json"
    path.write_text(json.dumps({"households": [1, "x", None, [1, 2]]}), encoding="utf-8")
    done = run_cli(
        ["load", str(path), "--quiet", "--rejects", str(tmp_path / "r.csv")], cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "city.json, item 1: each item must be a JSON object" in done.stderr
    assert fingerprint(city) == before


def test_header_only_file_loads_nothing(city: Settings, tmp_path: Path) -> None:
    before = fingerprint(city)
    target = tmp_path / "data"
    shutil.copytree(CORPUS / "header_only", target)
    done = run_cli(["load", str(target), "--quiet"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # nothing wrong, nothing to do
    assert "read 0 rows" in done.stdout and "Traceback" not in done.stderr
    assert fingerprint(city) == before
