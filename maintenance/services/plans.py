"""A plan's workflows: saving it (create, edit, pause, resume) and previewing its dates.

The plan form, the admin and the API all call save_plan(); the work orders follow
from what changed.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..calendar import WorkingCalendar
from ..choices import CalendarPolicy, CancelReason, OrderStatus, PlanMode, TargetMode
from ..models import ChecklistItem, Plan, WorkOrder
from ..recurrence import next_dates
from .generation import GenerationResult, generate_work_orders, non_working_rule
from .rewrite import SCHEDULE_FIELDS, rewrite_future_orders, send_back
from .status import cancel_orders


@dataclass
class ChecklistChanges:
    """What a plan's checklist gains, changes and loses in one save. The items to save
    are validated by the caller (ChecklistItem.clean: an answered item keeps its label,
    kind and unit); an item to delete that has answers is retired instead (save_plan
    lists it in ``retired``)."""

    save: list[ChecklistItem] = field(default_factory=list)
    delete: list[ChecklistItem] = field(default_factory=list)
    retired: list[ChecklistItem] = field(default_factory=list)

    def summary(self) -> str:
        """What the planner is told of the items retired rather than deleted ("" if none)."""
        if not self.retired:
            return ""
        return _(
            "Retired rather than deleted, as work orders answered them: %(items)s. They are no longer asked; "
            "the orders that answered them still show them."
        ) % {"items": ", ".join(f"“{item.label}”" for item in self.retired)}


def _apply_checklist(plan: Plan, checklist: ChecklistChanges) -> None:
    for item in checklist.delete:
        if item.has_answers():
            # Its answers are evidence of work done: the item goes out of use, not away.
            ChecklistItem.objects.filter(pk=item.pk).update(retired=True)
            item.retired = True
            checklist.retired.append(item)
        else:
            item.answers.all().delete()  # answers typed and cleared again: nothing to keep
            item.delete()
    for item in checklist.save:
        item.plan = plan
        item.save()


def save_plan(
    plan: Plan,
    by,
    *,
    assets: Iterable[int] | None = None,
    checklist: ChecklistChanges | None = None,
    today: datetime.date | None = None,
) -> GenerationResult:
    """Create or change a plan (its fields as set on ``plan``, validated by the caller),
    its chosen assets (ids; a kind + zone plan keeps none: it finds its assets itself) and
    its checklist, then bring the work orders in line: a change of rule, calendar, crew or
    mode rewrites the future untouched orders, a change of targets adds or cancels orders,
    pausing cancels the future untouched orders and resuming brings them back."""
    today = today or timezone.localdate()
    creating = plan.pk is None
    before = None if creating else Plan.objects.get(pk=plan.pk)
    with transaction.atomic():
        pausing = plan.paused
        if before is not None:
            plan.paused = before.paused  # pausing and resuming are workflows of their own
        plan.save()
        if assets is not None:
            plan.assets.set(list(assets) if plan.target_mode == TargetMode.ASSETS else [])
        if checklist is not None:
            _apply_checklist(plan, checklist)
    if before is not None and pausing != before.paused:
        if pausing:
            pause_plan(plan, today, by=by)
        else:
            resume_plan(plan, today)
    return plan_changed(plan, SCHEDULE_FIELDS if before is None else _changed(before, plan), today)


def _changed(before: Plan, after: Plan) -> set[str]:
    """The schedule's fields that differ between the stored plan and the one saved."""
    attributes = {name: Plan._meta.get_field(name).attname for name in SCHEDULE_FIELDS}
    return {name for name, attribute in attributes.items() if getattr(before, attribute) != getattr(after, attribute)}


def plan_changed(plan: Plan, changed: Iterable[str], today: datetime.date | None = None) -> GenerationResult:
    """After a plan is saved: rewrite what the change affects and generate. Changing the
    rule, the calendar or the crew rewrites the future untouched orders; changing the
    targets adds or cancels orders through sync_targets."""
    today = today or timezone.localdate()
    if set(changed) & SCHEDULE_FIELDS:
        rewrite_future_orders([plan.pk], today)
    if plan.paused:
        return GenerationResult()
    return generate_work_orders(today=today, plan_ids=[plan.pk])


def pause_plan(plan: Plan, today: datetime.date | None = None, *, by=None) -> int:
    """Pause a plan: its future untouched orders are cancelled. Returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        plan.paused = True
        plan.save(update_fields=["paused", "updated"])
        return cancel_orders(
            WorkOrder.objects.filter(plan=plan, due__gte=today).untouched(), CancelReason.PAUSED, by=by
        )


def resume_plan(plan: Plan, today: datetime.date | None = None) -> GenerationResult:
    """Resume a paused plan: the orders its pause cancelled come back, from today on."""
    today = today or timezone.localdate()
    with transaction.atomic():
        plan.paused = False
        plan.save(update_fields=["paused", "updated"])
        paused = WorkOrder.objects.filter(
            plan=plan, due__gte=today, status=OrderStatus.CANCELLED, cancel_reason=CancelReason.PAUSED
        )
        send_back([plan.pk], today, paused, whole_plans=True)
        paused.delete()
    return generate_work_orders(today=today, plan_ids=[plan.pk])


# Rule dates examined for a preview: a working-days plan that skips non-working days
# drops some of them, and the preview should still show ten.
PREVIEW_CANDIDATES = 40


@dataclass
class PreviewDate:
    occurrence: datetime.date
    due: datetime.date
    provisional: bool

    @property
    def moved(self) -> bool:
        return self.due != self.occurrence


def preview_dates(plan: Plan, today: datetime.date, count: int = 10) -> list[PreviewDate]:
    """The plan's next dates from today, placed by its calendar (provisional ones marked).

    Works on an unsaved plan (the form's preview). Meter plans have no dates. For a
    floating plan these are the dates if every order is completed on its due date.
    """
    if plan.mode == PlanMode.METER or not plan.rrule:
        return []
    dates = next_dates(plan.rrule, plan.start, today, PREVIEW_CANDIDATES)
    if not dates:
        return []
    calendar = None if plan.calendar == CalendarPolicy.EVERY_DAY else WorkingCalendar.load(dates[0], dates[-1])
    return _placed(plan, dates, calendar, count)


def _placed(plan: Plan, dates: list[datetime.date], calendar: WorkingCalendar | None, count: int) -> list[PreviewDate]:
    """The first ``count`` of the rule's dates as the calendar places them (as generation does)."""
    if plan.calendar == CalendarPolicy.EVERY_DAY:
        return [PreviewDate(day, day, False) for day in dates[:count]]
    rule = non_working_rule(plan)
    placed, taken = [], set()
    for day in dates:
        due, provisional = calendar.place(day, rule, plan.start)
        # An occurrence moved onto a day that has its own makes one order, not two
        # (generation's unique (plan, asset, due) keeps the first).
        if due is not None and due not in taken:
            placed.append(PreviewDate(day, due, provisional))
            taken.add(due)
        if len(placed) == count:
            break
    return placed


def next_due_from_rules(plans: Iterable[Plan], today: datetime.date) -> dict[int, datetime.date]:
    """When each plan's next order will be due, from its rule, for plans that have no open
    order yet (the next date is beyond the horizon): the first date after what is
    generated (``plan.generated_through``, if annotated, else today), placed by the
    calendar. One calendar for all the plans (two queries, only if one needs it); a plan
    whose rule cannot be expanded has none."""
    firsts = {}
    for plan in plans:
        if plan.mode == PlanMode.METER or not plan.rrule:
            continue
        through = getattr(plan, "generated_through", None)
        after = today if through is None or through < today else through + datetime.timedelta(days=1)
        try:
            dates = next_dates(plan.rrule, plan.start, after, PREVIEW_CANDIDATES)
        except ValidationError:
            continue
        if dates:
            firsts[plan] = dates
    calendar = None
    spans = [(dates[0], dates[-1]) for plan, dates in firsts.items() if plan.calendar == CalendarPolicy.WORKING_DAYS]
    if spans:
        calendar = WorkingCalendar.load(min(first for first, _last in spans), max(last for _first, last in spans))
    due = {}
    for plan, dates in firsts.items():
        placed = _placed(plan, dates, calendar, 1)
        if placed:
            due[plan.pk] = placed[0].due
    return due
