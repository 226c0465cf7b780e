"""django-q2 jobs: thin wrappers that call a service and return a one-line summary."""

from django.utils import timezone

from . import services


def generate_work_orders_job(intended_date: str | None = None) -> str:
    """Daily at 00:30 (Asia/Shanghai). ``intended_date`` is the schedule slot, for the log:
    the run itself is idempotent, so a repeated or late run creates nothing twice."""
    result = services.generate_work_orders(today=timezone.localdate())
    return f"[{intended_date or 'manual'}] {result.summary()}"


def notify_overdue_job(intended_date: str | None = None) -> str:
    count = services.notify_overdue(today=timezone.localdate())
    return f"[{intended_date or 'manual'}] notified crews of {count} overdue work orders"
