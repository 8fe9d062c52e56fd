"""CLI: ``gridnet query list|show|run|cypher``, ``gridnet gaps``, ``gridnet recommend``,
``gridnet analytics``.

Every command reads only: catalog queries and ad-hoc Cypher run through
`runner` in READ transactions, ad-hoc Cypher is refused unless the server says
it is read-only. Residents' personal values are display forms in the graph itself
(``gridnet.privacy``), so no output holds a clear one; CSV output is formula-safe.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from gridnet.edge import Edge, pass_edge
from gridnet.errors import CommandFailed
from gridnet.queries import catalog, export, gaps, life_circle, runner, siting
from gridnet.queries.gap_rules import MAX_SERVED

if TYPE_CHECKING:
    pass

P = ParamSpec("P")
R = TypeVar("R")

FORMATS = ("table", "csv", "json")
GAP_FORMATS = ("table", "csv", "json", "md")


def _parse_params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected k=v, got {pair!r}", param_hint="--param")
        params[key.strip()] = value
    return params


def _text(value: Any) -> str:
    if isinstance(value, list | tuple) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join(_text(v) for v in value)
    value = export.cell_text(value)
    return "" if value is None else str(value)


def render(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, bom: bool = False
) -> str:
    """Rows as an aligned table, CSV (formula-safe; `bom` for spreadsheets), JSON rows or
    a Markdown table."""
    if fmt == "csv":
        return export.to_csv(columns, rows, bom=bom)
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2, default=str)
    cells = [[_text(v) for v in row] for row in rows]
    if fmt == "md":

        def esc(s: str) -> str:
            return s.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [len(c) for c in columns]
    for row in cells:
        widths = [max(w, min(len(c), 60)) for w, c in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v[:60].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- query
@click.group("query")
def query_group() -> None:
    """List, inspect and run the read-only query catalog, or ad-hoc read-only Cypher."""


@query_group.command("list")
@click.option("--audience", type=click.Choice(catalog.AUDIENCES), help="Only these queries.")
def list_cmd(audience: str | None) -> None:
    """Every catalog query with its purpose."""
    specs = catalog.load_catalog()
    width = max(len(n) for n in specs)
    for spec in specs.values():
        if audience and audience not in spec.audience:
            continue
        click.echo(f"{spec.name.ljust(width)}  {spec.purpose}")


@query_group.command("show")
@click.argument("name")
def show_cmd(name: str) -> None:
    """Header and Cypher of one catalog query."""
    spec = catalog.get(name)
    click.echo(f"{spec.name}: {spec.purpose}")
    click.echo(f"audience: {', '.join(spec.audience)}")
    for p in spec.params:
        click.echo(f"param: {p.describe()}" + (f" -- {p.doc}" if p.doc else ""))
    if spec.scope:
        click.echo(
            f"scope: {spec.scope} (district, community and grid are resolved to "
            f"${spec.scope} before the query runs)"
        )
    click.echo(f"returns: {', '.join(spec.returns)}\n")
    click.echo(spec.text)


@query_group.command("run")
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "pairs",
    multiple=True,
    metavar="K=V",
    help="Parameter, repeatable; converted to the declared type.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--limit", type=int, default=1000, show_default=True, help="Print at most this many rows."
)
@click.option("--timeout", type=float, default=None, help="Seconds (default: settings).")
@pass_edge
def run_cmd(
    edge: Edge, name: str, pairs: tuple[str, ...], fmt: str, limit: int, timeout: float | None
) -> None:
    """Run a catalog query by name."""
    spec = catalog.get(name)
    catalog.bind(spec, _parse_params(pairs))  # bad parameters fail before the server starts
    _emit(catalog.run(edge.database(), spec, _parse_params(pairs), timeout, limit), fmt)


@query_group.command("cypher")
@click.argument("text")
@click.option(
    "--param",
    "-p",
    "pairs",
    multiple=True,
    metavar="K=V",
    help="Parameter, repeatable; JSON values are decoded (42, true, [1,2]).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--limit", type=int, default=1000, show_default=True)
@click.option("--timeout", type=float, default=None, help="Seconds (default: settings).")
@pass_edge
def cypher_cmd(
    edge: Edge, text: str, pairs: tuple[str, ...], fmt: str, limit: int, timeout: float | None
) -> None:
    """Run ad-hoc Cypher read-only; writes, schema and admin commands are refused."""
    params: dict[str, Any] = {}
    for key, value in _parse_params(pairs).items():
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    _emit(runner.run_readonly(edge.database(), text, params, timeout, limit), fmt)


def _emit(result: runner.Result, fmt: str) -> None:
    click.echo(render(result.columns, result.rows, fmt), nl=False)
    note = f"{len(result.rows)} row(s) in {result.elapsed_ms:.0f} ms"
    if result.truncated:
        note += f"; truncated at {len(result.rows)} rows (raise --limit for more)"
    click.echo(note, err=True)


# --------------------------------------------------------------------------- gaps
_SUMMARY_COLUMNS = (
    "grid_id",
    "community_id",
    "severity",
    "score",
    "gaps",
    "households",
    "unserved_households",
    "buildings_without_group",
    "overdue_requests",
    "unmet_categories",
    "overloaded_lighthouses",
    "missing_org_types",
)


def _scope_options(func: Callable[P, R]) -> Callable[P, R]:
    func = click.option("--grid", help="Grid id.")(func)
    func = click.option("--community", help="Community or village id.")(func)
    func = click.option("--district", help="District (or street) id.")(func)
    return func


_LIFE_CIRCLE = click.option(
    "--life-circle",
    "life_circle_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="TOML file overriding the 5/10/15-minute life circles (queries/life_circle.py).",
)


@click.command("gaps")
@_scope_options
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Reference date for overdue requests (default today).",
)
@click.option(
    "--max-served", type=int, default=MAX_SERVED, show_default=True, help="Lighthouse capacity."
)
@click.option("--format", "fmt", type=click.Choice(GAP_FORMATS), default="table", show_default=True)
@click.option("--only-gaps", is_flag=True, help="Leave out grids without any gap.")
@click.option("--all-columns", is_flag=True, help="Every column (table/csv/md).")
@_LIFE_CIRCLE
@click.option("--timeout", type=float, default=None, help="Seconds (default: settings).")
@pass_edge
def gaps_cmd(
    edge: Edge,
    district: str | None,
    community: str | None,
    grid: str | None,
    as_of: dt.datetime | None,
    max_served: int,
    fmt: str,
    only_gaps: bool,
    all_columns: bool,
    life_circle_file: Path | None,
    timeout: float | None,
) -> None:
    """Gap report: one row per grid with its gap codes, counts, score and severity."""
    day = as_of.date() if as_of else None
    circle = life_circle.load(life_circle_file) if life_circle_file else None
    rows = gaps.gap_report(
        edge.database(), district, community, grid, day, max_served, only_gaps, timeout, circle
    )
    if fmt == "json":
        payload = {
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "scope": {"district": district, "community": community, "grid": grid},
            "as_of": (day or dt.date.today()).isoformat(),
            "max_served": max_served,
            "only_gaps": only_gaps,
            "severity_counts": _severity_counts(rows),
            "rows": rows,
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    columns = list(rows[0]) if rows and all_columns else list(_SUMMARY_COLUMNS)
    if rows and not all_columns:
        columns = [c for c in _SUMMARY_COLUMNS if c in rows[0]]
    table = [[r.get(c) for c in columns] for r in rows]
    # The gap report's CSV goes to spreadsheets: with the BOM, as the rejects file.
    click.echo(render(columns, table, fmt, bom=True), nl=False)
    counts = ", ".join(f"{k} {v}" for k, v in _severity_counts(rows).items())
    click.echo(f"{len(rows)} grid(s): {counts}", err=True)


def _severity_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"high": 0, "medium": 0, "low": 0, "none": 0}
    for r in rows:
        counts[r["severity"]] = counts.get(r["severity"], 0) + 1
    return counts


# --------------------------------------------------------------------------- recommend
@click.command("recommend")
@click.option("--grid", help="Grid id.")
@click.option("--community", help="Community or village id.")
@click.option(
    "--method", type=click.Choice(["auto", "greedy", "exact"]), default="auto", show_default=True
)
@click.option(
    "--capacity",
    type=int,
    default=MAX_SERVED,
    show_default=True,
    help="Households one lighthouse can serve.",
)
@click.option(
    "--neighbourhood",
    type=click.Choice(["building", "grid"]),
    default="building",
    show_default=True,
    help="Who a candidate can serve (see recommend.py).",
)
@click.option("--budget", type=int, default=None, help="At most this many new picks.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_edge
def recommend_cmd(
    edge: Edge,
    grid: str | None,
    community: str | None,
    method: str,
    capacity: int,
    neighbourhood: str,
    budget: int | None,
    fmt: str,
) -> None:
    """Propose lighthouse households that cover the most unserved households."""
    from gridnet.queries import recommend

    if bool(grid) == bool(community):
        raise click.UsageError("give exactly one of --grid or --community")
    try:
        rec = recommend.recommend(
            edge.database(),
            grid=grid,
            community=community,
            method=method,
            capacity=capacity,
            neighbourhood=neighbourhood,
            budget=budget,
        )
    except ValueError as exc:  # the recommender's own refusal (an unknown method, ...)
        raise CommandFailed(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(rec.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    click.echo(rec.summary())
    if rec.picks:
        columns = ["household_id", "kind", "grid_id", "building_id", "members", "covers"]
        rows = [
            [p.household_id, p.kind, p.grid_id, p.building_id, p.members, p.covers]
            for p in rec.picks
        ]
        click.echo(render(columns, rows, "table"), nl=False)
    if rec.missing_platforms:
        click.echo("categories no platform or organisation offers (category_unmet):")
        for item in rec.missing_platforms:
            click.echo(
                f"  {item['grid_id']}: {item['category_id']} ({item['requests']} request(s))"
            )


@click.command("site")
@click.option("--category", required=True, help="Service category id (e.g. elder_care).")
@click.option("--community", default=None, help="Community or village id (default: whole city).")
@click.option("--add", "add", type=int, default=1, show_default=True, help="New sites to add.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@_LIFE_CIRCLE
@click.option("--timeout", type=float, default=None, help="Seconds (default: settings).")
@pass_edge
def site_cmd(
    edge: Edge,
    category: str,
    community: str | None,
    add: int,
    fmt: str,
    life_circle_file: Path | None,
    timeout: float | None,
) -> None:
    """选址 Siting: where K new service points reach the most households (MCLP), beside
    the greedy choice and the fewest points reaching all (LSCP)."""
    circle = life_circle.load(life_circle_file) if life_circle_file else life_circle.DEFAULT
    result = siting.site(edge.database(), category, add, community, circle, timeout)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    columns = ["site", "kind", "name", "lat", "lon", "adds"]
    click.echo(render(columns, [[s.get(c) for c in columns] for s in result["sites"]], "table"))
    greedy = result["greedy"]
    lscp = result["lscp"]
    click.echo(
        f"{category}: {result['covered_before']} of {result['total']} households within "
        f"{result['walk_m']:g} m before, {result['covered_after']} after adding "
        f"{len(result['sites'])} ({result['method']}); greedy {greedy['covered_after']}; "
        f"all reachable with {lscp['count']} new site(s); reach unknown "
        f"{result['reach_unknown']}",
        err=True,
    )


@click.command("analytics")
@click.option(
    "--capacity",
    type=int,
    default=MAX_SERVED,
    show_default=True,
    help="Households one server can serve: more is over capacity.",
)
@click.option("--top", type=int, default=10, show_default=True, help="Articulation points listed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--timeout", type=float, default=None, help="Seconds (default: settings).")
@pass_edge
def analytics_cmd(edge: Edge, capacity: int, top: int, fmt: str, timeout: float | None) -> None:
    """City-wide analytics 全市网络分析: unserved households, reach, load, weak points.

    Reads the whole city in one read transaction and computes in memory (at a million
    households about 15 s). JSON holds every id to act on; the table lists the `--top`
    articulation points: persons or lighthouse households whose loss cuts households
    off the care network.
    """
    import time

    from gridnet.queries import city_analytics

    started = time.perf_counter()
    figures = city_analytics.summary(
        city_analytics.analyse(edge.database(), capacity, timeout), top
    )
    seconds = time.perf_counter() - started
    if fmt == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
        return
    counts, reach, load = figures["counts"], figures["reach"], figures["load"]
    points = figures["articulation_points"]

    def share(part: dict[str, Any]) -> str:
        if part["share"] is None:
            return "–"
        return (
            f"{part['reached']:,} ({100 * part['share']:.1f} %), "
            f"median {part['median_hops']} hops, max {part['max_hops']}"
        )

    click.echo(
        f"city-wide analytics 全市网络分析: {counts.get('households', 0):,} households, "
        f"{counts.get('nodes', 0):,} nodes ({seconds:.1f} s)"
    )
    click.echo(f"unserved households 无人联系住户: {figures['unserved']['count']:,}")
    click.echo(f"reach a platform 可达服务平台: {share(reach['platform'])}")
    click.echo(f"reach a serving member 可达联系党员: {share(reach['member'])}")
    click.echo(
        f"load per server 联系负荷: {load['servers']:,} servers, mean {load['mean']:.1f}, "
        f"max {load['max']} ({load['max_over_mean']:.1f}x the mean), gini {load['gini']:.3f}, "
        f"{len(load['over_capacity']):,} over {capacity}"
    )
    click.echo(
        f"articulation points 关键节点: {points['count']:,}; bridges 关键联系: "
        f"{figures['bridges']['count']:,}"
    )
    if points["top"]:
        columns = ["id", "label", "households_cut_off", "households_without_person"]
        rows = [[p[c] for c in columns] for p in points["top"]]
        click.echo(render(columns, rows, "table"), nl=False)
