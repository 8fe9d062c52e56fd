"""Ratings of areas, grids, organisations, platforms and people.

Used by both phases: the skeleton's yearly ratings, and the people each
community stream creates (secretaries, grid leaders).
"""

from __future__ import annotations

import random

from gridnet.loaders.synthetic.city import City
from gridnet.loaders.synthetic.sinks import Sink


def rating(
    city: City,
    sink: Sink,
    rng: random.Random,
    target_type: str,
    target_id: str,
    year: int,
    mean: float,
    rater: str,
) -> None:
    """Write one rating around ``mean``, with a comment matching the score."""
    score = round(min(5.0, max(1.0, rng.gauss(mean, 0.45))), 1)
    comment = (
        "服务及时，群众满意"
        if score >= 4.5
        else "总体满意"
        if score >= 3.5
        else "有待改进"
        if score >= 2.5
        else "群众意见较大，限期整改"
    )
    sink.add(
        "ratings",
        {
            "id": city.next_id("RT", 7),
            "target_type": target_type,
            "target_id": target_id,
            "score": score,
            "year": year,
            "rater": rater,
            "comment": comment,
        },
    )


def emit_skeleton_ratings(city: City, sink: Sink) -> None:
    """Three years of area, grid, committee and platform ratings, plus last year's extras."""
    rng = random.Random(f"{city.tag}|ratings")
    years = range(city.as_of.year - 3, city.as_of.year)
    for year in years:
        for cid in city.communities:
            rating(city, sink, rng, "area", cid, year, 4.0, "市考核组")
        for g in city.grids.values():
            mean = 3.2 if g.status != "normal" else 4.1
            rating(city, sink, rng, "grid", g.id, year, mean, "居民代表")
        for comm in city.communities.values():
            rating(city, sink, rng, "organisation", comm.committee, year, 4.1, "居民代表")
            rating(city, sink, rng, "platform", city.main_platform[comm.id], year, 4.0, "居民代表")
    last = city.as_of.year - 1
    for o in city.orgs.values():
        if o["kind"] == "grid_party_branch" or (o["system"] == "x" and rng.random() < 0.2):
            rating(city, sink, rng, "organisation", o["id"], last, 4.0, "党员群众")
    for p in city.platforms.values():
        if p["tier"] != "main" and rng.random() < 0.5:
            rating(city, sink, rng, "platform", p["id"], last, 3.9, "服务对象")


def rate_person(city: City, sink: Sink, rng: random.Random, person: str, years: int) -> None:
    """One rating per year for the last ``years`` years."""
    for y in range(city.as_of.year - years, city.as_of.year):
        rating(city, sink, rng, "person", person, y, 4.2, "党员群众")
