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

**Coordinates.** A rural household without a building may give its own point
(``lat`` / ``lon``): a home's exact location identifies the resident as surely as
the address, so those columns are personal too. Their display form is the point
**coarsened** to the lattice of `CELL_DEG` (0.001 degree, a cell of about 111 m by
95 m at Xiaogan's latitude): each degree is rounded to three decimals, so the
graph's point lies within `CELL_ERROR_M` (79 m, half the cell's diagonal at the
equator; less farther north) of the home, whatever the latitude in China. The
graph's ``location`` is built from the coarsened degrees, so the walking reach
(gap ``category_out_of_reach``, ``gridnet site``) is measured from the cell's
point: a household within 79 m x detour of its circle's edge may fall either side,
which the planted truth of the generator follows by computing from the same
point. A coarsened degree cannot be told from a typed one, so a masked export
loads again (coarsening twice changes nothing). Buildings' points are shared by
many households and stay exact.

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
>>> coarsen(30.9236549), coarsen(113.9185)
(30.924, 113.918)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, MutableMapping
from typing import Any

from gridnet.keys import Keyring
from gridnet.loaders.tables import TABLES

__all__ = [
    "CELL_DEG",
    "CELL_ERROR_M",
    "COORDINATES",
    "PERSONAL",
    "TOKEN_SUFFIX",
    "clear_condition",
    "coarsen",
    "display",
    "is_display_form",
    "normalise",
    "pseudonymise",
    "token_of",
]

TOKEN_SUFFIX = "_token"

COORDINATES = ("lat", "lon")
"""Personal columns holding a point's degrees: coarsened in the graph (`coarsen`)."""

CELL_DEG = 0.001
"""Side of the lattice a personal point is coarsened to, in degrees (about 100 m)."""

CELL_ERROR_M = 79.0
"""The most a coarsened point lies from the exact one: half the cell's diagonal at
the equator, 0.0005 degree x (pi / 180) x 6,378,140 m x sqrt(2) = 78.7 m."""

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


def coarsen(degrees: float) -> float:
    """A personal coordinate as the graph holds it: rounded to the `CELL_DEG` lattice."""
    return round(float(degrees), 3)


def normalise(kind: str, value: Any) -> str:
    """The canonical text of a value, so that equal values give equal tokens.

    Full-width characters become half-width (NFKC) and blanks go; phone numbers keep
    only their digits (without a +86 prefix); ID numbers are upper-cased (the X);
    coordinates are written with seven decimals (about a centimetre).
    """
    if kind in COORDINATES:
        try:
            return f"{float(value):.7f}"
        except (TypeError, ValueError):
            pass
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
    """Whether a value already is a display form (an export written without --unmasked).

    Never for coordinates: a coarsened degree looks like a typed one, and loading it
    again only coarsens it again.
    """
    return (
        kind not in COORDINATES
        and isinstance(value, str)
        and "**" in value
        and display(kind, value) == value
    )


def token_of(keyring: Keyring, kind: str, value: Any) -> str:
    """The keyed token of a clear value (for searching the graph by exact value)."""
    return keyring.token(kind, normalise(kind, value))


def pseudonymise(
    label: str, rows: Iterable[MutableMapping[str, Any]], keyring: Keyring
) -> list[tuple[str, dict[str, str]]]:
    """Replace the personal fields of `rows` in place; return the clear values by id.

    Each personal field gets its display form (a coordinate: `coarsen`) and a
    ``<field>_token``; an empty field stays empty (so the loader removes the
    property). The returned records go to the vault before the rows reach the graph;
    the caller rebuilds anything derived from a coordinate (the ``location`` point).
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
            row[name] = (
                coarsen(float(text)) if name in COORDINATES else _display(name, text, normalised)
            )
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
