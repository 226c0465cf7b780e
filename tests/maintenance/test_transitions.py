"""Work-order transitions: start, complete, skip, cancel and move, each refused with a clear
error (and the row left exactly as it was) when it is not allowed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from maintenance import services
from maintenance.choices import CancelReason, OrderStatus
from maintenance.models import ChecklistAnswer, ChecklistItem, WorkOrder
from maintenance.services import TransitionError, orders
from tests.maintenance.factories import TODAY, PlanFactory, at, day, equipment, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture
def plan():
    plan = PlanFactory(assets=[equipment()])
    services.generate_work_orders(today=TODAY, days=3)
    return plan


@pytest.fixture
def order(plan):
    return WorkOrder.objects.get(plan=plan, due=TODAY)


def refused(action, *args, code: str, message: str, **kwargs):
    """Run a transition that must be refused; check the error and that no order changed."""
    before = snapshot(WorkOrder)
    with pytest.raises(ValidationError) as caught:
        action(*args, **kwargs)
    assert caught.value.code == code
    assert caught.value.messages == [message]
    assert snapshot(WorkOrder) == before
    return caught.value


# --- The happy paths ------------------------------------------------------------------------


def test_start_then_complete(order, crew_member):
    services.start_work_order(order, crew_member)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.status, row.assignee, row.started) == (OrderStatus.IN_PROGRESS, crew_member, at(TODAY))

    services.complete_work_order(order, crew_member, notes="All clean", minutes_spent=25, today=TODAY)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.status, row.closed, row.closed_by, row.notes, row.minutes_spent) == (
        OrderStatus.DONE,
        at(TODAY),
        crew_member,
        "All clean",
        25,
    )
    assert row.started == at(TODAY)


def test_complete_without_starting_stamps_the_start_too(order, crew_member):
    services.complete_work_order(order, crew_member, today=TODAY)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.status, row.started, row.closed) == (OrderStatus.DONE, at(TODAY), at(TODAY))


def test_skip_with_a_reason(order, crew_member):
    services.skip_work_order(order, crew_member, "  Road flooded  ", today=TODAY)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.status, row.skip_reason, row.closed_by) == (OrderStatus.SKIPPED, "Road flooded", crew_member)


def test_cancel_by_hand(order, planner):
    services.cancel_work_order(order, planner)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.status, row.cancel_reason, row.closed_by) == (OrderStatus.CANCELLED, CancelReason.MANUAL, planner)


def test_move_to_a_free_future_day(order, planner):
    services.move_work_order(order, day(10, 20), planner, today=TODAY)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.due, row.occurrence, row.rescheduled, row.status) == (day(10, 20), TODAY, True, OrderStatus.SCHEDULED)


def test_a_day_taken_while_moving_is_a_conflict_not_a_server_error(order, planner, monkeypatch):
    # Another order of the plan and asset gets 20 October between the check and the move
    # (a colleague's move, a generation run): the unique constraint says so.
    real = orders.change_order

    def taken_meanwhile(*args, **kwargs):
        WorkOrder.objects.create(
            plan=order.plan, asset=order.asset, crew=order.crew, occurrence=day(10, 20), due=day(10, 20)
        )
        return real(*args, **kwargs)

    monkeypatch.setattr(orders, "change_order", taken_meanwhile)
    with pytest.raises(ValidationError) as caught:
        services.move_work_order(order, day(10, 20), planner, today=TODAY)

    assert caught.value.code == "move_conflict"
    assert WorkOrder.objects.get(pk=order.pk).due == TODAY


def test_a_moved_order_is_not_generated_again_on_its_rule_date(order, planner):
    services.move_work_order(order, day(10, 20), planner, today=TODAY)
    WorkOrder.objects.filter(plan=order.plan).exclude(pk=order.pk).delete()
    order.plan.targets.update(generated_through=None)

    services.generate_work_orders(today=TODAY, days=3)

    assert not WorkOrder.objects.filter(plan=order.plan, due=TODAY).exists()
    assert WorkOrder.objects.filter(plan=order.plan).count() == 4


# --- Refusals -------------------------------------------------------------------------------


def test_a_done_order_cannot_be_started_again(order, crew_member):
    services.complete_work_order(order, crew_member, today=TODAY)

    error = refused(
        services.start_work_order,
        order,
        crew_member,
        code="transition",
        message="This work order is already done. It cannot be started.",
    )
    assert isinstance(error, TransitionError)


def test_an_order_in_progress_cannot_be_started_again(order, crew_member, outsider):
    services.start_work_order(order, crew_member)

    refused(
        services.start_work_order,
        order,
        outsider,
        code="transition",
        message="This work order is already in progress. It cannot be started.",
    )
    assert WorkOrder.objects.get(pk=order.pk).assignee == crew_member


@pytest.mark.parametrize("reason", ["", "   \n\t", None])
def test_skipping_needs_a_reason(order, crew_member, reason):
    error = refused(
        services.skip_work_order,
        order,
        crew_member,
        reason,
        today=TODAY,
        code="skip_reason",
        message="Skipping a work order needs a reason.",
    )
    assert isinstance(error, TransitionError)
    assert WorkOrder.objects.get(pk=order.pk).status == OrderStatus.SCHEDULED


@pytest.mark.parametrize(
    "close, action, message",
    [
        ("skip", "complete", "This work order was skipped. It cannot be completed."),
        ("cancel", "skip", "This work order was cancelled. It cannot be skipped."),
        ("complete", "cancel", "This work order is already done. It cannot be cancelled."),
        ("complete", "complete", "This work order is already done. It cannot be completed."),
    ],
)
def test_a_closed_order_cannot_be_closed_again(order, crew_member, close, action, message):
    closers = {
        "complete": lambda: services.complete_work_order(order, crew_member, today=TODAY),
        "skip": lambda: services.skip_work_order(order, crew_member, "Rain", today=TODAY),
        "cancel": lambda: services.cancel_work_order(order, crew_member),
    }
    closers[close]()

    refused(closers[action], code="transition", message=message)


def test_completing_with_an_unanswered_required_item_is_refused(order, crew_member):
    plan = order.plan
    bins = ChecklistItem.objects.create(plan=plan, position=1, label="Bins emptied")
    ChecklistItem.objects.create(plan=plan, position=2, label="Drains clear")
    ChecklistItem.objects.create(plan=plan, position=3, label="Remarks", required=False)
    ChecklistAnswer.objects.create(order=order, item=bins, passed=None)  # opened, not answered

    refused(
        services.complete_work_order,
        order,
        crew_member,
        notes="done",
        today=TODAY,
        code="checklist",
        message="Answer every required checklist item before completing: Bins emptied, Drains clear.",
    )


def test_completing_once_every_required_item_is_answered(order, crew_member):
    plan = order.plan
    bins = ChecklistItem.objects.create(plan=plan, position=1, label="Bins emptied")
    ChecklistItem.objects.create(plan=plan, position=2, label="Remarks", required=False)
    ChecklistAnswer.objects.create(order=order, item=bins, passed=False)  # a fail is an answer

    services.complete_work_order(order, crew_member, today=TODAY)

    assert WorkOrder.objects.get(pk=order.pk).status == OrderStatus.DONE


def test_negative_time_spent_is_refused(order, crew_member):
    refused(
        services.complete_work_order,
        order,
        crew_member,
        minutes_spent=-5,
        today=TODAY,
        code="minutes",
        message="Time spent cannot be negative.",
    )


def test_moving_into_the_past_is_refused(order, planner):
    refused(
        services.move_work_order,
        order,
        TODAY - datetime.timedelta(days=1),
        planner,
        today=TODAY,
        code="move_past",
        message="A work order cannot be moved into the past.",
    )


def test_moving_onto_a_day_that_has_an_order_is_refused(order, planner):
    refused(
        services.move_work_order,
        order,
        day(9, 30),
        planner,
        today=TODAY,
        code="move_conflict",
        message="There is already a work order of this plan for this asset on 2026-09-30.",
    )


def test_moving_a_done_order_is_refused(order, crew_member, planner):
    services.complete_work_order(order, crew_member, today=TODAY)

    refused(
        services.move_work_order,
        order,
        day(10, 20),
        planner,
        today=TODAY,
        code="transition",
        message="This work order is already done. Only a scheduled work order can be moved.",
    )


# --- Someone else got there first -----------------------------------------------------------


def test_a_stale_order_cannot_be_started_once_done_elsewhere(order, crew_member, outsider):
    stale = WorkOrder.objects.get(pk=order.pk)
    services.complete_work_order(order, crew_member, today=TODAY)

    refused(
        services.start_work_order,
        stale,
        outsider,
        code="transition",
        message="This work order is already done. It cannot be started.",
    )
    assert stale.status == OrderStatus.DONE  # the error refreshed what the caller sees
    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.closed_by, row.assignee) == (crew_member, None)


def test_a_stale_order_cannot_be_skipped_once_cancelled_elsewhere(order, crew_member, planner):
    stale = WorkOrder.objects.get(pk=order.pk)
    services.cancel_work_order(order, planner)

    refused(
        services.skip_work_order,
        stale,
        crew_member,
        "Rain",
        today=TODAY,
        code="transition",
        message="This work order was cancelled. It cannot be skipped.",
    )


def test_a_stale_order_cannot_be_moved_once_started_elsewhere(order, crew_member, planner):
    stale = WorkOrder.objects.get(pk=order.pk)
    services.start_work_order(order, crew_member)

    refused(
        services.move_work_order,
        stale,
        day(10, 20),
        planner,
        today=TODAY,
        code="transition",
        message="This work order is already in progress. Only a scheduled work order can be moved.",
    )


def test_a_skip_reason_over_the_limit_is_refused_and_nothing_changes(order, crew_member):
    refused(
        services.skip_work_order,
        order,
        crew_member,
        "x" * 1001,
        code="skip_reason",
        message="The reason may be at most 1000 characters long; this one has 1001.",
    )
