"""A small hand-made city for the explorer tests, with every gap planted on purpose.

孝感市 → 孝南区 / 孝昌县 → streets → 槐荫社区, 书院社区, 花园村 → grids G-0001..G-0004.
G-0001 has an overloaded lighthouse (serves 11), a building without a group named
``<img src=x onerror=alert(1)>`` and an unserved household in it; G-0004 has no branch and
no lighthouse. Everything is loaded with parameters through ``fixture.cypher``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from gridnet import cypher, db
from gridnet.privacy import PERSONAL, pseudonymise
from gridnet.vault import Vault

FIXTURE_CYPHER = Path(__file__).with_name("fixture.cypher")
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_HOUSEHOLD = "H-0666"  # in the XSS building; nobody serves it
XSS_BUILDING = "B-004"  # named XSS_NAME
AS_OF = date(2013, 6, 30)
# The serving chain from H-0003 to a platform offering elder care (the network page's
# path action), as node keys of the picture.
ELDER_CARE_PATH = (
    "Household:H-0003",
    "Household:H-0001",  # the lighthouse household serving it
    "Organization:O-BG-001",
    "Organization:O-GB-0001",
    "Grid:G-0001",
    "Area:C1",
    "Platform:PF-001",
    "ServiceCategory:elder_care",
)


def _square(lon: float, lat: float, d: float = 0.01) -> str:
    # Counter-clockwise, as GeoJSON and most WKT writers emit it.
    pts = [(lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d), (lon, lat)]
    return "POLYGON((" + ", ".join(f"{x} {y}" for x, y in pts) + "))"


def city() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes ``{label, id, props}`` and relationships ``{type, from_label, from, to_label, to}``."""
    nodes: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []

    def node(label: str, id_: str, **props: Any) -> str:
        nodes.append({"label": label, "id": id_, "props": {"id": id_, **props}})
        return id_

    def rel(type_: str, fl: str, f: str, tl: str, t: str) -> None:
        rels.append({"type": type_, "from_label": fl, "from": f, "to_label": tl, "to": t})

    node("Area", "XG", name="孝感市", level="city")
    for did, dname in (("XG-XN", "孝南区"), ("XG-XC", "孝昌县")):
        node("Area", did, name=dname, level="district")
        rel("PART_OF", "Area", did, "Area", "XG")
        node("Area", did + "-S1", name=dname[:2] + "街道", level="street")
        rel("PART_OF", "Area", did + "-S1", "Area", did)
    communities = (
        ("C1", "槐荫社区", "community", "XG-XN-S1"),
        ("C2", "书院社区", "community", "XG-XN-S1"),
        ("C3", "花园村", "village", "XG-XC-S1"),
    )
    for cid, cname, level, street in communities:
        node("Area", cid, name=cname, level=level)
        rel("PART_OF", "Area", cid, "Area", street)
    grids = (
        ("G-0001", "槐荫一网格", "C1", "district_block", 113.90, 30.90),
        ("G-0002", "槐荫二网格", "C1", "district_block", 113.91, 30.90),
        ("G-0003", "书院一网格", "C2", "courtyard", 113.90, 30.91),
        ("G-0004", "花园乡湾", "C3", "village_bay", 113.95, 30.95),
    )
    for gid, gname, cid, kind, lon, lat in grids:
        node(
            "Grid",
            gid,
            name=gname,
            kind=kind,
            boundary=_square(lon, lat),
            centroid_lon=lon + 0.005,
            centroid_lat=lat + 0.005,
        )
        rel("IN_AREA", "Grid", gid, "Area", cid)

    # Party organisations: committee of C1, branches of G-0001..G-0003 (none in G-0004).
    node(
        "Organization",
        "O-CC-01",
        name="槐荫社区大党委",
        system="core",
        type="party",
        kind="community_party_committee",
        star_rating=4,
    )
    rel("COVERS", "Organization", "O-CC-01", "Area", "C1")
    for gid, name in (
        ("G-0001", "槐荫一网格党支部"),
        ("G-0002", "槐荫二网格党支部"),
        ("G-0003", "书院一网格党支部"),
    ):
        oid = "O-GB-" + gid[-4:]
        node(
            "Organization",
            oid,
            name=name,
            system="core",
            type="party",
            kind="grid_party_branch",
            star_rating=3,
        )
        rel("COVERS", "Organization", oid, "Grid", gid)
        if gid != "G-0003":
            rel("PART_OF", "Organization", oid, "Organization", "O-CC-01")
    node(
        "Organization",
        "O-X-01",
        name="槐荫社区居委会",
        system="x",
        type="autonomous",
        kind="residents_committee",
    )
    rel("COVERS", "Organization", "O-X-01", "Area", "C1")
    node(
        "Organization",
        "O-X-02",
        name="爱心志愿者协会",
        system="x",
        type="social",
        kind="volunteer_association",
        category="volunteer_service",
    )
    rel("COVERS", "Organization", "O-X-02", "Grid", "G-0001")

    # Buildings: B-001..B-004 in G-0001 (B-004 without a group), B-005/B-006 in G-0002,
    # B-007 in G-0003.
    buildings = {
        "B-001": "G-0001",
        "B-002": "G-0001",
        "B-003": "G-0001",
        "B-004": "G-0001",
        "B-005": "G-0002",
        "B-006": "G-0002",
        "B-007": "G-0003",
    }
    for i, (bid, gid) in enumerate(buildings.items(), 1):
        node("Building", bid, name=XSS_NAME if bid == XSS_BUILDING else f"{i}号楼", floors=6)
        rel("IN_GRID", "Building", bid, "Grid", gid)
        if bid != "B-004":
            oid = "O-BG-" + bid[-3:]
            node(
                "Organization",
                oid,
                name=f"{i}号楼党小组",
                system="core",
                type="party",
                kind="building_party_group",
            )
            rel("COVERS", "Organization", oid, "Building", bid)
            rel("PART_OF", "Organization", oid, "Organization", "O-GB-" + gid[-4:])

    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    hh_grid: dict[str, str] = {}

    def household(
        hid: str,
        gid: str,
        name: str,
        building: str | None = None,
        lighthouse: bool = False,
        group: str | None = None,
    ) -> str:
        node(
            "Household",
            hid,
            name=name,
            address=f"{gid} {hid}",
            phone="13800000000",
            size=3,
            vulnerable=False,
            lighthouse=lighthouse,
        )
        rel("IN_GRID", "Household", hid, "Grid", gid)
        if building:
            rel("IN_BUILDING", "Household", hid, "Building", building)
        if group:
            rel("IN_GROUP", "Household", hid, "Organization", group)
        hh_grid[hid] = gid
        return hid

    # G-0001: lighthouse H-0001 serves 11 neighbours (overloaded), H-0002 serves 2.
    household("H-0001", "G-0001", "王建国", "B-001", lighthouse=True, group="O-BG-001")
    household("H-0002", "G-0001", "李秀英", "B-002", lighthouse=True, group="O-BG-002")
    for n in range(3, 17):
        hid = f"H-{n:04d}"
        household(hid, "G-0001", surnames[n % len(surnames)] + "明", f"B-00{1 + n % 4}")
        if n <= 13:
            rel("SERVES", "Household", "H-0001", "Household", hid)
        elif n <= 15:
            rel("SERVES", "Household", "H-0002", "Household", hid)
    household(XSS_HOUSEHOLD, "G-0001", "钱多", XSS_BUILDING)  # nobody serves it
    # G-0002: one lighthouse serving three.
    household("H-0101", "G-0002", "赵丽", "B-005", lighthouse=True, group="O-BG-005")
    for n in range(102, 105):
        household(f"H-{n:04d}", "G-0002", surnames[n % 20] + "华", "B-006")
        rel("SERVES", "Household", "H-0101", "Household", f"H-{n:04d}")
    # G-0003: a lighthouse, and one member who serves everyone else (single point).
    household("H-0201", "G-0003", "周敏", "B-007", lighthouse=True, group="O-BG-007")
    for n in range(202, 206):
        household(f"H-{n:04d}", "G-0003", surnames[n % 20] + "强", "B-007")
    # G-0004: three households, no lighthouse, nobody serves them.
    for n in range(301, 304):
        household(f"H-{n:04d}", "G-0004", surnames[n % 20] + "芳")

    people = (
        ("P-001", "王建国", "H-0001", True),
        ("P-002", "李秀英", "H-0002", True),
        ("P-003", "周敏", "H-0201", True),
        ("P-004", "陈书记", "H-0003", True),
        ("P-005", "赵丽", "H-0101", True),
    )
    for pid, name, hid, member in people:
        node(
            "Person",
            pid,
            name=name,
            gender="male",
            birth_year=1965,
            phone="13900000000",
            id_number="420902196501010011",
            party_member=member,
            occupation="退休教师",
            skills=["调解", "书法"],
        )
        rel("LIVES_IN", "Person", pid, "Household", hid)
    for n in range(202, 206):
        rel("SERVES", "Person", "P-003", "Household", f"H-{n:04d}")
    rel("MEMBER_OF", "Person", "P-004", "Organization", "O-GB-0001")

    # Platforms and what they offer.
    node(
        "Platform",
        "PF-001",
        name="槐荫社区党员群众服务中心",
        tier="main",
        address="槐荫大道1号",
        lat=30.905,
        lon=113.905,
    )
    rel("HOSTS", "Organization", "O-CC-01", "Platform", "PF-001")
    rel("SERVES", "Platform", "PF-001", "Area", "C1")
    node("Platform", "PF-002", name="书院社区法律服务站", tier="specialised")
    rel("SERVES", "Platform", "PF-002", "Grid", "G-0003")
    for cid, name, en in (
        ("elder_care", "养老服务", "elder care"),
        ("legal_aid", "法律援助", "legal aid"),
        ("employment", "就业服务", "employment"),
    ):
        node("ServiceCategory", cid, name=name, name_en=en)
    rel("OFFERS", "Platform", "PF-001", "ServiceCategory", "elder_care")
    rel("OFFERS", "Platform", "PF-002", "ServiceCategory", "legal_aid")

    # Requests: open (some overdue on AS_OF) and closed with resolution times.
    requests = (
        ("R-001", "H-0003", "elder_care", "open", datetime(2013, 6, 1, 9), date(2013, 6, 8), None),
        (
            "R-002",
            "H-0004",
            "employment",
            "in_progress",
            datetime(2013, 6, 20, 10),
            date(2013, 7, 5),
            None,
        ),
        ("R-003", "H-0102", "elder_care", "open", datetime(2013, 3, 1, 8), date(2013, 3, 10), None),
        (
            "R-004",
            "H-0202",
            "legal_aid",
            "closed",
            datetime(2013, 5, 2, 9),
            date(2013, 5, 9),
            datetime(2013, 5, 4, 17),
        ),
        ("R-005", "H-0301", "employment", "open", datetime(2013, 6, 25, 9), date(2013, 7, 2), None),
        (
            "R-006",
            "H-0005",
            "elder_care",
            "closed",
            datetime(2013, 4, 1, 9),
            date(2013, 4, 5),
            datetime(2013, 4, 12, 12),
        ),
    )
    for rid, hid, cat, status, opened, deadline, closed in requests:
        props: dict[str, Any] = {
            "status": status,
            "opened_at": opened,
            "deadline": deadline,
            "title": f"{cat} 诉求 {rid}",
        }
        if closed:
            props["closed_at"] = closed
            props["satisfaction"] = 4
        node("ServiceRequest", rid, **props)
        rel("RAISED", "Household", hid, "ServiceRequest", rid)
        rel("IN_CATEGORY", "ServiceRequest", rid, "ServiceCategory", cat)
        rel("VIA", "ServiceRequest", rid, "Platform", "PF-001")

    node("Funding", "F-2013-C1-W", kind="working", amount_yuan=120000.0, year=2013)
    rel("ALLOCATED_TO", "Funding", "F-2013-C1-W", "Area", "C1")
    node("Funding", "F-2013-C3-W", kind="working", amount_yuan=120000.0, year=2013)
    rel("ALLOCATED_TO", "Funding", "F-2013-C3-W", "Area", "C3")
    node(
        "Activity",
        "A-001",
        name="乡村夜话",
        kind="village_night_talk",
        date=date(2013, 5, 12),
        participants=25,
    )
    rel("HELD", "Organization", "O-GB-0001", "Activity", "A-001")
    rel("IN_GRID", "Activity", "A-001", "Grid", "G-0001")
    return nodes, rels


def load(database: db.Database) -> dict[str, int]:
    """Load the fixture into an (emptied) graph; returns node and relationship counts.

    Residents are pseudonymised as the loader does it: display forms and tokens in
    the graph, clear values in the installation's vault.
    """
    nodes, rels = city()
    with Vault.open(database.settings, create=True) as vault:
        for label in PERSONAL:
            props = [n["props"] for n in nodes if n["label"] == label]
            vault.put(label, pseudonymise(label, props, vault.keyring))
    statements = cypher.load_file(FIXTURE_CYPHER)["fixture"].statements
    assert len(statements) == 2, statements
    database.write(statements[0], {"nodes": nodes})
    database.write(statements[1], {"rels": rels})
    return {"nodes": len(nodes), "relationships": len(rels)}
