"""django-q2 jobs: thin wrappers that call a service and return a one-line summary."""

from django.utils import timezone

from . import weekly
from .notify import deliveries, events


def send_delivery(pk: int) -> str:
    """One attempt at sending a logged message (queued after its transaction commits)."""
    return f"delivery {pk}: {deliveries.send(int(pk))}"


def notify_overdue_job(intended_date: str | None = None) -> str:
    """Nightly (ReportsConfig.schedules): the findings past their deadline and the crews'
    overdue work, to the managers and the departments' robots. Idempotent: once per
    finding or crew, recipient and day."""
    now = timezone.now()
    findings = events.findings_past_deadline(now)
    crews = events.crews_overdue(timezone.localdate(now))
    return f"[{intended_date or 'manual'}] queued {findings} past-deadline and {crews} overdue-work messages"


def weekly_report_job(intended_date: str | None = None) -> str:
    """Mondays at 08:00 (ReportsConfig.schedules): last ISO week's report, generated
    (again, if it was: it replaces the stored one) and announced to the managers and the
    robots. The announcement is once per report URL."""
    report = weekly.generate_weekly_report(weekly.last_week())
    # A path: the messages make it absolute (NOTIFY_SITE_URL).
    with deliveries.in_outbound_language():
        text = weekly.summary(report)
    queued = events.weekly_report_ready(report.get_absolute_url(), text)
    return f"[{intended_date or 'manual'}] weekly report {report.week}: {len(queued)} messages queued"
