"""Turn one cell into its typed value and back: the loader's single definition of every type.

Why a module of its own: what a cell may say (``是``, ``2013年4月2日``, an Excel
date serial, ``社区`` for ``community``, ``1,200``) is the input format's promise
to planners. The readers hand over text (or a workbook's or JSON's native
values); everything that decides what that text means lives here, once, and the
row parser, the example workbook and the tests all call `parse_value`. Its
inverse, `to_text`, writes a value as an input file holds it: the exporter and
the generator both use it, so what they write is what `parse_value` reads back.

>>> from gridnet.loaders.tables import TABLES
>>> parse_value("areas", TABLES["areas"].column("level"), "社区")
'community'
>>> parse_value("funding", TABLES["funding"].column("amount_yuan"), "1,200")
1200.0
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

from neo4j.time import Date, DateTime

from gridnet.graph.model import BOOLEAN_WORDS
from gridnet.loaders.tables import Column

__all__ = ["parse_value", "to_text"]

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_DATETIME = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$"
)
_INT = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_LIST_SEP = re.compile(r"[;；]")
_NUMBER = r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_RING = rf"\(\s*{_NUMBER}\s+{_NUMBER}(?:\s*,\s*{_NUMBER}\s+{_NUMBER})*\s*\)"
_POLYGON = rf"\(\s*{_RING}(?:\s*,\s*{_RING})*\s*\)"
_WKT = re.compile(
    rf"^(?:POLYGON\s*{_POLYGON}|MULTIPOLYGON\s*\(\s*{_POLYGON}(?:\s*,\s*{_POLYGON})*\s*\))$",
    re.IGNORECASE,
)
# Excel stores dates as days since 1899-12-30 (with the 1900 leap-year bug folded in).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _enum_lookup(col: Column) -> dict[str, str]:
    assert col.enum is not None
    lookup = {code.lower(): code for code in col.enum}
    lookup.update({term.zh: code for code, term in col.enum.items()})
    return lookup


_ENUM_CACHE: dict[tuple[str, str], dict[str, str]] = {}


def _terms_lookup(col: Column) -> dict[str, str]:
    """Code, Chinese term or English term (any case) -> code, for a `terms` column."""
    assert col.terms is not None
    lookup = {term.en.lower(): code for code, term in col.terms.items()}
    lookup.update({code.lower(): code for code in col.terms})
    lookup.update({term.zh: code for code, term in col.terms.items()})
    return lookup


_TERMS_CACHE: dict[tuple[str, str], dict[str, str]] = {}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def _excel_serial(value: float) -> dt.datetime:
    """An Excel date serial as a datetime; a number far outside the calendar is a
    ValueError (a rejected cell), not an OverflowError that stops the load."""
    try:
        return _EXCEL_EPOCH + dt.timedelta(days=float(value))
    except (OverflowError, ValueError):
        raise ValueError(f"{value!r} is not an Excel date (out of range)") from None


def _date(value: Any, excel: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValueError(f"expected a date without a time, got {value.isoformat(sep=' ')}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if excel and isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value).date()
    text = _text(value)
    m = _DATE.match(text)
    if m is None:
        moment = _datetime_text(text)
        if moment is not None and moment.time() == dt.time(0):
            return moment.date()
        raise ValueError(f"{text!r} is not a date; write it as 2013-04-02 or 2013/4/2")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date ({exc})") from None


def _datetime_text(text: str) -> dt.datetime | None:
    m = _DATETIME.match(text)
    if m is None:
        return None
    micro = int((m[7] or "0").ljust(6, "0"))
    try:
        return dt.datetime(
            int(m[1]),
            int(m[2]),
            int(m[3]),
            int(m[4] or 0),
            int(m[5] or 0),
            int(m[6] or 0),
            micro,
        )
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date and time ({exc})") from None


def _datetime(value: Any, excel: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError("give local time without a time zone")
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0))
    if excel and isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    text = _text(value)
    moment = _datetime_text(text)
    if moment is None:
        raise ValueError(
            f"{text!r} is not a date and time; write it as 2013-04-02T09:30:00 "
            "or 2013/4/2 9:30 (local time, no time zone)"
        )
    return moment


def _geojson_to_wkt(geo: Any) -> str:
    if isinstance(geo, str):
        geo = json.loads(geo)
    if not isinstance(geo, dict):
        raise ValueError("GeoJSON must be an object")
    if geo.get("type") == "Feature":
        geo = geo.get("geometry") or {}
    kind = geo.get("type")
    coords = geo.get("coordinates")

    def ring(points: Any) -> str:
        return "(" + ", ".join(f"{float(p[0])!r} {float(p[1])!r}" for p in points) + ")"

    def polygon(rings: Any) -> str:
        return "(" + ", ".join(ring(r) for r in rings) + ")"

    try:
        if kind == "Polygon":
            return "POLYGON " + polygon(coords)
        if kind == "MultiPolygon":
            return "MULTIPOLYGON (" + ", ".join(polygon(p) for p in coords) + ")"
    except (TypeError, IndexError, ValueError):
        raise ValueError("GeoJSON coordinates are malformed") from None
    raise ValueError(f"GeoJSON type {kind!r} is not supported; use Polygon or MultiPolygon")


def _geometry(value: Any) -> str:
    if isinstance(value, dict):
        return _geojson_to_wkt(value)
    text = _text(value)
    if text.startswith("{"):
        try:
            return _geojson_to_wkt(text)
        except json.JSONDecodeError:
            raise ValueError("boundary looks like GeoJSON but is not valid JSON") from None
    if not _WKT.match(text):
        raise ValueError(
            "boundary must be WKT such as POLYGON((113.91 30.92, 113.92 30.92, ...)) "
            "or a GeoJSON Polygon"
        )
    return re.sub(r"\s+", " ", text)


def parse_value(table: str, col: Column, value: Any, *, excel: bool = False) -> Any:
    """Convert one cell to its Python value; raises ValueError with a plain message.

    `excel` allows bare numbers in date columns (Excel date serials).
    """
    kind = col.type
    if col.terms is not None and isinstance(value, str):
        key = (table, col.name)
        known = _TERMS_CACHE.get(key) or _TERMS_CACHE.setdefault(key, _terms_lookup(col))
        text = value.strip()
        value = known.get(text) or known.get(text.lower()) or value
    if type(value) is str:
        # Fast paths for what CSV gives (already stripped by the reader); anything
        # unusual falls through to the general conversions below.
        fast = _fast_text(kind, value)
        if fast is not None:
            return fast if col.minimum is None and col.maximum is None else _range(col, fast)
    if kind in ("str", "id"):
        result: Any = _text(value)
    elif kind == "int":
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a whole number")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"{value!r} is not a whole number")
            result = int(value)
        elif isinstance(value, int):
            result = value
        else:
            text = _text(value).replace(",", "")
            if not _INT.match(text):
                raise ValueError(f"{text!r} is not a whole number")
            result = int(text.split(".")[0])
    elif kind == "float":
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a number")
        try:
            result = float(
                value if isinstance(value, int | float) else _text(value).replace(",", "")
            )
        except ValueError:
            raise ValueError(f"{_text(value)!r} is not a number") from None
        if not math.isfinite(result):
            raise ValueError(f"{_text(value)!r} is not a finite number")
    elif kind == "bool":
        if isinstance(value, bool):
            result = value
        else:
            text = _text(value).lower()
            if text in BOOLEAN_WORDS[True]:
                result = True
            elif text in BOOLEAN_WORDS[False]:
                result = False
            else:
                raise ValueError(f"{text!r} is not true/false (also accepted: 1/0, yes/no, 是/否)")
    elif kind == "date":
        result = _date(value, excel)
    elif kind == "datetime":
        result = _datetime(value, excel)
    elif kind == "enum":
        key = (table, col.name)
        lookup = _ENUM_CACHE.get(key) or _ENUM_CACHE.setdefault(key, _enum_lookup(col))
        text = _text(value)
        code = lookup.get(text.lower()) or lookup.get(text)
        if code is None:
            assert col.enum is not None
            allowed = ", ".join(f"{c} ({t.zh})" for c, t in col.enum.items())
            raise ValueError(f"{text!r} is not an allowed value; use one of: {allowed}")
        result = code
    elif kind == "list":
        items = value if isinstance(value, list) else _LIST_SEP.split(_text(value))
        result = [_text(v) for v in items if v is not None and _text(v)]
    elif kind == "geometry":
        result = _geometry(value)
    else:  # pragma: no cover - tables.py only uses the types above
        raise ValueError(f"unknown column type {kind!r}")
    return _range(col, result)


def _range(col: Column, result: Any) -> Any:
    if isinstance(result, int | float) and not isinstance(result, bool):
        # a whole float is shown as typed ("-5000", not "-5000.0")
        shown = int(result) if isinstance(result, float) and result.is_integer() else result
        if col.minimum is not None and result < col.minimum:
            raise ValueError(f"{shown} is below the minimum {col.minimum:g}")
        if col.maximum is not None and result > col.maximum:
            raise ValueError(f"{shown} is above the maximum {col.maximum:g}")
    return result


def _fast_text(kind: str, text: str) -> Any:
    """The common, unambiguous spellings of each type, converted cheaply; None otherwise.

    Must agree with the general path: it only accepts text that path would accept
    and convert to the same value.
    """
    if kind == "str" or kind == "id":
        return text if text == text.strip() else None
    if kind == "int":
        return int(text) if text.isascii() and text.isdigit() else None
    if kind == "date":
        if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return None
        return None
    if kind == "datetime":
        if (
            len(text) == 19
            and text[4] == "-"
            and text[10] == "T"
            and text[13] == ":"
            and text[16] == ":"
            and text.isascii()
        ):
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                return None
        return None
    if kind == "bool":
        if text == "true" or text == "false":
            return text == "true"
        return None
    return None


def to_text(value: Any) -> str:
    """A value as an input file's cell holds it (lists joined with ``;``).

    >>> to_text([True, 2.0, 2.5, None]), to_text(dt.date(2024, 6, 1))
    ('true;2;2.5;', '2024-06-01')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, DateTime):
        # Neo4j prints nanoseconds (…:15.000000000), which the loader refuses; stored
        # values came from Python datetimes, so microseconds lose nothing.
        return str(value.to_native().isoformat())
    if isinstance(value, (Date, dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple)):
        return ";".join(to_text(v) for v in value)
    return str(value)
