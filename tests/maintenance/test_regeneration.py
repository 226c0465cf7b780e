"""Orders made again after a change: a rewrite's floor keeps the past clear (after a long
pause, an asset's return, a change of mode), orders someone touched are never rewritten,
and a rewrite that commits during a generation run loses nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assets.choices import AssetKind, AssetStatus
from maintenance import services
from maintenance.choices import OrderStatus, PlanMode, TargetMode
from maintenance.models import WorkOrder, WorkOrderPhoto
from maintenance.services import generation
from tests.factories import AssetFactory, ZoneFactory
from tests.maintenance.factories import TODAY, PlanFactory, at, day, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def test_resume_after_a_long_pause_creates_no_orders_in_the_paused_period(time_machine):
    plan = PlanFactory(assets=[equipment()])  # daily, horizon 14: through 12 October
    services.generate_work_orders(today=TODAY)
    services.pause_plan(plan, today=TODAY)

    resumed = day(12, 1)
    time_machine.move_to(at(resumed), tick=False)
    services.resume_plan(plan, today=resumed)

    # Nothing is made due in the paused span, 13 October to 30 November.
    assert dues(plan, due__gt=day(10, 12), due__lt=resumed) == []
    assert WorkOrder.objects.overdue(resumed).filter(plan=plan).count() == 0


def test_a_returning_asset_gets_no_orders_for_the_time_it_was_away(time_machine):
    zone = ZoneFactory()
    asset = AssetFactory(kind=AssetKind.LANDSCAPE, zone=zone)
    plan = PlanFactory(target_mode=TargetMode.MATCH, target_kind=AssetKind.LANDSCAPE, target_zone=zone)
    services.generate_work_orders(today=TODAY)  # through 12 October
    asset.status = AssetStatus.RETIRED
    asset.save()

    back = day(10, 20)
    time_machine.move_to(at(back), tick=False)
    asset.status = AssetStatus.IN_SERVICE
    asset.save()

    assert dues(plan, due__gt=day(10, 12), due__lt=back) == []
    assert dues(plan, status=OrderStatus.SCHEDULED, due__gte=back)[0] == back


def test_switching_a_floating_plan_to_fixed_does_not_back_fill_from_its_start(time_machine, crew_member):
    time_machine.move_to(at(day(6, 1)), tick=False)
    plan = PlanFactory(mode=PlanMode.FLOATING, rrule="FREQ=DAILY", start=day(6, 1), assets=[equipment()])
    services.generate_work_orders(today=day(6, 1))
    services.complete_work_order(WorkOrder.objects.get(plan=plan), crew_member, today=day(6, 1))
    time_machine.move_to(at(TODAY), tick=False)

    plan.mode = PlanMode.FIXED
    plan.save()
    services.plan_changed(plan, {"mode"}, today=TODAY)

    # The floating order left open on 2 June, not every day since June.
    assert list(WorkOrder.objects.overdue(TODAY).filter(plan=plan).values_list("due", flat=True)) == [day(6, 2)]


def test_resuming_a_floating_plan_gives_an_order_due_no_earlier_than_today(time_machine, crew_member):
    plan = PlanFactory(mode=PlanMode.FLOATING, rrule="FREQ=WEEKLY", assets=[equipment()])
    services.generate_work_orders(today=TODAY)
    services.complete_work_order(WorkOrder.objects.open().get(plan=plan), crew_member, today=TODAY)  # next 5 Oct
    services.pause_plan(plan, today=day(10, 1))
    time_machine.move_to(at(day(10, 10)), tick=False)

    services.resume_plan(plan, today=day(10, 10))

    assert WorkOrder.objects.open().get(plan=plan).due == day(10, 10)


def test_a_plan_change_keeps_an_order_with_a_photo(crew_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = PlanFactory(assets=[equipment()])
    services.generate_work_orders(today=TODAY)
    order = WorkOrder.objects.get(plan=plan, due=day(9, 29))
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buf, "JPEG")
    services.add_photo(order, crew_member, SimpleUploadedFile("p.jpg", buf.getvalue(), "image/jpeg"))

    plan.crew = PlanFactory().crew
    plan.save()
    services.plan_changed(plan, {"crew"}, today=TODAY)

    assert WorkOrder.objects.filter(pk=order.pk).exists()
    assert WorkOrderPhoto.objects.filter(order_id=order.pk).count() == 1


def test_a_rewrite_during_a_generation_run_loses_no_order(monkeypatch, time_machine):
    plan = PlanFactory(assets=[equipment()])  # daily, through 12 October
    services.generate_work_orders(today=TODAY)
    tomorrow = day(9, 29)
    time_machine.move_to(at(tomorrow), tick=False)
    real_place, fired = generation._place_fixed, []

    def place_then_planner_commits(*args):
        placed = real_place(*args)
        if not fired:  # the planner's change commits here (another connection, READ COMMITTED)
            fired.append(1)
            plan.rrule = "FREQ=WEEKLY;BYDAY=MO"
            plan.save()
            services.rewrite_future_orders([plan.pk], tomorrow)
        return placed

    monkeypatch.setattr(generation, "_place_fixed", place_then_planner_commits)
    services.generate_work_orders(today=tomorrow)  # the nightly run, started first
    monkeypatch.setattr(generation, "_place_fixed", real_place)
    services.generate_work_orders(today=tomorrow)  # plan_changed's own generation, just after

    assert dues(plan, due__gte=tomorrow) == [day(10, 5), day(10, 12)]
