"""Maintenance workflows: target sync, generation, plan changes, order transitions.

Every workflow is one function here; pages, the admin, the API, management commands and
django-q2 jobs all call these, so each rule exists once.
"""

import datetime
import functools
import io
import logging
import math
import operator
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from assets.choices import AssetStatus
from assets.models import Asset

from .calendar import MAX_SHIFT_DAYS, WorkingCalendar
from .choices import (
    OPEN_STATUSES,
    CalendarPolicy,
    CancelReason,
    ChecklistItemKind,
    NonWorkingDayRule,
    OrderStatus,
    PlanMode,
    TargetMode,
)
from .models import (
    ChecklistAnswer,
    Crew,
    CrewMembership,
    MeterReading,
    Notification,
    Plan,
    PlanTarget,
    WorkOrder,
    WorkOrderPhoto,
    new_calendar_token,
)
from .recurrence import interval, next_dates, occurrences

logger = logging.getLogger(__name__)

DAY = datetime.timedelta(days=1)
# How far back a rewrite regenerates (see _regenerate_from): the longest move.
REGENERATION_LOOKBACK = datetime.timedelta(days=MAX_SHIFT_DAYS)
# Orders inserted per transaction: bounds memory (rows are built per batch) and keeps
# each transaction short.
ROWS_PER_BATCH = 50_000
# A plan change touching one of these rewrites the plan's future untouched orders.
SCHEDULE_FIELDS = {
    "rrule", "start", "due_time", "calendar", "non_working", "crew", "mode", "meter", "meter_interval",
}  # fmt: skip


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


# --- Targets ---------------------------------------------------------------------------


def _desired_targets(plans: QuerySet) -> set[tuple[int, int]]:
    """(plan, asset) pairs each plan should apply to now: chosen or matching, not retired."""
    desired = set(
        Plan.assets.through.objects.filter(plan__in=plans.filter(target_mode=TargetMode.ASSETS))
        .exclude(asset__status=AssetStatus.RETIRED)
        .values_list("plan_id", "asset_id")
    )
    rules = list(plans.filter(target_mode=TargetMode.MATCH).values_list("pk", "target_kind", "target_zone_id"))
    if rules:
        # A matching asset is maintained as a whole unless it is made of parts of its own
        # kind (a road and its segments, a park and its areas): then the parts are.
        kinds = {kind for _pk, kind, _zone in rules}
        assets = Asset.objects.filter(kind__in=kinds).exclude(status=AssetStatus.RETIRED)
        parts = Asset.objects.filter(parent=OuterRef("pk"), kind=OuterRef("kind")).exclude(status=AssetStatus.RETIRED)
        parents = set(assets.filter(Exists(parts)).values_list("pk", flat=True))
        by_kind, by_kind_zone = defaultdict(list), defaultdict(list)
        for pk, kind, zone_id in assets.values_list("pk", "kind", "zone_id"):
            if pk not in parents:
                by_kind[kind].append(pk)
                by_kind_zone[kind, zone_id].append(pk)
        for plan_id, kind, zone_id in rules:
            matching = by_kind[kind] if zone_id is None else by_kind_zone[kind, zone_id]
            desired.update((plan_id, asset_id) for asset_id in matching)
    return desired


def sync_targets(plans: QuerySet, today: datetime.date | None = None) -> tuple[int, int]:
    """Bring PlanTarget in line with the plans' chosen assets and kind + zone rules.

    Joining assets start generating from today; assets that left (retired, unchosen,
    no longer matching) have their future untouched orders cancelled. Returns
    (joined, left).
    """
    today = today or timezone.localdate()
    desired = _desired_targets(plans)
    existing = {
        (plan_id, asset_id): (pk, active)
        for pk, plan_id, asset_id, active in PlanTarget.objects.filter(plan__in=plans).values_list(
            "pk", "plan_id", "asset_id", "active"
        )
    }
    new = [
        PlanTarget(plan_id=plan_id, asset_id=asset_id, joined=today)
        for plan_id, asset_id in desired
        if (plan_id, asset_id) not in existing
    ]
    returning = [pair for pair in desired if pair in existing and not existing[pair][1]]
    leaving = [pair for pair, (_pk, active) in existing.items() if active and pair not in desired]
    with transaction.atomic():
        PlanTarget.objects.bulk_create(new, batch_size=5000, ignore_conflicts=True)
        if returning:
            _orders_of_pairs(returning).filter(
                status=OrderStatus.CANCELLED,
                cancel_reason__in=[CancelReason.RETIRED, CancelReason.PAUSED],
                due__gte=today,
            ).delete()
            # Back from today: no orders for the time it was away (the floor), and those
            # cancelled when it left are made again.
            PlanTarget.objects.filter(pk__in=[existing[pair][0] for pair in returning]).update(
                active=True, regenerate_from=_floor(today)
            )
            PlanTarget.objects.filter(
                pk__in=[existing[pair][0] for pair in returning], generated_through__gte=today
            ).update(generated_through=today - DAY)
        if leaving:
            PlanTarget.objects.filter(pk__in=[existing[pair][0] for pair in leaving]).update(active=False)
            _orders_of_pairs(leaving).filter(due__gte=today).untouched().update(
                status=OrderStatus.CANCELLED, cancel_reason=CancelReason.RETIRED, closed=timezone.now()
            )
    return len(new) + len(returning), len(leaving)


def _orders_of_pairs(pairs: Iterable[tuple[int, int]]) -> QuerySet:
    by_plan = defaultdict(list)
    for plan_id, asset_id in pairs:
        by_plan[plan_id].append(asset_id)
    condition = Q(pk__in=[])
    for plan_id, asset_ids in by_plan.items():
        condition |= Q(plan_id=plan_id, asset_id__in=asset_ids)
    return WorkOrder.objects.filter(condition)


# --- Inserting orders ------------------------------------------------------------------

ORDER_COLUMNS = [
    "plan_id", "asset_id", "crew_id", "occurrence", "due", "due_time", "status", "provisional", "rescheduled",
    "meter_threshold", "notes", "skip_reason", "cancel_reason", "created", "updated",
]  # fmt: skip


def _insert_orders(rows: list[tuple]) -> tuple[int, int]:
    """Insert work orders, ignoring those that exist already.

    Returns how many were new, and how many of those are provisional.

    Rows are (plan, asset, crew, occurrence, due, due_time, provisional, meter_threshold).
    On PostgreSQL the rows are streamed with COPY into a temporary table and inserted
    from there with ON CONFLICT DO NOTHING: several times faster than bulk_create for the
    hundreds of thousands of rows a year's horizon makes, and as safe against a
    concurrent run (the unique constraints decide; rows go in a fixed order so that two
    runs lock them in the same order and cannot deadlock). Elsewhere (the embedded
    SQLite), bulk_create with ignore_conflicts.
    """
    if not rows:
        return 0, 0
    now = timezone.now()
    if connection.vendor != "postgresql":
        before = WorkOrder.objects.filter(provisional=True).count(), WorkOrder.objects.count()
        WorkOrder.objects.bulk_create(
            (
                WorkOrder(plan_id=plan, asset_id=asset, crew_id=crew, occurrence=occurrence, due=due, due_time=time,
                          provisional=provisional, meter_threshold=threshold, created=now, updated=now)
                for plan, asset, crew, occurrence, due, time, provisional, threshold in rows
            ),
            batch_size=500,
            ignore_conflicts=True,
        )  # fmt: skip
        return WorkOrder.objects.count() - before[1], WorkOrder.objects.filter(provisional=True).count() - before[0]
    scheduled = OrderStatus.SCHEDULED.value
    full = (
        (plan, asset, crew, occurrence, due, due_time, scheduled, provisional, False, threshold, "", "", "", now, now)
        for plan, asset, crew, occurrence, due, due_time, provisional, threshold in rows
    )
    table = WorkOrder._meta.db_table
    columns = ", ".join(ORDER_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS new_orders AS SELECT {columns} FROM {table} WITH NO DATA")
        cursor.execute("TRUNCATE new_orders")
        with cursor.copy(f"COPY new_orders ({columns}) FROM STDIN") as copy:
            for row in full:
                copy.write_row(row)
        cursor.execute(
            f"WITH inserted AS (INSERT INTO {table} ({columns}) SELECT {columns} FROM new_orders "
            "ORDER BY plan_id, asset_id, occurrence ON CONFLICT DO NOTHING RETURNING provisional) "
            "SELECT count(*), count(*) FILTER (WHERE provisional) FROM inserted"
        )
        inserted, provisional = cursor.fetchone()
        cursor.execute("TRUNCATE new_orders")
    return inserted, provisional


# --- Generation ------------------------------------------------------------------------


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
    _generate_floating(plans.filter(mode=PlanMode.FLOATING), today, result)
    _generate_metered(plans.filter(mode=PlanMode.METER), today, result)
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
            result.add(*_insert_orders([row for pk in unchanged for row in pending[pk][1]]))
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


def _generate_floating(plans: QuerySet, today: datetime.date, result: GenerationResult) -> None:
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
        result.add(*_insert_orders(rows))
        PlanTarget.objects.filter(pk__in=floored).update(regenerate_from=None)


def next_floating_due(plan: Plan, closed_on: datetime.date, last_due: datetime.date) -> datetime.date:
    """One interval after the last close; never on or before the last order's due date
    (an order closed a whole interval early would otherwise collide with itself)."""
    return max(closed_on + interval(plan.rrule), last_due + DAY)


def _non_working_rule(plan: Plan) -> str:
    # A floating order is never dropped: "skip" means the next working day.
    if plan.mode == PlanMode.FLOATING and plan.non_working == NonWorkingDayRule.SKIP:
        return NonWorkingDayRule.NEXT
    return plan.non_working


def _place_floating(
    day: datetime.date, plan: Plan, calendar: WorkingCalendar, rule: str | None = None
) -> tuple[datetime.date, bool]:
    if plan.calendar == CalendarPolicy.EVERY_DAY:
        return day, False
    due, provisional = calendar.place(day, rule or _non_working_rule(plan))
    return (due or day), provisional


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
    if plan.calendar == CalendarPolicy.EVERY_DAY:
        return [PreviewDate(day, day, False) for day in dates[:count]]
    calendar = WorkingCalendar.load(dates[0], dates[-1])
    rule = _non_working_rule(plan)
    placed, taken = [], set()
    for day in dates:
        due, provisional = calendar.place(day, rule)
        # An occurrence moved onto a day that has its own makes one order, not two
        # (generation's unique (plan, asset, due) keeps the first).
        if due is not None and due not in taken:
            placed.append(PreviewDate(day, due, provisional))
            taken.add(due)
        if len(placed) == count:
            break
    return placed


def _latest_reading(asset_ref, meter_ref) -> Subquery:
    return Subquery(
        MeterReading.objects.filter(asset=asset_ref, meter=meter_ref).order_by("-read_at", "-pk").values("value")[:1]
    )


def _generate_metered(plans: QuerySet, today: datetime.date, result: GenerationResult) -> None:
    """An order is due today once the meter has run ``meter_interval`` units past its baseline.

    A target's first reading is its baseline: an old machine that joins with 12,000 hours
    on its meter is not due at once.
    """
    targets = list(
        _without_open_order(plans)
        .select_related("plan")
        .annotate(
            latest=_latest_reading(OuterRef("asset"), OuterRef("plan__meter")),
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
        threshold = target.meter_baseline + plan.meter_interval
        if target.latest >= threshold:
            # Due today, or tomorrow if today already has this plan's order for the asset.
            due = today if target.last_due is None or target.last_due < today else target.last_due + DAY
            rows.append((plan.pk, target.asset_id, plan.crew_id, due, due, plan.due_time, False, threshold))
            result.plans.add(plan.pk)
    PlanTarget.objects.bulk_update(baselines, ["meter_baseline"], batch_size=2000)
    result.add(*_insert_orders(rows))


def meter_forecast(target: PlanTarget, today: datetime.date | None = None) -> datetime.date | None:
    """When the meter will reach the next threshold, at the average usage of the last 90 days."""
    return meter_forecasts(target.plan, [target], today)[target.pk]


def meter_forecasts(
    plan: Plan, targets: Iterable[PlanTarget], today: datetime.date | None = None
) -> dict[int, datetime.date | None]:
    """meter_forecast of each of the plan's targets given, by target id, in one query: the
    first and the last reading of the last 90 days of each target's asset."""
    today = today or timezone.localdate()
    targets = list(targets)
    forecasts = dict.fromkeys((target.pk for target in targets), None)
    if plan.mode != PlanMode.METER or not targets:
        return forecasts
    window = MeterReading.objects.filter(
        asset=OuterRef("asset"), meter=plan.meter, read_at__gte=timezone.now() - datetime.timedelta(days=90)
    )
    ends = {"first": window.order_by("read_at", "pk"), "last": window.order_by("-read_at", "-pk")}
    rows = PlanTarget.objects.filter(pk__in=forecasts, meter_baseline__isnull=False).values(
        "pk",
        "meter_baseline",
        **{
            f"{end}_{column}": Subquery(readings.values(column)[:1])
            for end, readings in ends.items()
            for column in ("pk", "value", "read_at")
        },
    )
    for row in rows:
        if row["first_pk"] is None or row["first_pk"] == row["last_pk"]:
            continue  # fewer than two readings
        days = (row["last_read_at"] - row["first_read_at"]).total_seconds() / 86400
        if days <= 0 or row["last_value"] <= row["first_value"]:
            continue
        per_day = float(row["last_value"] - row["first_value"]) / days
        remaining = float(row["meter_baseline"] + plan.meter_interval - row["last_value"])
        if remaining <= 0:
            forecasts[row["pk"]] = today
        else:
            reached = timezone.localdate(row["last_read_at"]) + datetime.timedelta(days=math.ceil(remaining / per_day))
            forecasts[row["pk"]] = max(today, reached)
    return forecasts


# --- Plan changes ----------------------------------------------------------------------


def rewrite_future_orders(plan_ids: Iterable[int], since: datetime.date, *, whole_plans: bool = True) -> int:
    """Delete the plans' untouched orders due from ``since`` on, so that the next
    generation makes them again under the current rule, crew and calendar (none due before
    ``since``: see _regenerate_from). Never touches an order that is in progress, done,
    skipped, moved, assigned, written on, photographed or started. Returns how many were
    deleted."""
    plan_ids = list(plan_ids)
    with transaction.atomic():
        doomed = WorkOrder.objects.filter(plan_id__in=plan_ids, due__gte=since).untouched()
        _regenerate_from(plan_ids, since, doomed, whole_plans=whole_plans)
        deleted, _detail = doomed.delete()
    return deleted


def _floor(since: datetime.date) -> Case:
    """PlanTarget.regenerate_from set to ``since``, or kept if it is earlier already (a
    target sent back twice before generating keeps the first floor)."""
    return Case(When(regenerate_from__lt=since, then=F("regenerate_from")), default=Value(since))


def _regenerate_from(plan_ids: list[int], since: datetime.date, doomed: QuerySet, *, whole_plans: bool) -> None:
    """Send the plans' targets back to be generated again from ``since``, with that floor
    kept on each target (PlanTarget.regenerate_from) until generation has done it.

    Fixed plans: generation restarts a little before ``since`` (an occurrence before it
    may have been moved onto a date after it: next working day), on the targets generated
    that far; the floor drops what falls before ``since``. Floating plans: the targets
    whose open order is in ``doomed`` (about to be deleted) get their next order no
    earlier than ``since``. ``whole_plans`` (a change made today: a rule, a crew, a mode,
    a resume) puts the floor on every target of the plans, so that none catches up on
    dates before ``since`` either; a calendar change far ahead must not (the coming days'
    orders are still owed), so it floors only what it sends back."""
    restart = since - REGENERATION_LOOKBACK
    PlanTarget.objects.filter(plan_id__in=plan_ids, generated_through__gte=restart).update(
        generated_through=restart - DAY, regenerate_from=_floor(since)
    )
    targets = PlanTarget.objects.filter(plan_id__in=plan_ids)
    if not whole_plans:
        targets = targets.filter(Exists(doomed.filter(plan=OuterRef("plan"), asset=OuterRef("asset"))))
    targets.update(regenerate_from=_floor(since))


def plan_changed(plan: Plan, changed: Iterable[str], today: datetime.date | None = None) -> GenerationResult:
    """Call after a plan is saved (form or admin): rewrite what the change affects and
    generate. Changing the rule, the calendar or the crew rewrites the future untouched
    orders; changing the targets adds or cancels orders through sync_targets."""
    today = today or timezone.localdate()
    if set(changed) & SCHEDULE_FIELDS:
        rewrite_future_orders([plan.pk], today)
    if plan.paused:
        return GenerationResult()
    return generate_work_orders(today=today, plan_ids=[plan.pk])


def pause_plan(plan: Plan, today: datetime.date | None = None) -> int:
    """Pause a plan: its future untouched orders are cancelled. Returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(paused=True, updated=timezone.now())
        plan.paused = True
        return (
            WorkOrder.objects.filter(plan=plan, due__gte=today)
            .untouched()
            .update(status=OrderStatus.CANCELLED, cancel_reason=CancelReason.PAUSED, closed=timezone.now())
        )


def resume_plan(plan: Plan, today: datetime.date | None = None) -> GenerationResult:
    """Resume a paused plan: the orders its pause cancelled come back, from today on."""
    today = today or timezone.localdate()
    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(paused=False, updated=timezone.now())
        plan.paused = False
        paused = WorkOrder.objects.filter(
            plan=plan, due__gte=today, status=OrderStatus.CANCELLED, cancel_reason=CancelReason.PAUSED
        )
        _regenerate_from([plan.pk], today, paused, whole_plans=True)
        paused.delete()
    return generate_work_orders(today=today, plan_ids=[plan.pk])


def refresh_provisional_orders(plans: QuerySet, today: datetime.date) -> int:
    """Recompute future untouched provisional orders whose year's calendar is now known
    (a newer chinesecalendar, or a confirmed CalendarYear). Returns how many were removed
    to be generated again."""
    provisional = WorkOrder.objects.filter(plan__in=plans, provisional=True, due__gte=today).untouched().order_by()
    calendar = WorkingCalendar.load(today, today)
    # Orders reach at most 1,000 days ahead (generate_work_orders --days; a horizon is at
    # most 400): this year and three more; an occurrence may be a month before its due
    # date: last year too.
    known = [year for year in range(today.year - 1, today.year + 4) if calendar.is_known(year)]
    if not known:
        return 0

    def in_known(field: str) -> Q:  # by year ranges, which the provisional index serves
        return functools.reduce(operator.or_, (Q(**{f"{field}__year": year}) for year in known))

    # Both years must be known: an occurrence in an unknown year placed into a known one
    # stays provisional, and rewriting it would only make it again (every night).
    stale = set(
        provisional.filter(in_known("due"), in_known("occurrence")).values_list("plan_id", flat=True).distinct()
    )
    if not stale:
        return 0
    return rewrite_future_orders(stale, today)


def calendar_changed(first: datetime.date, last: datetime.date, today: datetime.date | None = None) -> GenerationResult:
    """After a calendar day is added, changed or deleted (or a year confirmed): working-days
    plans' untouched orders in the affected span are generated again."""
    today = today or timezone.localdate()
    # An order may have been moved from inside the span to a day before it (previous
    # working day): rewrite from a month before.
    since = max(today, first - REGENERATION_LOOKBACK)
    plan_ids = list(Plan.objects.filter(calendar=CalendarPolicy.WORKING_DAYS).values_list("pk", flat=True))
    rewrite_future_orders(plan_ids, since, whole_plans=False)
    return generate_work_orders(today=today, plan_ids=plan_ids)


# --- Work order transitions ------------------------------------------------------------


class TransitionError(ValidationError):
    """An order cannot make the requested move from its current status."""


STATUS_MESSAGES = {
    OrderStatus.DONE: gettext_lazy("This work order is already done."),
    OrderStatus.SKIPPED: gettext_lazy("This work order was skipped."),
    OrderStatus.CANCELLED: gettext_lazy("This work order was cancelled."),
    OrderStatus.IN_PROGRESS: gettext_lazy("This work order is already in progress."),
    OrderStatus.SCHEDULED: gettext_lazy("This work order has not been started."),
}


def _refusal(order: WorkOrder, action: str, refresh: bool = True) -> TransitionError:
    """Why the order cannot make the move: its status (read again from the database,
    unless the caller's copy is what was checked) and what cannot be done."""
    if refresh:
        order.refresh_from_db(fields=["status"])
    return TransitionError(f"{STATUS_MESSAGES[OrderStatus(order.status)]} {action}", code="transition")


def _transition(order: WorkOrder, allowed: list[str], action: str, **changes) -> None:
    """Move the order if its status (in the database, now) allows it; else say why not.

    A conditional update claims the order: of two crew members pressing at once, one wins
    and the other gets a clear error instead of a silent overwrite.
    """
    changes["updated"] = timezone.now()
    if WorkOrder.objects.filter(pk=order.pk, status__in=allowed).update(**changes) == 0:
        raise _refusal(order, action)
    for name, value in changes.items():
        setattr(order, name, value)


def start_work_order(order: WorkOrder, by) -> WorkOrder:
    """Scheduled → in progress."""
    _transition(
        order, [OrderStatus.SCHEDULED], _("It cannot be started."),
        status=OrderStatus.IN_PROGRESS, started=timezone.now(), assignee=by,
    )  # fmt: skip
    return order


def unanswered_required_items(order: WorkOrder) -> list:
    answered = {answer.item_id for answer in order.answers.select_related("item") if answer.is_answered()}
    return [item for item in order.plan.checklist.all() if item.required and item.pk not in answered]


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
    unanswered. A floating plan's next order is created; a meter plan's baseline moves."""
    today = today or timezone.localdate()
    with transaction.atomic():
        missing = unanswered_required_items(order)
        if missing:
            raise TransitionError(
                _("Answer every required checklist item before completing: %(items)s."),
                code="checklist",
                params={"items": ", ".join(item.label for item in missing)},
            )
        if minutes_spent is not None and minutes_spent < 0:
            raise ValidationError(_("Time spent cannot be negative."), code="minutes")
        now = timezone.now()
        changes = {"status": OrderStatus.DONE, "closed": now, "closed_by": by}
        if order.started is None:
            changes["started"] = now
        if notes is not None:
            changes["notes"] = notes
        if minutes_spent is not None:
            changes["minutes_spent"] = minutes_spent
        _transition(order, OPEN_STATUSES, _("It cannot be completed."), **changes)
        if meter_reading is not None and order.plan.meter:
            record_meter_reading(order.asset, order.plan.meter, meter_reading, by, order=order, generate=False)
        _after_close(order, today)
    return order


def skip_work_order(order: WorkOrder, by, reason: str, today: datetime.date | None = None) -> WorkOrder:
    """Scheduled or in progress → skipped, with a reason (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Skipping a work order needs a reason."), code="skip_reason")
    with transaction.atomic():
        _transition(
            order, OPEN_STATUSES, _("It cannot be skipped."),
            status=OrderStatus.SKIPPED, skip_reason=reason, closed=timezone.now(), closed_by=by,
        )  # fmt: skip
        _after_close(order, today or timezone.localdate())
    return order


def cancel_work_order(order: WorkOrder, by) -> WorkOrder:
    """Scheduled or in progress → cancelled by hand."""
    _transition(
        order, OPEN_STATUSES, _("It cannot be cancelled."),
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
            refusal = _("Only a scheduled work order can be moved.")
            _transition(order, [OrderStatus.SCHEDULED], refusal, due=due, rescheduled=True)
    except IntegrityError:
        # Another order got that day since the check (a colleague's move, a generation run).
        raise conflict from None
    return order


def _after_close(order: WorkOrder, today: datetime.date) -> None:
    plan = order.plan
    if plan.paused:
        return
    if plan.mode == PlanMode.FLOATING:
        _generate_floating(Plan.objects.filter(pk=plan.pk), today, GenerationResult())
    elif plan.mode == PlanMode.METER and order.status == OrderStatus.DONE:
        latest = (
            MeterReading.objects.filter(asset=order.asset_id, meter=plan.meter)
            .order_by("-read_at", "-pk")
            .values_list("value", flat=True)
            .first()
        )
        PlanTarget.objects.filter(plan=plan, asset=order.asset_id).update(
            meter_baseline=latest if latest is not None else order.meter_threshold
        )


# --- Meters ----------------------------------------------------------------------------


def record_meter_reading(
    asset: Asset,
    meter: str,
    value: Decimal,
    by,
    *,
    read_at: datetime.datetime | None = None,
    order: WorkOrder | None = None,
    generate: bool = True,
) -> MeterReading:
    """Store a reading (never lower than the last one) and create the meter plans' orders
    whose threshold it reaches."""
    value = Decimal(value)
    read_at = read_at or timezone.now()
    check_meter_reading(asset, meter, value, read_at)
    reading = MeterReading.objects.create(
        asset=asset, meter=meter, value=value, read_at=read_at, recorded_by=by, order=order
    )
    if generate:
        plans = Plan.objects.filter(paused=False, mode=PlanMode.METER, meter=meter, targets__asset=asset).distinct()
        _generate_metered(plans, timezone.localdate(read_at), GenerationResult())
    return reading


# --- Assets and notifications ----------------------------------------------------------


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


def notify_overdue(today: datetime.date | None = None) -> int:
    """Tell each crew's members about their orders gone overdue, once per order.

    Orders are claimed with a conditional update stamped with this run's time, so two
    runs at once never notify about the same order twice. Returns the orders notified.
    """
    today = today or timezone.localdate()
    with transaction.atomic():  # claimed and notified together: a failed run claims nothing
        return _notify_overdue(today, timezone.now())


def _notify_overdue(today: datetime.date, stamp: datetime.datetime) -> int:
    claimed = WorkOrder.objects.filter(status__in=OPEN_STATUSES, due__lt=today, overdue_notified__isnull=True).update(
        overdue_notified=stamp
    )
    if not claimed:
        return 0
    claimed_orders = WorkOrder.objects.filter(overdue_notified=stamp)
    counts = dict(claimed_orders.values_list("crew_id").annotate(count=Count("pk")).order_by())
    members = defaultdict(list)
    for crew_id, user_id in CrewMembership.objects.filter(crew_id__in=counts).values_list("crew_id", "user_id"):
        members[crew_id].append(user_id)
    notifications = []
    for crew_id, count in counts.items():
        first = list(claimed_orders.filter(crew_id=crew_id).select_related("asset", "plan").order_by("due", "pk")[:5])
        names = "; ".join(f"{order.asset.name} · {order.plan.name} · {order.due}" for order in first)
        message = ngettext(
            "%(count)d work order has gone overdue: %(names)s",
            "%(count)d work orders have gone overdue: %(names)s",
            count,
        ) % {"count": count, "names": names}
        if count > len(first):
            message += _(" … and %(more)d more.") % {"more": count - len(first)}
        single = first[0] if count == 1 else None
        notifications.extend(
            Notification(user_id=user_id, order=single, message=message) for user_id in members[crew_id]
        )
    Notification.objects.bulk_create(notifications, batch_size=2000)
    return claimed


def check_meter_reading(asset: Asset, meter: str, value: Decimal, read_at: datetime.datetime) -> None:
    """Raise ValidationError if the reading is negative or lower than the one before it."""
    if value < 0:
        raise ValidationError(_("A meter reading cannot be negative."), code="meter_negative")
    previous = (
        MeterReading.objects.filter(asset=asset, meter=meter, read_at__lte=read_at).order_by("-read_at", "-pk").first()
    )
    if previous is not None and value < previous.value:
        raise ValidationError(
            _("%(value)s is lower than the last reading (%(previous)s on %(date)s): check the meter."),
            code="meter_lower",
            params={"value": value, "previous": previous.value, "date": timezone.localdate(previous.read_at)},
        )
    following = (
        MeterReading.objects.filter(asset=asset, meter=meter, read_at__gt=read_at).order_by("read_at", "pk").first()
    )
    if following is not None and value > following.value:
        raise ValidationError(
            _("%(value)s is higher than the later reading (%(following)s on %(date)s): check the date and the meter."),
            code="meter_higher",
            params={"value": value, "following": following.value, "date": timezone.localdate(following.read_at)},
        )


def calendar_warnings(today: datetime.date | None = None) -> list[str]:
    """What administrators must be told about years whose holidays are not known yet."""
    today = today or timezone.localdate()
    horizon = Plan.objects.filter(paused=False, calendar=CalendarPolicy.WORKING_DAYS).aggregate(
        longest=Max("horizon_days")
    )["longest"]
    if horizon is None:
        return []
    calendar = WorkingCalendar.load(today, today)
    last = today + datetime.timedelta(days=horizon)
    warnings = []
    for year in range(today.year, last.year + 1):
        if calendar.is_known(year):
            continue
        count = WorkOrder.objects.filter(provisional=True, status__in=OPEN_STATUSES, due__year=year).count()
        warnings.append(
            _(
                "China's holiday arrangement for %(year)s is not known yet: working days in %(year)s are taken as "
                "Monday to Friday, and %(count)d work orders are provisional. Enter the year's public holidays and "
                "make-up working days as calendar days, then confirm the year (or install a newer chinesecalendar); "
                "the provisional orders are then recomputed."
            )
            % {"year": year, "count": count}
        )
    return warnings


# --- Crews' work on site ---------------------------------------------------------------

PASS_FAIL_VALUES = {"pass": True, "fail": False, "": None}
# ChecklistAnswer.number holds 14 digits, 3 of them decimals.
ANSWER_NUMBER_LIMIT = Decimal(10) ** 11
ANSWER_NUMBER_QUANTUM = Decimal("0.001")


def save_answers(order: WorkOrder, by, answers: dict[int, str]) -> None:
    """Store the crew's checklist answers, given as the form's text by checklist item id.

    All or nothing: if one answer is not valid (a number field with letters), none is
    saved and the ValidationError names each bad item (keyed by item id).
    """
    if not order.is_open():
        raise _refusal(order, _("Its checklist cannot be changed."), refresh=False)
    items = {item.pk: item for item in order.plan.checklist.all()}
    values, errors = {}, {}
    for item_id, raw in answers.items():
        item = items.get(item_id)
        if item is None:
            continue
        raw = (raw or "").strip()
        if item.kind == ChecklistItemKind.PASS_FAIL:
            if raw not in PASS_FAIL_VALUES:
                errors[str(item_id)] = _("%(item)s: choose pass or fail.") % {"item": item.label}
                continue
            values[item] = {"passed": PASS_FAIL_VALUES[raw], "number": None, "text": ""}
        elif item.kind == ChecklistItemKind.NUMBER:
            try:
                number = Decimal(raw.replace(",", ".")) if raw else None
            except InvalidOperation:
                number = Decimal("NaN")
            if number is not None and not number.is_finite():
                errors[str(item_id)] = _("%(item)s: enter a number, e.g. 12.5.") % {"item": item.label}
                continue
            if number is not None:
                # Stored with three decimals: round first, so that the limit holds for the
                # stored value (99999999999.9999 rounds up past it) and a tiny exponent
                # (1e-99999) becomes 0 rather than a database error.
                number = number.quantize(ANSWER_NUMBER_QUANTUM) if number.adjusted() < 12 else number
                if abs(number) >= ANSWER_NUMBER_LIMIT:
                    errors[str(item_id)] = _("%(item)s: the number is too large.") % {"item": item.label}
                    continue
            values[item] = {"passed": None, "number": number, "text": ""}
        else:
            values[item] = {"passed": None, "number": None, "text": raw}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _claim_open(order, _("Its checklist cannot be changed."))
        for item, fields in values.items():
            ChecklistAnswer.objects.update_or_create(order=order, item=item, defaults=fields)


def save_notes(order: WorkOrder, by, notes: str, minutes_spent: int | None) -> None:
    """The crew's notes and time spent, kept while the order is open."""
    if minutes_spent is not None and minutes_spent < 0:
        raise ValidationError(_("Time spent cannot be negative."), code="minutes")
    updated = WorkOrder.objects.filter(pk=order.pk, status__in=OPEN_STATUSES).update(
        notes=notes, minutes_spent=minutes_spent, updated=timezone.now()
    )
    if not updated:
        raise _refusal(order, _("Its notes cannot be changed."))
    order.notes, order.minutes_spent = notes, minutes_spent


def add_photo(order: WorkOrder, by, upload) -> WorkOrderPhoto:
    """Keep a photo of the work: checked to be an image within the size limit, turned
    upright, resized (longest side PHOTO_MAX_SIDE) and re-encoded as JPEG; the capture time
    is read from its EXIF data before the metadata is dropped."""
    if not order.is_open():
        raise _refusal(order, _("No photo can be added."), refresh=False)
    limit = settings.PHOTO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size).1f MB: photos may be at most %(limit)s MB."),
            code="photo_size",
            params={"name": upload.name, "size": upload.size / 2**20, "limit": f"{limit / 2**20:g}"},
        )
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("%(name)s is not a photo Shouwei can read: take a JPEG or PNG picture."),
            code="photo_type",
            params={"name": upload.name},
        ) from None
    taken = _exif_time(image)
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((settings.PHOTO_MAX_SIDE, settings.PHOTO_MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    with transaction.atomic():
        _claim_open(order, _("No photo can be added."))
        photo = WorkOrderPhoto(order=order, taken=taken, uploaded_by=by)
        photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(buffer.getvalue()), save=False)
        photo.save()
    return photo


def _claim_open(order: WorkOrder, action: str) -> None:
    """Lock the order's row if it is still open (in the database, now), else say why not:
    the caller's copy may predate a colleague completing it."""
    if not WorkOrder.objects.filter(pk=order.pk, status__in=OPEN_STATUSES).update(updated=timezone.now()):
        raise _refusal(order, action)


EXIF_IFD, DATETIME_ORIGINAL, DATETIME = 0x8769, 36867, 306


def _exif_time(image: Image.Image) -> datetime.datetime | None:
    """When the photo was taken, from EXIF (the camera's local time: taken as the zone's)."""
    exif = image.getexif()
    raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(moment)


def reassign_work_order(order: WorkOrder, assignee, by) -> WorkOrder:
    """A crew leader (or a manager) gives an open order to another member of its crew."""
    leads = CrewMembership.objects.filter(crew_id=order.crew_id, user=by, is_leader=True).exists()
    if not (leads or by.has_perm("maintenance.change_workorder")):
        raise ValidationError(_("Only the crew's leader can reassign its work orders."), code="not_leader")
    if assignee is not None and not CrewMembership.objects.filter(crew_id=order.crew_id, user=assignee).exists():
        raise ValidationError(
            _("%(user)s is not in this crew."), code="not_member", params={"user": assignee.get_username()}
        )
    if not WorkOrder.objects.filter(pk=order.pk, status__in=OPEN_STATUSES).update(
        assignee=assignee, updated=timezone.now()
    ):
        raise _refusal(order, _("It cannot be reassigned."))
    order.assignee = assignee
    return order


def reset_calendar_token(crew: Crew) -> str:
    """A new secret for the crew's calendar feed: the old address stops working."""
    crew.calendar_token = new_calendar_token()
    crew.save(update_fields=["calendar_token"])
    return crew.calendar_token


# The feed shows the recent past (to see what was missed) and the coming weeks.
CALENDAR_PAST_DAYS, CALENDAR_FUTURE_DAYS, CALENDAR_MAX_EVENTS = 7, 60, 2000


def crew_calendar(crew: Crew, base_url: str, today: datetime.date | None = None) -> bytes:
    """The crew's open work orders as an iCalendar feed, for phone calendar apps."""
    today = today or timezone.localdate()
    orders = (
        WorkOrder.objects.filter(
            crew=crew,
            status__in=OPEN_STATUSES,
            due__range=(
                today - datetime.timedelta(days=CALENDAR_PAST_DAYS),
                today + datetime.timedelta(days=CALENDAR_FUTURE_DAYS),
            ),
        )
        .select_related("plan__task_type", "asset__zone")
        .order_by("due", "due_time", "pk")[:CALENDAR_MAX_EVENTS]
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Shouwei//work orders//ZH")
    calendar.add("version", "2.0")
    # An extension property: icalendar escapes it as TEXT only when told to (a comma,
    # a semicolon or a new line in a crew's name).
    calendar.add("x-wr-calname", icalendar.vText(f"{crew.display_name} · Shouwei"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for order in orders:
        event = icalendar.Event()
        event.add("uid", f"workorder-{order.pk}@shouwei")
        event.add("dtstamp", stamp)
        event.add("summary", f"{order.plan.task_type.display_name}: {order.asset.name}")
        if order.due_time is None:
            event.add("dtstart", order.due)
            event.add("dtend", order.due + DAY)
        else:
            start = datetime.datetime.combine(order.due, order.due_time, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=order.plan.estimated_minutes or 60))
        event.add("location", f"{order.asset.code} · {order.asset.zone.display_name}")
        event.add("description", "\n".join(filter(None, [order.plan.name, order.plan.instructions])))
        event.add("url", base_url.rstrip("/") + order.get_absolute_url())
        calendar.add_component(event)
    calendar.add_missing_timezones()  # RFC 5545: a VTIMEZONE for every TZID used
    return calendar.to_ical()
