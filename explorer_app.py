"""gridnet explorer: `streamlit run explorer_app.py`.

A thin entry point: page set-up, the shared sidebar and the routing of
``?page=<name>&...`` links; every page lives in ``explorer/pages``.
"""

from __future__ import annotations

import streamlit as st

from gridnet.explorer import auth, i18n, nav, ui
from gridnet.explorer.i18n import _

i18n.bind()  # ?lang=zh|en, zh by default; before any text is drawn
st.set_page_config(page_title=_("gridnet explorer"), page_icon="🏮", layout="wide")

viewer = auth.viewer()  # signs in (or refuses a non-loopback address without users)
requested = st.query_params.get("page")
allowed = [name for name in nav.PAGES if name != "console" or viewer.role.console]
current = st.navigation(
    nav.pages(default=requested or "overview", names=allowed), position="sidebar"
)
if requested in allowed and requested != current.url_path:
    # A ?page= link opened on another page's URL: go there and keep the other parameters.
    params = {k: st.query_params[k] for k in st.query_params if k != "page"}
    st.switch_page(nav.page(requested), query_params=params)
ui.database_state()  # says so at once when the server is down; recovers by itself
ui.sidebar(viewer)
current.run()
