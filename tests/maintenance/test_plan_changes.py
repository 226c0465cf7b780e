"""Plan changes rewrite only future untouched orders; pause cancels them, resume brings
them back. Orders someone worked on, and missed ones in the past, are never rewritten."""

import datetime

import pytest

from maintenance import services
from maintenance.choices import CalendarPolicy, CancelReason, NonWorkingDayRule, OrderStatus, PlanMode
from maintenance.models import CalendarDay, ChecklistAnswer, ChecklistItem, PlanTarget, WorkOrder
from tests.maintenance.factories import TODAY, CrewFactory, PlanFactory, at, day, days, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture
def worked(time_machine, crew_member, planner):
    """A daily plan generated from 21 September, seen on 28 September: seven missed orders
    in the past, and future orders in every state someone can leave them in."""
    time_machine.move_to(at(day(9, 21)), tick=False)
    plan = PlanFactory(start=day(9, 21), assets=[equipment()])
    item = ChecklistItem.objects.create(plan=plan, label="Bins emptied", required=False)
    services.generate_work_orders(today=day(9, 21))
    time_machine.move_to(at(TODAY), tick=False)
    services.generate_work_orders(today=TODAY)
    orders = {order.due: order for order in WorkOrder.objects.filter(plan=plan)}

    services.start_work_order(orders[day(10, 1)], crew_member)
    services.complete_work_order(orders[day(10, 2)], crew_member, today=TODAY)
    services.skip_work_order(orders[day(10, 3)], crew_member, "Road closed for the parade", today=TODAY)
    services.move_work_order(orders[day(10, 4)], day(10, 20), planner, today=TODAY)
    ChecklistAnswer.objects.create(order=orders[day(10, 6)], item=item, passed=True)
    WorkOrder.objects.filter(pk=orders[day(10, 7)].pk).update(notes="Bring the long ladder")
    touched = {orders[due].pk for due in [day(10, 1), day(10, 2), day(10, 3), day(10, 4), day(10, 6), day(10, 7)]}
    past = {orders[due].pk for due in days(day(9, 21), day(9, 27))}
    return plan, touched, past


def state(pks) -> set[tuple]:
    rows = WorkOrder.objects.filter(pk__in=pks).values_list("pk", "due", "status", "crew", "notes", "rescheduled")
    return set(rows)


def test_a_rule_change_rewrites_only_future_untouched_orders(worked):
    plan, touched, past = worked
    kept_before = state(touched | past)

    plan.rrule = "FREQ=WEEKLY;BYDAY=MO"
    plan.save()
    services.plan_changed(plan, {"rrule"}, today=TODAY)

    assert state(touched | past) == kept_before
    new = WorkOrder.objects.filter(plan=plan).exclude(pk__in=touched | past)
    assert list(new.values_list("due", "status")) == [
        (day(9, 28), OrderStatus.SCHEDULED),
        (day(10, 5), OrderStatus.SCHEDULED),
        (day(10, 12), OrderStatus.SCHEDULED),
    ]
    assert dues(plan, due__gte=TODAY) == [
        day(9, 28), day(10, 1), day(10, 2), day(10, 3), day(10, 5), day(10, 6), day(10, 7), day(10, 12), day(10, 20)
    ]  # fmt: skip


def test_a_rule_change_that_falls_on_a_kept_order_makes_no_duplicate(worked):
    plan, touched, _past = worked

    plan.rrule = "FREQ=WEEKLY;BYDAY=TH"  # 1 October is in progress
    plan.save()
    services.plan_changed(plan, {"rrule"}, today=TODAY)

    assert WorkOrder.objects.filter(plan=plan, due=day(10, 1)).count() == 1
    assert dues(plan, due__gte=TODAY, status=OrderStatus.SCHEDULED, rescheduled=False) == [
        day(10, 6),  # answered
        day(10, 7),  # notes
        day(10, 8),
    ]


def test_a_crew_change_moves_future_untouched_orders_to_the_new_crew(worked):
    plan, touched, past = worked
    old_crew, new_crew = plan.crew, CrewFactory()

    plan.crew = new_crew
    plan.save()
    services.plan_changed(plan, {"crew"}, today=TODAY)

    untouched_future = WorkOrder.objects.filter(plan=plan).exclude(pk__in=touched | past)
    assert list(untouched_future.values_list("due", flat=True)) == [
        day(9, 28), day(9, 29), day(9, 30), day(10, 5), day(10, 8), day(10, 9), day(10, 10), day(10, 11), day(10, 12)
    ]  # fmt: skip
    assert set(untouched_future.values_list("crew", flat=True)) == {new_crew.pk}
    assert set(WorkOrder.objects.filter(pk__in=touched | past).values_list("crew", flat=True)) == {old_crew.pk}


def test_a_change_to_a_field_that_does_not_schedule_rewrites_nothing(worked):
    plan, _touched, _past = worked
    before = list(WorkOrder.objects.order_by("pk").values_list("pk", "due", "crew"))

    plan.name = "Sweep, renamed"
    plan.save()
    result = services.plan_changed(plan, {"name", "instructions"}, today=TODAY)

    assert result.created == 0
    assert list(WorkOrder.objects.order_by("pk").values_list("pk", "due", "crew")) == before


def test_a_calendar_change_reschedules_future_untouched_orders(worked):
    plan, touched, past = worked
    kept_before = state(touched | past)

    plan.calendar = CalendarPolicy.WORKING_DAYS
    plan.non_working = NonWorkingDayRule.SKIP
    plan.save()
    services.plan_changed(plan, {"calendar", "non_working"}, today=TODAY)

    assert state(touched | past) == kept_before
    assert dues(plan, due__gte=TODAY) == [
        day(9, 28), day(9, 29), day(9, 30), day(10, 1), day(10, 2), day(10, 3), day(10, 6), day(10, 7),
        day(10, 8), day(10, 9), day(10, 10), day(10, 12), day(10, 20),
    ]  # fmt: skip


# --- An occurrence placed after today by the calendar ---------------------------------------


@pytest.fixture
def moved_past_today(time_machine):
    """A monthly plan on the 1st, working days, moved to the next one: on 3 October the
    order for 1 October is due on 8 October (after National Day) and nobody touched it."""
    time_machine.move_to(at(day(9, 14)), tick=False)
    plan = PlanFactory(
        rrule="FREQ=MONTHLY;BYMONTHDAY=1",
        start=day(9, 14),
        calendar=CalendarPolicy.WORKING_DAYS,
        non_working=NonWorkingDayRule.NEXT,
        assets=[equipment()],
    )
    services.generate_work_orders(today=day(9, 14), days=20)
    time_machine.move_to(at(day(10, 3)), tick=False)
    assert list(WorkOrder.objects.filter(plan=plan).values_list("occurrence", "due")) == [(day(10, 1), day(10, 8))]
    return plan


def test_a_crew_change_keeps_an_order_whose_occurrence_is_before_today(moved_past_today):
    plan = moved_past_today
    plan.crew = CrewFactory()
    plan.save()

    services.plan_changed(plan, {"crew"}, today=day(10, 3))

    assert list(WorkOrder.objects.filter(plan=plan).values_list("occurrence", "due", "crew")) == [
        (day(10, 1), day(10, 8), plan.crew_id)
    ]


def test_resume_brings_back_an_order_whose_occurrence_is_before_today(moved_past_today):
    plan = moved_past_today
    services.pause_plan(plan, today=day(10, 3))

    services.resume_plan(plan, today=day(10, 3))

    assert list(WorkOrder.objects.filter(plan=plan).values_list("occurrence", "due", "status")) == [
        (day(10, 1), day(10, 8), OrderStatus.SCHEDULED)
    ]


# --- Pause and resume -----------------------------------------------------------------------


def test_pause_cancels_future_untouched_orders_and_leaves_the_rest(worked):
    plan, touched, past = worked
    kept_before = state(touched | past)

    cancelled = services.pause_plan(plan, today=TODAY)

    plan.refresh_from_db()
    assert plan.paused
    assert cancelled == 9
    paused = WorkOrder.objects.filter(plan=plan, status=OrderStatus.CANCELLED)
    assert set(paused.values_list("cancel_reason", flat=True)) == {CancelReason.PAUSED}
    assert set(paused.values_list("closed", flat=True)) == {at(TODAY)}
    assert min(paused.values_list("due", flat=True)) == TODAY
    assert state(touched | past) == kept_before
    assert WorkOrder.objects.overdue(TODAY).filter(plan=plan).count() == 7


def test_a_paused_plan_generates_nothing_later(worked, time_machine):
    plan, _touched, _past = worked
    services.pause_plan(plan, today=TODAY)
    count = WorkOrder.objects.count()

    time_machine.move_to(at(day(10, 20)), tick=False)
    result = services.generate_work_orders(today=day(10, 20))
    services.plan_changed(plan, {"rrule"}, today=day(10, 20))

    assert result.created == 0
    assert WorkOrder.objects.count() == count


def test_resume_restores_the_cancelled_orders(worked):
    plan, touched, past = worked
    services.pause_plan(plan, today=TODAY)

    result = services.resume_plan(plan, today=TODAY)

    plan.refresh_from_db()
    assert not plan.paused
    assert result.created == 9
    assert not WorkOrder.objects.filter(plan=plan, status=OrderStatus.CANCELLED).exists()
    assert dues(plan, due__gte=TODAY, status=OrderStatus.SCHEDULED, rescheduled=False) == [
        day(9, 28), day(9, 29), day(9, 30), day(10, 5), day(10, 6), day(10, 7), day(10, 8), day(10, 9),
        day(10, 10), day(10, 11), day(10, 12),
    ]  # fmt: skip


def test_resume_a_week_later_leaves_the_paused_week_cancelled(worked, time_machine):
    plan, _touched, _past = worked
    services.pause_plan(plan, today=TODAY)
    time_machine.move_to(at(day(10, 5)), tick=False)

    services.resume_plan(plan, today=day(10, 5))

    cancelled = dues(plan, status=OrderStatus.CANCELLED)
    assert cancelled == [day(9, 28), day(9, 29), day(9, 30)]
    assert dues(plan, status=OrderStatus.SCHEDULED, due__gte=day(10, 5), rescheduled=False) == days(
        day(10, 5), day(10, 19)
    )
    assert set(PlanTarget.objects.filter(plan=plan).values_list("generated_through", flat=True)) == {day(10, 19)}


# --- A rewrite interrupted -------------------------------------------------------------------


def test_a_rewrite_interrupted_before_generating_leaves_no_new_order_in_the_past(time_machine):
    time_machine.move_to(at(day(9, 14)), tick=False)
    plan = PlanFactory(start=day(9, 14), rrule="FREQ=WEEKLY;BYDAY=MO", assets=[equipment()])
    services.generate_work_orders(today=day(9, 14))
    time_machine.move_to(at(TODAY), tick=False)  # Monday 28 September
    services.generate_work_orders(today=TODAY)

    plan.rrule = "FREQ=WEEKLY;BYDAY=WE"
    plan.save()
    services.rewrite_future_orders([plan.pk], TODAY)
    # ... and the process dies before generating; the nightly run generates:
    services.generate_work_orders(today=TODAY)

    # Not the Wednesdays 16 and 23 September as overdue orders: the rewrite was from today.
    assert dues(plan, due__lt=TODAY) == [day(9, 14), day(9, 21)]
    assert dues(plan, due__gte=TODAY)[:2] == [day(9, 30), day(10, 7)]
    assert PlanTarget.objects.get(plan=plan).regenerate_from is None  # done with


def test_a_floating_rewrite_interrupted_before_generating_makes_no_overdue_order(time_machine, crew_member):
    time_machine.move_to(at(day(9, 1)), tick=False)
    plan = PlanFactory(start=day(9, 1), mode=PlanMode.FLOATING, rrule="FREQ=WEEKLY;INTERVAL=4", assets=[equipment()])
    services.generate_work_orders(today=day(9, 1))
    services.complete_work_order(WorkOrder.objects.get(plan=plan), crew_member, today=day(9, 1))
    services.generate_work_orders(today=day(9, 1))  # the next one: 29 September
    time_machine.move_to(at(TODAY), tick=False)

    plan.rrule = "FREQ=WEEKLY;INTERVAL=2"  # from the last close, 15 September: in the past
    plan.save()
    services.rewrite_future_orders([plan.pk], TODAY)
    services.generate_work_orders(today=TODAY)

    assert dues(plan, status__in=[OrderStatus.SCHEDULED]) == [TODAY]


def test_a_calendar_change_beyond_the_horizon_loses_no_order_of_the_coming_days(time_machine):
    plan = PlanFactory(
        rrule="FREQ=DAILY", calendar=CalendarPolicy.WORKING_DAYS, horizon_days=14, start=TODAY, assets=[equipment()]
    )
    services.generate_work_orders(today=TODAY)
    tomorrow = TODAY + datetime.timedelta(days=1)
    time_machine.move_to(at(tomorrow), tick=False)

    # A local day off next March: nothing in the coming two weeks moves, but the night's
    # new day at the end of the horizon (Tuesday 13 October) must still be made.
    CalendarDay.objects.create(date=day(3, 3, year=2027), working=False, name="Local day off")
    services.calendar_changed(day(3, 3, year=2027), day(3, 3, year=2027), today=tomorrow)

    assert dues(plan)[-2:] == [day(10, 12), day(10, 13)]
    assert not PlanTarget.objects.filter(regenerate_from__isnull=False).exists()
