"""Pseudonymisation: what the graph holds in place of residents' personal values.

Why by design rather than by masking: anything the console can read can be
reshaped (cast, sliced, compared, quoted in an error), so no after-the-fact mask
is complete. Instead, the personal columns of ``loaders/tables.py`` (household
head's name, address and phone; a person's name, phone and ID number — and any
column marked ``personal`` later) never reach Neo4j in clear. Each becomes:

- a **display form** in the same property (the usual 脱敏 forms: 王**,
  138****5678, 4209**********0011, an address cut to its building), so every page,
  query and export keeps working;
- a **keyed token** ``<column>_token`` (HMAC of the normalised value with the
  installation's token key, ``gridnet.keys``) for exact-match joins and duplicate
  detection: equal values give equal tokens, and nobody without the key can make
  the token of a guess.

The clear values go to the vault (``gridnet.vault``).

>>> display("name", "王建国")
'王**'
>>> display("phone", "138 1234 5678")
'138****5678'
>>> display("id_number", "420902196801010011")
'4209**********0011'
>>> display("address", "3栋2单元401")
'3栋***'
>>> normalise("phone", "+86 138-1234-5678")
'13812345678'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, MutableMapping
from typing import Any

from gridnet.keys import Keyring
from gridnet.loaders.tables import TABLES

__all__ = [
    "PERSONAL",
    "TOKEN_SUFFIX",
    "clear_condition",
    "display",
    "is_display_form",
    "normalise",
    "pseudonymise",
    "token_of",
]

TOKEN_SUFFIX = "_token"

# Personal properties per node label, from the one definition of the input format.
PERSONAL: dict[str, tuple[str, ...]] = {
    t.label: tuple(c.name for c in t.columns if c.personal)
    for t in TABLES.values()
    if t.label and any(c.personal for c in t.columns)
}

_SPACE = re.compile(r"\s+")
_NON_DIGIT = re.compile(r"\D")
# An address is cut after its building (or its street number when it has no building).
_BUILDING = re.compile(r"^(.+?(?:号楼|栋|幢|座|号))")


def normalise(kind: str, value: Any) -> str:
    """The canonical text of a value, so that equal values give equal tokens.

    Full-width characters become half-width (NFKC) and blanks go; phone numbers keep
    only their digits (without a +86 prefix); ID numbers are upper-cased (the X).
    """
    text = str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text)
    if kind == "phone":
        digits = _NON_DIGIT.sub("", text)
        return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits
    if kind == "id_number":
        return text.upper()
    return text


def display(kind: str, value: Any) -> str:
    """The de-identified form shown to everyone (脱敏), by kind of value."""
    return _display(kind, str(value).strip(), normalise(kind, value))


def _display(kind: str, text: str, normalised: str) -> str:
    if kind in ("phone", "id_number"):
        text = normalised
    if not text:
        return ""
    if kind == "phone":
        return text[:3] + "****" + text[-4:] if len(text) >= 7 else "****"
    if kind == "id_number":
        return text[:4] + "*" * max(len(text) - 8, 4) + text[-4:] if len(text) > 8 else "****"
    if kind == "address":
        building = _BUILDING.match(text)
        keep = building.group(1) if building else text[: max(len(text) // 3, 1)]
        return keep + "***" if keep != text else text[: max(len(text) // 3, 1)] + "***"
    # names and anything else: the surname only, with a fixed tail (hides the length)
    return text[:1] + "**"


def is_display_form(kind: str, value: Any) -> bool:
    """Whether a value already is a display form (an export written without --unmasked)."""
    return isinstance(value, str) and "**" in value and display(kind, value) == value


def token_of(keyring: Keyring, kind: str, value: Any) -> str:
    """The keyed token of a clear value (for searching the graph by exact value)."""
    return keyring.token(kind, normalise(kind, value))


def pseudonymise(
    label: str, rows: Iterable[MutableMapping[str, Any]], keyring: Keyring
) -> list[tuple[str, dict[str, str]]]:
    """Replace the personal fields of `rows` in place; return the clear values by id.

    Each personal field gets its display form and a ``<field>_token``; an empty field
    stays empty (so the loader removes the property). The returned records go to
    the vault before the rows reach the graph.
    """
    fields = PERSONAL.get(label, ())
    clear: list[tuple[str, dict[str, str]]] = []
    for row in rows:
        values: dict[str, str] = {}
        for name in fields:
            value = row.get(name)
            text = "" if value is None else str(value).strip()
            if not text:
                row[name] = row[name + TOKEN_SUFFIX] = None
                continue
            values[name] = str(value)
            normalised = normalise(name, value)
            row[name] = _display(name, text, normalised)
            row[name + TOKEN_SUFFIX] = keyring.token(name, normalised)
        clear.append((str(row["id"]), values))
    return clear


def clear_condition(label: str, var: str = "n") -> str:
    """Cypher that is true for a node of `label` still holding a clear personal value.

    Built from the table definitions (constants, never user input): a personal
    property that is set while its token is not.
    """
    return " OR ".join(
        f"({var}.{f} IS NOT NULL AND {var}.{f}{TOKEN_SUFFIX} IS NULL)" for f in PERSONAL[label]
    )
