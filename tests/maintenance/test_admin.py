"""The maintenance admin: work orders change only through the workflows, actions need the
change permission, managers can staff crews, a plan may have thousands of chosen assets."""

import pytest
from django.urls import reverse

from assets.models import Asset
from maintenance import services
from maintenance.choices import OrderStatus
from maintenance.models import Crew, Plan, TaskType, WorkOrder
from tests.factories import DepartmentFactory, ZoneFactory
from tests.maintenance.factories import TODAY, CrewFactory, PlanFactory, equipment, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_a_work_order_is_read_only_in_the_admin(admin_client, outsider, crew_member):
    plan = PlanFactory(assets=[equipment()])
    services.generate_work_orders(today=TODAY)
    order = WorkOrder.objects.get(plan=plan, due=TODAY)
    services.complete_work_order(order, crew_member, notes="Done, bins emptied", today=TODAY)
    url = reverse("admin:maintenance_workorder_change", args=[order.pk])
    page = admin_client.get(url).content.decode()
    for field in ["assignee", "due_time", "notes", "minutes_spent"]:
        assert f'name="{field}"' not in page, field
    # Posted anyway: nothing changes (the order page, reassigning and moving keep the rules).
    admin_client.post(url, {"assignee": outsider.pk, "due_time": "14:00:00", "notes": "rewritten"})
    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.assignee_id, row.due_time, row.notes) == (None, order.due_time, "Done, bins emptied")


def test_a_manager_finds_users_to_put_in_a_crew(client, manager):
    crew = CrewFactory()
    member_of(crew, "sweeper")
    client.force_login(manager)
    assert client.get(reverse("admin:maintenance_crew_change", args=[crew.pk])).status_code == 200
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "maintenance", "model_name": "crewmembership", "field_name": "user", "term": "swe"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["sweeper"]


def test_staff_who_may_only_view_cannot_run_the_actions(client, inspector):
    inspector.is_staff = True
    inspector.save()
    plan = PlanFactory(assets=[equipment()])
    services.generate_work_orders(today=TODAY)
    order = WorkOrder.objects.get(plan=plan, due=TODAY)
    token = plan.crew.calendar_token
    client.force_login(inspector)
    for model, action, pk in [
        ("plan", "pause", plan.pk),
        ("plan", "generate_now", plan.pk),
        ("crew", "reset_calendar", plan.crew.pk),
        ("workorder", "cancel", order.pk),
    ]:
        client.post(reverse(f"admin:maintenance_{model}_changelist"), {"action": action, "_selected_action": [pk]})
    assert not Plan.objects.get(pk=plan.pk).paused
    assert Crew.objects.get(pk=plan.crew.pk).calendar_token == token
    assert WorkOrder.objects.get(pk=order.pk).status == OrderStatus.SCHEDULED


def test_a_plan_of_a_thousand_chosen_assets_is_saved(admin_client):
    department, zone = DepartmentFactory(), ZoneFactory()
    Asset.objects.bulk_create(
        Asset(
            code=f"BIN-{n:04d}",
            name=f"垃圾桶{n}",
            kind="equipment",
            department=department,
            zone=zone,
            geometry={"type": "Point", "coordinates": [120.05, 28.9]},
            min_lon=120.05,
            max_lon=120.05,
            min_lat=28.9,
            max_lat=28.9,
        )  # fmt: skip
        for n in range(1000)
    )
    data = {
        "name": "Empty the litter bins", "task_type": TaskType.objects.get(code="cleaning").pk,
        "crew": CrewFactory().pk, "instructions": "", "estimated_minutes": "",
        "target_mode": "assets", "assets": ",".join(str(pk) for pk in Asset.objects.values_list("pk", flat=True)),
        "target_kind": "", "target_zone": "", "mode": "fixed", "rrule": "FREQ=DAILY", "start": TODAY.isoformat(),
        "due_time": "", "calendar": "every_day", "non_working": "next", "meter": "", "meter_interval": "",
        "horizon_days": "14", "checklist-TOTAL_FORMS": "0", "checklist-INITIAL_FORMS": "0",
        "checklist-MIN_NUM_FORMS": "0", "checklist-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = admin_client.post(reverse("admin:maintenance_plan_add"), data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.assets.count() == 1000
    assert WorkOrder.objects.filter(plan=plan, due=TODAY).count() == 1000
