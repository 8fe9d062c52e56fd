"""督办 Review: the reviewer's queue of gap cases, assigning them, and each case's history.

Every change goes through `gridnet.workflow.cases` (one write transaction each, an
audit event naming the signed-in user); the page itself only reads. The signed-in
user's own list is the cases assigned to their unit (``gridnet users add --unit``);
the local user of an explorer without sign-in acts for an assignee they choose, as
the operator does on the command line with ``--by``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from gridnet import users
from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.explorer import auth, charts, data, nav, ui
from gridnet.explorer.i18n import N_, _, fmt_date, fmt_int, fmt_num, fmt_pct, term
from gridnet.graph.model import CASE_STATES
from gridnet.queries.gap_rules import GAPS
from gridnet.workflow import cases, review, sheet

ALL = "(all)"
# The pickers below the table offer at most this many of its cases (a city's queue
# holds tens of thousands: every option goes to the browser at each run).
CHOICES = 500
LEVELS = {"city": N_("city"), "district": N_("district"), "community": N_("community")}
COLUMNS = [
    "case_id",
    "state",
    "code",
    "unit_id",
    "grid_id",
    "community",
    "assignee",
    "due",
    "first_seen",
    "last_seen",
    "reopens",
]

# history columns whose values are coded: column -> vocabulary
_EVENT_TERMS = {
    "action": "case_action",
    "outcome": "case_outcome",
    "from_state": "case_state",
    "to_state": "case_state",
}


def _code_label(code: str) -> str:
    return term("gap", code) if code in GAPS else code


def _case_label(case_id: str) -> str:
    """``G-0004 · 网格无党支部``: a case's unit and its gap in words (the id is ``code:unit``)."""
    code, _sep, unit = case_id.partition(":")
    return f"{unit} · {term('gap', code)}" if unit else case_id


def _option(value: str) -> str:
    """``(all)`` in the page's language; any other option is data."""
    return term("group", value) if value == ALL else value


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """The cases as the tables show them: states and gaps in words, blanks for no value."""
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "community_id", "community_name", "overdue"])
    if rows:
        frame["state"] = frame["state"].map({s: term("case_state", s) for s in CASE_STATES})
        frame["code"] = frame["code"].map({c: _code_label(c) for c in frame["code"].unique()})
        frame["community"] = frame["community_name"].fillna(frame["community_id"])
        for column in ("assignee", "due"):
            frame[column] = ["" if v is None or v != v else str(v) for v in frame[column]]
    return frame


def render() -> None:
    st.title(_("Review"))
    viewer = auth.viewer()
    actor = f"web:{viewer.name}"
    today = dt.date.today()
    with ui.guard():
        database = data.database()
        everything = data.case_queue()
        change = review.since_last_snapshot(database)
    if not everything:
        st.info(
            _(
                "No cases yet: record a snapshot with `gridnet snapshot` to open cases "
                "from the coverage gaps."
            )
        )
        return
    if change is not None:
        line = _("Latest snapshot {day}: {n} findings").format(
            day=fmt_date(change["as_of"]), n=fmt_int(change["total"])
        )
        if change["previous"]:
            line += _(" ({change:+d} since {day})").format(
                change=change["change"], day=fmt_date(change["previous"])
            )
        st.caption(line)

    communities = sorted({str(r["community_id"]) for r in everything if r["community_id"]})
    codes = sorted({str(r["code"]) for r in everything})
    c1, c2, c3, c4 = st.columns(4)
    community = c1.selectbox(
        _("Community"), [ALL, *communities], key="rv_community", format_func=_option
    )
    code = c2.selectbox(
        _("Gap"),
        [ALL, *codes],
        key="rv_code",
        format_func=lambda c: _option(c) if c == ALL else _code_label(c),
    )
    state = c3.selectbox(
        _("State"),
        [ALL, *CASE_STATES],
        key="rv_state",
        format_func=lambda s: _option(s) if s == ALL else term("case_state", s),
    )
    overdue = c4.checkbox(_("Overdue only"), key="rv_overdue")
    rows = review.select(
        everything,
        community=None if community == ALL else community,
        code=None if code == ALL else code,
        state=None if state == ALL else state,
        overdue=overdue,
    )
    m1, m2, m3 = st.columns(3)
    m1.metric(_("Cases shown"), fmt_int(len(rows)))
    m2.metric(_("Overdue"), fmt_int(sum(1 for r in rows if r["overdue"])))
    m3.metric(_("Reopened"), fmt_int(sum(1 for r in rows if r["state"] == "reopened")))
    ui.table(_frame(rows)[COLUMNS], column_config={"code": _("Gap")})
    if len(rows) > CHOICES:
        st.caption(
            _(
                "The lists below offer the first {n} of these {total} cases; "
                "narrow the filters above to reach the others."
            ).format(n=fmt_int(CHOICES), total=fmt_int(len(rows)))
        )

    if community != ALL:
        _sheet_downloads(database, community, today)

    st.subheader(_("Assign"))
    assignable = [str(r["case_id"]) for r in rows if r["state"] in cases.ASSIGNABLE][:CHOICES]
    with st.form("rv_assign"):
        chosen = st.multiselect(
            _("Cases"),
            assignable,
            key="rv_assign_cases",
            format_func=_case_label,
            placeholder=_("Choose"),
        )
        assignee = st.text_input(_("Organisation or person id"), key="rv_assignee")
        due = st.date_input(
            _("Due"),
            value=today + dt.timedelta(days=14),
            key="rv_due",
            format="YYYY/MM/DD",
        )
        note = st.text_input(_("Note"), key="rv_note")
        go = st.form_submit_button(_("Assign cases"))
    if go:
        done, problems = [], []
        for case_id in chosen:
            try:
                with ui.guard(stop=False):
                    cases.assign(database, case_id, assignee.strip(), due, actor, note, today=today)
                    done.append(case_id)
            except GridnetError as exc:
                problems.append(f"{_case_label(case_id)}: {exc}")
        if done:
            st.success(
                _("Assigned {n}: {cases}").format(
                    n=fmt_int(len(done)), cases="；".join(map(_case_label, done))
                )
            )
        for problem in problems:
            st.warning(problem)

    _my_cases(database, viewer, actor, today)

    st.subheader(_("History"))
    pick = st.selectbox(
        _("Case"),
        [str(r["case_id"]) for r in rows[:CHOICES]],
        key="rv_history",
        format_func=_case_label,
    )
    if pick:
        with ui.guard():
            events = review.history(database, pick)
        shown = pd.DataFrame(events)
        for column, vocabulary in _EVENT_TERMS.items():
            if column in shown:
                shown[column] = [term(vocabulary, s) if s else "" for s in shown[column]]
        ui.table(shown)
        trail = " → ".join(
            term("case_action", e["action"]) for e in events if e["outcome"] == "applied"
        )
        st.caption(_("{n} events: {trail}").format(n=fmt_int(len(events)), trail=trail))
        _network_links(next(r for r in rows if r["case_id"] == pick))

    _trends(None if code == ALL else code, community)


def _sheet_downloads(database: Database, community: str, today: dt.date) -> None:
    """督办单 of the chosen community, as xlsx and as printable HTML (print to PDF)."""
    with ui.guard():
        found = sheet.sheet(database, community, today)
    st.caption(
        _(
            "Supervision list: {open} not closed, {overdue} overdue — the HTML prints on A4 "
            "(browser: print, save as PDF)."
        ).format(open=fmt_int(len(found.rows)), overdue=fmt_int(found.overdue))
    )
    d1, d2 = st.columns(2)
    name = f"督办单-{community}-{today.isoformat()}"
    d1.download_button(
        _("Download the supervision list (xlsx)"),
        sheet.render(found, "xlsx"),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="rv_sheet_xlsx",
    )
    d2.download_button(
        _("Printable supervision list (HTML)"),
        sheet.render(found, "html"),
        file_name=f"{name}.html",
        mime="text/html",
        key="rv_sheet_html",
    )


def _my_cases(
    database: Database,
    viewer: users.User,
    actor: str,
    today: dt.date,
) -> None:
    """The assignee's own list and 报整改 (mark rectified), with an optional evidence file."""
    st.subheader(_("My cases"))
    unit = viewer.unit
    with ui.guard():  # an assignment above changed the queue: it is read again
        queue = data.case_queue()
    if unit is None and viewer is users.LOCAL_USER:
        assignees = sorted({str(r["assignee"]) for r in queue if r["assignee"]})
        if not assignees:
            st.info(_("No case is assigned yet."))
            return
        unit = st.selectbox(_("Act for"), assignees, key="rv_unit")
    if not unit:
        st.info(
            _(
                "Your user answers for no unit: an administrator links it with "
                "`gridnet users add NAME --role reviewer --unit ORG_ID`."
            )
        )
        return
    mine = review.select(queue, assignee=unit)
    ui.table(_frame(mine)[COLUMNS], column_config={"code": _("Gap")}, key="rv_mine_table")
    open_ones = [str(r["case_id"]) for r in mine if r["stored_state"] == "assigned"]
    if not open_ones:
        st.caption(_("Nothing to report."))
        return
    with st.form("rv_report"):
        chosen = st.selectbox(
            _("Case to report"), open_ones, key="rv_report_case", format_func=_case_label
        )
        note = st.text_input(_("What was done"), key="rv_report_note")
        evidence = st.file_uploader(_("Evidence (optional)"), key="rv_report_file")
        go = st.form_submit_button(_("Mark rectified"))
    if go and chosen:
        kept = None
        if evidence is not None:
            kept = cases.keep_evidence(
                data.settings().home / "evidence", evidence.name, evidence.getvalue()
            )
        with ui.guard(stop=False):
            cases.report(database, chosen, unit, actor, note, kept, today=today)
            st.success(
                _("Reported {case}; the next snapshot verifies it.").format(
                    case=_case_label(chosen)
                )
            )


def _network_links(case: dict[str, object]) -> None:
    """Where the case sits in the network: its grid, and its unit when that is a node."""
    links = st.columns(2)
    if case["grid_id"]:
        with links[0]:
            nav.link(
                "network",
                _("Grid {grid} in the network").format(grid=case["grid_id"]),
                {"grid": str(case["grid_id"])},
            )
    unit = str(case["unit_id"])
    if "/" not in unit and unit != case["grid_id"]:
        with links[1]:
            nav.link("network", _("{node} in the network").format(node=unit), {"node": unit})


def _trends(code: str | None, community: str) -> None:
    st.subheader(_("Trends"))
    level = st.radio(
        _("Level"),
        list(LEVELS),
        format_func=lambda k: _(LEVELS[k]),
        horizontal=True,
        key="rv_level",
        index=2 if community != ALL else 0,
    )
    with ui.guard():
        trends = pd.DataFrame(data.case_trends(level, code))
    if trends.empty:
        st.info(_("No trend yet."))
        return
    areas = {str(a): str(n) for a, n in zip(trends["area_id"], trends["area_name"], strict=True)}
    order = sorted(areas)
    default = order.index(community) if community in areas else 0
    area = st.selectbox(
        _("Area"),
        order,
        index=default,
        format_func=lambda a: f"{areas[a]} {a}",
        key="rv_area",
    )
    trends = trends[trends["area_id"] == area]
    open_chart, flow_chart = charts.case_trend_charts(trends)
    t1, t2 = st.columns(2)
    t1.altair_chart(open_chart, width="stretch")
    t2.altair_chart(flow_chart, width="stretch")
    verified = trends["median_days_to_verification"].dropna()
    closed = int(trends["closed_cases"].sum())
    reopened = int(trends["reopened"].sum())
    k1, k2 = st.columns(2)
    k1.metric(
        _("Median days to verification"),
        fmt_num(verified.median(), 0) if not verified.empty else "–",
    )
    k2.metric(
        _("Reopen rate"),
        fmt_pct(100 * reopened / (closed + reopened)) if closed + reopened else "–",
    )
