"""save_notes: the notes (at most 4,000 characters) and time spent on an order. A refusal
leaves the rows exactly as they were."""

import pytest
from django.core.exceptions import ValidationError

from maintenance import services
from maintenance.choices import OrderStatus
from maintenance.models import WorkOrder
from maintenance.services import TransitionError
from tests.maintenance.crew_pages import work
from tests.maintenance.on_site import answers_of, close, refused
from tests.pages import body

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


# --- The length limit (9.9 MB of notes were once saved) ------------------------------------


def test_notes_up_to_the_limit_are_kept(order, member):
    services.save_notes(order, member, "扫" * 4000, 10)

    assert WorkOrder.objects.get(pk=order.pk).notes == "扫" * 4000


def test_longer_notes_are_refused(order, member):
    services.save_notes(order, member, "First note", 10)

    error = refused(services.save_notes, order, member, "x" * 4001, 15, code="notes")

    assert error.messages == ["Notes may be at most 4000 characters long; these have 4001."]
    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.notes, row.minutes_spent) == ("First note", 10)


def test_completing_with_longer_notes_is_refused(order, items, member):
    services.save_answers(order, member, {item.pk: "ok" if item.kind == "text" else "1" if item.kind == "number"
                                          else "pass" for item in items.values()})  # fmt: skip

    error = refused(services.complete_work_order, order, member, notes="x" * 4001, code="notes")

    assert error.params == {"limit": 4000, "length": 4001}
    assert WorkOrder.objects.get(pk=order.pk).status == OrderStatus.SCHEDULED


def test_submitted_work_keeps_the_rest_when_the_notes_are_too_long(order, items, member):
    """As the API sends it: the answers and the time are saved, the notes stay as they were."""
    services.save_notes(order, member, "First note", None)

    with pytest.raises(ValidationError) as caught:
        services.submit_work(
            order, member, answers={items["Bins emptied"].pk: "pass"}, notes="x" * 5000, minutes_spent=25
        )

    assert caught.value.message_dict == {"notes": ["Notes may be at most 4000 characters long; these have 5000."]}
    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.notes, row.minutes_spent) == ("First note", 25)
    assert answers_of(order) == {"Bins emptied": (True, None, "")}


def test_the_order_page_refuses_longer_notes_and_keeps_them_typed(client, world, crew_member, signed_in):
    signed_in(crew_member)
    typed = "路面清扫完毕。" * 700  # 4,900 characters

    response = client.post(world.today.get_absolute_url(), work(world, notes=typed, minutes_spent="30"))

    assert response.status_code == 200
    assert response.context["form"].errors["notes"] == ["Ensure this value has at most 4000 characters (it has 4900)."]
    assert typed in body(response)
    row = WorkOrder.objects.get(pk=world.today.pk)
    assert (row.notes, row.minutes_spent) == ("", 30)
    assert 'maxlength="4000"' in body(client.get(world.today.get_absolute_url()))
