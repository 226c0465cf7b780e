"""Meter plans: every 500 running hours. Readings create the order once the threshold is
reached; completing moves the baseline; a forecast from the average usage; bad readings
refused and not stored."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maintenance import services
from maintenance.choices import Meter, OrderStatus, PlanMode
from maintenance.models import MeterReading, PlanTarget, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, at, day, equipment, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

HOURS = Meter.RUNNING_HOURS


@pytest.fixture
def machine():
    return equipment()


@pytest.fixture
def plan(machine, crew_member):
    """A meter plan on a machine that read 1,000 hours when it joined."""
    services.record_meter_reading(machine, HOURS, Decimal(1000), crew_member, read_at=at(day(9, 18)))
    plan = PlanFactory(
        mode=PlanMode.METER, rrule="", meter=HOURS, meter_interval=Decimal(500), assets=[machine], name="Service"
    )
    services.generate_work_orders(today=TODAY)
    return plan


def target_of(plan) -> PlanTarget:
    return PlanTarget.objects.select_related("plan").get(plan=plan)


def read(machine, value, by, when=None):
    return services.record_meter_reading(machine, HOURS, Decimal(value), by, read_at=when)


def test_the_baseline_is_the_reading_when_the_machine_joined(plan):
    assert target_of(plan).meter_baseline == Decimal(1000)
    assert not WorkOrder.objects.filter(plan=plan).exists()


def test_no_order_below_the_threshold(plan, machine, crew_member):
    read(machine, 1499.5, crew_member)

    assert not WorkOrder.objects.filter(plan=plan).exists()
    assert services.generate_work_orders(today=TODAY).created == 0


def test_an_order_due_today_once_the_threshold_is_reached(plan, machine, crew_member):
    read(machine, 1500, crew_member)

    order = WorkOrder.objects.get(plan=plan)
    assert (order.due, order.meter_threshold, order.status, order.crew) == (
        TODAY,
        Decimal(1500),
        OrderStatus.SCHEDULED,
        plan.crew,
    )


def test_no_second_open_order(plan, machine, crew_member):
    read(machine, 1510, crew_member)
    read(machine, 2100, crew_member)  # past the next threshold too

    services.generate_work_orders(today=day(9, 29))

    assert WorkOrder.objects.filter(plan=plan).count() == 1


def test_completing_moves_the_baseline_to_the_reading_at_the_service(plan, machine, crew_member, time_machine):
    read(machine, 1520, crew_member)
    order = WorkOrder.objects.get(plan=plan)
    time_machine.move_to(at(day(10, 2)), tick=False)

    services.complete_work_order(order, crew_member, meter_reading=Decimal(1580), today=day(10, 2))

    assert target_of(plan).meter_baseline == Decimal(1580)
    assert MeterReading.objects.get(value=1580).order == order
    read(machine, 2079, crew_member)
    assert WorkOrder.objects.filter(plan=plan).count() == 1
    read(machine, 2080, crew_member)
    assert WorkOrder.objects.open().get(plan=plan).meter_threshold == Decimal(2080)


def test_completing_without_a_reading_moves_the_baseline_to_the_latest_one(plan, machine, crew_member):
    read(machine, 1530, crew_member)
    order = WorkOrder.objects.get(plan=plan)

    services.complete_work_order(order, crew_member, today=TODAY)

    assert target_of(plan).meter_baseline == Decimal(1530)


def test_skipping_does_not_move_the_baseline(plan, machine, crew_member):
    read(machine, 1530, crew_member)
    order = WorkOrder.objects.get(plan=plan)

    services.skip_work_order(order, crew_member, "Machine under repair", today=TODAY)

    assert target_of(plan).meter_baseline == Decimal(1000)


def test_forecast_from_the_average_usage(plan, machine, crew_member):
    # 1,000 h on 18 September, 1,200 h on 28 September: 20 h a day; 300 h to go.
    read(machine, 1200, crew_member, when=at(TODAY))

    assert services.meter_forecast(target_of(plan), today=TODAY) == day(10, 13)


def test_forecast_needs_two_readings(machine, crew_member):
    plan = PlanFactory(mode=PlanMode.METER, rrule="", meter=HOURS, meter_interval=Decimal(500), assets=[machine])
    services.generate_work_orders(today=TODAY)
    read(machine, 100, crew_member)

    assert services.meter_forecast(target_of(plan), today=TODAY) is None


def test_forecast_is_today_once_the_threshold_is_passed(plan, machine, crew_member):
    read(machine, 1600, crew_member, when=at(TODAY))

    assert services.meter_forecast(target_of(plan), today=TODAY) == TODAY


def test_a_lower_reading_is_refused_and_not_stored(plan, machine, crew_member):
    read(machine, 1200, crew_member, when=at(day(9, 25)))
    before = snapshot(MeterReading)

    with pytest.raises(ValidationError) as caught:
        read(machine, 1150, crew_member)

    assert caught.value.code == "meter_lower"
    assert caught.value.messages == [
        "1150 is lower than the last reading (1200.00 on 2026-09-25): check the meter, "
        "or mark the reading as a new meter's if it was replaced."
    ]
    assert snapshot(MeterReading) == before


@pytest.mark.parametrize("value", [-1, Decimal("-0.01")])
def test_a_negative_reading_is_refused_and_not_stored(machine, crew_member, value):
    with pytest.raises(ValidationError) as caught:
        read(machine, value, crew_member)

    assert caught.value.code == "meter_negative"
    assert caught.value.messages == ["A meter reading cannot be negative."]
    assert not MeterReading.objects.exists()


def test_a_lower_reading_at_completion_refuses_the_completion(plan, machine, crew_member):
    read(machine, 1550, crew_member)
    order = WorkOrder.objects.get(plan=plan)
    orders, readings = snapshot(WorkOrder), snapshot(MeterReading)

    with pytest.raises(ValidationError) as caught:
        services.complete_work_order(order, crew_member, meter_reading=Decimal(1400), today=TODAY)

    assert caught.value.code == "meter_lower"
    assert (snapshot(WorkOrder), snapshot(MeterReading)) == (orders, readings)
    assert target_of(plan).meter_baseline == Decimal(1000)


def test_another_meter_does_not_count(plan, machine, crew_member):
    services.record_meter_reading(machine, Meter.TONNES, Decimal(5000), crew_member)

    assert not WorkOrder.objects.filter(plan=plan).exists()


def test_a_back_dated_reading_higher_than_a_later_one_is_refused(plan, machine, crew_member):
    read(machine, 1200, crew_member, when=at(day(9, 26)))

    with pytest.raises(ValidationError):
        read(machine, 1300, crew_member, when=at(day(9, 25)))


def test_a_reading_reaching_the_threshold_on_an_earlier_day_makes_an_order_due_that_day(plan, machine, crew_member):
    read(machine, 1500, crew_member, when=at(day(9, 26)) - datetime.timedelta(hours=1))

    # Read on the 26th, entered on the 28th: the service was due when the meter got there.
    order = WorkOrder.objects.get(plan=plan)
    assert order.due == day(9, 26)
    assert order.is_overdue(TODAY)
