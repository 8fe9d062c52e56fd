"""The Xiaogan preset: the article's published figures and the city's place.

Kept apart so the numbers the generator must reproduce exactly (at scale 1)
sit in one short file next to the other preset facts. Place names live in
``names``.
"""

from __future__ import annotations

from datetime import date

PRESETS = ("xiaogan",)
# The article's three party-network figures; exact at scale 1, round(figure * scale) otherwise.
FIGURES = {
    "grid_party_branches": 178,
    "building_party_groups": 425,
    "lighthouse_households": 5329,
}
DEFAULT_AS_OF = date(2026, 6, 30)
FUNDING_FIRST_YEAR = 2012
CITY_CENTRE = (113.92, 30.92)  # lon, lat
