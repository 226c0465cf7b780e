"""django-q2 jobs: thin wrappers that call a service and return a one-line summary."""

from django.utils import timezone

from . import services


def schedule_reinspections_job(intended_date: str | None = None) -> str:
    """Nightly (InspectionsConfig.schedules): the re-inspections of closed findings that
    have none yet. Idempotent: a repeated or concurrent run schedules nothing twice."""
    count = services.schedule_reinspections(today=timezone.localdate())
    return f"[{intended_date or 'manual'}] scheduled the re-inspections of {count} closed findings"
