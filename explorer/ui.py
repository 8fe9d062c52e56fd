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
from gridnet.queries import export
from gridnet.queries.runner import QueryError, QueryTimeout, WriteRefused, safe_error_text
from gridnet.settings import SettingsError
from gridnet.users import LOCAL_USER, User

__all__ = ["as_of", "downloads", "guard", "id_table", "sidebar"]

AS_OF_KEY = "gn_as_of"


def error_message(exc: BaseException) -> str:
    """The sentence shown for an expected failure."""
    if isinstance(exc, DatabaseUnavailable):
        return f"The graph database cannot be reached 数据库不可用. {exc}"
    if isinstance(exc, QueryTimeout):
        return f"The query took too long and was stopped 查询超时. {exc}"
    if isinstance(exc, WriteRefused):
        return f"Refused: the explorer only reads the graph 仅允许只读查询. {exc}"
    if isinstance(exc, QueryError):
        return f"The query failed 查询失败. {exc}"
    if isinstance(exc, SettingsError):
        return f"Configuration error 配置错误. {exc}"
    if isinstance(exc, neo4j_errors.Neo4jError):
        # Without the values the server quotes: they may be personal data.
        reason = safe_error_text(exc.message or "")
        return f"The database refused the query 数据库错误. {exc.code}: {reason}"
    return f"Connection problem 连接问题. {exc}"


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
        st.error(error_message(exc), icon="⚠️")
        if stop:
            st.stop()


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
        if AS_OF_KEY not in st.session_state:
            try:
                st.session_state[AS_OF_KEY] = data.as_of_default()
            except EXPECTED:
                st.session_state[AS_OF_KEY] = dt.date.today()
        st.date_input(
            "As of 截至日期",
            key=AS_OF_KEY,
            help="Requests are aged and judged overdue against this day. It starts "
            "at the latest request date in the data.",
        )
        if st.button("Refresh data 刷新", help="Forget cached query results"):
            data.clear_caches()
        st.caption(f"Neo4j: {data.settings().uri}")
        st.caption(
            f"用户 User: {viewer.name} · {viewer.role.zh} {viewer.role.name}"
            + (" · 可查看个人信息 may see personal data" if viewer.can_see_personal else "")
        )
        if viewer is not LOCAL_USER and st.button("退出登录 Sign out"):
            auth.sign_out()
            st.rerun()


def downloads(columns: Sequence[str], rows: Sequence[Sequence[Any]], stem: str, key: str) -> None:
    """CSV and Excel download buttons; cells are neutralised against formula injection."""
    left, right = st.columns(2)
    left.download_button(
        "Download CSV 下载",
        export.to_csv(columns, rows, bom=True).encode("utf-8"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
    )
    right.download_button(
        "Download Excel 下载",
        export.to_xlsx_bytes(columns, rows, sheet=stem[:31]),
        file_name=f"{stem}.xlsx",
        key=f"{key}_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
    config: dict[str, Any] = dict(column_config or {})
    for column in columns:
        frame[column] = ["" if v is None or v != v else str(v) for v in frame[column]]
        config[column] = st.column_config.ButtonColumn(
            column,
            type="tertiary",
            alignment="left",
            key=f"{key}__{column}",
            help="点击在网络中查看 Click to see it in the network",
        )
    st.dataframe(
        frame, hide_index=True, width="stretch", column_config=config, height=height or "auto"
    )
    for column in columns:
        click = st.session_state.get(f"{key}__{column}")
        label = click["label"] if click else None
        if label:
            nav.focus(str(label))
