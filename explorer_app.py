"""gridnet explorer: `streamlit run explorer_app.py`.

A thin entry point: page set-up, the shared sidebar and the routing of
``?page=<name>&...`` links; every page lives in ``explorer/pages``.
"""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import nav, ui

st.set_page_config(page_title="gridnet explorer 网格服务网络", page_icon="🏮", layout="wide")

requested = st.query_params.get("page")
current = st.navigation(nav.pages(default=requested or "overview"), position="sidebar")
if requested in nav.PAGES and requested != current.url_path:
    # A ?page= link opened on another page's URL: go there and keep the other parameters.
    params = {k: st.query_params[k] for k in st.query_params if k != "page"}
    st.switch_page(nav.page(requested), query_params=params)
ui.sidebar()
current.run()
