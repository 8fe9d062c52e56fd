"""Who is looking at the explorer: sign-in, roles, and the loopback rule.

Why: clear personal values are for roles with the personal-data permission
(``gridnet.users``), and an explorer reachable from the network must know who is
asking. The rules:

- no users configured: the explorer serves 127.0.0.1 only, as one local user
  without the personal-data permission (``make demo`` needs no sign-in); bound to
  any other address it refuses to show anything until users exist (a container
  whose port is published on the host's loopback says so with
  ``GRIDNET_PUBLISHED_ON_LOOPBACK=1``);
- users configured: sign in with name and password (argon2 hashes), or, when the
  operator set ``GRIDNET_TRUSTED_HEADER`` (a reverse proxy that authenticates),
  the user named in that request header.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import streamlit as st

from gridnet import users
from gridnet.explorer.i18n import _

__all__ = ["TRUSTED_HEADER_VAR", "is_loopback", "sign_out", "viewer"]

TRUSTED_HEADER_VAR = "GRIDNET_TRUSTED_HEADER"
# Set by docker-compose.yml: the container listens on 0.0.0.0, but its port is
# published on the host's 127.0.0.1 only, so it is as local as a loopback bind.
LOOPBACK_PUBLISHED_VAR = "GRIDNET_PUBLISHED_ON_LOOPBACK"
_VIEWER = "gn_viewer"


def is_loopback(address: str | None) -> bool:
    """Whether a listen address is reachable only from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    >>> is_loopback("")
    False
    """
    if not address:
        return False  # Streamlit's empty address listens on every interface
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _published_on_loopback() -> bool:
    return os.environ.get(LOOPBACK_PUBLISHED_VAR, "").strip() == "1"


def _users_file() -> Path:
    """The users file of the current settings.

    The readers' module is imported here, not with this one: `gridnet explore` imports
    `is_loopback` before Streamlit runs, and the readers' caches look for its runtime.
    """
    from gridnet.explorer.data import settings

    return settings().users_file


def viewer() -> users.User:
    """The current viewer; renders the sign-in form and stops the page when needed."""
    users_file = _users_file()
    if not users.load_users(users_file):
        if not is_loopback(st.get_option("server.address")) and not _published_on_loopback():
            st.error(
                "此浏览器界面监听在非本机地址，但尚未配置任何用户：请先用 `gridnet users add` "
                "创建用户。 The explorer listens on a non-loopback address and no users "
                "exist: add users with `gridnet users add` first."
            )
            st.stop()
        return users.LOCAL_USER
    header = os.environ.get(TRUSTED_HEADER_VAR, "").strip()
    if header:
        name = st.context.headers.get(header)
        trusted = users.user_by_name(users_file, name) if name else None
        if trusted is not None:
            return trusted
    current = st.session_state.get(_VIEWER)
    if isinstance(current, users.User):
        return current
    _sign_in()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _sign_in() -> None:
    st.title(_("Sign in"))
    with st.form("sign_in"):
        name = st.text_input(_("User name"), key="gn_login_name")
        password = st.text_input(_("Password"), type="password", key="gn_login_password")
        go = st.form_submit_button(_("Sign in"))
    if go:
        user = users.authenticate(_users_file(), name.strip(), password)
        if user is None:
            st.error(_("Wrong user name or password."))
            return
        st.session_state[_VIEWER] = user
        st.rerun()


def sign_out() -> None:
    """Forget the signed-in user of this browser session."""
    st.session_state.pop(_VIEWER, None)
