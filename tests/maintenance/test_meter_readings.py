"""Meter readings beyond the basics of test_meter: a reading in the future, a new meter
(lower allowed, the baselines carried over, forecasts from its own start), and the
readings an order records when completed (a checklist item that records a meter, a
meter plan's reading field)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from maintenance import services
from maintenance.choices import ChecklistItemKind, Meter, OrderStatus, PlanMode
from maintenance.models import ChecklistItem, MeterReading, Plan, PlanTarget, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, at, day, equipment, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

HOURS = Meter.RUNNING_HOURS


@pytest.fixture
def machine():
    return equipment(code="EQ-01")


@pytest.fixture
def service_plan(machine, crew_of_member, crew_member):
    """Every 500 h; the machine read 1,000 h on 18 September (its baseline)."""
    services.record_meter_reading(machine, HOURS, Decimal(1000), crew_member, read_at=at(day(9, 18)))
    plan = PlanFactory(
        mode=PlanMode.METER, rrule="", meter=HOURS, meter_interval=Decimal(500), assets=[machine], crew=crew_of_member
    )
    services.generate_work_orders(today=TODAY)
    return plan


@pytest.fixture
def inspection(machine, crew_of_member):
    """A weekly inspection whose "running hours" line records the meter."""
    plan = PlanFactory(rrule="FREQ=WEEKLY", assets=[machine], crew=crew_of_member)
    ChecklistItem.objects.create(plan=plan, position=1, label="Runs quietly")
    ChecklistItem.objects.create(
        plan=plan, position=2, label="Running hours", kind=ChecklistItemKind.NUMBER, unit="h", meter=HOURS
    )
    services.generate_work_orders(today=TODAY)
    return plan


def read(machine, value, by, when=None, replacement=False):
    return services.record_meter_reading(machine, HOURS, Decimal(value), by, read_at=when, replacement=replacement)


def baseline(plan) -> Decimal:
    return PlanTarget.objects.get(plan=plan).meter_baseline


def test_a_reading_in_the_future_is_refused_and_not_stored(machine, crew_member):
    with pytest.raises(ValidationError) as caught:
        read(machine, 100, crew_member, when=at(TODAY, 10))

    assert caught.value.code == "meter_future"
    assert caught.value.messages == ["A meter reading cannot be in the future."]
    assert not MeterReading.objects.exists()


def test_a_phone_clock_a_minute_ahead_is_not_the_future(machine, crew_member):
    read(machine, 100, crew_member, when=at(TODAY) + datetime.timedelta(minutes=1))

    assert MeterReading.objects.get().value == 100


def test_a_new_meter_may_read_lower_and_keeps_the_hours_since_the_service(service_plan, machine, crew_member):
    read(machine, 1300, crew_member, when=at(day(9, 25)))  # 300 h since the service

    reading = read(machine, 20, crew_member, replacement=True)  # the new meter reads 20 h

    assert (reading.value, reading.replacement) == (20, True)
    # 200 h to go, counted on the new meter: due at 220.
    assert baseline(service_plan) == Decimal(-280)
    assert PlanTarget.objects.select_related("plan").get(plan=service_plan).threshold == Decimal(220)
    read(machine, 219, crew_member)
    assert not WorkOrder.objects.filter(plan=service_plan).exists()
    read(machine, 220, crew_member)
    assert WorkOrder.objects.get(plan=service_plan).meter_threshold == Decimal(220)


def test_after_a_new_meter_readings_are_compared_with_it(service_plan, machine, crew_member):
    read(machine, 1300, crew_member, when=at(day(9, 25)))
    read(machine, 20, crew_member, when=at(day(9, 26)), replacement=True)

    read(machine, 30, crew_member, when=at(day(9, 27)))
    with pytest.raises(ValidationError) as caught:
        read(machine, 25, crew_member)
    assert caught.value.code == "meter_lower"
    # Before the new meter was fitted, the old one's readings count: not limited by its 20 h.
    read(machine, 1310, crew_member, when=at(day(9, 25), 17))


def test_a_new_meter_must_be_read_after_every_reading_of_the_old_one(service_plan, machine, crew_member):
    read(machine, 1300, crew_member, when=at(day(9, 25)))
    before = snapshot(MeterReading)

    with pytest.raises(ValidationError) as caught:
        read(machine, 0, crew_member, when=at(day(9, 24)), replacement=True)

    assert caught.value.code == "meter_replacement_early"
    assert caught.value.messages == [
        "A new meter must be read after every reading of the old one (the last was on 2026-09-25)."
    ]
    assert snapshot(MeterReading) == before
    assert baseline(service_plan) == Decimal(1000)


def test_a_new_meter_cannot_read_negative(machine, crew_member):
    with pytest.raises(ValidationError) as caught:
        read(machine, -5, crew_member, replacement=True)

    assert caught.value.code == "meter_negative"


def test_the_forecast_counts_from_the_new_meter(service_plan, machine, crew_member):
    read(machine, 1300, crew_member, when=at(day(9, 20)))
    read(machine, 0, crew_member, when=at(day(9, 24)), replacement=True)  # baseline -300: due at 200
    read(machine, 100, crew_member, when=at(TODAY))  # 25 h a day on the new meter

    target = PlanTarget.objects.select_related("plan").get(plan=service_plan)
    assert services.meter_forecast(target, today=TODAY) == day(10, 2)


def test_completing_records_the_checklist_answer_that_records_a_meter(inspection, machine, crew_member):
    order = WorkOrder.objects.get(plan=inspection, due=TODAY)
    items = {item.label: item.pk for item in inspection.checklist.all()}
    services.save_answers(order, crew_member, {items["Runs quietly"]: "pass", items["Running hours"]: "4620"})

    services.complete_work_order(order, crew_member, today=TODAY)

    reading = MeterReading.objects.get()
    assert (reading.asset, reading.meter, reading.value, reading.order, reading.recorded_by) == (
        machine,
        HOURS,
        Decimal(4620),
        order,
        crew_member,
    )
    assert reading.read_at == order.closed == at(TODAY)


def test_an_unanswered_meter_item_records_nothing(inspection, crew_member):
    order = WorkOrder.objects.get(plan=inspection, due=TODAY)
    item = inspection.checklist.get(label="Running hours")
    item.required = False
    item.save()
    services.save_answers(order, crew_member, {inspection.checklist.get(label="Runs quietly").pk: "pass"})

    services.complete_work_order(order, crew_member, today=TODAY)

    assert not MeterReading.objects.exists()


def test_a_lower_answer_refuses_the_completion_and_names_the_item(inspection, machine, crew_member):
    read(machine, 4700, crew_member, when=at(day(9, 21)))
    order = WorkOrder.objects.get(plan=inspection, due=TODAY)
    items = {item.label: item.pk for item in inspection.checklist.all()}
    answers = {items["Runs quietly"]: "pass", items["Running hours"]: "4620"}

    with pytest.raises(ValidationError) as caught:
        services.submit_work(order, crew_member, answers=answers, notes="", minutes_spent=None, action="complete")

    assert caught.value.message_dict == {
        f"item-{items['Running hours']}": [
            "4620.000 is lower than the last reading (4700.00 on 2026-09-21): check the meter, "
            "or mark the reading as a new meter's if it was replaced."
        ]
    }
    order.refresh_from_db()
    assert order.status == OrderStatus.SCHEDULED
    assert order.answers.get(item=items["Running hours"]).number == 4620  # what was typed is kept
    assert list(MeterReading.objects.values_list("value", flat=True)) == [4700]


def test_only_a_number_item_may_record_a_meter(inspection):
    item = ChecklistItem(
        plan=inspection, position=3, label="Meter clean", kind=ChecklistItemKind.PASS_FAIL, meter=HOURS
    )
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert caught.value.message_dict == {"meter": ["Only a number item can record a meter reading."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_a_meter_plans_reading_sent_with_save_is_recorded_at_once(service_plan, machine, crew_member):
    read(machine, 1510, crew_member, when=at(day(9, 27)))
    order = WorkOrder.objects.get(plan=service_plan)

    services.submit_work(order, crew_member, answers={}, notes="", minutes_spent=None, meter_reading=Decimal(1525))

    reading = MeterReading.objects.get(order=order)
    assert (reading.value, reading.read_at) == (Decimal(1525), at(TODAY))
    order.refresh_from_db()
    assert order.status == OrderStatus.SCHEDULED


def test_a_meter_plans_reading_refused_is_named_on_its_field(service_plan, machine, crew_member):
    read(machine, 1510, crew_member, when=at(day(9, 27)))
    order = WorkOrder.objects.get(plan=service_plan)

    with pytest.raises(ValidationError) as caught:
        services.submit_work(
            order, crew_member, answers={}, notes="", minutes_spent=None, action="complete", meter_reading=Decimal(-1)
        )

    assert caught.value.message_dict == {"meter_reading": ["A meter reading cannot be negative."]}
    assert NON_FIELD_ERRORS not in caught.value.message_dict
    order.refresh_from_db()
    assert order.status == OrderStatus.SCHEDULED


def test_two_different_readings_of_one_meter_are_refused(inspection, machine, crew_member):
    # A meter plan whose checklist also has a line for its meter (the page then shows no reading field).
    Plan.objects.filter(pk=inspection.pk).update(mode=PlanMode.METER, rrule="", meter=HOURS, meter_interval=500)
    order = WorkOrder.objects.select_related("plan").get(plan=inspection, due=TODAY)
    items = {item.label: item.pk for item in inspection.checklist.all()}
    services.save_answers(order, crew_member, {items["Runs quietly"]: "pass", items["Running hours"]: "4620"})

    with pytest.raises(ValidationError) as caught:
        services.completion_readings(order, Decimal(4630))

    assert caught.value.code == "meter_twice"
    assert caught.value.messages == ["Two different readings of the same meter were given: 4620.000 and 4630."]
    assert services.completion_readings(order, Decimal(4620)) == {HOURS: Decimal(4620)}
