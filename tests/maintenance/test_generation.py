"""Generation: up to the horizon, idempotent, the operators' command, missed days after
downtime, paused plans, and targets that follow a kind + zone rule."""

import io

import pytest
from django.core.management import CommandError, call_command

from assets.choices import AssetKind, AssetStatus
from assets.models import Asset
from maintenance import services
from maintenance.choices import CancelReason, OrderStatus, TargetMode
from maintenance.models import PlanTarget, WorkOrder
from tests.factories import AssetFactory, ZoneFactory
from tests.maintenance.factories import TODAY, PlanFactory, at, day, days, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

HORIZON_END = day(10, 12)  # TODAY + 14 days


def order_keys() -> list[tuple]:
    return list(WorkOrder.objects.order_by("plan", "asset", "due").values_list("plan", "asset", "due"))


# --- Horizon and idempotence ----------------------------------------------------------------


def test_generates_up_to_today_plus_the_horizon():
    first, second = equipment(), equipment()
    plan = PlanFactory(assets=[first, second])
    weekly = PlanFactory(rrule="FREQ=WEEKLY;BYDAY=MO", horizon_days=30, assets=[first])

    result = services.generate_work_orders(today=TODAY)

    assert dues(plan, asset=first) == days(TODAY, HORIZON_END)
    assert dues(plan, asset=second) == days(TODAY, HORIZON_END)
    assert dues(weekly) == [day(9, 28), day(10, 5), day(10, 12), day(10, 19), day(10, 26)]
    assert result.created == 2 * 15 + 5
    assert result.plans == {plan.pk, weekly.pk}
    assert result.targets_added == 3
    assert set(PlanTarget.objects.filter(plan=plan).values_list("generated_through", flat=True)) == {HORIZON_END}
    order = WorkOrder.objects.filter(plan=plan).first()
    assert (order.crew, order.status, order.occurrence) == (plan.crew, OrderStatus.SCHEDULED, order.due)


def test_a_second_run_creates_nothing():
    PlanFactory(assets=[equipment(), equipment()])
    services.generate_work_orders(today=TODAY)
    before = order_keys()

    result = services.generate_work_orders(today=TODAY)

    assert (result.created, result.targets_added, result.targets_removed) == (0, 0, 0)
    assert order_keys() == before


def test_next_day_adds_exactly_one_more_day():
    plan = PlanFactory(assets=[equipment()])
    services.generate_work_orders(today=TODAY)

    result = services.generate_work_orders(today=day(9, 29))

    assert result.created == 1
    assert dues(plan)[-1] == day(10, 13)


def test_a_plan_starting_later_begins_at_its_start():
    plan = PlanFactory(start=day(10, 10), assets=[equipment()])

    services.generate_work_orders(today=TODAY)

    assert dues(plan) == [day(10, 10), day(10, 11), day(10, 12)]


def test_a_plan_that_started_earlier_is_not_back_filled_for_a_new_target():
    plan = PlanFactory(start=day(9, 1), assets=[equipment()])

    services.generate_work_orders(today=TODAY)

    assert dues(plan)[0] == TODAY


def test_a_paused_plan_generates_nothing():
    plan = PlanFactory(paused=True, assets=[equipment()])

    result = services.generate_work_orders(today=TODAY)

    assert result.created == 0
    assert not WorkOrder.objects.filter(plan=plan).exists()


def test_after_downtime_the_missed_occurrences_are_created_and_overdue(time_machine):
    plan = PlanFactory(start=day(9, 14), horizon_days=3, assets=[equipment()])
    services.generate_work_orders(today=day(9, 14))
    assert PlanTarget.objects.get(plan=plan).generated_through == day(9, 17)

    # Nothing ran for eleven days.
    time_machine.move_to(at(day(9, 25)), tick=False)
    result = services.generate_work_orders(today=day(9, 25))

    assert result.created == 11  # 18 September to 28 September
    assert dues(plan) == days(day(9, 14), day(9, 28))
    overdue = WorkOrder.objects.overdue(day(9, 25)).filter(plan=plan)
    assert list(overdue.values_list("due", flat=True)) == days(day(9, 14), day(9, 24))
    assert all(order.is_overdue(day(9, 25)) for order in overdue)


def test_overdue_excludes_closed_orders(crew_member):
    plan = PlanFactory(start=day(9, 21), assets=[equipment()])
    services.generate_work_orders(today=day(9, 21), days=3)
    done = WorkOrder.objects.get(plan=plan, due=day(9, 21))
    services.complete_work_order(done, crew_member, today=TODAY)

    assert list(WorkOrder.objects.overdue(TODAY).values_list("due", flat=True)) == days(day(9, 22), day(9, 24))


# --- The management command -----------------------------------------------------------------


def test_command_prints_a_one_line_summary():
    PlanFactory(assets=[equipment(), equipment()])
    out = io.StringIO()

    call_command("generate_work_orders", stdout=out)

    assert out.getvalue() == (
        "Work orders created: 30 (provisional: 0); plans: 1; targets joined: 2, left: 0; "
        "provisional orders recomputed: 0.\n"
    )
    assert WorkOrder.objects.count() == 30


def test_command_days_overrides_the_horizon():
    plan = PlanFactory(assets=[equipment()])
    out = io.StringIO()

    call_command("generate_work_orders", days=3, stdout=out)

    assert dues(plan) == days(TODAY, day(10, 1))
    assert out.getvalue().startswith("Work orders created: 4 ")
    assert out.getvalue().count("\n") == 1


def test_command_plan_filter():
    chosen, other = PlanFactory(assets=[equipment()]), PlanFactory(assets=[equipment()])

    call_command("generate_work_orders", "--plan", str(chosen.pk), stdout=io.StringIO())

    assert len(dues(chosen)) == 15
    assert not WorkOrder.objects.filter(plan=other).exists()


def test_command_refuses_an_unknown_plan_and_generates_nothing():
    plan = PlanFactory(assets=[equipment()])

    with pytest.raises(CommandError, match=f"^No plan with id {plan.pk + 1000}.$"):
        call_command("generate_work_orders", "--plan", str(plan.pk), "--plan", str(plan.pk + 1000))

    assert not WorkOrder.objects.exists()
    assert not PlanTarget.objects.exists()


@pytest.mark.parametrize("value", [-1, 1001])
def test_command_refuses_days_out_of_range(value):
    PlanFactory(assets=[equipment()])

    with pytest.raises(CommandError, match="^--days must be between 0 and 1000.$"):
        call_command("generate_work_orders", days=value)

    assert not WorkOrder.objects.exists()


# --- Chosen targets -------------------------------------------------------------------------


def test_an_unchosen_asset_leaves_the_plan_and_its_future_orders_are_cancelled():
    kept, dropped = equipment(), equipment()
    plan = PlanFactory(assets=[kept, dropped])
    services.generate_work_orders(today=TODAY)

    plan.assets.remove(dropped)
    result = services.plan_changed(plan, {"assets"}, today=day(10, 1))

    assert result.targets_removed == 1
    cancelled = WorkOrder.objects.filter(plan=plan, asset=dropped, status=OrderStatus.CANCELLED)
    assert list(cancelled.values_list("due", flat=True)) == days(day(10, 1), HORIZON_END)
    assert set(cancelled.values_list("cancel_reason", flat=True)) == {CancelReason.RETIRED}
    # The three days already past stay as they were: open, and overdue.
    assert WorkOrder.objects.overdue(day(10, 1)).filter(asset=dropped).count() == 3
    assert not WorkOrder.objects.filter(plan=plan, asset=kept, status=OrderStatus.CANCELLED).exists()


# --- Kind + zone rules ----------------------------------------------------------------------


@pytest.fixture
def zone():
    return ZoneFactory()


def landscape(zone, **kwargs):
    return AssetFactory(kind=AssetKind.LANDSCAPE, zone=zone, **kwargs)


def match_plan(zone, kind=AssetKind.LANDSCAPE, **kwargs):
    return PlanFactory(target_mode=TargetMode.MATCH, target_kind=kind, target_zone=zone, **kwargs)


def test_match_plan_targets_every_asset_of_the_kind_in_the_zone(zone):
    inside = landscape(zone)
    landscape(ZoneFactory())  # another zone
    AssetFactory(kind=AssetKind.GREEN_SPACE, zone=zone)  # another kind
    landscape(zone, status=AssetStatus.RETIRED)
    plan = match_plan(zone)

    services.generate_work_orders(today=TODAY)

    assert list(PlanTarget.objects.filter(plan=plan).values_list("asset", flat=True)) == [inside.pk]
    assert set(WorkOrder.objects.filter(plan=plan).values_list("asset", flat=True)) == {inside.pk}


def test_match_plan_without_a_zone_takes_every_zone(zone):
    assets = {landscape(zone).pk, landscape(ZoneFactory()).pk}
    plan = match_plan(None)

    services.generate_work_orders(today=TODAY)

    assert set(PlanTarget.objects.filter(plan=plan).values_list("asset", flat=True)) == assets


def test_a_new_matching_asset_joins_on_the_next_run(zone):
    landscape(zone)
    plan = match_plan(zone)
    services.generate_work_orders(today=TODAY)
    newcomer = landscape(ZoneFactory())
    # A bulk update (an import, a data fix) sends no signal: the daily run catches it.
    Asset.objects.filter(pk=newcomer.pk).update(zone=zone)
    assert not PlanTarget.objects.filter(asset=newcomer).exists()

    result = services.generate_work_orders(today=day(9, 30))

    assert result.targets_added == 1
    assert PlanTarget.objects.get(plan=plan, asset=newcomer).joined == day(9, 30)
    assert dues(plan, asset=newcomer) == days(day(9, 30), day(10, 14))


def test_a_new_matching_asset_joins_when_saved(zone):
    landscape(zone)
    plan = match_plan(zone)
    services.generate_work_orders(today=TODAY)

    newcomer = landscape(zone)  # post_save: no generation run needed

    target = PlanTarget.objects.get(plan=plan, asset=newcomer)
    assert (target.active, target.joined, target.generated_through) == (True, TODAY, HORIZON_END)
    assert dues(plan, asset=newcomer) == days(TODAY, HORIZON_END)


def test_an_asset_of_another_kind_or_zone_saved_does_not_join(zone):
    plan = match_plan(zone)
    services.generate_work_orders(today=TODAY)

    landscape(ZoneFactory())
    AssetFactory(kind=AssetKind.GREEN_SPACE, zone=zone)

    assert not PlanTarget.objects.filter(plan=plan).exists()


def test_a_retired_asset_leaves_and_its_future_untouched_orders_are_cancelled(zone, crew_member, time_machine):
    asset = landscape(zone)
    plan = match_plan(zone, start=day(9, 21))
    services.generate_work_orders(today=day(9, 21))  # 21 September to 5 October
    services.generate_work_orders(today=TODAY)
    started = WorkOrder.objects.get(plan=plan, due=day(10, 2))
    services.start_work_order(started, crew_member)

    asset.status = AssetStatus.RETIRED
    asset.save()  # post_save: the asset leaves the plan

    target = PlanTarget.objects.get(plan=plan, asset=asset)
    assert not target.active
    future = WorkOrder.objects.filter(plan=plan, due__gte=TODAY).exclude(pk=started.pk)
    assert set(future.values_list("status", "cancel_reason")) == {(OrderStatus.CANCELLED, CancelReason.RETIRED)}
    assert future.count() == 14
    started.refresh_from_db()
    assert started.status == OrderStatus.IN_PROGRESS
    # Missed orders before today are not silently dropped.
    assert WorkOrder.objects.overdue(TODAY).filter(plan=plan).count() == 7
    # And nothing more is generated for it.
    time_machine.move_to(at(day(10, 5)), tick=False)
    assert services.generate_work_orders(today=day(10, 5)).created == 0


def test_an_asset_moved_to_another_zone_changes_plans(zone):
    asset = landscape(zone)
    other_zone = ZoneFactory()
    here, there = match_plan(zone), match_plan(other_zone)
    services.generate_work_orders(today=TODAY)

    asset.zone = other_zone
    asset.save()

    assert set(WorkOrder.objects.filter(plan=here).values_list("status", "cancel_reason")) == {
        (OrderStatus.CANCELLED, CancelReason.RETIRED)
    }
    assert dues(there, asset=asset) == days(TODAY, HORIZON_END)


def test_a_returning_asset_gets_its_orders_back(zone):
    asset = landscape(zone)
    plan = match_plan(zone)
    services.generate_work_orders(today=TODAY)
    asset.status = AssetStatus.RETIRED
    asset.save()

    asset.status = AssetStatus.IN_SERVICE
    asset.save()

    assert PlanTarget.objects.get(plan=plan, asset=asset).active
    assert dues(plan, status=OrderStatus.SCHEDULED) == days(TODAY, HORIZON_END)
    assert not WorkOrder.objects.filter(plan=plan, status=OrderStatus.CANCELLED).exists()


def road_with_segments(zone, count=2):
    road = AssetFactory(kind=AssetKind.ROAD_SEGMENT, zone=zone, name="Road")
    segments = [AssetFactory(kind=AssetKind.ROAD_SEGMENT, zone=zone, parent=road) for _ in range(count)]
    return road, segments


def test_a_road_with_segments_is_maintained_through_its_segments(zone):
    road, segments = road_with_segments(zone)
    single = AssetFactory(kind=AssetKind.ROAD_SEGMENT, zone=zone)  # a road not divided into segments
    plan = match_plan(zone, kind=AssetKind.ROAD_SEGMENT)

    services.generate_work_orders(today=TODAY)

    assert set(PlanTarget.objects.filter(plan=plan).values_list("asset", flat=True)) == {
        segments[0].pk,
        segments[1].pk,
        single.pk,
    }
    assert not WorkOrder.objects.filter(asset=road).exists()


def test_a_road_divided_later_hands_its_orders_to_its_segments(zone):
    road = AssetFactory(kind=AssetKind.ROAD_SEGMENT, zone=zone)
    plan = match_plan(zone, kind=AssetKind.ROAD_SEGMENT)
    services.generate_work_orders(today=TODAY)
    assert len(dues(plan, asset=road)) == 15

    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT, zone=zone, parent=road)

    assert not PlanTarget.objects.get(plan=plan, asset=road).active
    assert not WorkOrder.objects.filter(asset=road, status=OrderStatus.SCHEDULED).exists()
    assert dues(plan, asset=segment) == days(TODAY, HORIZON_END)


def test_retiring_one_segment_does_not_bring_the_road_back(zone):
    road, (kept, retired) = road_with_segments(zone)
    plan = match_plan(zone, kind=AssetKind.ROAD_SEGMENT)
    services.generate_work_orders(today=TODAY)

    retired.status = AssetStatus.RETIRED
    retired.save()

    # The road is still made of (one) segment: it does not become a target itself.
    assert list(PlanTarget.objects.filter(plan=plan, active=True).values_list("asset", flat=True)) == [kept.pk]
    assert not WorkOrder.objects.filter(asset=road).exists()


def test_a_paused_plan_still_loses_a_retired_asset(zone):
    asset = landscape(zone)
    plan = match_plan(zone)
    services.generate_work_orders(today=TODAY)
    services.pause_plan(plan, today=TODAY)

    asset.status = AssetStatus.RETIRED
    asset.save()
    services.resume_plan(plan, today=TODAY)

    assert not PlanTarget.objects.get(plan=plan, asset=asset).active
    assert not WorkOrder.objects.open().filter(plan=plan).exists()


def test_one_plan_with_a_broken_stored_rule_does_not_stop_the_others():
    good = PlanFactory(assets=[equipment()])
    PlanFactory(rrule="FREQ=HOURLY", assets=[equipment()])  # factories do not run full_clean

    services.generate_work_orders(today=TODAY)

    assert len(dues(good)) == 15
