"""The demo's six weeks of history (demo.history): done on time, late, skipped, left
overdue, each as the services would have left it at the time. Loaded at NOW, Wednesday
25 November 2026 (tests.demo.conftest): the history runs from 14 October to 24 November."""

import datetime
from collections import Counter

from django.db.models import F
from django.utils import timezone

from demo.history import SKIP_REASONS
from maintenance.choices import OrderStatus, PlanMode
from maintenance.models import ChecklistAnswer, CrewMembership, MeterReading, PlanTarget, WorkOrder
from tests.demo.conftest import NOW, TODAY

FIRST_DAY = datetime.date(2026, 10, 14)


def history():
    """The orders of the plans' history: not the corrective orders the inspections demo
    opens for findings (demo.inspections), today."""
    return WorkOrder.objects.filter(plan__corrective=False)


def outcome(order: WorkOrder) -> str:
    if order.status == OrderStatus.DONE:
        return "late" if timezone.localdate(order.closed) > order.due else "on time"
    return order.status


def test_six_weeks_of_every_outcome(loaded):
    past = history().filter(due__lt=TODAY)
    assert past.order_by("due").first().due == FIRST_DAY
    assert Counter(outcome(order) for order in past) == {
        "on time": 1316,
        "late": 84,
        "skipped": 65,
        "scheduled": 11,  # overdue: nobody did them
        "in_progress": 2,  # started, never finished: overdue too
    }
    assert history().overdue(TODAY).count() == 13
    # Each crew has overdue work or done work to review.
    for crew_code in ["sanitation", "landscaping", "plant-operators", "municipal-works"]:
        assert past.filter(crew__code=crew_code, status=OrderStatus.DONE).exists(), crew_code


def test_done_orders_look_as_the_services_leave_them(loaded):
    done = history().filter(status=OrderStatus.DONE).select_related("plan", "closed_by")
    members = set(CrewMembership.objects.values_list("crew_id", "user_id"))
    for order in done.prefetch_related("plan__checklist", "answers"):
        assert order.due <= timezone.localdate(order.closed) < TODAY, order.pk
        assert order.created < order.started < order.closed == order.updated, order.pk
        assert order.minutes_spent == (order.closed - order.started).total_seconds() // 60, order.pk
        assert (order.crew_id, order.closed_by_id) in members, order.pk
        answered = {answer.item_id for answer in order.answers.all() if answer.is_answered()}
        required = {item.pk for item in order.plan.checklist.all() if item.required}
        assert required <= answered, order.pk
    # Answers were given when the order was closed; orders made by the nightly run before they were due.
    answers = ChecklistAnswer.objects.filter(order__status=OrderStatus.DONE)
    assert not answers.exclude(answered=F("order__closed")).exists()
    assert not history().filter(created__gt=NOW).exists()
    assert not history().filter(created__date__gt=F("due")).exists()


def test_skipped_orders_have_a_reason(loaded):
    reasons = {reason for listed in SKIP_REASONS.values() for reason in listed}
    skipped = history().filter(status=OrderStatus.SKIPPED)
    assert skipped.count() == 65
    for order in skipped:
        assert order.skip_reason in reasons
        assert timezone.localdate(order.closed) == order.due
        assert order.started is None and not order.answers.exists()


def test_some_done_orders_carry_findings_and_failed_checks(loaded):
    done = history().filter(status=OrderStatus.DONE)
    failed = ChecklistAnswer.objects.filter(passed=False).values("order").distinct()
    assert done.exclude(notes="").count() == failed.count()
    assert done.exclude(notes="").exists()
    assert ChecklistAnswer.objects.exclude(text="").exists()


def test_meter_readings_come_from_the_orders_in_time_order(loaded):
    readings = MeterReading.objects.order_by("asset", "read_at")
    by_asset = {}
    for reading in readings:
        by_asset.setdefault(reading.asset_id, []).append(reading.value)
        assert reading.read_at < NOW
        if reading.order_id is not None:
            assert reading.read_at == reading.order.closed
    for values in by_asset.values():
        assert values == sorted(values)
    # Each machine's first reading is from the evening before the history; the rest from orders.
    assert MeterReading.objects.filter(order=None).count() == 5
    # Four 500-hour services were due and done, each moving its machine's baseline.
    services = WorkOrder.objects.filter(plan__mode=PlanMode.METER)
    assert list(services.values_list("asset__code", "due", "status", "meter_threshold")) == [
        ("EQ-PLANT-03", datetime.date(2026, 10, 22), OrderStatus.DONE, 4670),
        ("EQ-PLANT-01", datetime.date(2026, 10, 29), OrderStatus.DONE, 4220),
        ("EQ-PLANT-06", datetime.date(2026, 11, 3), OrderStatus.DONE, 6910),
        ("EQ-PLANT-02", datetime.date(2026, 11, 12), OrderStatus.DONE, 3800),
    ]
    for order in services:
        reading = MeterReading.objects.get(order=order)
        assert reading.value >= order.meter_threshold
        assert PlanTarget.objects.get(plan=order.plan, asset=order.asset).meter_baseline == reading.value
