"""Calendar days and years as workflows (services.save_calendar_day, delete_calendar_days,
confirm_year): the admin calls them, and the working-days plans' orders follow."""

import pytest

from maintenance import services
from maintenance.choices import CalendarPolicy, NonWorkingDayRule
from maintenance.models import CalendarDay, CalendarYear
from tests.maintenance.factories import TODAY, PlanFactory, day, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def tuesdays():
    """Every Tuesday on working days, moved to the next working day (National Day: 1–7 October)."""
    plan = PlanFactory(
        assets=[equipment()],
        rrule="FREQ=WEEKLY;BYDAY=TU",
        calendar=CalendarPolicy.WORKING_DAYS,
        non_working=NonWorkingDayRule.NEXT,
        horizon_days=10,
    )
    services.generate_work_orders(today=TODAY)
    return plan


def test_a_day_off_moves_the_orders_on_it_and_removing_it_moves_them_back(tuesdays):
    assert dues(tuesdays) == [day(9, 29), day(10, 8)]

    services.save_calendar_day(CalendarDay(date=day(9, 29), working=False, name="Typhoon"))
    assert dues(tuesdays) == [day(9, 30), day(10, 8)]

    services.delete_calendar_days(CalendarDay.objects.filter(date=day(9, 29)))
    assert dues(tuesdays) == [day(9, 29), day(10, 8)]


def test_moving_a_day_off_to_another_date_frees_the_old_one(tuesdays):
    services.save_calendar_day(CalendarDay(date=day(9, 29), working=False, name="Typhoon"))
    typhoon = CalendarDay.objects.get()

    typhoon.date = day(10, 8)
    services.save_calendar_day(typhoon)

    assert dues(tuesdays) == [day(9, 29), day(10, 9)]


def test_confirming_a_year_records_who_and_generates(tuesdays, manager):
    result = services.confirm_year(CalendarYear(year=2027), manager)

    assert CalendarYear.objects.get().confirmed_by == manager
    assert result.plans == set()  # nothing new to make within the horizon
