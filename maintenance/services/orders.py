"""A work order's workflows, one function each: the crews' work on site (answers, notes,
photos, start, complete, skip; submit_work does them as the order page sends them),
a leader's reassignment, a planner's move, skip and cancel.

Every change goes through status.change_order (who, when, from, to, why).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import process_photo

from ..choices import OPEN_STATUSES, CancelReason, OrderStatus, PlanMode
from ..models import (
    NOTES_MAX_LENGTH,
    SKIP_REASON_MAX_LENGTH,
    ChecklistAnswer,
    CrewMembership,
    Plan,
    WorkOrder,
    WorkOrderPhoto,
)
from ..queries import may_lead
from .generation import GenerationResult, generate_floating, mark_failures
from .meters import check_meter_reading, completion_readings, rebase_after_service, record_meter_reading
from .status import TransitionError, change_order, claim_open, refusal

# What a crew member may press on the order page (submit_work).
WORK_ACTIONS = ("save", "start", "complete", "skip")


def check_minutes(minutes_spent: int | None) -> None:
    if minutes_spent is not None and minutes_spent < 0:
        raise ValidationError(_("Time spent cannot be negative."), code="minutes")


def check_notes(notes: str | None) -> None:
    if notes is not None and len(notes) > NOTES_MAX_LENGTH:
        raise ValidationError(
            _("Notes may be at most %(limit)s characters long; these have %(length)s."),
            code="notes",
            params={"limit": NOTES_MAX_LENGTH, "length": len(notes)},
        )


def start_work_order(order: WorkOrder, by) -> WorkOrder:
    """Scheduled → in progress."""
    change_order(
        order, [OrderStatus.SCHEDULED], _("It cannot be started."), by=by,
        status=OrderStatus.IN_PROGRESS, started=timezone.now(), assignee=by,
    )  # fmt: skip
    return order


def unanswered_required_items(order: WorkOrder) -> list:
    """The required items the order asks (a retired item is asked no more) left unanswered."""
    answered = set(order.answers.answered().values_list("item_id", flat=True))
    return [item for item in order.checklist_items() if item.required and item.pk not in answered]


def complete_work_order(
    order: WorkOrder,
    by,
    *,
    notes: str | None = None,
    minutes_spent: int | None = None,
    meter_reading: Decimal | None = None,
    today: datetime.date | None = None,
) -> WorkOrder:
    """Scheduled or in progress → done. Refused while a required checklist item is
    unanswered. The meter readings it records (services.completion_readings: its checklist
    items that record a meter, and ``meter_reading`` for a meter plan) are stored, and
    refused like any reading. A floating plan's next order is created; a meter plan's
    baseline moves."""
    today = today or timezone.localdate()
    with transaction.atomic():
        missing = unanswered_required_items(order)
        if missing:
            raise TransitionError(
                _("Answer every required checklist item before completing: %(items)s."),
                code="checklist",
                params={"items": ", ".join(item.label for item in missing)},
            )
        check_minutes(minutes_spent)
        check_notes(notes)
        now = timezone.now()
        changes = {"status": OrderStatus.DONE, "closed": now, "closed_by": by}
        if order.started is None:
            changes["started"] = now
        if notes is not None:
            changes["notes"] = notes
        if minutes_spent is not None:
            changes["minutes_spent"] = minutes_spent
        readings = completion_readings(order, meter_reading)
        change_order(order, OPEN_STATUSES, _("It cannot be completed."), by=by, **changes)
        for meter, value in readings.items():
            record_meter_reading(order.asset, meter, value, by, read_at=now, order=order, generate=False)
        _after_close(order, today)
    return order


def skip_work_order(order: WorkOrder, by, reason: str, today: datetime.date | None = None) -> WorkOrder:
    """Scheduled or in progress → skipped, with a reason (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Skipping a work order needs a reason."), code="skip_reason")
    if len(reason) > SKIP_REASON_MAX_LENGTH:
        raise TransitionError(
            _("The reason may be at most %(limit)s characters long; this one has %(length)s."),
            code="skip_reason",
            params={"limit": SKIP_REASON_MAX_LENGTH, "length": len(reason)},
        )
    with transaction.atomic():
        change_order(
            order, OPEN_STATUSES, _("It cannot be skipped."), by=by, reason=reason,
            status=OrderStatus.SKIPPED, skip_reason=reason, closed=timezone.now(), closed_by=by,
        )  # fmt: skip
        _after_close(order, today or timezone.localdate())
    return order


def cancel_work_order(order: WorkOrder, by) -> WorkOrder:
    """Scheduled or in progress → cancelled by hand."""
    change_order(
        order, OPEN_STATUSES, _("It cannot be cancelled."), by=by,
        status=OrderStatus.CANCELLED, cancel_reason=CancelReason.MANUAL, closed=timezone.now(), closed_by=by,
    )  # fmt: skip
    return order


def move_work_order(order: WorkOrder, due: datetime.date, by, today: datetime.date | None = None) -> WorkOrder:
    """A planner moves one occurrence to another day, leaving the plan as it is."""
    today = today or timezone.localdate()
    if due < today:
        raise ValidationError(_("A work order cannot be moved into the past."), code="move_past")
    conflict = ValidationError(
        _("There is already a work order of this plan for this asset on %(date)s."),
        code="move_conflict",
        params={"date": due.isoformat()},
    )
    if WorkOrder.objects.filter(plan=order.plan_id, asset=order.asset_id, due=due).exclude(pk=order.pk).exists():
        raise conflict
    try:
        with transaction.atomic():
            refused = _("Only a scheduled work order can be moved.")
            change_order(order, [OrderStatus.SCHEDULED], refused, by=by, due=due, rescheduled=True)
    except IntegrityError:
        # Another order got that day since the check (a colleague's move, a generation run).
        raise conflict from None
    return order


def reassign_work_order(order: WorkOrder, assignee, by) -> WorkOrder:
    """A crew leader (or a manager) gives an open order to another member of its crew."""
    if not may_lead(by, order.crew_id):
        raise ValidationError(_("Only the crew's leader can reassign its work orders."), code="not_leader")
    if assignee is not None and not CrewMembership.objects.filter(crew_id=order.crew_id, user=assignee).exists():
        raise ValidationError(
            _("%(user)s is not in this crew."), code="not_member", params={"user": assignee.get_username()}
        )
    change_order(order, OPEN_STATUSES, _("It cannot be reassigned."), by=by, assignee=assignee)
    return order


def _after_close(order: WorkOrder, today: datetime.date) -> None:
    plan = order.plan
    if plan.paused:
        return
    if plan.mode == PlanMode.FLOATING:
        plans, result = Plan.objects.filter(pk=plan.pk), GenerationResult()
        generate_floating(plans, today, result)
        mark_failures(plans, result)
    elif plan.mode == PlanMode.METER and order.status == OrderStatus.DONE:
        rebase_after_service(order)


# --- The crews' work on site -------------------------------------------------------------


def save_answers(order: WorkOrder, by, answers: dict[int, str]) -> None:
    """Store the crew's checklist answers, given as text by checklist item id
    (ChecklistItem.parse_answer reads them), to the items the order asks (answers to
    others, such as a retired item, are ignored). Each answer keeps the item's label,
    kind and unit (ChecklistItem.snapshot, as ChecklistAnswer.save copies them).

    All or nothing: if one answer is not valid (a number field with letters), none is
    saved and the ValidationError names each bad item (keyed by item id).
    """
    if not order.is_open():
        raise refusal(order, _("Its checklist cannot be changed."), refresh=False)
    items = {item.pk: item for item in order.checklist_items()}
    values, errors = {}, {}
    for item_id, raw in answers.items():
        item = items.get(item_id)
        if item is None:
            continue
        try:
            values[item] = item.parse_answer(raw)
        except ValidationError as error:
            errors[str(item_id)] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim_open(order, _("Its checklist cannot be changed."))
        # One statement for all of them (a crew's checklist, the demo's six weeks of it):
        # inserted, or updated where the order has answered the item before.
        answers = [
            ChecklistAnswer(order=order, item=item, **item.snapshot(), **fields) for item, fields in values.items()
        ]
        ChecklistAnswer.objects.bulk_create(
            answers,
            update_conflicts=True,
            unique_fields=["order", "item"],
            update_fields=["passed", "number", "text", "answered", "label", "kind", "unit"],
        )


def save_notes(order: WorkOrder, by, notes: str, minutes_spent: int | None) -> None:
    """The crew's notes (at most NOTES_MAX_LENGTH characters) and time spent, kept
    while the order is open."""
    check_notes(notes)
    check_minutes(minutes_spent)
    change_order(
        order, OPEN_STATUSES, _("Its notes cannot be changed."), by=by, notes=notes, minutes_spent=minutes_spent
    )


def check_photo_count(order: WorkOrder) -> None:
    """At most PHOTOS_PER_ORDER photos on one order (each costs the server a decoding)."""
    if WorkOrderPhoto.objects.filter(order=order).count() >= settings.PHOTOS_PER_ORDER:
        raise ValidationError(
            _("This work order already has %(limit)s photos, the most it may have."),
            code="photo_count",
            params={"limit": settings.PHOTOS_PER_ORDER},
        )


def add_photo(order: WorkOrder, by, upload) -> WorkOrderPhoto:
    """Keep a photo of the work (core.uploads checks and re-encodes it), up to
    PHOTOS_PER_ORDER: counted before the upload is decoded, and again under the order's
    row claim, so that two uploads at once cannot both take the last place."""
    if not order.is_open():
        raise refusal(order, _("No photo can be added."), refresh=False)
    check_photo_count(order)
    photo = process_photo(upload)
    with transaction.atomic():
        claim_open(order, _("No photo can be added."))
        check_photo_count(order)
        kept = WorkOrderPhoto(order=order, taken=photo.taken, uploaded_by=by)
        kept.image.save(photo.content.name, photo.content, save=False)
        kept.save()
    return kept


def submit_work(
    order: WorkOrder,
    by,
    *,
    answers: dict[int, str],
    notes: str,
    minutes_spent: int | None,
    photo=None,
    action: str = "save",
    reason: str = "",
    meter_reading: Decimal | None = None,
) -> WorkOrderPhoto | None:
    """A crew member's work on one order, as the order page (and the API) sends it: the
    checklist answers, the notes and time, a photo, a meter plan's ``meter_reading``,
    then the action pressed ("save", "start", "complete" or "skip", with ``reason``).

    The meter reading is recorded with the completion, or at once with any other action
    (it is a reading like any other: what was typed is not lost). Completing also
    records the answers of the checklist items that record a meter; a bad reading keeps
    the order open and is named on its field.

    Nothing typed is lost: the valid answers, the notes and the time are saved even when
    something else is refused; the action is done only when everything was saved.
    Returns the photo added, if any. Raises TransitionError when the order is closed
    (perhaps by a colleague meanwhile: nothing of it can change), else a ValidationError
    whose error_dict names what was refused — "item-<id>", "notes", "minutes_spent", "photo",
    "meter_reading", "reason" — with NON_FIELD_ERRORS when the action itself was refused.
    """
    if action not in WORK_ACTIONS:
        raise ValidationError({NON_FIELD_ERRORS: [_("Unknown action.")]}, code="action")
    errors = {}
    try:
        save_answers(order, by, answers)
    except TransitionError:
        raise
    except ValidationError as error:
        errors.update({f"item-{item_id}": messages for item_id, messages in error.message_dict.items()})
        save_answers(order, by, {pk: text for pk, text in answers.items() if str(pk) not in error.message_dict})
    # What is valid of the notes and the time is saved; what is not stays as it was.
    for name, check, value in (("notes", check_notes, notes), ("minutes_spent", check_minutes, minutes_spent)):
        try:
            check(value)
        except ValidationError as error:
            errors[name] = error.messages
    save_notes(
        order,
        by,
        order.notes if "notes" in errors else notes,
        order.minutes_spent if "minutes_spent" in errors else minutes_spent,
    )
    added = None
    if photo is not None:
        try:
            added = add_photo(order, by, photo)
        except ValidationError as error:
            errors["photo"] = error.messages
    if meter_reading is not None and order.plan.meter and action != "complete":
        try:
            record_meter_reading(order.asset, order.plan.meter, meter_reading, by, order=order)
        except ValidationError as error:
            errors["meter_reading"] = error.messages
    if not errors and action == "complete":
        errors = _completion_reading_errors(order, meter_reading)
    if errors:
        raise ValidationError(errors)
    try:
        if action == "start":
            start_work_order(order, by)
        elif action == "complete":
            complete_work_order(order, by, meter_reading=meter_reading)
        elif action == "skip":
            skip_work_order(order, by, reason)
    except ValidationError as error:
        refused = {NON_FIELD_ERRORS: error.messages}
        if error.code == "checklist":
            for item in unanswered_required_items(order):
                refused[f"item-{item.pk}"] = [_("Required before completing.")]
        elif error.code == "skip_reason":
            refused["reason"] = error.messages
        raise ValidationError(refused) from error
    return added


def _completion_reading_errors(order: WorkOrder, meter_reading: Decimal | None) -> dict[str, list[str]]:
    """What would refuse the readings completing the order records, by the field they
    were typed in (a checklist item's, or the meter plan's reading field)."""
    try:
        readings = completion_readings(order, meter_reading)
    except ValidationError as error:
        return {"meter_reading": error.messages}
    fields = {item.meter: f"item-{item.pk}" for item in order.plan.checklist.all() if item.meter}
    errors = {}
    now = timezone.now()
    for meter, value in readings.items():
        try:
            check_meter_reading(order.asset, meter, value, now)
        except ValidationError as error:
            errors[fields.get(meter, "meter_reading")] = error.messages
    return errors
