"""Query console for analysts: catalog queries with generated forms, or read-only Cypher."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import streamlit as st

from gridnet.explorer import data, ui
from gridnet.explorer import network_view as nv
from gridnet.explorer.i18n import _, current, fmt_int, term
from gridnet.explorer.safe import display_text
from gridnet.queries import catalog, runner
from gridnet.queries.export import cell_text
from gridnet.queries.gap_rules import GAPS

MAX_GRAPH_NODES = 400
EXAMPLE = "MATCH (g:Grid)-[r:IN_AREA]->(c:Area)\nRETURN g, r, c LIMIT 25"


# Parameters that name a place or a code: a picker filled from the graph, not an id to type.
PICKED = {"district", "community", "grid", "code"}


def _choices(name: str) -> dict[str, str]:
    """id -> what the planner reads, for a picked parameter."""
    if name == "code":
        return {code: term("gap", code) for code in GAPS}
    rows = data.hierarchy()
    if name == "district":
        return {r["district_id"]: r["district"] for r in rows if r.get("district_id")}
    if name == "community":
        return {r["community_id"]: f"{r['district']} · {r['community']}" for r in rows}
    return {r["grid_id"]: f"{r['community']} · {r['grid']} ({r['grid_id']})" for r in rows}


def _param_widget(spec: catalog.QuerySpec, p: catalog.Param) -> Any:
    """One form field per declared parameter; optional ones may be left blank (null).

    Places and gap codes are picked from the graph (a planner does not know ids)."""
    name = term("param", p.name)
    label = name if p.required else _("{name} (optional)").format(name=name)
    helptext = p.doc if current() == "en" else None
    key = f"cq_{spec.name}_{p.name}"
    if p.name in PICKED and p.type == "str":
        choices = _choices(p.name)
        options: list[str | None] = ([] if p.required else [None]) + sorted(
            choices, key=lambda c: choices[c]
        )
        return st.selectbox(
            label,
            options,
            format_func=lambda c: _("(any)") if c is None else choices.get(c, c),
            help=helptext,
            key=key,
        )
    if p.required and p.type == "int":
        return st.number_input(label, value=int(p.default or 0), step=1, help=helptext, key=key)
    if p.required and p.type == "float":
        return st.number_input(label, value=float(p.default or 0.0), help=helptext, key=key)
    if p.required and p.type == "date":
        return st.date_input(label, value=p.default or ui.as_of(), help=helptext, key=key)
    if p.type == "bool":
        return st.checkbox(label, value=bool(p.default), help=helptext, key=key)
    default = "" if p.default is None else str(p.default)
    text = st.text_input(
        label,
        value=default,
        help=helptext,
        key=key,
        placeholder=_("blank = any") if not p.required else "",
    )
    return None if not text.strip() and not p.required else text


LAST = "console_last"
GO_CATALOG, GO_CYPHER = "console_go_catalog", "console_go_cypher"


def _last(tab: str, stem: str) -> tuple[runner.Result, str, str] | None:
    """The kept result, if it came from this tab and this query."""
    kept = st.session_state.get(LAST)
    if isinstance(kept, tuple) and kept[2] == tab and kept[1] == stem:
        return kept
    return None


def _purpose(spec: catalog.QuerySpec, full: bool = False) -> str:
    """A catalog query as the planner reads it: its Chinese title (catalogued by name in the
    message catalogs), or its English purpose header."""
    if current() == "zh":
        return term("catalog", spec.name)
    return spec.purpose if full else f"{spec.name} — {spec.purpose[:70]}"


def _show(result: runner.Result, stem: str, tab: str) -> None:
    """The result as a table (ids open the network), downloads and, if it holds nodes, a graph.

    The last result is kept for the session's next runs, so that clicking an id in it
    (or any other widget) does not lose it; running another query replaces it.
    """
    st.session_state[LAST] = (result, stem, tab)
    columns, rows = result.columns, result.rows
    st.caption(
        _("{n} row(s) in {ms} ms").format(n=fmt_int(len(rows)), ms=f"{result.elapsed_ms:.0f}")
        + (" · " + _("truncated at the row limit") if result.truncated else "")
    )
    table = [
        {
            c: (display_text(v) if isinstance(v, dict | list) else v)
            for c, v in zip(columns, r, strict=True)
        }
        for r in rows
    ]
    ui.id_table(table, key=f"console_rows_{tab}")
    ui.downloads(columns, [[cell_text(v) for v in r] for r in rows], stem, key=f"console_{tab}")
    sg = nv.subgraph_from_result(rows)
    if sg.nodes:
        st.subheader(_("As a graph"))
        capped = nv.cap_nodes(sg, MAX_GRAPH_NODES)
        if capped.cut:
            st.warning(capped.message())
        st.markdown(
            nv.legend_html({n.kind for n in capped.graph.nodes.values()}, False),
            unsafe_allow_html=True,
        )
        st.iframe(nv.render_html(capped.graph, height_px=520), height=540)


def render() -> None:
    st.title(_("Query console"))
    c1, c2 = st.columns(2)
    # Bounded on both sides: no setting turns the console's timeout off.
    timeout = float(
        c1.number_input(
            _("Timeout (s)"), min_value=1.0, max_value=runner.MAX_TIMEOUT, value=30.0, step=5.0
        )
    )
    limit = int(
        c2.number_input(_("Row limit"), min_value=1, max_value=100_000, value=1000, step=100)
    )
    if st.session_state.get(GO_CATALOG) or st.session_state.get(GO_CYPHER):
        st.session_state.pop(LAST, None)  # a new run: the kept result goes
    catalog_tab, cypher_tab = st.tabs([_("Catalog"), _("Cypher (read-only")])
    with catalog_tab:
        with ui.guard(stop=False):
            specs = catalog.load_catalog()
            names = sorted(specs)
            name = st.selectbox(_("Query"), names, format_func=lambda n: _purpose(specs[n]))
            spec = specs[name]
            st.caption(
                _("{purpose} · for: {audience}").format(
                    purpose=_purpose(spec, full=True),
                    audience=", ".join(term("audience", a) for a in spec.audience),
                )
            )
            with st.form(f"form_{name}"):
                values = {p.name: _param_widget(spec, p) for p in spec.params}
                go = st.form_submit_button(_("Run"), key=GO_CATALOG)
            if go:
                values = {
                    k: (v.isoformat() if isinstance(v, dt.date) else v)
                    for k, v in values.items()
                    if v is not None
                }
                try:
                    params = catalog.bind(spec, values)
                except catalog.ParamError as exc:
                    st.error(_("Parameter error: {error}").format(error=exc))
                else:
                    with st.spinner(_("Running…")):
                        result = data.run_catalog(spec, params, timeout, limit)
                    _show(result, name, "catalog")
            elif kept := _last("catalog", name):
                _show(*kept)
    with cypher_tab:
        with st.form("cypher_form"):
            text = st.text_area("Cypher", height=160, value=EXAMPLE)
            params_text = st.text_input(_("Parameters (JSON)"), value="{}")
            go = st.form_submit_button(_("Run read-only"), key=GO_CYPHER)
        if go:
            try:
                params = json.loads(params_text or "{}")
                if not isinstance(params, dict):
                    raise ValueError("parameters must be a JSON object")
            except ValueError as exc:
                st.error(_("Parameter error: {error}").format(error=exc))
                return
            with ui.guard(stop=False), st.spinner(_("Running…")):
                result = data.run_cypher(text, params, timeout, limit)
                _show(result, "query", "cypher")
        elif kept := _last("cypher", "query"):
            _show(*kept)
