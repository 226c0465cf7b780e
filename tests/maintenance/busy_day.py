"""A crew's busy day, for the tests of Today's order and of the calendar feed
(test_today_order, test_today_browser, test_calendar_feed_days): 23 stops due on one day
on two roads, in green spaces and at two landscape pieces, at three times of the day and
at no set time, some done or skipped, and one order overdue from the day before.

The assets are created out of their order (codes, roads and places shuffled), so that an
order that comes out right comes from the sorting, not from the ids.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from assets.choices import AssetKind
from assets.models import Asset, RoadDetail
from maintenance import services
from maintenance.choices import ChecklistItemKind, OrderStatus
from maintenance.models import ChecklistItem, Crew, CrewMembership, WorkOrder
from tests.factories import LAT, LON, AssetFactory, UserFactory, ZoneFactory
from tests.maintenance.factories import CrewFactory, PlanFactory

# Wenxi Road runs north from the zone's centre, Keyuan Road east: a segment's number is its
# place along the road, ~550 m each.
WENXI = "文溪路"
KEYUAN = "科源路"
STEP = 0.005  # degrees, ~550 m north-south, ~490 m east-west here


def _segment(road: str, code: str, number: int, north: bool) -> Asset:
    start = (number - 1) * STEP
    if north:
        coordinates = [[LON, LAT + start], [LON, LAT + start + STEP]]
    else:
        coordinates = [[LON + start, LAT], [LON + start + STEP, LAT]]
    asset = AssetFactory(
        code=code,
        name=f"{road}第{number}段",
        kind=AssetKind.ROAD_SEGMENT,
        geometry={"type": "LineString", "coordinates": coordinates},
    )
    RoadDetail.objects.create(asset=asset, road_name=road)
    return asset


def _place(code: str, name: str, kind: str, dx: float, dy: float) -> Asset:
    if kind == AssetKind.GREEN_SPACE:
        x, y = LON + dx, LAT + dy
        geometry = {"type": "Polygon", "coordinates": [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y]]]}
    else:
        geometry = {"type": "Point", "coordinates": [LON + dx, LAT + dy]}
    return AssetFactory(code=code, name=name, kind=kind, geometry=geometry, zone=ZoneFactory(name=f"{name}片区"))


@dataclass
class BusyDay:
    crew: Crew
    member_username: str
    day: datetime.date
    orders: dict[str, WorkOrder] = field(default_factory=dict)  # by asset code

    def pks(self, *codes: str) -> list[int]:
        return [self.orders[code].pk for code in codes]


# The order Today shows the day in (road order): the overdue one first; then the day's open
# orders by due time (07:00, 10:00, 13:30, then those of no set time), each time along the
# road (Wenxi Road's segments by their number, then the places not on a road, by code);
# then the day's done and skipped ones, in the same order among themselves.
ROAD_ORDER = [
    "EQ-01",  # overdue since yesterday
    "WX-2", "WX-3", "WX-5", "WX-7", "WX-8", "WX-9", "WX-10", "WX-11", "WX-12",  # 07:00
    "LS-01", "LS-02",  # 10:00
    "KY-1", "KY-2", "KY-3", "KY-4",  # 13:30
    "GS-01", "GS-02", "GS-03", "GS-04", "GS-05",  # any time
    "WX-1", "WX-4", "WX-6",  # done, skipped, done (07:00)
]  # fmt: skip
# A done order's answer to a long question: at 390 px neither may wrap a letter a line.
KERBS_LABEL = "Condition of the kerbstones, drainage gratings and tactile paving along the whole segment"
KERBS_ANSWER = "Two gratings near the bus stop were blocked with leaves and were cleared; kerbstones intact."
DONE = {"WX-1": OrderStatus.DONE, "WX-4": OrderStatus.SKIPPED, "WX-6": OrderStatus.DONE}


def busy_day(today: datetime.date | None = None, username: str = "wang") -> BusyDay:
    """The crew of ``username`` and its 23 stops due ``today`` (default: the real today)."""
    today = today or timezone.localdate()
    crew = CrewFactory(code="wenxi", name="文溪环卫班", name_en="Wenxi sanitation crew")
    member = UserFactory(username=username, first_name="Wang")
    CrewMembership.objects.create(crew=crew, user=member)
    sweeping = PlanFactory(name="道路日常清扫", crew=crew, due_time=datetime.time(7))
    swept = ChecklistItem.objects.create(plan=sweeping, position=1, label="路面已清扫")
    kerbs = ChecklistItem.objects.create(
        plan=sweeping, position=2, label=KERBS_LABEL, kind=ChecklistItemKind.TEXT, required=False
    )
    inspecting = PlanFactory(name="道路巡查", crew=crew, due_time=datetime.time(13, 30))
    watering = PlanFactory(name="绿地浇水", crew=crew, due_time=None)
    pieces = PlanFactory(name="小品保洁", crew=crew, due_time=datetime.time(10))
    machines = PlanFactory(name="设备点检", crew=crew, due_time=datetime.time(8))
    result = BusyDay(crew, username, today)

    def order(plan, asset, due=today, status=OrderStatus.SCHEDULED):
        made = WorkOrder.objects.create(
            plan=plan, asset=asset, crew=crew, occurrence=due, due=due, due_time=plan.due_time
        )
        if status == OrderStatus.DONE:
            services.save_answers(made, member, {swept.pk: "pass", kerbs.pk: KERBS_ANSWER})
            made = services.complete_work_order(made, member, today=today)
        elif status == OrderStatus.SKIPPED:
            made = services.skip_work_order(made, member, "路面施工", today=today)
        result.orders[asset.code] = made

    # Shuffled: neither the codes nor the ids come in the road's order.
    for number in [7, 2, 12, 4, 9, 1, 11, 5, 3, 10, 6, 8]:
        code = f"WX-{number}"
        order(sweeping, _segment(WENXI, code, number, north=True), status=DONE.get(code, OrderStatus.SCHEDULED))
    for number in [3, 1, 4, 2]:
        order(inspecting, _segment(KEYUAN, f"KY-{number}", number, north=False))
    green = [(4, 0.004, 0.020), (1, 0.003, 0.002), (5, -0.002, 0.030), (3, 0.001, 0.010), (2, 0.006, 0.004)]
    for number, dx, dy in green:
        order(watering, _place(f"GS-{number:02d}", f"绿地{number}", AssetKind.GREEN_SPACE, dx, dy))
    for number, dx in [(2, 0.010), (1, 0.015)]:
        order(pieces, _place(f"LS-{number:02d}", f"街角小品{number}", AssetKind.LANDSCAPE, dx, -0.001))
    machine = _place("EQ-01", "一号厨余处理机", AssetKind.EQUIPMENT, -0.01, 0)
    order(machines, machine, due=today - datetime.timedelta(days=1))
    return result


# From the north end of Wenxi Road (the phone's position): each time's stops nearest first.
NORTH_END = (28.96, LON)  # LAT + 12 × STEP
NEAR_ORDER = [
    "EQ-01",
    "WX-12", "WX-11", "WX-10", "WX-9", "WX-8", "WX-7", "WX-5", "WX-3", "WX-2",
    "LS-02", "LS-01",
    "KY-1", "KY-2", "KY-3", "KY-4",
    "GS-05", "GS-04", "GS-03", "GS-02", "GS-01",
    "WX-6", "WX-4", "WX-1",
]  # fmt: skip
