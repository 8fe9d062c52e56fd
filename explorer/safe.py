"""Escaping of user data before it reaches HTML.

Names, titles and comments come from residents and operators; anything placed in
HTML (tooltips, legends, `components.html`, `unsafe_allow_html`) goes through
`esc` so that a household named ``<img src=x onerror=alert(1)>`` shows as text.

>>> esc("<img src=x onerror=alert(1)>")
'&lt;img src=x onerror=alert(1)&gt;'
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from gridnet.explorer.i18n import _

__all__ = [
    "EXTERNAL_RESOURCE",
    "display_text",
    "esc",
    "external_resources",
    "md",
    "props_tooltip",
    "strip_external_resources",
]


def display_text(value: Any) -> str:
    """A readable string for any property value (temporal, list, map or scalar).

    Display text for people; `gridnet.queries.runner.plain` is another job (driver
    values to plain Python) and `gridnet.loaders.values.to_text` another (a value as
    an input file holds it).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(display_text(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps({k: display_text(v) for k, v in value.items()}, ensure_ascii=False)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)  # neo4j.time types
    if callable(iso):
        return str(iso())
    return str(value)


def esc(value: Any) -> str:
    """HTML-escape any value (quotes included, so it is safe in attributes too)."""
    return html.escape(display_text(value), quote=True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(value: Any) -> str:
    r"""Any value as Markdown that shows it literally (no emphasis, links, HTML or math).

    >>> print(md("[x](javascript:alert(1)) **b** <i>"))
    \[x\]\(javascript\:alert\(1\)\) \*\*b\*\* \<i\>
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", display_text(value)).replace("\n", " ")


def props_tooltip(title: str, props: Mapping[str, Any], limit: int = 14) -> str:
    """A plain-text tooltip for vis-network.

    Not HTML-escaped on purpose: vis-network 9 shows a string title with
    ``innerText``, so escaping would print ``&lt;`` literally; `network_view` makes
    sure no template path ever assigns a title with ``innerHTML``.
    """
    lines = [display_text(title)]
    for i, (key, value) in enumerate(sorted(props.items())):
        if i >= limit:
            lines.append(_("… {n} more").format(n=len(props) - limit))
            break
        lines.append(f"{key}: {display_text(value)[:120]}")
    return "\n".join(lines)


# Any http(s) or protocol-relative URL used as a resource.
EXTERNAL_RESOURCE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
_SCRIPT_SRC = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//[^>]*>\s*</script\s*>""",
    re.IGNORECASE,
)
_LINK_HREF = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//[^>]*/?>""", re.IGNORECASE
)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?(?:https?:)?//[^;]*;""", re.IGNORECASE)


def strip_external_resources(page: str) -> str:
    """Remove every <script src>, <link href> and CSS @import that points off-machine."""
    page = _SCRIPT_SRC.sub("", page)
    page = _LINK_HREF.sub("", page)
    return _CSS_IMPORT.sub("", page)


def external_resources(page: str) -> list[str]:
    """The off-machine resource references left in a page (empty when offline-safe)."""
    found = [m.group(0) for m in EXTERNAL_RESOURCE.finditer(page)]
    found += [m.group(0) for m in _CSS_IMPORT.finditer(page)]
    found += re.findall(r"""url\(\s*["']?(?:https?:)?//[^)]*\)""", page, re.IGNORECASE)
    return found
