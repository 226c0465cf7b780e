"""The plan form: preview, save, edit, and every bad input shown back with what was typed
and nothing saved.

Time is frozen on Monday 2 March 2026, 09:00 in the zone.
"""

import datetime

import pytest
from django.urls import reverse

from assets.choices import AssetKind, AssetStatus
from maintenance import services
from maintenance.choices import CalendarPolicy, ChecklistItemKind, NonWorkingDayRule, OrderStatus, PlanMode
from maintenance.models import ChecklistItem, Plan, WorkOrder
from tests.factories import AssetFactory, ZoneFactory
from tests.maintenance.plan_pages import TODAY
from tests.pages import body, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]


def form_data(crew, cleaning, **overrides) -> dict:
    """What a planner types into the new-plan form, with one checklist item."""
    data = {
        "name": "Weekly cleaning of the landscapes",
        "task_type": cleaning.pk,
        "crew": crew.pk,
        "instructions": "Sweep, wipe the benches.",
        "estimated_minutes": "30",
        "target_mode": "assets",
        "asset_codes": "",
        "target_kind": "",
        "target_zone": "",
        "mode": PlanMode.FIXED,
        "rule_raw": "on",  # the rule typed by hand; the builder's tests are in test_rule_builder_form
        "rrule": "FREQ=WEEKLY;BYDAY=MO,TH",
        "start": TODAY.isoformat(),
        "due_time": "08:30",
        "calendar": CalendarPolicy.EVERY_DAY,
        "non_working": NonWorkingDayRule.NEXT,
        "meter": "",
        "meter_interval": "",
        "horizon_days": "14",
        "checklist-TOTAL_FORMS": "3",
        "checklist-INITIAL_FORMS": "0",
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "1000",
        "checklist-0-position": "",
        "checklist-0-label": "Benches wiped",
        "checklist-0-kind": ChecklistItemKind.PASS_FAIL,
        "checklist-0-unit": "",
        "checklist-0-required": "on",
        "checklist-1-position": "",
        "checklist-1-label": "Rubbish collected",
        "checklist-1-kind": ChecklistItemKind.NUMBER,
        "checklist-1-unit": "kg",
        "checklist-1-required": "",
        "checklist-2-position": "",
        "checklist-2-label": "",
        "checklist-2-kind": ChecklistItemKind.PASS_FAIL,
        "checklist-2-unit": "",
        "checklist-2-required": "on",
        "save": "1",
    }
    data.update(overrides)
    return data


def test_new_plan_form_renders(client, manager, signed_in):
    signed_in(manager)
    response = client.get(reverse("plan-create"))
    assert response.status_code == 200
    page = body(response)
    assert 'name="asset_codes"' in page and 'name="checklist-0-label"' in page
    assert 'name="preview"' in page and 'name="save"' in page


def test_preview_shows_dates_and_saves_nothing(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = form_data(crew, cleaning, asset_codes=asset.code, preview="1")
    del data["save"]
    response = client.post(reverse("plan-create"), data)
    assert response.status_code == 200
    assert Plan.objects.count() == 0 and ChecklistItem.objects.count() == 0 and WorkOrder.objects.count() == 0
    dues = [date.due for date in response.context["preview"]]
    assert dues[:4] == [datetime.date(2026, 3, 2), datetime.date(2026, 3, 5), datetime.date(2026, 3, 9),
                        datetime.date(2026, 3, 12)]  # fmt: skip
    assert len(dues) == 10
    page = body(response)
    assert "Weekly cleaning of the landscapes" in page and "Benches wiped" in page and asset.code in page


def test_preview_of_an_edit_changes_nothing(client, manager, plan, cleaning, signed_in):
    signed_in(manager)
    before = (list(Plan.objects.values()), list(WorkOrder.objects.order_by("pk").values()))
    data = form_data(plan.crew, cleaning, name="Renamed", asset_codes="RD-01", rrule="FREQ=WEEKLY", preview="1")
    del data["save"]
    response = client.post(reverse("plan-edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert [date.due.weekday() for date in response.context["preview"]] == [0] * 10
    assert (list(Plan.objects.values()), list(WorkOrder.objects.order_by("pk").values())) == before


def test_save_creates_the_plan_its_checklist_and_assets_and_generates(client, manager, crew, cleaning, signed_in):
    roads = [AssetFactory(kind=AssetKind.ROAD_SEGMENT, code=f"RD-{n}") for n in range(3)]
    signed_in(manager)
    response = client.post(
        reverse("plan-create"), form_data(crew, cleaning, asset_codes="RD-0, RD-1\nRD-2 RD-1"), follow=True
    )
    plan = Plan.objects.get()
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert set(plan.assets.all()) == set(roads)
    assert [(item.position, item.label, item.kind, item.unit, item.required) for item in plan.checklist.all()] == [
        (1, "Benches wiped", ChecklistItemKind.PASS_FAIL, "", True),
        (2, "Rubbish collected", ChecklistItemKind.NUMBER, "kg", False),
    ]
    assert plan.due_time == datetime.time(8, 30)
    # Mondays and Thursdays within 14 days: 2, 5, 9, 12, 16 March, for three roads.
    orders = WorkOrder.objects.filter(plan=plan)
    assert orders.count() == 15
    assert sorted({order.due.day for order in orders}) == [2, 5, 9, 12, 16]
    assert messages_of(response) == [
        "The plan was created. Work orders created: 15 (provisional: 0); plans: 1; targets joined: 3, left: 0; "
        "provisional orders recomputed: 0."
    ]


def test_save_a_match_plan(client, manager, crew, cleaning, signed_in):
    zone = ZoneFactory()
    AssetFactory(kind=AssetKind.GREEN_SPACE, zone=zone)
    AssetFactory(kind=AssetKind.GREEN_SPACE, zone=zone)
    AssetFactory(kind=AssetKind.GREEN_SPACE)  # another zone
    signed_in(manager)
    data = form_data(
        crew, cleaning, target_mode="match", target_kind=AssetKind.GREEN_SPACE, target_zone=zone.pk,
        asset_codes="", rrule="FREQ=DAILY",
    )  # fmt: skip
    client.post(reverse("plan-create"), data)
    plan = Plan.objects.get()
    assert plan.targets.filter(active=True).count() == 2
    assert WorkOrder.objects.filter(plan=plan).count() == 2 * 15


def test_edit_rewrites_future_orders_and_keeps_touched_ones(client, manager, plan, cleaning, signed_in):
    first = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    services.skip_work_order(first, manager, "Road closed")
    signed_in(manager)
    data = form_data(
        plan.crew, cleaning, name=plan.name, asset_codes="RD-01", rrule="FREQ=WEEKLY;BYDAY=WE",
        **{"checklist-INITIAL_FORMS": "0"},
    )  # fmt: skip
    response = client.post(reverse("plan-edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.rrule == "FREQ=WEEKLY;BYDAY=WE"
    open_dues = list(
        WorkOrder.objects.filter(plan=plan, status=OrderStatus.SCHEDULED).order_by("due").values_list("due", flat=True)
    )
    assert open_dues == [datetime.date(2026, 3, 4), datetime.date(2026, 3, 11)]  # Wednesdays, within 14 days
    first.refresh_from_db()
    assert first.status == OrderStatus.SKIPPED


def test_edit_form_shows_the_plans_asset_codes_and_checklist(client, manager, plan, signed_in):
    signed_in(manager)
    page = body(client.get(reverse("plan-edit", args=[plan.pk])))
    assert "RD-01" in page and "Litter picked" in page


def test_edit_can_delete_a_checklist_item(client, manager, plan, cleaning, signed_in):
    item = plan.checklist.get()
    signed_in(manager)
    data = form_data(
        plan.crew, cleaning, asset_codes="RD-01",
        **{
            "checklist-TOTAL_FORMS": "1", "checklist-INITIAL_FORMS": "1", "checklist-0-id": item.pk,
            "checklist-0-plan": plan.pk, "checklist-0-position": "1", "checklist-0-label": item.label,
            "checklist-0-kind": item.kind, "checklist-0-required": "on", "checklist-0-DELETE": "on",
        },
    )  # fmt: skip
    assert client.post(reverse("plan-edit", args=[plan.pk]), data).status_code == 302
    assert not plan.checklist.exists()


# case: (what is typed, the field in error, something typed that must still be on the
# page, the error shown)
BAD_INPUTS = {
    "bad rule": ({"rrule": "FREQ=HOURLY"}, "rrule", "FREQ=HOURLY", "FREQ must be DAILY"),
    "unsupported rule part": (
        {"rrule": "FREQ=DAILY;BYHOUR=3"},
        "rrule",
        "FREQ=DAILY;BYHOUR=3",
        "BYHOUR is not supported",
    ),
    "no rule": ({"rrule": ""}, "rrule", "", "needs a recurrence rule"),
    "meter plan without meter": (
        {"mode": PlanMode.METER, "rrule": "", "meter_interval": "250"},
        "meter",
        "250",
        "A meter plan needs a meter.",
    ),
    "match without kind": (
        {"target_mode": "match", "asset_codes": ""},
        "target_kind",
        'value="match" selected',
        "Choose the kind",
    ),
    "unknown codes": (
        {"asset_codes": "RD-01 NOPE-1, NOPE-2"},
        "asset_codes",
        "RD-01 NOPE-1, NOPE-2</textarea>",
        "No asset has these codes: NOPE-1, NOPE-2",
    ),
    "no assets": ({"asset_codes": " "}, "asset_codes", "Weekly cleaning", "Enter the codes of the assets"),
    "horizon 0": ({"horizon_days": "0"}, "horizon_days", 'value="0"', "greater than or equal to 1"),
    "checklist item without label": ({"checklist-2-unit": "kg"}, None, "Benches wiped", "This field is required"),
}


@pytest.mark.parametrize("button", ["save", "preview"])
@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_keeps_what_was_typed_and_saves_nothing(
    client, manager, crew, cleaning, asset, case, button, signed_in
):
    overrides, field, typed, error = BAD_INPUTS[case]
    signed_in(manager)
    data = form_data(crew, cleaning, **{"asset_codes": asset.code, **overrides})
    if button == "preview":
        del data["save"]
        data["preview"] = "1"
    response = client.post(reverse("plan-create"), data)
    assert response.status_code == 200
    assert Plan.objects.count() == 0 and ChecklistItem.objects.count() == 0 and WorkOrder.objects.count() == 0
    page = body(response)
    assert error in page
    assert "nothing has been saved" in page
    assert typed in page
    assert "Weekly cleaning of the landscapes" in page and "Sweep, wipe the benches." in page
    if field:
        assert len(response.context["form"].errors[field]) == 1  # said once, not twice
    assert response.context["preview"] is None


def test_retired_assets_cannot_be_chosen(client, manager, crew, cleaning, signed_in):
    AssetFactory(code="OLD-1", status=AssetStatus.RETIRED)
    signed_in(manager)
    response = client.post(reverse("plan-create"), form_data(crew, cleaning, asset_codes="OLD-1"))
    assert "These assets are retired and cannot be maintained: OLD-1." in body(response)
    assert not Plan.objects.exists()


def test_a_bad_edit_changes_nothing(client, manager, plan, cleaning, signed_in):
    signed_in(manager)
    before = (list(Plan.objects.values()), list(WorkOrder.objects.order_by("pk").values()))
    data = form_data(plan.crew, cleaning, name="Renamed", asset_codes="RD-01", rrule="FREQ=DAILY;INTERVAL=0")
    response = client.post(reverse("plan-edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "INTERVAL must be a whole number from 1 to 10000." in body(response)
    assert (list(Plan.objects.values()), list(WorkOrder.objects.order_by("pk").values())) == before


def test_a_checklist_item_with_no_room_after_the_last_position_is_a_field_error(
    client, manager, crew, cleaning, signed_in
):
    AssetFactory(code="RD-77")
    signed_in(manager)
    data = form_data(crew, cleaning, asset_codes="RD-77", **{"checklist-0-position": "32767"})
    data.update({"checklist-1-label": "Bins emptied", "checklist-1-kind": "pass_fail"})
    response = client.post(reverse("plan-create"), data)
    assert response.status_code == 200
    assert "the ones after 32767 are taken" in body(response)
    assert not Plan.objects.exists()
