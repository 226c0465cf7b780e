"""Rebound checks (防反弹): a re-inspection held, or a rebound that opens a new finding;
a second rebound in a chain escalates until a manager clears it."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notices import notify
from core.roles import Role
from maintenance.models import CrewMembership

from ..choices import FindingSource, FindingStatus, PhotoStage, ReinspectionResult, ReinspectionStatus, StepKind
from ..models import Finding, Reinspection
from ..queries import may_inspect, may_manage
from ..signals import finding_escalated
from .loop import dispatch
from .photos import copy_photo, store_photo
from .steps import check_text, first_step, transition

# The rebound in a chain (rebound_number) from which a finding is escalated: the second.
ESCALATE_FROM = 2


def check_reinspection(result: str, photo, note: str) -> str:
    """What a re-inspection must come with (the note, stripped, if it does): held, a
    photo; a rebound, a note on what came back."""
    if result not in ReinspectionResult.values:
        raise ValidationError(_("Record the place as held or as a rebound."), code="result")
    note = check_text(note, _("What came back"), required=result == ReinspectionResult.REBOUND)
    if result == ReinspectionResult.HELD and photo is None:
        raise ValidationError(_("A held re-inspection needs a photo of the place."), code="photo_missing")
    return note


def record_reinspection(
    reinspection: Reinspection, by, result: str, *, photo=None, note: str = "", now: datetime.datetime | None = None
) -> Finding | None:
    """An inspector (or a manager) records a re-inspection: held (with a photo), or a
    rebound (with a note on what came back). A rebound opens a new finding linked to the
    first (rebound_of), at the same place, of the same category, dispatched again to the
    same party; the first finding's later checks are cancelled (the new one will have its
    own; if that party no longer answers for the place, it waits, registered). Returns the
    new finding of a rebound, else None."""
    if not may_inspect(by):
        raise PermissionDenied(_("Only an inspector or a manager may record a re-inspection."))
    note = check_reinspection(result, photo, note)
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Reinspection.objects.select_for_update().filter(
            pk=reinspection.pk, status=ReinspectionStatus.SCHEDULED
        )
        if not claimed.exists():
            raise ValidationError(_("This re-inspection has already been recorded."), code="recorded")
        Reinspection.objects.filter(pk=reinspection.pk).update(status=result, checked_by=by, checked=now, note=note)
        reinspection.refresh_from_db()
        finding = reinspection.finding
        stored = store_photo(finding, photo, PhotoStage.REINSPECTION, by, reinspection, now=now) if photo else None
        if result == ReinspectionResult.HELD:
            return None
        return _rebound(reinspection, finding, by, note, stored, now)


def _rebound(reinspection, finding: Finding, by, note: str, photo, now) -> Finding:
    Reinspection.objects.filter(finding=finding, status=ReinspectionStatus.SCHEDULED).update(
        status=ReinspectionStatus.CANCELLED
    )
    again = Finding(
        category=finding.category,
        source=FindingSource.REBOUND,
        point=finding.point,
        asset=finding.asset,
        zone=finding.zone,
        severity=finding.severity,
        description=note,
        status=FindingStatus.REGISTERED,
        rebound_of=finding,
        rebound_number=finding.rebound_number + 1,
        reported_by=by,
        created=now,
    )
    again.save()
    first_step(
        again, StepKind.REOPENED, by=by,
        note=_("Rebound of #%(finding)s, found at its %(offset)s-day re-inspection.")
        % {"finding": finding.pk, "offset": reinspection.offset},
    )  # fmt: skip
    transition(
        finding, None, StepKind.REBOUND, "", by=by, at=now,
        note=_("Found back at the %(offset)s-day re-inspection: finding #%(again)s.")
        % {"offset": reinspection.offset, "again": again.pk},
    )  # fmt: skip
    if photo is not None:
        copy_photo(photo.image, again, PhotoStage.BEFORE, by, photo.taken, now=now)
    try:
        with transaction.atomic():
            dispatch(again, by, crew=finding.crew, department=finding.department, unit=finding.unit, now=now)
    except ValidationError:
        # The party no longer answers for the place (the map or the plans changed since):
        # the new finding waits, registered, for an inspector to dispatch it.
        again.refresh_from_db()
    if again.rebound_number >= ESCALATE_FROM:
        escalate(again, by, now)
    return again


def escalation_recipients(finding: Finding) -> list[int]:
    """Who hears of an escalation: the managers, and the leaders of the crews of the
    zone's lead department. (A department has no logins of its own: its crews' leaders
    are the people Shouwei knows of it.)"""
    managers = get_user_model().objects.filter(groups__name=Role.MANAGER.value, is_active=True)
    leaders = CrewMembership.objects.filter(
        crew__department=finding.zone.lead_id, is_leader=True, user__is_active=True
    ).values_list("user", flat=True)
    return sorted({*managers.values_list("pk", flat=True), *leaders})


def escalate(finding: Finding, by, now: datetime.datetime | None = None) -> Finding:
    """Flag a finding whose place rebounded again, and tell the managers and the zone's
    lead department; it stays flagged until a manager clears it."""
    now = now or timezone.now()
    chain = finding.rebound_number
    message = _("Escalated: %(category)s at %(zone)s has come back %(count)s times (finding #%(finding)s).") % {
        "category": finding.category,
        "zone": finding.zone,
        "count": chain,
        "finding": finding.pk,
    }
    transition(finding, None, StepKind.ESCALATED, "", by=by, at=now, note=message, escalated=now)
    notify(escalation_recipients(finding), message, finding.get_absolute_url())
    finding_escalated.send(sender=Finding, finding=finding)
    return finding


def clear_escalation(finding: Finding, by, note: str) -> Finding:
    """A manager clears an escalated finding's flag, with a note on what was decided."""
    if not may_manage(by):
        raise PermissionDenied(_("Only a manager may clear an escalation."))
    note = check_text(note, _("The note"))
    with transaction.atomic():
        if (
            not Finding.objects.select_for_update()
            .filter(pk=finding.pk, escalated__isnull=False, escalation_cleared__isnull=True)
            .exists()
        ):
            raise ValidationError(_("This finding is not escalated."), code="not_escalated")
        transition(
            finding, None, StepKind.CLEARED, "", by=by, note=note, escalation_cleared=timezone.now(), cleared_note=note
        )
    return finding
