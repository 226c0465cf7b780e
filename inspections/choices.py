from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryKind(models.TextChoices):
    """GB/T 30428's two classes: an event (something that happens: rubbish piled, a vendor)
    or a component (something of the city's that is damaged: a road, a machine)."""

    EVENT = "event", _("Event")
    COMPONENT = "component", _("Component")


class DeadlineUnit(models.TextChoices):
    """Disposal deadlines count working time on China's working-day calendar."""

    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class FindingStatus(models.TextChoices):
    PENDING = "pending", _("Pending (a public report not yet accepted)")
    REGISTERED = "registered", _("Registered")
    DISPATCHED = "dispatched", _("Dispatched")
    DISPOSED = "disposed", _("Disposed")
    CLOSED = "closed", _("Closed")
    VOIDED = "voided", _("Voided")


# Findings still in the loop: what void may act on, what the overdue rule looks at.
OPEN_STATUSES = [FindingStatus.PENDING, FindingStatus.REGISTERED, FindingStatus.DISPATCHED, FindingStatus.DISPOSED]
# A party answers for the finding: exactly one is named in these statuses.
PARTY_STATUSES = [FindingStatus.DISPATCHED, FindingStatus.DISPOSED, FindingStatus.CLOSED]


class FindingSource(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    PUBLIC = "public", _("Public report")
    REBOUND = "rebound", _("Rebound")


class StepKind(models.TextChoices):
    """What happened to a finding (Step.kind)."""

    REPORTED = "reported", _("Reported by the public")
    ACCEPTED = "accepted", _("Report accepted")
    REJECTED = "rejected", _("Report rejected")
    REGISTERED = "registered", _("Registered")
    DISPATCHED = "dispatched", _("Dispatched")
    REFUSED = "refused", _("Refused by the party")
    DISPOSED = "disposed", _("Disposed")
    SENT_BACK = "sent_back", _("Sent back for rework")
    CLOSED = "closed", _("Verified and closed")
    VOIDED = "voided", _("Voided")
    REOPENED = "reopened", _("Reopened by a rebound")
    REBOUND = "rebound", _("Found back at a re-inspection")
    ESCALATED = "escalated", _("Escalated")
    CLEARED = "cleared", _("Escalation cleared")


class PhotoStage(models.TextChoices):
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")
    REINSPECTION = "reinspection", _("Re-inspection")


class ReinspectionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    REBOUND = "rebound", _("Rebound")
    # An earlier check of the same finding found a rebound: its new finding has checks of its own.
    CANCELLED = "cancelled", _("Cancelled (an earlier check found a rebound)")


class ReinspectionResult(models.TextChoices):
    """What an inspector records at a re-inspection."""

    HELD = ReinspectionStatus.HELD.value, ReinspectionStatus.HELD.label
    REBOUND = ReinspectionStatus.REBOUND.value, ReinspectionStatus.REBOUND.label


# The category a finding opened from a door check's failed duty starts with (the inspector
# may change it): the seeded catalogue's codes (migrations/0002_categories).
DOOR_DUTY_CATEGORY = {
    "sanitation": "exposed-rubbish",
    "greening": "greening-damaged",
    "order": "out-of-shop",
}
