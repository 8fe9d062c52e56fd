"""The 选址 Siting page through Streamlit's AppTest on the known-distance city."""

from __future__ import annotations

import json

import streamlit as st
from streamlit.testing.v1 import AppTest

from gridnet import db
from tests.explorer.conftest import APP
from tests.reach.test_out_of_reach import reach_city  # noqa: F401  (the fixture)


def _open() -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["page"] = "siting"
    return at.run()


def _layers(at: AppTest) -> list[dict]:
    charts = at.get("vega_lite_chart")
    assert charts, "no chart on the page"
    spec = json.loads(charts[-1].proto.spec)
    return spec["layer"]


def _values(at: AppTest, layer: dict) -> list[dict]:
    data = layer.get("data", {})
    if "values" in data:
        return list(data["values"])
    charts = at.get("vega_lite_chart")
    spec = json.loads(charts[-1].proto.spec)
    return list(spec.get("datasets", {}).get(data.get("name", ""), []))


def test_siting_page_proposes_a_site_and_draws_the_layers(
    reach_city: db.Database,  # noqa: F811
) -> None:
    at = _open()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "选址"
    at.selectbox(key="siting_community").set_value("C1")
    at.selectbox(key="siting_category").set_value("elder_care").run()
    metrics = {m.label: m.value for m in at.metric}
    # H1 and H5 reach P1 (G1's elder care); a site at B2 adds H2; H4 has no point
    assert metrics["住户"] == "5"
    assert (metrics["现可达"], metrics["新增后可达"]) == ("2", "3")
    sites = at.dataframe[0].value
    assert list(sites["site"]) == ["B2"] and list(sites["adds"]) == [1]
    layers = _layers(at)
    assert len(layers) == 3  # households, platforms, proposed sites (no ring picked)
    reach: dict[str, int] = {}
    for v in _values(at, layers[0]):
        reach[v["reach_label"]] = reach.get(v["reach_label"], 0) + v["households"]
    assert reach == {"可达": 2, "新增后可达": 1, "步行不可达": 1}
    assert {v["platform"] for v in _values(at, layers[1])} == {"P1"}  # P2 serves C2
    # the rings of P1: 5, 10 and 15 minutes, straight radius = walk / detour
    at.selectbox(key="siting_ring_platform").set_value("P1").run()
    layers = _layers(at)
    assert len(layers) == 4
    rings = _values(at, layers[0])
    assert [r["properties"]["ring"] for r in rings] == ["5 分钟", "10 分钟", "15 分钟"]
    north = [max(p[1] for p in r["geometry"]["coordinates"]) - 30.92 for r in rings]
    assert [round(d * 111_320) for d in north] == [round(m / 1.3) for m in (300, 500, 1000)]
    # no new site asked: nothing proposed, the same households reached
    at.number_input(key="siting_add").set_value(0).run()
    assert not at.error and {m.label: m.value for m in at.metric}["新增后可达"] == "2"
