"""Overdue notices: each member of the order's crew is told once about each order gone
overdue; a second run tells nobody anything new; other crews hear nothing."""

import pytest

from maintenance import services
from maintenance.models import Notification, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, at, day, equipment, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def crews(time_machine):
    """Sweeping (two members) with two orders gone overdue by the 28th morning, one of
    them done; watering (one member) with nothing overdue."""
    time_machine.move_to(at(day(9, 25)), tick=False)
    sweep = PlanFactory(name="Sweep", start=day(9, 25), assets=[equipment(name="North road")])
    water = PlanFactory(name="Water", start=day(9, 28), assets=[equipment(name="Park")])
    services.generate_work_orders(today=day(9, 25), days=5)
    sweepers = [member_of(sweep.crew, "sweeper-1"), member_of(sweep.crew, "sweeper-2")]
    waterer = member_of(water.crew, "waterer")
    done = WorkOrder.objects.get(plan=sweep, due=day(9, 25))
    services.complete_work_order(done, sweepers[0], today=day(9, 25))
    time_machine.move_to(at(TODAY, hour=7), tick=False)
    return sweep, sweepers, waterer


def test_each_crew_member_is_notified_about_the_overdue_orders(crews):
    sweep, sweepers, waterer = crews

    count = services.notify_overdue(today=TODAY)

    assert count == 2  # 26 and 27 September; the 25th is done, the 28th is due today
    notices = Notification.objects.order_by("user__username")
    assert [notice.user for notice in notices] == sweepers
    assert {notice.message for notice in notices} == {
        "2 work orders have gone overdue: North road · Sweep · 2026-09-26; North road · Sweep · 2026-09-27"
    }
    assert not Notification.objects.filter(user=waterer).exists()
    notified = WorkOrder.objects.filter(plan=sweep, overdue_notified__isnull=False)
    assert set(notified.values_list("due", flat=True)) == {day(9, 26), day(9, 27)}


def test_a_second_run_notifies_nothing_new(crews, time_machine):
    services.notify_overdue(today=TODAY)
    time_machine.move_to(at(TODAY, hour=8), tick=False)

    assert services.notify_overdue(today=TODAY) == 0
    assert Notification.objects.count() == 2


def test_the_next_day_only_the_newly_overdue_orders_are_notified_each_to_its_own_crew(crews, time_machine):
    sweep, sweepers, waterer = crews
    services.notify_overdue(today=TODAY)
    time_machine.move_to(at(day(9, 29), hour=7), tick=False)

    assert services.notify_overdue(today=day(9, 29)) == 2  # the 28th's sweeping and watering

    (watering,) = Notification.objects.filter(user=waterer)
    assert watering.message.endswith(" overdue: Park · Water · 2026-09-28")

    latest = Notification.objects.filter(user=sweepers[0]).order_by("-created", "-pk").first()
    assert latest.message.endswith(" overdue: North road · Sweep · 2026-09-28")
    assert latest.order == WorkOrder.objects.get(plan=sweep, due=day(9, 28))
    assert Notification.objects.filter(user=sweepers[1]).count() == 2


def test_closed_and_future_orders_are_not_notified(crews):
    sweep, sweepers, _waterer = crews
    for order in WorkOrder.objects.filter(plan=sweep, due__lt=TODAY).exclude(status="done"):
        services.skip_work_order(order, sweepers[0], "Typhoon", today=TODAY)

    assert services.notify_overdue(today=TODAY) == 0
    assert not Notification.objects.exists()


def test_a_long_list_is_cut_after_five_orders(time_machine):
    time_machine.move_to(at(day(9, 18)), tick=False)
    plan = PlanFactory(name="Sweep", start=day(9, 18), assets=[equipment(name="East road")])
    services.generate_work_orders(today=day(9, 18), days=10)
    member = member_of(plan.crew, "sweeper")
    time_machine.move_to(at(TODAY, hour=7), tick=False)

    assert services.notify_overdue(today=TODAY) == 10

    (notice,) = Notification.objects.filter(user=member)
    assert notice.message.startswith("10 work orders have gone overdue: East road · Sweep · 2026-09-18; ")
    assert notice.message.endswith("East road · Sweep · 2026-09-22 … and 5 more.")
    assert notice.order is None


def test_one_overdue_order_is_announced_in_the_singular(crews, time_machine):
    _sweep, sweepers, _waterer = crews
    services.notify_overdue(today=TODAY)
    time_machine.move_to(at(day(9, 29), hour=7), tick=False)

    services.notify_overdue(today=day(9, 29))

    latest = Notification.objects.filter(user=sweepers[0]).order_by("-created", "-pk").first()
    assert latest.message.startswith("1 work order has gone overdue: ")


def test_a_run_that_fails_half_way_leaves_its_orders_to_the_next(time_machine, monkeypatch):
    time_machine.move_to(at(day(9, 25)), tick=False)
    plan = PlanFactory(start=day(9, 25), assets=[equipment()])
    services.generate_work_orders(today=day(9, 25), days=5)
    member_of(plan.crew, "sweeper")
    time_machine.move_to(at(TODAY, hour=7), tick=False)

    def lost(*args, **kwargs):
        raise RuntimeError("database connection lost")

    monkeypatch.setattr(Notification.objects, "bulk_create", lost)
    with pytest.raises(RuntimeError):
        services.notify_overdue(today=TODAY)
    monkeypatch.undo()
    services.notify_overdue(today=TODAY)  # the retry, or the next morning's run

    assert Notification.objects.count() == 1
