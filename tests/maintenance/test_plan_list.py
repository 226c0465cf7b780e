"""The plan list: targets, next due date, overdue count and pause of each plan, filters,
pages, calendar warnings and a constant number of queries.

Time is frozen on Monday 2 March 2026, 09:00 in the zone, unless a test travels
elsewhere (late December for 2027, a year chinesecalendar 1.11 does not know).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assets.choices import AssetKind
from maintenance import services
from maintenance.choices import CalendarPolicy, Meter, PlanMode
from maintenance.models import Crew, TaskType
from tests.factories import AssetFactory
from tests.maintenance.factories import at
from tests.maintenance.plan_pages import TODAY, make_late_plan, make_plan
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]


@pytest.mark.parametrize("count", [10, 200])
def test_plan_list_runs_constant_queries(client, manager, crew, django_assert_num_queries, count, signed_in):
    assets = [AssetFactory(kind=AssetKind.ROAD_SEGMENT) for _ in range(3)]
    for number in range(count):
        make_plan(
            crew,
            assets,
            generate=False,
            name=f"Plan {number:03d}",
            calendar=CalendarPolicy.WORKING_DAYS if number % 3 == 0 else CalendarPolicy.EVERY_DAY,
        )
    services.generate_work_orders()
    signed_in(manager)
    # session, user, the user's permissions (user's own, groups'), calendar warnings (longest
    # working-days horizon, calendar overrides, confirmed years), count, the page of plans
    # (+ task type, crew, active targets, next due, overdue), crew options, task type options
    with django_assert_num_queries(11):
        response = client.get(reverse("plan-list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    first = response.context["page"][0]
    assert (first.active_targets, first.next_due, first.overdue) == (3, TODAY, 0)


def test_plan_list_shows_targets_next_due_overdue_and_paused(client, manager, crew, frozen, signed_in):
    roads = [AssetFactory(kind=AssetKind.ROAD_SEGMENT) for _ in range(2)]
    late = make_late_plan(frozen, crew, roads, 3, name="Late plan")
    weekly = make_plan(crew, roads[:1], name="Weekly plan", rrule="FREQ=WEEKLY;BYDAY=FR")
    stopped = make_plan(crew, roads[:1], name="Stopped plan")
    services.pause_plan(stopped)
    signed_in(manager)
    response = client.get(reverse("plan-list"))
    rows = {plan.name: plan for plan in response.context["page"]}
    assert (rows["Late plan"].active_targets, rows["Late plan"].overdue, rows["Late plan"].next_due) == (2, 6, TODAY)
    assert rows["Weekly plan"].next_due == datetime.date(2026, 3, 6)
    assert rows["Stopped plan"].next_due is None and rows["Stopped plan"].paused
    page = body(response)
    assert "Paused" in page and "FREQ=WEEKLY;<wbr>BYDAY=FR" in page  # may wrap after each part
    assert late.get_absolute_url() in page and weekly.get_absolute_url() in page


def test_plan_list_filters(client, manager, crew, cleaning, signed_in):
    other_crew = Crew.objects.create(code="landscaping", name="绿化班组", department=crew.department)
    watering = TaskType.objects.get(code="watering")
    sweeping = make_plan(crew, generate=False, name="Sweeping the roads")
    flowers = make_plan(other_crew, generate=False, name="Watering the flowers", task_type=watering)
    machine = make_plan(
        crew, generate=False, name="Crusher service", mode=PlanMode.METER, rrule="", meter=Meter.RUNNING_HOURS,
        meter_interval=Decimal(500),
    )  # fmt: skip
    services.pause_plan(machine)
    signed_in(manager)

    def names(params):
        return [plan.name for plan in client.get(reverse("plan-list"), params).context["page"]]

    assert names({}) == [machine.name, sweeping.name, flowers.name]
    assert names({"q": "roads"}) == [sweeping.name]
    assert names({"crew": other_crew.pk}) == [flowers.name]
    assert names({"task_type": watering.pk}) == [flowers.name]
    assert names({"mode": "meter"}) == [machine.name]
    assert names({"paused": "yes"}) == [machine.name]
    assert names({"paused": "no"}) == [sweeping.name, flowers.name]
    assert "Select a valid choice" in body(client.get(reverse("plan-list"), {"mode": "sometimes"}))


def test_plan_list_paginates(client, manager, crew, signed_in):
    for number in range(55):
        make_plan(crew, generate=False, name=f"Plan {number:02d}")
    signed_in(manager)
    assert len(client.get(reverse("plan-list")).context["page"]) == 50
    assert len(client.get(reverse("plan-list"), {"page": 2}).context["page"]) == 5


def test_plan_list_shows_calendar_warnings(client, manager, crew, frozen, signed_in):
    frozen.move_to(at(datetime.date(2026, 12, 24)))
    make_plan(crew, [AssetFactory()], calendar=CalendarPolicy.WORKING_DAYS, start=datetime.date(2026, 12, 24))
    signed_in(manager)
    assert "arrangement for 2027 is not known yet" in body(client.get(reverse("plan-list")))


# --- Next due beyond the horizon -------------------------------------------------------------


def test_next_due_beyond_the_horizon_comes_from_the_rule(client, manager, crew, crew_member, signed_in):
    # Issue 9: a plan whose next date is past its horizon showed "—".
    road = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    make_plan(crew, [road], name="A yearly plan", rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1")
    # 1 October is National Day: the working-days calendar moves it to 8 October.
    make_plan(
        crew, [road], name="B on National Day", rrule="FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1",
        calendar=CalendarPolicy.WORKING_DAYS,
    )  # fmt: skip
    # Its two orders within the horizon (6 and 13 March) are done early: the next is after them.
    early = make_plan(crew, [road], name="C done early", rrule="FREQ=WEEKLY;BYDAY=FR")
    for order in early.work_orders.all():
        services.complete_work_order(order, crew_member, today=TODAY)
    make_plan(crew, [], name="D without assets", rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1")
    services.pause_plan(make_plan(crew, [road], name="E paused", rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1"))
    signed_in(manager)

    response = client.get(reverse("plan-list"))

    assert [(plan.name, plan.next_due) for plan in response.context["page"]] == [
        ("A yearly plan", datetime.date(2026, 6, 1)),
        ("B on National Day", datetime.date(2026, 10, 8)),
        ("C done early", datetime.date(2026, 3, 20)),
        ("D without assets", None),
        ("E paused", None),
    ]
    assert "2026-06-01" in body(response) and "2026-10-08" in body(response)


@pytest.mark.parametrize("count", [3, 60])
def test_next_due_from_the_rules_runs_constant_queries(
    client, manager, crew, django_assert_num_queries, count, signed_in
):
    road = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    for number in range(count):
        make_plan(
            crew, [road], name=f"Plan {number:03d}", rrule=f"FREQ=YEARLY;BYMONTH={number % 12 + 1};BYMONTHDAY=28",
            calendar=CalendarPolicy.WORKING_DAYS if number % 2 else CalendarPolicy.EVERY_DAY,
        )  # fmt: skip
    signed_in(manager)
    # session, user, the user's permissions (user's own, groups'), calendar warnings (longest
    # working-days horizon, calendar overrides, confirmed years), count, the page of plans
    # (+ task type, crew, active targets, next due, overdue, generated through), the next
    # dates' calendar (overrides, confirmed years), crew options, task type options
    with django_assert_num_queries(13):
        response = client.get(reverse("plan-list"))
    assert {plan.next_due is not None for plan in response.context["page"]} == {True}
