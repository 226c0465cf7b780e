"""Two workers generating at the same moment, each on its own PostgreSQL connection,
leave no duplicate: the unique constraints decide, and each order is counted once.

Transactional tests: the threads must see each other's commits. serialized_rollback
restores the rows the migrations seed (task types, role groups) that the flush at the
end of a transactional test removes.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.db.models import Count

from maintenance import services
from maintenance.choices import CalendarPolicy, NonWorkingDayRule
from maintenance.models import PlanTarget, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, day, equipment

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.usefixtures("frozen")]

WORKERS = 2


def run_at_once(function, workers: int = WORKERS) -> list:
    """Call ``function`` from ``workers`` threads released together; return their results."""
    barrier = threading.Barrier(workers)
    results, errors = [None] * workers, []

    def work(index):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=work, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def duplicates() -> list:
    return list(
        WorkOrder.objects.values("plan", "asset", "due").annotate(count=Count("pk")).filter(count__gt=1).order_by()
    )


def test_two_concurrent_generations_leave_no_duplicates():
    assets = [equipment() for _ in range(4)]
    PlanFactory(assets=assets)  # daily: 15 orders per asset
    PlanFactory(rrule="FREQ=WEEKLY;BYDAY=MO,TH", assets=assets[:2])  # 5 per asset
    PlanFactory(calendar=CalendarPolicy.WORKING_DAYS, non_working=NonWorkingDayRule.NEXT, assets=assets[2:])  # 7
    expected = 4 * 15 + 2 * 5 + 2 * 7

    results = run_at_once(lambda: services.generate_work_orders(today=TODAY))

    assert WorkOrder.objects.count() == expected
    assert duplicates() == []
    assert sum(result.created for result in results) == expected
    assert PlanTarget.objects.count() == 4 + 2 + 2


def test_concurrent_generation_and_a_rerun_create_nothing_more():
    PlanFactory(assets=[equipment() for _ in range(3)])
    services.generate_work_orders(today=TODAY)
    before = WorkOrder.objects.count()

    results = run_at_once(lambda: services.generate_work_orders(today=TODAY), workers=3)

    assert [result.created for result in results] == [0, 0, 0]
    assert WorkOrder.objects.count() == before


def test_concurrent_overdue_notices_notify_each_order_once(django_user_model):
    from core.models import Notification
    from maintenance.models import CrewMembership

    plan = PlanFactory(start=TODAY, assets=[equipment()])
    services.generate_work_orders(today=TODAY, days=2)
    CrewMembership.objects.create(crew=plan.crew, user=django_user_model.objects.create(username="sweeper"))

    counts = run_at_once(lambda: services.notify_overdue(today=day(10, 1)))

    assert sorted(counts) == [0, 3]
    assert Notification.objects.count() == 1


def test_two_first_corrective_orders_at_once_share_one_corrective_plan():
    from maintenance.models import Plan
    from tests.maintenance.factories import CrewFactory

    crew, machine = CrewFactory(), equipment()
    due = datetime.datetime(2026, 9, 29, 17, 0, tzinfo=datetime.UTC)

    orders = run_at_once(lambda: services.open_corrective_order(machine, crew, due, "Fix the belt", None))

    assert Plan.objects.filter(crew=crew, corrective=True).count() == 1
    assert {order.plan_id for order in orders} == {Plan.objects.get(crew=crew, corrective=True).pk}
    assert WorkOrder.objects.filter(plan__corrective=True, asset=machine, due=day(9, 30)).count() == 2
