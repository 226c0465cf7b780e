"""The django-q2 schedules, created or updated by name (manage.py setup_schedules)."""

from datetime import datetime

from croniter import croniter
from django.utils import timezone
from django_q.models import Schedule

SCHEDULES = [
    # name, function, cron (Asia/Shanghai, the project's TIME_ZONE)
    ("generate-work-orders", "maintenance.tasks.generate_work_orders_job", "30 0 * * *"),
    ("notify-overdue", "maintenance.tasks.notify_overdue_job", "0 7 * * *"),
]


def setup_schedules() -> list[tuple[str, str]]:
    """Create or update each schedule; idempotent. Returns (name, "created" / "updated" /
    "unchanged") pairs."""
    results = []
    for name, func, cron in SCHEDULES:
        schedule = Schedule.objects.filter(name=name).first()
        if (
            schedule is not None
            and (schedule.func, schedule.cron, schedule.schedule_type) == (func, cron, Schedule.CRON)
            and schedule.intended_date_kwarg == "intended_date"
            and schedule.repeats < 0
        ):
            results.append((name, "unchanged"))  # leave next_run alone: the slot stays as planned
            continue
        next_run = croniter(cron, timezone.localtime()).get_next(datetime)
        _schedule, created = Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": Schedule.CRON,
                "cron": cron,
                "repeats": -1,
                "next_run": next_run,
                "intended_date_kwarg": "intended_date",
            },
        )
        results.append((name, "created" if created else "updated"))
    return results
