"""The django-q2 schedules, created or updated by name (manage.py setup_schedules).

maintenance's are listed here; an app above it adds its own as a ``schedules`` list on
its AppConfig (inspections: the nightly re-inspections), found through the app registry
so that maintenance imports none of them.
"""

from datetime import datetime

from croniter import croniter
from django.apps import apps
from django.utils import timezone
from django_q.models import Schedule

SCHEDULES = [
    # name, function, cron (Asia/Shanghai, the project's TIME_ZONE)
    ("generate-work-orders", "maintenance.tasks.generate_work_orders_job", "30 0 * * *"),
    ("notify-overdue", "maintenance.tasks.notify_overdue_job", "0 7 * * *"),
]


def all_schedules() -> list[tuple[str, str, str]]:
    """maintenance's schedules, then those of the apps that declare some, in INSTALLED_APPS order."""
    declared = [schedule for config in apps.get_app_configs() for schedule in getattr(config, "schedules", [])]
    return SCHEDULES + declared


def setup_schedules() -> list[tuple[str, str]]:
    """Create or update each schedule; idempotent. Returns (name, "created" / "updated" /
    "unchanged") pairs."""
    results = []
    for name, func, cron in all_schedules():
        # Schedule.name is not unique: two containers starting at once may both have made
        # one. Keep the first, so that every start goes on working (and the job runs once).
        found = list(Schedule.objects.filter(name=name).order_by("pk"))
        schedule = found[0] if found else None
        if len(found) > 1:
            Schedule.objects.filter(pk__in=[extra.pk for extra in found[1:]]).delete()
        if (
            schedule is not None
            and (schedule.func, schedule.cron, schedule.schedule_type) == (func, cron, Schedule.CRON)
            and schedule.intended_date_kwarg == "intended_date"
            and schedule.repeats < 0
        ):
            results.append((name, "unchanged"))  # leave next_run alone: the slot stays as planned
            continue
        next_run = croniter(cron, timezone.localtime()).get_next(datetime)
        values = {
            "func": func,
            "schedule_type": Schedule.CRON,
            "cron": cron,
            "repeats": -1,
            "next_run": next_run,
            "intended_date_kwarg": "intended_date",
        }
        if schedule is None:
            Schedule.objects.create(name=name, **values)
        else:
            Schedule.objects.filter(pk=schedule.pk).update(**values)
        results.append((name, "updated" if schedule else "created"))
    return results
