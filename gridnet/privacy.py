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
from collections.abc import Iterable, Mapping
from typing import Any

from gridnet.settings import DEFAULT_DOTENV, parse_dotenv

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
