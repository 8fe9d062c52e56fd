"""The explorer speaks Chinese first: catalogs complete, every page crawled in zh.

The crawl opens every page with ``?lang=zh`` through AppTest against the real Neo4j
and collects what a user reads (titles, labels, options, help, captions, messages,
table headers, chart titles, axes and legends); any English word left there fails
the test. Ids and codes shown as data (``G-0001``) and product names are allowed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from gridnet.db import Database
from gridnet.explorer import i18n, nav
from gridnet.settings import REPO_ROOT, Settings
from gridnet.workflow import snapshot
from tests.explorer.test_explorer_pages import open_page

# Words that are names, not English: the product, the database, file formats, the
# language switch's own "English", units.
ALLOWED = {
    "gridnet", "neo4j", "cypher", "csv", "excel", "json", "english", "bolt", "xlsx", "html", "pdf",
    "png",
}  # fmt: skip
# product, format and method names (the siting solver: spopt's MCLP / LSCP, CBC)
ALLOWED |= {"spopt", "mclp", "lscp", "cbc"}
# ids (``G-0001``, a case's unit ``G-0001/employment``); commands to type
ID = re.compile(r"\b[A-Z]{1,4}-[0-9A-Za-z-]+(?:/[\w-]+)?\b|`[^`]*`")
WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
TEXT_KEYS = {
    "label", "body", "help", "placeholder", "options", "title", "text", "caption",
    "default_value", "formatted_options",
}  # fmt: skip


# AppTest's names of tables and charts (older Streamlit releases said arrow_...)
TABLES = {"dataframe", "arrow_data_frame"}
CHARTS = {"vega_lite_chart", "arrow_vega_lite_chart"}


def _extracted() -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for _fn, _line, message, _c, context in extract_from_dir(
        str(REPO_ROOT / "explorer"), method_map=[("**.py", "python")]
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    for _line, message, _c, context in extract_from_file(
        "python", str(REPO_ROOT / "explorer_app.py")
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


@pytest.mark.unit
def test_every_message_in_the_code_has_a_chinese_translation() -> None:
    with i18n.po_path("zh").open("rb") as f:
        catalog = read_po(f)
    missing = [
        key
        for key in _extracted()
        if not (m := catalog.get(key[1], context=key[0])) or not m.string
    ]
    assert not missing, f"add these to {i18n.po_path('zh')}: {sorted(missing, key=str)}"
    # and the catalog compiles: a translation is what the page shows
    assert i18n.translations("zh").gettext("Overview") == "总览"


@pytest.mark.unit
def test_language_comes_from_the_url_and_defaults_to_chinese() -> None:
    at = AppTest.from_string(
        "import streamlit as st\n"
        "from gridnet.explorer import i18n\n"
        "from gridnet.explorer.i18n import _\n"
        "i18n.bind()\n"
        "st.title(_('Overview'))\n"
    ).run()
    assert at.title[0].value == "总览" and at.query_params["lang"] == "zh"
    at.query_params["lang"] = "en"
    assert at.run().title[0].value == "Overview"
    at.query_params["lang"] = "xx"  # not a language: the session's stays
    assert at.run().title[0].value == "Overview"


def _strings(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if key in TEXT_KEYS:
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k if k != "value" else key)


def _chart_texts(spec: Any) -> Iterator[str]:
    """Titles anywhere in a Vega-Lite spec (chart, axes, legends, tooltips), not data."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k in ("datasets", "data"):
                continue
            if k == "title" and isinstance(v, str):
                yield v
            else:
                yield from _chart_texts(v)
    elif isinstance(spec, list):
        for item in spec:
            yield from _chart_texts(item)


def _component_texts(args: dict[str, Any]) -> Iterator[str]:
    """What the network component shows of its own: its toolbar, legend and status
    texts, the picture's title, and the hover texts' headings (names before the colon;
    node labels are data)."""
    # the holes the component fills in (``{seconds}``) are not words
    yield from (re.sub(r"\{\w+\}", "", str(v)) for v in (args.get("ui") or {}).values())
    yield from (str(item.get("name", "")) for item in args.get("legend") or [])
    yield str(args.get("title", ""))
    for node in args.get("nodes") or []:
        yield from (line.split(": ")[0] for line in str(node.get("title", "")).splitlines())
    yield from (str(edge.get("title", "")) for edge in args.get("edges") or [])


def _deck_texts(spec: dict[str, Any]) -> Iterator[str]:
    """The tooltips and labels a deck.gl map shows (its data's ``tip`` and ``text``)."""
    for layer in spec.get("layers", []):
        for datum in layer.get("data") or []:
            if isinstance(datum, dict):
                yield from (str(datum[k]) for k in ("tip", "text") if datum.get(k))


def visible_texts(at: AppTest) -> list[str]:
    """What a user reads on the page (not table cells: those are data)."""
    out: list[str] = []
    seen: set[str] = set()

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        seen.add(kind)
        if proto is not None and kind not in TABLES | CHARTS:
            try:
                out.extend(_strings(MessageToDict(proto, preserving_proto_field_name=True)))
            except Exception:  # noqa: BLE001 - elements without a message
                pass
        if kind in TABLES:
            # the header a user reads: the column config's label, else the column's name
            config = json.loads(proto.columns or "{}")
            for column in node.value.columns:
                given = config.get(str(column))
                label = given.get("label") if isinstance(given, dict) else None
                out.append(str(column if label is None else label))
        if kind in CHARTS:
            out.extend(_chart_texts(json.loads(proto.spec)))
        if kind == "component_instance":
            out.extend(_component_texts(json.loads(proto.json_args or "{}")))
        if kind == "deck_gl_json_chart":
            out.extend(_deck_texts(json.loads(proto.json)))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    # the crawl must read tables' headers and charts' titles, not skip them
    assert not (at.dataframe and not seen & TABLES), "the crawl read no table header"
    return out


TAG = re.compile(r"<[^>]*>")  # markup (a legend's swatches) is not read, its text is


def english_words(texts: list[str]) -> set[str]:
    words: set[str] = set()
    for text in texts:
        for word in WORD.findall(ID.sub(" ", TAG.sub(" ", text))):
            if word.lower() not in ALLOWED:
                words.add(word)
    return words


def _assert_chinese(at: AppTest, page: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    texts = visible_texts(at)
    assert len(texts) > 5, texts  # the crawl reads the page
    left = english_words(texts)
    assert not left, f"untranslated on {page}: {sorted(left)}\n" + "\n".join(
        t for t in texts if WORD.search(ID.sub(" ", t)) and any(w in t for w in left)
    )


def _open_zh(page: str, **params: str) -> AppTest:
    return open_page(page, lang="zh", **params)


@pytest.mark.parametrize("page", nav.PAGES)
def test_every_page_in_chinese_shows_no_english(city: Settings, page: str) -> None:
    _assert_chinese(_open_zh(page), page)


def test_network_component_speaks_chinese_in_every_view(city: Settings) -> None:
    """The component's own texts, legend and hover texts: a community of summary nodes,
    a grid at depth 3 (people, requests) and a picture folded under a low node cap."""
    at = _open_zh("network", community="C1")
    _assert_chinese(at, "network (community)")
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    assert args["lang"] == "zh" and args["ui"]["relayout"] == "重新布局"
    assert any(n["kind"] == "summary" and "户" in n["label"] for n in args["nodes"])
    at = _open_zh("network", node="H-0001")  # a household: its panel and depth 3
    at.select_slider(key="gn_depth").set_value(3).run()
    at.number_input[0].set_value(20).run()  # the node cap: households fold
    _assert_chinese(at, "network (depth 3, folded)")
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    kinds = {n["kind"] for n in args["nodes"]}
    assert {"Person", "fold"} <= kinds, kinds
    assert any("已将" in w.value for w in at.warning), [w.value for w in at.warning]


def test_review_with_cases_in_chinese_shows_no_english(city: Settings, database: Database) -> None:
    """The Review page with a snapshot's cases: queue, a community's sheet, an assignment,
    the assignee's list, history and trends (the plain crawl sees only its empty state)."""
    snapshot.take(database, dt.date.today(), "cli:tester")
    at = _open_zh("review")
    _assert_chinese(at, "review")
    community = at.selectbox(key="rv_community").options[1]
    at.selectbox(key="rv_community").set_value(community).run()
    case = at.multiselect(key="rv_assign_cases").options[0]
    at.multiselect(key="rv_assign_cases").set_value([case])
    at.text_input(key="rv_assignee").set_value("O-CC-01")
    at.button[0].click().run()
    assert any(s.value.startswith("已交办 1 件") for s in at.success), at.success
    assert at.selectbox(key="rv_report_case").options == [case]
    assert len(at.get("download_button")) == 2
    _assert_chinese(at, "review")
