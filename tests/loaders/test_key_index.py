"""The passes' keys live in an on-disk index: the same answers as sets in memory gave,
the same rejects file, and nothing left on disk (no database needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from loadhelp import copy_examples, edit_table

from gridnet.loaders import passes
from gridnet.loaders.keyindex import KeyIndex
from gridnet.loaders.passes import validate
from gridnet.loaders.readers import open_dataset
from gridnet.loaders.rejects import write_rejects

pytestmark = pytest.mark.unit

EXPECTED_REJECTS = Path(__file__).with_name("expected") / "messy_city_rejects.csv"
"""The rejects file of `messy_city`, as the loader wrote it when every key of every
table was held in memory: the index must not change a byte of it."""


def test_a_key_given_twice_is_seen_in_the_same_chunk_and_across_chunks() -> None:
    index = KeyIndex()
    assert index.given("households", ["H-1", "H-2", "H-1", "H-3", "H-1"]) == [
        False,
        False,
        True,
        False,
        True,
    ]
    assert index.given("households", ["H-4", "H-2"]) == [False, True]
    # the same key in another table is another key
    assert index.given("people", ["H-1"]) == [False]
    assert index.find("households", ["H-1", "H-2", "H-3", "H-4"]) == dict.fromkeys(
        ["H-1", "H-2", "H-3", "H-4"]
    )
    index.close()


def test_missing_references_are_absent_and_rejected_keys_name_their_first_row() -> None:
    index = KeyIndex()
    index.given("grids", ["G-1", "G-2", "G-3"])
    index.reject("grids", "G-2", 7)
    index.reject("grids", "G-2", 3)  # a later rejection of the same key: row 7 stays
    found = index.find("grids", ["G-1", "G-2", "G-9", "G-1"])
    assert found == {"G-1": None, "G-2": 7}
    assert "G-9" not in found
    assert index.find("grids", []) == {}
    assert index.find("buildings", ["G-1"]) == {}  # a table the input does not give
    # a row rejected while its chunk is parsed, before its key is noted
    index.reject("grids", "G-4", 11)
    assert index.given("grids", ["G-4"]) == [False]
    assert index.find("grids", ["G-4"]) == {"G-4": 11}
    index.drop("grids")
    assert index.find("grids", ["G-1"]) == {}
    index.close()


def test_many_keys_and_awkward_ones() -> None:
    index = KeyIndex()
    keys = [f"H-{n:07d}" for n in range(300_000)]
    repeated: list[bool] = []
    for start in range(0, len(keys), 2048):
        repeated += index.given("households", keys[start : start + 2048])
    assert not any(repeated)
    again = keys[::1000] + ["H-x"]
    assert index.given("households", again) == [True] * (len(again) - 1) + [False]
    found = index.find("households", keys[-5:] + ["H-9999999"])
    assert found == dict.fromkeys(keys[-5:])
    # link-table keys join columns with a control character; ids may be Chinese or quoted
    odd = ["P-1\x1fsecretary\x1fO-1", "网格'一\"", "a;b", ""]
    assert index.given("memberships", odd) == [False] * 4
    assert index.find("memberships", odd) == dict.fromkeys(odd)
    index.close()


def _open_files() -> dict[str, str]:
    """The process's open file descriptors -> what they point to."""
    found = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            found[fd] = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the descriptor listdir itself used
            continue
    return found


def test_the_index_leaves_no_file_behind() -> None:
    before = _open_files()
    index = KeyIndex(cache_kib=256)
    for start in range(0, 200_000, 5000):  # beyond its page cache: written to its file
        index.given("people", [f"P-{n:07d}" for n in range(start, start + 5000)])
    files = [t for fd, t in _open_files().items() if fd not in before and t.startswith("/")]
    assert files, "the index is expected to spill to a temporary file"
    # unlinked as soon as it was opened: nothing to find on disk, even after a kill
    assert all(target.endswith(" (deleted)") for target in files), files
    assert not any(os.path.exists(target.removesuffix(" (deleted)")) for target in files)
    index.close()
    assert not set(_open_files()) - set(before)


def messy_city(tmp_path: Path) -> Path:
    """The example city with duplicate ids, dangling references and what they cascade
    to, in several tables, some crossing the chunks of a small chunk size."""
    city = copy_examples(tmp_path)

    def households(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        first = {r["id"]: r for r in rows}
        return [
            *rows,
            dict(first["H-0000002"], name="吴伟二"),  # the same id, the same grid
            dict(first["H-0000003"], grid_id="G-0003", building_id=""),  # another grid
            dict(first["H-0000005"], grid_id="G-9999", building_id=""),  # dangling grid
            dict(first["H-0000006"], id="H-0000090", size="many"),  # unparsable
            dict(first["H-0000006"], id="H-0000090"),  # ... and given twice
            dict(first["H-0000007"], id="H-0000091", building_id="B-404"),  # dangling
        ]

    def people(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [
            *rows,
            dict(rows[0], id="P-000090", household_id="H-0000003"),  # a rejected household
            dict(rows[0], id="P-000091", household_id="H-404"),  # no such household
            dict(rows[1], name="张华二"),  # P-000002 twice
        ]

    def organisations(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [
            *rows,
            dict(rows[3], id="O-LOOP-1", parent_id="O-LOOP-2", grid_id="G-0001"),
            dict(rows[3], id="O-LOOP-2", parent_id="O-LOOP-1", grid_id="G-0001"),
            dict(rows[3], id="O-ORPHAN", parent_id="O-404"),
            dict(rows[3], id="O-UNDER-DUP", parent_id="O-GB-0002"),
            dict(rows[4], name="二网格党支部"),  # O-GB-0002 twice: its children cascade
        ]

    def ties(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [
            *rows,
            rows[0],  # the same tie twice
            dict(rows[0], server_id="H-0000002", household_id="H-0000009"),  # rejected server
            dict(rows[0], household_id="H-0000091"),  # a rejected household
        ]

    edit_table(city, "households", households)
    edit_table(city, "people", people)
    edit_table(city, "organisations", organisations)
    edit_table(city, "service_ties", ties)
    edit_table(
        city,
        "memberships",
        lambda rows: [*rows, dict(rows[0], person_id="P-000002"), rows[1]],
    )
    return city


@pytest.mark.parametrize("chunk_rows", [passes.CHUNK_ROWS, 3])
def test_the_rejects_file_of_a_messy_city_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    monkeypatch.setattr(passes, "CHUNK_ROWS", chunk_rows)
    city = messy_city(tmp_path)
    out = tmp_path / "rejects.csv"
    with validate(open_dataset(city)) as report:
        written = write_rejects(report, out)
    assert written == report.rejected_rows > 20
    assert out.read_bytes() == EXPECTED_REJECTS.read_bytes()
