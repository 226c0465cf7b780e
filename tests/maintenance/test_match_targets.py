"""Plans whose targets follow a kind + zone rule: assets join and leave as they are added,
retired, moved or divided into segments, and their future orders follow."""

import pytest

from assets.choices import AssetKind, AssetStatus
from assets.models import Asset
from maintenance import services
from maintenance.choices import CancelReason, OrderStatus, TargetMode
from maintenance.models import PlanTarget, WorkOrder
from tests.factories import AssetFactory, ZoneFactory
from tests.maintenance.factories import HORIZON_END, TODAY, PlanFactory, at, day, days, dues

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


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


def test_a_retired_asset_leaves_and_its_untouched_orders_are_cancelled(zone, crew_member, time_machine):
    asset = landscape(zone)
    plan = match_plan(zone, start=day(9, 21))
    services.generate_work_orders(today=day(9, 21))  # 21 September to 5 October
    services.generate_work_orders(today=TODAY)
    started = WorkOrder.objects.get(plan=plan, due=day(10, 2))
    services.start_work_order(started, crew_member)
    # Two of the seven overdue orders (21 to 27 September) were worked on.
    started_late = WorkOrder.objects.get(plan=plan, due=day(9, 22))
    services.start_work_order(started_late, crew_member)
    written_on = WorkOrder.objects.get(plan=plan, due=day(9, 24))
    services.save_notes(written_on, crew_member, "Half done, the rest after the rain", None)

    asset.status = AssetStatus.RETIRED
    asset.save()  # post_save: the asset leaves the plan

    target = PlanTarget.objects.get(plan=plan, asset=asset)
    assert not target.active
    kept = [started.pk, started_late.pk, written_on.pk]
    cancelled = WorkOrder.objects.filter(plan=plan).exclude(pk__in=kept)
    assert set(cancelled.values_list("status", "cancel_reason")) == {(OrderStatus.CANCELLED, CancelReason.RETIRED)}
    # The overdue ones too (defect 10 of issue 9: they stayed open, overdue for ever).
    assert list(cancelled.values_list("due", flat=True).order_by("due")) == [
        day(9, 21), day(9, 23), *days(day(9, 25), day(10, 1)), *days(day(10, 3), HORIZON_END)
    ]  # fmt: skip
    # What someone worked on is never cancelled by the system.
    assert list(WorkOrder.objects.filter(pk__in=kept).order_by("due").values_list("due", "status")) == [
        (day(9, 22), OrderStatus.IN_PROGRESS),
        (day(9, 24), OrderStatus.SCHEDULED),
        (day(10, 2), OrderStatus.IN_PROGRESS),
    ]
    assert WorkOrder.objects.overdue(TODAY).filter(plan=plan).count() == 2
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
