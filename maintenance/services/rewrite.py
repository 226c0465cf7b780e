"""Rewriting a plan's future: its untouched orders are deleted and made again by the next
generation under the current rule, crew and calendar."""

import datetime
import functools
import operator
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When

from ..calendar import MAX_SHIFT_DAYS, WorkingCalendar
from ..models import PlanTarget, WorkOrder

DAY = datetime.timedelta(days=1)
# How far back a rewrite regenerates (see send_back): the longest move.
REGENERATION_LOOKBACK = datetime.timedelta(days=MAX_SHIFT_DAYS)
# A plan change touching one of these rewrites the plan's future untouched orders.
SCHEDULE_FIELDS = {
    "rrule", "start", "due_time", "calendar", "non_working", "crew", "mode", "meter", "meter_interval",
}  # fmt: skip


def rewrite_future_orders(plan_ids: Iterable[int], since: datetime.date, *, whole_plans: bool = True) -> int:
    """Delete the plans' untouched orders due from ``since`` on, so that the next
    generation makes them again under the current rule, crew and calendar (none due before
    ``since``: see send_back). Never touches an order that is in progress, done,
    skipped, moved, assigned, written on, photographed or started. Returns how many were
    deleted."""
    plan_ids = list(plan_ids)
    with transaction.atomic():
        doomed = WorkOrder.objects.filter(plan_id__in=plan_ids, due__gte=since).untouched()
        send_back(plan_ids, since, doomed, whole_plans=whole_plans)
        deleted, _detail = doomed.delete()
    return deleted


def floor(since: datetime.date) -> Case:
    """PlanTarget.regenerate_from set to ``since``, or kept if it is earlier already (a
    target sent back twice before generating keeps the first floor)."""
    return Case(When(regenerate_from__lt=since, then=F("regenerate_from")), default=Value(since))


def send_back(plan_ids: list[int], since: datetime.date, doomed: QuerySet, *, whole_plans: bool) -> None:
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
        generated_through=restart - DAY, regenerate_from=floor(since)
    )
    targets = PlanTarget.objects.filter(plan_id__in=plan_ids)
    if not whole_plans:
        targets = targets.filter(Exists(doomed.filter(plan=OuterRef("plan"), asset=OuterRef("asset"))))
    targets.update(regenerate_from=floor(since))


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
