"""The events that go out: an escalated rebound (on inspections' finding_escalated), the
nightly findings past their deadline and crews' overdue work, and the Monday report."""

import datetime
import logging

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inspections.models import Finding
from maintenance.models import Crew, WorkOrder

from ..models import Event
from .deliveries import announce, in_outbound_language

log = logging.getLogger(__name__)


def finding_escalated(sender=None, finding: Finding = None, **kwargs) -> list[int]:
    """inspections.signals.finding_escalated: the managers and the zone's lead department's
    robots. Runs inside the escalation's transaction, in a savepoint of its own: if logging
    the messages fails, the escalation still stands (and the failure is logged)."""
    try:
        with transaction.atomic():
            return _escalated(finding)
    except Exception:
        log.exception("could not announce the escalation of finding %s", finding.pk)
        return []


def _escalated(finding: Finding) -> list[int]:
    finding = Finding.objects.select_related("category", "zone").get(pk=finding.pk)
    with in_outbound_language():
        title = _("Escalated rebound: finding #%(finding)s") % {"finding": finding.pk}
        text = _("%(category)s at %(zone)s has come back %(count)s times.") % {
            "category": finding.category,
            "zone": finding.zone,
            "count": finding.rebound_number,
        }
        return announce(Event.ESCALATED, title, text, finding.get_absolute_url(), departments=[finding.zone.lead_id])


def findings_past_deadline(now: datetime.datetime | None = None) -> int:
    """Each dispatched finding past its deadline, once a day: the managers and the
    zone's lead department's robots. Returns the deliveries made."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    made = 0
    findings = Finding.objects.overdue(now).select_related("category", "zone").order_by("deadline", "pk")
    with in_outbound_language():
        for finding in findings:
            title = _("Past its deadline: finding #%(finding)s") % {"finding": finding.pk}
            text = _("%(category)s at %(zone)s was due by %(deadline)s.") % {
                "category": finding.category,
                "zone": finding.zone,
                "deadline": timezone.localtime(finding.deadline).strftime("%Y-%m-%d %H:%M"),
            }
            made += len(
                announce(
                    Event.FINDING_OVERDUE,
                    title,
                    text,
                    finding.get_absolute_url(),
                    departments=[finding.zone.lead_id],
                    key=f"finding-overdue:{finding.pk}:{today}",
                )
            )
    return made


def crews_overdue(today: datetime.date | None = None) -> int:
    """Each crew with overdue work orders, once a day: the managers and the crew's
    department's robots. Returns the deliveries made."""
    today = today or timezone.localdate()
    counts = dict(WorkOrder.objects.overdue(today).values_list("crew").annotate(count=Count("pk")).order_by())
    made = 0
    with in_outbound_language():
        for crew in Crew.objects.filter(pk__in=counts).select_related("department").order_by("code"):
            count = counts[crew.pk]
            title = _("Overdue work: %(crew)s") % {"crew": crew}
            text = ngettext(
                "%(crew)s has %(count)d overdue work order.", "%(crew)s has %(count)d overdue work orders.", count
            ) % {"crew": crew, "count": count}
            made += len(
                announce(
                    Event.CREW_OVERDUE,
                    title,
                    text,
                    departments=[crew.department_id] if crew.department_id else [],
                    key=f"crew-overdue:{crew.pk}:{today}",
                )
            )
    return made


def weekly_report_ready(report_url: str, summary: str) -> list[int]:
    """The Monday report is ready (the report's work calls this): the managers and every
    active robot. Once per report: its URL is the key."""
    with in_outbound_language():
        return announce(
            Event.WEEKLY_REPORT,
            _("The Monday report"),
            summary,
            report_url,
            all_webhooks=True,
            key=f"weekly:{report_url}",
        )
