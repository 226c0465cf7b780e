"""A work order's page and its form: the work shown, answers, notes and time saved, every
bad input shown back with the rest kept, and the start, complete and skip buttons.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import pytest
from django.urls import reverse

from maintenance.choices import OrderStatus
from maintenance.models import ChecklistAnswer, WorkOrder
from tests.maintenance.crew_pages import answers_of, work
from tests.pages import body, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_order_page_shows_the_work(client, world, crew_member, signed_in):
    world.plan.instructions = "Sweep both sides, empty the bins."
    world.plan.save()
    signed_in(crew_member)
    page = body(client.get(world.today.get_absolute_url()))
    for text in [
        "皇城路一段",
        "RD-01",
        "皇城路",
        "Daily sweeping",
        "Cleaning",
        "Sweep both sides",
        "2026-09-28",
        "08:30",
    ]:
        assert text in page, text
    # Navigation: the phone's map app, and AMap told that the coordinates are GPS ones.
    assert 'href="geo:28.900000,120.0525' in page
    assert "https://uri.amap.com/marker?position=120.0525" in page
    assert "coordinate=wgs84" in page
    # One form: big pass/fail choices, numbers with their unit, the camera.
    assert f'type="radio" id="id_item-{world.litter.pk}-pass" name="item-{world.litter.pk}" value="pass"' in page
    assert f'inputmode="decimal" autocomplete="off" id="id_item-{world.rubbish.pk}"' in page
    assert '<span class="unit">kg</span>' in page
    assert 'type="file" name="photo" accept="image/*" capture="environment"' in page
    for action in ["save", "start", "complete", "skip"]:
        assert f'name="action" value="{action}"' in page
    assert f'data-order="{world.today.pk}"' in page and f'data-version="{world.today.updated.isoformat()}"' in page
    assert "/static/js/orders.js" in page


def test_the_order_page_runs_few_queries(client, world, crew_member, django_assert_num_queries, signed_in):
    signed_in(crew_member)
    # session, user, the order (+ plan, task type, asset, zone, road, crew, assignee, closed by),
    # permissions, group permissions, checklist, answers (+ items), may work on it (crew
    # membership), leads the crew, photos
    with django_assert_num_queries(10):
        assert client.get(world.today.get_absolute_url()).status_code == 200


def test_save_keeps_answers_notes_and_time(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(
        world.today.get_absolute_url(),
        work(world, **{f"item-{world.remarks.pk}": "Bins full", "notes": "Leaves", "minutes_spent": "25"}),
    )
    assert response.status_code == 302 and response.url == world.today.get_absolute_url()
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert answers_of(order) == {"Litter picked": True, "Rubbish collected": 12.5, "Remarks": "Bins full"}
    assert (order.notes, order.minutes_spent, order.status) == ("Leaves", 25, OrderStatus.SCHEDULED)
    page = client.get(order.get_absolute_url())
    assert messages_of(page) == ["Saved."]
    html = body(page)
    assert f'name="item-{world.litter.pk}" value="pass" checked' in html
    assert f'name="item-{world.rubbish.pk}" value="12.5"' in html
    assert "Bins full</textarea>" in html


def test_an_untouched_item_writes_nothing(client, world, crew_member, signed_in):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), work(world, **{f"item-{world.litter.pk}": None}))
    assert answers_of(world.today) == {"Rubbish collected": 12.5}


def test_a_bad_number_is_shown_as_typed_and_the_rest_is_saved(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(
        world.today.get_absolute_url(),
        work(world, "complete", **{f"item-{world.rubbish.pk}": "twelve", "notes": "Half done"}),
    )
    assert response.status_code == 200
    html = body(response)
    assert "Rubbish collected: enter a number, e.g. 12.5." in html
    assert f'name="item-{world.rubbish.pk}" value="twelve"' in html
    assert messages_of(response) == [
        "Not everything could be saved: see the marked fields. What could be saved is saved. "
        "The work order was not changed: press the button again."
    ]
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert answers_of(order) == {"Litter picked": True}
    assert order.notes == "Half done"
    assert order.status == OrderStatus.SCHEDULED  # the action waits for the fix


def test_a_number_too_large_is_a_field_error_not_a_server_error(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(world.today.get_absolute_url(), work(world, **{f"item-{world.rubbish.pk}": "1e12"}))
    assert response.status_code == 200
    assert f'name="item-{world.rubbish.pk}" value="1e12"' in body(response)
    assert 'class="check has-errors" id="check-' in body(response)
    assert answers_of(world.today) == {"Litter picked": True}


def test_a_number_rounding_past_the_limit_is_a_field_error(client, world, crew_member, signed_in):
    signed_in(crew_member)
    typed = "99999999999.9999"  # under 10^11, but stored with three decimals it is not
    response = client.post(world.today.get_absolute_url(), work(world, **{f"item-{world.rubbish.pk}": typed}))
    assert response.status_code == 200
    assert f'name="item-{world.rubbish.pk}" value="{typed}"' in body(response)
    assert answers_of(world.today) == {"Litter picked": True}


def test_a_vanishingly_small_number_is_stored_as_zero(client, world, crew_member, signed_in):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), work(world, **{f"item-{world.rubbish.pk}": "1e-99999"}))
    assert answers_of(world.today)["Rubbish collected"] == 0


def test_a_refused_answer_leaves_the_saved_one(client, world, crew_member, signed_in):
    signed_in(crew_member)
    url = world.today.get_absolute_url()
    client.post(url, work(world, **{f"item-{world.remarks.pk}": "Bench broken"}))
    response = client.post(url, work(world, **{f"item-{world.remarks.pk}": "Bench\x00 fixed"}))
    assert response.status_code == 200
    assert answers_of(world.today)["Remarks"] == "Bench broken"


def test_negative_minutes_are_refused_and_the_rest_is_saved(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(world.today.get_absolute_url(), work(world, notes="Swept", minutes_spent="-5"))
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in body(response)
    assert 'value="-5"' in body(response)
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert (order.notes, order.minutes_spent) == ("Swept", None)
    assert answers_of(order) == {"Litter picked": True, "Rubbish collected": 12.5}


def test_start(client, world, crew_member, signed_in):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), work(world, "start"))
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert order.status == OrderStatus.IN_PROGRESS and order.assignee == crew_member
    assert 'value="start"' not in body(client.get(order.get_absolute_url()))


def test_completion_is_refused_until_the_required_items_are_answered(client, world, crew_member, signed_in):
    signed_in(crew_member)
    url = world.today.get_absolute_url()
    response = client.post(
        url, work(world, "complete", **{f"item-{world.litter.pk}": None, f"item-{world.rubbish.pk}": ""})
    )
    assert response.status_code == 200
    assert messages_of(response) == [
        "Answer every required checklist item before completing: Litter picked, Rubbish collected."
    ]
    assert body(response).count("Required before completing.") == 2
    assert WorkOrder.objects.get(pk=world.today.pk).status == OrderStatus.SCHEDULED
    # The optional remark is not needed.
    response = client.post(url, work(world, "complete"), follow=True)
    assert response.redirect_chain == [(reverse("today"), 302)]
    assert messages_of(response) == ["皇城路一段 RD-01: done."]
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert (order.status, order.closed_by) == (OrderStatus.DONE, crew_member)
    assert answers_of(order) == {"Litter picked": True, "Rubbish collected": 12.5}


def test_skipping_needs_a_reason(client, world, crew_member, signed_in):
    signed_in(crew_member)
    url = world.today.get_absolute_url()
    response = client.post(url, work(world, "skip", reason="  "))
    assert response.status_code == 200
    assert messages_of(response) == ["Skipping a work order needs a reason."]
    assert '<details class="skip open-errors" open>' in body(response)
    assert WorkOrder.objects.get(pk=world.today.pk).status == OrderStatus.SCHEDULED
    client.post(url, work(world, "skip", reason="Road dug up by the water company"))
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert (order.status, order.skip_reason) == (OrderStatus.SKIPPED, "Road dug up by the water company")


def test_a_closed_order_is_read_only(client, world, crew_member, signed_in):
    ChecklistAnswer.objects.create(order=world.done, item=world.litter, passed=False)
    ChecklistAnswer.objects.create(order=world.done, item=world.rubbish, number="4.250")
    signed_in(crew_member)
    html = body(client.get(world.done.get_absolute_url()))
    assert 'id="order-form"' not in html and 'name="action"' not in html
    assert "✗ Fail" in html and "4.25 kg" in html
    before = list(WorkOrder.objects.filter(pk=world.done.pk).values()), list(ChecklistAnswer.objects.values())
    response = client.post(world.done.get_absolute_url(), work(world, "complete", notes="Again"))
    assert response.status_code == 200
    assert messages_of(response) == ["This work order is already done. Its checklist cannot be changed."]
    after = list(WorkOrder.objects.filter(pk=world.done.pk).values()), list(ChecklistAnswer.objects.values())
    assert after == before


def test_get_is_the_only_other_method(client, world, crew_member, signed_in):
    signed_in(crew_member)
    assert client.put(world.today.get_absolute_url()).status_code == 405
    assert client.get(reverse("order-reassign", args=[world.today.pk])).status_code == 405
    assert client.get(reverse("crew-calendar-reset", args=[world.crew.pk])).status_code == 405
