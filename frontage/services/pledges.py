"""A unit's pledges (the contracts), from draft to their end: one function per workflow.

Only those who keep the register (``queries.may_manage_register``: managers and
administrators) act on pledges; anyone else gets PermissionDenied. Each workflow runs in
one transaction with its pledge claimed (``SELECT … FOR UPDATE``) and refuses each bad
input with a ValidationError that says what is wrong.

The life of a pledge:

- ``draft_pledge`` starts one for a term, its three duties copied from the standard
  wording of the unit's kind (``PledgeWording``); ``edit_pledge`` changes a draft's texts
  and term until it is signed.
- ``sign_pledge`` records the signing date (not in the future) and the scanned signed
  document (required; ``core.uploads.process_document``: PDF, JPEG or PNG, by content).
  A term already over cannot be signed, nor one that overlaps another pledge of the unit
  in force or signed.
- **In force from its first day.** A unit has at most one active pledge (the database's
  ``pledge_one_active_per_unit``). A pledge signed on or after its first day is active at
  once; one signed before it (a renewal signed while the old pledge still runs, or a
  first pledge for a term to come) stays a draft with its signing date set — "signed,
  starts on …" — and becomes active on its first day, when the nightly
  ``expire_pledges`` has ended the old one (the last day of a term is still in force:
  the old pledge expires the day after its end).
- ``renew_pledge`` drafts the next term of an active pledge: the same length, from the
  day after it ends, its texts copied; a pledge is renewed once.
- ``terminate_pledge`` ends a pledge in force (or signed and waiting) early, with a reason.
- ``expire_pledges`` (the nightly job) ends the pledges whose last day has passed and
  puts in force the signed ones whose first day has come; running it twice changes
  nothing the second time.

Evidence is kept: no pledge is ever deleted; a renewal is a new pledge linked to the old
by ``renews``.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import process_document

from ..choices import PledgeStatus
from ..models import Pledge, PledgeWording, Unit
from ..queries import may_manage_register

TEXTS = ("sanitation", "greening", "order")


def check_manager(by) -> None:
    if not may_manage_register(by):
        raise PermissionDenied(_("Only a manager or an administrator may change pledges."))


def _claim(pledge: Pledge) -> Pledge:
    """The pledge as it is now, locked until the transaction ends."""
    return Pledge.objects.select_for_update().select_related("unit").get(pk=pledge.pk)


def _check_term(starts, ends, today: datetime.date) -> None:
    if not isinstance(starts, datetime.date) or not isinstance(ends, datetime.date):
        raise ValidationError(_("A pledge needs the first and the last day of its term."), code="pledge_term")
    if ends <= starts:
        raise ValidationError(
            _("The term must end after it starts (%(starts)s – %(ends)s).") % {"starts": starts, "ends": ends},
            code="pledge_term",
        )
    if ends < today:
        raise ValidationError(
            _("This term ended on %(ends)s: a pledge is for today or a term to come.") % {"ends": ends},
            code="pledge_over",
        )


def _check_texts(texts: dict[str, str]) -> None:
    missing = [Pledge._meta.get_field(name).verbose_name for name in TEXTS if not texts[name].strip()]
    if missing:
        raise ValidationError(
            _("A pledge needs the text of each duty: %(missing)s is empty.")
            % {"missing": ", ".join(str(name) for name in missing)},
            code="pledge_texts",
        )


def _overlapping(pledge: Pledge) -> Pledge | None:
    """Another pledge of the unit in force, or signed and waiting, whose term meets this one's."""
    return (
        Pledge.objects.filter(unit_id=pledge.unit_id, starts__lte=pledge.ends, ends__gte=pledge.starts)
        .filter(Q(status=PledgeStatus.ACTIVE) | Q(status=PledgeStatus.DRAFT, signed__isnull=False))
        .exclude(pk=pledge.pk)
        .order_by("starts")
        .first()
    )


def draft_pledge(unit: Unit, starts: datetime.date, ends: datetime.date, by, renews: Pledge | None = None) -> Pledge:
    """A new draft pledge of the unit for the term, its duties worded as the standard
    wording of the unit's kind says (or as the pledge it renews said)."""
    check_manager(by)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if not unit.active:
            raise ValidationError(_("%(unit)s is closed: it takes no new pledge.") % {"unit": unit}, code="unit_closed")
        _check_term(starts, ends, timezone.localdate())
        if renews is not None:
            renews = _claim(renews)
            if renews.unit_id != unit.pk:
                raise ValidationError(_("A pledge renews a pledge of the same unit."), code="pledge_renews")
            if Pledge.objects.filter(renews=renews).exists():
                raise ValidationError(
                    _("The pledge %(pledge)s has already been renewed.") % {"pledge": renews}, code="pledge_renewed"
                )
            texts = {name: getattr(renews, name) for name in TEXTS}
        else:
            wording = PledgeWording.objects.filter(kind=unit.kind).first()
            texts = {name: getattr(wording, name) if wording else "" for name in TEXTS}
        return Pledge.objects.create(unit=unit, starts=starts, ends=ends, renews=renews, created_by=by, **texts)


def edit_pledge(pledge: Pledge, data: dict, by) -> Pledge:
    """Change an unsigned draft's duties and term: ``data`` holds any of starts, ends,
    sanitation, greening and order."""
    check_manager(by)
    with transaction.atomic():
        pledge = _claim(pledge)
        if pledge.status != PledgeStatus.DRAFT or pledge.signed is not None:
            raise ValidationError(_("Only an unsigned draft can be changed."), code="pledge_not_draft")
        starts, ends = data.get("starts", pledge.starts), data.get("ends", pledge.ends)
        _check_term(starts, ends, timezone.localdate())
        if pledge.renews is not None and starts <= pledge.renews.ends:
            raise ValidationError(
                _("A renewal starts after the pledge it renews ends (%(ends)s).") % {"ends": pledge.renews.ends},
                code="pledge_term",
            )
        texts = {name: str(data.get(name, getattr(pledge, name))) for name in TEXTS}
        _check_texts(texts)
        pledge.starts, pledge.ends = starts, ends
        for name, text in texts.items():
            setattr(pledge, name, text.strip())
        pledge.save(update_fields=["starts", "ends", *TEXTS, "updated"])
        return pledge


def sign_pledge(pledge: Pledge, signed: datetime.date | None, document, by) -> Pledge:
    """Record that the draft was signed on ``signed`` with the scanned signed ``document``
    (an upload): in force at once when its term has begun, else from its first day."""
    check_manager(by)
    today = timezone.localdate()
    with transaction.atomic():
        pledge = _claim(pledge)
        if pledge.status != PledgeStatus.DRAFT or pledge.signed is not None:
            raise ValidationError(_("Only an unsigned draft can be signed."), code="pledge_not_draft")
        if not isinstance(signed, datetime.date):
            raise ValidationError(_("Give the day the pledge was signed."), code="pledge_signed")
        if signed > today:
            raise ValidationError(
                _("The signing date %(signed)s is in the future.") % {"signed": signed}, code="pledge_signed"
            )
        if not document:
            raise ValidationError(_("Attach the scanned signed pledge (PDF, JPEG or PNG)."), code="pledge_document")
        _check_term(pledge.starts, pledge.ends, today)
        _check_texts({name: getattr(pledge, name) for name in TEXTS})
        other = _overlapping(pledge)
        if other is not None:
            raise ValidationError(
                _("The unit's pledge %(pledge)s (%(status)s) covers part of this term: end it, or change this term.")
                % {"pledge": other, "status": other.get_status_display()},
                code="pledge_overlap",
            )
        checked = process_document(document)
        _expire_unit(pledge.unit_id, today)
        pledge.signed = signed
        pledge.document.save(checked.content.name, checked.content, save=False)
        if pledge.starts <= today:
            pledge.status = PledgeStatus.ACTIVE
        pledge.save(update_fields=["signed", "document", "status", "updated"])
        return pledge


def next_term(pledge: Pledge) -> tuple[datetime.date, datetime.date]:
    """The term after the pledge's, as long as it: whole months (a year from 1 January to
    31 December) stay whole months, any other term the same number of days."""
    starts = pledge.ends + datetime.timedelta(days=1)
    months = relativedelta(starts, pledge.starts)
    if not months.days and (months.years or months.months):
        return starts, starts + months - datetime.timedelta(days=1)
    return starts, starts + (pledge.ends - pledge.starts)


def renewal_of(pledge: Pledge) -> Pledge | None:
    """The pledge that renews this one, if any (no query when ``renewed_by`` was joined)."""
    try:
        return pledge.renewed_by
    except Pledge.renewed_by.RelatedObjectDoesNotExist:
        return None


def renew_pledge(pledge: Pledge, by) -> Pledge:
    """A draft for the term after an active pledge's, its texts copied; once per pledge."""
    check_manager(by)
    if pledge.status != PledgeStatus.ACTIVE:
        raise ValidationError(_("Only a pledge in force can be renewed."), code="pledge_not_active")
    starts, ends = next_term(pledge)
    return draft_pledge(pledge.unit, starts, ends, by, renews=pledge)


def terminate_pledge(pledge: Pledge, reason: str, by) -> Pledge:
    """End a pledge in force (or signed and waiting for its term) early, for a reason."""
    check_manager(by)
    reason = (reason or "").strip()
    with transaction.atomic():
        pledge = _claim(pledge)
        waiting = pledge.status == PledgeStatus.DRAFT and pledge.signed is not None
        if pledge.status != PledgeStatus.ACTIVE and not waiting:
            raise ValidationError(
                _("Only a signed pledge that has not ended can be terminated."), code="pledge_not_active"
            )
        if not reason:
            raise ValidationError(_("Say why the pledge is terminated."), code="pledge_reason")
        pledge.status = PledgeStatus.TERMINATED
        pledge.ended_reason = reason
        pledge.save(update_fields=["status", "ended_reason", "updated"])
        return pledge


def _expire_unit(unit_id: int, today: datetime.date) -> int:
    """End the unit's active pledge if its last day has passed (what the nightly job
    would do), so that a pledge signed before the job runs can take its place."""
    return Pledge.objects.filter(unit_id=unit_id, status=PledgeStatus.ACTIVE, ends__lt=today).update(
        status=PledgeStatus.EXPIRED, updated=timezone.now()
    )


def expire_pledges(today: datetime.date) -> str:
    """The nightly job: pledges in force whose last day is before ``today`` expire
    (signed ones that never came into force too); signed pledges whose term holds
    ``today`` come into force. Idempotent. A one-line summary of what it did."""
    now = timezone.now()
    with transaction.atomic():
        expired = Pledge.objects.filter(status=PledgeStatus.ACTIVE, ends__lt=today).update(
            status=PledgeStatus.EXPIRED, updated=now
        )
        lapsed = Pledge.objects.filter(status=PledgeStatus.DRAFT, signed__isnull=False, ends__lt=today).update(
            status=PledgeStatus.EXPIRED, updated=now
        )
        due = list(
            Pledge.objects.select_for_update()
            .filter(status=PledgeStatus.DRAFT, signed__isnull=False, starts__lte=today, ends__gte=today)
            .order_by("unit_id", "starts", "pk")
        )
        in_force = set(
            Pledge.objects.filter(
                status=PledgeStatus.ACTIVE, unit_id__in={pledge.unit_id for pledge in due}
            ).values_list("unit_id", flat=True)
        )
        started = held = 0
        for pledge in due:
            # Signing refuses overlaps, so a unit has one pledge to start; should it still
            # hold one in force (ended early by hand, say), it waits rather than fail the run.
            if pledge.unit_id in in_force:
                held += 1
                continue
            Pledge.objects.filter(pk=pledge.pk).update(status=PledgeStatus.ACTIVE, updated=now)
            in_force.add(pledge.unit_id)
            started += 1
    summary = f"[{today}] {expired + lapsed} pledges expired, {started} came into force"
    return summary + (f", {held} held back by a pledge still in force" if held else "")
