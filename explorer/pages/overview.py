"""Overview for planners: headline counts, the worst grids, what fails where, request ageing.

Why: the overview must point at problems. Coverage near 100 % reads as done, so it
shows counts of failing units; the ten worst grids lead to their gaps and network;
charts are sorted worst first and capped in length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from gridnet.explorer import brief, charts, data, figures, nav, ui
from gridnet.explorer.i18n import N_, _, fmt_date, fmt_int, term
from gridnet.workflow import review

_METRICS = (
    ("grids", N_("Grids")),
    ("grid_party_branches", N_("Grid party branches")),
    ("building_party_groups", N_("Building party groups")),
    ("lighthouse_households", N_("Lighthouse households")),
    ("households", N_("Households")),
    ("party_members", N_("Party members")),
    ("platforms", N_("Platforms")),
    ("open_requests", N_("Open requests")),
)
GROUPS = {"community": N_("community"), "district": N_("district")}
WORST = 10


def render() -> None:
    st.title(_("Overview"))
    as_of = ui.as_of()
    # The headline counts are one cheap query: they show while the rest is read.
    with ui.guard(), st.spinner(_("Counting the city…")):
        counts = data.overview_counts()
    cols = st.columns(4)
    for i, (key, label) in enumerate(_METRICS):
        cols[i % 4].metric(_(label), fmt_int(counts.get(key) or 0))
    with ui.guard(), st.spinner(_("Counting the city…")):
        coverage_rows = data.coverage_by_community()
        open_rows = data.requests_open(as_of)
        report = data.gap_report(as_of)
        hierarchy = data.hierarchy()

    if not data.is_down():
        with ui.guard(stop=False):
            change = review.since_last_snapshot(data.database())
            if change is not None:
                st.metric(
                    _("Gap findings (snapshot of {day})").format(day=fmt_date(change["as_of"])),
                    fmt_int(change["total"]),
                    delta=None if change["change"] is None else f"{change['change']:+d}",
                    delta_color="inverse",
                    help=_("Change since the previous snapshot"),
                )

    _worst(figures.gap_frame(report, hierarchy))
    _brief(coverage_rows, report, as_of)

    st.subheader(_("What fails, in units"))
    fail_cols = st.columns(len(figures.FAILING))
    for col, (measure, label) in zip(fail_cols, figures.FAILING.items(), strict=True):
        num, den, _label = figures.COVERAGE_MEASURES[measure]
        total = int(counts.get(den) or 0)
        failing = total - int(counts.get(num) or 0)
        col.metric(
            _(label), fmt_int(failing), help=_("of {total} in all").format(total=fmt_int(total))
        )

    by = st.radio(
        _("Group by"),
        list(GROUPS),
        horizontal=True,
        format_func=lambda k: _(GROUPS[k]),
        key="ov_by",
    )
    failing_frame = figures.failing_frame(coverage_rows, by)
    if failing_frame.empty:
        st.success(_("No unit fails a coverage measure."))
    else:
        st.caption(_("The 15 with most failing units, worst first."))
        st.altair_chart(charts.failing_chart(failing_frame, by), width="stretch")

    with st.expander(_("Reference figures (Xiaogan urban area)")):
        ui.table(figures.reference_table(counts))

    st.subheader(_("Open requests by age (as of {day})").format(day=fmt_date(as_of)))
    aging = figures.aging_frame(open_rows)
    if aging.empty:
        st.info(_("No open requests on this day."))
    else:
        st.altair_chart(charts.aging_chart(aging, by, top=15), width="stretch")


def _worst(gaps: object) -> None:
    """The ten worst grids with their main gap; a click opens the grid's network, the
    link its gap detail."""
    import pandas as pd

    assert isinstance(gaps, pd.DataFrame)
    st.subheader(_("The {n} worst grids").format(n=WORST))
    worst = figures.worst_grids(gaps, WORST) if not gaps.empty else gaps
    if worst.empty:
        st.success(_("No grid has a gap."))
        return
    table = pd.DataFrame(
        {
            "grid_id": worst["grid_id"],
            "grid_name": worst["grid_name"],
            "community_name": worst["community_name"],
            "severity": [term("severity", s) for s in worst["severity"]],
            "score": worst["score"],
            "main_gap": [term("gap", c) for c in worst["main_gap"]],
            "gap_count": [len(g) for g in worst["gaps"]],
            "detail": [nav.url("gaps", grid=str(g)) for g in worst["grid_id"]],
        }
    )
    st.caption(_("Click an id to see the grid's network; the last column opens its gap list."))
    ui.id_table(
        table,
        key="ov_worst",
        column_config={
            "detail": st.column_config.LinkColumn(_("detail"), display_text=_("gap list")),
        },
    )


def _brief(
    coverage: Sequence[Mapping[str, Any]], report: Sequence[Mapping[str, Any]], as_of: dt.date
) -> None:
    """One community's brief as print-ready HTML (the browser prints it or saves a PDF)."""
    names = {str(r["community_id"]): str(r["community"]) for r in coverage}
    if not names:
        return
    st.subheader(_("Community brief"))
    pick, button = st.columns([2, 1], vertical_alignment="bottom")
    community = pick.selectbox(
        _("Community"),
        sorted(names, key=lambda c: (names[c], c)),
        format_func=lambda c: f"{names[c]} {c}",
        key="ov_brief_community",
    )
    row, grids = brief.community_rows(community, coverage, report)
    cases = None
    if not data.is_down():
        with ui.guard(stop=False):
            cases = review.list_cases(data.database(), community=community, today=as_of)
    button.download_button(
        _("Print the community brief"),
        brief.brief_html(row, grids, cases, as_of).encode("utf-8"),
        file_name=brief.file_name(row, as_of),
        mime="text/html",
        key="ov_brief",
        help=_("A4 HTML: open it and print, or save it as PDF from the browser."),
    )
