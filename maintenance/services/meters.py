"""Meters: readings (never running backwards, unless a new meter was fitted), the readings
an order records, forecasts, and the baseline after a service or a new meter."""

import datetime
import math
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset

from ..choices import Meter, PlanMode
from ..models import ChecklistItem, MeterReading, Plan, PlanTarget, WorkOrder, meter_threshold
from .generation import GenerationResult, generate_metered, mark_failures

# A phone's clock may run a little ahead of the server's: a reading "in the future" by
# less than this is taken as read now.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def record_meter_reading(
    asset: Asset,
    meter: str,
    value: Decimal,
    by,
    *,
    read_at: datetime.datetime | None = None,
    order: WorkOrder | None = None,
    replacement: bool = False,
    generate: bool = True,
) -> MeterReading:
    """Store a reading (never lower than the last one, unless it is a new meter's first)
    and create the meter plans' orders whose threshold it reaches.

    A new meter starts a new count: the meter plans' targets on this asset keep the units
    run since their last service (their baselines move onto the new meter's count)."""
    value = Decimal(value)
    read_at = read_at or timezone.now()
    with transaction.atomic():
        check_meter_reading(asset, meter, value, read_at, replacement=replacement)
        previous = MeterReading.objects.of(asset, meter).filter(read_at__lte=read_at).first()
        reading = MeterReading.objects.create(
            asset=asset, meter=meter, value=value, read_at=read_at, recorded_by=by, order=order, replacement=replacement
        )
        if replacement and previous is not None:
            _carry_baselines(asset, meter, previous.value, value)
    if generate:
        plans = Plan.objects.filter(paused=False, mode=PlanMode.METER, meter=meter, targets__asset=asset).distinct()
        result = GenerationResult()
        generate_metered(plans, timezone.localdate(read_at), result)
        mark_failures(plans, result)
    return reading


def _carry_baselines(asset: Asset, meter: str, old_count: Decimal, new_count: Decimal) -> None:
    """A meter replaced at old_count, the new one reading new_count: each meter plan's
    baseline moves by the difference, so the units run since the last service still count."""
    PlanTarget.objects.filter(
        asset=asset, plan__mode=PlanMode.METER, plan__meter=meter, meter_baseline__isnull=False
    ).update(meter_baseline=F("meter_baseline") - old_count + new_count)


def check_meter_reading(
    asset: Asset, meter: str, value: Decimal, read_at: datetime.datetime, *, replacement: bool = False
) -> None:
    """Raise ValidationError if the reading is negative, in the future, lower than the one
    before it (unless it is a new meter's first), or higher than a later one."""
    if value < 0:
        raise ValidationError(_("A meter reading cannot be negative."), code="meter_negative")
    if read_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError(_("A meter reading cannot be in the future."), code="meter_future")
    readings = MeterReading.objects.of(asset, meter)
    following = readings.filter(read_at__gt=read_at).last()
    if replacement:
        if following is not None:
            raise ValidationError(
                _("A new meter must be read after every reading of the old one (the last was on %(date)s)."),
                code="meter_replacement_early",
                params={"date": timezone.localdate(readings.values_list("read_at", flat=True).first())},
            )
        return
    previous = readings.filter(read_at__lte=read_at).first()
    if previous is not None and value < previous.value:
        raise ValidationError(
            _(
                "%(value)s is lower than the last reading (%(previous)s on %(date)s): check the meter, "
                "or mark the reading as a new meter's if it was replaced."
            ),
            code="meter_lower",
            params={"value": value, "previous": previous.value, "date": timezone.localdate(previous.read_at)},
        )
    # A later reading of a new meter counts from its own start: no limit from it.
    if following is not None and not following.replacement and value > following.value:
        raise ValidationError(
            _("%(value)s is higher than the later reading (%(following)s on %(date)s): check the date and the meter."),
            code="meter_higher",
            params={"value": value, "following": following.value, "date": timezone.localdate(following.read_at)},
        )


def completion_readings(order: WorkOrder, meter_reading: Decimal | None = None) -> dict[str, Decimal]:
    """The readings completing the order records, by meter: the answers to its checklist
    items that record a meter, and ``meter_reading`` for a meter plan's own meter (the
    order page's reading field, shown when no checklist item records that meter)."""
    readings = {}
    if not order.plan.meter and not any(item.meter for item in order.plan.checklist.all()):
        return readings
    answers = order.answers.answered().filter(item__meter__gt="", number__isnull=False)
    for meter, number in answers.values_list("item__meter", "number"):
        readings[meter] = Decimal(number)
    if meter_reading is not None and order.plan.meter:
        given = readings.setdefault(order.plan.meter, Decimal(meter_reading))
        if given != Decimal(meter_reading):
            raise ValidationError(
                _("Two different readings of the same meter were given: %(first)s and %(second)s."),
                code="meter_twice",
                params={"first": given, "second": meter_reading},
            )
    return readings


def meters_of(asset: Asset) -> list[str]:
    """The meters read on this asset: those of its readings, of the meter plans applying to
    it and of their checklist items that record one; every meter if none (a first reading)."""
    plans = Plan.objects.filter(targets__asset=asset, targets__active=True)
    used = (
        MeterReading.objects.filter(asset=asset)
        .values_list("meter", flat=True)
        .union(plans.exclude(meter="").values_list("meter", flat=True))
        .union(ChecklistItem.objects.filter(plan__in=plans).exclude(meter="").values_list("meter", flat=True))
    )
    found = set(used)
    return [meter for meter in Meter.values if meter in found] or list(Meter.values)


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
    # A new meter's readings count from its own start: the window begins at the last replacement.
    later_replacement = MeterReading.objects.filter(
        asset=OuterRef("asset"), meter=OuterRef("meter"), replacement=True, read_at__gt=OuterRef("read_at")
    )
    window = MeterReading.objects.filter(
        asset=OuterRef("asset"), meter=plan.meter, read_at__gte=timezone.now() - datetime.timedelta(days=90)
    ).filter(~Exists(later_replacement))
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
