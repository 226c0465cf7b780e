"""What done orders show of their checklist does not change with the checklist: each
answer keeps the label, kind and unit it was given under; a retired item is asked no
more, is not required any more, and stays on the orders that answered it."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from maintenance import services
from maintenance.choices import ChecklistItemKind
from maintenance.models import ChecklistAnswer, ChecklistItem, WorkOrder
from tests.maintenance.factories import TODAY
from tests.maintenance.on_site import order_on
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

backfill = importlib.import_module("maintenance.migrations.0006_checklist_answer_snapshots").backfill


def snapshots(order) -> dict:
    return {
        answer.item_id: (answer.label, answer.kind, answer.unit)
        for answer in ChecklistAnswer.objects.filter(order=order)
    }


def test_an_answer_keeps_the_item_as_it_was_given_under(order, items, member):
    waste, bins = items["Waste collected"], items["Bins emptied"]

    services.save_answers(order, member, {waste.pk: "12,5", bins.pk: "pass"})

    assert snapshots(order) == {
        waste.pk: ("Waste collected", ChecklistItemKind.NUMBER, "kg"),
        bins.pk: ("Bins emptied", ChecklistItemKind.PASS_FAIL, ""),
    }


def test_a_cleared_answer_given_again_takes_the_item_as_it_is_now(order, items, member):
    """An answer typed and cleared is no answer: its item may still be renamed."""
    remarks = items["Remarks"]
    services.save_answers(order, member, {remarks.pk: "Windy"})
    services.save_answers(order, member, {remarks.pk: ""})
    ChecklistItem.objects.filter(pk=remarks.pk).update(label="Remarks on the bins")

    services.save_answers(order, member, {remarks.pk: "Calm"})

    assert snapshots(order) == {remarks.pk: ("Remarks on the bins", ChecklistItemKind.TEXT, "")}


def test_the_order_page_shows_each_answer_as_it_was_given(client, order, items, member, signed_in):
    """Even when the item changed since (as before this rule, by an edit in the database)."""
    waste = items["Waste collected"]
    typed = {"Bins emptied": "pass", "Waste collected": "12,5", "Remarks": "ok", "Lid closed": "pass"}
    services.save_answers(order, member, {items[label].pk: text for label, text in typed.items()})
    services.complete_work_order(order, member, today=TODAY)
    ChecklistItem.objects.filter(pk=waste.pk).update(label="Water used", unit="L")

    page = body(signed_in(member).get(order.get_absolute_url()))

    assert "<dt>Waste collected</dt><dd>12.5 kg\n" in page
    assert "Water used" not in page and "12.5 L" not in page


def test_a_retired_item_is_no_longer_asked_nor_required(order, items, member, bins_plan, litter_bin):
    lid = items["Lid closed"]
    answered = order_on(bins_plan, litter_bin, TODAY.replace(day=27))
    services.save_answers(answered, member, {lid.pk: "fail"})
    ChecklistItem.objects.filter(pk=lid.pk).update(retired=True)
    answers = {items["Bins emptied"].pk: "pass", items["Waste collected"].pk: "3", items["Remarks"].pk: "ok"}
    services.save_answers(order, member, {**answers, lid.pk: "pass"})  # sent by a page loaded before

    assert list(order.checklist_items()) == [items["Bins emptied"], items["Waste collected"], items["Remarks"]]
    assert services.unanswered_required_items(order) == []
    assert not ChecklistAnswer.objects.filter(order=order, item=lid).exists()
    services.complete_work_order(order, member, today=TODAY)
    assert WorkOrder.objects.get(pk=order.pk).status == "done"
    # The order that answered it still asks it, and shows its answer.
    assert list(answered.checklist_items()) == list(items.values())


def test_the_order_that_answered_a_retired_item_still_shows_it(client, order, items, member, signed_in):
    lid = items["Lid closed"]
    services.save_answers(order, member, {lid.pk: "fail"})
    ChecklistItem.objects.filter(pk=lid.pk).update(retired=True)
    client = signed_in(member)

    page = body(client.get(order.get_absolute_url()))
    services.cancel_work_order(order, member)
    closed = body(client.get(order.get_absolute_url()))

    assert f'name="item-{lid.pk}"' in page
    assert '<dt>Lid closed</dt><dd><span class="badge overdue">✗ Fail</span>' in closed


def test_the_migration_fills_the_existing_answers_from_their_items(order, items, member):
    services.save_answers(order, member, {items["Waste collected"].pk: "4", items["Remarks"].pk: "ok"})
    ChecklistAnswer.objects.update(label="", kind="", unit="")  # as the columns were added

    backfill(apps, None)

    assert snapshots(order) == {
        items["Waste collected"].pk: ("Waste collected", ChecklistItemKind.NUMBER, "kg"),
        items["Remarks"].pk: ("Remarks", ChecklistItemKind.TEXT, ""),
    }
    assert ChecklistAnswer.objects.get(item=items["Waste collected"]).value() == Decimal("4")
