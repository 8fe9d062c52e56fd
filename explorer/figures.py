"""Tables behind the explorer's charts: pure pandas, so they are tested without a browser.

Pages fetch rows through `data`, shape them here, and draw them with `charts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from gridnet.explorer.i18n import N_, _

__all__ = [
    "AGE_BUCKETS",
    "COVERAGE_MEASURES",
    "FAILING",
    "REFERENCE_FIGURES",
    "SEVERITY_RANK",
    "aging_frame",
    "coverage_frame",
    "coverage_percentages",
    "failing_frame",
    "filter_gaps",
    "gap_frame",
    "reference_table",
    "main_gap",
    "resolution_frame",
    "resolution_stats",
    "worst_grids",
]

# The article's figures for the Xiaogan urban area (DOMAIN.md), under gridnet stats keys.
REFERENCE_FIGURES: dict[str, tuple[int, str]] = {
    "grid_party_branches": (178, N_("community grid party branches")),
    "building_party_groups": (425, N_("building party groups")),
    "lighthouse_households": (5329, N_("lighthouse households")),
}

# measure -> (numerator, denominator, label)
COVERAGE_MEASURES: dict[str, tuple[str, str, str]] = {
    "grids_with_branch_pct": (
        "grids_with_branch",
        "grids",
        N_("grids with a party branch"),
    ),
    "buildings_with_group_pct": (
        "buildings_with_group",
        "buildings",
        N_("buildings with a party group"),
    ),
    "grids_with_lighthouse_pct": (
        "grids_with_lighthouse",
        "grids",
        N_("grids with a lighthouse"),
    ),
    "households_served_pct": ("households_served", "households", N_("households served")),
}

# coverage measure -> the failing units' name (counts of failing units read as work)
FAILING = {
    "grids_with_branch_pct": N_("Grids without a party branch"),
    "buildings_with_group_pct": N_("Buildings without a party group"),
    "grids_with_lighthouse_pct": N_("Grids without a lighthouse household"),
    "households_served_pct": N_("Households nobody serves"),
}

AGE_BUCKETS: list[tuple[int, int | None, str]] = [
    (0, 7, "0-7 days"),
    (8, 30, "8-30 days"),
    (31, 90, "31-90 days"),
    (91, None, "over 90 days"),
]
AGE_ORDER = [label for _, _, label in AGE_BUCKETS]

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2, "none": 3}


def _pct(num: float, den: float) -> float | None:
    return round(100.0 * num / den, 1) if den else None


def reference_table(counts: Mapping[str, Any]) -> pd.DataFrame:
    """The article's three figures beside the data's own, with the difference."""
    rows = []
    for key, (figure, label) in REFERENCE_FIGURES.items():
        value = int(counts.get(key) or 0)
        rows.append(
            {
                "figure": _(label),
                "key": key,
                "article": figure,
                "data": value,
                "difference": value - figure,
                "matches": value == figure,
            }
        )
    return pd.DataFrame(rows)


def coverage_percentages(counts: Mapping[str, Any]) -> dict[str, float | None]:
    """Coverage in percent over the whole graph (None where the denominator is 0)."""
    return {
        measure: _pct(float(counts.get(num) or 0), float(counts.get(den) or 0))
        for measure, (num, den, _) in COVERAGE_MEASURES.items()
    }


def coverage_frame(rows: Iterable[Mapping[str, Any]], by: str = "district") -> pd.DataFrame:
    """Coverage percentages per district or community, long form (by, measure, pct).

    Percentages are recomputed from summed counts, never averaged.
    """
    df = pd.DataFrame(list(rows))
    if df.empty:
        return pd.DataFrame(columns=[by, "measure", "pct"])
    keys = [by] if by == "district" else ["district", "community"]
    counts = [
        c
        for c in {n for n, _, _ in COVERAGE_MEASURES.values()}
        | {d for _, d, _ in COVERAGE_MEASURES.values()}
    ]
    summed = df.groupby(keys, as_index=False)[sorted(counts)].sum()
    out = []
    for _index, row in summed.iterrows():
        for num, den, label in COVERAGE_MEASURES.values():
            out.append(
                {
                    **{k: row[k] for k in keys},
                    "measure": _(label),
                    "pct": _pct(row[num], row[den]),
                    "numerator": int(row[num]),
                    "denominator": int(row[den]),
                }
            )
    return pd.DataFrame(out)


def _bucket(age: Any) -> str:
    age = int(age or 0)
    for low, high, label in AGE_BUCKETS:
        if age >= low and (high is None or age <= high):
            return label
    return AGE_BUCKETS[0][2]


def aging_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Open requests with an age bucket; empty-safe."""
    df = pd.DataFrame(list(rows))
    if df.empty:
        return pd.DataFrame(
            columns=[
                "request_id",
                "district",
                "community",
                "grid",
                "category",
                "age_days",
                "age_bucket",
                "overdue",
            ]
        )
    df["age_bucket"] = pd.Categorical(
        df["age_days"].map(_bucket), categories=AGE_ORDER, ordered=True
    )
    for col in ("district", "community", "grid", "category"):
        df[col] = df[col].fillna("(unknown)")
    return df


def resolution_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Closed requests with resolution days; empty-safe."""
    df = pd.DataFrame(list(rows))
    if df.empty:
        return pd.DataFrame(
            columns=["request_id", "district", "category", "resolution_days", "on_time", "closed"]
        )
    for col in ("district", "community", "grid", "category"):
        if col in df:
            df[col] = df[col].fillna("(unknown)")
    df["resolution_days"] = df["resolution_days"].astype(float).round(2)
    return df


def resolution_stats(closed: pd.DataFrame, by: str) -> pd.DataFrame:
    """Resolution days per `by` group: count, min, quartiles, mean and max (one decimal),
    the groups with most closed requests first.

    Why: the box plot draws these five numbers per group; sending them instead of every
    closed request keeps the page's data to one row per group at any scale.

    >>> df = pd.DataFrame({"district": list("AAAB"), "resolution_days": [1.0, 2.0, 9.0, 4.0]})
    >>> resolution_stats(df, "district")[["district", "count", "median", "max"]].values.tolist()
    [['A', 3, 2.0, 9.0], ['B', 1, 4.0, 4.0]]
    """
    days = closed.groupby(by)["resolution_days"]
    stats = pd.DataFrame(
        {
            "count": days.count(),
            "min": days.min(),
            "q1": days.quantile(0.25),
            "median": days.median(),
            "q3": days.quantile(0.75),
            "mean": days.mean(),
            "max": days.max(),
        }
    )
    ordered = stats.reset_index().sort_values(["count", by], ascending=[False, True], kind="stable")
    return ordered.round(1).reset_index(drop=True)


def gap_frame(
    report: Sequence[Mapping[str, Any]], hierarchy: Sequence[Mapping[str, Any]] = ()
) -> pd.DataFrame:
    """The gap report as a table ordered by severity (high first), then score."""
    df = pd.DataFrame([dict(r) for r in report])
    if df.empty:
        return pd.DataFrame(
            columns=[
                "grid_id",
                "grid_name",
                "district",
                "community_name",
                "severity",
                "score",
                "gaps",
            ]
        )
    if "district" not in df and hierarchy:
        districts = {h["grid_id"]: h["district"] for h in hierarchy}
        df.insert(2, "district", df["grid_id"].map(districts).fillna("(no district)"))
    df["gaps"] = df["gaps"].map(lambda g: list(g) if isinstance(g, list | tuple) else [])
    df["_rank"] = df["severity"].map(SEVERITY_RANK).fillna(9)
    df = df.sort_values(["_rank", "score", "grid_id"], ascending=[True, False, True])
    return df.drop(columns="_rank").reset_index(drop=True)


def filter_gaps(
    df: pd.DataFrame,
    severities: Sequence[str] = (),
    codes: Sequence[str] = (),
    district: str | None = None,
    community: str | None = None,
) -> pd.DataFrame:
    """Rows matching every filter given (an empty filter keeps everything)."""
    out = df
    if severities:
        out = out[out["severity"].isin(list(severities))]
    if codes:
        wanted = set(codes)
        out = out[out["gaps"].map(lambda g: bool(wanted & set(g)))]
    if district:
        out = out[out["district"] == district]
    if community:
        out = out[out["community_name"] == community]
    return out.reset_index(drop=True)


def failing_frame(rows: Iterable[Mapping[str, Any]], by: str, top: int = 15) -> pd.DataFrame:
    """Units that fail each coverage measure per district or community, worst first.

    Counts, not percentages: 97 % of households served reads as done, 412 households
    nobody serves reads as work. Only the `top` groups with the most failing units
    (all measures together) are kept, so the chart has a bounded height.
    """
    cov = coverage_frame(rows, by)
    if cov.empty:
        return pd.DataFrame(columns=[by, "measure", "failing", "denominator"])
    cov = cov.assign(failing=cov["denominator"] - cov["numerator"])
    label = by if by == "district" else "community"
    totals = cov.groupby(label)["failing"].sum().sort_values(ascending=False, kind="stable")
    keep = [g for g in totals.index[:top] if totals[g] > 0]
    out = cov[cov[label].isin(keep)].copy()
    out["rank"] = out[label].map({g: i for i, g in enumerate(keep)})
    return out.sort_values(["rank", "measure"]).reset_index(drop=True)


def main_gap(codes: Sequence[str]) -> str | None:
    """The gap that weighs most in a grid's score (first in report order on a tie).

    >>> main_gap(["household_unserved", "grid_without_branch"])
    'grid_without_branch'
    """
    from gridnet.queries.gap_rules import GAPS

    known = [c for c in codes if c in GAPS]
    if not known:
        return codes[0] if codes else None
    return max(known, key=lambda c: GAPS[c].weight)


def worst_grids(gaps: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` worst grids of a gap frame (`gap_frame` order: severity, then score)."""
    worst = gaps[gaps["severity"] != "none"].head(n).copy()
    worst["main_gap"] = worst["gaps"].map(main_gap)
    return worst.reset_index(drop=True)
