"""save_notes: the notes and time spent on an order. A refusal leaves the rows exactly as
they were."""

import pytest

from maintenance import services
from maintenance.choices import OrderStatus
from maintenance.models import WorkOrder
from maintenance.services import TransitionError
from tests.maintenance.on_site import close, refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def test_notes_and_minutes_are_kept(order, member):
    services.save_notes(order, member, "Bins washed too", 35)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.notes, row.minutes_spent, row.status) == ("Bins washed too", 35, OrderStatus.SCHEDULED)
    assert (order.notes, order.minutes_spent) == ("Bins washed too", 35)


def test_minutes_may_be_left_empty(order, member):
    services.save_notes(order, member, "", None)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.notes, row.minutes_spent) == ("", None)


def test_negative_minutes_are_refused(order, member):
    services.save_notes(order, member, "First note", 10)

    error = refused(services.save_notes, order, member, "Second note", -5, code="minutes")

    assert error.messages == ["Time spent cannot be negative."]
    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.notes, row.minutes_spent) == ("First note", 10)


def test_a_closed_orders_notes_cannot_change(order, member):
    stale = WorkOrder.objects.get(pk=order.pk)
    close(order, member)

    error = refused(services.save_notes, stale, member, "Too late", 5, code="transition", error=TransitionError)

    assert error.messages == ["This work order is already done. Its notes cannot be changed."]
