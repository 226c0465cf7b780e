"""Corrective work orders: work opened by hand for a crew to put a problem right (a
finding of the inspections app), outside any recurring plan.

A work order needs a plan, so each crew has one hidden corrective plan (Plan.corrective):
paused and without targets, so that generation, rewrites and target syncing never touch
it; the plan list, the plan pages and the admin do not show it. Its orders have no
occurrence (no rule produced them), which frees them from the plan-asset-day uniqueness
that keeps generation idempotent: two findings on one machine may be due the same day.
Everything else is an ordinary order: the crew's Today, the order page, completing it
through services.orders, order_changed (which inspections listens to).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..choices import NonWorkingDayRule, PlanMode, TargetMode
from ..models import Crew, Plan, TaskType, WorkOrder

# The task type of corrective orders (seeded by migration 0002).
CORRECTIVE_TASK_TYPE = "repair"


def corrective_plan(crew: Crew) -> Plan:
    """The crew's corrective plan, made the first time it is needed (once, whoever asks at once)."""
    plan = Plan.objects.filter(crew=crew, corrective=True).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            return Plan.objects.create(
                name=f"{crew.name} · 整改",
                task_type=TaskType.objects.get(code=CORRECTIVE_TASK_TYPE),
                crew=crew,
                instructions="巡查发现的问题整改：见工单备注。",
                target_mode=TargetMode.ASSETS,
                mode=PlanMode.FIXED,
                # Never expanded (the plan is paused and has no targets); the constraints want a rule.
                rrule="FREQ=YEARLY",
                non_working=NonWorkingDayRule.NEXT,
                paused=True,
                corrective=True,
            )
    except IntegrityError:  # another worker made it a moment ago
        return Plan.objects.get(crew=crew, corrective=True)


def open_corrective_order(asset, crew: Crew, due: datetime.datetime, description: str, by) -> WorkOrder:
    """Open a work order for ``crew`` on ``asset``, due at ``due`` (its day and time in
    the zone), with ``description`` as its notes (what to put right)."""
    local = timezone.localtime(due, timezone.get_default_timezone())
    return WorkOrder.objects.create(
        plan=corrective_plan(crew),
        asset=asset,
        crew=crew,
        occurrence=None,
        due=local.date(),
        due_time=local.time().replace(second=0, microsecond=0),
        notes=description,
        assignee=None,
    )
