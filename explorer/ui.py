"""Page helpers: clean error messages, the shared "as of" day, spinners, downloads.

Why: a planner must see "Neo4j is down" or "the query took too long" as a sentence
in the page, never a traceback, and every page must age requests to the same day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st
from neo4j import exceptions as neo4j_errors

from gridnet.db import DatabaseUnavailable
from gridnet.explorer import i18n
from gridnet.explorer.i18n import _
from gridnet.queries import export
from gridnet.queries.runner import QueryError, QueryTimeout, WriteRefused, safe_error_text
from gridnet.settings import SettingsError
from gridnet.users import LOCAL_USER, User

__all__ = [
    "as_of",
    "database_state",
    "downloads",
    "error_message",
    "guard",
    "headers",
    "id_table",
    "show_error",
    "sidebar",
    "table",
]

AS_OF_KEY = "gn_as_of"
LANG_PICK = "gn_lang_pick"
LANG_NAMES = {"zh": "中文", "en": "English"}


def error_message(exc: BaseException) -> str:
    """The plain sentence shown for an expected failure (details go behind an expander)."""
    if isinstance(exc, DatabaseUnavailable):
        return _("The database cannot be reached right now; please contact the administrator.")
    if isinstance(exc, QueryTimeout):
        return _("The query took too long and was stopped.")
    if isinstance(exc, WriteRefused):
        return _("Refused: the explorer only reads the graph.")
    if isinstance(exc, QueryError):
        return _("The query failed.")
    if isinstance(exc, SettingsError):
        return _("The explorer is not configured correctly; please contact the administrator.")
    if isinstance(exc, neo4j_errors.Neo4jError):
        return _("The database refused the query.")
    return _("Connection problem; please contact the administrator.")


def error_details(exc: BaseException) -> str:
    """The technical text for whoever looks after the server (never personal values)."""
    if isinstance(exc, neo4j_errors.Neo4jError) and not isinstance(exc, QueryError):
        # Without the values the server quotes: they may be personal data.
        return f"{exc.code}: {safe_error_text(exc.message or '')}"
    return f"{type(exc).__name__}: {exc}"


def show_error(exc: BaseException) -> None:
    """The plain sentence, and the technical details behind an expander."""
    st.error(error_message(exc), icon="⚠️")
    with st.expander(_("Technical details")):
        st.code(error_details(exc), language=None, wrap_lines=True)


EXPECTED = (
    DatabaseUnavailable,
    QueryError,
    SettingsError,
    neo4j_errors.Neo4jError,
    neo4j_errors.DriverError,
)


@contextmanager
def guard(stop: bool = True) -> Iterator[None]:
    """Show expected failures with st.error (and stop the page unless `stop` is False)."""
    try:
        yield
    except EXPECTED as exc:
        show_error(exc)
        if stop:
            st.stop()


def database_state() -> bool:
    """Check the server at the top of every page; when it is down, say so and how old
    the figures still shown are. True when it answers."""
    import time

    from gridnet.explorer import data

    outage = data.check()
    if outage is None:
        return True
    show_error(outage.error)
    if outage.last_ok is not None:
        minutes = max(0, round((time.time() - outage.last_ok) / 60))
        when = dt.datetime.fromtimestamp(outage.last_ok).strftime("%H:%M:%S")
        st.warning(
            _(
                "Figures below come from the cache: the database last answered at "
                "{when} ({minutes} min ago). The page recovers by itself when it is back."
            ).format(when=when, minutes=minutes),
            icon="🕒",
        )
    return False


def as_of() -> dt.date:
    """The reference day chosen in the sidebar (requests are aged and judged against it)."""
    value = st.session_state.get(AS_OF_KEY)
    return value if isinstance(value, dt.date) else dt.date.today()


def sidebar(viewer: User) -> None:
    """The shared sidebar: who is signed in, reference day and cache refresh.

    Tolerates a down database.
    """
    from gridnet.explorer import auth, data

    with st.sidebar:
        st.session_state[LANG_PICK] = i18n.current()
        st.segmented_control(
            _("Language"),
            list(i18n.LANGS),
            format_func=lambda code: LANG_NAMES[code],
            key=LANG_PICK,
            on_change=lambda: i18n.switch(st.session_state.get(LANG_PICK) or i18n.current()),
            label_visibility="collapsed",
        )
        if AS_OF_KEY not in st.session_state:
            try:
                st.session_state[AS_OF_KEY] = data.as_of_default()
            except EXPECTED:
                st.session_state[AS_OF_KEY] = dt.date.today()
        st.date_input(
            _("As of"),
            key=AS_OF_KEY,
            format="YYYY/MM/DD",
            help=_(
                "Requests are aged and judged overdue against this day. It starts "
                "at the latest request date in the data."
            ),
        )
        if st.button(_("Refresh data"), help=_("Forget cached query results")):
            data.clear_caches()
        st.caption(_("Database: {uri}").format(uri=data.settings().uri))
        role = viewer.role.zh if i18n.current() == "zh" else viewer.role.name
        st.caption(
            _("User: {name} · {role}").format(
                name=_("this computer") if viewer is LOCAL_USER else viewer.name, role=role
            )
            + (" · " + _("may see personal data") if viewer.can_see_personal else "")
        )
        if viewer is not LOCAL_USER and st.button(_("Sign out")):
            auth.sign_out()
            st.rerun()


def downloads(columns: Sequence[str], rows: Sequence[Sequence[Any]], stem: str, key: str) -> None:
    """CSV and Excel download buttons; cells are neutralised against formula injection.

    The files are made when a button is pressed (Streamlit's deferred data), not on every
    run of the page: an Excel file of a city's 5,000 grids takes longer to write than
    the page takes to draw.
    """
    left, right = st.columns(2)
    left.download_button(
        _("Download CSV"),
        lambda: export.to_csv(columns, rows, bom=True).encode("utf-8"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
    )
    right.download_button(
        _("Download Excel"),
        lambda: export.to_xlsx_bytes(columns, rows, sheet=stem[:31]),
        file_name=f"{stem}.xlsx",
        key=f"{key}_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def headers(columns: Iterable[object], given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Column configs whose headers are the columns' names in the page's language
    (``grid_id`` -> 网格编号); configs given win. Query columns keep their keys as
    data (downloads, tests) and are translated only where a user reads them."""
    config: dict[str, Any] = {str(c): i18n.term("column", c) for c in columns}
    config.update(given or {})
    return config


def table(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]],
    column_config: Mapping[str, Any] | None = None,
    height: int | None = None,
    key: str | None = None,
) -> None:
    """A read-only table with translated headers (ids are not clickable: `id_table`);
    `key` tells apart two tables that may hold the same rows."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config=headers(frame.columns, column_config),
        height=height or "auto",
        key=key,
    )


def id_table(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]],
    key: str,
    column_config: Mapping[str, Any] | None = None,
    height: int | None = None,
) -> None:
    """A table whose node ids (``id``, ``*_id``) are buttons that open the network
    focused on that node, in the same tab.

    Streamlit's link columns always open a new tab (and a new session); a button
    column keeps the planner in the session, with the sidebar's day and choices.
    """
    from gridnet.explorer import nav

    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    columns = nav.id_columns(frame.columns)
    config = headers(frame.columns, column_config)
    for column in columns:
        frame[column] = ["" if v is None or v != v else str(v) for v in frame[column]]
        config[column] = st.column_config.ButtonColumn(
            i18n.term("column", column),
            type="tertiary",
            alignment="left",
            key=f"{key}__{column}",
            help=_("Click to see it in the network"),
        )
    st.dataframe(
        frame, hide_index=True, width="stretch", column_config=config, height=height or "auto"
    )
    for column in columns:
        click = st.session_state.get(f"{key}__{column}")
        label = click["label"] if click else None
        if label:
            nav.focus(str(label))
