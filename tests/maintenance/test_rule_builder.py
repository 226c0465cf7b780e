"""The recurrence builder's rules (maintenance.rule_builder): its choices composed into a
rule, a rule read back into choices when the builder can show it, and "the last working
day" placed by China's calendar (make-up working days included)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from maintenance import services
from maintenance.choices import CalendarPolicy, NonWorkingDayRule
from maintenance.models import CalendarDay, Plan
from maintenance.rule_builder import Day, Recurrence, compose, parse

WORKING, PREVIOUS = CalendarPolicy.WORKING_DAYS, NonWorkingDayRule.PREVIOUS

# The choices, and the rule they make.
SHAPES = {
    "every day": (Recurrence(freq="DAILY"), "FREQ=DAILY"),
    "every 3 days, May to October": (
        Recurrence(freq="DAILY", interval=3, months=(10, 5, 6, 7, 8, 9)),
        "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10",
    ),
    "every week": (Recurrence(freq="WEEKLY"), "FREQ=WEEKLY"),
    "every 2 weeks on Thursday and Monday": (
        Recurrence(freq="WEEKLY", interval=2, weekdays=("TH", "MO")),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    ),
    "weekdays in winter": (
        Recurrence(freq="WEEKLY", weekdays=("MO", "TU", "WE", "TH", "FR"), months=(12, 1, 2)),
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYMONTH=1,2,12",
    ),
    "every month": (Recurrence(freq="MONTHLY"), "FREQ=MONTHLY"),
    "every month on the 15th": (Recurrence(freq="MONTHLY", day=Day.NUMBER, month_day=15), "FREQ=MONTHLY;BYMONTHDAY=15"),
    "every 3 months on the 2nd Tuesday": (
        Recurrence(freq="MONTHLY", interval=3, day=Day.NTH_WEEKDAY, nth=2, nth_weekday="TU"),
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=+2TU",
    ),
    "the last Friday": (
        Recurrence(freq="MONTHLY", day=Day.NTH_WEEKDAY, nth=-1, nth_weekday="FR"), "FREQ=MONTHLY;BYDAY=-1FR",
    ),
    "the last day": (Recurrence(freq="MONTHLY", day=Day.LAST), "FREQ=MONTHLY;BYMONTHDAY=-1"),
    "the last working day, April to September": (
        Recurrence(freq="MONTHLY", day=Day.LAST_WORKING, months=(4, 5, 6, 7, 8, 9)),
        "FREQ=MONTHLY;BYMONTHDAY=-1;BYMONTH=4,5,6,7,8,9",
    ),
    "every year": (Recurrence(freq="YEARLY"), "FREQ=YEARLY"),
    "every year in May": (Recurrence(freq="YEARLY", months=(5,)), "FREQ=YEARLY;BYMONTH=5"),
    "every year on 23 February": (
        Recurrence(freq="YEARLY", day=Day.NUMBER, month_day=23, months=(2,)), "FREQ=YEARLY;BYMONTHDAY=23;BYMONTH=2",
    ),
    "every 2 years, the 1st Monday of March": (
        Recurrence(freq="YEARLY", interval=2, day=Day.NTH_WEEKDAY, nth=1, nth_weekday="MO", months=(3,)),
        "FREQ=YEARLY;INTERVAL=2;BYDAY=+1MO;BYMONTH=3",
    ),
}  # fmt: skip


@pytest.mark.parametrize("shape", SHAPES)
def test_the_builder_composes_the_rule_and_reads_it_back(shape):
    recurrence, rule = SHAPES[shape]
    assert compose(recurrence) == rule
    working = recurrence.day == Day.LAST_WORKING
    calendar = WORKING if working else CalendarPolicy.EVERY_DAY
    back = parse(rule, calendar, PREVIOUS if working else NonWorkingDayRule.NEXT)
    assert back == Recurrence(
        freq=recurrence.freq,
        interval=recurrence.interval,
        weekdays=tuple(day for day in ("MO", "TU", "WE", "TH", "FR", "SA", "SU") if day in recurrence.weekdays),
        day=recurrence.day,
        month_day=recurrence.month_day,
        nth=recurrence.nth,
        nth_weekday=recurrence.nth_weekday,
        months=tuple(sorted(recurrence.months)),
    )


def test_choices_a_frequency_does_not_use_are_left_out():
    daily = Recurrence(freq="DAILY", weekdays=("MO",), day=Day.NUMBER, month_day=3)
    weekly = Recurrence(freq="WEEKLY", weekdays=("FR",), day=Day.LAST)
    monthly = Recurrence(freq="MONTHLY", weekdays=("FR",), day=Day.NUMBER, month_day=9)
    assert [compose(daily), compose(weekly), compose(monthly)] == [
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=FR",
        "FREQ=MONTHLY;BYMONTHDAY=9",
    ]


def test_only_the_last_working_day_needs_the_working_days_calendar_moving_back():
    assert Recurrence(freq="MONTHLY", day=Day.LAST_WORKING).working_days_back
    assert Recurrence(freq="YEARLY", day=Day.LAST_WORKING, months=(12,)).working_days_back
    assert not Recurrence(freq="MONTHLY", day=Day.LAST).working_days_back
    assert not Recurrence(freq="WEEKLY", day=Day.LAST_WORKING).working_days_back  # weekly has no month day


def test_the_last_day_reads_back_as_the_last_working_day_only_on_working_days_moving_back():
    rule = "FREQ=MONTHLY;BYMONTHDAY=-1"
    assert parse(rule, WORKING, PREVIOUS).day == Day.LAST_WORKING
    assert parse(rule, WORKING, NonWorkingDayRule.NEXT).day == Day.LAST
    assert parse(rule, CalendarPolicy.EVERY_DAY, PREVIOUS).day == Day.LAST


def test_every_day_on_some_weekdays_reads_back_as_every_week_on_them():
    assert parse("FREQ=DAILY;BYDAY=MO,WE,FR;BYMONTH=6") == Recurrence(
        freq="WEEKLY", weekdays=("MO", "WE", "FR"), months=(6,)
    )


def test_a_typed_rule_in_another_spelling_reads_back():
    assert parse("rrule:freq=monthly;interval=2;byday=2tu") == Recurrence(
        freq="MONTHLY", interval=2, day=Day.NTH_WEEKDAY, nth=2, nth_weekday="TU"
    )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",  # BYSETPOS
        "FREQ=WEEKLY;BYDAY=MO;COUNT=10",  # COUNT
        "FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20271231",  # UNTIL
        "FREQ=WEEKLY;BYDAY=MO,WE;WKST=SU",  # WKST
        "FREQ=YEARLY;BYYEARDAY=100",  # BYYEARDAY
        "FREQ=MONTHLY;BYMONTHDAY=1,15",  # several days of the month
        "FREQ=MONTHLY;BYMONTHDAY=-2",  # the 2nd last day
        "FREQ=MONTHLY;BYDAY=MO",  # every Monday of the month
        "FREQ=MONTHLY;BYDAY=+5FR",  # the fifth Friday
        "FREQ=MONTHLY;BYDAY=+1MO,+3MO",  # two numbered weekdays
        "FREQ=MONTHLY;BYDAY=+1MO;BYMONTHDAY=1",  # both a weekday and a day
        "FREQ=YEARLY;BYMONTHDAY=15",  # a yearly day without its month: every month
        "FREQ=DAILY;INTERVAL=2;BYDAY=MO",  # every other day, on Mondays
        "FREQ=DAILY;BYMONTHDAY=1",
        "FREQ=WEEKLY;BYDAY=+1MO",  # refused by validation
        "NOT A RULE",
    ],
)
def test_a_rule_the_builder_cannot_show_is_not_read(rule):
    assert parse(rule) is None


@pytest.mark.parametrize(
    "recurrence, field, message",
    [
        (Recurrence(freq="HOURLY"), "repeat_unit", "Choose days, weeks, months or years."),
        (Recurrence(interval=0), "repeat_every", "Enter a whole number from 1 to 1000."),
        (Recurrence(interval=1001), "repeat_every", "Enter a whole number from 1 to 1000."),
        (Recurrence(freq="MONTHLY", day=Day.NUMBER), "repeat_month_day", "Enter the day of the month, from 1 to 31."),
        (
            Recurrence(freq="MONTHLY", day=Day.NUMBER, month_day=32),
            "repeat_month_day",
            "Enter the day of the month, from 1 to 31.",
        ),
        (
            Recurrence(freq="MONTHLY", day=Day.NTH_WEEKDAY, nth=5),
            "repeat_nth",
            "Choose which weekday of the month.",
        ),
        (
            Recurrence(freq="YEARLY", day=Day.LAST_WORKING),
            "repeat_months",
            "Choose the month of the year (or repeat every month instead).",
        ),
        (
            Recurrence(freq="MONTHLY", day=Day.NUMBER, month_day=31, months=(4, 6)),
            "repeat_month_day",
            "None of the months in BYMONTH has the days in BYMONTHDAY: the rule would never occur.",
        ),
    ],
)
def test_choices_that_make_no_rule_are_refused_on_their_field(recurrence, field, message, english):
    with pytest.raises(ValidationError) as refused:
        compose(recurrence)
    assert refused.value.message_dict == {field: [message]}


@pytest.mark.django_db
def test_the_last_working_day_follows_chinas_calendar_with_its_make_up_days():
    """31 January 2025 (a Friday) was in the Spring Festival holiday: the last working day
    was Monday the 27th. Saturday 28 February 2026 was a make-up working day: it is the
    last working day, not Friday the 27th. A weekday rule (BYSETPOS=-1) gets both wrong."""
    rule = compose(Recurrence(freq="MONTHLY", day=Day.LAST_WORKING))
    plan = Plan(rrule=rule, start=datetime.date(2025, 1, 1), calendar=WORKING, non_working=PREVIOUS)
    dues = [date.due for date in services.preview_dates(plan, datetime.date(2025, 1, 1), count=14)]
    assert dues[0] == datetime.date(2025, 1, 27)
    assert dues[13] == datetime.date(2026, 2, 28)
    # A local day off on the last day (entered by the zone) moves it back as well.
    CalendarDay.objects.create(date=datetime.date(2025, 3, 31), working=False, name="local day off")
    dues = [date.due for date in services.preview_dates(plan, datetime.date(2025, 3, 1), count=1)]
    assert dues == [datetime.date(2025, 3, 28)]
