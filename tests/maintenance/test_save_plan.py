"""services.save_plan: the one workflow for creating, editing, pausing and resuming a plan
(the plan form, the admin and the API call it). What changed decides what happens to
the work orders."""

import pytest

from maintenance import services
from maintenance.choices import CancelReason, ChecklistItemKind, OrderStatus, TargetMode
from maintenance.models import ChecklistItem, Plan, WorkOrder
from tests.maintenance.factories import TODAY, CrewFactory, PlanFactory, day, dues, equipment, task_type

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def new_plan(**fields) -> Plan:
    values = {"name": "Sweep", "task_type": task_type(), "crew": CrewFactory(), "rrule": "FREQ=DAILY"}
    return Plan(**values | fields)


def stored(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def test_a_new_plan_is_stored_with_its_assets_and_checklist_and_generates(planner):
    asset = equipment()
    checklist = services.ChecklistChanges(
        save=[ChecklistItem(label="Bins emptied"), ChecklistItem(label="Litres", kind=ChecklistItemKind.NUMBER)]
    )

    result = services.save_plan(new_plan(horizon_days=3), planner, assets=[asset.pk], checklist=checklist)

    plan = Plan.objects.get(name="Sweep")
    assert list(plan.assets.all()) == [asset]
    assert list(plan.checklist.values_list("label", "kind")) == [("Bins emptied", "pass_fail"), ("Litres", "number")]
    assert dues(plan) == [TODAY, day(9, 29), day(9, 30), day(10, 1)]
    assert result.created == 4


def test_a_kind_and_zone_plan_keeps_no_chosen_assets(planner):
    asset = equipment()

    services.save_plan(new_plan(target_mode=TargetMode.MATCH, target_kind=asset.kind), planner, assets=[asset.pk])

    plan = Plan.objects.get(name="Sweep")
    assert list(plan.assets.all()) == []
    assert list(plan.targets.values_list("asset", flat=True)) == [asset.pk]  # found by its kind


def test_a_new_rule_rewrites_the_future_untouched_orders(planner):
    plan = PlanFactory(assets=[equipment()], horizon_days=7)
    services.generate_work_orders(today=TODAY)
    plan = stored(plan)

    plan.rrule = "FREQ=WEEKLY;BYDAY=TH"
    services.save_plan(plan, planner)

    assert dues(plan, status=OrderStatus.SCHEDULED) == [day(10, 1)]


def test_a_change_outside_the_schedule_rewrites_nothing(planner):
    plan = PlanFactory(assets=[equipment()], horizon_days=3)
    services.generate_work_orders(today=TODAY)
    before = list(WorkOrder.objects.filter(plan=plan).values_list("pk", flat=True))
    plan = stored(plan)

    plan.name, plan.instructions = "Sweep well", "Both sides of the road."
    services.save_plan(plan, planner)

    assert list(WorkOrder.objects.filter(plan=plan).values_list("pk", flat=True)) == before
    assert stored(plan).instructions == "Both sides of the road."


def test_the_checklist_loses_and_gains_items(planner):
    plan = PlanFactory(assets=[equipment()])
    kept = ChecklistItem.objects.create(plan=plan, label="Kept")
    dropped = ChecklistItem.objects.create(plan=plan, label="Dropped")
    kept.label = "Kept, renamed"

    services.save_plan(
        stored(plan),
        planner,
        checklist=services.ChecklistChanges(save=[kept, ChecklistItem(label="New")], delete=[dropped]),
    )

    assert sorted(plan.checklist.values_list("label", flat=True)) == ["Kept, renamed", "New"]


def test_pausing_through_save_cancels_and_resuming_restores(planner):
    plan = PlanFactory(assets=[equipment()], horizon_days=3)
    services.generate_work_orders(today=TODAY)
    plan = stored(plan)

    plan.paused = True
    services.save_plan(plan, planner)

    assert stored(plan).paused is True
    cancelled = WorkOrder.objects.filter(plan=plan, status=OrderStatus.CANCELLED, cancel_reason=CancelReason.PAUSED)
    assert cancelled.count() == 4

    plan = stored(plan)
    plan.paused = False
    services.save_plan(plan, planner)

    assert stored(plan).paused is False
    assert dues(plan, status=OrderStatus.SCHEDULED) == [TODAY, day(9, 29), day(9, 30), day(10, 1)]
    assert not WorkOrder.objects.filter(plan=plan, status=OrderStatus.CANCELLED).exists()
