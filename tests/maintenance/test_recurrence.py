"""Recurrence rules: RFC 5545 edge cases expanded into work orders, and bad rules refused
with a message that says what is wrong (by the checker and by Plan.full_clean)."""

import pytest
from django.core.exceptions import ValidationError

from maintenance import recurrence, services
from maintenance.models import Plan, PlanTarget, WorkOrder
from tests.maintenance.factories import DAY, TODAY, CrewFactory, PlanFactory, day, dues, equipment, task_type

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def generate_for(rrule: str, *, start=TODAY, days: int = 120, today=TODAY) -> list:
    """Create a plan with the rule on one asset, generate ``days`` ahead and return its due dates."""
    plan = PlanFactory(rrule=rrule, start=start, assets=[equipment()])
    services.generate_work_orders(today=today, days=days, plan_ids=[plan.pk])
    return dues(plan)


# --- Expansion ------------------------------------------------------------------------------


def test_bymonthday_31_has_no_occurrence_in_short_months():
    dates = recurrence.occurrences("FREQ=MONTHLY;BYMONTHDAY=31", day(1, 1), day(1, 1), day(12, 31))

    assert dates == (day(1, 31), day(3, 31), day(5, 31), day(7, 31), day(8, 31), day(10, 31), day(12, 31))


def test_bymonthday_31_plan_makes_no_order_in_november_or_february():
    # From 28 September 2026 to 25 March 2027: Sep has 30 days, Nov 30, Feb 28.
    assert generate_for("FREQ=MONTHLY;BYMONTHDAY=31", days=178) == [day(10, 31), day(12, 31), day(1, 31, 2027)]


def test_last_friday_of_each_month():
    assert generate_for("FREQ=MONTHLY;BYDAY=-1FR", days=95) == [day(10, 30), day(11, 27), day(12, 25)]


def test_first_monday_of_each_month():
    assert generate_for("FREQ=MONTHLY;BYDAY=1MO", days=70) == [day(10, 5), day(11, 2), day(12, 7)]


def test_seasonal_watering_every_three_days_may_to_october_only():
    start = day(5, 1)
    dates = recurrence.occurrences("FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10", start, day(9, 20), day(5, 10, 2027))

    in_season = [date for date in dates if date.year == 2026]
    assert in_season[0] == day(9, 22)  # 1 May + 3 × 48 days
    assert in_season[-1] == day(10, 31)
    # Every third day to the end of October, nothing from November to April, and the season
    # starts again in May, still every third day from 1 May 2026.
    assert list(dates) == [day(9, 22) + 3 * n * DAY for n in range(14)] + [
        day(5, 2, 2027),
        day(5, 5, 2027),
        day(5, 8, 2027),
    ]
    # The three-day step runs on from the start through the winter: 1 May 2026 + 3 × 122 days.
    assert min(date for date in dates if date.year == 2027) == day(5, 2, 2027)


def test_seasonal_plan_generates_nothing_in_winter():
    plan = PlanFactory(rrule="FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10", start=day(5, 1), assets=[equipment()])

    services.generate_work_orders(today=day(11, 2), days=120, plan_ids=[plan.pk])

    assert not WorkOrder.objects.filter(plan=plan).exists()
    # It did look that far: the next run does not need to expand the winter again.
    assert PlanTarget.objects.get(plan=plan).generated_through == day(3, 2, 2027)


def test_until_in_the_past_generates_nothing():
    assert generate_for("FREQ=DAILY;UNTIL=20260901", start=day(8, 1)) == []


def test_until_is_inclusive_and_a_datetime_until_is_read_as_its_date():
    assert generate_for("FREQ=DAILY;UNTIL=20261001T235959Z") == [day(9, 28), day(9, 29), day(9, 30), day(10, 1)]


def test_count_limits_the_number_of_orders_counted_from_the_start():
    # Counted from the plan's start (RFC 5545), not from the first generated day.
    assert generate_for("FREQ=WEEKLY;COUNT=3", start=day(9, 21)) == [day(9, 28), day(10, 5)]
    assert generate_for("FREQ=WEEKLY;COUNT=3") == [day(9, 28), day(10, 5), day(10, 12)]


def test_normalize_accepts_rrule_prefix_lower_case_and_spaces():
    assert recurrence.normalize_rrule(" rrule:freq=weekly; byday=mo,fr ") == "FREQ=WEEKLY;BYDAY=MO,FR"


def test_next_dates_preview_shows_ten_dates():
    dates = recurrence.next_dates("FREQ=WEEKLY;BYDAY=MO", TODAY, TODAY)

    assert len(dates) == 10
    assert dates[0] == TODAY
    assert dates[-1] == day(11, 30)


def test_interval_of_a_rule():
    assert recurrence.interval("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO").weeks == 2
    assert recurrence.interval("FREQ=MONTHLY").months == 1


# --- Bad rules ------------------------------------------------------------------------------

BAD_RULES = [
    ("FREQ=DAILY;INTERVAL=0", "rrule_number", "INTERVAL must be a whole number from 1 to 10000."),
    ("FREQ=DAILY;INTERVAL=-2", "rrule_number", "INTERVAL must be a whole number from 1 to 10000."),
    ("FREQ=DAILY;COUNT=0", "rrule_number", "COUNT must be a whole number from 1 to 10000."),
    ("FREQ=HOURLY", "rrule_freq", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."),
    ("INTERVAL=2", "rrule_freq", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."),
    (
        "FREQ=DAILY;BYHOUR=8",
        "rrule_part",
        "BYHOUR is not supported: plans recur by date (use FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH…).",
    ),
    (
        "FREQ=MONTHLY;BYMONTHDAY=40",
        "rrule_number",
        "BYMONTHDAY takes numbers from -31 to 31 (not 0), separated by commas.",
    ),
    (
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "rrule_number",
        "BYMONTHDAY takes numbers from -31 to 31 (not 0), separated by commas.",
    ),
    ("FREQ=YEARLY;BYMONTH=13", "rrule_number", "BYMONTH takes numbers from 1 to 12 (not 0), separated by commas."),
    ("FREQ=WEEKLY;BYDAY=1MO", "rrule_byday", "A numbered day such as 1MO or -1FR needs FREQ=MONTHLY or FREQ=YEARLY."),
    ("FREQ=DAILY;BYDAY=-1FR", "rrule_byday", "A numbered day such as 1MO or -1FR needs FREQ=MONTHLY or FREQ=YEARLY."),
    ("FREQ=DAILY;COUNT=5;UNTIL=20271231", "rrule_count_until", "Use COUNT or UNTIL, not both."),
    ("FREQ=DAILY;UNTIL=next-year", "rrule_until", "UNTIL must be a date like 20271231."),
    ("FREQ=DAILY;FREQ=WEEKLY", "rrule_syntax", "FREQ is given twice."),
    ("every monday", "rrule_syntax", "Each part of the rule is NAME=VALUE; EVERY MONDAY is not."),
    ("FREQ=DAILY;INTERVAL", "rrule_syntax", "Each part of the rule is NAME=VALUE; INTERVAL is not."),
    ("   ", "rrule_empty", "Enter a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO."),
]


@pytest.mark.parametrize("rule, code, message", BAD_RULES)
def test_bad_rule_is_refused_with_a_clear_message(rule, code, message):
    with pytest.raises(ValidationError) as caught:
        recurrence.normalize_rrule(rule)

    assert caught.value.code == code
    assert caught.value.messages == [message]


@pytest.mark.parametrize("rule", ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=-31"])
def test_a_month_day_no_chosen_month_has_is_refused(rule):
    # Accepted, dateutil would look for the day until the year 9999: seconds per expansion.
    with pytest.raises(ValidationError) as caught:
        recurrence.normalize_rrule(rule)

    assert caught.value.code == "rrule_never"
    assert caught.value.messages == [
        "None of the months in BYMONTH has the days in BYMONTHDAY: the rule would never occur."
    ]


def test_february_29_is_a_rule_that_occurs():
    # The preview looks five years ahead: one leap day in it.
    assert recurrence.next_dates("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", TODAY, TODAY) == [day(2, 29, 2028)]


@pytest.mark.parametrize("rule", ["FREQ=DAILY;BYMONTH=1;BYYEARDAY=100", "FREQ=DAILY;BYMONTH=6;BYWEEKNO=1"])
def test_other_rules_that_can_never_occur_are_refused(rule):
    with pytest.raises(ValidationError):
        recurrence.normalize_rrule(rule)


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;BYSETPOS=2", "FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=3", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6"]
)
def test_a_set_position_no_period_has_is_refused(rule):
    # Accepted, dateutil would look for it until the year 9999: seconds per expansion.
    with pytest.raises(ValidationError) as caught:
        recurrence.normalize_rrule(rule)

    assert caught.value.code == "rrule_never"
    period = rule.split(";")[0].removeprefix("FREQ=")
    assert caught.value.messages == [
        f"BYSETPOS asks for more days than any {period} period of this rule has: it would never occur."
    ]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # The last working weekday of each month, and the fifth Monday where there is one.
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", [day(9, 30), day(10, 30), day(11, 30)]),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5", [day(11, 30), day(3, 29, 2027), day(5, 31, 2027)]),
    ],
)
def test_set_positions_that_occur_are_kept(rule, expected):
    assert recurrence.normalize_rrule(rule) == rule
    assert recurrence.next_dates(rule, TODAY, TODAY)[:3] == expected


def test_a_rule_dateutil_cannot_read_is_refused():
    with pytest.raises(ValidationError) as caught:
        recurrence.normalize_rrule("FREQ=WEEKLY;BYDAY=XX")

    assert caught.value.code == "rrule_invalid"
    assert caught.value.messages[0].startswith("Not a valid recurrence rule: ")


@pytest.mark.parametrize("rule, code, message", BAD_RULES)
def test_plan_with_a_bad_rule_fails_full_clean_and_is_not_saved(rule, code, message):
    plan = Plan(name="Sweep", task_type=task_type(), crew=CrewFactory(), rrule=rule, start=TODAY)
    before = Plan.objects.count()

    with pytest.raises(ValidationError) as caught:
        plan.full_clean()

    assert caught.value.message_dict == {"rrule": [message]}
    assert [error.code for error in caught.value.error_dict["rrule"]] == [code]
    assert plan.pk is None
    assert Plan.objects.count() == before


def test_fixed_plan_without_a_rule_fails_full_clean():
    plan = Plan(name="Sweep", task_type=task_type(), crew=CrewFactory(), rrule="", start=TODAY)

    with pytest.raises(ValidationError) as caught:
        plan.full_clean()

    assert caught.value.message_dict == {"rrule": ["A fixed or floating plan needs a recurrence rule."]}


def test_plan_with_a_good_rule_passes_full_clean():
    plan = Plan(name="Water", task_type=task_type("watering"), crew=CrewFactory(), start=TODAY)
    plan.rrule = "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10"

    plan.full_clean()  # does not raise
