"""The documented input format: one table per entity or relationship.

This module is the single source of truth for columns, types, allowed values
and references. The readers, the validator, the writer, the generator, the
exporter and ``loaders/README.md`` are all driven by it, so a column added here
is read, checked, loaded and documented everywhere at once.

>>> TABLES["households"].column("grid_id").ref
'grids'
>>> [t.name for t in load_order()][:3]
['areas', 'grids', 'buildings']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gridnet.graph import model
from gridnet.graph.model import Term

# Column types understood by the validator.
TYPES = ("id", "str", "int", "float", "bool", "date", "datetime", "enum", "list", "geometry")


@dataclass(frozen=True)
class Column:
    """One column of an input table."""

    name: str
    type: str
    zh: str
    doc: str
    required: bool = False
    enum: dict[str, Term] | None = None
    ref: str | None = None
    """Table whose ``id`` this column references (for ``type == 'id'``)."""
    ref_by: str | None = None
    """Column naming the referenced table's kind, for polymorphic references."""
    example: str = ""
    minimum: float | None = None
    maximum: float | None = None
    personal: bool = False
    """Residents' personal data: a display form and a token in the graph, the clear
    value in the vault (``gridnet.privacy``)."""
    terms: dict[str, Term] | None = None
    """Known codes of a free-text column: their Chinese or English term is stored as
    the code (``网格党支部`` → ``grid_party_branch``); other text is kept as typed."""


@dataclass(frozen=True)
class Table:
    """One input table: a CSV file, an Excel sheet or a JSON array."""

    name: str
    zh: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    label: str | None = None
    """Node label for entity tables; None for relationship tables."""
    depends: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _id(doc: str = "unique identifier", example: str = "") -> Column:
    return Column("id", "str", "编号", doc, required=True, example=example)


def _name(zh: str = "名称", example: str = "", personal: bool = False) -> Column:
    return Column(
        "name", "str", zh, "display name", required=True, example=example, personal=personal
    )


_GEOMETRY = (
    Column(
        "centroid_lat",
        "float",
        "中心纬度",
        "centre latitude (WGS84)",
        example="30.9248",
        minimum=-90,
        maximum=90,
    ),
    Column(
        "centroid_lon",
        "float",
        "中心经度",
        "centre longitude (WGS84)",
        example="113.9166",
        minimum=-180,
        maximum=180,
    ),
    Column(
        "boundary",
        "geometry",
        "边界",
        "boundary polygon as WKT `POLYGON((lon lat, ...))` or a GeoJSON Polygon",
        example="POLYGON((113.91 30.92, 113.92 30.92, 113.92 30.93, 113.91 30.92))",
    ),
)


def _coordinates(
    what: str, example: tuple[str, str] = ("30.92", "113.91"), personal: bool = False
) -> tuple[Column, ...]:
    """A point as ``lat`` / ``lon`` (WGS84 degrees), checked by `rules.check`: both or
    neither, inside China, not swapped; warned when outside the grid's boundary.

    A `personal` point (a home's own) is coarsened in the graph, exact in the vault
    (``gridnet.privacy``)."""
    return (
        Column(
            "lat",
            "float",
            "纬度",
            f"latitude (WGS84) of {what}",
            example=example[0],
            personal=personal,
        ),
        Column(
            "lon",
            "float",
            "经度",
            f"longitude (WGS84) of {what}",
            example=example[1],
            personal=personal,
        ),
    )


TABLES: dict[str, Table] = {}


def _table(t: Table) -> Table:
    TABLES[t.name] = t
    return t


_table(
    Table(
        "areas",
        "行政区域",
        "City, districts, streets, communities and villages, nested by parent_id.",
        (
            _id(example="XG-XN-CZ-01"),
            _name(example="槐荫社区"),
            Column(
                "level",
                "enum",
                "层级",
                "administrative level",
                required=True,
                enum=model.AREA_LEVELS,
                example="community",
            ),
            Column(
                "parent_id",
                "id",
                "上级区域",
                "enclosing area; empty only for a city",
                ref="areas",
                example="XG-XN-CZ",
            ),
            *_GEOMETRY,
            Column("population", "int", "人口", "resident population", minimum=0, example="8200"),
        ),
        label="Area",
    )
)
_table(
    Table(
        "grids",
        "网格",
        "Service grids: district blocks, village bays and courtyards.",
        (
            _id(example="G-0001"),
            _name(example="槐荫一网格"),
            Column(
                "community_id",
                "id",
                "所属社区/村",
                "the community or village the grid lies in",
                required=True,
                ref="areas",
                example="XG-XN-CZ-01",
            ),
            Column(
                "kind",
                "enum",
                "网格类型",
                "kind of grid",
                required=True,
                enum=model.GRID_KINDS,
                example="district_block",
            ),
            *_GEOMETRY,
        ),
        label="Grid",
        depends=("areas",),
    )
)
_table(
    Table(
        "buildings",
        "楼栋",
        "Residential buildings, each in exactly one grid.",
        (
            _id(example="B-000001"),
            _name(example="3栋"),
            Column(
                "grid_id",
                "id",
                "所属网格",
                "grid the building stands in",
                required=True,
                ref="grids",
                example="G-0001",
            ),
            Column("address", "str", "地址", "street address", example="槐荫大道12号"),
            Column("floors", "int", "层数", "number of floors", minimum=0, example="6"),
            *_coordinates("the building (its entrance)", ("30.9221", "113.9123")),
        ),
        label="Building",
        depends=("grids",),
    )
)
_table(
    Table(
        "households",
        "住户",
        "Households, each in exactly one grid; lighthouse households (明灯户) are flagged.",
        (
            _id(example="H-0000001"),
            _name("户主姓名", example="王建国", personal=True),
            Column(
                "grid_id",
                "id",
                "所属网格",
                "grid the household lives in",
                required=True,
                ref="grids",
                example="G-0001",
            ),
            Column(
                "building_id",
                "id",
                "所属楼栋",
                "building; must stand in the same grid",
                ref="buildings",
                example="B-000001",
            ),
            Column("address", "str", "住址", "exact address", example="3栋2单元401", personal=True),
            Column("phone", "str", "电话", "contact phone", example="13800000000", personal=True),
            Column("size", "int", "人口数", "people in the household", minimum=0, example="3"),
            Column(
                "vulnerable",
                "bool",
                "重点关注",
                "elderly living alone, disabled, in hardship",
                example="false",
            ),
            Column(
                "lighthouse",
                "bool",
                "明灯户",
                "designated party-member lighthouse household",
                example="true",
            ),
            Column(
                "party_group_id",
                "id",
                "所属党小组",
                "the building or special-interest party group of a lighthouse household",
                ref="organisations",
                example="O-BG-0001",
            ),
            *_coordinates(
                "a household without a building (rural), otherwise its building's is used; "
                "personal: the graph keeps it coarsened to 0.001 degree (within 79 m), the "
                "exact point goes to the vault",
                ("", ""),
                personal=True,
            ),
        ),
        label="Household",
        depends=("grids", "buildings", "organisations"),
    )
)
_table(
    Table(
        "people",
        "人员",
        "Party members, cadres, volunteers and backbone members.",
        (
            _id(example="P-000001"),
            _name("姓名", example="李明", personal=True),
            Column("gender", "enum", "性别", "gender", enum=model.GENDERS, example="male"),
            Column(
                "birth_year",
                "int",
                "出生年份",
                "year of birth",
                minimum=1900,
                maximum=2030,
                example="1968",
            ),
            Column("phone", "str", "电话", "contact phone", example="13900000000", personal=True),
            Column(
                "id_number",
                "str",
                "身份证号",
                "national ID number",
                personal=True,
                example="420902196801010011",
            ),
            Column(
                "household_id",
                "id",
                "所在住户",
                "household the person lives in",
                ref="households",
                example="H-0000001",
            ),
            Column("party_member", "bool", "党员", "is a party member", example="true"),
            Column("occupation", "str", "职业", "occupation", example="退休教师"),
            Column(
                "skills",
                "list",
                "特长",
                "skills and hobbies, separated by `;`",
                example="书法;调解",
            ),
        ),
        label="Person",
        depends=("households",),
    )
)
_table(
    Table(
        "organisations",
        "组织",
        "Core party organisations and X organisations (autonomous, mass, social, mutual-aid, "
        "economic). A grid party branch covers its grid; a building party group its building.",
        (
            _id(example="O-GB-0001"),
            _name(example="槐荫一网格党支部"),
            Column(
                "system",
                "enum",
                "体系",
                "core or extension (1+X)",
                required=True,
                enum=model.ORG_SYSTEMS,
                example="core",
            ),
            Column(
                "type",
                "enum",
                "组织类型",
                "type of organisation",
                required=True,
                enum=model.ORG_TYPES,
                example="party",
            ),
            Column(
                "kind",
                "str",
                "具体类别",
                "kind: one of the party-network kinds (grid_party_branch, building_party_group, "
                "interest_party_group, community_party_committee, village_party_branch) or "
                "free text for the 50+ branch kinds",
                required=True,
                terms=model.PARTY_NETWORK_KINDS,
                example="grid_party_branch",
            ),
            Column(
                "category",
                "enum",
                "七大类",
                "which of the 7 fostered categories",
                enum=model.ORG_CATEGORIES,
                example="volunteer_service",
            ),
            Column(
                "parent_id",
                "id",
                "上级组织",
                "the organisation above it",
                ref="organisations",
                example="O-CC-01",
            ),
            Column(
                "area_id",
                "id",
                "覆盖区域",
                "area it covers (community, village, street)",
                ref="areas",
                example="XG-XN-CZ-01",
            ),
            Column("grid_id", "id", "覆盖网格", "grid it covers", ref="grids", example="G-0001"),
            Column(
                "building_id",
                "id",
                "覆盖楼栋",
                "building it covers",
                ref="buildings",
                example="B-000001",
            ),
            Column("founded", "date", "成立日期", "date founded", example="2012-06-01"),
            Column(
                "star_rating",
                "int",
                "星级",
                "star rating of a party organisation",
                minimum=1,
                maximum=5,
                example="4",
            ),
        ),
        label="Organization",
        depends=("areas", "grids", "buildings"),
    )
)
_table(
    Table(
        "memberships",
        "成员与角色",
        "A person's membership of an organisation with a role, or a role without an organisation "
        "(the five roles of party members).",
        (
            Column(
                "person_id",
                "id",
                "人员",
                "the person",
                required=True,
                ref="people",
                example="P-000001",
            ),
            Column(
                "role", "enum", "角色", "role", required=True, enum=model.ROLES, example="secretary"
            ),
            Column(
                "organisation_id",
                "id",
                "组织",
                "organisation; empty for a role alone",
                ref="organisations",
                example="O-GB-0001",
            ),
            Column("since", "date", "起始日期", "since when", example="2013-01-01"),
        ),
        key=("person_id", "role", "organisation_id"),
        depends=("people", "organisations"),
    )
)
_table(
    Table(
        "platforms",
        "服务平台",
        "Main platforms (party-member and masses service centres), specialised and utility "
        "platforms, with the area or grid they serve.",
        (
            _id(example="PF-0001"),
            _name(example="槐荫社区党员群众服务中心"),
            Column(
                "tier",
                "enum",
                "平台层级",
                "main, specialised or utility",
                required=True,
                enum=model.PLATFORM_TIERS,
                example="main",
            ),
            Column(
                "organisation_id",
                "id",
                "主办组织",
                "organisation hosting it",
                ref="organisations",
                example="O-CC-01",
            ),
            Column(
                "area_id", "id", "服务区域", "area it serves", ref="areas", example="XG-XN-CZ-01"
            ),
            Column("grid_id", "id", "服务网格", "grid it serves", ref="grids", example="G-0001"),
            Column("address", "str", "地址", "where it is", example="槐荫大道1号"),
            *_coordinates("where the platform stands"),
        ),
        label="Platform",
        depends=("organisations", "areas", "grids"),
    )
)
_table(
    Table(
        "service_categories",
        "服务类别",
        "What residents ask for and platforms offer.",
        (
            _id(example="elder_care"),
            _name(example="养老服务"),
            Column("name_en", "str", "英文名", "English name", example="elder care"),
        ),
        label="ServiceCategory",
    )
)
_table(
    Table(
        "offerings",
        "服务供给",
        "Which platform or organisation offers which service category.",
        (
            Column(
                "provider_type",
                "enum",
                "提供方类型",
                "platform or organisation",
                required=True,
                enum=model.OFFER_PROVIDERS,
                example="platform",
            ),
            Column(
                "provider_id",
                "id",
                "提供方",
                "platform or organisation id",
                required=True,
                ref_by="provider_type",
                example="PF-0001",
            ),
            Column(
                "category_id",
                "id",
                "服务类别",
                "service category",
                required=True,
                ref="service_categories",
                example="elder_care",
            ),
        ),
        key=("provider_type", "provider_id", "category_id"),
        depends=("platforms", "organisations", "service_categories"),
    )
)
_table(
    Table(
        "service_ties",
        "联系服务",
        "Who serves which household: a member assigned to it, or a lighthouse household serving "
        "a neighbour.",
        (
            Column(
                "server_type",
                "enum",
                "服务方类型",
                "person or (lighthouse) household",
                required=True,
                enum=model.SERVER_TYPES,
                example="household",
            ),
            Column(
                "server_id",
                "id",
                "服务方",
                "person or household id",
                required=True,
                ref_by="server_type",
                example="H-0000001",
            ),
            Column(
                "household_id",
                "id",
                "被服务住户",
                "household served",
                required=True,
                ref="households",
                example="H-0000002",
            ),
            Column("since", "date", "起始日期", "since when", example="2013-03-01"),
        ),
        key=("server_type", "server_id", "household_id"),
        depends=("people", "households"),
    )
)
_table(
    Table(
        "service_requests",
        "服务诉求",
        "Requests raised by households, routed and handled.",
        (
            _id(example="R-00000001"),
            Column(
                "household_id",
                "id",
                "提出住户",
                "household that raised it",
                required=True,
                ref="households",
                example="H-0000002",
            ),
            Column(
                "category_id",
                "id",
                "服务类别",
                "what was asked for",
                required=True,
                ref="service_categories",
                example="elder_care",
            ),
            Column(
                "status",
                "enum",
                "状态",
                "open, in progress or closed",
                required=True,
                enum=model.REQUEST_STATUSES,
                example="closed",
            ),
            Column(
                "opened_at",
                "datetime",
                "提出时间",
                "when it was raised (ISO 8601)",
                required=True,
                example="2013-04-02T09:30:00",
            ),
            Column(
                "deadline", "date", "办理时限", "when it must be resolved", example="2013-04-09"
            ),
            Column(
                "closed_at",
                "datetime",
                "办结时间",
                "when it was resolved",
                example="2013-04-05T16:00:00",
            ),
            Column(
                "platform_id",
                "id",
                "受理平台",
                "platform it came through",
                ref="platforms",
                example="PF-0001",
            ),
            Column(
                "handler_id", "id", "办理人", "person handling it", ref="people", example="P-000001"
            ),
            Column("title", "str", "事项", "short description", example="独居老人助餐"),
            Column(
                "satisfaction",
                "int",
                "满意度",
                "resident's rating 1-5",
                minimum=1,
                maximum=5,
                example="5",
            ),
        ),
        label="ServiceRequest",
        depends=("households", "service_categories", "platforms", "people"),
    )
)
_table(
    Table(
        "funding",
        "经费",
        "Funding allocated to an area for a year.",
        (
            _id(example="F-2013-XG-XN-CZ-01-W"),
            Column(
                "area_id",
                "id",
                "拨付区域",
                "community or village receiving it",
                required=True,
                ref="areas",
                example="XG-XN-CZ-01",
            ),
            Column(
                "kind",
                "enum",
                "经费类型",
                "working, special or project funds",
                required=True,
                enum=model.FUNDING_KINDS,
                example="working",
            ),
            Column(
                "amount_yuan",
                "float",
                "金额（元）",
                "amount in yuan",
                required=True,
                minimum=0,
                example="120000",
            ),
            Column(
                "year",
                "int",
                "年度",
                "budget year",
                required=True,
                minimum=1990,
                maximum=2100,
                example="2013",
            ),
            Column("source", "str", "来源", "who allocated it", example="市财政"),
            Column("purpose", "str", "用途", "what it is for", example="应急服务"),
        ),
        label="Funding",
        depends=("areas",),
    )
)
_table(
    Table(
        "activities",
        "活动",
        "Activities held by organisations in a grid or area: party days, village night talks, "
        "love doorbell visits.",
        (
            _id(example="A-000001"),
            _name(example="乡村夜话"),
            Column(
                "kind",
                "enum",
                "活动类型",
                "kind of activity",
                required=True,
                enum=model.ACTIVITY_KINDS,
                example="village_night_talk",
            ),
            Column(
                "date", "date", "日期", "when it took place", required=True, example="2013-05-12"
            ),
            Column(
                "organisation_id",
                "id",
                "组织方",
                "organisation that held it",
                ref="organisations",
                example="O-GB-0001",
            ),
            Column(
                "grid_id",
                "id",
                "所在网格",
                "grid where it took place",
                ref="grids",
                example="G-0001",
            ),
            Column(
                "area_id",
                "id",
                "所在区域",
                "area where it took place (when not one grid)",
                ref="areas",
                example="XG-XN-CZ-01",
            ),
            Column(
                "participants", "int", "参与人数", "number of participants", minimum=0, example="25"
            ),
        ),
        label="Activity",
        depends=("organisations", "grids", "areas"),
    )
)
_table(
    Table(
        "ratings",
        "评议",
        "Ratings of grids, people, organisations and platforms by residents.",
        (
            _id(example="RT-000001"),
            Column(
                "target_type",
                "enum",
                "评议对象类型",
                "what is rated",
                required=True,
                enum=model.RATING_TARGETS,
                example="grid",
            ),
            Column(
                "target_id",
                "id",
                "评议对象",
                "id of what is rated",
                required=True,
                ref_by="target_type",
                example="G-0001",
            ),
            Column(
                "score",
                "float",
                "得分",
                "score from 1 (poor) to 5 (excellent)",
                required=True,
                minimum=1,
                maximum=5,
                example="4.5",
            ),
            Column(
                "year",
                "int",
                "年度",
                "year rated",
                required=True,
                minimum=1990,
                maximum=2100,
                example="2013",
            ),
            Column("rater", "str", "评议方", "who rated", example="居民代表"),
            Column("comment", "str", "意见", "comment", example="服务及时"),
        ),
        label="Rating",
        depends=("areas", "grids", "people", "organisations", "platforms"),
    )
)

# Polymorphic references: the value of the `ref_by` column names the table.
REF_BY_TABLE: dict[str, dict[str, str]] = {
    "provider_type": {"platform": "platforms", "organisation": "organisations"},
    "server_type": {"person": "people", "household": "households"},
    "target_type": {
        "area": "areas",
        "grid": "grids",
        "person": "people",
        "organisation": "organisations",
        "platform": "platforms",
    },
}

# The order in which tables are written so that every reference already exists.
_ORDER = (
    "areas",
    "grids",
    "buildings",
    "organisations",
    "households",
    "people",
    "memberships",
    "platforms",
    "service_categories",
    "offerings",
    "service_ties",
    "service_requests",
    "funding",
    "activities",
    "ratings",
)
assert set(_ORDER) == set(TABLES), "every table has a place in the load order"


def load_order() -> list[Table]:
    """Tables in dependency order."""
    return [TABLES[name] for name in _ORDER]
