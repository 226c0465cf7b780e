"""The door-pledge register's demo data (门前三包): the register as the zone has it.

About three hundred units along the demo roads' segments (demo.registry_assets), on both
sides: each a frontage line 10–40 m long parallel to the road, at the edge of its
sidewalk, and the unit's point a few metres behind it. Shops, restaurants and small
businesses everywhere; the firms of the enterprises zone (the registry's Enterprise rows)
along its roads; the stalls of the Zhongfa stainless-steel market (众发不锈钢市场) on
Huangcheng Road. Names, people, phones (139…) and credit codes are invented; the codes
carry a valid GB 32100 check character.

Pledges in every status (most active, some ending within 30 days, expired ones — some
renewed —, terminated with a reason, drafts); one fortnightly check plan per zone with
units; three months of checks done (most kept, some lapses, a few units failing again
and again: red) and the next check of each unit due today or in the coming days, taken
by nobody yet. Each unit's rating is then set by Unit.rating_from_checks().

Made with the models directly, in bulk (frontage's workflows are its own pages'). Created
only for the units that are absent (keyed by code), so a second run changes nothing.
Dates are counted from the day of loading.
"""

import datetime
import math
import random
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape

from assets.choices import AssetKind
from assets.models import Asset, Enterprise, Village, Zone
from frontage.choices import CheckStatus, PledgeStatus, UnitKind
from frontage.credit_code import ALPHABET, check_character
from frontage.models import Check, CheckPlan, Pledge, PledgeWording, Unit
from maintenance.calendar import WorkingCalendar

from .loader import DemoLoader

CODE_PREFIX = "MQ-"  # 门前 (before the door)
SEED = 20261125
PER_SIDE = 6  # units on each side of a segment
MARKET_STALLS = 20
HISTORY_DAYS = 91  # three months of checks done
FORTNIGHT = 14

# Metres from the road's centre line: the frontage at the sidewalk's outer edge, the
# unit's point (its door) a few metres further back.
FRONTAGE_OFFSET_M = 12
DOOR_OFFSET_M = 16

BRANDS = [
    "金福", "鑫源", "华联", "顺发", "好又多", "佳佳", "大众", "阿强", "小李", "兴旺", "福满", "永盛", "宏达",
    "新时代", "红星", "万家", "百姓", "美佳", "利民", "和顺", "康乐", "富源", "恒通", "天天", "金鼎", "老胡",
    "阿芳", "吉祥", "胜利", "东方",
]  # fmt: skip
SHOP_TRADES = [
    "五金店", "便利店", "烟酒店", "水果店", "理发店", "手机店", "建材店", "电动车行", "药房", "超市",
    "服装店", "文具店", "汽修店", "不锈钢制品店", "门窗店", "电器维修部", "快递驿站", "粮油店",
]  # fmt: skip
RESTAURANT_TRADES = ["面馆", "小吃店", "快餐店", "饺子馆", "烧烤店", "早餐店", "土菜馆", "麻辣烫", "奶茶店", "馄饨店"]
OTHER_NAMES = ["社区卫生服务站", "农贸市场管理处", "加油站", "物业服务中心", "幼儿园", "停车场管理站"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹应楼"
GIVEN = ["建国", "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"]

FAILURE_NOTES = {
    "sanitation": "门前有烟头纸屑，垃圾未入桶",
    "greening": "门前绿化带内有杂物，花木缺株",
    "order": "商品摆出店外，占用人行道经营",
}
TERMINATION_REASONS = ["店铺已关闭，房屋退租", "经营主体变更，原承诺书作废", "企业搬迁出园区"]


def _credit_code(prefix: str, number: int) -> str:
    """A made-up code with a valid check character: the prefix (register, kind, the
    Yongkang area code), "MA", six characters of ``number`` in the code's alphabet."""
    body = ""
    for _digit in range(7):
        number, rest = divmod(number, len(ALPHABET))
        body = ALPHABET[rest] + body
    first17 = f"{prefix}MA{body}"[:17]
    return first17 + check_character(first17)


class Metric:
    """Local metres east and north of a point, and back (good to a centimetre over a road)."""

    def __init__(self, lat: float):
        self.east = 111_320 * math.cos(math.radians(lat))
        self.north = 110_574

    def offset(self, lon: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
        return round(lon + east_m / self.east, 7), round(lat + north_m / self.north, 7)


class FrontageLoader(DemoLoader):
    def __init__(self, stdout: TextIO | None):
        super().__init__(stdout)
        self.today = timezone.localdate()
        self.random = random.Random(SEED)

    def load(self) -> None:
        self.inspector = get_user_model().objects.filter(username="inspector").first()
        segments = list(
            Asset.objects.filter(kind=AssetKind.ROAD_SEGMENT, parent__isnull=False, code__startswith="RD-")
            .select_related("parent")
            .order_by("code")
        )
        if not segments or self.inspector is None:
            return
        self.zones = [zone for zone in Zone.objects.order_by("code") if zone.boundary and zone.code != "roads-greening"]
        self.roads_zone = Zone.objects.filter(code="roads-greening").first()
        self.villages = list(Village.objects.order_by("code"))
        units = self.units(segments)
        codes = [unit.code for unit in units]
        existing = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
        self.kept[Unit] += len(existing)
        taken = set(Unit.objects.exclude(credit_code="").values_list("credit_code", flat=True))
        new = [unit for unit in units if unit.code not in existing and unit.credit_code not in taken]
        for unit in new:
            unit.measure()  # bulk_create does not call save()
        created = Unit.objects.bulk_create(new)
        self.created[Unit] += len(created)
        self.report(Unit)
        if created:
            self.pledges(created)
            self.checks(created)
            for unit in created:
                unit.rating = unit.rating_from_checks()
            Unit.objects.bulk_update(created, ["rating"])

    # --- Units -------------------------------------------------------------------------

    def units(self, segments: list[Asset]) -> list[Unit]:
        enterprises = list(Enterprise.objects.exclude(code="E-ZHONGFA-MARKET").order_by("code"))
        market = Enterprise.objects.filter(code="E-ZHONGFA-MARKET").first()
        units, number = [], 0
        for segment in segments:
            (x0, y0), (x1, y1) = segment.geometry["coordinates"][0][:2], segment.geometry["coordinates"][-1][:2]
            metric = Metric((y0 + y1) / 2)
            dx, dy = (x1 - x0) * metric.east, (y1 - y0) * metric.north
            length = math.hypot(dx, dy)
            along, normal = (dx / length, dy / length), (-dy / length, dx / length)
            is_market = segment.code == "RD-HUANGCHENG-01" and market is not None
            per_side = MARKET_STALLS // 2 if is_market else PER_SIDE
            for side in (1, -1):
                for slot in range(per_side):
                    number += 1
                    # Along the middle 80 % of the segment, clear of the junctions.
                    middle = length * (0.1 + 0.8 * (slot + 0.5) / per_side)
                    width = self.random.uniform(6, 9) if is_market else self.random.uniform(10, 40)
                    width = min(width, 0.8 * length / per_side)
                    code = f"{CODE_PREFIX}{number:04d}"
                    geometry = self.place(metric, x0, y0, along, normal, side, middle, width)
                    if is_market:
                        unit = self.stall(code, market, slot + (0 if side == 1 else per_side), *geometry)
                    else:
                        unit = self.shop(code, number, segment, enterprises, *geometry)
                    unit.road = segment
                    unit.address = unit.address or f"永康经济开发区{_road_name(segment)}{number * 2 + (side > 0)}号"
                    units.append(unit)
        return units

    def place(self, metric, x0, y0, along, normal, side, middle, width) -> tuple[dict, dict]:
        """(the door's point, the frontage line) ``middle`` metres along the segment."""
        ends = []
        for m in (middle - width / 2, middle + width / 2):
            east = along[0] * m + normal[0] * side * FRONTAGE_OFFSET_M
            north = along[1] * m + normal[1] * side * FRONTAGE_OFFSET_M
            ends.append(list(metric.offset(x0, y0, east, north)))
        east = along[0] * middle + normal[0] * side * DOOR_OFFSET_M
        north = along[1] * middle + normal[1] * side * DOOR_OFFSET_M
        door = {"type": "Point", "coordinates": list(metric.offset(x0, y0, east, north))}
        return door, {"type": "LineString", "coordinates": ends}

    def zone_of(self, location: dict) -> Zone:
        here = Point(location["coordinates"])
        for zone in self.zones:
            if shape(zone.boundary).covers(here):
                return zone
        return self.roads_zone

    def person(self) -> tuple[str, str]:
        name = self.random.choice(SURNAMES) + self.random.choice(GIVEN)
        return name, f"139{self.random.randrange(10**8):08d}"

    def shop(self, code: str, number: int, segment: Asset, enterprises: list, location: dict, frontage: dict) -> Unit:
        zone = self.zone_of(location)
        contact, phone = self.person()
        unit = Unit(code=code, location=location, frontage=frontage, zone=zone, contact_name=contact)
        unit.contact_phone = phone
        if zone.code == "enterprises" and enterprises and number % 3:
            enterprise = enterprises.pop(0)
            unit.kind, unit.name, unit.enterprise = UnitKind.ENTERPRISE, enterprise.name, enterprise
            unit.address = enterprise.address
            unit.credit_code = _credit_code("91330784", number)
            return unit
        roll = self.random.random()
        brand = self.random.choice(BRANDS)
        if roll < 0.6:
            unit.kind, unit.name = UnitKind.SHOP, f"{brand}{self.random.choice(SHOP_TRADES)}"
            if self.random.random() < 0.4:  # a registered sole trader (个体工商户)
                unit.credit_code = _credit_code("92330784", number)
        elif roll < 0.9:
            unit.kind, unit.name = UnitKind.RESTAURANT, f"{brand}{self.random.choice(RESTAURANT_TRADES)}"
        elif roll < 0.96:
            unit.kind, unit.name = UnitKind.ENTERPRISE, f"永康市{brand}工贸有限公司"
            unit.credit_code = _credit_code("91330784", number)
        else:
            unit.kind, unit.name = UnitKind.OTHER, f"{_road_name(segment)}{self.random.choice(OTHER_NAMES)}"
        if zone.code == "villages" and self.villages:
            unit.village = min(self.villages, key=lambda village: _near(village.location, location))
        return unit

    def stall(self, code: str, market: Enterprise, n: int, location: dict, frontage: dict) -> Unit:
        contact, phone = self.person()
        trade = self.random.choice(["不锈钢板材", "不锈钢管材", "不锈钢厨具", "不锈钢门窗配件", "不锈钢标准件"])
        return Unit(
            code=code, kind=UnitKind.MARKET_STALL, name=f"众发不锈钢市场 {'AB'[n // 10]}区{n % 10 + 1:02d}号 {trade}",
            location=location, frontage=frontage, zone=self.zone_of(location), enterprise=market,
            address=f"{market.address} {'AB'[n // 10]}区{n % 10 + 1:02d}号", contact_name=contact, contact_phone=phone,
        )  # fmt: skip

    # --- Pledges -------------------------------------------------------------------------

    def pledges(self, units: list[Unit]) -> None:
        wordings = {wording.kind: wording for wording in PledgeWording.objects.all()}
        first, renewals = [], []
        for n, unit in enumerate(units):
            story = n % 20
            if n % 47 == 46:
                unit.active = False  # closed: its pledge terminated
                story = 3
            if story == 0:  # lapsed, not renewed
                first.append(self.pledge(unit, wordings, -400, -35, PledgeStatus.EXPIRED))
            elif story in (1, 5):  # expired, renewed: the old one kept
                old = self.pledge(unit, wordings, -380, -15, PledgeStatus.EXPIRED)
                first.append(old)
                renewals.append((old, self.pledge(unit, wordings, -15, 350, PledgeStatus.ACTIVE)))
            elif story == 2:  # ending within 30 days
                first.append(self.pledge(unit, wordings, -340, 4 + n % 25, PledgeStatus.ACTIVE))
            elif story == 3:
                terminated = self.pledge(unit, wordings, -200, 165, PledgeStatus.TERMINATED)
                terminated.ended_reason = TERMINATION_REASONS[n % len(TERMINATION_REASONS)]
                first.append(terminated)
            elif story == 4:  # new in the register: a draft waiting to be signed
                first.append(self.pledge(unit, wordings, 7, 372, PledgeStatus.DRAFT))
            else:
                start = -30 - (n * 7) % 300
                first.append(self.pledge(unit, wordings, start, start + 365, PledgeStatus.ACTIVE))
        Unit.objects.bulk_update([unit for unit in units if not unit.active], ["active"])
        Pledge.objects.bulk_create(first)
        for old, new in renewals:
            new.renews = old
        Pledge.objects.bulk_create([new for _old, new in renewals])
        self.created[Pledge] += len(first) + len(renewals)
        self.report(Pledge)

    def pledge(self, unit: Unit, wordings: dict, starts: int, ends: int, status: str) -> Pledge:
        wording = wordings[unit.kind]  # a standard wording per kind (frontage's migration 0002)
        day = self.today + datetime.timedelta(days=starts)
        return Pledge(
            unit=unit, starts=day, ends=self.today + datetime.timedelta(days=ends),
            sanitation=wording.sanitation, greening=wording.greening, order=wording.order, status=status,
            signed=None if status == PledgeStatus.DRAFT else day - datetime.timedelta(days=3),
        )  # fmt: skip

    # --- Checks ---------------------------------------------------------------------------

    def checks(self, units: list[Unit]) -> None:
        first = self.today - datetime.timedelta(days=HISTORY_DAYS)
        calendar = WorkingCalendar.load(first, self.today + datetime.timedelta(days=30))
        plans = {}
        for zone in sorted({unit.zone for unit in units}, key=lambda zone: zone.code):
            plans[zone.pk], created = self.ensure(
                CheckPlan,
                {"name": f"{zone.name} 门前三包双周检查"},
                zone=zone,
                starts=first,
                rrule="FREQ=WEEKLY;INTERVAL=2",
            )
        self.report(CheckPlan)
        checks = []
        for n, unit in enumerate(units):
            if not unit.active:
                continue
            # Each unit has its day in the fortnight; a failing unit keeps failing.
            trouble = 0.6 if n % 37 == 7 else 0.08 if n % 7 == 4 else 0.015
            day = first + datetime.timedelta(days=n % 10)
            while True:
                due = _working(calendar, day)
                if due >= self.today:
                    checks.append(Check(unit=unit, plan=plans[unit.zone_id], due=due))
                    break
                checks.append(self.done(unit, plans[unit.zone_id], due, trouble))
                day += datetime.timedelta(days=FORTNIGHT)
        Check.objects.bulk_create(checks, ignore_conflicts=True)
        self.created[Check] += len(checks)
        self.report(Check)

    def done(self, unit: Unit, plan: CheckPlan, due: datetime.date, trouble: float) -> Check:
        results = {duty: self.random.random() >= trouble for duty in FAILURE_NOTES}
        if trouble > 0.5 and all(results.values()):
            results["order"] = False
        failed = [FAILURE_NOTES[duty] for duty, kept in results.items() if not kept]
        moment = datetime.datetime.combine(due, datetime.time(9 + self.random.randrange(7), self.random.randrange(60)))
        return Check(
            unit=unit, plan=plan, due=due, status=CheckStatus.DONE, inspector=self.inspector,
            done=timezone.make_aware(moment), note="；".join(failed),
            **{f"{duty}_ok": kept for duty, kept in results.items()},
        )  # fmt: skip

    def summary(self) -> str:
        if not self.created[Unit]:
            return _("Demo door units already loaded: all %(kept)d units were there and were left unchanged.") % {
                "kept": self.kept[Unit]
            }
        return _(
            "Demo door units loaded: created %(units)d units, %(pledges)d pledges, %(plans)d check plans and "
            "%(checks)d checks; %(kept)d units were already there and were left unchanged."
        ) % {
            "units": self.created[Unit],
            "pledges": self.created[Pledge],
            "plans": self.created[CheckPlan],
            "checks": self.created[Check],
            "kept": self.kept[Unit],
        }


def _road_name(segment: Asset) -> str:
    """The segment's road, without the demo roads' English tail ("演示一路 (demo road 1)")."""
    return segment.parent.name.split(" (")[0]


def _near(a: dict, b: dict) -> float:
    (ax, ay), (bx, by) = a["coordinates"][:2], b["coordinates"][:2]
    return (ax - bx) ** 2 + (ay - by) ** 2


def _working(calendar: WorkingCalendar, day: datetime.date) -> datetime.date:
    """The day, or the next working day when it is a rest day."""
    while not calendar.is_working(day)[0]:
        day += datetime.timedelta(days=1)
    return day


def load(stdout: TextIO | None = None) -> str:
    """Load the door-pledge register's demo data where it is missing; return a one-line summary."""
    return FrontageLoader(stdout).run()
