"""Working time on China's working-day calendar: disposal deadlines and re-inspection days.

A disposal deadline counts working time from the moment of dispatch: N working hours,
or N working days of WORKING_DAY_HOURS each, within the working spans of each working
day (maintenance.calendar.WorkingCalendar says which days work: holidays, make-up
days, local overrides). Dispatched outside working time, the clock starts at the next
span. One working day from Monday 10:00 is Tuesday 10:00; from Wednesday 30 September
2026, before National Day, it is Thursday 8 October.

*(assumption)* The office hours are 08:30–12:00 and 13:30–18:00, eight hours a day: the
zone's own hours are not in the report this project follows. Change WORKING_SPANS.
"""

import datetime

from django.utils import timezone

from maintenance.calendar import WorkingCalendar

from .choices import DeadlineUnit

WORKING_SPANS = ((datetime.time(8, 30), datetime.time(12, 0)), (datetime.time(13, 30), datetime.time(18, 0)))
WORKING_DAY_HOURS = 8
# The longest walk through the calendar: a year of days covers any deadline a category sets.
MAX_DAYS = 366


def _span_seconds() -> list[tuple[int, int]]:
    return [(start.hour * 3600 + start.minute * 60, end.hour * 3600 + end.minute * 60) for start, end in WORKING_SPANS]


def add_working_hours(
    start: datetime.datetime, hours: float, calendar: WorkingCalendar | None = None
) -> datetime.datetime:
    """The moment ``hours`` of working time after ``start`` (aware; read in the zone's time)."""
    zone = timezone.get_default_timezone()
    local = timezone.localtime(start, zone)
    calendar = calendar or WorkingCalendar.load(local.date(), local.date() + datetime.timedelta(days=MAX_DAYS))
    remaining = round(hours * 3600)
    day = local.date()
    position = local.hour * 3600 + local.minute * 60 + local.second
    for _ in range(MAX_DAYS):
        if calendar.is_working(day)[0]:
            for begin, end in _span_seconds():
                begin = max(begin, position)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    moment = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
                        seconds=begin + remaining
                    )
                    return timezone.make_aware(moment, zone)
                remaining -= end - begin
        day += datetime.timedelta(days=1)
        position = 0
    raise ValueError(f"no {hours} working hours within {MAX_DAYS} days of {start}")


def working_hours(amount: int, unit: str) -> int:
    """A category's deadline (an amount of DeadlineUnit) in working hours."""
    return amount * (WORKING_DAY_HOURS if unit == DeadlineUnit.WORKING_DAYS else 1)


def next_working_day(day: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The day itself if it is a working day, else the next one (re-inspections' days)."""
    calendar = calendar or WorkingCalendar.load(day, day + datetime.timedelta(days=31))
    for _ in range(MAX_DAYS):
        if calendar.is_working(day)[0]:
            return day
        day += datetime.timedelta(days=1)
    raise ValueError(f"no working day within {MAX_DAYS} days of {day}")
