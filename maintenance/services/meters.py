"""Meters: readings (never running backwards), forecasts, and the baseline after a service."""

import datetime
import math
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset

from ..choices import PlanMode
from ..models import MeterReading, Plan, PlanTarget, WorkOrder, meter_threshold
from .generation import GenerationResult, generate_metered, mark_failures


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
        result = GenerationResult()
        generate_metered(plans, timezone.localdate(read_at), result)
        mark_failures(plans, result)
    return reading


def check_meter_reading(asset: Asset, meter: str, value: Decimal, read_at: datetime.datetime) -> None:
    """Raise ValidationError if the reading is negative or lower than the one before it."""
    if value < 0:
        raise ValidationError(_("A meter reading cannot be negative."), code="meter_negative")
    previous = MeterReading.objects.of(asset, meter).filter(read_at__lte=read_at).first()
    if previous is not None and value < previous.value:
        raise ValidationError(
            _("%(value)s is lower than the last reading (%(previous)s on %(date)s): check the meter."),
            code="meter_lower",
            params={"value": value, "previous": previous.value, "date": timezone.localdate(previous.read_at)},
        )
    following = MeterReading.objects.of(asset, meter).filter(read_at__gt=read_at).last()
    if following is not None and value > following.value:
        raise ValidationError(
            _("%(value)s is higher than the later reading (%(following)s on %(date)s): check the date and the meter."),
            code="meter_higher",
            params={"value": value, "following": following.value, "date": timezone.localdate(following.read_at)},
        )


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
        remaining = float(meter_threshold(row["meter_baseline"], plan.meter_interval) - row["last_value"])
        if remaining <= 0:
            forecasts[row["pk"]] = today
        else:
            reached = timezone.localdate(row["last_read_at"]) + datetime.timedelta(days=math.ceil(remaining / per_day))
            forecasts[row["pk"]] = max(today, reached)
    return forecasts


def rebase_after_service(order: WorkOrder) -> None:
    """A meter plan's order was done: the next one falls due one interval after the
    meter's latest reading (or after the threshold the order was made for)."""
    latest = MeterReading.objects.latest_value(order.asset_id, order.plan.meter)
    PlanTarget.objects.filter(plan=order.plan, asset=order.asset_id).update(
        meter_baseline=latest if latest is not None else order.meter_threshold
    )
