"""Working days: China's official arrangement across National Day 2026, local overrides,
and a year the chinesecalendar package does not know yet (2027: provisional Monday–Friday
orders, a warning, and recomputation once the year is entered)."""

import pytest

from maintenance import services
from maintenance.calendar import WorkingCalendar, package_knows
from maintenance.choices import CalendarPolicy, NonWorkingDayRule, OrderStatus
from maintenance.models import CalendarDay, CalendarYear, WorkOrder
from tests.factories import UserFactory
from tests.maintenance.factories import TODAY, PlanFactory, at, day, days, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

NATIONAL_DAY = days(day(10, 1), day(10, 7))
# Working days from 28 September to 12 October 2026 (today + 14): Saturday 10 October is a
# make-up working day, Sunday 11 October is not.
WORKING_DAYS_TO_HORIZON = [day(9, 28), day(9, 29), day(9, 30), day(10, 8), day(10, 9), day(10, 10), day(10, 12)]


def working_plan(rule: str = "FREQ=DAILY", non_working: str = NonWorkingDayRule.SKIP, **kwargs):
    return PlanFactory(
        rrule=rule, calendar=CalendarPolicy.WORKING_DAYS, non_working=non_working, assets=[equipment()], **kwargs
    )


# --- The calendar itself --------------------------------------------------------------------


def test_official_arrangement_for_national_day_2026():
    calendar = WorkingCalendar({}, set())

    assert [calendar.is_working(date) for date in NATIONAL_DAY] == [(False, False)] * 7
    assert calendar.is_working(day(9, 20)) == (True, False)  # Sunday, make-up working day
    assert calendar.is_working(day(10, 10)) == (True, False)  # Saturday, make-up working day
    assert calendar.is_working(day(10, 11)) == (False, False)  # an ordinary Sunday
    assert calendar.is_working(day(9, 25)) == (False, False)  # Mid-Autumn Festival, a Friday


def test_a_year_the_package_does_not_know_is_monday_to_friday_provisionally():
    assert package_knows(2026)
    assert not package_knows(2027)
    calendar = WorkingCalendar({}, set())

    assert calendar.is_working(day(1, 1, 2027)) == (True, True)  # a Friday
    assert calendar.is_working(day(1, 2, 2027)) == (False, True)  # a Saturday
    assert not calendar.is_known(2027)


def test_a_confirmed_year_is_monday_to_friday_for_good_and_its_overrides_count():
    calendar = WorkingCalendar({day(1, 1, 2027): False}, {2027})

    assert calendar.is_known(2027)
    assert calendar.is_working(day(1, 1, 2027)) == (False, False)
    assert calendar.is_working(day(1, 4, 2027)) == (True, False)


def test_place_follows_the_rule_for_a_non_working_day():
    calendar = WorkingCalendar({}, set())

    assert calendar.place(day(10, 3), NonWorkingDayRule.SKIP) == (None, False)
    assert calendar.place(day(10, 3), NonWorkingDayRule.NEXT) == (day(10, 8), False)
    assert calendar.place(day(10, 3), NonWorkingDayRule.PREVIOUS) == (day(9, 30), False)
    assert calendar.place(day(10, 10), NonWorkingDayRule.SKIP) == (day(10, 10), False)
    # Moving out of a known year into an unknown one makes the answer provisional.
    assert calendar.place(day(12, 31, 2027), NonWorkingDayRule.PREVIOUS) == (day(12, 31, 2027), True)


def test_place_gives_up_after_a_month_of_days_off():
    days_off = {date: False for date in days(day(11, 1), day(12, 31))}
    calendar = WorkingCalendar(days_off, set())

    assert calendar.place(day(11, 10), NonWorkingDayRule.NEXT) == (None, False)


# --- Plans across National Day --------------------------------------------------------------


@pytest.mark.parametrize("policy", [NonWorkingDayRule.SKIP, NonWorkingDayRule.NEXT, NonWorkingDayRule.PREVIOUS])
def test_daily_working_days_plan_has_one_order_per_working_day(policy):
    plan = working_plan(non_working=policy)

    services.generate_work_orders(today=TODAY)

    # Under "next" and "previous" the holiday's occurrences land on a day that has its
    # own occurrence already: one order per day, never seven on 8 October.
    assert dues(plan) == WORKING_DAYS_TO_HORIZON


def test_daily_working_days_plan_with_skip_keeps_each_order_on_its_own_date():
    plan = working_plan(non_working=NonWorkingDayRule.SKIP)

    services.generate_work_orders(today=TODAY)

    orders = WorkOrder.objects.filter(plan=plan).order_by("due")
    assert list(orders.values_list("occurrence", "due", "provisional")) == [
        (date, date, False) for date in WORKING_DAYS_TO_HORIZON
    ]


def test_every_day_plan_is_not_affected_by_holidays():
    plan = PlanFactory(assets=[equipment()])  # FREQ=DAILY, every day

    services.generate_work_orders(today=TODAY)

    assert dues(plan) == days(TODAY, day(10, 12))


# The 1st, 10th and 20th of each month, from 14 September to 3 November 2026:
# 20 Sep is a make-up working Sunday, 1 Oct is National Day, 10 Oct a make-up working
# Saturday, 20 Oct an ordinary Tuesday and 1 Nov a Sunday.
@pytest.mark.parametrize(
    "calendar, policy, expected",
    [
        (CalendarPolicy.EVERY_DAY, NonWorkingDayRule.NEXT, [(9, 20), (10, 1), (10, 10), (10, 20), (11, 1)]),
        (CalendarPolicy.WORKING_DAYS, NonWorkingDayRule.SKIP, [(9, 20), (10, 10), (10, 20)]),
        (CalendarPolicy.WORKING_DAYS, NonWorkingDayRule.NEXT, [(9, 20), (10, 8), (10, 10), (10, 20), (11, 2)]),
        (CalendarPolicy.WORKING_DAYS, NonWorkingDayRule.PREVIOUS, [(9, 20), (9, 30), (10, 10), (10, 20), (10, 30)]),
    ],
)
def test_monthly_plan_across_national_day_and_make_up_days(calendar, policy, expected):
    plan = PlanFactory(
        rrule="FREQ=MONTHLY;BYMONTHDAY=1,10,20",
        start=day(9, 14),
        calendar=calendar,
        non_working=policy,
        assets=[equipment()],
    )

    services.generate_work_orders(today=day(9, 14), days=50)

    assert dues(plan) == [day(*month_day) for month_day in expected]


def test_a_moved_occurrence_keeps_its_rule_date():
    plan = working_plan("FREQ=MONTHLY;BYMONTHDAY=1", NonWorkingDayRule.NEXT, start=day(9, 14))

    services.generate_work_orders(today=day(9, 14), days=50)

    assert list(WorkOrder.objects.filter(plan=plan).values_list("occurrence", "due")) == [
        (day(10, 1), day(10, 8)),
        (day(11, 1), day(11, 2)),
    ]


# --- Local overrides ------------------------------------------------------------------------


def test_local_overrides_take_precedence_over_the_official_calendar():
    CalendarDay.objects.create(date=day(10, 9), working=False, name="Local day off")
    CalendarDay.objects.create(date=day(10, 11), working=True, name="Local working Sunday")
    CalendarDay.objects.create(date=day(10, 2), working=True, name="Duty day")
    plan = working_plan(non_working=NonWorkingDayRule.SKIP)

    services.generate_work_orders(today=TODAY)

    assert dues(plan) == [
        day(9, 28), day(9, 29), day(9, 30), day(10, 2), day(10, 8), day(10, 10), day(10, 11), day(10, 12)
    ]  # fmt: skip


def test_calendar_changed_recomputes_untouched_orders_and_leaves_started_ones(crew_member):
    plan = working_plan(non_working=NonWorkingDayRule.NEXT)
    services.generate_work_orders(today=TODAY)
    started = WorkOrder.objects.get(plan=plan, due=day(9, 30))
    services.start_work_order(started, crew_member)

    CalendarDay.objects.create(date=day(9, 30), working=False, name="Local day off")
    CalendarDay.objects.create(date=day(10, 9), working=False, name="Local day off")
    services.calendar_changed(day(9, 30), day(10, 9), today=TODAY)

    assert dues(plan) == [day(9, 28), day(9, 29), day(9, 30), day(10, 8), day(10, 10), day(10, 12)]
    started.refresh_from_db()
    assert started.status == OrderStatus.IN_PROGRESS
    assert started.due == day(9, 30)


def test_calendar_changed_leaves_every_day_plans_alone():
    plan = PlanFactory(assets=[equipment()])
    services.generate_work_orders(today=TODAY)
    before = list(WorkOrder.objects.filter(plan=plan).values_list("pk", "due"))

    CalendarDay.objects.create(date=day(10, 9), working=False)
    services.calendar_changed(day(10, 9), day(10, 9), today=TODAY)

    assert list(WorkOrder.objects.filter(plan=plan).values_list("pk", "due")) == before


# --- A year the package does not know -------------------------------------------------------

YEAR_END = day(12, 28)  # a Monday; today + 14 days reaches Monday 11 January 2027


@pytest.fixture
def into_2027(time_machine):
    """Two working-days plans generated from 28 December 2026 into January 2027."""
    time_machine.move_to(at(YEAR_END), tick=False)
    fridays = working_plan("FREQ=WEEKLY;BYDAY=FR", NonWorkingDayRule.NEXT, start=YEAR_END)
    daily = working_plan("FREQ=DAILY", NonWorkingDayRule.SKIP, start=YEAR_END)
    result = services.generate_work_orders(today=YEAR_END)
    return fridays, daily, result


def test_generating_into_an_unknown_year_uses_monday_to_friday_and_marks_orders_provisional(into_2027):
    fridays, daily, result = into_2027

    assert dues(fridays) == [day(1, 1, 2027), day(1, 8, 2027)]
    assert dues(daily) == [
        day(12, 28),
        day(12, 29),
        day(12, 30),
        day(12, 31),
        day(1, 1, 2027),
        day(1, 4, 2027),
        day(1, 5, 2027),
        day(1, 6, 2027),
        day(1, 7, 2027),
        day(1, 8, 2027),
        day(1, 11, 2027),
    ]
    orders = WorkOrder.objects.filter(plan__in=[fridays, daily])
    assert {order.due.year for order in orders.filter(provisional=True)} == {2027}
    assert not orders.filter(provisional=False, due__year=2027).exists()
    assert result.provisional == 9


def test_calendar_warnings_name_the_unknown_year_and_count_its_provisional_orders(into_2027):
    warnings = services.calendar_warnings(today=YEAR_END)

    assert warnings == [
        "China's holiday arrangement for 2027 is not known yet: working days in 2027 are taken as Monday to "
        "Friday, and 9 work orders are provisional. Enter the year's public holidays and make-up working days "
        "as calendar days, then confirm the year (or install a newer chinesecalendar); the provisional orders "
        "are then recomputed."
    ]


def test_no_calendar_warning_while_the_horizon_stays_in_known_years():
    working_plan()

    assert services.calendar_warnings(today=TODAY) == []


def test_confirming_the_year_recomputes_untouched_provisional_orders(into_2027, crew_member):
    fridays, daily, _result = into_2027
    started = WorkOrder.objects.get(plan=daily, due=day(1, 5, 2027))
    services.start_work_order(started, crew_member)

    # The State Council's arrangement arrives: New Year's Day is a holiday.
    CalendarDay.objects.create(date=day(1, 1, 2027), working=False, name="New Year's Day")
    CalendarYear.objects.create(year=2027, confirmed_by=UserFactory(username="admin"))
    result = services.generate_work_orders(today=YEAR_END)

    # Every untouched order of both plans from today on: the two Fridays', and the daily plan's
    # eleven but the one started.
    assert result.rewritten == 12
    assert list(WorkOrder.objects.filter(plan=fridays).values_list("occurrence", "due", "provisional")) == [
        (day(1, 1, 2027), day(1, 4, 2027), False),
        (day(1, 8, 2027), day(1, 8, 2027), False),
    ]
    assert day(1, 1, 2027) not in dues(daily)
    assert not WorkOrder.objects.filter(plan=daily, provisional=True).exclude(pk=started.pk).exists()
    started.refresh_from_db()
    assert (started.status, started.due, started.provisional) == (OrderStatus.IN_PROGRESS, day(1, 5, 2027), True)
    assert services.calendar_warnings(today=YEAR_END) == []


def test_a_local_holiday_in_an_unknown_year_moves_the_order_but_it_stays_provisional(into_2027):
    fridays, daily, _result = into_2027

    CalendarDay.objects.create(date=day(1, 1, 2027), working=False, name="New Year's Day")
    services.calendar_changed(day(1, 1, 2027), day(1, 1, 2027), today=YEAR_END)

    assert list(WorkOrder.objects.filter(plan=fridays).values_list("occurrence", "due", "provisional")) == [
        (day(1, 1, 2027), day(1, 4, 2027), True),
        (day(1, 8, 2027), day(1, 8, 2027), True),
    ]
    assert day(1, 1, 2027) not in dues(daily)
    # The year is still not known: the warning stays, with the new count.
    assert services.calendar_warnings(today=YEAR_END) == [
        "China's holiday arrangement for 2027 is not known yet: working days in 2027 are taken as Monday to "
        "Friday, and 8 work orders are provisional. Enter the year's public holidays and make-up working days "
        "as calendar days, then confirm the year (or install a newer chinesecalendar); the provisional orders "
        "are then recomputed."
    ]


def test_a_second_run_before_the_year_is_known_rewrites_nothing(into_2027):
    fridays, daily, _result = into_2027
    before = list(WorkOrder.objects.order_by("pk").values_list("pk", "due", "provisional"))

    result = services.generate_work_orders(today=YEAR_END)

    assert (result.created, result.rewritten) == (0, 0)
    assert list(WorkOrder.objects.order_by("pk").values_list("pk", "due", "provisional")) == before


def test_a_local_day_off_moves_an_order_whose_occurrence_is_before_today(time_machine):
    time_machine.move_to(at(day(9, 14)), tick=False)
    plan = working_plan("FREQ=MONTHLY;BYMONTHDAY=1", NonWorkingDayRule.NEXT, start=day(9, 14))
    services.generate_work_orders(today=day(9, 14), days=20)
    time_machine.move_to(at(day(10, 3)), tick=False)

    CalendarDay.objects.create(date=day(10, 8), working=False, name="Local day off")
    services.calendar_changed(day(10, 8), day(10, 8), today=day(10, 3))

    assert list(WorkOrder.objects.filter(plan=plan).values_list("occurrence", "due")) == [(day(10, 1), day(10, 9))]


def test_a_second_run_does_not_rewrite_an_order_moved_back_into_a_known_year(time_machine):
    time_machine.move_to(at(day(12, 21)), tick=False)
    CalendarDay.objects.create(date=day(1, 1, 2027), working=False, name="New Year's Day")  # year not confirmed
    plan = PlanFactory(
        rrule="FREQ=WEEKLY;BYDAY=SA",
        start=day(12, 21),
        calendar=CalendarPolicy.WORKING_DAYS,
        non_working=NonWorkingDayRule.PREVIOUS,
        assets=[equipment()],
    )
    services.generate_work_orders(today=day(12, 21))
    order = WorkOrder.objects.get(plan=plan, occurrence=day(1, 2, 2027))
    assert (order.due, order.provisional) == (day(12, 31), True)

    result = services.generate_work_orders(today=day(12, 21))

    assert result.rewritten == 0
    assert WorkOrder.objects.filter(pk=order.pk).exists()


def test_confirming_a_year_three_years_ahead_recomputes_its_orders():
    # generate_work_orders --days reaches 1,000 days ahead: into 2029.
    plan = working_plan("FREQ=WEEKLY;BYDAY=FR", NonWorkingDayRule.NEXT)
    services.generate_work_orders(today=TODAY, days=1000)
    assert WorkOrder.objects.filter(plan=plan, due__year=2029, provisional=True).exists()

    CalendarYear.objects.create(year=2029, confirmed_by=UserFactory(username="admin"))
    result = services.generate_work_orders(today=TODAY, days=1000)

    assert result.rewritten == 143  # every untouched Friday order from today on, 1,000 days ahead
    assert not WorkOrder.objects.filter(plan=plan, due__year=2029, provisional=True).exists()
