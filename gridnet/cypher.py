"""The one grammar for gridnet's ``.cypher`` files, and the one loader for them.

Why one grammar: the schema, the query catalog, the loaders' upserts, the
explorer's reads, the exporter and the benchmark all keep their Cypher in
``.cypher`` files. Read by one parser they cannot drift into dialects where the
same line means a header in one folder and a separator in another.

The grammar (modelled on aiosql's ``-- name:`` files):

* A file holds one or more *blocks*. A block starts at a ``// name: NAME`` line
  and runs to the next one or to the end of the file. A file without any
  ``// name:`` line is one block named after the file's stem.
* The ``// key: value`` lines right after ``// name:`` (before the first line of
  Cypher) are the block's *header*; a key may repeat (``// param:`` does).
  Callers decide which keys they accept (the catalog checks its own).
* Any other line starting with ``//`` is a comment. Text before the first
  ``// name:`` line of a file with blocks is the file's description.
* A block's Cypher may hold several statements, each ending with ``;`` at the
  end of a line (the schema does); ``statements`` lists them without comments,
  ``text`` is the whole block without its header and final ``;``.

Folders are namespaces: `load_folder` names each block ``stem.block`` (or just
``stem`` when the block is named after its file), with sub-folders as dotted
prefixes.

>>> blocks = parse("// name: upsert\\n// why: one row\\nMERGE (n {id: 1});\\n"
...                "// name: link\\nMATCH (n) RETURN n;\\n", "t.cypher")
>>> list(blocks)
['upsert', 'link']
>>> blocks["upsert"].header
{'why': ['one row']}
>>> blocks["link"].text
'MATCH (n) RETURN n'
>>> parse("CREATE (a);\\n// two\\nCREATE (b);", "schema.cypher")["schema"].statements
['CREATE (a)', 'CREATE (b)']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import LiteralString

__all__ = ["CypherFileError", "Query", "load_file", "load_folder", "parse"]

_NAME_LINE = re.compile(r"^\s*//\s*name:\s*(?P<name>\S*)\s*$")
_HEADER_LINE = re.compile(r"^\s*//\s*(?P<key>[a-z_]+):\s?(?P<value>.*)$")
_STATEMENT_END = re.compile(r";[ \t]*$", re.MULTILINE)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class CypherFileError(ValueError):
    """A ``.cypher`` file breaks the grammar; the message names the file and line."""


@dataclass(frozen=True)
class Query:
    """One named block of a ``.cypher`` file.

    ``text`` is typed `LiteralString`: it is the project's own file, never
    composed from user values (those reach Cypher only as parameters).
    """

    name: str
    text: LiteralString
    source: str
    line: int
    header: dict[str, list[str]] = field(default_factory=dict)

    @property
    def statements(self) -> list[LiteralString]:
        """The block's statements, split on ``;`` at line ends, whole-line comments dropped."""
        kept = "\n".join(
            line for line in self.text.splitlines() if not line.lstrip().startswith("//")
        )
        parts = [part.strip() for part in _STATEMENT_END.split(kept)]
        return [part for part in parts if part]

    def one(self, key: str) -> str | None:
        """The single value of header `key` (None when absent); two values are an error."""
        values = self.header.get(key, [])
        if len(values) > 1:
            raise CypherFileError(
                f"{self.source}:{self.line}: `// {key}:` appears {len(values)} times"
            )
        return values[0] if values else None


def parse(text: str, source: str) -> dict[str, Query]:
    """The blocks of one file's text, by name, in file order; `source` names it in errors."""
    lines = text.splitlines()
    starts = [(i, m.group("name")) for i, line in enumerate(lines) if (m := _NAME_LINE.match(line))]
    if not starts:
        stem = Path(source).stem
        starts_body: list[tuple[int, str, int]] = [(0, stem, 0)]
    else:
        starts_body = []
        for i, name in starts:
            if not _IDENTIFIER.match(name):
                raise CypherFileError(
                    f"{source}:{i + 1}: `// name:` needs an identifier, got {name!r}"
                )
            starts_body.append((i, name, i + 1))
    blocks: dict[str, Query] = {}
    for index, (line_no, name, body_start) in enumerate(starts_body):
        end = starts_body[index + 1][0] if index + 1 < len(starts_body) else len(lines)
        header: dict[str, list[str]] = {}
        position = body_start
        if starts:  # only a named block has a header
            while position < end and (m := _HEADER_LINE.match(lines[position])):
                header.setdefault(m.group("key"), []).append(m.group("value").strip())
                position += 1
        body = "\n".join(lines[position:end]).strip()
        body = re.sub(r";\s*$", "", body).rstrip()
        if name in blocks:
            raise CypherFileError(f"{source}:{line_no + 1}: block {name!r} is defined twice")
        if not any(
            line.strip() and not line.lstrip().startswith("//") for line in body.splitlines()
        ):
            raise CypherFileError(f"{source}:{line_no + 1}: block {name!r} has no Cypher")
        blocks[name] = Query(name, body, source, line_no + 1, header)
    return blocks


@lru_cache(maxsize=256)
def load_file(path: Path) -> dict[str, Query]:
    """The blocks of one ``.cypher`` file (read once per process)."""
    return parse(path.read_text(encoding="utf-8"), path.name)


def load_folder(folder: Path) -> dict[str, Query]:
    """Every block of every ``.cypher`` file under `folder`, by dotted namespace name.

    ``loaders/cypher/households.cypher``'s block ``upsert`` is ``households.upsert``;
    a catalog file whose single block is named after the file is just its stem.
    """
    found: dict[str, Query] = {}
    for path in sorted(folder.rglob("*.cypher")):
        prefix = ".".join(path.relative_to(folder).with_suffix("").parts)
        for name, query in load_file(path).items():
            key = prefix if name == path.stem else f"{prefix}.{name}"
            found[key] = query
    return found
