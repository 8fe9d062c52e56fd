"""The explorer's language: zh-CN first, English on ``?lang=en``, from gettext catalogs.

Why: the people who open the explorer read Chinese; a shared link must open in the
language it was sent in, so the language lives in the URL (``?lang=zh`` / ``?lang=en``)
and in the session (a page link that drops the query keeps it).

Message ids are the English texts (``_("Overview")``): the source reads as it shows in
English, a missing translation falls back to readable English rather than a key, and
Babel's extractor finds every id (the catalog test compares them with the zh catalog).
Coded values (gap codes, severities, statuses, kinds, categories...) are translated in
one place, `term`, keyed by vocabulary and code: ``pgettext(vocabulary, code)`` in both
catalogs, except gap codes, whose names live beside their rules (``queries/gap_rules``).

Catalogs are ``explorer/locale/<lang>/LC_MESSAGES/gridnet.po``, compiled in memory with
Babel at first use (no build step, no .mo to keep in step). Numbers and dates use
Babel's zh_CN conventions.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections import OrderedDict
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date as _format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

__all__ = [
    "DEFAULT",
    "N_",
    "LANGS",
    "LOCALE_DIR",
    "_",
    "bind",
    "current",
    "fmt_date",
    "fmt_int",
    "fmt_num",
    "fmt_pct",
    "ngettext",
    "po_path",
    "switch",
    "term",
    "translations",
    "use",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "gridnet"
LANGS = ("zh", "en")
DEFAULT = "zh"
BABEL_LOCALE = {"zh": "zh_CN", "en": "en_US"}
SESSION_KEY = "gn_lang"
_last_bound: list[str] = []
_forced: list[str] = []  # `use()` outside a Streamlit run (CLI, tests, exports)
# session id -> the language its last run bound (`bind`, `switch`); the oldest go first
_by_session: OrderedDict[str, str] = OrderedDict()
_SESSIONS_KEPT = 1000


def po_path(lang: str) -> Path:
    """Where the catalog of `lang` lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (read_po -> write_mo in memory, once per process).

    >>> translations("zh").gettext("Overview")
    '总览'
    >>> translations("en").gettext("Overview")
    'Overview'
    """
    path = po_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=BABEL_LOCALE.get(lang, lang), domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _valid(value: object) -> str | None:
    text = str(value or "").strip().lower()
    return text if text in LANGS else None


def current() -> str:
    """The language of this run: ``?lang=``, else the session's, else zh.

    Outside a Streamlit run (CLI, doctests) it is zh unless `use` said otherwise.
    """
    if _forced:
        return _forced[-1]
    try:
        import streamlit as st
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None:
            # A widget's format_func called outside a run (AppTest): the last bound one.
            return _last_bound[-1] if _last_bound else DEFAULT
        bound = _by_session.get(ctx.session_id)
        if bound is not None:
            return bound
        lang = _valid(st.query_params.get("lang")) or _valid(st.session_state.get(SESSION_KEY))
        return lang or DEFAULT
    except Exception:  # noqa: BLE001 - no Streamlit runtime: the default language
        return DEFAULT


def bind() -> str:
    """Fix this run's language and keep it in the session and in the URL.

    Streamlit's page links drop the query string: the session remembers the language
    and it is written back into the URL, so a link copied from any page opens in it.
    """
    import streamlit as st

    lang = _valid(st.query_params.get("lang")) or _valid(st.session_state.get(SESSION_KEY))
    lang = lang or DEFAULT
    st.session_state[SESSION_KEY] = lang
    _last_bound[:] = [lang]
    _remember(lang)
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def switch(lang: str) -> None:
    """Change the session's language (the sidebar's switch)."""
    import streamlit as st

    lang = _valid(lang) or DEFAULT
    st.session_state[SESSION_KEY] = lang
    st.query_params["lang"] = lang
    _remember(lang)


def _remember(lang: str) -> None:
    """The language of this session's run, for `current` (asked thousands of times a
    run: a page's labels, a network's hover texts; reading the URL each time cost tens
    of milliseconds a run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    _by_session[ctx.session_id] = lang
    _by_session.move_to_end(ctx.session_id)
    while len(_by_session) > _SESSIONS_KEPT:
        _by_session.popitem(last=False)


class use:  # noqa: N801 - used as a context manager, reads like a function
    """Render in `lang` for a block outside a page run (exports, tests).

    >>> with use("en"):
    ...     _("Overview")
    'Overview'
    """

    def __init__(self, lang: str) -> None:
        self.lang = _valid(lang) or DEFAULT

    def __enter__(self) -> str:
        _forced.append(self.lang)
        return self.lang

    def __exit__(self, *exc: object) -> None:
        _forced.pop()


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark `message` for the catalog where it is defined (a module constant); the
    page translates it with `_` when it shows it, in the language of that run."""
    return message


def _(message: str) -> str:
    """`message` (an English text) in the current language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n` in the current language."""
    return translations(current()).ngettext(singular, plural, n)


def term(vocabulary: str, code: object) -> str:
    """A coded value (a gap code, a severity, a status...) as words in the current language.

    The one place coded vocabularies are translated: the model's vocabularies
    (``graph/model.py``) and the gap codes (``queries/gap_rules.py``) from their own
    zh/en names, the explorer's own (severity, age band, measure...) from the
    catalogs' ``msgctxt`` entries; an unknown code shows as itself (it is data).

    >>> with use("zh"):
    ...     term("severity", "high"), term("gap", "household_unserved")
    ('高', '住户无人联系')
    >>> with use("en"):
    ...     term("severity", "high"), term("gap", "household_unserved")
    ('high', 'household nobody serves')
    """
    text = "" if code is None else str(code)
    terms = _vocabularies().get(vocabulary)
    if terms is not None:
        found = terms.get(text)
        if found is None:
            return text
        return found[0] if current() == "zh" else found[1]
    return translations(current()).pgettext(vocabulary, text)


@lru_cache(maxsize=1)
def _vocabularies() -> dict[str, dict[str, tuple[str, str]]]:
    """The model's coded vocabularies (graph/model.py) and the gap codes, as (zh, en)."""
    from gridnet.graph import model
    from gridnet.queries.gap_rules import GAPS

    out = {"gap": {code: (g.zh, g.en) for code, g in GAPS.items()}}
    for name, terms in {
        "label": model.LABELS,
        "relationship": model.RELATIONSHIPS,
        "grid_kind": model.GRID_KINDS,
        "org_type": model.ORG_TYPES,
        "org_category": model.ORG_CATEGORIES,
        "party_kind": model.PARTY_NETWORK_KINDS,
        "platform_tier": model.PLATFORM_TIERS,
        "role": model.ROLES,
        "request_status": model.REQUEST_STATUSES,
        "funding_kind": model.FUNDING_KINDS,
        "activity_kind": model.ACTIVITY_KINDS,
        "case_state": model.CASE_STATES,
        "gender": model.GENDERS,
        "server_type": model.SERVER_TYPES,
    }.items():
        out[name] = {code: (t.zh, t.en) for code, t in terms.items()}
    return out


def locale() -> str:
    """Babel's locale for the current language."""
    return BABEL_LOCALE[current()]


def fmt_int(value: object) -> str:
    """An integer with the language's grouping (``12,345``); a blank for no value.

    >>> with use("zh"):
    ...     fmt_int(12345)
    '12,345'
    """
    if value is None or value != value:
        return "–"
    return format_decimal(int(value), locale=locale())  # type: ignore[call-overload]


def fmt_num(value: object, digits: int = 1) -> str:
    """A decimal number with at most `digits` decimals."""
    if value is None or value != value:
        return "–"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(float(value), format=pattern, locale=locale())  # type: ignore[arg-type]


def fmt_pct(value: object, digits: int = 0) -> str:
    """A percentage given in percent (``97.5`` -> ``97.5%``)."""
    if value is None or value != value:
        return "–"
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    return format_percent(float(value) / 100, format=pattern, locale=locale())  # type: ignore[arg-type]


def fmt_date(value: dt.date | str | None) -> str:
    """A day as the language writes it (zh: ``2024年5月1日``).

    >>> with use("zh"):
    ...     fmt_date(dt.date(2024, 5, 1))
    '2024年5月1日'
    """
    if value is None or value == "":
        return "–"
    day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return _format_date(day, format="long" if current() == "zh" else "medium", locale=locale())
