"""Demo data for `manage.py load_demo`: the zone as a local newspaper report describes it.

The organisation (departments, the five zones of the responsibility map and who leads
them) follows the report. Everything the report does not name — village and enterprise
names, makers, designers besides the Central Academy of Fine Arts, coordinates — is
invented and plausible, never real data. Geometry sits around Yongkang (28.90° N,
120.05° E), GeoJSON in WGS84, longitude first.

Loading is idempotent in the strongest sense: every row is looked up by its natural key
(``code``, ``username``) and created only if it is absent. A row that is already there is
left exactly as it is — so a second run changes nothing, and `make run` (which loads the
demo every time) never undoes what someone changed while trying the system out, nor
resets a demo password that was changed.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .choices import GEOMETRY_FOR_KIND, AssetKind, AssetStatus, GeometryType, Role, ZoneType
from .geometry import parse_geojson
from .models import DETAIL_MODELS, Asset, Department, Enterprise, Village, Zone

DEMO_PASSWORD = "shouwei-demo"


# --- Geometry helpers ---------------------------------------------------------------------
# Coordinates are rounded to 1e-6° (about 0.1 m) so the stored JSON stays readable.


def _xy(lon: float, lat: float) -> list[float]:
    return [round(lon, 6), round(lat, 6)]


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": _xy(lon, lat)}


def line(*points: tuple[float, float]) -> dict:
    return {"type": "LineString", "coordinates": [_xy(*p) for p in points]}


def polygon(*corners: tuple[float, float]) -> dict:
    """A polygon from its corners, counter-clockwise; the ring is closed here."""
    ring = [_xy(*p) for p in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def rectangle(west: float, south: float, east: float, north: float) -> dict:
    return polygon((west, south), (east, south), (east, north), (west, north))


def _halton(index: int, base: int) -> float:
    """The index-th number of the Halton sequence: evenly spread in [0, 1), no randomness."""
    result, fraction = 0.0, 1.0
    while index > 0:
        fraction /= base
        result += fraction * (index % base)
        index //= base
    return result


def spread(count: int, west: float, south: float, east: float, north: float) -> list[dict]:
    """count points spread evenly (and always the same) over a box, kept off its edges."""
    points = []
    for i in range(1, count + 1):
        x, y = 0.05 + 0.9 * _halton(i, 2), 0.05 + 0.9 * _halton(i, 3)
        points.append(point(west + (east - west) * x, south + (north - south) * y))
    return points


# --- Organisation: departments and the responsibility map (创卫分解图) ---------------------

# code, Chinese name, English name
DEPARTMENTS = [
    ("economic-development", "经济发展局", "Economic Development Bureau"),
    ("law-enforcement", "行政执法局", "Administrative Law Enforcement Bureau"),
    ("jinshan-community", "金山社区", "Jinshan Community"),
    ("planning-construction", "规划建设分局", "Planning & Construction Branch"),
    ("social-development", "社会发展局", "Social Development Bureau"),
    ("municipal-works", "市政管理处", "Municipal Works Office"),
    ("sanitation", "环卫所", "Sanitation Office"),
    ("landscaping", "园林管理处", "Landscaping Office"),
    # At the coordination meeting, without an area of their own on the map.
    ("market-supervision", "市场监管所", "Market Supervision Office"),
    ("health-centre", "卫生院", "Health Centre"),
    ("traffic-police", "交警中队", "Traffic Police Squadron"),
]

# The whole zone, roughly 4.4 km × 4.4 km (invented outline).
ZONE_EXTENT = (120.030, 28.880, 120.075, 28.920)
VILLAGES_AREA = (120.030, 28.880, 120.045, 28.920)  # the rural west
ENTERPRISES_AREA = (120.060, 28.880, 120.075, 28.915)  # the industrial east
COMMUNITIES_AREA = (120.046, 28.905, 120.060, 28.920)  # Jinshan community, north centre
CONSTRUCTION_AREA = (120.046, 28.880, 120.060, 28.892)  # new development, south centre

ZONES = [
    {
        "code": "enterprises",
        "type": ZoneType.ENTERPRISES,
        "name": "企业范围",
        "name_en": "Enterprises",
        "lead": "economic-development",
        "assisting": ["law-enforcement"],
        "boundary": rectangle(*ENTERPRISES_AREA),
    },
    {
        "code": "communities",
        "type": ZoneType.COMMUNITIES,
        "name": "社区范围",
        "name_en": "Communities",
        "lead": "jinshan-community",
        "assisting": ["law-enforcement"],
        "boundary": rectangle(*COMMUNITIES_AREA),
    },
    {
        "code": "construction",
        "type": ZoneType.CONSTRUCTION,
        "name": "建设范围",
        "name_en": "Construction",
        "lead": "planning-construction",
        "assisting": [],
        "boundary": rectangle(*CONSTRUCTION_AREA),
    },
    {
        "code": "villages",
        "type": ZoneType.VILLAGES,
        "name": "村庄范围",
        "name_en": "Villages",
        "lead": "social-development",
        "assisting": ["law-enforcement"],
        "boundary": rectangle(*VILLAGES_AREA),
    },
    {
        # The map names municipal works, sanitation and landscaping together, but a zone
        # has one lead: municipal works leads (it answers for the roads, the zone's
        # backbone), sanitation and landscaping assist. Each asset still names its own
        # responsible department (the plant: sanitation; green spaces: landscaping).
        "code": "roads-greening",
        "type": ZoneType.ROADS_GREENING,
        "name": "道路及绿化",
        "name_en": "Roads and greening",
        "lead": "municipal-works",
        "assisting": ["sanitation", "landscaping"],
        "boundary": rectangle(*ZONE_EXTENT),
    },
]


# --- Villages (29) and enterprises ---------------------------------------------------------

# Invented demo names (the report gives only the number, 29). The first eight are the
# key villages, which are also the eight demonstration sites.
VILLAGE_NAMES = [
    ("suxi", "酥溪村", "Suxi Village"),
    ("jiuding", "九鼎村", "Jiuding Village"),
    ("shangtang", "上塘村", "Shangtang Village"),
    ("qianwang", "前王村", "Qianwang Village"),
    ("dongchen", "东陈村", "Dongchen Village"),
    ("shizhu", "石柱村", "Shizhu Village"),
    ("qiaotou", "桥头村", "Qiaotou Village"),
    ("xinlou", "新楼村", "Xinlou Village"),
    ("xiatang", "下塘村", "Xiatang Village"),
    ("houwang", "后王村", "Houwang Village"),
    ("xichen", "西陈村", "Xichen Village"),
    ("lima", "里麻村", "Lima Village"),
    ("waima", "外麻村", "Waima Village"),
    ("dayuan", "大园村", "Dayuan Village"),
    ("xiaoyuan", "小园村", "Xiaoyuan Village"),
    ("xikou", "溪口村", "Xikou Village"),
    ("shanhou", "山后村", "Shanhou Village"),
    ("tangxia", "塘下村", "Tangxia Village"),
    ("dianxia", "殿下村", "Dianxia Village"),
    ("huxi", "湖西村", "Huxi Village"),
    ("zhushan", "竹山村", "Zhushan Village"),
    ("yingdian", "应店村", "Yingdian Village"),
    ("zhukeng", "朱坑村", "Zhukeng Village"),
    ("zhangshu", "樟树村", "Zhangshu Village"),
    ("lingjiao", "岭脚村", "Lingjiao Village"),
    ("jinfan", "金畈村", "Jinfan Village"),
    ("hehuatang", "荷花塘村", "Hehuatang Village"),
    ("wujin", "五金村", "Wujin Village"),
    ("lvnan", "吕南村", "Lvnan Village"),
]
KEY_VILLAGES = 8

# A sample of the zone's firms (181 above designated size, 700+ small and medium ones):
# 29 invented firms and the Zhongfa market, which the report names. All 20
# demonstration enterprises are in the sample, so that list is complete.
# code, name, English name, address, above designated size, demonstration site
ENTERPRISES = [
    ("zhongfa-market", "众发不锈钢市场", "Zhongfa Stainless-Steel Market", "皇城路", False, False),
    ("dingsheng-hardware", "鼎盛五金制品有限公司", "Dingsheng Hardware Co.", "梅城路", True, True),
    ("jinli-cups", "金立保温杯业有限公司", "Jinli Vacuum Cups Co.", "科源路", True, True),
    ("hengan-doors", "恒安安全门业有限公司", "Heng'an Security Doors Co.", "文溪路", True, True),
    ("kaida-tools", "凯达电动工具有限公司", "Kaida Power Tools Co.", "科源路", True, True),
    ("feichi-vehicles", "飞驰休闲车业有限公司", "Feichi Leisure Vehicles Co.", "梅城路", True, True),
    ("meichu-kitchen", "美厨厨具有限公司", "Meichu Kitchenware Co.", "皇城路", True, True),
    ("yongxin-steel", "永鑫不锈钢制品有限公司", "Yongxin Stainless Steel Co.", "文溪路", True, True),
    ("huanyu-motors", "寰宇电机有限公司", "Huanyu Motors Co.", "科源路", True, True),
    ("jiahe-locks", "嘉禾锁业有限公司", "Jiahe Locks Co.", "梅城路", True, True),
    ("tianyi-garden", "天翼园林机械有限公司", "Tianyi Garden Machinery Co.", "文溪路", True, True),
    ("ruifeng-castings", "瑞丰精密铸造有限公司", "Ruifeng Precision Castings Co.", "科源路", True, True),
    ("haoyang-appliances", "浩洋电器有限公司", "Haoyang Appliances Co.", "皇城路", True, True),
    ("minghui-lighting", "明辉照明科技有限公司", "Minghui Lighting Co.", "梅城路", True, True),
    ("jinshan-packaging", "金山包装材料有限公司", "Jinshan Packaging Co.", "文溪路", True, True),
    ("xinghe-scales", "星河衡器有限公司", "Xinghe Scales Co.", "科源路", True, True),
    ("baoli-pots", "宝利炊具有限公司", "Baoli Cookware Co.", "皇城路", True, True),
    ("zhongyi-valves", "中意阀门有限公司", "Zhongyi Valves Co.", "梅城路", True, True),
    ("lianda-plastics", "联达塑业有限公司", "Lianda Plastics Co.", "文溪路", False, True),
    ("qingfeng-fans", "清风电扇有限公司", "Qingfeng Fans Co.", "科源路", False, True),
    ("anxin-fitness", "安鑫健身器材有限公司", "Anxin Fitness Equipment Co.", "皇城路", False, True),
    ("shunda-logistics", "顺达物流有限公司", "Shunda Logistics Co.", "梅城路", True, False),
    ("guanghua-springs", "光华弹簧厂", "Guanghua Spring Works", "文溪路", False, False),
    ("xiaoma-molds", "小马模具厂", "Xiaoma Mould Works", "科源路", False, False),
    ("jinxing-polishing", "金星抛光厂", "Jinxing Polishing Works", "皇城路", False, False),
    ("yuanfeng-fasteners", "远丰紧固件厂", "Yuanfeng Fasteners Works", "梅城路", False, False),
    ("hongtai-print", "宏泰印刷厂", "Hongtai Printing Works", "文溪路", False, False),
    ("lvyuan-recycling", "绿源再生资源有限公司", "Lvyuan Recycling Co.", "科源路", False, False),
    ("dongfang-hinges", "东方合页厂", "Dongfang Hinges Works", "皇城路", False, False),
    ("xinyu-handles", "新宇拉手厂", "Xinyu Handles Works", "梅城路", False, False),
]


# --- Assets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssetSpec:
    """One demo asset: its row, where it hangs, and its kind-specific details."""

    code: str
    name: str
    kind: AssetKind
    department: str
    geometry: dict
    detail: dict[str, Any]
    parent: str | None = None
    commissioned: date | None = None
    notes: str = ""
    status: AssetStatus = AssetStatus.IN_SERVICE
    zone: str = "roads-greening"


# The kitchen-waste resource processing plant and its main machines. Makers, models and
# serial numbers are invented (serials say DEMO). It stands in the industrial east but
# belongs to the roads-and-greening zone, whose sanitation office runs it.
PLANT_AT = (120.0712, 28.8832)
PLANT_MACHINES = [
    # name, maker, model, capacity, unit, offset east/north of the plant in degrees
    ("分拣预处理线", "浙江酥溪环境装备有限公司", "SX-FJ50", "50", "t/d", (-0.0003, 0.0002)),
    ("破碎制浆机", "浙江酥溪环境装备有限公司", "SX-PS50", "50", "t/d", (-0.0001, 0.0002)),
    ("油水分离器", "永康鼎绿环保科技有限公司", "DL-YF10", "10", "m³/h", (0.0001, 0.0002)),
    ("厌氧发酵罐", "永康鼎绿环保科技有限公司", "DL-YY1500", "1500", "m³", (0.0003, 0.0001)),
    ("离心脱水机", "金华清源机械有限公司", "QY-LW450", "20", "m³/h", (0.0001, -0.0002)),
    ("沼气发电机组", "金华清源机械有限公司", "QY-500GF", "500", "kW", (0.0003, -0.0002)),
]


def plant_assets() -> list[AssetSpec]:
    lon, lat = PLANT_AT
    plant = AssetSpec(
        code="EQ-PLANT",
        name="餐厨垃圾资源化处理站",
        kind=AssetKind.EQUIPMENT,
        department="sanitation",
        geometry=point(lon, lat),
        commissioned=date(2025, 12, 18),
        notes="餐厨垃圾资源化处理系统；农村餐厨垃圾按“区域党建+”模式收运处置（人＋机＋制）。",
        detail={
            "maker": "永康鼎绿环保科技有限公司",
            "model": "DL-CC50 成套系统",
            "serial": "DEMO-EQ-2025-000",
            "capacity": Decimal("50"),
            "capacity_unit": "t/d",
        },
    )
    machines = [
        AssetSpec(
            code=f"EQ-PLANT-{n:02d}",
            name=name,
            kind=AssetKind.EQUIPMENT,
            department="sanitation",
            geometry=point(lon + dx, lat + dy),
            parent=plant.code,
            commissioned=plant.commissioned,
            detail={
                "maker": maker,
                "model": model,
                "serial": f"DEMO-EQ-2025-{n:03d}",
                "capacity": Decimal(capacity),
                "capacity_unit": unit,
            },
        )
        for n, (name, maker, model, capacity, unit, (dx, dy)) in enumerate(PLANT_MACHINES, start=1)
    ]
    return [plant, *machines]


@dataclass(frozen=True)
class Road:
    """A resurfaced road: its junctions in order; each stretch between two is a segment."""

    code: str
    name: str
    width_m: Decimal
    surface: str
    resurfaced: date
    junctions: list[tuple[float, float]]


# The six main branch roads resurfaced with new sidewalks and eco-friendly materials. The
# report names only Huangcheng Road and Meicheng Road; the other four are demo roads and
# say so in their names.
ROADS = [
    Road(
        "HUANGCHENG",
        "皇城路",
        Decimal("32"),
        "温拌沥青（节能环保），人行道透水砖",
        date(2026, 5, 20),
        [(120.0465, 28.8840), (120.0467, 28.8920), (120.0466, 28.9000), (120.0469, 28.9080), (120.0470, 28.9160)],
    ),
    Road(
        "MEICHENG",
        "梅城路",
        Decimal("24"),
        "温拌沥青（节能环保），人行道透水砖",
        date(2026, 6, 15),
        [
            (120.0340, 28.9045),
            (120.0410, 28.9043),
            (120.0480, 28.9046),
            (120.0550, 28.9044),
            (120.0620, 28.9047),
            (120.0700, 28.9045),
        ],
    ),
    Road(
        "DEMO1",
        "演示一路 (demo road 1)",
        Decimal("18"),
        "透水沥青（生态环保），人行道透水砖",
        date(2026, 7, 10),
        [(120.0580, 28.8840), (120.0582, 28.8930), (120.0579, 28.9030), (120.0580, 28.9120)],
    ),
    Road(
        "DEMO2",
        "演示二路 (demo road 2)",
        Decimal("20"),
        "透水沥青（生态环保），人行道透水砖",
        date(2026, 8, 5),
        [(120.0360, 28.8880), (120.0450, 28.8882), (120.0530, 28.8879), (120.0610, 28.8881), (120.0700, 28.8880)],
    ),
    Road(
        "DEMO3",
        "演示三路 (demo road 3)",
        Decimal("16"),
        "再生沥青混凝土（环保），人行道透水砖",
        date(2026, 9, 1),
        [(120.0660, 28.8820), (120.0661, 28.8900), (120.0659, 28.8980), (120.0662, 28.9060), (120.0660, 28.9140)],
    ),
    Road(
        "DEMO4",
        "演示四路 (demo road 4)",
        Decimal("16"),
        "再生沥青混凝土（环保），人行道透水砖",
        date(2026, 9, 25),
        [(120.0380, 28.9120), (120.0480, 28.9122), (120.0580, 28.9119), (120.0680, 28.9121)],
    ),
]


def road_assets() -> list[AssetSpec]:
    specs = []
    for road in ROADS:
        detail = {
            "road_name": road.name,
            "width_m": road.width_m,
            "surface": road.surface,
            "resurfaced": road.resurfaced,
            "sidewalk": True,
        }
        parent = AssetSpec(
            code=f"RD-{road.code}",
            name=road.name,
            kind=AssetKind.ROAD_SEGMENT,
            department="municipal-works",
            geometry=line(*road.junctions),
            notes="主次干道提升改造：路面“白改黑”，新建人行道，采用生态环保材料。",
            detail=detail,
        )
        specs.append(parent)
        for n, (start, end) in enumerate(pairwise(road.junctions), start=1):
            specs.append(
                AssetSpec(
                    code=f"{parent.code}-{n:02d}",
                    name=f"{road.name} 第{n}段",
                    kind=AssetKind.ROAD_SEGMENT,
                    department="municipal-works",
                    geometry=line(start, end),
                    parent=parent.code,
                    detail=detail,
                )
            )
    return specs


# Green spaces: this year's 130,000 m² of new greening along both banks of the Suxi river
# and in Jiuding Park. The strips (8 × ~9,700 m²) and the park (~51,900 m²) are the
# top-level green spaces and add up to ~129,700 m²; the park's parts lie inside it and
# are not counted again.
SUXI_CENTRELINE = [
    (120.0380, 28.8960),
    (120.0440, 28.8972),
    (120.0500, 28.8966),
    (120.0560, 28.8978),
    (120.0620, 28.8970),
]
SUXI_HALF_WIDTH = 0.00015  # the river, ~33 m wide; the belts start at its banks
SUXI_BELT_WIDTH = 0.00015  # ~17 m of planting on each bank
SUXI_VEGETATION = {
    "N": "滨水绿带：垂柳、水杉、香樟；灌木：红叶石楠、金森女贞；地被：麦冬、细叶芒；水生：菖蒲、再力花",
    "S": "滨水绿带：水杉、乌桕、桂花；灌木：杜鹃、海桐球；地被：马尼拉草坪、紫娇花；水生：芦竹、千屈菜",
}
JIUDING_PARK = (120.0520, 28.8995, 120.0544, 28.9015)
JIUDING_PARTS = [
    # code suffix, name, box inside the park, vegetation
    ("01", "九鼎公园 中心草坪", (120.0521, 28.8996, 120.0531, 28.9004), "马尼拉草坪，孤植香樟三株"),
    ("02", "九鼎公园 樟树林", (120.0533, 28.8996, 120.0543, 28.9004), "香樟林下配植八角金盘、玉簪"),
    ("03", "九鼎公园 荷塘滨水区", (120.0521, 28.9006, 120.0531, 28.9014), "荷花、睡莲、再力花，岸边垂柳"),
    ("04", "九鼎公园 四季花境", (120.0533, 28.9006, 120.0543, 28.9014), "花境：月季、绣球、鼠尾草、金鸡菊"),
]
GREENING_COMPLETED = date(2026, 6, 30)


def _bank_strip(start: tuple[float, float], end: tuple[float, float], side: str) -> dict:
    """The planted belt along one stretch of the river, on its north (N) or south (S) bank."""
    near, far = SUXI_HALF_WIDTH, SUXI_HALF_WIDTH + SUXI_BELT_WIDTH
    (x0, y0), (x1, y1) = start, end
    if side == "N":
        return polygon((x0, y0 + near), (x1, y1 + near), (x1, y1 + far), (x0, y0 + far))
    return polygon((x0, y0 - far), (x1, y1 - far), (x1, y1 - near), (x0, y0 - near))


def green_space_assets() -> list[AssetSpec]:
    specs = []
    for side, bank in (("N", "北岸"), ("S", "南岸")):
        for n, (start, end) in enumerate(pairwise(SUXI_CENTRELINE), start=1):
            specs.append(
                AssetSpec(
                    code=f"GS-SUXI-{side}-{n:02d}",
                    name=f"酥溪{bank}绿带 第{n}段",
                    kind=AssetKind.GREEN_SPACE,
                    department="landscaping",
                    geometry=_bank_strip(start, end, side),
                    commissioned=GREENING_COMPLETED,
                    detail={"vegetation": SUXI_VEGETATION[side]},
                )
            )
    park = AssetSpec(
        code="GS-JIUDING",
        name="九鼎公园",
        kind=AssetKind.GREEN_SPACE,
        department="landscaping",
        geometry=rectangle(*JIUDING_PARK),
        commissioned=GREENING_COMPLETED,
        notes="新增绿化重点之一，与酥溪两岸绿带共约13万平方米。",
        detail={"vegetation": "综合公园：草坪、香樟林、荷塘、花境（见各分区）"},
    )
    specs.append(park)
    for suffix, name, box, vegetation in JIUDING_PARTS:
        specs.append(
            AssetSpec(
                code=f"{park.code}-{suffix}",
                name=name,
                kind=AssetKind.GREEN_SPACE,
                department="landscaping",
                geometry=rectangle(*box),
                parent=park.code,
                commissioned=GREENING_COMPLETED,
                detail={"vegetation": vegetation},
            )
        )
    return specs


# Street-corner landscape pieces (街角小品) on cleared vacant lots. The report names the
# Central Academy of Fine Arts as one of the three design institutes; the other two are
# assumptions for the demo, as are the themes.
CAFA = "中央美术学院（中央美院）"
CAA = "中国美术学院风景建筑设计研究院"
ZJ_PLANNING = "浙江省城乡规划设计研究院"
LANDSCAPE_PIECES = [
    # name, designer, theme, materials, location (a corner lot beside a junction)
    ("五金之韵", CAFA, "五金之都", "镜面不锈钢、花岗岩基座", (120.0469, 28.9049)),
    ("胡公清风", CAFA, "胡公廉政文化", "铸铜、青石、竹", (120.0583, 28.9048)),
    ("匠心", CAFA, "工匠精神", "耐候钢板、景观石", (120.0663, 28.9049)),
    ("创卫同行", CAFA, "创建国家卫生城市", "不锈钢、LED灯带、草花", (120.0469, 28.8884)),
    ("酥溪记忆", CAA, "酥溪河埠头", "卵石、防腐木、水生植物", (120.0469, 28.8984)),
    ("九鼎印象", CAA, "九鼎文化", "铸铝（青铜色）、花岗岩", (120.0530, 28.9040)),
    ("齿轮与花", CAA, "再生与绿色", "回收金属件、花箱", (120.0585, 28.8884)),
    ("门前三包", CAA, "门前三包", "陶瓷马赛克、透水砖", (120.0663, 28.8884)),
    ("古韵永康", ZJ_PLANNING, "永康古城", "青砖、老石板、瓦片", (120.0473, 28.9124)),
    ("四季花语", ZJ_PLANNING, "四季花境", "防腐木花箱、时令花卉", (120.0583, 28.9115)),
    ("村居新貌", ZJ_PLANNING, "美丽乡村", "竹、夯土墙、景观石", (120.0663, 28.9124)),
    ("步步皆景", ZJ_PLANNING, "一步一景", "透水混凝土、景观石、乔木", (120.0585, 28.8984)),
]


def landscape_assets() -> list[AssetSpec]:
    return [
        AssetSpec(
            code=f"LS-{n:02d}",
            name=f"街角小品·{name}",
            kind=AssetKind.LANDSCAPE,
            department="landscaping",
            geometry=point(*location),
            commissioned=date(2026, 4 + (n - 1) // 2, 28),
            notes="拆违清理后的空地，因地制宜、突出重点，绿化、美化、硬化。",
            detail={"designer": designer, "theme": theme, "materials": materials},
        )
        for n, (name, designer, theme, materials, location) in enumerate(LANDSCAPE_PIECES, start=1)
    ]


def demo_assets() -> list[AssetSpec]:
    """Every demo asset, parents before their children."""
    return [*plant_assets(), *road_assets(), *green_space_assets(), *landscape_assets()]


# --- Logins --------------------------------------------------------------------------------

# username, role group (None: superuser), staff (may open the admin)
DEMO_USERS = [
    ("admin", None, True),
    ("manager", Role.MANAGER, True),
    ("planner", Role.PLANNER, True),
    ("inspector", Role.INSPECTOR, False),
    # Two crew members: a later issue puts them in two different crews.
    ("crew-sanitation", Role.CREW, False),
    ("crew-landscaping", Role.CREW, False),
]


def demo_logins() -> list[tuple[str, str]]:
    """(username, what the login is for) for every demo user, to print after loading."""
    return [(username, str(role.label) if role else _("superuser")) for username, role, _staff in DEMO_USERS]


# --- Loading -------------------------------------------------------------------------------


class DemoRefused(Exception):
    """Raised instead of loading the demo where it must never be: in production."""


# Computed by Asset.save() from the geometry; not there to validate before the first save.
COMPUTED_FIELDS = ["area_m2", "length_m", "min_lon", "min_lat", "max_lon", "max_lat"]


class DemoLoader:
    """Creates what is missing and counts what it created and what it found (each app's
    demo loader builds on it)."""

    def __init__(self, stdout: TextIO | None):
        self.stdout = stdout
        self.created: Counter[type[models.Model]] = Counter()
        self.kept: Counter[type[models.Model]] = Counter()

    def ensure(self, model: type[models.Model], key: dict[str, Any], /, **values: Any) -> tuple[Any, bool]:
        """(row, created): the row with this natural key, created from values only if absent."""
        row = model._default_manager.filter(**key).first()
        if row is not None:
            self.kept[model] += 1
            return row, False
        row = model(**key, **values)
        # Broken demo data must fail loudly here, not on a page later.
        row.full_clean(exclude=COMPUTED_FIELDS if model is Asset else None)
        row.save()
        self.created[model] += 1
        return row, True

    def report(self, model: type[models.Model]) -> None:
        if self.stdout is not None:
            counts = {"created": self.created[model], "kept": self.kept[model]}
            what = capfirst(model._meta.verbose_name_plural)
            self.stdout.write(
                _("%(what)s: %(created)d created, %(kept)d already there") % {"what": what, **counts} + "\n"
            )

    def load(self) -> None:
        departments = {
            code: self.ensure(Department, {"code": code}, name=name, name_en=name_en)[0]
            for code, name, name_en in DEPARTMENTS
        }
        self.report(Department)

        zones = {}
        for spec in ZONES:
            zone, created = self.ensure(
                Zone,
                {"code": spec["code"]},
                type=spec["type"],
                name=spec["name"],
                name_en=spec["name_en"],
                lead=departments[spec["lead"]],
                boundary=parse_geojson(spec["boundary"], expected=GeometryType.POLYGON),
            )
            if created:
                zone.assisting.set([departments[code] for code in spec["assisting"]])
            zones[spec["code"]] = zone
        self.report(Zone)

        locations = spread(len(VILLAGE_NAMES), *VILLAGES_AREA)
        for n, ((code, name, name_en), location) in enumerate(zip(VILLAGE_NAMES, locations, strict=True)):
            is_key = n < KEY_VILLAGES
            self.ensure(
                Village,
                {"code": f"V-{code.upper()}"},
                name=name,
                name_en=name_en,
                zone=zones["villages"],
                is_key=is_key,
                is_demonstration=is_key,
                location=location,
            )
        self.report(Village)

        locations = spread(len(ENTERPRISES), *ENTERPRISES_AREA)
        for n, (row, location) in enumerate(zip(ENTERPRISES, locations, strict=True), start=1):
            code, name, name_en, road, above_size, demonstration = row
            self.ensure(
                Enterprise,
                {"code": f"E-{code.upper()}"},
                name=name,
                name_en=name_en,
                zone=zones["enterprises"],
                address=f"永康经济开发区{road}{n * 8}号",
                above_designated_size=above_size,
                is_demonstration=demonstration,
                location=location,
            )
        self.report(Enterprise)

        assets: dict[str, Asset] = {}
        for spec in demo_assets():
            asset, _created = self.ensure(
                Asset,
                {"code": spec.code},
                name=spec.name,
                kind=spec.kind,
                status=spec.status,
                department=departments[spec.department],
                zone=zones[spec.zone],
                parent=assets[spec.parent] if spec.parent else None,
                commissioned=spec.commissioned,
                notes=spec.notes,
                geometry=parse_geojson(spec.geometry, expected=GEOMETRY_FOR_KIND[spec.kind]),
            )
            # Checked on its own: an asset kept from an earlier run may lack its details;
            # one someone has since given another kind is theirs now, details and all.
            if asset.kind == spec.kind:
                self.ensure(DETAIL_MODELS[spec.kind], {"asset": asset}, **spec.detail)
            assets[spec.code] = asset
        self.report(Asset)

        self.load_users()
        self.report(get_user_model())

    def load_users(self) -> None:
        User = get_user_model()
        for username, role, staff in DEMO_USERS:
            if User._default_manager.filter(username=username).exists():
                self.kept[User] += 1
                continue
            # The password is set here, on creation, and only here: one that was changed stays changed.
            user = User(username=username, is_staff=staff, is_superuser=role is None)
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            if role is not None:
                user.groups.add(Group.objects.get(name=role.value))
            self.created[User] += 1

    def summary(self) -> str:
        created, kept = self.created, sum(self.kept.values())
        if not created:
            return _("Demo data already loaded: all %(kept)d rows were there and were left unchanged.") % {"kept": kept}
        return _(
            "Demo data loaded: created %(departments)d departments, %(zones)d zones, %(villages)d villages, "
            "%(enterprises)d enterprises, %(assets)d assets (%(details)d asset details) and %(users)d users; "
            "%(kept)d rows were already there and were left unchanged."
        ) % {
            "departments": created[Department],
            "zones": created[Zone],
            "villages": created[Village],
            "enterprises": created[Enterprise],
            "assets": created[Asset],
            "details": sum(created[model] for model in DETAIL_MODELS.values()),
            "users": created[get_user_model()],
            "kept": kept,
        }


def load_demo(stdout: TextIO | None = None) -> str:
    """Load the demo data where it is missing; return a one-line summary.

    Progress (one line per kind of record) goes to stdout if given. Refuses in
    production, where the demo logins and their published password must never exist.
    """
    if getattr(settings, "PRODUCTION", False):
        raise DemoRefused(
            _(
                "Refusing to load demo data in production (SHOUWEI_ENV=production): "
                "the demo logins share a published password."
            )
        )
    loader = DemoLoader(stdout)
    with transaction.atomic():
        loader.load()
    return loader.summary()
