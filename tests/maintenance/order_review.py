"""The orders a manager reviews, for the tests of the work-order list and its exports
(test_order_list, test_order_list_filters, test_order_export, test_order_outcomes,
test_browser_order_list): two crews of two departments, two zones, two task types, and
orders of every outcome around TODAY (Monday 28 September 2026).
"""

import datetime
from dataclasses import dataclass

from assets.choices import AssetKind
from assets.models import Asset, Department, RoadDetail, Zone
from maintenance.choices import OrderStatus
from maintenance.models import Crew, Plan, WorkOrder
from tests.factories import AssetFactory, ZoneFactory, line
from tests.maintenance.factories import DAY, TODAY, PlanFactory, at, task_type


@dataclass
class Review:
    crew: Crew  # sanitation: sweeping RD-01, in zone east
    other_crew: Crew  # landscaping: watering PK-01, in zone west
    east: Zone
    west: Zone
    road: Asset
    park: Asset
    sweeping: Plan  # cleaning
    watering: Plan  # watering
    on_time: WorkOrder  # RD-01, due TODAY-3, done at 23:30 that day (zone time)
    late: WorkOrder  # RD-01, due TODAY-2, done at 00:30 the day after
    skipped: WorkOrder  # RD-01, due TODAY-1
    overdue: WorkOrder  # PK-01, due TODAY-2, still scheduled
    today: WorkOrder  # RD-01, due TODAY 08:30, in progress
    cancelled: WorkOrder  # PK-01, due TODAY+1
    later: WorkOrder  # PK-01, due TODAY+5, assigned to ``assignee``

    @property
    def departments(self) -> tuple[Department, Department]:
        return self.crew.department, self.other_crew.department

    def in_list_order(self) -> list[WorkOrder]:
        """Every order, as the list shows them: by due date, due time, id."""
        return [self.on_time, self.late, self.overdue, self.skipped, self.today, self.cancelled, self.later]


def order(plan: Plan, asset: Asset, due: datetime.date, status=OrderStatus.SCHEDULED, **fields) -> WorkOrder:
    if status == OrderStatus.SKIPPED:
        fields.setdefault("skip_reason", "Road closed")
    return WorkOrder.objects.create(
        plan=plan, asset=asset, crew=plan.crew, occurrence=due, due=due, status=status, **fields
    )


def make_review(crew: Crew, other_crew: Crew, assignee) -> Review:
    east = ZoneFactory(code="east", name="东区", name_en="East zone")
    west = ZoneFactory(code="west", name="西区", name_en="West zone")
    road = AssetFactory(code="RD-01", name="皇城路一段", kind=AssetKind.ROAD_SEGMENT, geometry=line(), zone=east)
    RoadDetail.objects.create(asset=road, road_name="皇城路")
    park = AssetFactory(code="PK-01", name="中心公园", kind=AssetKind.EQUIPMENT, zone=west)
    sweeping = PlanFactory(name="道路清扫", crew=crew, task_type=task_type("cleaning"))
    watering = PlanFactory(name="公园浇水", crew=other_crew, task_type=task_type("watering"))
    late_due = TODAY - 2 * DAY
    return Review(
        crew=crew,
        other_crew=other_crew,
        east=east,
        west=west,
        road=road,
        park=park,
        sweeping=sweeping,
        watering=watering,
        on_time=order(
            sweeping, road, TODAY - 3 * DAY, OrderStatus.DONE, closed=at(TODAY - 3 * DAY, 23).replace(minute=30)
        ),
        late=order(sweeping, road, late_due, OrderStatus.DONE, closed=at(late_due + DAY, 0).replace(minute=30)),
        skipped=order(sweeping, road, TODAY - DAY, OrderStatus.SKIPPED, closed=at(TODAY - DAY, 10)),
        overdue=order(watering, park, late_due),
        today=order(sweeping, road, TODAY, OrderStatus.IN_PROGRESS, due_time=datetime.time(8, 30)),
        cancelled=order(watering, park, TODAY + DAY, OrderStatus.CANCELLED, closed=at(TODAY, 8)),
        later=order(watering, park, TODAY + 5 * DAY, assignee=assignee),
    )
