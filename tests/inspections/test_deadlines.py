"""Disposal deadlines in working time on China's calendar, and re-inspection days.

National Day 2026: 1–7 October off, Saturday 10 October a make-up working day. Working
spans 08:30–12:00 and 13:30–18:00 (inspections.deadlines: an assumption)."""

import datetime

import pytest

from inspections.choices import DeadlineUnit
from inspections.deadlines import add_working_hours, next_working_day
from inspections.models import Category
from maintenance.models import CalendarDay
from tests.maintenance.factories import at, day

pytestmark = [pytest.mark.django_db]


def moment(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return at(date, hour).replace(minute=minute)


@pytest.mark.parametrize(
    "start, hours, deadline",
    [
        (moment(day(9, 28), 9), 2, moment(day(9, 28), 11)),  # within the morning
        (moment(day(9, 28), 11), 2, moment(day(9, 28), 14, 30)),  # across lunch
        (moment(day(9, 28), 12, 30), 1, moment(day(9, 28), 14, 30)),  # dispatched at lunch: from 13:30
        (moment(day(9, 28), 19), 1, moment(day(9, 29), 9, 30)),  # after hours: from the next morning
        (moment(day(9, 28), 7), 1, moment(day(9, 28), 9, 30)),  # before hours: from 08:30
        (moment(day(9, 30), 17), 2, moment(day(10, 8), 9, 30)),  # before National Day: after it
        (moment(day(10, 3), 10), 1, moment(day(10, 8), 9, 30)),  # dispatched on a holiday
        (moment(day(10, 9), 17), 2, moment(day(10, 10), 9, 30)),  # Saturday 10 October is a working day
    ],
)
def test_working_hours(start, hours, deadline):
    assert add_working_hours(start, hours) == deadline


def test_working_days_are_eight_working_hours_each():
    shed = Category.objects.get(code="illegal-building")
    assert (shed.deadline_amount, shed.deadline_unit) == (5, DeadlineUnit.WORKING_DAYS)

    # Monday 28 September 09:00 + 5 working days: 29, 30 September, then 8, 9, 10 October.
    assert shed.deadline_from(moment(day(9, 28), 9)) == moment(day(10, 10), 9)


def test_hours_category_across_the_holiday():
    rubbish = Category.objects.get(code="exposed-rubbish")  # 4 working hours

    assert rubbish.deadline_from(moment(day(9, 30), 16)) == moment(day(10, 8), 10, 30)


def test_a_local_day_off_counts_too():
    CalendarDay.objects.create(date=day(9, 29), working=False, name="Typhoon")

    assert add_working_hours(moment(day(9, 28), 17), 2) == moment(day(9, 30), 9, 30)


def test_re_inspection_days_move_to_the_next_working_day():
    assert next_working_day(day(9, 28)) == day(9, 28)
    assert next_working_day(day(10, 1)) == day(10, 8)
    assert next_working_day(day(10, 10)) == day(10, 10)  # the make-up Saturday
    assert next_working_day(day(10, 11)) == day(10, 12)  # Sunday
