"""Name pools for the synthetic Xiaogan dataset: people, places, roads.

The generator draws every Chinese name from these tuples with a seeded RNG, so
the pools are ordered tuples (never sets) to keep output byte-identical across
runs. Place names for the urban area follow real Xiaogan usage where known; the
rest are plausible inventions, which is fine because all personal data is
synthetic.
"""

from __future__ import annotations

import random

# Common surnames with rough relative frequencies (Hubei skews to 王/李/张/刘/陈).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 72),
    ("李", 70),
    ("张", 66),
    ("刘", 60),
    ("陈", 52),
    ("杨", 34),
    ("黄", 26),
    ("赵", 24),
    ("吴", 22),
    ("周", 22),
    ("徐", 18),
    ("孙", 16),
    ("胡", 24),
    ("朱", 14),
    ("高", 12),
    ("林", 10),
    ("何", 12),
    ("郭", 11),
    ("马", 10),
    ("罗", 10),
    ("梁", 8),
    ("宋", 8),
    ("郑", 8),
    ("谢", 8),
    ("韩", 6),
    ("唐", 6),
    ("冯", 6),
    ("于", 5),
    ("董", 9),
    ("萧", 4),
    ("程", 8),
    ("曹", 6),
    ("袁", 6),
    ("邓", 6),
    ("许", 6),
    ("傅", 4),
    ("沈", 4),
    ("曾", 5),
    ("彭", 6),
    ("吕", 4),
    ("苏", 4),
    ("卢", 4),
    ("蒋", 4),
    ("蔡", 5),
    ("贾", 3),
    ("丁", 4),
    ("魏", 4),
    ("薛", 3),
    ("叶", 4),
    ("阎", 2),
    ("余", 6),
    ("潘", 3),
    ("杜", 4),
    ("戴", 3),
    ("夏", 5),
    ("钟", 3),
    ("汪", 5),
    ("田", 4),
    ("任", 3),
    ("姜", 3),
    ("范", 3),
    ("方", 4),
    ("石", 3),
    ("姚", 3),
    ("谭", 3),
    ("廖", 2),
    ("邹", 3),
    ("熊", 6),
    ("金", 2),
    ("陆", 2),
    ("郝", 2),
    ("孔", 2),
    ("白", 2),
    ("崔", 2),
    ("康", 2),
    ("毛", 3),
    ("邱", 3),
    ("秦", 2),
    ("江", 3),
    ("史", 2),
    ("顾", 2),
    ("侯", 2),
    ("邵", 2),
    ("孟", 2),
    ("龙", 2),
    ("万", 3),
    ("段", 2),
    ("雷", 3),
    ("钱", 2),
    ("汤", 2),
    ("尹", 2),
    ("黎", 2),
    ("易", 2),
    ("常", 2),
    ("武", 2),
    ("乔", 2),
    ("贺", 2),
    ("赖", 1),
    ("龚", 2),
    ("文", 2),
    ("闵", 2),
    ("晏", 2),
    ("鲁", 2),
    ("喻", 2),
    ("柯", 2),
)

GIVEN_MALE: tuple[str, ...] = tuple(
    "建国 建华 建军 国强 国华 志强 志明 志刚 伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 "
    "浩 亮 俊 峰 宇 波 鑫 昊 文 博 凯 毅 海 兵 晨 健 德明 德华 德胜 永红 永强 长江 汉生 新民 "
    "光明 卫东 红兵 学文 学军 家豪 子轩 浩然 宇航 俊杰 文斌 世杰 金龙 春生 秋生 冬生 正华 "
    "振华 振国 立新 立军 定国 安邦 继红 继军 少华 小军 小兵 大勇 云飞 树林 松涛 孝文 孝先".split()
)
GIVEN_FEMALE: tuple[str, ...] = tuple(
    "秀英 桂英 秀兰 玉兰 桂兰 秀珍 凤英 玉珍 玉英 兰英 丽 静 敏 燕 艳 娟 霞 芳 娜 丹 玲 萍 "
    "红 婷 雪 琳 倩 慧 颖 洁 欣怡 梓涵 诗涵 雨萱 思琪 佳怡 晓红 晓燕 丽华 丽娟 春梅 冬梅 "
    "海燕 小红 小燕 美玲 淑珍 淑华 翠兰 翠华 金凤 彩霞 爱华 爱玲 红梅 雪梅 素珍 慧敏 丽萍 "
    "文静 婉婷 梦瑶 欣然 若曦 孝梅 孝英".split()
)

# Districts of the Xiaogan area. The first three form the main urban area used at
# scale 1; the counties and county-level cities are added at larger scales. Each
# has an ID-number region code (GB/T 2260) and stem names for its streets.
DISTRICTS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "XN",
        "孝南区",
        "420902",
        (
            ("SY", "书院街道"),
            ("XH", "新华街道"),
            ("GC", "广场街道"),
            ("CZ", "车站街道"),
            ("CS", "城站街道"),
            ("QK", "乾坤街道"),
            ("XP", "新铺街道"),
            ("XHU", "西湖街道"),
        ),
    ),
    (
        "GX",
        "孝感高新区",
        "420902",
        (
            ("DST", "东山头街道"),
            ("MC", "毛陈街道"),
            ("MJ", "闵集街道"),
            ("KJ", "科技城街道"),
        ),
    ),
    (
        "LK",
        "临空经济区",
        "420902",
        (
            ("PX", "朋兴街道"),
            ("XG", "肖港街道"),
            ("WL", "卧龙街道"),
            ("HK", "航空街道"),
        ),
    ),
    (
        "XC",
        "孝昌县",
        "420921",
        (
            ("HY", "花园街道"),
            ("ZH", "周巷街道"),
            ("XCH", "小河街道"),
            ("WD", "王店街道"),
        ),
    ),
    (
        "YM",
        "云梦县",
        "420923",
        (
            ("CG", "城关街道"),
            ("YY", "义堂街道"),
            ("QJ", "清明河街道"),
            ("DSM", "道桥街道"),
        ),
    ),
    (
        "YC",
        "应城市",
        "420981",
        (
            ("CZH", "城中街道"),
            ("CB", "城北街道"),
            ("DM", "东马坊街道"),
            ("SZ", "四里棚街道"),
        ),
    ),
    (
        "AL",
        "安陆市",
        "420982",
        (
            ("FC", "府城街道"),
            ("JF", "解放街道"),
            ("NC", "南城街道"),
            ("BD", "碧涢街道"),
        ),
    ),
    (
        "HC",
        "汉川市",
        "420984",
        (
            ("XNS", "仙女山街道"),
            ("MK", "马口街道"),
            ("JG", "经济开发区街道"),
            ("CK", "沉湖街道"),
        ),
    ),
    (
        "DW",
        "大悟县",
        "420922",
        (
            ("CGZ", "城关街道"),
            ("XX", "新城街道"),
            ("YH", "阳平街道"),
            ("FH", "芳畈街道"),
        ),
    ),
)

# Community names: real-sounding stems first, then combinations for larger scales.
COMMUNITY_STEMS: tuple[str, ...] = tuple(
    "槐荫 董永 天仙 书院 文昌 澴川 乾坤 大桥 城站 车站 广场 新华 长征 复兴 民主 建设 文化 "
    "北京路 西湖 东湖 南湖 玉泉 仙女 银湖 龙店 三里棚 五一 东风 红旗 光明 幸福 和平 振兴 兴隆 "
    "朝阳 丹阳 孝子祠 董永公园 槐荫公园 交通 体育 航天 孝天 城隍潭 叶家河 老澴河 新澴河 马家台 "
    "双峰 金卉 龙岗 邓家河 白沙 青龙 黄陂路 府前 花园 南大 后湖 滨湖 湖滨 翠竹 杨店 邱家 王家 "
    "庙前 东门 西门 南门 北门 宝成 鸿福 泰和 嘉园 锦绣 春晖 秋实 芙蓉 桃园 梅园 竹园 菊园 荷塘 "
    "月湖 星光 金桥 银桥 玉桥 天街 书香 学府 园林 林荫 聚贤 怡和 安居 乐业 和谐 康宁 福星".split()
)
COMMUNITY_PREFIX: tuple[str, ...] = tuple("东 西 南 北 新 老 上 下 大 小 金 银 长 永".split())

ROADS: tuple[str, ...] = tuple(
    "槐荫大道 长征路 北京路 城站路 交通大道 天仙路 乾坤大道 澴川路 玉泉路 文化路 体育路 航天大道 "
    "孝天大道 广场街 书院街 新华街 复兴大道 董永路 仙女路 民主街 建设街 黄陂路 银湖路 湖滨路 "
    "政府街 府前街 环城路 西湖路 东湖路 南大路 青龙路 龙店路 翠竹路 白沙路 机场路 临空大道".split()
)
COMPOUNDS: tuple[str, ...] = tuple(
    "金色家园 锦绣花园 书香苑 学府名邸 槐荫小区 天仙小区 澴川嘉园 湖滨花苑 翠竹苑 阳光小区 "
    "幸福里 和谐家园 福星城 滨湖国际 城南新村 铁路小区 纺织厂宿舍 供电小区 教师公寓 检察院宿舍 "
    "医院家属院 粮食局宿舍 孝感一中宿舍 工行小区 建行小区 丽景花园 东方明珠 国际城 龙湖湾".split()
)

OCCUPATIONS: tuple[str, ...] = tuple(
    "退休教师 退休工人 退休干部 个体工商户 公司职员 教师 医生 护士 社区工作者 快递员 "
    "网约车司机 厨师 电工 水电维修工 保安 保洁员 退役军人 自由职业 公务员 销售 会计 律师 "
    "大学生 家政服务员 小区物业 餐饮店主 理发师 工程师".split()
)
SKILLS: tuple[str, ...] = tuple(
    "书法 绘画 楚剧 广场舞 太极拳 象棋 调解 法律咨询 水电维修 电脑 摄影 烹饪 护理 "
    "心理疏导 政策宣讲 理发 缝纫 驾驶 外语 声乐 舞蹈 篮球 乒乓球 家电维修 育儿 园艺".split()
)

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 1..99 (网格 and 楼栋 names use them)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


_SURNAME_VALUES = tuple(s for s, _ in SURNAMES)
_SURNAME_CUM: tuple[int, ...] = tuple(
    sum(w for _, w in SURNAMES[: i + 1]) for i in range(len(SURNAMES))
)


def person_name(rng: random.Random, gender: str) -> str:
    """A synthetic Chinese full name."""
    surname = rng.choices(_SURNAME_VALUES, cum_weights=_SURNAME_CUM)[0]
    pool = GIVEN_MALE if gender == "male" else GIVEN_FEMALE
    return surname + rng.choice(pool)


_PHONE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "166 173 177 180 181 182 183 185 186 187 188 189 191 199"
).split()


def phone(rng: random.Random) -> str:
    """An 11-digit mainland mobile number in a realistic format."""
    return rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number(rng: random.Random, region: str, birth_year: int, gender: str) -> str:
    """An 18-character resident ID number with a valid GB 11643 check digit."""
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    seq = rng.randrange(100) * 10 + rng.choice(
        (1, 3, 5, 7, 9) if gender == "male" else (0, 2, 4, 6, 8)
    )
    body = f"{region}{birth_year:04d}{month:02d}{day:02d}{seq:03d}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + _ID_CHECK[total % 11]
