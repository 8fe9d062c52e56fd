"""`gridnet generate`: write a synthetic Xiaogan dataset with planted coverage gaps.

With --months N it writes one such folder per month (see `synthetic.months`).

The output folder holds the tables (one CSV per table, or dataset.xlsx, or
dataset.json) and manifest.json, the exact list of planted gaps that the gap
queries must find. Load it with `gridnet load DIR` (csv) or `gridnet load
DIR/dataset.xlsx` / `DIR/dataset.json`.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import click

from gridnet.loaders.synthetic import (
    DEFAULT_AS_OF,
    MIN_SCALE,
    PRESETS,
    XLSX_MAX_ROWS,
    generate_to_dir,
)
from gridnet.loaders.synthetic.months import MAX_MONTHS, generate_months

HOUSEHOLDS_PER_SCALE = 37_000  # about; the largest table at scale 1 (households)


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-06-30") from None


@click.command("generate")
@click.option(
    "--preset",
    type=click.Choice(PRESETS),
    default="xiaogan",
    show_default=True,
    help="Which city to generate.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed; the same seed, scale and as-of give byte-identical files.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the tables and manifest.json into.",
)
@click.option(
    "--scale",
    type=float,
    default=1.0,
    show_default=True,
    help="Multiplies households, people, ties and requests; 1.0 ≈ 37k households "
    "(the article's 178/425/5,329 exactly), 28 ≈ 1M households.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("csv", "xlsx", "json")),
    default="csv",
    show_default=True,
    help="csv: one file per table; xlsx: one sheet per table; json: one object, table -> rows.",
)
@click.option(
    "--as-of",
    "as_of",
    default=DEFAULT_AS_OF.isoformat(),
    show_default=True,
    callback=_parse_date,
    help="Snapshot date: requests cover the year before it.",
)
@click.option(
    "--months",
    type=click.IntRange(1, MAX_MONTHS),
    default=None,
    help="Write OUT/month-01 … month-N: the city month by month, with gaps that open and "
    "close and each month's workflow events (replay them with `gridnet replay OUT`).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def generate(
    preset: str,
    seed: int,
    out: Path,
    scale: float,
    fmt: str,
    as_of: date,
    months: int | None,
    quiet: bool,
) -> None:
    """Generate a synthetic dataset with planted coverage gaps (no database needed)."""
    if not scale >= MIN_SCALE:
        raise click.BadParameter(f"must be at least {MIN_SCALE}", param_hint="--scale")
    if fmt == "xlsx" and scale * HOUSEHOLDS_PER_SCALE > XLSX_MAX_ROWS:
        raise click.BadParameter(
            "xlsx sheets hold at most 1,048,575 rows; use csv at this scale", param_hint="--format"
        )
    if months is not None:
        _generate_months(out, months, preset, seed, scale, as_of, fmt)
        return
    from tqdm import tqdm

    bar: tqdm[Any] | None = None

    def on_total(n: int) -> None:
        nonlocal bar
        if not quiet:
            # click reaches get_text_stream through a module __getattr__ typed as object.
            stderr = click.get_text_stream("stderr")  # type: ignore[operator]
            bar = tqdm(total=n, unit="hh", desc="households", file=stderr)

    def progress(k: int) -> None:
        if bar is not None:
            bar.update(k)

    started = time.perf_counter()
    try:
        manifest = generate_to_dir(
            out,
            preset=preset,
            seed=seed,
            scale=scale,
            as_of=as_of,
            fmt=fmt,
            progress=progress,
            on_total=on_total,
        )
    finally:
        if bar is not None:
            bar.close()
    seconds = time.perf_counter() - started
    for table, n in manifest["counts"].items():
        click.echo(f"{table:<20} {n:>10,}")
    figures = manifest["figures"]
    click.echo(
        f"grid party branches {figures['grid_party_branches']:,}, building party groups "
        f"{figures['building_party_groups']:,}, lighthouse households "
        f"{figures['lighthouse_households']:,}"
    )
    planted = ", ".join(f"{code} {len(ids)}" for code, ids in manifest["planted"].items())
    click.echo(f"planted: {planted}")
    click.echo(
        f"wrote {sum(manifest['counts'].values()):,} rows to {out} ({fmt}) "
        f"in {seconds:.1f}s; truth in {out / 'manifest.json'}"
    )


def _generate_months(
    out: Path, months: int, preset: str, seed: int, scale: float, as_of: date, fmt: str
) -> None:
    started = time.perf_counter()
    manifest = generate_months(out, months, preset, seed, scale, as_of, fmt)
    states: dict[str, int] = {}
    for state in manifest["case_states"].values():
        states[state] = states.get(state, 0) + 1
    for month in manifest["months"]:
        click.echo(f"{month['dir']}  as of {month['as_of']}")
    click.echo(
        f"{manifest['events']} workflow events; expected case states after "
        f"`gridnet replay {out}`: " + ", ".join(f"{s} {n}" for s, n in sorted(states.items()))
    )
    click.echo(f"wrote {months} months to {out} in {time.perf_counter() - started:.1f}s")
