"""The printable community brief: one community's figures, worst grids and gaps on A4.

Why: community meetings work from paper. The brief is one self-contained HTML page
(inline CSS, no script, nothing loaded from outside) that the browser prints or saves
as PDF. It shows counts of failing units, not percentages near 100, the worst grids
with their main gap, and every grid's gaps. All text is in the session's language
(`i18n`); every value from the graph goes through `safe.esc`.

The builder is pure: the page reads the rows through `data` and passes them in, so
the brief is tested without a browser or a server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from gridnet.explorer import figures
from gridnet.explorer.i18n import _, current, fmt_date, fmt_int, term
from gridnet.explorer.safe import esc

__all__ = ["WORST", "brief_html", "community_rows", "file_name"]

WORST = 10

_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em;
       color: #111; }
h1 { font-size: 18pt; margin: 0 0 .2em; }
h2 { font-size: 13pt; margin: 1.2em 0 .4em; border-bottom: 1px solid #444; }
p.meta { margin: 0 0 1em; color: #333; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; }
.figure { border: 1px solid #888; padding: 4px 8px; }
.figure b { display: block; font-size: 16pt; }
.figure.bad b { color: #b00020; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 1px solid #444; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #ddd; }
td.num { text-align: right; }
@page { size: A4 portrait; margin: 12mm; }
@media print {
  body { margin: 0; }
  thead { display: table-header-group; }
  tr, .figure { page-break-inside: avoid; }
}
"""


def community_rows(
    community_id: str,
    coverage: Sequence[Mapping[str, Any]],
    report: Sequence[Mapping[str, Any]],
) -> tuple[Mapping[str, Any], pd.DataFrame]:
    """The community's coverage row and its grids of the gap report (`gap_frame` order).

    An unknown community is an error the caller shows, not an empty brief.
    """
    found = [r for r in coverage if str(r.get("community_id")) == community_id]
    if not found:
        raise KeyError(community_id)
    grids = figures.gap_frame([r for r in report if str(r.get("community_id")) == community_id])
    return found[0], grids


def _figure(label: str, value: str, bad: bool = False, note: str = "") -> str:
    small = f"<small>{esc(note)}</small>" if note else ""
    cls = "figure bad" if bad else "figure"
    return f'<div class="{cls}">{esc(label)}<b>{esc(value)}</b>{small}</div>'


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: set[int]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    if not rows:
        body = f'<tr><td colspan="{len(headers)}">{esc(_("No grid has a gap."))}</td></tr>'
    else:
        body = "\n".join(
            "<tr>"
            + "".join(
                f'<td class="num">{esc(v)}</td>' if i in numeric else f"<td>{esc(v)}</td>"
                for i, v in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def brief_html(
    coverage: Mapping[str, Any],
    grids: pd.DataFrame,
    cases: Sequence[Mapping[str, Any]] | None,
    as_of: dt.date,
) -> str:
    """The brief of one community as a printable HTML page.

    `coverage` is the community's row of ``coverage_by_community``, `grids` its grids
    of the gap report (`community_rows`), `cases` its cases (None when they could not
    be read: the figure shows a dash rather than a wrong zero).
    """
    name = str(coverage.get("community") or coverage.get("community_id") or "")
    title = _("Community brief: {community}").format(community=name)
    figures_html = [
        _figure(_("Households"), fmt_int(coverage.get("households") or 0)),
        _figure(_("Grids"), fmt_int(coverage.get("grids") or 0)),
    ]
    for measure, label in figures.FAILING.items():
        num, den, _label = figures.COVERAGE_MEASURES[measure]
        total = int(coverage.get(den) or 0)
        failing = total - int(coverage.get(num) or 0)
        figures_html.append(
            _figure(
                _(label),
                fmt_int(failing),
                bad=failing > 0,
                note=_("of {total} in all").format(total=fmt_int(total)),
            )
        )
    if cases is None:
        open_cases, overdue = "–", "–"
    else:
        still_open = [c for c in cases if c.get("state") != "verified"]
        open_cases = fmt_int(len(still_open))
        overdue = fmt_int(sum(1 for c in still_open if c.get("overdue")))
    figures_html.append(
        _figure(_("Open cases"), open_cases, note=_("overdue: {n}").format(n=overdue))
    )

    failing_grids = grids[grids["severity"] != "none"] if not grids.empty else grids
    worst = figures.worst_grids(failing_grids, WORST) if not failing_grids.empty else failing_grids
    worst_rows = [
        [
            r["grid_id"],
            r["grid_name"],
            term("severity", r["severity"]),
            r["score"],
            term("gap", r["main_gap"]),
        ]
        for _i, r in worst.iterrows()
    ]
    gap_rows = [
        [
            r["grid_id"],
            r["grid_name"],
            term("severity", r["severity"]),
            r["score"],
            "；".join(term("gap", c) for c in r["gaps"]),
        ]
        for _i, r in failing_grids.iterrows()
    ]
    headers = [
        term("column", "grid_id"),
        term("column", "grid_name"),
        term("column", "severity"),
        term("column", "score"),
    ]
    lang = "zh-CN" if current() == "zh" else "en"
    headline = _("Headline figures")
    worst_title = _("The {n} worst grids").format(n=WORST)
    gap_title = _("Gap list")
    meta = _("{district} · as of {day}").format(
        district=str(coverage.get("district") or ""), day=fmt_date(as_of)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{esc(title)}</h1>\n"
        f'<p class="meta">{esc(meta)}</p>\n'
        f"<h2>{esc(headline)}</h2>\n"
        f'<div class="figures">{"".join(figures_html)}</div>\n'
        f"<h2>{esc(worst_title)}</h2>\n"
        + _table([*headers, term("column", "main_gap")], worst_rows, {3})
        + f"\n<h2>{esc(gap_title)}</h2>\n"
        + _table([*headers, term("column", "gaps")], gap_rows, {3})
        + "\n</body></html>\n"
    )


def file_name(coverage: Mapping[str, Any], as_of: dt.date) -> str:
    """``社区简报-C3-2026-11-30.html``: the community's id, never its name, in the name."""
    stem = _("community-brief")
    return f"{stem}-{coverage.get('community_id')}-{as_of.isoformat()}.html"
