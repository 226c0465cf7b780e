"""A finding's closed loop, one function per step (GB/T 30428's filing, dispatch,
disposal, verification, closure):

    report ─▶ pending ─accept─▶ registered ◀─refuse─┐
    register ───────────────────▶ registered ─dispatch─▶ dispatched ─dispose─▶ disposed
                                                         ▲                      │
                                                         └──── send back ◀──verify──▶ closed
    void: from any open status, with a reason; reject: a pending report, with a reason

Each records who and when as a Step (steps.transition). A finding dispatched to a crew
about an asset opens a corrective work order for that crew (maintenance.services.
open_corrective_order); the order done disposes the finding (services.orders).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from frontage.choices import CheckStatus
from frontage.models import Check
from maintenance import services as maintenance
from maintenance.choices import OPEN_STATUSES as OPEN_ORDER_STATUSES

from ..choices import OPEN_STATUSES, FindingSource, FindingStatus, PhotoStage, Severity, StepKind
from ..models import Category, Finding, Round
from ..queries import may_act_as_party, may_inspect
from .photos import has_after_photo, store_photo
from .reinspections import schedule_reinspections
from .rounds import check_round_open
from .routing import Party, check_party, place_of, suggest_party, zone_for
from .steps import check_text, first_step, transition


def check_inspector(by) -> None:
    if not may_inspect(by):
        raise PermissionDenied(_("Only an inspector or a manager may do this."))


def check_category(category: Category) -> None:
    if not category.active:
        raise ValidationError(
            _("The category %(category)s is no longer in use."), code="category", params={"category": category}
        )


def check_door_duty(door_check: Check, duty: str) -> None:
    """A finding is opened from a duty the check found not kept (a done check)."""
    if door_check.status != CheckStatus.DONE or duty not in door_check.failed_duties():
        raise ValidationError(
            _("The door check %(check)s did not find that duty failed: a finding is opened for a failed duty."),
            code="door_duty",
            params={"check": door_check},
        )


def _new_finding(
    *, category, point, asset, description, severity, status, source, by, now, round=None, zone=None, **extra
) -> Finding:
    check_category(category)
    if severity not in Severity.values:
        raise ValidationError(_("Choose a severity."), code="severity")
    point = place_of(point, asset)
    finding = Finding(
        category=category,
        round=round,
        source=source,
        point=point,
        asset=asset,
        zone=zone or zone_for(point, asset),
        severity=severity,
        description=check_text(description, _("The description")),
        status=status,
        reported_by=by,
        created=now or timezone.now(),
        **extra,
    )
    finding.save()
    return finding


def register(
    by,
    category: Category,
    description: str,
    *,
    point=None,
    asset=None,
    severity: str = Severity.MEDIUM,
    round: Round | None = None,
    photos=(),
    door_check=None,
    door_duty: str = "",
    now: datetime.datetime | None = None,
) -> Finding:
    """An inspector registers a finding (its point, or its asset's), with photos of the
    problem (before). Its zone comes from the place (routing.zone_for). On a round: only
    one of its inspectors, and only while it is open (rounds.check_round_open). Opened
    from a door check's failed duty (``door_check``, ``door_duty``), it keeps the check
    and names the unit (its party until dispatched: the unit's findings list shows it), and
    its place is the unit's unless another is given; the unit is then its party by
    default."""
    check_inspector(by)
    if door_check is not None:
        check_door_duty(door_check, door_duty)
        if point is None and asset is None:
            point = door_check.unit.location
    elif door_duty:
        raise ValidationError(_("A failed duty belongs to a door check: name the check."), code="door_check")
    with transaction.atomic():
        if round is not None:
            round = check_round_open(round, by)
        finding = _new_finding(
            category=category, point=point, asset=asset, description=description, severity=severity,
            status=FindingStatus.REGISTERED, source=FindingSource.INSPECTION, by=by, round=round, now=now,
            door_check=door_check, door_duty=door_duty,
            unit=door_check.unit if door_check is not None and door_check.unit.active else None,
        )  # fmt: skip
        first_step(finding, StepKind.REGISTERED, by=by)
        for upload in photos:
            store_photo(finding, upload, PhotoStage.BEFORE, by, now=finding.created)
    return finding


def report(
    category: Category,
    description: str,
    *,
    point=None,
    asset=None,
    unit=None,
    photo=None,
    now: datetime.datetime | None = None,
) -> Finding:
    """A report from the public (no login): a pending finding until an inspector accepts it.
    About a door unit (``unit``, from its sign): the place is the unit's unless another is
    given, the zone the unit's, and the unit is kept as the finding's party until it is
    dispatched (suggested_party offers it first); a closed unit takes no reports."""
    extra = {}
    if unit is not None:
        if not unit.active:
            raise ValidationError(
                _("%(unit)s is closed: it takes no reports."), code="unit_inactive", params={"unit": unit.name}
            )
        if point is None and asset is None:
            point = unit.location
        extra = {"unit": unit, "zone": unit.zone}
    with transaction.atomic():
        finding = _new_finding(
            category=category, point=point, asset=asset, description=description, severity=Severity.MEDIUM,
            status=FindingStatus.PENDING, source=FindingSource.PUBLIC, by=None, now=now, **extra,
        )  # fmt: skip
        first_step(finding, StepKind.REPORTED, by=None)
        if photo is not None:
            store_photo(finding, photo, PhotoStage.BEFORE, None, now=finding.created)
    return finding


def accept_report(finding: Finding, by, now: datetime.datetime | None = None) -> Finding:
    """Pending → registered: the report is a real problem, now in the loop."""
    check_inspector(by)
    transition(
        finding, [FindingStatus.PENDING], StepKind.ACCEPTED, _("It cannot be accepted."), by=by, at=now,
        status=FindingStatus.REGISTERED,
    )  # fmt: skip
    return finding


def reject_report(finding: Finding, by, reason: str, now: datetime.datetime | None = None) -> Finding:
    """Pending → voided, with a reason the reporter is shown."""
    check_inspector(by)
    reason = check_text(reason, _("The reason"))
    transition(
        finding, [FindingStatus.PENDING], StepKind.REJECTED, _("It cannot be rejected."), by=by, at=now, note=reason,
        status=FindingStatus.VOIDED,
    )  # fmt: skip
    return finding


def dispatch(
    finding: Finding,
    by,
    *,
    crew=None,
    department=None,
    unit=None,
    deadline: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Finding:
    """Registered → dispatched to a party (the suggested one, suggested_party, when none
    is given) with a deadline (the category's, counted in working time from now, when
    none is given). A party outside the responsibility map is refused. A crew's finding
    about an asset opens a corrective work order for the crew; a door unit has no logins:
    inspectors dispose on its behalf, as for a department."""
    check_inspector(by)
    now = now or timezone.now()
    party = Party(crew=crew, department=department, unit=unit)
    if not party.count():
        party = suggested_party(finding)
    check_party(finding.zone, finding.asset, party, finding.point)
    if deadline is None:
        deadline = finding.category.deadline_from(now)
    elif deadline <= now:
        raise ValidationError(_("The deadline must be in the future."), code="deadline_past")
    with transaction.atomic():
        order = _open_order(finding, party, deadline, by)
        note = _("To %(party)s, by %(deadline)s.") % {"party": party, "deadline": _when(deadline)}
        transition(
            finding, [FindingStatus.REGISTERED], StepKind.DISPATCHED, _("It cannot be dispatched."), by=by, at=now,
            note=note, status=FindingStatus.DISPATCHED, crew=party.crew, department=party.department,
            unit=party.unit, dispatched=now, deadline=deadline, work_order=order,
        )  # fmt: skip
    return finding


def suggested_party(finding: Finding) -> Party:
    """The party a finding goes to by default: the unit of the door check it was opened
    from, or the unit a public report named (kept until dispatch), while the unit is
    active; else the one its place names (routing.suggest_party)."""
    if finding.door_check_id is not None:
        unit = finding.door_check.unit
        if unit.active:
            return Party(unit=unit)
    if finding.unit_id is not None and finding.status in (FindingStatus.PENDING, FindingStatus.REGISTERED):
        if finding.unit.active:
            return Party(unit=finding.unit)
    return suggest_party(finding.point, finding.asset)


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _open_order(finding: Finding, party: Party, deadline: datetime.datetime, by):
    """The crew's corrective work order for a finding about an asset (None otherwise)."""
    if party.crew is None or finding.asset is None:
        return None
    description = f"#{finding.pk} {finding.category.name}：{finding.description}"
    return maintenance.open_corrective_order(finding.asset, party.crew, deadline, description, by)


def _cancel_order(finding: Finding, by) -> None:
    """The finding's corrective order, if still open, is not needed any more."""
    order = finding.work_order
    if order is not None and order.status in OPEN_ORDER_STATUSES:
        maintenance.cancel_work_order(order, by)


def refuse(finding: Finding, by, reason: str, now: datetime.datetime | None = None) -> Finding:
    """Dispatched → registered: the party says it is not theirs (with a reason); the
    finding waits to be dispatched again, its corrective order cancelled."""
    if not may_act_as_party(by, finding):
        raise PermissionDenied(_("Only the party the finding was dispatched to may refuse it."))
    reason = check_text(reason, _("The reason"))
    with transaction.atomic():
        note = _("%(party)s: %(reason)s") % {"party": finding.party, "reason": reason}
        transition(
            finding, [FindingStatus.DISPATCHED], StepKind.REFUSED, _("It cannot be refused."), by=by, at=now, note=note,
            status=FindingStatus.REGISTERED, crew=None, department=None, unit=None, dispatched=None, deadline=None,
        )  # fmt: skip
        _cancel_order(finding, by)
    return finding


def dispose(finding: Finding, by, done: str, photos=(), now: datetime.datetime | None = None) -> Finding:
    """Dispatched → disposed: what was done, with at least one photo after the work (given
    now, or added since the dispatch). Its corrective order, if open, is completed."""
    if not may_act_as_party(by, finding):
        raise PermissionDenied(_("Only the party the finding was dispatched to may dispose of it."))
    done = check_text(done, _("What was done"))
    now = now or timezone.now()

    def with_after_photos():
        for upload in photos:
            store_photo(finding, upload, PhotoStage.AFTER, by, now=now)
        if not has_after_photo(finding):
            raise ValidationError(_("Add at least one photo of the place after the work."), code="after_photo_missing")

    with transaction.atomic():
        transition(
            finding, [FindingStatus.DISPATCHED], StepKind.DISPOSED, _("It cannot be disposed of."), by=by, at=now,
            check=with_after_photos, note=done, status=FindingStatus.DISPOSED, disposed=now,
        )  # fmt: skip
        order = finding.work_order
        if order is not None and order.status in OPEN_ORDER_STATUSES:
            maintenance.complete_work_order(order, by, notes=f"{order.notes}\n{done}".strip())
    return finding


def verify(finding: Finding, by, *, accept: bool, reason: str = "", now: datetime.datetime | None = None) -> Finding:
    """An inspector checks the disposed finding on site: accepted, it is closed (and its
    re-inspections scheduled); sent back with a reason, it is dispatched again to the
    same party with a new deadline (rework, counted), a crew's with a new corrective order."""
    check_inspector(by)
    now = now or timezone.now()
    if accept:

        def after_photo():
            if not has_after_photo(finding):
                raise ValidationError(
                    _("There is no photo of the place after the work: add one before closing the finding."),
                    code="after_photo_missing",
                )

        with transaction.atomic():
            transition(
                finding, [FindingStatus.DISPOSED], StepKind.CLOSED, _("It cannot be closed."), by=by, at=now,
                check=after_photo, note=check_text(reason, _("The note"), required=False),
                status=FindingStatus.CLOSED, closed=now,
            )  # fmt: skip
            schedule_reinspections(finding_ids=[finding.pk])
        return finding
    reason = check_text(reason, _("The reason"))
    deadline = finding.category.deadline_from(now)
    with transaction.atomic():
        party = Party(crew=finding.crew, department=finding.department, unit=finding.unit)
        order = _open_order(finding, party, deadline, by)
        transition(
            finding, [FindingStatus.DISPOSED], StepKind.SENT_BACK, _("It cannot be sent back."), by=by, at=now,
            note=reason, status=FindingStatus.DISPATCHED, disposed=None, dispatched=now, deadline=deadline,
            rework_count=F("rework_count") + 1, work_order=order or finding.work_order,
        )  # fmt: skip
    return finding


def void(finding: Finding, by, reason: str, now: datetime.datetime | None = None) -> Finding:
    """Any open status → voided, with a reason: a finding registered by mistake stays,
    counted as voided. Its corrective order, if open, is cancelled."""
    check_inspector(by)
    reason = check_text(reason, _("The reason"))
    with transaction.atomic():
        transition(
            finding, OPEN_STATUSES, StepKind.VOIDED, _("It cannot be voided."), by=by, at=now, note=reason,
            status=FindingStatus.VOIDED,
        )  # fmt: skip
        _cancel_order(finding, by)
    return finding
