"""django-q2 jobs: thin wrappers that call a service and return a one-line summary."""

from django.utils import timezone

from . import services


def expire_pledges_job(intended_date: str | None = None) -> str:
    """Nightly (FrontageConfig.schedules): pledges past their last day expire, signed ones
    whose first day has come come into force. Idempotent."""
    return services.expire_pledges(timezone.localdate())
