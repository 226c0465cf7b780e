"""Rules RFC 5545 forbids, refused with a message that says what is wrong: numbered days
out of their range, parts a frequency must not have, and an UNTIL before the plan's start
(by Plan.clean, so the plan form, the admin and the API refuse it alike)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maintenance import recurrence
from maintenance.choices import CalendarPolicy, NonWorkingDayRule, PlanMode, TargetMode
from maintenance.models import Plan
from tests.maintenance.factories import TODAY, CrewFactory, day, task_type

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

MONTH_LIMIT = "a month has at most five of each weekday; number them 1 to 5, or -1 to -5 from its end."
YEAR_LIMIT = "a year has at most 53 of each weekday; number them 1 to 53, or -1 to -53 from its end."

REFUSED = [
    # Numbered days: the nth of the month (MONTHLY, or YEARLY with BYMONTH), of the year otherwise.
    ("FREQ=MONTHLY;BYDAY=+53MO", "rrule_byday", f"+53MO: {MONTH_LIMIT}"),
    ("FREQ=MONTHLY;BYDAY=8MO", "rrule_byday", f"8MO: {MONTH_LIMIT}"),
    ("FREQ=MONTHLY;BYDAY=MO,-6FR", "rrule_byday", f"-6FR: {MONTH_LIMIT}"),
    ("FREQ=YEARLY;BYMONTH=12;BYDAY=+6SU", "rrule_byday", f"+6SU: {MONTH_LIMIT}"),
    ("FREQ=YEARLY;BYDAY=54MO", "rrule_byday", f"54MO: {YEAR_LIMIT}"),
    ("FREQ=YEARLY;BYDAY=-100TU", "rrule_byday", f"-100TU: {YEAR_LIMIT}"),
    (
        "FREQ=MONTHLY;BYDAY=0MO",
        "rrule_byday",
        "0MO: a numbered day counts from 1 (the first) or from -1 (the last), never 0.",
    ),
    (
        "FREQ=YEARLY;BYWEEKNO=10;BYDAY=1MO",
        "rrule_byday",
        "1MO: with BYWEEKNO, name the weekday without a number (e.g. MO): the week is chosen already.",
    ),
    # Parts a frequency MUST NOT have.
    ("FREQ=WEEKLY;BYWEEKNO=10", "rrule_part_freq", "BYWEEKNO (weeks of the year) can only be used with FREQ=YEARLY."),
    ("FREQ=MONTHLY;BYWEEKNO=1", "rrule_part_freq", "BYWEEKNO (weeks of the year) can only be used with FREQ=YEARLY."),
    ("FREQ=DAILY;BYYEARDAY=100", "rrule_part_freq", "BYYEARDAY (days of the year) can only be used with FREQ=YEARLY."),
    ("FREQ=WEEKLY;BYYEARDAY=1", "rrule_part_freq", "BYYEARDAY (days of the year) can only be used with FREQ=YEARLY."),
    ("FREQ=MONTHLY;BYYEARDAY=-1", "rrule_part_freq", "BYYEARDAY (days of the year) can only be used with FREQ=YEARLY."),
    (
        "FREQ=WEEKLY;BYMONTHDAY=15",
        "rrule_part_freq",
        "BYMONTHDAY (days of the month) cannot be used with FREQ=WEEKLY: use FREQ=MONTHLY.",
    ),
]


@pytest.mark.parametrize("rule, code, message", REFUSED)
def test_a_rule_rfc_5545_forbids_is_refused_with_a_clear_message(rule, code, message):
    with pytest.raises(ValidationError) as caught:
        recurrence.normalize_rrule(rule)

    assert (caught.value.code, caught.value.messages) == (code, [message])


@pytest.mark.parametrize("rule, code, message", REFUSED)
def test_a_plan_with_such_a_rule_fails_full_clean(rule, code, message):
    plan = Plan(name="Sweep", task_type=task_type(), crew=CrewFactory(), rrule=rule, start=TODAY)

    with pytest.raises(ValidationError) as caught:
        plan.full_clean()

    assert caught.value.message_dict == {"rrule": [message]}


@pytest.mark.parametrize(
    "rule, first_dates",
    [
        ("FREQ=MONTHLY;BYDAY=-5MO", [day(11, 2), day(3, 1, 2027), day(5, 3, 2027)]),
        ("FREQ=MONTHLY;BYDAY=+5FR", [day(10, 30), day(1, 29, 2027), day(4, 30, 2027)]),
        ("FREQ=YEARLY;BYMONTH=2;BYDAY=-1FR", [day(2, 26, 2027), day(2, 25, 2028), day(2, 23, 2029)]),
        ("FREQ=YEARLY;BYDAY=53TH", [day(12, 31, 2026)]),  # the next in 2032, past the preview's five years
        ("FREQ=YEARLY;BYDAY=-53FR", [day(1, 1, 2027)]),
        ("FREQ=YEARLY;BYWEEKNO=10;BYDAY=MO", [day(3, 8, 2027), day(3, 6, 2028), day(3, 5, 2029)]),
        ("FREQ=YEARLY;BYYEARDAY=100", [day(4, 10, 2027), day(4, 9, 2028), day(4, 10, 2029)]),
        ("FREQ=DAILY;BYMONTHDAY=15", [day(10, 15), day(11, 15), day(12, 15)]),
    ],
)
def test_the_same_parts_in_their_range_are_kept(rule, first_dates):
    assert recurrence.normalize_rrule(rule) == rule
    assert recurrence.next_dates(rule, TODAY, TODAY)[: len(first_dates)] == first_dates


def test_every_numbered_day_accepted_can_be_expanded():
    # What dateutil cannot expand (an IndexError in the middle of generation) is refused
    # first: every number with every frequency and with or without BYMONTH or BYWEEKNO.
    accepted = 0
    for freq in ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]:
        for number in [*range(-60, 61), 99, -99]:
            for extra in ["", ";BYMONTH=12", ";BYMONTH=2,12", ";BYWEEKNO=52"]:
                rule = f"FREQ={freq};BYDAY={number:+d}SU{extra}"
                try:
                    recurrence.normalize_rrule(rule)
                except ValidationError:
                    continue
                accepted += 1
                start = datetime.date(2026, 12, 1)
                recurrence.occurrences(rule, start, start, start + datetime.timedelta(days=3 * 366))
    # MONTHLY: ±1..5 alone or with either BYMONTH; YEARLY: ±1..53 alone, ±1..5 with BYMONTH.
    assert accepted == 3 * 10 + 106 + 2 * 10


# --- UNTIL and the plan's start -----------------------------------------------------------------


def plan_with(rule: str, start: datetime.date) -> Plan:
    return Plan(name="Sweep", task_type=task_type(), crew=CrewFactory(), rrule=rule, start=start)


def test_an_until_before_the_plans_start_is_refused():
    plan = plan_with("FREQ=WEEKLY;BYDAY=MO;UNTIL=20260901", start=TODAY)

    with pytest.raises(ValidationError) as caught:
        plan.full_clean()

    assert caught.value.message_dict == {
        "rrule": ["The rule ends (UNTIL 2026-09-01) before the plan starts (2026-09-28): it would make no work order."]
    }


def test_an_until_leaving_no_date_after_the_start_is_refused():
    # From Tuesday 29 September to Sunday 4 October there is no Monday.
    plan = plan_with("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261004", start=day(9, 29))

    with pytest.raises(ValidationError) as caught:
        plan.full_clean()

    assert caught.value.message_dict == {
        "rrule": ["The rule has no date from the plan's start (2026-09-29) to its end (UNTIL 2026-10-04)."]
    }


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;BYDAY=MO;UNTIL=20260928", "FREQ=DAILY;UNTIL=20261231T000000Z"])
def test_an_until_on_or_after_the_start_with_a_date_is_kept(rule):
    plan_with(rule, start=TODAY).full_clean()  # does not raise


def test_the_admin_refuses_an_until_before_the_start_and_saves_nothing(admin_client):
    crew = CrewFactory()
    before = Plan.objects.count()
    response = admin_client.post(
        reverse("admin:maintenance_plan_add"),
        {
            "name": "Sweep the square", "task_type": task_type().pk, "crew": crew.pk, "instructions": "",
            "estimated_minutes": "", "target_mode": TargetMode.ASSETS, "assets": "", "target_kind": "",
            "target_zone": "", "mode": PlanMode.FIXED, "rrule": "FREQ=DAILY;UNTIL=20260101", "start": "2026-09-28",
            "due_time": "", "calendar": CalendarPolicy.EVERY_DAY, "non_working": NonWorkingDayRule.NEXT, "meter": "",
            "meter_interval": "", "horizon_days": 14,
            "checklist-TOTAL_FORMS": 0, "checklist-INITIAL_FORMS": 0,
        },
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "rrule": ["The rule ends (UNTIL 2026-01-01) before the plan starts (2026-09-28): it would make no work order."]
    }
    assert Plan.objects.count() == before
