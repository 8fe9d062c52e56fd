"""The one grammar of gridnet's .cypher files (gridnet/cypher.py), and every file obeying it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridnet import cypher
from gridnet.settings import REPO_ROOT

pytestmark = pytest.mark.unit


def test_a_file_without_names_is_one_block_of_statements(tmp_path: Path) -> None:
    path = tmp_path / "schema.cypher"
    path.write_text(
        "// a comment; with a semicolon;\n"
        "CREATE CONSTRAINT a IF NOT EXISTS\n  FOR (n:A) REQUIRE n.id IS UNIQUE;\n"
        "\n  // indented comment\n"
        "MATCH (n) WHERE n.url = 'http://x;y' RETURN n ;  \n"
        "RETURN 1",
        encoding="utf-8",
    )
    blocks = cypher.load_file(path)
    assert list(blocks) == ["schema"]
    assert blocks["schema"].statements == [
        "CREATE CONSTRAINT a IF NOT EXISTS\n  FOR (n:A) REQUIRE n.id IS UNIQUE",
        "MATCH (n) WHERE n.url = 'http://x;y' RETURN n",
        "RETURN 1",
    ]
    assert blocks["schema"].header == {}


def test_named_blocks_keep_order_headers_and_their_own_text() -> None:
    text = (
        "// households -> (:Household)\n"
        "// name: unlink\n"
        "// why: a moved household keeps one grid\n"
        "// param: a str\n"
        "// param: b int\n"
        "MATCH (n) DELETE n;\n"
        "\n"
        "// name: upsert\n"
        "// A comment that is not a header line.\n"
        "MERGE (n {id: $id})\n"
    )
    blocks = cypher.parse(text, "households.cypher")
    assert list(blocks) == ["unlink", "upsert"]
    unlink, upsert = blocks["unlink"], blocks["upsert"]
    assert unlink.header == {
        "why": ["a moved household keeps one grid"],
        "param": ["a str", "b int"],
    }
    assert unlink.text == "MATCH (n) DELETE n" and unlink.line == 2
    assert unlink.one("why") == "a moved household keeps one grid" and unlink.one("x") is None
    with pytest.raises(cypher.CypherFileError, match="households.cypher:2"):
        unlink.one("param")
    assert upsert.header == {} and upsert.statements == ["MERGE (n {id: $id})"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("// name: a\nRETURN 1;\n// name: a\nRETURN 2", "t.cypher:3: block 'a' is defined twice"),
        ("// name: a\n// only: a header\n", "t.cypher:1: block 'a' has no Cypher"),
        ("// name: 9lives\nRETURN 1", "t.cypher:1: `// name:` needs an identifier"),
        ("// name:\nRETURN 1", "t.cypher:1: `// name:` needs an identifier"),
    ],
)
def test_grammar_errors_name_the_file_and_line(text: str, message: str) -> None:
    with pytest.raises(cypher.CypherFileError, match=message):
        cypher.parse(text, "t.cypher")


def test_folders_are_namespaces(tmp_path: Path) -> None:
    (tmp_path / "gaps").mkdir()
    (tmp_path / "report.cypher").write_text("// name: report\nRETURN 1", encoding="utf-8")
    (tmp_path / "gaps" / "unserved.cypher").write_text(
        "// name: find\nRETURN 2;\n// name: count\nRETURN 3", encoding="utf-8"
    )
    found = cypher.load_folder(tmp_path)
    assert sorted(found) == ["gaps.unserved.count", "gaps.unserved.find", "report"]
    assert found["gaps.unserved.find"].text == "RETURN 2"


def test_every_cypher_file_of_the_project_parses() -> None:
    """One grammar for all: the schema, catalog, loaders, explorer, bench and fixtures."""
    files = [
        p
        for p in REPO_ROOT.rglob("*.cypher")
        if not any(part.startswith(".") for part in p.relative_to(REPO_ROOT).parts)
        and "data" not in p.relative_to(REPO_ROOT).parts[:1]
    ]
    assert len(files) > 40
    for path in files:
        blocks = cypher.load_file(path)
        assert blocks, path
        for block in blocks.values():
            assert block.statements, (path, block.name)
