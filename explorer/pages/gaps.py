"""Coverage gaps for reviewers: the gap report, filterable, with per-grid detail and downloads."""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import auth, data, figures, i18n, nav, personal, ui
from gridnet.explorer.i18n import _, fmt_date, term
from gridnet.explorer.safe import display_text, md
from gridnet.queries.gap_rules import GAPS

SEVERITIES = ["high", "medium", "low", "none"]
COLUMNS = [
    "grid_id",
    "grid_name",
    "district",
    "community_name",
    "severity",
    "score",
    "gaps",
    "households",
    "unserved_households",
    "buildings_without_group",
    "overloaded_lighthouses",
    "overdue_requests",
    "unmet_categories",
    "missing_org_types",
]


ALL = "(all)"
# widget key -> URL parameter: the filters a shared link carries
URL_KEYS = {
    "gp_severity": "severity",
    "gp_codes": "gap",
    "gp_district": "district",
    "gp_community": "community",
    "gp_grid": "grid",
}
LISTS = {"gp_severity", "gp_codes"}


def _from_url(defaults: dict[str, object]) -> None:
    """Start each filter from the URL (a shared link), once per session and page visit."""
    for key, param in URL_KEYS.items():
        if key in st.session_state:
            continue
        if key in LISTS:
            given = st.query_params.get_all(param)
            st.session_state[key] = given if given else defaults.get(key, [])
        elif param in st.query_params:
            st.session_state[key] = st.query_params[param]


def _to_url() -> None:
    """Write the filters into the URL so that the view can be shared as a link."""
    for key, param in URL_KEYS.items():
        value = st.session_state.get(key)
        if value in (None, ALL, []):
            st.query_params.pop(param, None)
        elif isinstance(value, list):
            st.query_params[param] = [str(v) for v in value]
        else:
            st.query_params[param] = str(value)


def _valid(key: str, options: list[str]) -> None:
    """Drop a URL value that is not among the options (a stale or mistyped link)."""
    value = st.session_state.get(key)
    if isinstance(value, list):
        st.session_state[key] = [v for v in value if v in options]
    elif value is not None and value not in options:
        del st.session_state[key]


def render() -> None:
    st.title(_("Coverage gaps"))
    as_of = ui.as_of()
    with ui.guard(), st.spinner(_("Computing the gap report…")):
        report = data.gap_report(as_of)
        hierarchy = data.hierarchy()
    df = figures.gap_frame(report, hierarchy)
    if df.empty:
        st.info(_("No grids in the graph"))
        return

    _from_url({"gp_severity": ["high", "medium", "low"]})
    c1, c2, c3, c4 = st.columns(4)
    _valid("gp_severity", SEVERITIES)
    severities = c1.multiselect(
        _("Severity"), SEVERITIES, format_func=lambda s: term("severity", s), key="gp_severity"
    )
    _valid("gp_codes", list(GAPS))
    codes = c2.multiselect(
        _("Gap code"), list(GAPS), format_func=lambda c: term("gap", c), key="gp_codes"
    )
    districts = [ALL] + sorted(df["district"].dropna().unique())
    _valid("gp_district", districts)
    district = c3.selectbox(
        _("District"), districts, format_func=lambda d: term("group", d), key="gp_district"
    )
    pool = df if district == ALL else df[df["district"] == district]
    communities = [ALL] + sorted(pool["community_name"].dropna().unique())
    _valid("gp_community", communities)
    community = c4.selectbox(
        _("Community"), communities, format_func=lambda c: term("group", c), key="gp_community"
    )
    shown = figures.filter_gaps(
        df,
        severities,
        codes,
        None if district == ALL else district,
        None if community == ALL else community,
    )

    counts = df["severity"].value_counts()
    st.caption(
        " · ".join(f"{term('severity', s)}: {int(counts.get(s, 0))}" for s in SEVERITIES)
        + " · "
        + _("as of {day} · showing {shown} of {total} grids").format(
            day=fmt_date(as_of), shown=len(shown), total=len(df)
        )
    )
    cols = [c for c in COLUMNS if c in shown.columns]
    table = shown[cols].copy()
    table["severity"] = [term("severity", s) for s in table["severity"]]
    table["gaps"] = [[term("gap", c) for c in g] for g in table["gaps"]]
    st.caption(_("Click an id to see it in the network"))
    ui.id_table(
        table,
        key="gaps_table",
        column_config={"gaps": st.column_config.ListColumn(i18n.term("column", "gaps"))},
    )
    rows = [
        [display_text(v) if isinstance(v, list) else v for v in r]
        for r in shown[cols].itertuples(index=False)
    ]
    ui.downloads(cols, rows, f"gap_report_{as_of.isoformat()}", key="gaps")

    st.subheader(_("Grid detail"))
    if shown.empty:
        _to_url()
        st.info(_("No grid matches the filters"))
        return
    ids = list(shown["grid_id"])
    names = dict(zip(shown["grid_id"], shown["grid_name"], strict=True))
    _valid("gp_grid", ids)
    grid = st.selectbox(_("Grid"), ids, format_func=lambda g: f"{names[g]} ({g})", key="gp_grid")
    _to_url()
    row = shown[shown["grid_id"] == grid].iloc[0]
    st.markdown(
        _("**{grid}** · {community} · severity **{severity}** · score {score}").format(
            grid=md(row["grid_name"]),
            community=md(row["community_name"]),
            severity=term("severity", row["severity"]),
            score=row["score"],
        )
    )
    nav.link(
        "network",
        _("Open the network view of {grid}").format(grid=row["grid_name"]),
        {"grid": grid},
    )
    with ui.guard(), st.spinner(_("Finding the nodes behind each gap…")):
        detail = data.gap_detail(grid, row["gaps"], as_of)
    for code in row["gaps"]:
        hits = detail.get(code, [])
        with st.expander(f"{term('gap', code)} ({len(hits)})", expanded=len(row["gaps"]) <= 3):
            if hits:
                ui.id_table(hits, key=f"gap_{code}")
                personal.residents_table(
                    auth.viewer(),
                    [("Household", h["household_id"]) for h in hits if h.get("household_id")],
                    f"gap_{code}",
                )
            else:
                st.write(_("(no rows)"))
