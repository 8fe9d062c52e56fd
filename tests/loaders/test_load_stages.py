"""The load is one-way: each file read once, each row parsed once, the spool sealed,
and only what later tables need kept in memory (no database needed)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from loadhelp import EXAMPLE_CSV, copy_examples, edit_table

from gridnet.loaders import passes, rows
from gridnet.loaders.passes import REFERENCED, validate
from gridnet.loaders.readers import TableSource, open_dataset
from gridnet.loaders.rejects import write_rejects
from gridnet.loaders.spool import Spool

pytestmark = pytest.mark.unit

LOADERS = Path(passes.__file__).parent


def test_each_file_is_read_and_each_row_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    city = copy_examples(tmp_path)
    edit_table(
        city,
        "households",
        lambda rs: [dict(r, size="many") if r["id"] == "H-0000005" else r for r in rs],
    )
    reads: list[str] = []
    parsed: list[int] = []
    original_rows, original_parse = TableSource.rows, rows.parse_row

    def counting_rows(self: TableSource):
        reads.append(self.name)
        return original_rows(self)

    def counting_parse(source, raw):
        parsed.append(raw.origin.row)
        return original_parse(source, raw)

    monkeypatch.setattr(TableSource, "rows", counting_rows)
    monkeypatch.setattr(passes, "parse_row", counting_parse)
    dataset = open_dataset(city)
    with validate(dataset) as report:
        written = {t: sum(1 for _ in report.accepted(t)) for t in report.tables}
        assert write_rejects(report, tmp_path / "rejects.csv") == report.rejected_rows > 0
        organisations = list(report.accepted("organisations"))  # read again: the spool
    assert sorted(reads) == sorted(dataset.sources)
    assert len(parsed) == report.rows
    assert sum(written.values()) == report.accepted_rows
    assert len(organisations) == written["organisations"]


def test_the_spool_holds_no_readable_row_and_is_gone_when_closed(tmp_path: Path) -> None:
    spool = Spool(chunk_rows=3)
    for n in range(10):
        spool.append((n + 2, (f"H-{n}", "王建国", "13800000000"), {"name": "王建国"}))
    spool.finish()
    fd = spool._file.fileno()
    data = os.pread(fd, 1 << 20, 0)
    assert data and "王建国".encode() not in data and b"13800000000" not in data
    assert [r[0] for r in spool] == list(range(2, 12))
    assert [len(c) for c in spool.chunks()] == [3, 3, 3, 1]
    # the file never had a name, so nothing is left on disk even after a kill.
    assert not Path(f"/proc/self/fd/{fd}").resolve().exists()
    spool.close()
    with pytest.raises(OSError):
        os.fstat(fd)


def test_only_referenced_tables_keep_their_keys(tmp_path: Path) -> None:
    checker = passes._Checker(passes.NoLookup())
    for source in open_dataset(EXAMPLE_CSV).ordered():
        checker.table(source).close()
    assert set(checker.valid) == REFERENCED & set(open_dataset(EXAMPLE_CSV).sources)
    assert {"service_ties", "service_requests", "memberships", "ratings"}.isdisjoint(checker.valid)
    assert checker.facts.lighthouses == {"H-0000001", "H-0000004", "H-0000008", "H-0000012"}


def test_no_stage_imports_a_later_one() -> None:
    """read -> parse -> check -> write: an import of a later stage would be a call back."""
    order = [
        "readers",
        "values",
        "rows",
        "spool",
        "lookups",
        "rules",
        "passes",
        "rejects",
        "writer",
    ]
    for position, name in enumerate(order):
        tree = ast.parse((LOADERS / f"{name}.py").read_text(encoding="utf-8"))
        imported = {
            node.module.rsplit(".", 1)[-1]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and "loaders" in node.module
        } | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "gridnet.loaders"
            for alias in node.names
        }
        later = set(order[position + 1 :]) | {"pipeline"}
        assert not imported & later, (name, imported & later)
    writer = (LOADERS / "writer.py").read_text(encoding="utf-8")
    assert "passes" not in writer and "readers" not in writer
