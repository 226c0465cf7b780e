"""The demo crews and plans from load_demo (demo.maintenance): valid, idempotent, and a Today that is not empty.
The demo is loaded once for the package at NOW (tests.demo.conftest)."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone, translation

from assets.choices import AssetKind
from assets.models import Asset
from demo import maintenance as maintenance_demo
from demo.loader import DemoRefused
from maintenance.choices import ChecklistItemKind, Meter, PlanMode, TargetMode
from maintenance.models import ChecklistItem, Crew, CrewMembership, MeterReading, Plan, PlanTarget, WorkOrder
from maintenance.services import generate_work_orders, meter_forecast
from tests.demo.conftest import TODAY


def snapshot() -> dict[str, list[dict]]:
    """Every row the demo and the generation wrote, field by field (including `updated`)."""
    tables = [
        Crew,
        CrewMembership,
        Plan,
        Plan.assets.through,
        ChecklistItem,
        PlanTarget,
        MeterReading,
        WorkOrder,
        Asset,
        get_user_model(),
    ]
    return {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in tables}


def crew_orders(username: str):
    return WorkOrder.objects.filter(crew__memberships__user__username=username)


def test_prints_each_apps_summary_then_the_logins(loaded):
    output, _generated = loaded
    registry = output.index("Demo data loaded")
    plans = output.index(
        "Demo plans loaded: created 4 crews (9 memberships), 9 maintenance plans (31 checklist items), and six "
        "weeks of their work: 1976 work orders and 43 meter readings; 0 rows were already there"
    )
    logins = output.index("Demo logins")
    assert registry < plans < logins


def test_crews_belong_to_the_departments_that_do_the_work(loaded):
    crews = {crew.code: crew for crew in Crew.objects.select_related("department")}
    assert {code: (crew.name, crew.department.code) for code, crew in crews.items()} == {
        "sanitation": ("环卫保洁班", "sanitation"),
        "landscaping": ("园林养护班", "landscaping"),
        "plant-operators": ("餐厨设备运维班", "sanitation"),
        "municipal-works": ("市政养护班", "municipal-works"),
    }
    memberships = {
        (membership.user.username, membership.crew.code, membership.is_leader)
        for membership in CrewMembership.objects.select_related("user", "crew")
    }
    assert memberships == {
        ("crew-sanitation-lead", "sanitation", True),
        ("crew-sanitation", "sanitation", False),
        ("crew-sanitation-2", "sanitation", False),
        ("crew-landscaping", "landscaping", True),
        ("crew-landscaping-2", "landscaping", False),
        ("crew-plant", "plant-operators", True),
        ("crew-plant-2", "plant-operators", False),
        ("crew-municipal", "municipal-works", True),
        ("crew-municipal-2", "municipal-works", False),
    }
    # Every crew has members and one leader.
    for crew in crews.values():
        assert crew.memberships.filter(is_leader=True).count() == 1, crew.code
        assert crew.memberships.filter(is_leader=False).exists(), crew.code


def test_every_plan_is_valid_and_has_a_checklist(loaded):
    # The crews' corrective plans (of the inspections demo's findings) are not the maintenance
    # demo's, nor are those of the project the greening demo hands over (from its templates).
    plans = Plan.objects.filter(corrective=False).exclude(assets__project_link__isnull=False)
    plans = list(plans.prefetch_related("checklist"))
    assert len(plans) == len(maintenance_demo.PLANS) == 9
    for plan in plans:
        plan.full_clean()
        items = list(plan.checklist.all())
        assert items, plan.name
        assert [item.position for item in items] == list(range(1, len(items) + 1)), plan.name
        for item in items:
            item.full_clean()
            assert bool(item.unit) == (item.kind == ChecklistItemKind.NUMBER), item.label
    # The plant's running-hours line records the meter; the 500-hour plan asks for it on its own.
    recording = ChecklistItem.objects.exclude(meter="").values_list("plan__name", "label", "meter", "required")
    assert sorted(recording) == [
        ("餐厨设备月度保养", "运行小时数", Meter.RUNNING_HOURS, False),
        ("餐厨设备每周巡检", "运行小时数", Meter.RUNNING_HOURS, False),
    ]
    assert not ChecklistItem.objects.filter(plan__mode=PlanMode.METER, label="运行小时数").exists()


def test_plans_target_what_each_crew_maintains(loaded):
    def targets(name: str) -> set[str]:
        return set(PlanTarget.objects.filter(plan__name=name, active=True).values_list("asset__code", flat=True))

    # The match rule targets the roads' segments, not the roads they make up.
    segments = Asset.objects.filter(kind=AssetKind.ROAD_SEGMENT, parent__isnull=False)
    segments = set(segments.values_list("code", flat=True))
    assert len(segments) == 28
    assert targets("主次干道路段每日清扫") == segments
    assert targets("道路及人行道月度巡查") == segments
    # Green spaces: the Suxi belts and the park's parts (the park itself is made of them).
    green = Asset.objects.filter(kind=AssetKind.GREEN_SPACE).exclude(code="GS-JIUDING")
    green = set(green.values_list("code", flat=True))
    for name in ["绿地每周保洁", "绿地浇水（5–10月，每三天）", "绿地每月除草"]:
        assert targets(name) == green, name
    # The landscapes of every zone.
    assert len(targets("街角小品每周保洁")) == 12
    assert Plan.objects.get(name="街角小品每周保洁").target_zone is None
    machines = set(Asset.objects.get(code="EQ-PLANT").children.values_list("code", flat=True))
    assert targets("餐厨设备每周巡检") == targets("餐厨设备月度保养") == machines
    # Every machine with a motor; the fermentation tank has no running hours.
    assert targets("餐厨设备每运行500小时保养") == machines - {"EQ-PLANT-04"}

    sweeping = Plan.objects.get(name="主次干道路段每日清扫")
    assert (sweeping.target_mode, sweeping.target_zone.code, sweeping.rrule) == (
        TargetMode.MATCH,
        "roads-greening",
        "FREQ=DAILY",
    )
    assert sweeping.due_time == datetime.time(7, 0)


def test_crew_sanitation_has_todays_sweeping(loaded):
    today = crew_orders("crew-sanitation").filter(due=TODAY)
    segments = Asset.objects.filter(kind=AssetKind.ROAD_SEGMENT, parent__isnull=False).count()
    assert today.count() == segments
    assert {order.plan.name for order in today.select_related("plan")} == {"主次干道路段每日清扫"}
    assert not today.filter(provisional=True).exists()


def test_crew_landscaping_has_work_in_the_next_two_weeks(loaded):
    # Not the plans of the lot the greening demo hands over (demo.greening).
    orders = (
        crew_orders("crew-landscaping")
        .filter(due__range=(TODAY, TODAY + datetime.timedelta(days=14)), plan__corrective=False)
        .exclude(asset__project_link__project__code="LOT-HUANGCHENG")
    )
    plans = set(orders.values_list("plan__name", flat=True))
    # Watering is May to October only: none in late November.
    assert plans == {"绿地每周保洁", "街角小品每周保洁", "绿地每月除草"}
    # Working days only: nothing on a weekend.
    assert all(due.weekday() < 5 for due in orders.values_list("due", flat=True))
    assert orders.filter(plan__name="绿地每月除草").values_list("due", flat=True).distinct().get() == datetime.date(
        2026, 12, 1
    )


def test_machines_have_readings_and_a_forecast(loaded):
    plan = Plan.objects.get(mode=PlanMode.METER)
    assert (plan.meter, plan.meter_interval) == (Meter.RUNNING_HOURS, 500)
    for target in PlanTarget.objects.filter(plan=plan).select_related("plan", "asset"):
        readings = list(MeterReading.objects.filter(asset=target.asset, meter=Meter.RUNNING_HOURS))
        assert len(readings) >= 6, target.asset.code
        assert all(reading.read_at < timezone.now() for reading in readings)
        assert [reading.value for reading in readings] == sorted(reading.value for reading in readings)
        forecast = meter_forecast(target, TODAY)
        assert forecast is not None and forecast >= TODAY, target.asset.code
    assert not MeterReading.objects.filter(asset__code="EQ-PLANT-04").exists()  # no motor, no meter


def test_loading_again_changes_nothing(loaded):
    before = snapshot()
    output = io.StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=output)
    assert snapshot() == before
    assert "Demo data already loaded" in output.getvalue()
    assert "Demo plans already loaded" in output.getvalue()
    assert generate_work_orders().created == 0


def test_loading_again_keeps_what_users_changed(loaded):
    plan = Plan.objects.get(name="绿地每周保洁")
    Plan.objects.filter(pk=plan.pk).update(rrule="FREQ=WEEKLY;BYDAY=FR")
    plan.checklist.filter(position=2).update(required=False)
    CrewMembership.objects.filter(user__username="crew-sanitation").delete()
    Plan.objects.filter(name="绿地每月除草").update(name="绿地除草（改名）")

    call_command("load_demo", stdout=io.StringIO())

    plan.refresh_from_db()
    assert plan.rrule == "FREQ=WEEKLY;BYDAY=FR"
    assert list(plan.checklist.values_list("required", flat=True)) == [True, False]
    # What was missing comes back, as in demo.registry: the membership, and a plan by its name.
    assert CrewMembership.objects.filter(user__username="crew-sanitation", crew__code="sanitation").exists()
    assert Plan.objects.filter(name="绿地每月除草").exists()


def test_refused_in_production(loaded, settings):
    settings.PRODUCTION = True
    CrewMembership.objects.all().delete()  # something a load would bring back
    before = snapshot()
    with pytest.raises(DemoRefused):
        maintenance_demo.load()
    assert snapshot() == before
