"""Generation: plan × targets × dates → work orders, idempotently and in bulk.

Three engines, one per plan mode: fixed (dates from the rule, placed by the calendar),
floating (one interval after the last close) and meter (every N units of a meter).
A plan whose generation raises is logged and marked, never the whole run (mark_failures).
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assets.models import Asset

from ..calendar import MAX_SHIFT_DAYS, WorkingCalendar
from ..choices import OPEN_STATUSES, CalendarPolicy, NonWorkingDayRule, OrderStatus, PlanMode, TargetMode
from ..models import MeterReading, Plan, PlanTarget, WorkOrder
from ..recurrence import interval, occurrences
from .bulk import insert_orders
from .rewrite import DAY, refresh_provisional_orders
from .targets import sync_targets

logger = logging.getLogger(__name__)

# Orders inserted per transaction: bounds memory (rows are built per batch) and keeps
# each transaction short.
ROWS_PER_BATCH = 50_000


@dataclass
class GenerationResult:
    """What a generation run did, for its one-line summary."""

    created: int = 0
    provisional: int = 0
    plans: set[int] = field(default_factory=set)
    targets_added: int = 0
    targets_removed: int = 0
    rewritten: int = 0
    # The plans whose generation raised: pk → (name, what went wrong).
    failed: dict[int, tuple[str, str]] = field(default_factory=dict)

    def add(self, created: int, provisional: int) -> None:
        self.created += created
        self.provisional += provisional

    def fail(self, plan: Plan, error: Exception) -> None:
        """Called while handling ``error``: log it with its traceback and note the plan."""
        logger.exception("Generating plan %s (%s) failed; the other plans are generated.", plan.pk, plan.name)
        if isinstance(error, ValidationError):
            text = " ".join(error.messages)
        else:
            text = f"{type(error).__name__}: {error}"
        self.failed[plan.pk] = (plan.name, text)
        self.plans.discard(plan.pk)

    def summary(self) -> str:
        text = _(
            "Work orders created: %(created)d (provisional: %(provisional)d); plans: %(plans)d; "
            "targets joined: %(added)d, left: %(removed)d; provisional orders recomputed: %(rewritten)d."
        ) % {
            "created": self.created,
            "provisional": self.provisional,
            "plans": len(self.plans),
            "added": self.targets_added,
            "removed": self.targets_removed,
            "rewritten": self.rewritten,
        }
        if self.failed:
            names = ", ".join(sorted(name for name, _error in self.failed.values()))
            text += " " + ngettext(
                "%(count)d plan could not be generated: %(plans)s (its page says why).",
                "%(count)d plans could not be generated: %(plans)s (their pages say why).",
                len(self.failed),
            ) % {"count": len(self.failed), "plans": names}
        return text


def _isolated(result: GenerationResult, work: dict[Plan, list], commit: Callable[[list], None]) -> None:
    """Commit the plans' work together (``commit`` makes its own transaction); if that
    raises, each plan's on its own, so that a plan whose rows the database refuses fails
    alone."""
    work = {plan: items for plan, items in work.items() if items and plan.pk not in result.failed}
    if not work:
        return
    try:
        commit([item for items in work.values() for item in items])
        return
    except Exception as error:
        if len(work) == 1:
            result.fail(next(iter(work)), error)
            return
    for plan, items in work.items():
        try:
            commit(items)
        except Exception as error:
            result.fail(plan, error)


def generate_work_orders(
    *,
    today: datetime.date | None = None,
    days: int | None = None,
    plan_ids: Iterable[int] | None = None,
) -> GenerationResult:
    """Create the work orders due up to each plan's horizon (or ``days`` ahead).

    Idempotent and safe to run concurrently: the unique constraints on (plan, asset, due)
    and (plan, asset, occurrence) make a repeated insert a no-op. Occurrences whose dates
    passed while generation was not running are created too, and show as overdue, except
    on the targets a rewrite sent back (PlanTarget.regenerate_from): none of their orders
    is made due before the rewrite's date. The horizon is measured on due dates: an
    occurrence that "previous working day" moves back into it is made now.
    """
    today = today or timezone.localdate()
    plans = Plan.objects.filter(paused=False)
    if plan_ids is not None:
        plans = plans.filter(pk__in=list(plan_ids))
    result = GenerationResult()
    result.targets_added, result.targets_removed = sync_targets(plans, today)
    result.rewritten = refresh_provisional_orders(plans, today)
    _generate_fixed(plans.filter(mode=PlanMode.FIXED), today, days, result)
    generate_floating(plans.filter(mode=PlanMode.FLOATING), today, result)
    generate_metered(plans.filter(mode=PlanMode.METER), today, result)
    mark_failures(plans, result)
    return result


def mark_failures(plans: QuerySet, result: GenerationResult) -> None:
    """After a run of ``plans``: mark those that failed with their error, clear the mark
    of the others (they generated fine)."""
    now = timezone.now()
    for pk, (_name, error) in result.failed.items():
        Plan.objects.filter(pk=pk).update(generation_error=error, generation_failed=now)
    plans.filter(generation_failed__isnull=False).exclude(pk__in=list(result.failed)).update(
        generation_error="", generation_failed=None
    )


def _generate_fixed(plans: QuerySet, today: datetime.date, days: int | None, result: GenerationResult) -> None:
    # Only targets behind the longest horizon are read: a run with nothing to do reads
    # nothing but this one query.
    longest = days if days is not None else plans.aggregate(longest=Max("horizon_days"))["longest"]
    if longest is None:
        return
    behind = PlanTarget.objects.filter(active=True, plan__in=plans).filter(
        Q(generated_through__isnull=True) | Q(generated_through__lt=today + datetime.timedelta(days=longest))
    )
    candidates = list(
        behind.order_by("pk").values_list("pk", "plan_id", "asset_id", "generated_through", "joined", "regenerate_from")
    )
    plan_by_id = Plan.objects.in_bulk({plan_id for _pk, plan_id, *_rest in candidates})
    work = []  # (target pk, plan, asset, first date, last date, floor, the target's first day)
    read = {}  # target pk → (generated_through, regenerate_from) as read
    for pk, plan_id, asset_id, through, joined, floor in candidates:
        plan = plan_by_id[plan_id]
        last = today + datetime.timedelta(days=plan.horizon_days if days is None else days)
        beginning = max(plan.start, joined)
        first = through + DAY if through else beginning
        if first <= last:
            work.append((pk, plan, asset_id, first, last, floor or datetime.date.min, beginning))
            read[pk] = (through, floor)
    if not work:
        return
    # Looking ahead for occurrences moved back into the horizon (previous working day).
    calendar = WorkingCalendar.load(min(item[3] for item in work), max(item[4] for item in work) + LOOKAHEAD)
    placed_cache: dict[tuple, list[tuple[datetime.date, datetime.date, bool]]] = {}
    pending: dict[int, tuple[Plan, datetime.date, list[tuple]]] = {}  # target pk → (plan, last date, its rows)

    def commit(pks: list[int]) -> None:
        # A target's rows and its new generated_through commit together (and its
        # rewrite's floor goes): a crash half-way leaves no gap, only targets still to do.
        # A target a rewrite sent back since it was read (a planner's change during the
        # run) is left alone, locked meanwhile: its rows are the old rule's, and the
        # rewrite's own generation makes the new ones.
        with transaction.atomic():
            now = PlanTarget.objects.select_for_update().filter(pk__in=pks).order_by("pk")
            unchanged = [pk for pk, *state in now.values_list("pk", "generated_through", "regenerate_from")
                         if tuple(state) == read[pk]]  # fmt: skip
            created = insert_orders([row for pk in unchanged for row in pending[pk][2]])
            advanced = defaultdict(list)
            for pk in unchanged:
                advanced[pending[pk][1]].append(pk)
            for last, pks_through in advanced.items():
                PlanTarget.objects.filter(pk__in=pks_through).update(generated_through=last, regenerate_from=None)
        result.add(*created)

    def flush():
        by_plan = defaultdict(list)
        for pk, (plan, _last, _rows) in pending.items():
            by_plan[plan].append(pk)
        _isolated(result, by_plan, commit)
        pending.clear()

    pending_rows = 0
    for pk, plan, asset_id, first, last, floor, beginning in work:
        if plan.pk in result.failed:
            continue
        moves_back = plan.calendar == CalendarPolicy.WORKING_DAYS and plan.non_working == NonWorkingDayRule.PREVIOUS
        key = (plan.rrule, plan.start, plan.calendar, plan.non_working, first, last, moves_back and beginning)
        if key not in placed_cache:
            try:
                placed_cache[key] = _place_fixed(plan, calendar, first, last, beginning if moves_back else None)
            except Exception as error:
                # A rule stored without validation (or one dateutil cannot expand) must not
                # stop every other plan.
                result.fail(plan, error)
                continue
        rows = [
            (plan.pk, asset_id, plan.crew_id, occurrence, due, plan.due_time, provisional, None)
            for occurrence, due, provisional in placed_cache[key]
            if due >= floor
        ]
        pending[pk] = (plan, last, rows)
        pending_rows += len(rows)
        result.plans.add(plan.pk)
        if pending_rows >= ROWS_PER_BATCH or len(pending) >= ROWS_PER_BATCH:
            flush()
            pending_rows = 0
    if pending:
        flush()


# How far past the horizon a fixed plan looks for occurrences that "previous working day"
# moves back into it (a 23 February moved back over the Spring Festival to 14 February).
LOOKAHEAD = datetime.timedelta(days=MAX_SHIFT_DAYS)


def _place_fixed(
    plan: Plan, calendar: WorkingCalendar, first: datetime.date, last: datetime.date, not_before: datetime.date | None
) -> list[tuple[datetime.date, datetime.date, bool]]:
    """(occurrence, due, provisional) of the orders due by ``last`` from the occurrences
    from ``first`` on: the horizon is measured on the dates the orders end up on. Those
    moved forward past ``last`` come with their occurrence (they are not made again).
    ``not_before`` (plans that move back: the target's first day) keeps "previous
    working day" from going before it."""
    if plan.calendar == CalendarPolicy.EVERY_DAY:
        return [(day, day, False) for day in occurrences(plan.rrule, plan.start, first, last)]
    dates = occurrences(plan.rrule, plan.start, first, last + LOOKAHEAD if not_before else last)
    placed = []
    for day in dates:
        due, provisional = calendar.place(day, plan.non_working, not_before)
        # Several occurrences moved onto one day make one order: the database keeps the
        # first that is free on both (plan, asset, due) and (plan, asset, occurrence).
        # An occurrence past the horizon is made only when it moved back into it.
        if due is not None and (day <= last or due <= last):
            placed.append((day, due, provisional))
    return placed


def _without_open_order(plans: QuerySet) -> QuerySet:
    open_orders = WorkOrder.objects.filter(plan=OuterRef("plan"), asset=OuterRef("asset"), status__in=OPEN_STATUSES)
    return PlanTarget.objects.filter(active=True, plan__in=plans).filter(~Exists(open_orders))


def _last_due(plan_ref, asset_ref) -> Subquery:
    """The latest due date of any order of this plan for this asset, whatever its status."""
    return Subquery(WorkOrder.objects.filter(plan=plan_ref, asset=asset_ref).order_by("-due").values("due")[:1])


def generate_floating(plans: QuerySet, today: datetime.date, result: GenerationResult) -> None:
    """Each floating target has one open order: the next is due one interval after the last close."""
    last_closed = WorkOrder.objects.filter(
        plan=OuterRef("plan"), asset=OuterRef("asset"), status__in=[OrderStatus.DONE, OrderStatus.SKIPPED]
    ).order_by("-closed")
    targets = list(
        _without_open_order(plans)
        .select_related("plan")
        .annotate(
            last_closed=Subquery(last_closed.values("closed")[:1]),
            last_due=_last_due(OuterRef("plan"), OuterRef("asset")),
        )
    )
    if not targets:
        return
    days = []  # (target, the day its next order falls on before the calendar places it)
    for target in targets:
        plan = target.plan
        if plan.pk in result.failed:
            continue
        try:
            if target.last_closed is None:
                day = max(plan.start, target.joined)
            else:
                day = next_floating_due(plan, timezone.localdate(target.last_closed), target.last_due)
        except Exception as error:
            result.fail(plan, error)
            continue
        # Never onto a day that has an order already (a cancelled one, say), nor before a rewrite's floor.
        day = max(day, target.regenerate_from or day)
        if target.last_due is not None:
            day = max(day, target.last_due + DAY)
        days.append((target, day))
    if not days:
        return
    # The calendar around the days themselves: a floating interval may be years long.
    calendar = WorkingCalendar.load(min(day for _target, day in days), max(day for _target, day in days))
    work = defaultdict(list)  # plan → (its target, the row of its next order)
    for target, day in days:
        plan = target.plan
        # "Previous working day" goes back neither onto the last order nor before the
        # target's first day: the next working day then.
        beginning = max(plan.start, target.joined)
        not_before = beginning if target.last_due is None else max(beginning, target.last_due + DAY)
        try:
            due, provisional = _place_floating(day, plan, calendar, not_before)
        except Exception as error:
            result.fail(plan, error)
            continue
        row = (plan.pk, target.asset_id, plan.crew_id, due, due, plan.due_time, provisional, None)
        work[plan].append((target, row))
        result.plans.add(plan.pk)

    def commit(items: list[tuple]) -> None:
        with transaction.atomic():
            created = insert_orders([row for _target, row in items])
            floored = [target.pk for target, _row in items if target.regenerate_from is not None]
            PlanTarget.objects.filter(pk__in=floored).update(regenerate_from=None)
        result.add(*created)

    _isolated(result, work, commit)


def next_floating_due(plan: Plan, closed_on: datetime.date, last_due: datetime.date) -> datetime.date:
    """One interval after the last close; never on or before the last order's due date
    (an order closed a whole interval early would otherwise collide with itself)."""
    return max(closed_on + interval(plan.rrule), last_due + DAY)


def non_working_rule(plan: Plan) -> str:
    # A floating order is never dropped: "skip" means the next working day.
    if plan.mode == PlanMode.FLOATING and plan.non_working == NonWorkingDayRule.SKIP:
        return NonWorkingDayRule.NEXT
    return plan.non_working


def _place_floating(
    day: datetime.date, plan: Plan, calendar: WorkingCalendar, not_before: datetime.date
) -> tuple[datetime.date, bool]:
    if plan.calendar == CalendarPolicy.EVERY_DAY:
        return day, False
    due, provisional = calendar.place(day, non_working_rule(plan), not_before)
    return (due or day), provisional


def generate_metered(plans: QuerySet, today: datetime.date, result: GenerationResult) -> None:
    """An order is due today once the meter has run ``meter_interval`` units past its baseline.

    A target's first reading is its baseline: an old machine that joins with 12,000 hours
    on its meter is not due at once.
    """
    targets = list(
        _without_open_order(plans)
        .select_related("plan")
        .annotate(
            latest=MeterReading.objects.latest_value_of(OuterRef("asset"), OuterRef("plan__meter")),
            last_due=_last_due(OuterRef("plan"), OuterRef("asset")),
        )
    )
    work = defaultdict(list)  # plan → (target whose baseline is set, None) or (None, row of an order due)
    for target in targets:
        plan = target.plan
        if target.latest is None or plan.pk in result.failed:
            continue
        try:
            if target.meter_baseline is None:
                target.meter_baseline = target.latest
                work[plan].append((target, None))
                continue
            threshold = target.threshold
            if target.latest >= threshold:
                # Due today, or tomorrow if today already has this plan's order for the asset.
                due = today if target.last_due is None or target.last_due < today else target.last_due + DAY
                row = (plan.pk, target.asset_id, plan.crew_id, due, due, plan.due_time, False, threshold)
                work[plan].append((None, row))
                result.plans.add(plan.pk)
        except Exception as error:
            result.fail(plan, error)

    def commit(items: list[tuple]) -> None:
        with transaction.atomic():
            baselines = [target for target, _row in items if target is not None]
            PlanTarget.objects.bulk_update(baselines, ["meter_baseline"], batch_size=2000)
            created = insert_orders([row for _target, row in items if row is not None])
        result.add(*created)

    _isolated(result, work, commit)


def asset_changed(asset: Asset, today: datetime.date | None = None) -> GenerationResult:
    """After an asset is saved: it may have joined or left plans (kind, zone, retirement)."""
    plans = Plan.objects.filter(
        Q(assets=asset) | Q(target_mode=TargetMode.MATCH, target_kind=asset.kind) | Q(targets__asset=asset)
    ).values_list("pk", flat=True)
    plan_ids = set(plans)
    if not plan_ids:
        return GenerationResult()
    today = today or timezone.localdate()
    # A paused plan still loses a retired asset; it only generates nothing.
    sync_targets(Plan.objects.filter(pk__in=plan_ids), today)
    return generate_work_orders(today=today, plan_ids=plan_ids)
