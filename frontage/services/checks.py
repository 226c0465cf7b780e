"""Door checks: scheduled from the check plans on working days, started ad hoc, recorded
(pass or fail on each of the three duties, a note, photos) and the unit re-rated.

**Scheduling** (``schedule_checks``, the nightly job): each active plan's RFC 5545 rule is
expanded from ``plan.starts`` (maintenance's ``recurrence``) and each date that falls on
a rest day moves to the next working day (maintenance's ``WorkingCalendar``, as the
maintenance plans' "next working day"); every active unit of the plan's zone gets a check
on each such day within the horizon. The constraint ``check_plan_unit_due`` makes a second
run a no-op (``bulk_create(ignore_conflicts=True)``). A unit no longer active gets no new
checks, and its open checks are cancelled (kept, never deleted).

**Recording** (``record_check``): only those who may check (``queries.may_check``); a check
done or cancelled refuses; all three duties must be answered. **A failed duty needs
evidence: a note or a photo (either will do)**, so a failure is never a bare tick. Then
the unit's rating is the rule applied again (``rerate``), and when a duty failed,
``signals.duty_failed`` is sent inside the same transaction.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import process_photo
from maintenance.calendar import MAX_SHIFT_DAYS, WorkingCalendar
from maintenance.choices import NonWorkingDayRule
from maintenance.recurrence import occurrences

from ..choices import CheckStatus, Duty
from ..models import Check, CheckPhoto, CheckPlan, Unit
from ..queries import may_check
from ..signals import duty_failed

logger = logging.getLogger(__name__)

# A note longer than this is refused (a page of text is not a note).
NOTE_MAX_LENGTH = 2000
# Photos kept per check at most.
MAX_PHOTOS = 6


@dataclass
class ScheduleResult:
    """What one run of schedule_checks did."""

    created: int = 0
    cancelled: int = 0
    plans: int = 0
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        line = f"made {self.created} door checks from {self.plans} plans, cancelled {self.cancelled} of inactive units"
        if self.failed:
            line += f"; failed plans: {', '.join(self.failed)}"
        return line


def plan_dates(
    plan: CheckPlan, calendar: WorkingCalendar, first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The days a plan's checks fall on from ``first`` to ``last``: its rule's dates,
    each on a rest day moved to the next working day (several landing on one day make one).
    Dates up to MAX_SHIFT_DAYS before ``first`` are looked at too: a Saturday's check
    moved onto Monday ``first`` belongs to this span."""
    start = max(plan.starts, first - datetime.timedelta(days=MAX_SHIFT_DAYS))
    days = set()
    for day in occurrences(plan.rrule, plan.starts, start, last):
        due, _provisional = calendar.place(day, NonWorkingDayRule.NEXT)
        if due is not None and first <= due <= last:
            days.add(due)
    return sorted(days)


def schedule_checks(today: datetime.date, horizon_days: int = 14) -> ScheduleResult:
    """Make the checks of every active plan due from today to ``horizon_days`` ahead, for
    every active unit of its zone; cancel the open checks of inactive units. Idempotent.
    A plan whose rule cannot be expanded is logged and skipped, never the whole run."""
    result = ScheduleResult()
    last = today + datetime.timedelta(days=horizon_days)
    result.cancelled = Check.objects.filter(status=CheckStatus.DUE, unit__active=False).update(
        status=CheckStatus.CANCELLED
    )
    plans = list(CheckPlan.objects.filter(active=True).order_by("pk"))
    if not plans:
        return result
    calendar = WorkingCalendar.load(today, last)
    units_by_zone: dict[int, list[int]] = {}
    for plan in plans:
        try:
            days = plan_dates(plan, calendar, today, last)
        except Exception as error:  # a rule stored without validation must not stop the others
            logger.warning("Door check plan %s (%s) failed: %s", plan.pk, plan.name, error)
            result.failed.append(plan.name)
            continue
        if plan.zone_id not in units_by_zone:
            units_by_zone[plan.zone_id] = list(
                Unit.objects.filter(zone_id=plan.zone_id, active=True).order_by("pk").values_list("pk", flat=True)
            )
        rows = [Check(plan=plan, unit_id=unit, due=day) for day in days for unit in units_by_zone[plan.zone_id]]
        # ignore_conflicts tells nothing of which rows were made: count them before and after.
        span = Check.objects.filter(plan=plan, due__range=(today, last))
        with transaction.atomic():
            before = span.count()
            Check.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
            result.created += span.count() - before
        result.plans += 1
    return result


def _check_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("A note may be at most %(limit)s characters long; this one has %(length)s."),
            code="too_long",
            params={"limit": NOTE_MAX_LENGTH, "length": len(note)},
        )
    return note


def check_results(results: dict, note: str, photos: list) -> dict[str, bool]:
    """Each of the three duties answered (True kept, False failed), and a failure with a
    note or a photo; errors by duty name (or ``__all__``), as a page shows them."""
    errors: dict[str, list[str]] = {}
    answered: dict[str, bool] = {}
    for duty in Duty:
        value = results.get(duty.value)
        if value is None:
            errors[duty.value] = [_("Say whether %(duty)s was kept.") % {"duty": duty.label}]
        else:
            answered[duty.value] = bool(value)
    if errors:
        raise ValidationError(errors)
    if not all(answered.values()) and not note and not photos:
        raise ValidationError(
            {"note": [_("A failed duty needs a note or a photo of what was wrong.")]}, code="evidence"
        )
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {"photos": [_("At most %(count)s photos per check.") % {"count": MAX_PHOTOS}]}, code="too_many"
        )
    return answered


def rerate(unit: Unit) -> None:
    """The unit's stored rating: the rule applied to its checks again."""
    unit.rating = unit.rating_from_checks()
    unit.save(update_fields=["rating"])


def record_check(
    check: Check,
    results: dict,
    *,
    note: str = "",
    photos: list | None = None,
    by,
    now: datetime.datetime | None = None,
) -> Check:
    """Record a check: pass or fail on each duty (``results``: duty → bool), a note and
    photos; the unit re-rated, and ``duty_failed`` sent when a duty failed."""
    if not may_check(by):
        raise PermissionDenied(_("Only an inspector or a manager may record a door check."))
    photos = [photo for photo in (photos or []) if photo]
    note = _check_note(note)
    answered = check_results(results, note, photos)
    now = now or timezone.now()
    # Each photo checked and re-encoded before anything is written: a bad one refuses all.
    processed = [process_photo(photo) for photo in photos]
    with transaction.atomic():
        claimed = Check.objects.select_for_update().filter(pk=check.pk, status=CheckStatus.DUE)
        if not claimed.exists():
            raise ValidationError(_("This check has already been recorded or was cancelled."), code="recorded")
        changes = {f"{duty}_ok": kept for duty, kept in answered.items()}
        Check.objects.filter(pk=check.pk).update(status=CheckStatus.DONE, note=note, inspector=by, done=now, **changes)
        check.refresh_from_db()
        for photo in processed:
            row = CheckPhoto(door_check=check, taken=photo.taken, uploaded_by=by, created=now)
            row.image.save(photo.content.name, photo.content, save=False)
            row.save()
        rerate(check.unit)
        failed = check.failed_duties()
        if failed:
            duty_failed.send(sender=Check, check=check, duties=failed)
    return check


def start_check(unit: Unit, by, today: datetime.date | None = None) -> Check:
    """A check of the unit now ("check now" on its page): its open check due today or
    overdue when it has one (a plan's, or one started earlier), else a new one due today
    without a plan."""
    if not may_check(by):
        raise PermissionDenied(_("Only an inspector or a manager may record a door check."))
    if not unit.active:
        raise ValidationError(_("This unit is no longer active: it is not checked."), code="inactive")
    today = today or timezone.localdate()
    with transaction.atomic():
        # Two taps on "check now" at once make one check: the unit's row is the lock.
        list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk"))
        open_check = unit.checks.filter(status=CheckStatus.DUE, due__lte=today).order_by("due", "pk").first()
        if open_check is not None:
            return open_check
        return Check.objects.create(unit=unit, due=today)
