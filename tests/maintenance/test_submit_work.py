"""services.submit_work: the order page's answers, notes, time, photo and action as one
call, the errors named by field; nothing typed is lost, the action happens only when
everything was saved."""

import io

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maintenance import services
from maintenance.choices import ChecklistItemKind, OrderStatus
from maintenance.models import ChecklistItem, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture
def order():
    plan = PlanFactory(assets=[equipment()])
    ChecklistItem.objects.create(plan=plan, position=1, label="Bins emptied")
    ChecklistItem.objects.create(plan=plan, position=2, label="Litres", kind=ChecklistItemKind.NUMBER)
    services.generate_work_orders(today=TODAY, days=0)
    return WorkOrder.objects.get(plan=plan)


def items(order):
    return list(order.plan.checklist.order_by("position"))


def submit(order, by, **work):
    values = {"answers": {}, "notes": "", "minutes_spent": None} | work
    return services.submit_work(order, by, **values)


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("site.jpg", buffer.getvalue(), "image/jpeg")


def test_everything_saved_and_completed_in_one_call(order, crew_member):
    bins, litres = items(order)

    photo = submit(
        order,
        crew_member,
        answers={bins.pk: "pass", litres.pk: "12,5"},
        notes="All clean",
        minutes_spent=25,
        photo=jpeg(),
        action="complete",
    )

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.status, row.notes, row.minutes_spent) == (OrderStatus.DONE, "All clean", 25)
    assert [answer.value() for answer in row.answers.order_by("item__position")] == [True, 12.5]
    assert list(row.photos.all()) == [photo]


def test_a_bad_answer_is_named_the_good_ones_kept_and_the_action_not_done(order, crew_member):
    bins, litres = items(order)

    with pytest.raises(ValidationError) as caught:
        submit(order, crew_member, answers={bins.pk: "pass", litres.pk: "a dozen"}, notes="Kept", action="complete")

    assert caught.value.message_dict == {f"item-{litres.pk}": ["Litres: enter a number, e.g. 12.5."]}
    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.status, row.notes) == (OrderStatus.SCHEDULED, "Kept")
    assert [answer.item for answer in row.answers.all()] == [bins]


def test_a_refused_completion_names_the_missing_items(order, crew_member):
    bins, litres = items(order)

    with pytest.raises(ValidationError) as caught:
        submit(order, crew_member, answers={litres.pk: "3"}, action="complete")

    assert caught.value.message_dict == {
        NON_FIELD_ERRORS: ["Answer every required checklist item before completing: Bins emptied."],
        f"item-{bins.pk}": ["Required before completing."],
    }
    assert WorkOrder.objects.get(pk=order.pk).status == OrderStatus.SCHEDULED


def test_a_skip_without_a_reason_is_refused_on_the_reason(order, crew_member):
    with pytest.raises(ValidationError) as caught:
        submit(order, crew_member, action="skip", reason="  ")

    assert caught.value.message_dict == {
        NON_FIELD_ERRORS: ["Skipping a work order needs a reason."],
        "reason": ["Skipping a work order needs a reason."],
    }


def test_negative_minutes_and_a_bad_photo_are_named_and_the_notes_kept(order, crew_member):
    bad = SimpleUploadedFile("notes.txt", b"not a photo", "text/plain")

    with pytest.raises(ValidationError) as caught:
        submit(order, crew_member, notes="Typed on site", minutes_spent=-5, photo=bad, action="start")

    assert caught.value.message_dict == {
        "minutes_spent": ["Time spent cannot be negative."],
        "photo": ["notes.txt is not a photo Shouwei can read: take a JPEG or PNG picture."],
    }
    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.status, row.notes, row.minutes_spent, row.photos.count()) == (
        OrderStatus.SCHEDULED,
        "Typed on site",
        None,
        0,
    )


def test_a_closed_order_takes_nothing(order, crew_member):
    services.skip_work_order(order, crew_member, "Road closed")
    bins, _litres = items(order)

    with pytest.raises(services.TransitionError) as caught:
        submit(order, crew_member, answers={bins.pk: "pass"}, notes="Too late")

    assert caught.value.messages == ["This work order was skipped. Its checklist cannot be changed."]
    assert WorkOrder.objects.get(pk=order.pk).notes == ""
    assert not order.answers.exists()


def test_an_unknown_action_is_refused_before_anything_is_saved(order, crew_member):
    with pytest.raises(ValidationError) as caught:
        submit(order, crew_member, notes="Typed", action="delete")

    assert caught.value.message_dict == {NON_FIELD_ERRORS: ["Unknown action."]}
    assert WorkOrder.objects.get(pk=order.pk).notes == ""
