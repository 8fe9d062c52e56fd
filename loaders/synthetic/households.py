"""Phase 2: households and the people around them, one community at a time.

Each community draws from its own seeded RNG, so its rows do not depend on
how many rows came before; a community's households, people, memberships,
ties, activities and requests are written before the next one starts, which
keeps memory flat at a million households.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any

from gridnet.graph import model
from gridnet.loaders.synthetic import names, vocab
from gridnet.loaders.synthetic.activities import emit_community_activities, emit_grid_activities
from gridnet.loaders.synthetic.city import Building, City, Community, Grid, date_between
from gridnet.loaders.synthetic.ratings import rate_person
from gridnet.loaders.synthetic.requests import emit_requests
from gridnet.loaders.synthetic.sinks import Sink
from gridnet.loaders.synthetic.ties import emit_service_ties


def emit_communities(city: City, sink: Sink, progress: Callable[[int], None] | None) -> None:
    """Stream every community; ``progress`` gets its household count."""
    for comm in city.communities.values():
        n = emit_community(city, sink, comm)
        if progress is not None:
            progress(n)


def emit_community(city: City, sink: Sink, comm: Community) -> int:
    """One community: households, its team, then each grid's people."""
    rng = random.Random(f"{city.tag}|c|{comm.id}")
    city.head_gender = {}
    households: dict[str, list[dict[str, Any]]] = {}
    total = 0
    for gid in comm.grids:
        households[gid] = emit_households(city, sink, rng, city.grids[gid], comm)
        total += len(households[gid])
    plain: list[str] = [
        h["id"] for gid in comm.grids for h in households[gid] if not h["lighthouse"]
    ]

    # community team: secretary, first secretary, cadres, seat members
    def lives() -> str:
        return rng.choice(plain)

    secretary = person(
        city,
        sink,
        rng,
        comm,
        household=lives(),
        party=True,
        occupation="社区党委书记",
        age=(35, 58),
    )
    member(city, sink, rng, secretary, "secretary", comm.committee)
    five_roles(city, sink, rng, secretary)
    rate_person(city, sink, rng, secretary, years=3)
    if rng.random() < 0.5:
        first = person(
            city,
            sink,
            rng,
            comm,
            household=None,
            party=True,
            occupation=f"{rng.choice(vocab.FIRST_SECRETARY_UNITS)}干部",
            age=(30, 50),
        )
        member(city, sink, rng, first, "first_secretary", comm.committee, (2018, 2025))
        rate_person(city, sink, rng, first, years=1)
    rc = (comm.orgs.get("residents_committee") or [comm.committee])[0]
    cadres = []
    for _ in range(rng.randint(4, 7)):
        c = person(
            city,
            sink,
            rng,
            comm,
            household=lives(),
            party=rng.random() < 0.7,
            occupation="社区工作者",
            age=(24, 55),
        )
        member(city, sink, rng, c, "cadre", rc)
        cadres.append(c)
    seats = []
    for unit in rng.sample(vocab.SEAT_UNITS, rng.randint(6, 10)):
        s = person(
            city,
            sink,
            rng,
            comm,
            household=None,
            party=True,
            occupation=f"{unit}党组织负责人",
            age=(35, 58),
        )
        member(city, sink, rng, s, "seat_member", comm.committee)
        seats.append(s)
    member(
        city,
        sink,
        rng,
        rng.choice(seats),
        "rotating_chair",
        comm.committee,
        (city.as_of.year - 1, city.as_of.year),
    )
    for oid in (
        comm.orgs.get("non_public_enterprise", [])
        + comm.orgs.get("property_company", [])
        + comm.orgs.get("social_work_agency", [])
    ):
        if rng.random() < 0.5:
            for role in ("party_liaison", "talent_instructor", "affairs_assistant"):
                d = person(
                    city,
                    sink,
                    rng,
                    comm,
                    household=None,
                    party=True,
                    occupation="街道派驻干部",
                    age=(28, 55),
                )
                member(city, sink, rng, d, role, oid, (2013, 2025))

    volunteer_orgs = [
        o
        for k in ("volunteer_team", "party_volunteer_team", "youth_volunteer_team")
        for o in comm.orgs.get(k, [])
    ]
    backbone_orgs = [
        o
        for k in (
            "trade_union",
            "youth_league",
            "womens_federation",
            "elders_association",
            "square_dance_team",
        )
        for o in comm.orgs.get(k, [])
    ]
    elders_orgs = comm.orgs.get("next_generation_committee")
    elders_org = elders_orgs[0] if elders_orgs else None

    for gid in comm.grids:
        emit_grid_people(
            city,
            sink,
            rng,
            comm,
            city.grids[gid],
            households[gid],
            cadres,
            volunteer_orgs,
            backbone_orgs,
            elders_org,
        )
    emit_community_activities(city, sink, rng, comm)
    return total


def emit_households(
    city: City, sink: Sink, rng: random.Random, g: Grid, comm: Community
) -> list[dict[str, Any]]:
    """A grid's households, in buildings first; picks its lighthouses."""
    out: list[dict[str, Any]] = []
    sizes = iter(g.sizes)

    def add(building: Building | None, address: str) -> None:
        size = next(sizes)
        head_gender = rng.choice(("male", "female"))
        vulnerable = rng.random() < (0.3 if size == 1 else 0.05)
        hid = city.next_id("H", 7)
        city.head_gender[hid] = head_gender
        out.append(
            {
                "id": hid,
                "name": names.person_name(rng, head_gender),
                "grid_id": g.id,
                "building_id": building.id if building else None,
                "address": address,
                "phone": names.phone(rng),
                "size": size,
                "vulnerable": vulnerable,
                "lighthouse": False,
                "party_group_id": None,
            }
        )

    for bid in g.buildings:
        b = city.buildings[bid]
        capacity = b.units * b.floors * 2
        for pos in sorted(rng.sample(range(capacity), b.households)):
            unit, rest = divmod(pos, b.floors * 2)
            floor, room = divmod(rest, 2)
            add(b, f"{b.name}{unit + 1}单元{floor + 1}{room + 1:02d}")
    road = rng.choice(comm.roads)
    for k in range(g.households - len(out)):
        add(None, f"{road}{rng.randint(1, 200)}号附{k + 1}号")

    if g.lighthouses:
        for idx in sorted(rng.sample(range(len(out)), g.lighthouses)):
            h = out[idx]
            h["lighthouse"] = True
            home = city.buildings[h["building_id"]] if h["building_id"] else None
            if home is not None and home.group and rng.random() < 0.85:
                h["party_group_id"] = home.group
            else:
                h["party_group_id"] = rng.choice(g.interest_groups)
    for h in out:
        sink.add("households", h)
    return out


def person(
    city: City,
    sink: Sink,
    rng: random.Random,
    comm: Community,
    *,
    household: str | None,
    party: bool,
    occupation: str | None = None,
    age: tuple[int, int] = (25, 75),
    gender: str | None = None,
    name: str | None = None,
    phone: str | None = None,
) -> str:
    """Write one person row; returns the id."""
    pid = city.next_id("P", 7)
    gender = gender or rng.choice(("male", "female"))
    birth = city.as_of.year - rng.randint(*age)
    sink.add(
        "people",
        {
            "id": pid,
            "name": name or names.person_name(rng, gender),
            "gender": gender,
            "birth_year": birth,
            "phone": phone or names.phone(rng),
            "id_number": names.id_number(rng, comm.region, birth, gender),
            "household_id": household,
            "party_member": party,
            "occupation": occupation or rng.choice(names.OCCUPATIONS),
            "skills": rng.sample(names.SKILLS, rng.randint(0, 3)),
        },
    )
    return pid


def member(
    city: City,
    sink: Sink,
    rng: random.Random,
    person: str,
    role: str,
    org: str | None,
    since: tuple[int, int] = (2012, 2025),
) -> None:
    """Write one membership (a role, optionally in an organisation)."""
    sink.add(
        "memberships",
        {
            "person_id": person,
            "role": role,
            "organisation_id": org,
            "since": date_between(
                rng, date(since[0], 1, 1), min(date(since[1], 12, 31), city.as_of)
            ),
        },
    )


def five_roles(city: City, sink: Sink, rng: random.Random, person: str) -> None:
    """One or two of the article's five roles, outside any organisation."""
    for role in rng.sample(model.FIVE_ROLES, rng.choice((1, 1, 2))):
        member(city, sink, rng, person, role, None)


def emit_grid_people(
    city: City,
    sink: Sink,
    rng: random.Random,
    comm: Community,
    g: Grid,
    hh: list[dict[str, Any]],
    cadres: list[str],
    volunteer_orgs: list[str],
    backbone_orgs: list[str],
    elders_org: str | None,
) -> None:
    """A grid's leader, lighthouse heads and members; then its ties, activities, requests."""
    plain = [h for h in hh if not h["lighthouse"]]
    party_org = g.branch or comm.committee

    # grid leader (also secretary of the grid branch)
    leader = person(
        city,
        sink,
        rng,
        comm,
        household=rng.choice(plain)["id"],
        party=True,
        occupation="专职网格员",
        age=(28, 58),
    )
    member(city, sink, rng, leader, "grid_leader", party_org)
    if g.branch:
        member(city, sink, rng, leader, "secretary", g.branch)
    five_roles(city, sink, rng, leader)
    rate_person(city, sink, rng, leader, years=1)

    # lighthouse residents: exactly one party member in each lighthouse household
    light_people: dict[str, str] = {}
    for h in hh:
        if h["lighthouse"]:
            # the head of a lighthouse household is its party member
            p = person(
                city,
                sink,
                rng,
                comm,
                household=h["id"],
                party=True,
                age=(30, 80),
                gender=city.head_gender[h["id"]],
                name=h["name"],
                phone=h["phone"],
            )
            member(city, sink, rng, p, "party_member", h["party_group_id"])
            five_roles(city, sink, rng, p)
            light_people[h["id"]] = p

    # other party members, volunteers, backbone, five elders (never in lighthouses)
    members = []
    for _ in range(max(2, round(len(hh) * 0.05))):
        p = person(city, sink, rng, comm, household=rng.choice(plain)["id"], party=True)
        member(city, sink, rng, p, "party_member", party_org)
        if rng.random() < 0.8:
            five_roles(city, sink, rng, p)
        members.append(p)
    for _ in range(round(len(hh) * 0.03)):
        p = person(
            city,
            sink,
            rng,
            comm,
            household=rng.choice(plain)["id"],
            party=rng.random() < 0.2,
            age=(18, 70),
        )
        member(
            city, sink, rng, p, "volunteer", rng.choice(volunteer_orgs) if volunteer_orgs else None
        )
    for _ in range(1 + round(len(hh) * 0.008)):
        p = person(
            city,
            sink,
            rng,
            comm,
            household=rng.choice(plain)["id"],
            party=rng.random() < 0.5,
            age=(35, 72),
        )
        member(city, sink, rng, p, "backbone", rng.choice(backbone_orgs) if backbone_orgs else None)
    if rng.random() < 0.7:
        p = person(
            city,
            sink,
            rng,
            comm,
            household=rng.choice(plain)["id"],
            party=True,
            occupation=rng.choice(("退休教师", "退休干部", "退役军人")),
            age=(62, 85),
        )
        member(city, sink, rng, p, "five_elders", elders_org)

    emit_service_ties(city, sink, rng, g, hh, leader, members, cadres)

    if g.status != "funds":
        emit_grid_activities(city, sink, rng, g, volunteer_orgs)
    handlers = [leader, leader, *cadres]
    emit_requests(city, sink, rng, g, hh, handlers)
