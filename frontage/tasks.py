"""django-q2 jobs: thin wrappers that call a service and return a one-line summary."""

from django.utils import timezone

from . import services


def expire_pledges_job(intended_date: str | None = None) -> str:
    """Nightly (FrontageConfig.schedules): pledges past their last day expire, signed ones
    whose first day has come come into force. Idempotent."""
    return services.expire_pledges(timezone.localdate())


def schedule_door_checks_job(intended_date: str | None = None, horizon_days: int = 14) -> str:
    """Nightly (FrontageConfig.schedules): the door checks of the active plans for the
    next ``horizon_days``; the open checks of inactive units cancelled. Idempotent."""
    result = services.schedule_checks(timezone.localdate(), horizon_days=horizon_days)
    return f"[{intended_date or 'manual'}] {result.summary()}"
