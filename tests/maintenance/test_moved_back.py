""" "Previous working day": the horizon is measured on the dates the orders end up on (an
occurrence moved back over a long holiday is made before its due date, not after), and
no order goes before the plan's start (a plan starting on a holiday: the next working
day then).

Spring Festival 2026: 15 to 23 February off, Saturday 14 February a make-up working day.
National Day 2026: 1 to 7 October off, Saturday 10 October a make-up working day.
"""

import pytest

from maintenance import services
from maintenance.choices import CalendarPolicy, NonWorkingDayRule, PlanMode
from maintenance.models import PlanTarget, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, at, day, days, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def moving_back(**fields):
    return PlanFactory(
        calendar=CalendarPolicy.WORKING_DAYS, non_working=NonWorkingDayRule.PREVIOUS, assets=[equipment()], **fields
    )


def orders_of(plan) -> list[tuple]:
    return list(WorkOrder.objects.filter(plan=plan).order_by("due").values_list("occurrence", "due"))


def test_an_occurrence_moved_back_past_the_horizon_is_made_before_its_due_date(time_machine):
    # 23 February is the last day of the Spring Festival: its order is due on 14 February,
    # nine days earlier, longer than the plan's seven-day horizon. It was made on
    # 16 February, two days overdue (issue 9).
    plan = moving_back(rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=23", start=day(1, 1), horizon_days=7)
    made_on = {}
    for today in days(day(2, 1), day(2, 23)):
        time_machine.move_to(at(today), tick=False)
        services.generate_work_orders(today=today)
        for order in orders_of(plan):
            made_on.setdefault(order, today)

    # Made when its due date came within the horizon, and only once.
    assert made_on == {(day(2, 23), day(2, 14)): day(2, 7)}
    assert PlanTarget.objects.get(plan=plan).generated_through == day(3, 2)


def test_the_run_that_reaches_it_makes_it_and_the_next_runs_nothing_more(time_machine):
    plan = moving_back(rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=23", start=day(1, 1), horizon_days=7)
    time_machine.move_to(at(day(2, 6)), tick=False)
    services.generate_work_orders(today=day(2, 6))
    assert orders_of(plan) == []
    assert PlanTarget.objects.get(plan=plan).generated_through == day(2, 13)

    time_machine.move_to(at(day(2, 7)), tick=False)
    assert services.generate_work_orders(today=day(2, 7)).created == 1
    assert PlanTarget.objects.get(plan=plan).generated_through == day(2, 14)
    assert services.generate_work_orders(today=day(2, 7)).created == 0
    time_machine.move_to(at(day(2, 8)), tick=False)
    assert services.generate_work_orders(today=day(2, 8)).created == 0
    assert orders_of(plan) == [(day(2, 23), day(2, 14))]


def test_a_daily_plan_starting_on_a_holiday_begins_on_the_next_working_day():
    # 1 to 7 October moved back would land on 30 September, before the plan starts.
    plan = moving_back(rrule="FREQ=DAILY", start=day(10, 1))

    services.generate_work_orders(today=TODAY)  # through 12 October

    assert orders_of(plan) == [
        (day(10, 1), day(10, 8)),
        (day(10, 9), day(10, 9)),
        (day(10, 10), day(10, 10)),  # a make-up working day; Sunday 11 October moved back onto it
        (day(10, 12), day(10, 12)),
    ]


def test_a_weekly_plan_starting_on_a_holiday_begins_on_the_next_working_day(client):
    plan = moving_back(rrule="FREQ=WEEKLY;BYDAY=MO", start=day(10, 1))

    services.generate_work_orders(today=TODAY)

    assert orders_of(plan) == [(day(10, 5), day(10, 8)), (day(10, 12), day(10, 12))]
    # The preview says the same.
    preview = services.preview_dates(plan, TODAY, count=2)
    assert [(date.occurrence, date.due) for date in preview] == [(day(10, 5), day(10, 8)), (day(10, 12), day(10, 12))]


def test_a_floating_plan_starting_on_a_holiday_begins_on_the_next_working_day():
    plan = moving_back(mode=PlanMode.FLOATING, rrule="FREQ=WEEKLY", start=day(10, 3))

    services.generate_work_orders(today=TODAY)

    assert dues(plan) == [day(10, 8)]


def test_an_occurrence_moved_back_within_the_plans_time_is_kept():
    # Sunday 11 October moves back to Saturday 10 October, after the start: as before.
    plan = moving_back(rrule="FREQ=WEEKLY;BYDAY=SU", start=TODAY)

    services.generate_work_orders(today=TODAY)

    assert orders_of(plan) == [(day(10, 4), day(9, 30)), (day(10, 11), day(10, 10))]
