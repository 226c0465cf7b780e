"""The registry's demo data: the zone as a local newspaper report describes it.

The organisation (departments, the five zones of the responsibility map and who leads
them) follows the report. Everything the report does not name — village and enterprise
names, makers, designers besides the Central Academy of Fine Arts, coordinates — is
invented and plausible, never real data. Geometry sits around Yongkang (28.90° N,
120.05° E), GeoJSON in WGS84, longitude first.

Loaded first by `manage.py load_demo`, with the demo logins (demo.people); the assets
are in demo.registry_assets. Create-only, like every demo loader (demo.loader).
"""

from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from assets.choices import GEOMETRY_FOR_KIND, GeometryType, ZoneType
from assets.geometry import parse_geojson
from assets.models import DETAIL_MODELS, Asset, Department, Enterprise, Village, Zone

from .loader import DemoLoader
from .people import load_logins
from .registry_assets import demo_assets, roads_and_greening_area
from .shapes import rectangle, spread

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
        # responsible department (the plant: sanitation; green spaces: landscaping). Its
        # area is its own: the roads with their verges, the green spaces, the plant's yard.
        "code": "roads-greening",
        "type": ZoneType.ROADS_GREENING,
        "name": "道路及绿化",
        "name_en": "Roads and greening",
        "lead": "municipal-works",
        "assisting": ["sanitation", "landscaping"],
        "boundary": roads_and_greening_area(),
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


class RegistryLoader(DemoLoader):
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

        load_logins(self)
        self.report(get_user_model())

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


def load(stdout: TextIO | None = None) -> str:
    """Load the registry's demo data and the demo logins where they are missing; return a
    one-line summary. Progress (one line per kind of record) goes to stdout if given."""
    return RegistryLoader(stdout).run()
