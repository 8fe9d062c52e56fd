"""Service platforms, offerings and which grid each category reaches.

Coverage follows ``queries/GAPS.md``: a provider reaches a grid if it sits on
the grid or on one of its enclosing areas. After the platforms are placed,
planted ``category_unmet`` pairs lose their nearby offerings and every other
grid gets a stopgap point for any category it still lacks; the resulting
routes tell ``requests`` which platform handles what.
"""

from __future__ import annotations

from collections.abc import Iterable

from gridnet.loaders.synthetic import names, vocab
from gridnet.loaders.synthetic.city import City, Community
from gridnet.loaders.synthetic.geometry import Rect, point_in


def add_platform(
    city: City,
    name: str,
    tier: str,
    host: str | None,
    area: str | None,
    grid: str | None,
    rect: Rect,
    offers: Iterable[str],
    address: str,
) -> str:
    """Add a platform row and its offerings; returns its id."""
    pid = city.next_id("PF", 5)
    lat, lon = point_in(city.rng, rect)
    city.platforms[pid] = {
        "id": pid,
        "name": name,
        "tier": tier,
        "organisation_id": host,
        "area_id": area,
        "grid_id": grid,
        "address": address,
        "lat": lat,
        "lon": lon,
    }
    for cat in offers:
        city.offer_rows.append(
            {"provider_type": "platform", "provider_id": pid, "category_id": cat}
        )
    return pid


def street_address(city: City, comm: Community | None) -> str:
    """A road and house number, in the community when known."""
    road = city.rng.choice(comm.roads if comm else names.ROADS)
    return f"{road}{city.rng.randint(1, 300)}号"


def host_org(city: City, comm: Community, kind: str | None) -> str | None:
    """The organisation hosting a platform template in this community."""
    if kind is None:
        return None
    if kind == "community_party_committee":
        return comm.committee
    ids = comm.orgs.get(kind) or comm.orgs.get("residents_committee") or [comm.committee]
    return ids[0]


def build_platforms(city: City) -> None:
    """City, district and street platforms, then community and grid ones."""
    rng = city.rng
    street_of_area = {a: r for a, r in city.areas.items()}
    for p in vocab.UPPER_PLATFORMS:
        for aid, a in street_of_area.items():
            if a["level"] != p.scope:
                continue
            host = None
            if p.host == "street_party_working_committee":
                host = next(
                    o for o, r in city.orgs.items() if r["kind"] == p.host and r["area_id"] == aid
                )
            prefix = "" if p.scope == "city" and p.zh.startswith("12345") else a["name"]
            add_platform(
                city,
                f"{prefix}{p.zh}",
                p.tier,
                host,
                aid,
                None,
                city.area_rect[aid],
                p.offers,
                street_address(city, None),
            )
    for comm in city.communities.values():
        for p in vocab.COMMUNITY_PLATFORMS:
            if p.share < 1.0 and rng.random() >= p.share:
                continue
            pid = add_platform(
                city,
                f"{comm.name}{p.zh}",
                p.tier,
                host_org(city, comm, p.host),
                comm.id,
                None,
                comm.rect,
                p.offers,
                street_address(city, comm),
            )
            if p.tier == "main":
                city.main_platform[comm.id] = pid
        for gid in comm.grids:
            g = city.grids[gid]
            if g.status == "funds" or rng.random() >= vocab.GRID_PLATFORM.share:
                continue
            add_platform(
                city,
                f"{g.name}{vocab.GRID_PLATFORM.zh}",
                "utility",
                g.branch or comm.committee,
                None,
                gid,
                g.rect,
                vocab.GRID_PLATFORM.offers,
                street_address(city, comm),
            )


def reachable_areas(city: City, gid: str) -> list[str]:
    """The grid's community and every area above it."""
    out = []
    a: str | None = city.grids[gid].community
    while a is not None:
        out.append(a)
        a = city.area_parent[a]
    return out


def coverage(city: City) -> dict[str, dict[str, list[str]]]:
    """Per grid: category -> providers (platforms first) that reach it, per GAPS.md."""
    by_area: dict[str, list[tuple[str, str, str]]] = {}
    by_grid: dict[str, list[tuple[str, str, str]]] = {}
    for r in city.offer_rows:
        src = city.platforms if r["provider_type"] == "platform" else city.orgs
        p = src[r["provider_id"]]
        entry = (r["provider_type"], r["provider_id"])
        if p.get("grid_id"):
            by_grid.setdefault(p["grid_id"], []).append((r["category_id"], *entry))
        if p.get("area_id"):
            by_area.setdefault(p["area_id"], []).append((r["category_id"], *entry))
    cover: dict[str, dict[str, list[str]]] = {}
    for gid in city.grids:
        cats: dict[str, list[str]] = {}
        entries = list(by_grid.get(gid, []))
        for a in reachable_areas(city, gid):
            entries += by_area.get(a, [])
        for cat, ptype, pid in entries:
            cats.setdefault(cat, []).append(pid if ptype == "platform" else f"org:{pid}")
        cover[gid] = cats
    return cover


def repair_coverage(city: City) -> None:
    """Remove planted categories near their grid, then give every other grid full cover."""
    reach: dict[str, set[str]] = {}
    for gid, code in city.unmet:
        reach.setdefault(code, set()).update({gid, city.grids[gid].community})
    if reach:
        kept = []
        for r in city.offer_rows:
            src = city.platforms if r["provider_type"] == "platform" else city.orgs
            p = src[r["provider_id"]]
            hit = reach.get(r["category_id"], set())
            if p.get("grid_id") in hit or p.get("area_id") in hit:
                continue
            kept.append(r)
        city.offer_rows = kept
    unmet = set(city.unmet)
    cover = coverage(city)
    for gid, g in city.grids.items():
        for cat in vocab.CATEGORIES:
            if cat.code in cover[gid] or (gid, cat.code) in unmet:
                continue
            if g.status == "funds":
                raise AssertionError(f"funds grid {gid} would need a direct platform")
            comm = city.communities[g.community]
            add_platform(
                city,
                f"{g.name}{vocab.GRID_POINT_NAMES[cat.code]}",
                "utility",
                g.branch or comm.committee,
                None,
                gid,
                g.rect,
                (cat.code,),
                street_address(city, comm),
            )


def build_routes(city: City) -> None:
    """Per grid and category, the platforms a request can go to."""
    cover = coverage(city)
    for gid, cats in cover.items():
        city.route[gid] = {c: [p for p in ps if not p.startswith("org:")] for c, ps in cats.items()}
