"""The one path for changes people see to a work order: every workflow sends
order_changed with who, when, from, to and why (the audit trail hangs on it); a refused
change sends nothing."""

import pytest

from maintenance import services
from maintenance.choices import CancelReason, OrderStatus
from maintenance.models import CrewMembership, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, at, day, equipment, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture
def changes():
    """The OrderChanges sent while the test runs."""
    sent = []

    def record(sender, change, **kwargs):
        sent.append(change)

    services.order_changed.connect(record, sender=WorkOrder)
    yield sent
    services.order_changed.disconnect(record, sender=WorkOrder)


@pytest.fixture
def plan():
    plan = PlanFactory(assets=[equipment()])
    services.generate_work_orders(today=TODAY, days=3)
    return plan


@pytest.fixture
def order(plan):
    return WorkOrder.objects.get(plan=plan, due=TODAY)


def summary(change):
    return change.orders, change.by, change.at, change.before, change.after, change.reason


def test_start_and_complete_say_who_when_from_and_to(order, crew_member, changes):
    services.start_work_order(order, crew_member)
    services.complete_work_order(order, crew_member)

    assert [summary(change) for change in changes] == [
        ((order.pk,), crew_member, at(TODAY), OrderStatus.SCHEDULED, OrderStatus.IN_PROGRESS, ""),
        ((order.pk,), crew_member, at(TODAY), OrderStatus.IN_PROGRESS, OrderStatus.DONE, ""),
    ]
    assert changes[0].fields == {"status": OrderStatus.IN_PROGRESS, "started": at(TODAY), "assignee": crew_member}
    assert changes[1].fields == {"status": OrderStatus.DONE, "closed": at(TODAY), "closed_by": crew_member}


def test_a_skip_says_why(order, crew_member, changes):
    services.skip_work_order(order, crew_member, "  Typhoon warning ")

    [change] = changes
    assert summary(change) == (
        (order.pk,),
        crew_member,
        at(TODAY),
        OrderStatus.SCHEDULED,
        OrderStatus.SKIPPED,
        "Typhoon warning",
    )


def test_cancel_move_reassign_and_notes_each_send_one_change(order, plan, planner, manager, changes):
    leader = member_of(plan.crew, "leader")
    CrewMembership.objects.filter(user=leader).update(is_leader=True)
    colleague = member_of(plan.crew, "colleague")
    later = WorkOrder.objects.get(plan=plan, due=day(9, 29))

    services.move_work_order(order, day(10, 20), planner)
    services.reassign_work_order(order, colleague, leader)
    services.save_notes(order, colleague, "Bin lid broken", 20)
    services.cancel_work_order(later, manager)

    assert [(change.by, change.before, change.after, change.fields) for change in changes] == [
        (planner, "scheduled", "scheduled", {"due": day(10, 20), "rescheduled": True}),
        (leader, "scheduled", "scheduled", {"assignee": colleague}),
        (colleague, "scheduled", "scheduled", {"notes": "Bin lid broken", "minutes_spent": 20}),
        (
            manager,
            "scheduled",
            "cancelled",
            {"status": "cancelled", "cancel_reason": "manual", "closed": at(TODAY), "closed_by": manager},
        ),
    ]
    assert [change.orders for change in changes] == [(order.pk,)] * 3 + [(later.pk,)]


def test_a_refused_change_sends_nothing(order, crew_member, changes):
    services.complete_work_order(order, crew_member)
    changes.clear()

    with pytest.raises(services.TransitionError):
        services.skip_work_order(order, crew_member, "Too late")

    assert changes == []


def test_pausing_a_plan_cancels_its_future_orders_in_one_change_by_the_planner(plan, manager, changes):
    future = set(WorkOrder.objects.filter(plan=plan).values_list("pk", flat=True))

    services.pause_plan(plan, TODAY, by=manager)

    [change] = changes
    assert (change.by, change.before, change.after, change.reason) == (
        manager,
        OrderStatus.SCHEDULED,
        OrderStatus.CANCELLED,
        CancelReason.PAUSED,
    )
    assert set(change.orders) == future and len(future) == 4


def test_an_asset_retired_cancels_its_orders_as_the_system(plan, changes):
    asset = plan.assets.get()
    orders = set(WorkOrder.objects.filter(plan=plan).values_list("pk", flat=True))

    asset.status = "retired"
    asset.save()

    [change] = changes
    assert (set(change.orders), change.by, change.after, change.reason) == (
        orders,
        None,
        OrderStatus.CANCELLED,
        CancelReason.RETIRED,
    )
