"""The vocabulary of the knowledge model: labels, relationship types and coded values.

Every other module (schema, loaders, generator, queries, explorer) takes its
names from here, so that a code such as ``grid_party_branch`` is spelled in one
place. Each coded value carries its Chinese term because planners read both.

>>> LABELS["Grid"].zh
'网格'
>>> "grid_party_branch" in PARTY_NETWORK_KINDS
True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A coded value with its English and Chinese names."""

    code: str
    en: str
    zh: str


def _terms(*rows: tuple[str, str, str]) -> dict[str, Term]:
    return {code: Term(code, en, zh) for code, en, zh in rows}


LABELS: dict[str, Term] = _terms(
    ("Area", "administrative area (city, district, street, community, village)", "行政区域"),
    ("Grid", "service grid", "网格"),
    ("Building", "building", "楼栋"),
    ("Household", "household", "住户"),
    ("Person", "person (party member, cadre, volunteer, backbone)", "人员"),
    ("Role", "role a person takes", "角色"),
    ("Organization", "organisation, core or X", "组织"),
    ("Platform", "service platform", "服务平台"),
    ("ServiceCategory", "service category", "服务类别"),
    ("ServiceRequest", "service request", "服务诉求"),
    ("Funding", "funding allocation", "经费"),
    ("Activity", "activity", "活动"),
    ("Rating", "rating by residents or assessment", "评议"),
    # the rectification workflow (gridnet.workflow): written by it alone, never loaded
    ("GapSnapshot", "snapshot of the gap findings on one date", "缺口快照"),
    ("GapFinding", "one gap finding of a snapshot", "缺口发现"),
    ("GapCase", "supervision case: one gap on one unit across snapshots", "督办事项"),
    ("CaseEvent", "audit event of a case, append-only", "督办记录"),
    ("CaseImport", "one imported file of workflow events", "督办导入"),
    # derived from the rest by the gap report's refresh (gridnet.queries.rollup)
    ("GapRollup", "one grid's gap report row, as last computed", "缺口汇总"),
    ("GapRollupState", "for which day the gap report rows were computed, and if stale", "汇总状态"),
)

RELATIONSHIPS: dict[str, Term] = _terms(
    ("PART_OF", "area inside its parent area; organisation under its parent", "隶属"),
    ("IN_AREA", "grid or activity inside a community or village", "所属社区"),
    ("IN_GRID", "building, household or activity inside a grid", "所属网格"),
    ("IN_BUILDING", "household inside a building", "所属楼栋"),
    ("LIVES_IN", "person lives in a household", "居住"),
    ("IN_GROUP", "lighthouse household belongs to a party group", "所属党小组"),
    ("MEMBER_OF", "person is a member of an organisation, with a role", "成员"),
    ("HAS_ROLE", "person takes a role (five roles, team roles)", "担任"),
    ("COVERS", "organisation covers an area, grid or building", "覆盖"),
    ("HOSTS", "organisation hosts a platform", "主办"),
    ("SERVES", "platform serves an area or grid; person or household serves a household", "服务"),
    ("OFFERS", "platform or organisation offers a service category", "提供"),
    ("RAISED", "household raised a service request", "提出"),
    ("IN_CATEGORY", "request falls in a service category", "类别"),
    ("VIA", "request routed via a platform", "经由平台"),
    ("HANDLED_BY", "request handled by a person", "办理人"),
    ("ALLOCATED_TO", "funding allocated to an area", "拨付"),
    ("HELD", "organisation held an activity", "开展"),
    ("RATES", "rating of a grid, person, organisation, platform or area", "评议对象"),
    ("IN_SNAPSHOT", "finding recorded in a snapshot", "所属快照"),
    ("OF_CASE", "finding is an observation of a case", "对应督办"),
    ("ON_CASE", "audit event of a case", "督办留痕"),
)

# Written by the rectification workflow alone (gridnet.workflow), never by a load.
WORKFLOW_LABELS = ("GapSnapshot", "GapFinding", "GapCase", "CaseEvent", "CaseImport")
WORKFLOW_RELATIONSHIPS = ("IN_SNAPSHOT", "OF_CASE", "ON_CASE")
assert set(WORKFLOW_LABELS) <= set(LABELS) and set(WORKFLOW_RELATIONSHIPS) <= set(RELATIONSHIPS)
# Derived from the network by the gap report's refresh alone, never loaded. A GapRollup
# is keyed by its `grid_id`, not by an `id` of its own (a lookup of the grid by id must
# never find it).
DERIVED_LABELS = ("GapRollup", "GapRollupState")
KEYED_BY_GRID = ("GapRollup",)
assert set(DERIVED_LABELS) <= set(LABELS)

AREA_LEVELS = _terms(
    ("city", "city", "市"),
    ("district", "county or district", "县市区"),
    ("street", "township or street", "乡镇街道"),
    ("community", "urban community", "社区"),
    ("village", "rural village", "村"),
)
# Grids hang off the lowest administrative level.
GRID_PARENT_LEVELS = ("community", "village")
PARENT_LEVEL = {
    "district": ("city",),
    "street": ("district",),
    "community": ("street",),
    "village": ("street",),
}

GRID_KINDS = _terms(
    ("district_block", "district block", "片区"),
    ("village_bay", "village bay", "乡湾"),
    ("courtyard", "courtyard", "院落"),
)

ORG_SYSTEMS = _terms(
    ("core", "core: grassroots party organisation", "核心"),
    ("x", "extension: autonomous, mass, social, mutual-aid and economic organisations", "X"),
)

ORG_TYPES = _terms(
    ("party", "party organisation", "党组织"),
    ("autonomous", "autonomous organisation (residents' / villagers' committee)", "自治组织"),
    ("mass", "mass organisation (trade union, youth league, women's federation)", "群团组织"),
    ("social", "social organisation", "社会组织"),
    ("mutual_aid", "mutual-aid organisation", "互助组织"),
    ("economic", "economic organisation (cooperative, industry base)", "经济组织"),
    ("two_new", "new economic or social organisation", "两新组织"),
)

# The seven categories of fostered organisations. The article names three; the
# other four are gridnet's choice and documented as such.
ORG_CATEGORIES = _terms(
    ("economic_cooperation", "economic cooperation", "经济合作类"),
    ("culture_sports", "culture, sports and recreation", "文体娱乐类"),
    ("volunteer_service", "volunteer service", "志愿服务类"),
    ("public_welfare", "public welfare", "公益慈善类"),
    ("elder_child_care", "elder and child care", "养老托幼类"),
    ("mediation_legal", "dispute mediation and legal aid", "调解法援类"),
    ("skills_employment", "skills and employment", "技能就业类"),
)

# Kinds that make up the three-level grid network; other kinds are free text
# (the article counts more than 50 branch kinds).
PARTY_NETWORK_KINDS = _terms(
    ("grid_party_branch", "grid party branch", "网格党支部"),
    ("building_party_group", "building party group", "楼栋党小组"),
    ("interest_party_group", "special-interest party group", "特色党小组"),
    ("community_party_committee", "community 'big party committee'", "社区大党委"),
    ("village_party_branch", "village party branch", "村党支部"),
)

PLATFORM_TIERS = _terms(
    ("main", "main platform: party-member and masses service centre", "主体平台"),
    ("specialised", "specialised platform", "专项平台"),
    ("utility", "utility platform", "效用平台"),
)

ROLES = _terms(
    # team roles
    ("secretary", "party secretary ('lead goose')", "书记（领头雁）"),
    ("first_secretary", "first secretary sent down", "第一书记"),
    ("cadre", "cadre", "干部"),
    ("party_member", "party member", "党员"),
    ("volunteer", "volunteer", "志愿者"),
    ("backbone", "mass-organisation backbone", "群团骨干"),
    ("five_elders", "one of the 'five elders'", "五老"),
    ("seat_member", "seat member of the big party / residents' committee", "席位委员"),
    ("rotating_chair", "rotating chair", "轮值主席"),
    ("grid_leader", "grid leader", "网格长"),
    # three dispatched roles for "two new" organisations
    ("party_liaison", "party-building liaison", "党建联络员"),
    ("talent_instructor", "talent-work instructor", "人才工作指导员"),
    ("affairs_assistant", "administrative-affairs assistant", "政务服务协理员"),
    # the five roles of party members
    ("policy_publicist", "policy publicist", "政策宣传员"),
    ("wealth_disseminator", "science-and-wealth disseminator", "科技致富传播员"),
    ("service_attendant", "service attendant", "服务群众勤务员"),
    ("dispute_mediator", "dispute mediator", "矛盾纠纷调解员"),
    ("affairs_supervisor", "village-affairs supervisor", "村务监督员"),
)
FIVE_ROLES = (
    "policy_publicist",
    "wealth_disseminator",
    "service_attendant",
    "dispute_mediator",
    "affairs_supervisor",
)

REQUEST_STATUSES = _terms(
    ("open", "open", "待办"),
    ("in_progress", "in progress", "办理中"),
    ("closed", "closed", "已办结"),
)

FUNDING_KINDS = _terms(
    ("working", "working funds (120,000 yuan per community per year)", "工作经费"),
    ("special", "special livelihood funds (100,000-200,000 yuan)", "民生专项经费"),
    ("project", "project funds", "项目资金"),
)

ACTIVITY_KINDS = _terms(
    ("party_day", "party activity day", "党员活动日"),
    ("village_night_talk", "village night talk", "乡村夜话"),
    ("love_doorbell", "love doorbell", "爱心门铃"),
    ("pioneer_post", "pioneer post", "先锋岗"),
    ("demonstration", "demonstration zone", "示范区"),
    ("volunteer", "volunteer service", "志愿服务"),
    ("other", "other", "其他"),
)

RATING_TARGETS = _terms(
    ("area", "area", "区域"),
    ("grid", "grid", "网格"),
    ("person", "person", "人员"),
    ("organisation", "organisation", "组织"),
    ("platform", "platform", "平台"),
)
RATING_TARGET_LABEL = {
    "area": "Area",
    "grid": "Grid",
    "person": "Person",
    "organisation": "Organization",
    "platform": "Platform",
}

SERVER_TYPES = _terms(
    ("person", "a member or cadre assigned to the household", "联系党员"),
    ("household", "a lighthouse household serving a neighbour", "明灯户"),
)
OFFER_PROVIDERS = _terms(
    ("platform", "platform", "平台"),
    ("organisation", "organisation", "组织"),
)

# States of a supervision case (督办 → 整改 → 销号). `overdue` is never stored: an
# assigned case past its due date is shown as overdue.
CASE_STATES = _terms(
    ("open", "open", "待办"),
    ("assigned", "assigned", "已交办"),
    ("reported", "rectification reported", "已报整改"),
    ("verified", "verified closed", "已销号"),
    ("reopened", "reopened", "重新打开"),
    ("overdue", "overdue", "逾期"),
)

GENDERS = _terms(("male", "male", "男"), ("female", "female", "女"))

# How a yes/no value may be written, in an input file or a query parameter (lower case).
BOOLEAN_WORDS: dict[bool, frozenset[str]] = {
    True: frozenset({"true", "t", "yes", "y", "1", "on", "是", "真", "对"}),
    False: frozenset({"false", "f", "no", "n", "0", "off", "否", "假", "错"}),
}
