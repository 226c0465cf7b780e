"""The django-q2 schedules (created idempotently by setup_schedules) and the jobs they run."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Schedule, Task
from django_q.scheduler import scheduler

from maintenance import tasks
from maintenance.models import WorkOrder
from tests.maintenance.factories import TODAY, ZONE_TZ, PlanFactory, at, day, equipment, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def setup_schedules() -> str:
    out = io.StringIO()
    call_command("setup_schedules", stdout=out)
    return out.getvalue()


def test_setup_schedules_creates_every_apps_schedules():
    assert setup_schedules() == (
        "generate-work-orders: created\n"
        "notify-overdue: created\n"
        "expire-pledges: created\n"
        "schedule-door-checks: created\n"
        "schedule-reinspections: created\n"
        "send-overdue-messages: created\n"
        "weekly-report: created\n"
    )

    expire, generate, notify, door_checks, reinspections, _messages, weekly = Schedule.objects.order_by("name")
    assert (generate.name, generate.func, generate.schedule_type, generate.cron, generate.repeats) == (
        "generate-work-orders",
        "maintenance.tasks.generate_work_orders_job",
        Schedule.CRON,
        "30 0 * * *",
        -1,
    )
    assert generate.intended_date_kwarg == "intended_date"
    assert (notify.name, notify.func, notify.cron) == (
        "notify-overdue",
        "maintenance.tasks.notify_overdue_job",
        "0 7 * * *",
    )
    # 09:00 on 28 September in the zone: the next slots are tomorrow at 00:30 and 07:00, zone time.
    assert generate.next_run == datetime.datetime(2026, 9, 29, 0, 30, tzinfo=ZONE_TZ)
    assert notify.next_run == datetime.datetime(2026, 9, 29, 7, 0, tzinfo=ZONE_TZ)
    # inspections' own (InspectionsConfig.schedules), found through the app registry.
    assert (reinspections.func, reinspections.cron, reinspections.next_run) == (
        "inspections.tasks.schedule_reinspections_job",
        "15 1 * * *",
        datetime.datetime(2026, 9, 29, 1, 15, tzinfo=ZONE_TZ),
    )
    # frontage's (FrontageConfig.schedules): pledges end and begin just after midnight,
    # then the door checks.
    assert (expire.func, expire.cron, expire.next_run) == (
        "frontage.tasks.expire_pledges_job",
        "5 0 * * *",
        datetime.datetime(2026, 9, 29, 0, 5, tzinfo=ZONE_TZ),
    )
    assert (door_checks.func, door_checks.cron, door_checks.next_run) == (
        "frontage.tasks.schedule_door_checks_job",
        "45 0 * * *",
        datetime.datetime(2026, 9, 29, 0, 45, tzinfo=ZONE_TZ),
    )
    # reports' Monday report: 08:00 on Mondays, zone time; today is a Monday past 08:00.
    assert (weekly.func, weekly.cron, weekly.next_run) == (
        "reports.tasks.weekly_report_job",
        "0 8 * * 1",
        datetime.datetime(2026, 10, 5, 8, 0, tzinfo=ZONE_TZ),
    )
    schedules = (expire, generate, notify, door_checks, reinspections, weekly)
    assert all(schedule.next_run > timezone.now() for schedule in schedules)


def test_running_setup_schedules_again_changes_nothing(time_machine):
    setup_schedules()
    before = list(Schedule.objects.order_by("name").values("pk", "name", "cron", "next_run"))

    time_machine.move_to(at(TODAY, hour=15), tick=False)
    assert setup_schedules() == (
        "generate-work-orders: unchanged\n"
        "notify-overdue: unchanged\n"
        "expire-pledges: unchanged\n"
        "schedule-door-checks: unchanged\n"
        "schedule-reinspections: unchanged\n"
        "send-overdue-messages: unchanged\n"
        "weekly-report: unchanged\n"
    )

    assert list(Schedule.objects.order_by("name").values("pk", "name", "cron", "next_run")) == before


def test_setup_schedules_repairs_an_edited_schedule():
    setup_schedules()
    Schedule.objects.filter(name="generate-work-orders").update(cron="0 12 * * *", func="maintenance.tasks.other")

    assert setup_schedules() == (
        "generate-work-orders: updated\n"
        "notify-overdue: unchanged\n"
        "expire-pledges: unchanged\n"
        "schedule-door-checks: unchanged\n"
        "schedule-reinspections: unchanged\n"
        "send-overdue-messages: unchanged\n"
        "weekly-report: unchanged\n"
    )

    generate = Schedule.objects.get(name="generate-work-orders")
    assert (generate.cron, generate.func) == ("30 0 * * *", "maintenance.tasks.generate_work_orders_job")
    assert Schedule.objects.count() == 7


def test_setup_schedules_keeps_one_of_two_made_at_once():
    # Two containers started together, each made the schedule (its name is not unique).
    setup_schedules()
    twin = Schedule.objects.get(name="notify-overdue")
    twin.pk = None
    twin.save()

    assert setup_schedules() == (
        "generate-work-orders: unchanged\n"
        "notify-overdue: unchanged\n"
        "expire-pledges: unchanged\n"
        "schedule-door-checks: unchanged\n"
        "schedule-reinspections: unchanged\n"
        "send-overdue-messages: unchanged\n"
        "weekly-report: unchanged\n"
    )
    assert Schedule.objects.filter(name="notify-overdue").count() == 1


def test_the_cluster_settings_avoid_double_delivery_and_catch_up():
    cluster = settings.Q_CLUSTER

    assert cluster["orm"] == "default"
    assert cluster["retry"] > cluster["timeout"]
    assert cluster["catch_up"] is False


def test_generation_job_returns_a_one_line_summary():
    PlanFactory(assets=[equipment()])

    summary = tasks.generate_work_orders_job(intended_date="2026-09-28T00:30:00+08:00")

    assert summary == (
        "[2026-09-28T00:30:00+08:00] Work orders created: 15 (provisional: 0); plans: 1; targets joined: 1, "
        "left: 0; provisional orders recomputed: 0."
    )
    assert WorkOrder.objects.count() == 15
    # A repeated or late run of the same slot creates nothing twice.
    assert "Work orders created: 0 " in tasks.generate_work_orders_job(intended_date="2026-09-28T00:30:00+08:00")


def test_notify_job_returns_a_one_line_summary(time_machine):
    time_machine.move_to(at(day(9, 26), hour=0), tick=False)
    plan = PlanFactory(start=day(9, 26), assets=[equipment()])
    member_of(plan.crew, "sweeper")
    tasks.generate_work_orders_job()
    time_machine.move_to(at(TODAY, hour=7), tick=False)

    assert tasks.notify_overdue_job(intended_date="2026-09-28T07:00:00+08:00") == (
        "[2026-09-28T07:00:00+08:00] notified crews of 2 overdue work orders"
    )
    assert tasks.notify_overdue_job() == "[manual] notified crews of 0 overdue work orders"


def test_the_scheduler_runs_generation_once_after_downtime_with_the_slot_as_intended_date(time_machine):
    PlanFactory(assets=[equipment()])
    setup_schedules()
    # The cluster was down for two nights: 29 and 30 September, 00:30.
    time_machine.move_to(at(day(9, 30), hour=10), tick=False)

    scheduler(get_broker())

    generate = Schedule.objects.get(name="generate-work-orders")
    assert generate.next_run == datetime.datetime(2026, 10, 1, 0, 30, tzinfo=ZONE_TZ)  # not once per missed night
    runs = list(Task.objects.filter(group="generate-work-orders"))
    assert len(runs) == 1 and runs[0].success, runs
    intended, summary = runs[0].result.split("] ", 1)
    first_missed_slot = datetime.datetime(2026, 9, 29, 0, 30, tzinfo=ZONE_TZ)
    assert datetime.datetime.fromisoformat(intended.lstrip("[")) == first_missed_slot
    assert summary == (
        "Work orders created: 15 (provisional: 0); plans: 1; targets joined: 1, left: 0; "
        "provisional orders recomputed: 0."
    )
    assert WorkOrder.objects.count() == 15
