"""The plan page: the plan, its orders overdue first, its preview on the working-days
calendar, a meter plan's forecast, and a constant number of queries.

Time is frozen on Monday 2 March 2026, 09:00 in the zone, unless a test travels
elsewhere (National Day 2026 for the working-days calendar, late December for 2027, a year
chinesecalendar 1.11 does not know).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assets.choices import AssetKind
from maintenance import services
from maintenance.choices import CalendarPolicy, Meter, NonWorkingDayRule, PlanMode
from maintenance.models import ChecklistItem, MeterReading, WorkOrder
from tests.factories import AssetFactory
from tests.maintenance.factories import at
from tests.maintenance.plan_pages import TODAY, make_late_plan, make_plan
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]


def test_plan_detail_shows_the_plan(client, manager, plan, asset, signed_in):
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    page = body(response)
    assert plan.name in page
    assert "Litter picked" in page
    assert asset.get_absolute_url() in page
    assert response.context["target_count"] == 1
    assert [date.due for date in response.context["preview"]] == [TODAY + datetime.timedelta(days=n) for n in range(10)]
    assert [order.due for order in response.context["orders"]] == [
        TODAY + datetime.timedelta(days=n) for n in range(15)
    ]


def test_plan_detail_lists_overdue_orders_first_and_pages_them(client, manager, crew, frozen, signed_in):
    roads = [AssetFactory(kind=AssetKind.ROAD_SEGMENT) for _ in range(8)]
    plan = make_late_plan(frozen, crew, roads, 40)
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    orders = response.context["orders"]
    # 8 assets × (40 overdue days + today + 14 days ahead)
    assert response.context["order_counts"] == {"total": 8 * 55, "overdue": 8 * 40}
    assert len(orders) == 100
    assert orders[0].due == TODAY - datetime.timedelta(days=40) and orders[0].overdue
    page = body(response)
    assert "orders 1 to 100 are shown" in page and "Page 1 of 5" in page
    # Every open order is reachable, past the first 100 (they were not: issue 9).
    shown = [
        order.pk
        for number in range(1, 6)
        for order in client.get(plan.get_absolute_url(), {"page": number}).context["orders"]
    ]
    assert sorted(shown) == sorted(WorkOrder.objects.filter(plan=plan).values_list("pk", flat=True))
    last = client.get(plan.get_absolute_url(), {"page": 5})
    assert [order.due for order in last.context["orders"]][-1] == TODAY + datetime.timedelta(days=14)
    assert "orders 401 to 440 are shown" in body(last)


def test_plan_detail_lists_orders_beyond_two_weeks_and_links_each(client, manager, crew, signed_in):
    plan = make_plan(crew, [AssetFactory()], horizon_days=60, rrule="FREQ=WEEKLY;BYDAY=MO")
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    orders = list(response.context["orders"])
    assert [order.due for order in orders] == [TODAY + datetime.timedelta(weeks=n) for n in range(9)]
    page = body(response)
    for order in orders:
        assert f'href="{reverse("order-detail", args=[order.pk])}"' in page


@pytest.mark.parametrize("size", ["few", "many"])
def test_plan_detail_runs_constant_queries(client, manager, crew, frozen, django_assert_num_queries, size, signed_in):
    count = 2 if size == "few" else 70
    roads = [AssetFactory(kind=AssetKind.ROAD_SEGMENT) for _ in range(count)]
    plan = make_late_plan(frozen, crew, roads, 3)
    for position in range(count):
        ChecklistItem.objects.create(plan=plan, position=position, label=f"Item {position}")
    signed_in(manager)
    # session, user, the user's permissions (user's own, groups'), plan (+ task type, crew,
    # department, zone), first targets (+ assets), order counts, first orders (+ assets),
    # target count, checklist
    with django_assert_num_queries(10):
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["targets"]) == min(count, 50)
    # Another page of the orders: the same queries.
    with django_assert_num_queries(10):
        response = client.get(plan.get_absolute_url(), {"page": 2})
    assert response.context["orders"].number == (1 if size == "few" else 2)


def test_working_days_plan_detail_runs_constant_queries(client, manager, crew, django_assert_num_queries, signed_in):
    plan = make_plan(crew, [AssetFactory()], calendar=CalendarPolicy.WORKING_DAYS)
    signed_in(manager)
    # session, user, the user's permissions (user's own, groups'), plan (+ task type, crew,
    # department, zone), first targets (+ assets), order counts, first orders (+ assets),
    # target count, the preview's calendar (overrides, confirmed years), the calendar warnings
    # (longest working-days horizon, overrides, confirmed years), checklist
    with django_assert_num_queries(15):
        client.get(plan.get_absolute_url())


def test_preview_follows_the_working_days_calendar(client, manager, crew, frozen, signed_in):
    # Monday 28 September 2026: National Day is 1–7 October, Saturday 10 October is a
    # make-up working day.
    frozen.move_to(at(datetime.date(2026, 9, 28)))
    plan = make_plan(
        crew, [AssetFactory()], start=datetime.date(2026, 9, 1), calendar=CalendarPolicy.WORKING_DAYS,
        non_working=NonWorkingDayRule.NEXT,
    )  # fmt: skip
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    dues = [date.due.isoformat() for date in response.context["preview"]]
    assert dues == [
        "2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12",
        "2026-10-13", "2026-10-14", "2026-10-15",
    ]  # fmt: skip
    assert "moved from 2026-10-01, a non-working day" in body(response)
    # The preview is what generation does.
    generated = WorkOrder.objects.filter(plan=plan, due__lte=datetime.date(2026, 10, 12)).order_by("due")
    assert [order.due.isoformat() for order in generated] == dues[:7]


def test_preview_marks_dates_of_an_unknown_year_provisional(client, manager, crew, frozen, signed_in):
    frozen.move_to(at(datetime.date(2026, 12, 28)))
    plan = make_plan(crew, [AssetFactory()], start=datetime.date(2026, 12, 28), calendar=CalendarPolicy.WORKING_DAYS)
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    preview = response.context["preview"]
    # Working days: 2027's are provisional, Friday 1 January 2027 included (a weekday, its
    # holiday not yet known).
    assert [(date.due.isoformat(), date.provisional) for date in preview] == [
        ("2026-12-28", False), ("2026-12-29", False), ("2026-12-30", False), ("2026-12-31", False),
        ("2027-01-01", True), ("2027-01-04", True), ("2027-01-05", True), ("2027-01-06", True),
        ("2027-01-07", True), ("2027-01-08", True),
    ]  # fmt: skip
    assert "Provisional" in body(response)


def test_meter_plan_detail_shows_baseline_and_forecast(client, manager, crew, administrator, signed_in):
    crusher = AssetFactory(kind=AssetKind.EQUIPMENT, code="KW-CRUSHER")
    MeterReading.objects.create(
        asset=crusher, meter=Meter.RUNNING_HOURS, value=Decimal(1000), read_at=at(TODAY - datetime.timedelta(days=20))
    )
    plan = make_plan(
        crew, [crusher], name="Crusher service", mode=PlanMode.METER, rrule="", meter=Meter.RUNNING_HOURS,
        meter_interval=Decimal(500),
    )  # fmt: skip
    services.record_meter_reading(crusher, Meter.RUNNING_HOURS, Decimal(1200), administrator)  # 10 h a day
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    (target,) = response.context["targets"]
    assert (target.meter_baseline, target.latest, target.threshold) == (Decimal(1000), Decimal(1200), Decimal(1500))
    assert target.forecast == TODAY + datetime.timedelta(days=30)
    assert response.context["preview"] == []
    assert "2026-04-01" in body(response)


@pytest.mark.parametrize("count", [2, 60])
def test_meter_plan_detail_runs_constant_queries(
    client, manager, crew, administrator, django_assert_num_queries, count, signed_in
):
    machines = [AssetFactory(kind=AssetKind.EQUIPMENT) for _ in range(count)]
    MeterReading.objects.bulk_create(
        MeterReading(
            asset=machine,
            meter=Meter.RUNNING_HOURS,
            value=Decimal(1000),
            read_at=at(TODAY - datetime.timedelta(days=20)),
        )
        for machine in machines
    )
    plan = make_plan(
        crew, machines, mode=PlanMode.METER, rrule="", meter=Meter.RUNNING_HOURS, meter_interval=Decimal(500)
    )
    for machine in machines:
        services.record_meter_reading(machine, Meter.RUNNING_HOURS, Decimal(1200), administrator)
    signed_in(manager)
    # session, user, the user's permissions (user's own, groups'), plan (+ task type, crew,
    # department, zone), first targets (+ assets), the shown targets' latest readings and
    # forecasts (one query), order counts (none open: the page of orders needs no query),
    # target count, checklist
    with django_assert_num_queries(10):
        response = client.get(plan.get_absolute_url())
    targets = response.context["targets"]
    assert len(targets) == min(count, 50)
    assert {target.forecast for target in targets} == {TODAY + datetime.timedelta(days=30)}
