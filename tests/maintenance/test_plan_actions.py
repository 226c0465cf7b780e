"""The plan page's buttons: generate now, pause and resume, move or skip one order; a
refusal says why and changes nothing.

Time is frozen on Monday 2 March 2026, 09:00 in the zone.
"""

import datetime

import pytest
from django.urls import reverse

from maintenance import services
from maintenance.choices import OrderStatus
from maintenance.models import WorkOrder
from tests.factories import AssetFactory
from tests.maintenance.plan_pages import TODAY, make_plan
from tests.pages import body, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]


def test_generate_now(client, manager, crew, asset, signed_in):
    plan = make_plan(crew, [asset], generate=False)
    signed_in(manager)
    response = client.post(reverse("plan-generate", args=[plan.pk]), follow=True)
    assert WorkOrder.objects.filter(plan=plan).count() == 15
    assert messages_of(response) == [
        "Work orders created: 15 (provisional: 0); plans: 1; targets joined: 1, left: 0; "
        "provisional orders recomputed: 0."
    ]
    again = client.post(reverse("plan-generate", args=[plan.pk]), follow=True)
    assert messages_of(again) == [
        "Work orders created: 0 (provisional: 0); plans: 0; targets joined: 0, left: 0; "
        "provisional orders recomputed: 0."
    ]


def test_pause_and_resume(client, manager, plan, signed_in):
    signed_in(manager)
    response = client.post(reverse("plan-pause", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert plan.paused
    assert not WorkOrder.objects.filter(plan=plan, status=OrderStatus.SCHEDULED).exists()
    assert messages_of(response) == ["The plan is paused; 15 future work orders were cancelled."]
    assert reverse("plan-resume", args=[plan.pk]) in body(response)
    assert reverse("plan-generate", args=[plan.pk]) not in body(response)

    response = client.post(reverse("plan-resume", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert not plan.paused
    assert WorkOrder.objects.filter(plan=plan, status=OrderStatus.SCHEDULED).count() == 15
    assert messages_of(response) == [
        "The plan is running again. Work orders created: 15 (provisional: 0); plans: 1; targets joined: 0, left: 0; "
        "provisional orders recomputed: 0."
    ]


def test_move_an_order(client, manager, plan, signed_in):
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    signed_in(manager)
    later = TODAY + datetime.timedelta(days=30)
    response = client.post(reverse("order-move", args=[plan.pk, order.pk]), {"due": later.isoformat()}, follow=True)
    order.refresh_from_db()
    assert (order.due, order.rescheduled, order.occurrence) == (later, True, TODAY)
    assert messages_of(response) == [f"RD-01 · {TODAY.isoformat()} moved to {later.isoformat()}."]
    plan.refresh_from_db()
    assert plan.rrule == "FREQ=DAILY"  # the plan itself is unchanged


@pytest.mark.parametrize(
    ("due", "error"),
    [
        ("2026-03-01", "A work order cannot be moved into the past."),
        ("2026-03-03", "There is already a work order of this plan for this asset on 2026-03-03."),
        ("", "enter the new date."),
        ("someday", "enter the new date."),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(client, manager, plan, due, error, signed_in):
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    before = list(WorkOrder.objects.order_by("pk").values())
    signed_in(manager)
    response = client.post(reverse("order-move", args=[plan.pk, order.pk]), {"due": due}, follow=True)
    assert messages_of(response) == [f"RD-01 · {TODAY.isoformat()}: {error}"]
    assert list(WorkOrder.objects.order_by("pk").values()) == before


def test_skip_an_order(client, manager, plan, signed_in):
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    signed_in(manager)
    response = client.post(reverse("order-skip", args=[plan.pk, order.pk]), {"reason": "Road closed"}, follow=True)
    order.refresh_from_db()
    assert (order.status, order.skip_reason, order.closed_by) == (OrderStatus.SKIPPED, "Road closed", manager)
    assert messages_of(response) == [f"RD-01 · {TODAY.isoformat()} skipped."]
    assert reverse("order-skip", args=[plan.pk, order.pk]) not in body(response)


@pytest.mark.parametrize(("status", "reason", "error"), [
    (OrderStatus.SCHEDULED, "  ", "Skipping a work order needs a reason."),
    (OrderStatus.DONE, "Road closed", "This work order is already done. It cannot be skipped."),
])  # fmt: skip
def test_a_refused_skip_says_why_and_changes_nothing(client, manager, plan, status, reason, error, signed_in):
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    if status == OrderStatus.DONE:
        plan.checklist.all().delete()
        services.complete_work_order(order, manager)
    before = list(WorkOrder.objects.order_by("pk").values())
    signed_in(manager)
    response = client.post(reverse("order-skip", args=[plan.pk, order.pk]), {"reason": reason}, follow=True)
    assert messages_of(response) == [f"RD-01 · {TODAY.isoformat()}: {error}"]
    assert list(WorkOrder.objects.order_by("pk").values()) == before


def test_an_order_of_another_plan_is_404(client, manager, plan, crew, signed_in):
    other = make_plan(crew, [AssetFactory()], name="Other")
    order = WorkOrder.objects.filter(plan=other).first()
    signed_in(manager)
    url = reverse("order-skip", args=[plan.pk, order.pk])
    assert client.post(url, {"reason": "Road closed"}).status_code == 404
