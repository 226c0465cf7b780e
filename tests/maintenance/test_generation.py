"""Generation: up to the horizon, idempotent, missed days after downtime, paused plans, an
unchosen asset's orders cancelled, and one broken plan stopping no other."""

import pytest

from maintenance import services
from maintenance.choices import CancelReason, OrderStatus
from maintenance.models import PlanTarget, WorkOrder
from tests.maintenance.factories import HORIZON_END, TODAY, PlanFactory, at, day, days, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


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


def test_one_plan_with_a_broken_stored_rule_does_not_stop_the_others():
    good = PlanFactory(assets=[equipment()])
    PlanFactory(rrule="FREQ=HOURLY", assets=[equipment()])  # factories do not run full_clean

    services.generate_work_orders(today=TODAY)

    assert len(dues(good)) == 15
