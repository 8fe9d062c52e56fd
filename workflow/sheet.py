"""The supervision list (督办单) of one community: its open and overdue cases, to hand out.

Why a document: a street office hands each community a list of what is still to be
fixed, with who answers for it and by when, and checks it at the next meeting. The
list holds every case not yet verified (待办, 已交办, 已报整改, 重新打开), overdue
ones first; it is written as an xlsx workbook (openpyxl) or as printable HTML
(print CSS: A4 landscape, the header row repeated on every page; a PDF is the
browser's "print to PDF"). Every value is escaped (`explorer.safe.esc`): unit ids
and assignee names come from input files.

>>> [c.zh for c in COLUMNS][:3]
['序号', '督办编号', '缺口类型']
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.explorer.safe import esc
from gridnet.graph.model import CASE_STATES
from gridnet.queries.gap_rules import GAPS
from gridnet.workflow import review

__all__ = ["COLUMNS", "FORMATS", "Sheet", "render", "sheet", "to_html", "to_xlsx"]

FORMATS = ("xlsx", "html")
OPEN_STATES = ("open", "assigned", "overdue", "reported", "reopened")


@dataclass(frozen=True)
class Column:
    """One column of the list: its Chinese header and how a case fills it."""

    zh: str
    value: Callable[[int, dict[str, Any]], Any]
    width: int = 12


def _state(row: dict[str, Any]) -> str:
    term = CASE_STATES.get(str(row["state"]))
    return term.zh if term else str(row["state"])


def _assignee(row: dict[str, Any]) -> str:
    if not row["assignee"]:
        return "未交办"
    name = row.get("assignee_name")
    return f"{name}（{row['assignee']}）" if name else str(row["assignee"])


COLUMNS = (
    Column("序号", lambda n, r: n, 6),
    Column("督办编号", lambda n, r: r["case_id"], 34),
    Column("缺口类型", lambda n, r: GAPS[r["code"]].zh if r["code"] in GAPS else r["code"], 16),
    Column("对象", lambda n, r: r["unit_id"], 20),
    Column("网格", lambda n, r: r["grid_id"] or "", 10),
    Column("状态", lambda n, r: _state(r), 10),
    Column("承办单位", lambda n, r: _assignee(r), 30),
    Column("整改期限", lambda n, r: r["due"] or "", 12),
    Column("逾期天数", lambda n, r: r["days_overdue"] or "", 9),
    Column("首次发现", lambda n, r: r["first_seen"], 12),
    Column("重新打开次数", lambda n, r: r["reopens"] or 0, 9),
)


@dataclass(frozen=True)
class Sheet:
    """The list of one community on one day."""

    community_id: str
    community_name: str
    today: dt.date
    rows: list[dict[str, Any]]

    @property
    def title(self) -> str:
        return f"{self.community_name}缺口整改督办单"

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r["overdue"])

    def table(self) -> list[list[Any]]:
        """The cells, row by row (without the header)."""
        return [[c.value(n, r) for c in COLUMNS] for n, r in enumerate(self.rows, start=1)]


def sheet(db: Database, community: str, today: dt.date | None = None) -> Sheet:
    """The open and overdue cases of `community`; `GridnetError` for an unknown community."""
    today = today or dt.date.today()
    rows = [
        r
        for r in review.list_cases(db, community=community, today=today)
        if r["state"] in OPEN_STATES
    ]
    name = review.area_name(db, community)
    if name is None:
        raise GridnetError(f"unknown community {community!r} 无此社区/村")
    for r in rows:
        r["days_overdue"] = (today - r["due"]).days if r["overdue"] else None
    rows.sort(key=lambda r: (not r["overdue"], r["due"] or dt.date.max, r["case_id"]))
    return Sheet(community, name or community, today, rows)


def to_xlsx(s: Sheet) -> bytes:
    """The list as an xlsx workbook: a title row, the header, one row per case."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "督办单"
    ws.append([s.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"截至 {s.today.isoformat()}：未销号 {len(s.rows)} 件，其中逾期 {s.overdue} 件"])
    ws.append([c.zh for c in COLUMNS])
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center")
    late = PatternFill("solid", fgColor="FCE4E4")
    for row, case in zip(s.table(), s.rows, strict=True):
        ws.append(row)
        if case["overdue"]:
            for cell in ws[ws.max_row]:
                cell.fill = late
    for i, c in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 .3em; }
p.meta { text-align: center; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 1px solid #444; padding: 3px 5px; text-align: left; }
th { background: #ddd; }
tr.overdue td { background: #fce4e4; }
.sign { margin-top: 2em; display: flex; justify-content: space-between; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
}
"""


def to_html(s: Sheet) -> str:
    """The list as one printable HTML page (print it, or print to PDF, from the browser)."""
    head = "".join(f"<th>{esc(c.zh)}</th>" for c in COLUMNS)
    late = ' class="overdue"'
    body = "\n".join(
        f"<tr{late if case['overdue'] else ''}>"
        + "".join(f"<td>{esc(v)}</td>" for v in row)
        + "</tr>"
        for row, case in zip(s.table(), s.rows, strict=True)
    )
    empty = f'<tr><td colspan="{len(COLUMNS)}">无未销号事项</td></tr>' if not s.rows else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{esc(s.title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{esc(s.title)}</h1>\n"
        f'<p class="meta">{esc(s.community_id)} · 截至 {esc(s.today)}：未销号 {len(s.rows)} 件，'
        f"其中逾期 {s.overdue} 件</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}{empty}\n</tbody></table>\n"
        '<div class="sign"><span>督办人（签字）：</span><span>承办单位（签字）：</span>'
        "<span>日期：</span></div>\n</body></html>\n"
    )


def render(s: Sheet, fmt: str) -> bytes:
    """The list in `fmt` (``xlsx`` or ``html``) as bytes to write or download."""
    if fmt == "xlsx":
        return to_xlsx(s)
    if fmt == "html":
        return to_html(s).encode("utf-8")
    raise GridnetError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
