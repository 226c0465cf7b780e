"""The registry's demo assets: the kitchen-waste plant, the six roads, the green spaces and
the street-corner landscapes, as demo.registry loads them (parents before their children)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

import shapely
import shapely.geometry

from assets.choices import AssetKind, AssetStatus

from .shapes import line, point, polygon, rectangle

RESURFACING = "主次干道提升改造：路面“白改黑”，新建人行道，采用生态环保材料。"
EXAMPLE_ROAD = (
    RESURFACING + "\n示例道路（demo example）：报道只点名皇城路、梅城路，六条支干道中的其余四条为演示虚构，名称非真实。"
)


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
    """A road: its junctions in order; each stretch between two is a segment."""

    code: str
    name: str
    width_m: Decimal
    surface: str
    resurfaced: date | None
    junctions: list[tuple[float, float]]
    notes: str = RESURFACING


# The six main branch roads resurfaced with new sidewalks and eco-friendly materials. The
# report names only Huangcheng Road and Meicheng Road; the other four are examples, and
# say so in their names and notes.
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
        notes=EXAMPLE_ROAD,
    ),
    Road(
        "DEMO2",
        "演示二路 (demo road 2)",
        Decimal("20"),
        "透水沥青（生态环保），人行道透水砖",
        date(2026, 8, 5),
        [(120.0360, 28.8880), (120.0450, 28.8882), (120.0530, 28.8879), (120.0610, 28.8881), (120.0700, 28.8880)],
        notes=EXAMPLE_ROAD,
    ),
    Road(
        "DEMO3",
        "演示三路 (demo road 3)",
        Decimal("16"),
        "再生沥青混凝土（环保），人行道透水砖",
        date(2026, 9, 1),
        [(120.0660, 28.8820), (120.0661, 28.8900), (120.0659, 28.8980), (120.0662, 28.9060), (120.0660, 28.9140)],
        notes=EXAMPLE_ROAD,
    ),
    Road(
        "DEMO4",
        "演示四路 (demo road 4)",
        Decimal("16"),
        "再生沥青混凝土（环保），人行道透水砖",
        date(2026, 9, 25),
        [(120.0380, 28.9120), (120.0480, 28.9122), (120.0580, 28.9119), (120.0680, 28.9121)],
        notes=EXAMPLE_ROAD,
    ),
]

# The two roads the report names for the attack war: piling, illegal sheds and business
# out of the shop cleaned up, 20 sheds torn down, 120 shops regulated. Both run through
# the industrial east (enterprise addresses in demo.registry are on them); the report
# does not say they were resurfaced.
CAMPAIGN_ROADS = [
    Road(
        "WENXI",
        "文溪路",
        Decimal("18"),
        "沥青混凝土，人行道花岗岩板",
        None,
        [(120.0725, 28.8850), (120.0727, 28.8930), (120.0724, 28.9010), (120.0726, 28.9090)],
        notes="创国卫攻坚：与科源路一并开展乱堆乱放、乱搭乱建、出店经营专项整治，共拆除活动棚20个，规范出店经营120家。",
    ),
    Road(
        "KEYUAN",
        "科源路",
        Decimal("20"),
        "沥青混凝土，人行道透水砖",
        None,
        [(120.0605, 28.8955), (120.0665, 28.8957), (120.0726, 28.8956)],
        notes="创国卫攻坚：与文溪路一并开展乱堆乱放、乱搭乱建、出店经营专项整治；沿街企业落实门前三包。",
    ),
]


def road_assets() -> list[AssetSpec]:
    specs = []
    for road in [*ROADS, *CAMPAIGN_ROADS]:
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
            notes=road.notes,
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
# Each piece answers to the zone of the map it stands in (demo.registry's areas); those by
# the river and the park belong to roads and greening.
LANDSCAPE_PIECES = [
    # name, designer, theme, materials, location (a corner lot beside a junction), zone
    ("五金之韵", CAFA, "五金之都", "镜面不锈钢、花岗岩基座", (120.0475, 28.9056), "communities"),
    ("胡公清风", CAFA, "胡公廉政文化", "铸铜、青石、竹", (120.0412, 28.9052), "villages"),
    ("匠心", CAFA, "工匠精神", "耐候钢板、景观石", (120.0663, 28.9049), "enterprises"),
    ("创卫同行", CAFA, "创建国家卫生城市", "不锈钢、LED灯带、草花", (120.0469, 28.8884), "construction"),
    ("酥溪记忆", CAA, "酥溪河埠头", "卵石、防腐木、水生植物", (120.0469, 28.8984), "roads-greening"),
    ("九鼎印象", CAA, "九鼎文化", "铸铝（青铜色）、花岗岩", (120.0530, 28.9018), "roads-greening"),
    ("齿轮与花", CAA, "再生与绿色", "回收金属件、花箱", (120.0585, 28.8884), "construction"),
    ("门前三包", CAA, "门前三包", "陶瓷马赛克、透水砖", (120.0663, 28.8884), "enterprises"),
    ("古韵永康", ZJ_PLANNING, "永康古城", "青砖、老石板、瓦片", (120.0473, 28.9124), "communities"),
    ("四季花语", ZJ_PLANNING, "四季花境", "防腐木花箱、时令花卉", (120.0583, 28.9115), "communities"),
    ("村居新貌", ZJ_PLANNING, "美丽乡村", "竹、夯土墙、景观石", (120.0385, 28.9121), "villages"),
    ("步步皆景", ZJ_PLANNING, "一步一景", "透水混凝土、景观石、乔木", (120.0583, 28.8984), "roads-greening"),
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
            zone=zone,
        )
        for n, (name, designer, theme, materials, location, zone) in enumerate(LANDSCAPE_PIECES, start=1)
    ]


def demo_assets() -> list[AssetSpec]:
    """Every demo asset, parents before their children."""
    return [*plant_assets(), *road_assets(), *green_space_assets(), *landscape_assets()]


def roads_and_greening_area() -> dict:
    """The roads-and-greening zone's own area: its assets with a margin (the roads' verges,
    the belts' edges, the plant's yard), not the whole development zone."""
    margins = {AssetKind.ROAD_SEGMENT: 0.0003, AssetKind.GREEN_SPACE: 0.0001}
    shapes = [
        shapely.geometry.shape(spec.geometry).buffer(
            margins.get(spec.kind, 0.0004), cap_style="square", join_style="mitre"
        )
        for spec in demo_assets()
        if spec.zone == "roads-greening" and spec.parent is None
    ]
    area = shapely.set_precision(shapely.unary_union(shapes), 1e-6)
    return shapely.geometry.mapping(area)
