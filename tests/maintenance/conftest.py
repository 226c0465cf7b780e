"""Fixtures shared by the maintenance tests' files.

The crew on site, for the tests of the crews' services (test_checklist_answers,
test_order_notes, test_order_photos, test_reassignment, test_order_visibility,
test_calendar_feed): the sanitation crew with a member, its leader and a mate; the
outsider in another crew; the plan to empty the bins, with a four-item checklist, and
today's order of it for the east gate's litter bin.

The crews' pages, for their tests (test_crew_page_access, test_today, test_today_map,
test_order_page, test_order_page_photos, test_reassignment_page, test_calendar_feed_page):
the world of the crew_member's and the outsider's crews, their plans and orders.

The planners' pages, for their tests (test_plan_page_access, test_plan_list,
test_plan_detail, test_plan_form, test_plan_actions): the cleaning task type, and the
sanitation crew's daily sweeping of road segment RD-01, generated, with one checklist item.
So ``plan`` and ``asset`` are the plan pages'; the on-site ``order`` is of ``bins_plan``
for ``litter_bin``.
"""

import datetime

import pytest

from assets.choices import AssetKind
from assets.models import RoadDetail
from maintenance.choices import ChecklistItemKind, OrderStatus
from maintenance.models import ChecklistItem, TaskType
from tests.factories import AssetFactory, UserFactory, ZoneFactory, line, point
from tests.maintenance.crew_pages import World, make_order
from tests.maintenance.factories import DAY, TODAY, CrewFactory, PlanFactory, equipment
from tests.maintenance.on_site import join, order_on
from tests.maintenance.plan_pages import make_plan

# --- The crew on site --------------------------------------------------------------------------


@pytest.fixture
def crew(db):
    """The sanitation crew, who works on site and is given the plans of the plan pages."""
    return CrewFactory(code="sanitation", name="环卫班组", name_en="Sanitation crew")


@pytest.fixture
def other_crew():
    return CrewFactory(code="landscaping")


@pytest.fixture
def member(crew, crew_member):
    return join(crew, crew_member)


@pytest.fixture
def leader(crew):
    return join(crew, UserFactory(username="crew-leader"), leader=True)


@pytest.fixture
def mate(crew):
    return join(crew, UserFactory(username="crew-mate"))


@pytest.fixture
def stranger(other_crew, outsider):
    return join(other_crew, outsider)


@pytest.fixture
def bins_plan(crew):
    plan = PlanFactory(crew=crew, name="Empty the bins", due_time=datetime.time(8, 30), estimated_minutes=45)
    for position, (label, kind, unit) in enumerate(
        [
            ("Bins emptied", ChecklistItemKind.PASS_FAIL, ""),
            ("Waste collected", ChecklistItemKind.NUMBER, "kg"),
            ("Remarks", ChecklistItemKind.TEXT, ""),
            ("Lid closed", ChecklistItemKind.PASS_FAIL, ""),
        ]
    ):
        ChecklistItem.objects.create(plan=plan, position=position, label=label, kind=kind, unit=unit)
    return plan


@pytest.fixture
def items(bins_plan) -> dict[str, ChecklistItem]:
    return {item.label: item for item in bins_plan.checklist.all()}


@pytest.fixture
def litter_bin():
    return equipment(code="BIN-001", name="东门垃圾箱")


@pytest.fixture
def order(bins_plan, litter_bin):
    return order_on(bins_plan, litter_bin, TODAY)


# --- The crews' pages ------------------------------------------------------------------------


@pytest.fixture
def world(crew_of_member, crew_of_outsider) -> World:
    """The crew_member's crew's orders around today, and one of the outsider's crew (see World)."""
    road = AssetFactory(code="RD-01", name="皇城路一段", kind=AssetKind.ROAD_SEGMENT, geometry=line())
    RoadDetail.objects.create(asset=road, road_name="皇城路")
    machine = AssetFactory(
        code="EQ-01", name="一号厨余处理机", geometry=point(0.01, 0.01), zone=ZoneFactory(name="厨余处理站")
    )
    plan = PlanFactory(name="Daily sweeping", crew=crew_of_member, due_time=datetime.time(8, 30))
    litter = ChecklistItem.objects.create(plan=plan, position=1, label="Litter picked")
    rubbish = ChecklistItem.objects.create(
        plan=plan, position=2, label="Rubbish collected", kind=ChecklistItemKind.NUMBER, unit="kg"
    )
    remarks = ChecklistItem.objects.create(
        plan=plan, position=3, label="Remarks", kind=ChecklistItemKind.TEXT, required=False
    )
    other_plan = PlanFactory(name="Watering", crew=crew_of_outsider)
    spare = AssetFactory(code="EQ-02", name="二号厨余处理机")
    return World(
        crew=crew_of_member,
        other_crew=crew_of_outsider,
        plan=plan,
        litter=litter,
        rubbish=rubbish,
        remarks=remarks,
        road=road,
        machine=machine,
        today=make_order(plan, road, TODAY),
        overdue=make_order(plan, machine, TODAY - 2 * DAY, due_time=None),
        done=make_order(plan, machine, TODAY, OrderStatus.DONE, due_time=None),
        tomorrow=make_order(plan, road, TODAY + DAY),
        later=make_order(plan, road, TODAY + 4 * DAY),
        cancelled=make_order(plan, spare, TODAY, OrderStatus.CANCELLED),
        old_done=make_order(plan, road, TODAY - 3 * DAY, OrderStatus.DONE),
        other=make_order(other_plan, AssetFactory(code="PK-01", name="中心公园"), TODAY),
    )


# --- The planners' pages ---------------------------------------------------------------------


@pytest.fixture
def cleaning(db):
    return TaskType.objects.get(code="cleaning")  # seeded by migration maintenance/0002


@pytest.fixture
def asset(db):
    """Road segment RD-01, 皇城路一段."""
    return AssetFactory(code="RD-01", name="皇城路一段", kind=AssetKind.ROAD_SEGMENT)


@pytest.fixture
def plan(crew, asset):
    """The crew's daily sweeping of RD-01 from TODAY, its orders generated, with one checklist item."""
    plan = make_plan(crew, [asset], name="Daily sweeping of Huangcheng Road")
    ChecklistItem.objects.create(plan=plan, position=1, label="Litter picked", kind=ChecklistItemKind.PASS_FAIL)
    return plan
