"""What the generator can create: service categories, organisation kinds, platforms.

Kept apart from the mechanics so the vocabulary (which reads like domain data)
can be reviewed on its own; named ``vocab`` so it is not mistaken for the query
catalogue in ``queries/catalog.py``. Every kind code is ASCII and carries its
Chinese name; the article counts "more than 50" branch kinds, so the vocabulary
has more than 50.

Coverage rule the generator relies on: organisations and platforms scoped above
the community (street, district, city) offer only ``UPPER_CATEGORIES``. The other
categories are offered only at community or grid level, which is what makes a
``category_unmet`` gap plantable in one grid without touching the others.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """A service category with request weight, deadline and sample titles."""

    code: str
    zh: str
    en: str
    weight: int
    deadline_days: int
    titles: tuple[str, ...]


CATEGORIES: tuple[Category, ...] = (
    Category(
        "elder_care",
        "养老服务",
        "elder care",
        20,
        7,
        ("独居老人助餐", "高龄老人上门探访", "助浴服务", "陪同就医", "适老化改造咨询"),
    ),
    Category(
        "repairs",
        "物业维修",
        "repairs",
        18,
        3,
        ("楼道灯不亮", "下水道堵塞", "屋顶漏水", "电梯故障", "水管爆裂", "单元门禁损坏"),
    ),
    Category(
        "sanitation",
        "环境卫生",
        "sanitation",
        15,
        3,
        ("垃圾清运不及时", "楼道杂物堆放", "化粪池外溢", "绿化带脏乱", "小广告清理"),
    ),
    Category(
        "dispute",
        "矛盾调解",
        "dispute mediation",
        12,
        15,
        ("邻里噪音纠纷", "漏水引发邻里矛盾", "家庭矛盾调解", "物业费纠纷", "停车位纠纷"),
    ),
    Category(
        "health",
        "医疗卫生",
        "health care",
        7,
        7,
        ("慢病随访", "家庭医生签约", "疫苗接种咨询", "上门量血压"),
    ),
    Category(
        "policy",
        "政策咨询",
        "policy advice",
        7,
        5,
        ("医保政策咨询", "养老保险认证", "户籍办理咨询", "老旧小区改造政策"),
    ),
    Category(
        "social_assistance",
        "社会救助",
        "social assistance",
        5,
        20,
        ("低保申请", "临时救助", "困难家庭帮扶", "大病救助申请"),
    ),
    Category(
        "employment",
        "就业创业",
        "employment and business start-up",
        4,
        30,
        ("求职登记", "技能培训报名", "创业担保贷款咨询", "灵活就业社保补贴"),
    ),
    Category(
        "public_safety",
        "平安建设",
        "public safety",
        4,
        3,
        ("夜间巡逻", "电动车违规充电", "消防通道堵塞", "防诈骗宣传"),
    ),
    Category(
        "legal_aid",
        "法律援助",
        "legal aid",
        3,
        30,
        ("劳动争议咨询", "遗产继承咨询", "法律援助申请", "合同纠纷咨询"),
    ),
    Category(
        "disability",
        "助残服务",
        "disability support",
        3,
        10,
        ("残疾人证办理", "辅具申请", "残疾人康复服务"),
    ),
    Category(
        "child_care",
        "儿童关爱",
        "child care",
        2,
        10,
        ("留守儿童关爱", "四点半课堂报名", "儿童托管咨询"),
    ),
)
CATEGORY_BY_CODE = {c.code: c for c in CATEGORIES}
UPPER_CATEGORIES = ("policy", "legal_aid", "social_assistance", "employment")
PLANTABLE_CATEGORIES = (
    "elder_care",
    "repairs",
    "sanitation",
    "health",
    "public_safety",
    "disability",
    "child_care",
)


@dataclass(frozen=True)
class OrgKind:
    """An X organisation kind: type, 7-category, scope, how often, what it offers."""

    code: str
    zh: str
    type: str
    category: str | None
    scope: str  # community | grid | street | district
    share: float  # probability a community (or grid) has one; 1.0 = always
    offers: tuple[str, ...] = ()


X_KINDS: tuple[OrgKind, ...] = (
    # autonomous
    OrgKind("residents_committee", "居民委员会", "autonomous", None, "community", 1.0),
    OrgKind("residents_council", "居民议事会", "autonomous", None, "community", 0.8),
    OrgKind(
        "affairs_supervision_committee", "居务监督委员会", "autonomous", None, "community", 0.7
    ),
    OrgKind(
        "mediation_committee",
        "人民调解委员会",
        "autonomous",
        "mediation_legal",
        "community",
        0.9,
        ("dispute",),
    ),
    OrgKind("sages_council", "乡贤理事会", "autonomous", None, "community", 0.2),
    OrgKind("grid_council", "网格议事会", "autonomous", None, "grid", 0.3),
    OrgKind("owners_committee", "业主委员会", "autonomous", None, "grid", 0.25),
    # mass
    OrgKind("trade_union", "工会联合会", "mass", None, "community", 1.0),
    OrgKind("youth_league", "团支部", "mass", None, "community", 1.0),
    OrgKind("womens_federation", "妇女联合会", "mass", None, "community", 1.0, ("child_care",)),
    OrgKind("next_generation_committee", "关心下一代工作委员会", "mass", None, "community", 0.9),
    OrgKind(
        "disabled_persons_association",
        "残疾人协会",
        "mass",
        None,
        "community",
        0.5,
        ("disability",),
    ),
    OrgKind("red_cross_station", "红十字服务站", "mass", None, "community", 0.2, ("health",)),
    OrgKind("science_association", "科普协会", "mass", None, "community", 0.3),
    # social, all 7 categories
    OrgKind(
        "elders_association",
        "老年协会",
        "social",
        "elder_child_care",
        "community",
        0.7,
        ("elder_care",),
    ),
    OrgKind(
        "elder_care_society",
        "居家养老服务协会",
        "social",
        "elder_child_care",
        "community",
        0.3,
        ("elder_care",),
    ),
    OrgKind(
        "parents_school",
        "家长学校",
        "social",
        "elder_child_care",
        "community",
        0.3,
        ("child_care",),
    ),
    OrgKind(
        "left_behind_children_association",
        "留守儿童关爱协会",
        "social",
        "elder_child_care",
        "community",
        0.2,
        ("child_care",),
    ),
    OrgKind(
        "volunteer_team",
        "志愿者服务队",
        "social",
        "volunteer_service",
        "community",
        1.0,
        ("elder_care", "sanitation"),
    ),
    OrgKind(
        "party_volunteer_team",
        "党员志愿服务队",
        "social",
        "volunteer_service",
        "community",
        0.6,
        ("sanitation", "public_safety"),
    ),
    OrgKind(
        "youth_volunteer_team", "青年志愿者服务队", "social", "volunteer_service", "community", 0.3
    ),
    OrgKind(
        "patrol_team",
        "平安巡逻队",
        "social",
        "volunteer_service",
        "community",
        0.5,
        ("public_safety",),
    ),
    OrgKind(
        "environmental_volunteers",
        "环保志愿队",
        "social",
        "volunteer_service",
        "community",
        0.3,
        ("sanitation",),
    ),
    OrgKind("square_dance_team", "广场舞队", "social", "culture_sports", "community", 0.8),
    OrgKind("chu_opera_club", "楚剧票友协会", "social", "culture_sports", "community", 0.4),
    OrgKind("calligraphy_society", "书画协会", "social", "culture_sports", "community", 0.4),
    OrgKind("taichi_team", "太极拳队", "social", "culture_sports", "community", 0.3),
    OrgKind("choir", "合唱团", "social", "culture_sports", "community", 0.3),
    OrgKind("chess_club", "棋牌协会", "social", "culture_sports", "community", 0.3),
    OrgKind("fitness_association", "健身协会", "social", "culture_sports", "community", 0.2),
    OrgKind(
        "public_welfare_promotion",
        "公益事业促进会",
        "social",
        "public_welfare",
        "community",
        0.5,
        ("elder_care", "disability"),
    ),
    OrgKind(
        "charity_association",
        "慈善协会",
        "social",
        "public_welfare",
        "community",
        0.3,
        ("social_assistance",),
    ),
    OrgKind(
        "filial_piety_association",
        "孝文化促进会",
        "social",
        "public_welfare",
        "community",
        0.4,
        ("elder_care",),
    ),
    OrgKind(
        "love_supermarket_council", "爱心超市理事会", "social", "public_welfare", "community", 0.2
    ),
    OrgKind("red_white_council", "红白理事会", "social", "mediation_legal", "community", 0.5),
    OrgKind(
        "moral_council", "道德评议会", "social", "mediation_legal", "community", 0.3, ("dispute",)
    ),
    OrgKind(
        "legal_volunteer_team",
        "法律志愿服务队",
        "social",
        "mediation_legal",
        "community",
        0.3,
        ("legal_aid",),
    ),
    OrgKind(
        "neighbourhood_mediation_studio",
        "邻里调解工作室",
        "social",
        "mediation_legal",
        "community",
        0.3,
        ("dispute",),
    ),
    OrgKind(
        "skills_training_association",
        "技能培训协会",
        "social",
        "skills_employment",
        "community",
        0.3,
        ("employment",),
    ),
    OrgKind(
        "entrepreneurs_association",
        "创业者协会",
        "social",
        "skills_employment",
        "community",
        0.2,
        ("employment",),
    ),
    OrgKind(
        "domestic_service_association",
        "家政服务协会",
        "social",
        "skills_employment",
        "community",
        0.2,
        ("elder_care",),
    ),
    OrgKind(
        "merchants_association", "商户联合会", "social", "economic_cooperation", "community", 0.3
    ),
    OrgKind("business_alliance", "商圈联盟", "social", "economic_cooperation", "street", 0.5),
    OrgKind("industry_association", "行业协会", "social", "economic_cooperation", "district", 1.0),
    # mutual aid
    OrgKind(
        "neighbour_mutual_aid", "邻里互助会", "mutual_aid", "volunteer_service", "community", 1.0
    ),
    OrgKind(
        "elder_mutual_aid",
        "老年互助组",
        "mutual_aid",
        "elder_child_care",
        "community",
        0.5,
        ("elder_care",),
    ),
    OrgKind(
        "childcare_mutual_aid",
        "托幼互助组",
        "mutual_aid",
        "elder_child_care",
        "community",
        0.3,
        ("child_care",),
    ),
    OrgKind(
        "disability_mutual_aid",
        "助残互助组",
        "mutual_aid",
        "public_welfare",
        "community",
        0.3,
        ("disability",),
    ),
    OrgKind(
        "migrant_mutual_aid", "流动人口互助会", "mutual_aid", "skills_employment", "community", 0.3
    ),
    OrgKind("building_mutual_aid", "楼栋互助小组", "mutual_aid", "volunteer_service", "grid", 0.3),
    OrgKind(
        "love_doorbell_group",
        "爱心门铃服务组",
        "mutual_aid",
        "volunteer_service",
        "grid",
        0.2,
        ("elder_care",),
    ),
    # economic
    OrgKind(
        "professional_cooperative",
        "专业合作社",
        "economic",
        "economic_cooperation",
        "community",
        0.15,
    ),
    OrgKind(
        "labour_base",
        "劳务基地",
        "economic",
        "skills_employment",
        "community",
        0.2,
        ("employment",),
    ),
    OrgKind("intermediary", "中介服务组织", "economic", "economic_cooperation", "community", 0.15),
    # "two new" organisations
    OrgKind("property_company", "物业服务企业", "two_new", None, "community", 0.8, ("repairs",)),
    OrgKind(
        "non_public_enterprise", "非公企业", "two_new", "economic_cooperation", "community", 0.6
    ),
    OrgKind(
        "social_work_agency",
        "社工服务机构",
        "two_new",
        "public_welfare",
        "community",
        0.4,
        ("elder_care",),
    ),
    OrgKind(
        "private_kindergarten", "民办幼儿园", "two_new", None, "community", 0.2, ("child_care",)
    ),
)
X_KIND_BY_CODE = {k.code: k for k in X_KINDS}

# Core party kinds beyond model.PARTY_NETWORK_KINDS.
CORE_EXTRA_KINDS = {
    "street_party_working_committee": "街道党工委",
    "district_party_committee": "区委",
    "two_new_party_branch": "两新组织党支部",
    "industry_party_branch": "产业型党支部",
}

INTEREST_GROUPS: tuple[str, ...] = (
    "退休党员党小组",
    "在职党员党小组",
    "流动党员党小组",
    "文体特色党小组",
    "志愿服务特色党小组",
    "楚剧特色党小组",
    "调解特色党小组",
    "孝老爱亲特色党小组",
)


@dataclass(frozen=True)
class PlatformKind:
    """A platform template: tier, scope, share of communities/grids, offers, host kind."""

    zh: str
    tier: str
    scope: str  # community | grid | street | district | city
    share: float
    offers: tuple[str, ...]
    host: str | None  # org kind code hosting it, or None


COMMUNITY_PLATFORMS: tuple[PlatformKind, ...] = (
    PlatformKind(
        "党员群众服务中心",
        "main",
        "community",
        1.0,
        ("policy", "dispute", "social_assistance", "employment"),
        "community_party_committee",
    ),
    PlatformKind(
        "居家养老服务站",
        "specialised",
        "community",
        1.0,
        ("elder_care", "disability"),
        "residents_committee",
    ),
    PlatformKind("社区卫生服务站", "specialised", "community", 1.0, ("health",), None),
    PlatformKind(
        "人民调解室",
        "specialised",
        "community",
        1.0,
        ("dispute", "legal_aid"),
        "mediation_committee",
    ),
    PlatformKind("儿童之家", "specialised", "community", 1.0, ("child_care",), "womens_federation"),
    PlatformKind(
        "物业服务中心", "utility", "community", 1.0, ("repairs", "sanitation"), "property_company"
    ),
    PlatformKind("警务室", "utility", "community", 1.0, ("public_safety",), None),
    PlatformKind(
        "就业服务站", "specialised", "community", 0.5, ("employment",), "residents_committee"
    ),
    PlatformKind("法律服务室", "specialised", "community", 0.5, ("legal_aid",), None),
    PlatformKind(
        "残疾人之家",
        "specialised",
        "community",
        0.3,
        ("disability",),
        "disabled_persons_association",
    ),
    PlatformKind("老年食堂", "utility", "community", 0.4, ("elder_care",), "residents_committee"),
    PlatformKind("四点半课堂", "utility", "community", 0.3, ("child_care",), "youth_league"),
    PlatformKind(
        "新时代文明实践站", "utility", "community", 0.6, ("policy",), "community_party_committee"
    ),
    PlatformKind("爱心超市", "utility", "community", 0.3, ("social_assistance",), None),
)
GRID_PLATFORM = PlatformKind(
    "网格服务站", "utility", "grid", 0.4, ("repairs", "public_safety"), "grid_party_branch"
)
UPPER_PLATFORMS: tuple[PlatformKind, ...] = (
    PlatformKind("12345市民服务热线", "utility", "city", 1.0, ("policy",), None),
    PlatformKind(
        "市民之家政务服务中心", "specialised", "city", 1.0, ("policy", "employment"), None
    ),
    PlatformKind("公共法律服务中心", "specialised", "district", 1.0, ("legal_aid",), None),
    PlatformKind(
        "便民服务中心",
        "specialised",
        "street",
        1.0,
        ("social_assistance", "employment", "policy"),
        "street_party_working_committee",
    ),
)
# Names of grid-level stopgap points added where a category is offered per grid.
GRID_POINT_NAMES = {
    "elder_care": "助老服务点",
    "repairs": "便民维修点",
    "sanitation": "环卫保洁点",
    "health": "健康服务点",
    "public_safety": "平安志愿岗",
    "disability": "助残服务点",
    "child_care": "儿童托管点",
}

SEAT_UNITS: tuple[str, ...] = (
    "孝感市中心医院",
    "孝感市第一人民医院",
    "孝感学院",
    "湖北工程学院",
    "孝南区人民法院",
    "孝感供电公司",
    "孝感市自来水公司",
    "孝感日报社",
    "孝感火车站",
    "邮政分公司",
    "工商银行支行",
    "建设银行支行",
    "农业银行支行",
    "孝感一中",
    "孝感高中",
    "实验小学",
    "孝南区公安分局派出所",
    "市城管局",
    "市住建局",
    "区卫健局",
    "孝感电信分公司",
    "中国移动孝感分公司",
    "孝感天然气公司",
    "市民政局",
    "区人社局",
    "孝感港华燃气",
    "麻糖米酒厂",
)
FIRST_SECRETARY_UNITS: tuple[str, ...] = (
    "市委组织部",
    "市直机关工委",
    "市财政局",
    "市民政局",
    "市住建局",
    "市人社局",
    "市卫健委",
    "区委办公室",
    "区政府办公室",
    "市检察院",
    "市中级法院",
    "市交通运输局",
    "孝感农商行",
)
