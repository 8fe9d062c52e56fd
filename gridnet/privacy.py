"""Masking of residents' personal data.

Names, phone numbers, ID numbers and exact addresses of residents are personal
data (the ``personal`` columns of ``loaders/tables.py``). They are masked by
default wherever gridnet shows or exports them, and shown only when an operator
sets ``GRIDNET_SHOW_PERSONAL=1`` in the environment or the repo's ``.env``: a
configured decision, not a click in the UI.

>>> mask_value("phone", "13812345678")
'138****5678'
>>> mask_value("name", "王建国")
'王**'
>>> mask_value("id_number", "420902196801010011")
'420902********0011'
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from gridnet.settings import DEFAULT_DOTENV, Settings, parse_dotenv

ENV_FLAG = "GRIDNET_SHOW_PERSONAL"

# Personal properties per node label, as stored in the graph.
PERSONAL_PROPERTIES: dict[str, frozenset[str]] = {
    "Household": frozenset({"name", "address", "phone"}),
    "Person": frozenset({"name", "phone", "id_number"}),
}
# Column names that are personal wherever they appear in a result table.
PERSONAL_COLUMN_HINTS = ("phone", "id_number", "address", "household_name", "person_name",
                         "head_name", "handler_name", "member_name")


def show_personal(environ: Mapping[str, str] = os.environ) -> bool:
    """True only when the operator configured ``GRIDNET_SHOW_PERSONAL=1``."""
    value = environ.get(ENV_FLAG)
    if value is None:
        value = parse_dotenv(DEFAULT_DOTENV).get(ENV_FLAG, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def mask_value(kind: str, value: Any) -> Any:
    """Mask one value; ``kind`` is the property name (name, phone, id_number, address)."""
    if value is None or value == "":
        return value
    text = str(value)
    if "phone" in kind:
        return text[:3] + "****" + text[-4:] if len(text) >= 8 else "*" * len(text)
    if "id_number" in kind:
        return text[:6] + "*" * max(len(text) - 10, 0) + text[-4:] if len(text) > 10 else "****"
    if "address" in kind:
        # Keep the first few characters (the building or street), hide the rest.
        keep = max(len(text) // 3, 1)
        return text[:keep] + "*" * (len(text) - keep)
    # names: keep the surname (first character), hide the given name
    return text[:1] + "*" * max(len(text) - 1, 1)


def mask_properties(label: str | Iterable[str], props: Mapping[str, Any],
                    enabled: bool | None = None) -> dict[str, Any]:
    """A copy of a node's properties with its personal ones masked."""
    if enabled is None:
        enabled = not show_personal()
    labels = [label] if isinstance(label, str) else list(label)
    personal = frozenset().union(*(PERSONAL_PROPERTIES.get(lb, frozenset()) for lb in labels))
    out = dict(props)
    if enabled:
        for key in personal & out.keys():
            out[key] = mask_value(key, out[key])
    return out


def is_personal_column(name: str) -> bool:
    """Whether a result column holds personal data, judged by its name."""
    lowered = name.lower()
    return any(hint in lowered for hint in PERSONAL_COLUMN_HINTS)


def mask_rows(rows: Iterable[Mapping[str, Any]], personal_columns: Iterable[str] = (),
              enabled: bool | None = None) -> list[dict[str, Any]]:
    """Mask personal columns of result rows (by name hint or given explicitly)."""
    if enabled is None:
        enabled = not show_personal()
    rows = [dict(r) for r in rows]
    if not enabled or not rows:
        return rows
    explicit = set(personal_columns)
    cols = [c for c in rows[0] if c in explicit or is_personal_column(c)]
    for row in rows:
        for col in cols:
            row[col] = mask_value(col, row[col])
    return rows


_DIGITS = re.compile(r"[\d\-\s+()]*\d[\d\-\s+()]*[\dXx]?")
LOOKUP_FILE = Path(__file__).with_name("personal_values.cypher")
_LOOKUP_CHUNK = 2000


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ][\d:.]+)?")


def _looks_like_number(text: str) -> bool:
    """Phone and ID numbers: seven or more digits, whatever the punctuation (not dates)."""
    return (bool(_DIGITS.fullmatch(text)) and not _ISO_DATE.fullmatch(text)
            and sum(ch.isdigit() for ch in text) >= 7)


def _strings(value: Any, out: set[str]) -> None:
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, Mapping):
        for v in value.values():
            _strings(v, out)
    elif isinstance(value, list | tuple):
        for v in value:
            _strings(v, out)


def personal_values(candidates: Iterable[str], settings: Settings | None = None) -> set[str]:
    """The candidates that are a resident's name or address in the graph."""
    from gridnet import db

    values = sorted({c for c in candidates if c})
    query = db.load_cypher(LOOKUP_FILE)[0]
    found: set[str] = set()
    for start in range(0, len(values), _LOOKUP_CHUNK):
        rows = db.read(query, {"values": values[start:start + _LOOKUP_CHUNK]},
                       settings=settings)
        found.update(rows[0]["personal"] if rows else [])
    return found


def mask_result(columns: Sequence[str], rows: Sequence[Sequence[Any]],
                enabled: bool | None = None,
                settings: Settings | None = None) -> list[list[Any]]:
    """Mask an ad-hoc result by value, not only by column name.

    An analyst can rename anything (``RETURN h.name AS x``, ``properties(h)``), so
    besides nodes and personal-looking columns, every string anywhere in the
    result that is a resident's name or address in the graph, or looks like a
    phone or ID number, is masked. Derived text (``left(h.name, 1)``) is not
    recognised; SECURITY.md lists that limit.
    """
    if enabled is None:
        enabled = not show_personal()
    if not enabled:
        return [list(r) for r in rows]
    seen: set[str] = set()
    for row in rows:
        _strings(list(row), seen)
    hits = personal_values(seen, settings=settings)

    def mask(column: str, value: Any) -> Any:
        if isinstance(value, Mapping):
            if "_labels" in value:
                value = mask_properties(value["_labels"], value, enabled=True)
            return {k: mask(str(k), v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [mask(column, v) for v in value]
        if not isinstance(value, str):
            return value
        if value in hits:
            return mask_value("address" if "address" in column else "name", value)
        if _looks_like_number(value):
            return mask_value("id_number" if len(value) > 14 else "phone", value)
        if is_personal_column(column):
            return mask_value(column, value)
        return value

    return [[mask(c, v) for c, v in zip(columns, row, strict=True)] for row in rows]
