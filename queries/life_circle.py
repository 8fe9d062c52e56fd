"""The 15-minute community life circle: how far each service category may be on foot.

Source: GB 50180-2018 《城市居住区规划设计标准》 (Standard for urban residential
area planning and design), section 4 and appendix B: daily services are organised
in 5-, 10- and 15-minute walking community life circles (社区生活圈), whose
walking distances the standard gives as 300 m, 500 m and 800-1,000 m. The
defaults below use 300 / 500 / 1,000 m and put each service category in the
circle where the standard places the facility that provides it:

* 5 minutes (居住街坊, 300 m): elder care (老年人日间照料 in the 社区服务站), child
  care (托儿所 / 儿童活动场地), repairs (物业管理与服务), sanitation (垃圾收集点);
* 10 minutes (500 m): dispute mediation and disability support (社区服务站 /
  residents' committee level);
* 15 minutes (1,000 m): health (社区卫生服务中心), policy advice, social assistance,
  employment (街道级社区服务中心), public safety (派出所), legal aid (司法所).

A category not listed belongs to the 15-minute circle.

**Detour factor.** Without a road network, walking distance is the straight-line
(great-circle) distance times `DETOUR`, 1.3: measured ratios of network to
straight-line distance for walking in Chinese and other cities mostly lie between
1.2 and 1.4 (the "circuity" or route-directness factor); 1.3 is the usual planning
assumption. So a 300 m circle reaches households within 300 / 1.3 ≈ 231 m in a
straight line.

**Override** with a small TOML file (`load`)::

    detour = 1.25            # straight line x detour = walking distance
    [metres]                 # walking distance of each circle
    5 = 300
    10 = 500
    15 = 800
    [categories]             # a category's circle, in minutes
    health = 10

>>> DEFAULT.walk_m("elder_care"), DEFAULT.walk_m("health"), DEFAULT.walk_m("unknown")
(300.0, 1000.0, 1000.0)
>>> round(DEFAULT.straight_m("elder_care"), 1)
230.8
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridnet.errors import GridnetError

__all__ = ["CATEGORY_TIER", "DEFAULT", "DETOUR", "METRES", "TIERS", "LifeCircle", "load"]

TIERS = (5, 10, 15)
"""The life circles, in minutes of walking."""

METRES: dict[int, float] = {5: 300.0, 10: 500.0, 15: 1000.0}
"""Walking distance of each circle (GB 50180-2018: 300, 500, 800-1,000 m)."""

DETOUR = 1.3
"""Walking distance / straight-line distance when no road network is given."""

CATEGORY_TIER: dict[str, int] = {
    "elder_care": 5,
    "child_care": 5,
    "repairs": 5,
    "sanitation": 5,
    "dispute": 10,
    "disability": 10,
    "health": 15,
    "policy": 15,
    "social_assistance": 15,
    "employment": 15,
    "public_safety": 15,
    "legal_aid": 15,
}
"""Each service category's circle (minutes); a category not listed is in the 15."""


@dataclass(frozen=True)
class LifeCircle:
    """The circles' walking distances, each category's circle and the detour factor."""

    metres: Mapping[int, float] = field(default_factory=lambda: dict(METRES))
    categories: Mapping[str, int] = field(default_factory=lambda: dict(CATEGORY_TIER))
    detour: float = DETOUR

    def tier(self, category: str) -> int:
        """The category's circle in minutes (15 when not listed)."""
        return self.categories.get(category, TIERS[-1])

    def walk_m(self, category: str) -> float:
        """The walking distance within which the category should be reached."""
        return float(self.metres[self.tier(category)])

    def straight_m(self, category: str) -> float:
        """The same in a straight line: `walk_m` / `detour`."""
        return self.walk_m(category) / self.detour

    def params(self) -> dict[str, Any]:
        """The catalog parameters the gap ``category_out_of_reach`` reads (`SHARED`)."""
        found: dict[str, Any] = {"detour": float(self.detour)}
        for minutes in TIERS:
            found[f"walk_{minutes}"] = float(self.metres[minutes])
        for minutes in TIERS[:-1]:
            found[f"circle_{minutes}"] = ",".join(
                sorted(c for c, t in self.categories.items() if t == minutes)
            )
        return found


DEFAULT = LifeCircle()

SHARED: dict[str, str] = {
    "detour": f"detour float = {DETOUR}  -- walking / straight-line distance (life_circle.py)",
    **{
        f"walk_{m}": f"walk_{m} float = {METRES[m]:g}  -- walking metres of the {m}-minute circle"
        for m in TIERS
    },
    **{
        f"circle_{m}": f"circle_{m} str = {DEFAULT.params()[f'circle_{m}']}  "
        f"-- categories (comma-separated) of the {m}-minute circle"
        for m in TIERS[:-1]
    },
}
"""Catalog parameter declarations (`gap_rules.SHARED_PARAMS`); the 15-minute circle
holds every category the others do not."""


def load(path: Path) -> LifeCircle:
    """The default table overridden by the TOML file at `path` (see the module doc)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GridnetError(f"cannot read the life-circle file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise GridnetError(f"{path}: not valid TOML ({exc})") from None
    unknown = set(data) - {"detour", "metres", "categories"}
    if unknown:
        raise GridnetError(
            f"{path}: unknown key(s) {', '.join(sorted(unknown))}; use detour, [metres], "
            "[categories]"
        )
    metres = dict(METRES)
    for key, value in dict(data.get("metres", {})).items():
        minutes = _minutes(path, key)
        metres[minutes] = _positive(path, f"metres.{key}", value)
    categories = dict(CATEGORY_TIER)
    for key, value in dict(data.get("categories", {})).items():
        categories[str(key)] = _minutes(path, value, f"categories.{key}")
    detour = _positive(path, "detour", data.get("detour", DETOUR))
    if detour < 1:
        raise GridnetError(f"{path}: detour {detour:g} is below 1 (a walk is never shorter)")
    return LifeCircle(metres, categories, detour)


def _minutes(path: Path, value: Any, where: str = "metres") -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        minutes = -1
    if minutes not in TIERS:
        raise GridnetError(
            f"{path}: {where}: {value!r} is not a life circle; use one of 5, 10, 15 (minutes)"
        )
    return minutes


def _positive(path: Path, where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise GridnetError(f"{path}: {where} must be a positive number, not {value!r}")
    return float(value)
