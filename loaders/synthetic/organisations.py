"""Organisations: the party network (core) and the X organisations around it.

The party network is what the article counts (grid branches, building groups);
X organisations come from ``vocab.X_KINDS`` and add the offerings that cover a
grid. Communities chosen by ``gaps`` simply skip their missing X type.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gridnet.loaders.synthetic import vocab
from gridnet.loaders.synthetic.city import City, date_between


def add_org(city: City, prefix: str, **row: Any) -> str:
    """Add an organisation row with defaults for every column; returns its id."""
    oid = city.next_id(f"O-{prefix}", 5)
    base = {
        "id": oid,
        "name": "",
        "system": "x",
        "type": "",
        "kind": "",
        "category": None,
        "parent_id": None,
        "area_id": None,
        "grid_id": None,
        "building_id": None,
        "founded": None,
        "star_rating": None,
    }
    base.update(row)
    city.orgs[oid] = base
    return oid


def star(city: City) -> int:
    """Draw a star rating (mostly 3-4 stars)."""
    return city.rng.choices((1, 2, 3, 4, 5), (2, 8, 35, 40, 15))[0]


def build_party_orgs(city: City, no_group: set[str]) -> None:
    """Committees down to grid branches and building groups (none where planted)."""
    rng = city.rng
    street_committee: dict[str, str] = {}
    for aid, a in city.areas.items():
        if a["level"] == "district":
            street_committee[aid] = add_org(
                city,
                "DC",
                name=f"中共{a['name']}委员会",
                system="core",
                type="party",
                kind="district_party_committee",
                area_id=aid,
                founded="1993-01-01",
                star_rating=None,
            )
            add_org(
                city,
                "IA",
                name=f"{a['name']}行业协会",
                type="social",
                kind="industry_association",
                category="economic_cooperation",
                area_id=aid,
                founded=date_between(rng, date(2005, 1, 1), date(2015, 12, 31)),
            )
    for aid, a in city.areas.items():
        if a["level"] == "street":
            street_committee[aid] = add_org(
                city,
                "SC",
                name=f"{a['name']}党工委",
                system="core",
                type="party",
                kind="street_party_working_committee",
                parent_id=street_committee[a["parent_id"]],
                area_id=aid,
                founded=date_between(rng, date(2000, 1, 1), date(2010, 12, 31)),
                star_rating=star(city),
            )
            if rng.random() < 0.5:
                add_org(
                    city,
                    "BA",
                    name=f"{a['name']}商圈联盟",
                    type="social",
                    kind="business_alliance",
                    category="economic_cooperation",
                    area_id=aid,
                    founded=date_between(rng, date(2010, 1, 1), date(2020, 12, 31)),
                )
    for comm in city.communities.values():
        comm.committee = add_org(
            city,
            "CC",
            name=f"{comm.name}大党委",
            system="core",
            type="party",
            kind="community_party_committee",
            parent_id=street_committee[comm.street],
            area_id=comm.id,
            founded=date_between(rng, date(2008, 1, 1), date(2012, 12, 31)),
            star_rating=star(city),
        )
        for gid in comm.grids:
            g = city.grids[gid]
            if g.status != "branchless":
                g.branch = add_org(
                    city,
                    "GB",
                    name=f"{g.name}党支部",
                    system="core",
                    type="party",
                    kind="grid_party_branch",
                    parent_id=comm.committee,
                    grid_id=gid,
                    founded=date_between(rng, date(2012, 3, 1), date(2014, 12, 31)),
                    star_rating=star(city),
                )
            parent = g.branch or comm.committee
            g.activity_org = parent
            for bid in g.buildings:
                if bid in no_group:
                    continue
                b = city.buildings[bid]
                b.group = add_org(
                    city,
                    "BG",
                    name=f"{b.name}党小组",
                    system="core",
                    type="party",
                    kind="building_party_group",
                    parent_id=parent,
                    building_id=bid,
                    founded=date_between(rng, date(2012, 6, 1), date(2015, 12, 31)),
                )
            for title in rng.sample(vocab.INTEREST_GROUPS, rng.choice((1, 1, 2))):
                g.interest_groups.append(
                    add_org(
                        city,
                        "IG",
                        name=f"{g.name}{title}",
                        system="core",
                        type="party",
                        kind="interest_party_group",
                        parent_id=parent,
                        grid_id=gid,
                        founded=date_between(rng, date(2012, 6, 1), date(2018, 12, 31)),
                    )
                )


def build_x_orgs(city: City) -> None:
    """X organisations per community and grid, with what they offer."""
    rng = city.rng
    for comm in city.communities.values():
        missing = city.missing_type.get(comm.id)
        for kind in vocab.X_KINDS:
            if kind.type == missing or kind.scope not in ("community", "grid"):
                continue
            targets = [None] if kind.scope == "community" else comm.grids
            for gid in targets:
                if kind.share < 1.0 and rng.random() >= kind.share:
                    continue
                if gid is not None and city.grids[gid].status == "funds":
                    continue
                where = city.grids[gid].name if gid else comm.name
                oid = add_org(
                    city,
                    kind.type.upper()[:2],
                    name=f"{where}{kind.zh}",
                    type=kind.type,
                    kind=kind.code,
                    category=kind.category,
                    parent_id=comm.committee if kind.type != "two_new" else None,
                    area_id=None if gid else comm.id,
                    grid_id=gid,
                    founded=date_between(rng, date(2006, 1, 1), date(2022, 12, 31)),
                )
                comm.orgs.setdefault(kind.code, []).append(oid)
                for cat in kind.offers:
                    city.offer_rows.append(
                        {"provider_type": "organisation", "provider_id": oid, "category_id": cat}
                    )
                if kind.type == "two_new" and rng.random() < 0.4:
                    pb = add_org(
                        city,
                        "TP",
                        name=f"{where}{kind.zh}党支部",
                        system="core",
                        type="party",
                        kind="two_new_party_branch",
                        parent_id=comm.committee,
                        founded=date_between(rng, date(2010, 1, 1), date(2022, 12, 31)),
                        star_rating=star(city),
                    )
                    city.orgs[oid]["parent_id"] = pb
                if kind.code == "professional_cooperative":
                    add_org(
                        city,
                        "IP",
                        name=f"{where}{kind.zh}党支部",
                        system="core",
                        type="party",
                        kind="industry_party_branch",
                        parent_id=comm.committee,
                        founded=date_between(rng, date(2010, 1, 1), date(2020, 12, 31)),
                        star_rating=star(city),
                    )
