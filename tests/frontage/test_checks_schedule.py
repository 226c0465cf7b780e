"""Door checks from the check plans: on the plan's dates moved to the next working day
(Mid-Autumn on Friday 25 September 2026 and National Day, 1–7 October, off; Saturday
10 October worked), idempotent, none for an
inactive unit (whose open checks are cancelled), one broken plan stopping no other."""

import pytest
from django.core.management import call_command

from frontage import services
from frontage.apps import FrontageConfig
from frontage.choices import CheckStatus
from frontage.models import Check, CheckPlan
from frontage.tasks import schedule_door_checks_job
from maintenance.models import CalendarDay
from maintenance.schedules import all_schedules
from tests.factories import UnitFactory, ZoneFactory
from tests.maintenance.factories import TODAY, day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def dues(plan, unit=None) -> list:
    checks = Check.objects.filter(plan=plan, **({"unit": unit} if unit else {}))
    return sorted(set(checks.values_list("due", flat=True)))


def keys() -> list[tuple]:
    return list(Check.objects.order_by("plan", "unit", "due").values_list("plan", "unit", "due", "status"))


@pytest.fixture
def zone():
    return ZoneFactory()


def test_a_plans_dates_move_over_the_holiday_to_the_next_working_day(zone):
    first, second = UnitFactory(zone=zone), UnitFactory(zone=zone)
    UnitFactory()  # another zone's
    # Fridays from 4 September: 25 September (Mid-Autumn, before today) lands on today,
    # 2 October (National Day) on Thursday 8 October.
    fridays = CheckPlan.objects.create(name="Fridays", zone=zone, rrule="FREQ=WEEKLY;BYDAY=FR", starts=day(9, 4))
    # Fortnightly from Thursday 17 September: 1 October moves to 8 October too.
    fortnightly = CheckPlan.objects.create(name="Fortnightly", zone=zone, starts=day(9, 17))
    # Saturdays: 26 September (before today) lands on today; 10 October is worked.
    saturdays = CheckPlan.objects.create(name="Saturdays", zone=zone, rrule="FREQ=WEEKLY;BYDAY=SA", starts=day(9, 5))

    result = services.schedule_checks(TODAY, horizon_days=14)

    assert dues(fridays, first) == dues(fridays, second) == [TODAY, day(10, 8), day(10, 9)]
    assert dues(fortnightly) == [day(10, 8)]
    assert dues(saturdays) == [TODAY, day(10, 8), day(10, 10)]
    assert result.created == 2 * (3 + 1 + 3)
    assert result.plans == 3
    assert set(Check.objects.values_list("unit__zone", flat=True)) == {zone.pk}
    check = Check.objects.filter(plan=fridays).first()
    assert (check.status, check.inspector, check.done) == (CheckStatus.DUE, None, None)


def test_a_local_day_off_moves_the_check_too(zone):
    UnitFactory(zone=zone)
    plan = CheckPlan.objects.create(name="Fridays", zone=zone, rrule="FREQ=WEEKLY;BYDAY=FR", starts=day(9, 4))
    CalendarDay.objects.create(date=day(10, 9), working=False, name="Local day off")

    services.schedule_checks(TODAY, horizon_days=14)

    # 9 October, a local day off, moves to Saturday 10 October (worked).
    assert dues(plan) == [TODAY, day(10, 8), day(10, 10)]


def test_a_second_run_changes_nothing(zone):
    UnitFactory.create_batch(3, zone=zone)
    CheckPlan.objects.create(name="Fortnightly", zone=zone, rrule="FREQ=WEEKLY;BYDAY=MO,TH", starts=day(9, 1))
    services.schedule_checks(TODAY)
    before = keys()

    again = services.schedule_checks(TODAY)

    assert keys() == before
    assert again.created == 0
    assert len(before) == 3 * len({due for _plan, _unit, due, _status in before})


def test_inactive_units_get_no_new_checks_and_their_open_ones_are_cancelled(zone):
    kept, closing = UnitFactory(zone=zone), UnitFactory(zone=zone)
    plan = CheckPlan.objects.create(name="Weekly", zone=zone, rrule="FREQ=WEEKLY;BYDAY=MO", starts=day(9, 7))
    services.schedule_checks(TODAY)
    adhoc = Check.objects.create(unit=closing, due=day(9, 21))
    closing.active = False
    closing.save()

    result = services.schedule_checks(day(10, 12))

    # Mondays; 5 October (National Day) moved to Thursday 8 October.
    assert dues(plan, kept) == [TODAY, day(10, 8), day(10, 12), day(10, 19), day(10, 26)]
    assert set(Check.objects.filter(unit=closing).values_list("status", flat=True)) == {CheckStatus.CANCELLED}
    adhoc.refresh_from_db()
    assert adhoc.status == CheckStatus.CANCELLED
    assert result.cancelled == 4  # the first run's three and the ad-hoc one
    # Nothing new for the closed unit past the first run's horizon.
    assert not Check.objects.filter(unit=closing, due__gt=day(10, 12)).exists()


def test_an_inactive_plan_makes_nothing(zone):
    UnitFactory(zone=zone)
    CheckPlan.objects.create(name="Paused", zone=zone, active=False)
    assert services.schedule_checks(TODAY).created == 0
    assert not Check.objects.exists()


def test_a_broken_plan_stops_no_other(zone):
    UnitFactory(zone=zone)
    CheckPlan.objects.create(name="Broken", zone=zone, rrule="FREQ=SOMETIMES")
    good = CheckPlan.objects.create(name="Good", zone=zone, rrule="FREQ=WEEKLY;BYDAY=MO", starts=day(9, 7))

    result = services.schedule_checks(TODAY)

    assert result.failed == ["Broken"]
    assert dues(good) == [TODAY, day(10, 8), day(10, 12)]
    assert "failed plans: Broken" in result.summary()


def test_the_nightly_job_and_the_command(zone, capsys):
    UnitFactory(zone=zone)
    CheckPlan.objects.create(name="Weekly", zone=zone, rrule="FREQ=WEEKLY;BYDAY=MO", starts=day(9, 7))

    assert schedule_door_checks_job("2026-09-28") == (
        "[2026-09-28] made 3 door checks from 1 plans, cancelled 0 of inactive units"
    )
    call_command("schedule_door_checks", "--days", "30")
    assert "made 2 door checks" in capsys.readouterr().out  # 19 and 26 October
    assert ("schedule-door-checks", "frontage.tasks.schedule_door_checks_job", "45 0 * * *") in all_schedules()
    assert "schedule-door-checks" in [name for name, _func, _cron in FrontageConfig.schedules]


def test_a_plans_rule_is_checked_as_the_maintenance_plans_are(zone):
    from django.core.exceptions import ValidationError

    plan = CheckPlan(name="Broken", zone=zone, rrule="FREQ=SOMETIMES")
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "rrule" in error.value.message_dict
    plan.rrule = "freq=weekly;interval=2"
    plan.full_clean()
    assert plan.rrule == "FREQ=WEEKLY;INTERVAL=2"
