"""Which assets each plan applies to now (PlanTarget), kept in line with the plans."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from assets.choices import AssetStatus
from assets.models import Asset

from ..choices import CancelReason, OrderStatus, TargetMode
from ..models import Plan, PlanTarget, WorkOrder
from .rewrite import DAY, floor
from .status import cancel_orders


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
    no longer matching) have their future untouched orders cancelled, and a retired
    asset its overdue untouched ones too (no one can work on what is gone; an unchosen
    asset's missed work is still owed). Returns (joined, left).
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
                active=True, regenerate_from=floor(today)
            )
            PlanTarget.objects.filter(
                pk__in=[existing[pair][0] for pair in returning], generated_through__gte=today
            ).update(generated_through=today - DAY)
        if leaving:
            PlanTarget.objects.filter(pk__in=[existing[pair][0] for pair in leaving]).update(active=False)
            gone = _orders_of_pairs(leaving).filter(Q(due__gte=today) | Q(asset__status=AssetStatus.RETIRED))
            cancel_orders(gone.untouched(), CancelReason.RETIRED)
    return len(new) + len(returning), len(leaving)


def _orders_of_pairs(pairs: Iterable[tuple[int, int]]) -> QuerySet:
    by_plan = defaultdict(list)
    for plan_id, asset_id in pairs:
        by_plan[plan_id].append(asset_id)
    condition = Q(pk__in=[])
    for plan_id, asset_ids in by_plan.items():
        condition |= Q(plan_id=plan_id, asset_id__in=asset_ids)
    return WorkOrder.objects.filter(condition)
