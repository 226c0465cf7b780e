"""Floating plans: one open order per asset; the next is due one interval after the last
one was completed or skipped, placed by the plan's calendar policy."""

import pytest

from maintenance import services
from maintenance.choices import CalendarPolicy, NonWorkingDayRule, OrderStatus, PlanMode
from maintenance.models import CalendarDay, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, at, day, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def floating_plan(rule="FREQ=WEEKLY", **kwargs):
    return PlanFactory(mode=PlanMode.FLOATING, rrule=rule, assets=[equipment()], **kwargs)


def open_order(plan) -> WorkOrder:
    return WorkOrder.objects.open().get(plan=plan)


def close_on(time_machine, date, action):
    """Do ``action`` at 16:00 on ``date``."""
    time_machine.move_to(at(date, hour=16), tick=False)
    action(date)


def test_the_first_order_is_due_at_the_start():
    plan = floating_plan(start=day(10, 5))

    result = services.generate_work_orders(today=TODAY)

    assert result.created == 1
    assert list(WorkOrder.objects.filter(plan=plan).values_list("occurrence", "due")) == [(day(10, 5), day(10, 5))]


def test_only_one_open_order_at_a_time():
    plan = floating_plan()
    services.generate_work_orders(today=TODAY)

    result = services.generate_work_orders(today=day(10, 30))

    assert result.created == 0
    assert dues(plan) == [TODAY]


def test_completed_late_the_next_is_due_one_interval_after_completion(time_machine, crew_member):
    plan = floating_plan()
    services.generate_work_orders(today=TODAY)
    order = open_order(plan)

    close_on(time_machine, day(10, 3), lambda today: services.complete_work_order(order, crew_member, today=today))

    assert open_order(plan).due == day(10, 10)  # not 5 October, as a fixed weekly plan would say
    assert dues(plan) == [TODAY, day(10, 10)]


def test_completed_early_the_next_is_due_one_interval_after_completion(time_machine, crew_member):
    plan = floating_plan(start=day(10, 12))
    services.generate_work_orders(today=TODAY)
    order = open_order(plan)

    close_on(time_machine, day(10, 9), lambda today: services.complete_work_order(order, crew_member, today=today))

    assert open_order(plan).due == day(10, 16)


def test_completed_a_whole_interval_early_the_next_is_still_after_the_last_due(time_machine, crew_member):
    plan = floating_plan(start=day(10, 12))
    services.generate_work_orders(today=TODAY)
    order = open_order(plan)

    close_on(time_machine, day(10, 3), lambda today: services.complete_work_order(order, crew_member, today=today))

    # 3 October + 7 days is 10 October, before the order just done: the day after it instead.
    assert open_order(plan).due == day(10, 13)


def test_skipping_also_schedules_the_next(time_machine, crew_member):
    plan = floating_plan("FREQ=DAILY;INTERVAL=10")
    services.generate_work_orders(today=TODAY)
    order = open_order(plan)

    close_on(time_machine, day(9, 30), lambda today: services.skip_work_order(order, crew_member, "Rain", today=today))

    assert open_order(plan).due == day(10, 10)
    assert WorkOrder.objects.get(pk=order.pk).status == OrderStatus.SKIPPED


def test_a_monthly_interval(time_machine, crew_member):
    plan = floating_plan("FREQ=MONTHLY;INTERVAL=3")
    services.generate_work_orders(today=TODAY)
    order = open_order(plan)

    close_on(time_machine, day(10, 31), lambda today: services.complete_work_order(order, crew_member, today=today))

    assert open_order(plan).due == day(1, 31, 2027)


def test_a_local_day_off_two_years_ahead_places_a_two_yearly_order(time_machine, crew_member):
    # Two years after today is Thursday 28 September 2028, a day off in the zone.
    plan = floating_plan(
        "FREQ=YEARLY;INTERVAL=2", calendar=CalendarPolicy.WORKING_DAYS, non_working=NonWorkingDayRule.NEXT
    )
    services.generate_work_orders(today=TODAY)
    order = open_order(plan)
    CalendarDay.objects.create(date=day(9, 28, 2028), working=False, name="Local day off")

    close_on(time_machine, TODAY, lambda today: services.complete_work_order(order, crew_member, today=today))

    assert open_order(plan).due == day(9, 29, 2028)


@pytest.mark.parametrize(
    "policy, expected",
    [
        (NonWorkingDayRule.NEXT, day(10, 8)),
        # A floating order is never dropped: "skip" waits for the next working day.
        (NonWorkingDayRule.SKIP, day(10, 8)),
        (NonWorkingDayRule.PREVIOUS, day(9, 30)),
    ],
)
def test_the_working_days_policy_places_the_next_order(time_machine, crew_member, policy, expected):
    time_machine.move_to(at(day(9, 21)), tick=False)
    plan = floating_plan(start=day(9, 21), calendar=CalendarPolicy.WORKING_DAYS, non_working=policy)
    services.generate_work_orders(today=day(9, 21))
    order = open_order(plan)

    # Completed on Thursday 24 September: a week later is National Day.
    close_on(time_machine, day(9, 24), lambda today: services.complete_work_order(order, crew_member, today=today))

    assert open_order(plan).due == expected


def test_an_open_order_overdue_blocks_the_next_until_it_is_handled(time_machine, crew_member):
    plan = floating_plan()
    services.generate_work_orders(today=TODAY)
    time_machine.move_to(at(day(10, 20)), tick=False)

    assert services.generate_work_orders(today=day(10, 20)).created == 0
    assert WorkOrder.objects.overdue(day(10, 20)).get(plan=plan).due == TODAY

    services.complete_work_order(open_order(plan), crew_member, today=day(10, 20))
    assert open_order(plan).due == day(10, 27)


def test_a_paused_floating_plan_gets_no_next_order(time_machine, crew_member):
    plan = floating_plan()
    services.generate_work_orders(today=TODAY)
    order = open_order(plan)
    services.start_work_order(order, crew_member)  # in progress: the pause leaves it
    services.pause_plan(plan, today=TODAY)

    services.complete_work_order(order, crew_member, today=TODAY)

    assert not WorkOrder.objects.open().filter(plan=plan).exists()


def test_resuming_a_floating_plan_after_its_due_date_gives_it_an_open_order(time_machine, crew_member):
    plan = floating_plan()
    services.generate_work_orders(today=TODAY)
    services.complete_work_order(open_order(plan), crew_member, today=TODAY)  # next: 5 October
    services.pause_plan(plan, today=day(10, 1))

    time_machine.move_to(at(day(10, 10)), tick=False)
    services.resume_plan(plan, today=day(10, 10))
    services.generate_work_orders(today=day(10, 11))

    assert WorkOrder.objects.open().filter(plan=plan).count() == 1


def test_a_floating_previous_plan_always_has_a_next_order(time_machine, crew_member):
    time_machine.move_to(at(day(9, 23)), tick=False)
    plan = PlanFactory(
        mode=PlanMode.FLOATING,
        rrule="FREQ=WEEKLY",
        start=day(9, 30),
        calendar=CalendarPolicy.WORKING_DAYS,
        non_working=NonWorkingDayRule.PREVIOUS,
        assets=[equipment()],
    )
    services.generate_work_orders(today=day(9, 23))
    order = WorkOrder.objects.get(plan=plan)
    assert order.due == day(9, 30)

    time_machine.move_to(at(day(9, 30), hour=16), tick=False)
    services.complete_work_order(order, crew_member, today=day(9, 30))  # next: 7 Oct (holiday) -> 30 Sep
    services.generate_work_orders(today=day(10, 1))

    assert WorkOrder.objects.open().filter(plan=plan).count() == 1
