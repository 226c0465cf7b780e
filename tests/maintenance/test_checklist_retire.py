"""An answered checklist item, in the plan form and in the admin: its label, kind and
unit are refused a change (retire it and add a new one); deleting it retires it, which
the planner is told. An item never answered is changed or deleted as before.

Time is frozen on Monday 2 March 2026, 09:00 in the zone.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from maintenance import services
from maintenance.choices import ChecklistItemKind, OrderStatus
from maintenance.models import ChecklistAnswer, ChecklistItem, WorkOrder
from tests.maintenance.plan_pages import TODAY
from tests.maintenance.test_plan_form import form_data
from tests.pages import body, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english"), pytest.mark.today(TODAY)]

REFUSED = (
    "“Litter picked” already has answers, so its label, type of answer and unit cannot change: "
    "retire it and add a new one."
)
RETIRED = (
    "Retired rather than deleted, as work orders answered them: “Litter picked”. They are no longer asked; "
    "the orders that answered them still show them."
)


@pytest.fixture
def item(plan):
    return plan.checklist.get()


@pytest.fixture
def done(plan, item, crew_member):
    """Today's order of the plan, its item answered and the order done."""
    order = WorkOrder.objects.get(plan=plan, due=TODAY)
    services.save_answers(order, crew_member, {item.pk: "pass"})
    return services.complete_work_order(order, crew_member, today=TODAY)


def row(item, **typed) -> dict:
    values = {
        "id": item.pk, "plan": item.plan_id, "position": item.position, "label": item.label, "kind": item.kind,
        "unit": item.unit, "required": "on" if item.required else "", **typed,
    }  # fmt: skip
    return {f"checklist-0-{name}": value for name, value in values.items()}


def edit(client, plan, cleaning, item, **typed):
    """The plan form posted as it was shown, with ``typed`` into the item's row."""
    data = form_data(
        plan.crew, cleaning, name=plan.name, asset_codes="RD-01", rrule="FREQ=DAILY",
        **{"checklist-TOTAL_FORMS": "1", "checklist-INITIAL_FORMS": "1", **row(item, **typed)},
    )  # fmt: skip
    return client.post(reverse("plan-edit", args=[plan.pk]), data, follow=True)


def stored(item) -> tuple:
    return ChecklistItem.objects.filter(pk=item.pk).values_list("label", "kind", "unit", "retired").first()


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"label": "Litter and leaves picked"}, "label"),
        ({"kind": ChecklistItemKind.NUMBER}, "kind"),
        ({"unit": "bags"}, "unit"),
    ],
    ids=["relabel", "retype", "new-unit"],
)
def test_the_plan_form_refuses_to_change_an_answered_item(client, manager, plan, cleaning, item, done, signed_in,
                                                          typed, field):  # fmt: skip
    signed_in(manager)

    response = edit(client, plan, cleaning, item, **typed)

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors == {field: [REFUSED]}
    assert escape(REFUSED) in body(response)
    assert stored(item) == ("Litter picked", ChecklistItemKind.PASS_FAIL, "", False)


def test_the_plan_form_changes_an_item_never_answered(client, manager, plan, cleaning, item, signed_in):
    """An answer typed and cleared again does not count."""
    order = WorkOrder.objects.get(plan=plan, due=TODAY)
    services.save_answers(order, manager, {item.pk: "pass"})
    services.save_answers(order, manager, {item.pk: ""})
    signed_in(manager)

    response = edit(client, plan, cleaning, item, label="Litter and leaves picked", kind=ChecklistItemKind.NUMBER)

    assert response.redirect_chain == [(plan.get_absolute_url(), 302)]
    assert stored(item) == ("Litter and leaves picked", ChecklistItemKind.NUMBER, "", False)


def test_deleting_an_answered_item_in_the_plan_form_retires_it(client, manager, plan, cleaning, item, done,
                                                                signed_in):  # fmt: skip
    signed_in(manager)

    response = edit(client, plan, cleaning, item, DELETE="on")

    assert response.redirect_chain == [(plan.get_absolute_url(), 302)]
    assert messages_of(response)[1:] == [RETIRED]
    assert stored(item) == ("Litter picked", ChecklistItemKind.PASS_FAIL, "", True)
    # Out of the plan form and of the open orders; still on the order that answered it.
    assert 'value="Litter picked"' not in body(client.get(reverse("plan-edit", args=[plan.pk])))
    tomorrow = WorkOrder.objects.get(plan=plan, due=TODAY.replace(day=3))
    assert list(tomorrow.checklist_items()) == []
    assert "<dt>Litter picked</dt>" in body(client.get(done.get_absolute_url()))


def test_deleting_an_item_never_answered_deletes_it(client, manager, plan, cleaning, item, signed_in):
    order = WorkOrder.objects.get(plan=plan, due=TODAY)
    services.save_answers(order, manager, {item.pk: "fail"})
    services.save_answers(order, manager, {item.pk: ""})
    signed_in(manager)

    response = edit(client, plan, cleaning, item, DELETE="on")

    assert response.redirect_chain == [(plan.get_absolute_url(), 302)]
    assert len(messages_of(response)) == 1
    assert (ChecklistItem.objects.filter(pk=item.pk).exists(), ChecklistAnswer.objects.exists()) == (False, False)


# --- The admin's checklist inline --------------------------------------------------------


def admin_edit(client, plan, item, **typed):
    data = {
        "name": plan.name, "task_type": plan.task_type_id, "crew": plan.crew_id, "instructions": "",
        "estimated_minutes": "", "target_mode": "assets", "assets": ",".join(str(pk) for pk in
                                                                              plan.assets.values_list("pk", flat=True)),
        "target_kind": "", "target_zone": "", "mode": plan.mode, "rrule": plan.rrule, "start": plan.start.isoformat(),
        "due_time": "", "calendar": plan.calendar, "non_working": plan.non_working, "meter": "",
        "meter_interval": "", "horizon_days": str(plan.horizon_days),
        "checklist-TOTAL_FORMS": "1", "checklist-INITIAL_FORMS": "1", "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "1000", "checklist-0-retired": "on" if item.retired else "",
        **row(item, **typed),
    }  # fmt: skip
    return client.post(reverse("admin:maintenance_plan_change", args=[plan.pk]), data, follow=True)


def test_the_admin_refuses_to_relabel_an_answered_item(admin_client, plan, item, done):
    response = admin_edit(admin_client, plan, item, label="Litter and leaves picked")

    assert response.status_code == 200
    assert escape(REFUSED) in body(response)
    assert stored(item) == ("Litter picked", ChecklistItemKind.PASS_FAIL, "", False)


def test_deleting_an_answered_item_in_the_admin_retires_it_and_it_can_come_back(admin_client, plan, item, done):
    response = admin_edit(admin_client, plan, item, DELETE="on")

    assert response.redirect_chain[-1] == (reverse("admin:maintenance_plan_changelist"), 302)
    assert RETIRED in messages_of(response)
    assert stored(item) == ("Litter picked", ChecklistItemKind.PASS_FAIL, "", True)

    item.refresh_from_db()
    admin_edit(admin_client, plan, item, retired="")

    assert stored(item) == ("Litter picked", ChecklistItemKind.PASS_FAIL, "", False)
    tomorrow = WorkOrder.objects.get(plan=plan, due=TODAY.replace(day=3))
    assert list(tomorrow.checklist_items()) == [item]
    assert WorkOrder.objects.get(pk=done.pk).status == OrderStatus.DONE
