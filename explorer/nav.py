"""The explorer's pages and links between them.

Pages are functions (``render``) in ``explorer/pages/``; a link such as
``?page=network&grid=G-0001`` opens the network view of that grid from anywhere, and
``?page=network&node=H-0000001`` opens it focused on one node. Ids in the app's tables
open that same view in the same tab (`focus`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from gridnet.explorer import i18n
from gridnet.explorer.i18n import N_, _

__all__ = ["FOCUS_REQUEST", "PAGES", "focus", "id_columns", "link", "page", "pages", "url"]

# url path -> (title, icon)
PAGES: dict[str, tuple[str, str]] = {
    "overview": (N_("Overview"), ":material/dashboard:"),
    "network": (N_("Network"), ":material/hub:"),
    "gaps": (N_("Coverage gaps"), ":material/report:"),
    "requests": (N_("Requests"), ":material/assignment:"),
    "review": (N_("Review"), ":material/task_alt:"),
    "whatif": (N_("What if"), ":material/science:"),
    "map": (N_("Map"), ":material/map:"),
    "siting": (N_("Siting"), ":material/add_location_alt:"),
    "console": (N_("Query console"), ":material/terminal:"),
}


def _render(name: str) -> Callable[[], None]:
    """The page's ``render``, imported when the page runs.

    Every run lists every page in the sidebar; importing them all there made the first
    page a server shows wait for the others' libraries (the Siting page's solver, the
    console's pyvis...), so each page's module is imported when it is shown.
    """

    def render() -> None:
        importlib.import_module(f"gridnet.explorer.pages.{name}").render()

    render.__name__ = render.__qualname__ = f"render_{name}"
    return render


def page(name: str, default: bool = False) -> StreamlitPage:
    """The st.Page of one explorer page (its identity is its url path)."""
    title, icon = PAGES[name]
    return st.Page(_render(name), title=_(title), icon=icon, url_path=name, default=default)


def pages(default: str = "overview", names: Sequence[str] | None = None) -> list[StreamlitPage]:
    """The pages `names` (every page by default); `default` is the one the root URL shows."""
    names = list(PAGES) if names is None else [n for n in PAGES if n in names]
    default = default if default in names else names[0]
    return [page(name, default=name == default) for name in names]


def url(name: str, **params: str) -> str:
    """A relative link that works from any page, in this page's language.

    >>> url("network", grid="G-0001")
    './?page=network&lang=zh&grid=G-0001'
    """
    from urllib.parse import urlencode

    return "./?" + urlencode({"page": name, "lang": i18n.current(), **params})


def link(name: str, label: str, params: Mapping[str, str] | None = None) -> None:
    """st.page_link to an explorer page with query parameters."""
    query = {"lang": i18n.current(), **dict(params or {})}
    st.page_link(page(name), label=label, icon=PAGES[name][1], query_params=query)


FOCUS_REQUEST = "gn_focus_request"


def id_columns(columns: Iterable[object]) -> list[str]:
    """The columns of a table that hold node ids: ``id``, ``*_id`` and ``*.id``.

    >>> id_columns(["household_id", "name", "id", "g.id", "grid", "paid"])
    ['household_id', 'id', 'g.id']
    """
    return [
        str(c)
        for c in columns
        if str(c) == "id" or str(c).endswith("_id") or str(c).endswith(".id")
    ]


def focus(node_id: str) -> None:
    """Open the network view focused on `node_id`, in this tab (the session is kept)."""
    st.session_state[FOCUS_REQUEST] = node_id
    st.switch_page(page("network"), query_params={"node": node_id, "lang": i18n.current()})
