"""Generation: plan × targets × dates → work orders, idempotently and in bulk.

Three engines, one per plan mode: fixed (dates from the rule, placed by the calendar),
floating (one interval after the last close) and meter (every N units of a meter).
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset

from ..calendar import WorkingCalendar
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

    def add(self, created: int, provisional: int) -> None:
        self.created += created
        self.provisional += provisional

    def summary(self) -> str:
        return _(
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
    is made due before the rewrite's date.
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
    return result


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
    work = []  # (target pk, plan, asset, first date, last date, floor)
    read = {}  # target pk → (generated_through, regenerate_from) as read
    for pk, plan_id, asset_id, through, joined, floor in candidates:
        plan = plan_by_id[plan_id]
        last = today + datetime.timedelta(days=plan.horizon_days if days is None else days)
        first = through + DAY if through else max(plan.start, joined)
        if first <= last:
            work.append((pk, plan, asset_id, first, last, floor or datetime.date.min))
            read[pk] = (through, floor)
    if not work:
        return
    calendar = WorkingCalendar.load(min(item[3] for item in work), max(item[4] for item in work))
    placed_cache: dict[tuple, list[tuple[datetime.date, datetime.date, bool]]] = {}
    pending: dict[int, tuple[datetime.date, list[tuple]]] = {}  # target pk → (last date, its rows)

    def flush():
        # A target's rows and its new generated_through commit together (and its
        # rewrite's floor goes): a crash half-way leaves no gap, only targets still to do.
        # A target a rewrite sent back since it was read (a planner's change during the
        # run) is left alone, locked meanwhile: its rows are the old rule's, and the
        # rewrite's own generation makes the new ones.
        with transaction.atomic():
            now = PlanTarget.objects.select_for_update().filter(pk__in=pending).order_by("pk")
            unchanged = [pk for pk, *state in now.values_list("pk", "generated_through", "regenerate_from")
                         if tuple(state) == read[pk]]  # fmt: skip
            result.add(*insert_orders([row for pk in unchanged for row in pending[pk][1]]))
            advanced = defaultdict(list)
            for pk in unchanged:
                advanced[pending[pk][0]].append(pk)
            for last, pks in advanced.items():
                PlanTarget.objects.filter(pk__in=pks).update(generated_through=last, regenerate_from=None)
        pending.clear()

    pending_rows = 0
    for pk, plan, asset_id, first, last, floor in work:
        key = (plan.rrule, plan.start, plan.calendar, plan.non_working, first, last)
        if key not in placed_cache:
            try:
                placed_cache[key] = _place(occurrences(plan.rrule, plan.start, first, last), plan, calendar)
            except ValidationError as error:
                # A rule stored without validation must not stop every other plan.
                logger.error("Plan %s has an invalid rule %r: %s", plan.pk, plan.rrule, error.messages[0])
                placed_cache[key] = None
        if placed_cache[key] is None:
            continue
        rows = [
            (plan.pk, asset_id, plan.crew_id, occurrence, due, plan.due_time, provisional, None)
            for occurrence, due, provisional in placed_cache[key]
            if due >= floor
        ]
        pending[pk] = (last, rows)
        pending_rows += len(rows)
        result.plans.add(plan.pk)
        if pending_rows >= ROWS_PER_BATCH or len(pending) >= ROWS_PER_BATCH:
            flush()
            pending_rows = 0
    if pending:
        flush()


def _place(dates: Iterable[datetime.date], plan: Plan, calendar: WorkingCalendar):
    """(occurrence, due, provisional) for each date, following the plan's calendar policy."""
    if plan.calendar == CalendarPolicy.EVERY_DAY:
        return [(day, day, False) for day in dates]
    placed = []
    for day in dates:
        due, provisional = calendar.place(day, plan.non_working)
        # Several occurrences moved onto one day make one order: the database keeps the
        # first that is free on both (plan, asset, due) and (plan, asset, occurrence).
        if due is not None:
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
        try:
            if target.last_closed is None:
                day = max(plan.start, target.joined)
            else:
                day = next_floating_due(plan, timezone.localdate(target.last_closed), target.last_due)
        except ValidationError as error:
            logger.error("Plan %s has an invalid rule %r: %s", plan.pk, plan.rrule, error.messages[0])
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
    rows, floored = [], []
    for target, day in days:
        plan = target.plan
        due, provisional = _place_floating(day, plan, calendar)
        if target.last_due is not None and due <= target.last_due:
            # "Previous working day" led back onto the last order: the next working day then.
            due, provisional = _place_floating(day, plan, calendar, NonWorkingDayRule.NEXT)
        rows.append((plan.pk, target.asset_id, plan.crew_id, due, due, plan.due_time, provisional, None))
        if target.regenerate_from is not None:
            floored.append(target.pk)
        result.plans.add(plan.pk)
    with transaction.atomic():
        result.add(*insert_orders(rows))
        PlanTarget.objects.filter(pk__in=floored).update(regenerate_from=None)


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
    day: datetime.date, plan: Plan, calendar: WorkingCalendar, rule: str | None = None
) -> tuple[datetime.date, bool]:
    if plan.calendar == CalendarPolicy.EVERY_DAY:
        return day, False
    due, provisional = calendar.place(day, rule or non_working_rule(plan))
    return (due or day), provisional


# Rule dates examined for a preview: a working-days plan that skips non-working days
# drops some of them, and the preview should still show ten.


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
    rows, baselines = [], []
    for target in targets:
        plan = target.plan
        if target.latest is None:
            continue
        if target.meter_baseline is None:
            target.meter_baseline = target.latest
            baselines.append(target)
            continue
        threshold = target.threshold
        if target.latest >= threshold:
            # Due today, or tomorrow if today already has this plan's order for the asset.
            due = today if target.last_due is None or target.last_due < today else target.last_due + DAY
            rows.append((plan.pk, target.asset_id, plan.crew_id, due, due, plan.due_time, False, threshold))
            result.plans.add(plan.pk)
    PlanTarget.objects.bulk_update(baselines, ["meter_baseline"], batch_size=2000)
    result.add(*insert_orders(rows))


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
