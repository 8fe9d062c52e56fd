"""Query console for analysts: catalog queries with generated forms, or read-only Cypher."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import streamlit as st

from gridnet.explorer import data, ui
from gridnet.explorer import network_view as nv
from gridnet.explorer.safe import display_text
from gridnet.queries import catalog, runner
from gridnet.queries.export import cell_text

MAX_GRAPH_NODES = 400
EXAMPLE = "MATCH (g:Grid)-[r:IN_AREA]->(c:Area)\nRETURN g, r, c LIMIT 25"


def _param_widget(spec: catalog.QuerySpec, p: catalog.Param) -> Any:
    """One form field per declared parameter; optional ones may be left blank (null)."""
    label = f"{p.name} ({p.type}{'' if p.required else ', optional'})"
    key = f"cq_{spec.name}_{p.name}"
    if p.required and p.type == "int":
        return st.number_input(label, value=int(p.default or 0), step=1, help=p.doc, key=key)
    if p.required and p.type == "float":
        return st.number_input(label, value=float(p.default or 0.0), help=p.doc, key=key)
    if p.required and p.type == "date":
        return st.date_input(label, value=p.default or ui.as_of(), help=p.doc, key=key)
    if p.type == "bool":
        return st.checkbox(label, value=bool(p.default), help=p.doc, key=key)
    default = "" if p.default is None else str(p.default)
    text = st.text_input(
        label,
        value=default,
        help=p.doc,
        key=key,
        placeholder="blank = null" if not p.required else "",
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


def _show(result: runner.Result, stem: str, tab: str) -> None:
    """The result as a table (ids open the network), downloads and, if it holds nodes, a graph.

    The last result is kept for the session's next runs, so that clicking an id in it
    (or any other widget) does not lose it; running another query replaces it.
    """
    st.session_state[LAST] = (result, stem, tab)
    columns, rows = result.columns, result.rows
    st.caption(
        f"{len(rows)} row(s) in {result.elapsed_ms:.0f} ms"
        + (" · truncated at the row limit 已截断" if result.truncated else "")
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
        st.subheader("As a graph 图示")
        capped = nv.cap_nodes(sg, MAX_GRAPH_NODES)
        if capped.cut:
            st.warning(capped.message())
        st.markdown(
            nv.legend_html({n.kind for n in capped.graph.nodes.values()}, False),
            unsafe_allow_html=True,
        )
        st.iframe(nv.render_html(capped.graph, height_px=520), height=540)


def render() -> None:
    st.title("Query console 查询台")
    c1, c2 = st.columns(2)
    # Bounded on both sides: no setting turns the console's timeout off.
    timeout = float(
        c1.number_input(
            "Timeout (s) 超时", min_value=1.0, max_value=runner.MAX_TIMEOUT, value=30.0, step=5.0
        )
    )
    limit = int(
        c2.number_input("Row limit 行数上限", min_value=1, max_value=100_000, value=1000, step=100)
    )
    if st.session_state.get(GO_CATALOG) or st.session_state.get(GO_CYPHER):
        st.session_state.pop(LAST, None)  # a new run: the kept result goes
    catalog_tab, cypher_tab = st.tabs(["Catalog 目录查询", "Cypher (read-only 只读)"])
    with catalog_tab:
        with ui.guard(stop=False):
            specs = catalog.load_catalog()
            names = sorted(specs)
            name = st.selectbox(
                "Query 查询", names, format_func=lambda n: f"{n} — {specs[n].purpose[:70]}"
            )
            spec = specs[name]
            st.caption(
                f"{spec.purpose} · audience: {', '.join(spec.audience)} · returns: "
                f"{', '.join(spec.returns)}"
            )
            with st.form(f"form_{name}"):
                values = {p.name: _param_widget(spec, p) for p in spec.params}
                go = st.form_submit_button("Run 运行", key=GO_CATALOG)
            if go:
                values = {
                    k: (v.isoformat() if isinstance(v, dt.date) else v)
                    for k, v in values.items()
                    if v is not None
                }
                try:
                    params = catalog.bind(spec, values)
                except catalog.ParamError as exc:
                    st.error(f"Parameter error 参数错误: {exc}")
                else:
                    with st.spinner(f"Running {name}… 运行中"):
                        result = data.run_catalog(spec, params, timeout, limit)
                    _show(result, name, "catalog")
            elif kept := _last("catalog", name):
                _show(*kept)
    with cypher_tab:
        with st.form("cypher_form"):
            text = st.text_area("Cypher", height=160, value=EXAMPLE)
            params_text = st.text_input("Parameters (JSON) 参数", value="{}")
            go = st.form_submit_button("Run read-only 只读运行", key=GO_CYPHER)
        if go:
            try:
                params = json.loads(params_text or "{}")
                if not isinstance(params, dict):
                    raise ValueError("parameters must be a JSON object")
            except ValueError as exc:
                st.error(f"Parameter error 参数错误: {exc}")
                return
            with ui.guard(stop=False), st.spinner("Running… 运行中"):
                result = data.run_cypher(text, params, timeout, limit)
                _show(result, "query", "cypher")
        elif kept := _last("cypher", "query"):
            _show(*kept)
