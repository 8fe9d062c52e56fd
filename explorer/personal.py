"""Clear personal values in the explorer, for viewers whose role allows them.

Why a module: the pages show display forms (the graph holds nothing else); a
viewer with the personal-data permission may additionally search residents by a
personal value and see the clear values of the residents on screen. Both go
through ``gridnet.reveal`` so that every reveal is logged (who, when, which ids)
before it is shown, and nothing clear is ever cached by Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from gridnet import reveal, users
from gridnet.explorer import data
from gridnet.explorer.i18n import _
from gridnet.keys import PrivacyKeyError
from gridnet.loaders.tables import TABLES
from gridnet.privacy import PERSONAL
from gridnet.vault import Vault

__all__ = ["residents_table", "search"]

# Column headers of the reveal table: the input format's Chinese term and the field.
_HEADERS = {
    (t.label, c.name): f"{c.zh} {c.name}"
    for t in TABLES.values()
    for c in t.columns
    if t.label in PERSONAL and c.personal
}


def _actor(viewer: users.User) -> str:
    return f"explorer:{viewer.name}"


def search(viewer: users.User, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Search hits: places and organisations by name and anything by id, for everyone;
    residents by a personal value only when allowed.

    For a viewer with the permission, residents found through the vault come first,
    with their clear name; everyone else gets the graph's search, which holds no
    resident's name (so a clear name or phone finds nobody).
    """
    hits: list[dict[str, Any]] = data.search(text, limit)
    if not viewer.can_see_personal or not text.strip():
        return hits
    settings = data.settings()
    try:
        with Vault.open(settings) as vault:
            found = reveal.find_residents(
                data.database(),
                vault,
                text,
                actor=_actor(viewer),
                log=settings.access_log,
                limit=limit,
            )
    except PrivacyKeyError as exc:
        st.warning(f"个人信息库不可用 The personal-data vault cannot be opened: {exc}")
        return hits
    if not found:
        return hits
    clear = {(r.label, r.id): r.fields.get("name", "") for r in found}
    rows: list[dict[str, Any]] = data.read(
        data.database(), "residents", {"ids": [r.id for r in found]}
    )
    for row in rows:
        row["name"] = clear.get((row["label"], row["id"]), row["name"])
    seen = {(r["label"], r["id"]) for r in rows}
    return rows + [h for h in hits if (h["label"], h["id"]) not in seen]


def residents_table(
    viewer: users.User, nodes: Sequence[tuple[str, str]], key: str, title: str | None = None
) -> None:
    """For an allowed viewer, a table of the clear values of the residents on screen.

    Opening the expander is the reveal: the values are read from the vault and the
    access logged only when the viewer asks for them with the button. `title` names
    the expander (default: the residents on screen).
    """
    if not viewer.can_see_personal:
        return
    by_label: dict[str, list[str]] = {}
    for label, node_id in nodes:
        if label in PERSONAL:
            by_label.setdefault(label, []).append(node_id)
    if not by_label:
        return
    count = sum(len(v) for v in by_label.values())
    with st.expander(
        title or f"个人信息（{count} 人/户，查看将记录日志） Personal data of residents shown"
    ):
        if not st.button(_("Show clear values (logged)"), key=f"{key}_reveal"):
            return
        settings = data.settings()
        try:
            with Vault.open(settings) as vault:
                table = [
                    {
                        _("kind"): label,
                        _("id"): node_id,
                        **{_HEADERS[(label, f)]: v for f, v in values.items()},
                    }
                    for label, ids in by_label.items()
                    for node_id, values in sorted(
                        reveal.reveal(
                            vault, label, ids, actor=_actor(viewer), log=settings.access_log
                        ).items()
                    )
                ]
        except PrivacyKeyError as exc:
            st.warning(f"个人信息库不可用 The personal-data vault cannot be opened: {exc}")
            return
        st.table(table)  # plain HTML: readable, printable, searchable in the page
