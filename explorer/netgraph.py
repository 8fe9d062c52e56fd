"""The network picture as a bidirectional Streamlit component, served from this package.

Why this form. The Network page must hear what the planner does in the picture (a
click selects, a double-click expands, the legend hides kinds) and must update
the picture without starting it over. ``st.iframe`` with pyvis's page is one-way:
every change redraws from scratch and clicks never reach Python. The choices were:

- a Streamlit *components v1* custom component declared with a ``path``
  (chosen): Streamlit serves the folder ``explorer/frontend/network`` itself
  (``/component/...``), so the page loads nothing from the network and needs no
  build step: the folder holds a static ``index.html``, a hand-written
  ``network.js`` speaking the component protocol (``streamlit:render`` in,
  ``streamlit:setComponentValue`` out) and vis-network 9.1.2, the very file pyvis
  bundles (``pyvis/lib/vis-9.1.2/vis-network.min.js``, Apache-2.0 / MIT), copied
  next to it because a component may only serve files from its own folder. The
  frame keeps its state between reruns, so positions survive an expansion;
- *components v2* (inline JS in the main page): its assets must be declared in an
  installed package's manifest, and vis-network's globals would share the app's
  page; nothing gained for the planner;
- a published third-party component (streamlit-agraph and the like): an npm build
  we do not control, React in the frame, and no say over settling or labels.

Events come back as ``{"id": "<frame nonce>:<n>", "event": ..., ...}``; the id
lets the page act on each event once although Streamlit returns the last value
on every rerun.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.components.v1 import declare_component

__all__ = ["FRONTEND_DIR", "EVENTS", "network"]

FRONTEND_DIR = Path(__file__).resolve().parent / "frontend" / "network"
EVENTS = ("select", "expand", "kinds")

_component = declare_component("gridnet_network", path=str(FRONTEND_DIR))


def network(args: dict[str, Any], key: str) -> dict[str, Any] | None:
    """Draw the picture described by `args` (``netpayload.payload``); the last event or None."""
    value = _component(key=key, default=None, **args)
    if isinstance(value, dict) and value.get("event") in EVENTS and value.get("id"):
        return value
    return None
