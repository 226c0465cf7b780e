"""save_answers: a crew member's checklist answers on site. Each kind is stored, numbers
as a phone types them; bad answers are named; a closed order's checklist stays as it was.
Every refusal leaves the rows exactly as they were."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maintenance import services
from maintenance.choices import OrderStatus
from maintenance.models import ChecklistAnswer, ChecklistItem, WorkOrder
from maintenance.services import TransitionError
from tests.maintenance.factories import TODAY, PlanFactory, at
from tests.maintenance.on_site import answers_of, close, refused, rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def test_answers_of_each_kind_are_stored(order, items, member):
    services.save_answers(
        order,
        member,
        {
            items["Bins emptied"].pk: "pass",
            items["Waste collected"].pk: " 12.5 ",
            items["Remarks"].pk: "  Two bins cracked  ",
            items["Lid closed"].pk: "fail",
        },
    )

    assert answers_of(order) == {
        "Bins emptied": (True, None, ""),
        "Waste collected": (None, Decimal("12.5"), ""),
        "Remarks": (None, None, "Two bins cracked"),
        "Lid closed": (False, None, ""),
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), ("7", Decimal("7")), ("-3,25", Decimal("-3.25"))],
)
def test_a_number_takes_a_comma_or_a_dot(order, items, member, typed, stored):
    services.save_answers(order, member, {items["Waste collected"].pk: typed})

    assert answers_of(order) == {"Waste collected": (None, stored, "")}


def test_an_empty_answer_is_stored_as_unanswered(order, items, member):
    services.save_answers(order, member, {items["Bins emptied"].pk: "", items["Waste collected"].pk: "  "})

    assert answers_of(order) == {"Bins emptied": (None, None, ""), "Waste collected": (None, None, "")}
    assert {item.label for item in services.unanswered_required_items(order)} == set(items)


def test_answering_again_replaces_the_answer(order, items, member, time_machine):
    services.save_answers(order, member, {items["Bins emptied"].pk: "fail", items["Waste collected"].pk: "3"})
    time_machine.move_to(at(TODAY, hour=10), tick=False)

    services.save_answers(order, member, {items["Bins emptied"].pk: "pass"})

    assert answers_of(order) == {"Bins emptied": (True, None, ""), "Waste collected": (None, Decimal("3"), "")}
    assert ChecklistAnswer.objects.filter(order=order).count() == 2
    assert WorkOrder.objects.get(pk=order.pk).updated == at(TODAY, hour=10)
    assert ChecklistAnswer.objects.get(order=order, item=items["Bins emptied"]).answered == at(TODAY, hour=10)


@pytest.mark.parametrize("typed", ["twelve", "12.5.1", "1,234.5", "NaN", "Infinity", "12 kg"])
def test_an_invalid_number_saves_nothing(order, items, member, typed):
    services.save_answers(order, member, {items["Remarks"].pk: "Earlier remark"})

    error = refused(
        services.save_answers,
        order,
        member,
        {
            items["Bins emptied"].pk: "pass",
            items["Waste collected"].pk: typed,
            items["Remarks"].pk: "Changed remark",
        },
        code=None,
    )

    # Keyed by item id, so that the page can put the message beside its field.
    assert error.message_dict == {str(items["Waste collected"].pk): ["Waste collected: enter a number, e.g. 12.5."]}
    assert answers_of(order) == {"Remarks": (None, None, "Earlier remark")}


def test_every_bad_answer_is_named(order, items, member):
    error = refused(
        services.save_answers,
        order,
        member,
        {items["Bins emptied"].pk: "maybe", items["Waste collected"].pk: "lots", items["Remarks"].pk: "ok"},
        code=None,
    )

    assert error.message_dict == {
        str(items["Bins emptied"].pk): ["Bins emptied: choose pass or fail."],
        str(items["Waste collected"].pk): ["Waste collected: enter a number, e.g. 12.5."],
    }


@pytest.mark.parametrize("typed", ["123456789012", "1e12"])
def test_a_number_too_large_for_the_column_is_refused_by_the_field(order, items, member, typed):
    from django.db import DataError

    before = rows()
    try:
        services.save_answers(order, member, {items["Bins emptied"].pk: "pass", items["Waste collected"].pk: typed})
    except ValidationError as error:
        assert list(error.message_dict) == [str(items["Waste collected"].pk)]
    except DataError:
        raise AssertionError("PostgreSQL refused the number: DataError instead of a ValidationError") from None
    else:
        raise AssertionError("a number too large for numeric(14, 3) was accepted")
    assert rows() == before


def test_unknown_items_and_other_plans_items_are_ignored(order, items, member, crew):
    elsewhere = ChecklistItem.objects.create(plan=PlanFactory(crew=crew), label="Someone else's item")

    services.save_answers(order, member, {items["Bins emptied"].pk: "pass", elsewhere.pk: "fail", 987654321: "pass"})

    assert answers_of(order) == {"Bins emptied": (True, None, "")}
    assert not ChecklistAnswer.objects.filter(item=elsewhere).exists()


@pytest.mark.parametrize("status", [OrderStatus.DONE, OrderStatus.SKIPPED, OrderStatus.CANCELLED])
def test_a_closed_orders_checklist_cannot_change(order, items, member, status):
    services.save_answers(order, member, {items["Bins emptied"].pk: "pass"})
    if status == OrderStatus.DONE:
        order = close(order, member)
    elif status == OrderStatus.SKIPPED:
        services.skip_work_order(order, member, "Road closed", today=TODAY)
    else:
        services.cancel_work_order(order, member)

    error = refused(
        services.save_answers,
        order,
        member,
        {items["Bins emptied"].pk: "fail"},
        code="transition",
        error=TransitionError,
    )

    assert error.messages[0].endswith("Its checklist cannot be changed.")
    assert answers_of(order) == {"Bins emptied": (True, None, "")}


def test_a_stale_copy_of_a_closed_order_cannot_be_answered(order, items, member):
    """The page loaded the order while it was open; a colleague completed it since: the
    status that counts is the database's, now (as for notes, reassignment, transitions)."""
    stale = WorkOrder.objects.get(pk=order.pk)
    close(order, member)

    error = refused(
        services.save_answers, stale, member, {items["Lid closed"].pk: "fail"}, code="transition", error=TransitionError
    )

    assert error.messages == ["This work order is already done. Its checklist cannot be changed."]
