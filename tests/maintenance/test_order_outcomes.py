"""What became of an order (maintenance.models.outcome, WorkOrder.outcome and
outcome_condition): one rule, the same for one row and as a filter; "on time" is judged
on the day in the zone's time (Asia/Shanghai), not in UTC.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import datetime

import pytest

from maintenance.choices import OrderStatus, Outcome
from maintenance.models import WorkOrder, closed_on_time, outcome_condition
from tests.maintenance.factories import DAY, TODAY, at
from tests.maintenance.order_review import make_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("closed", "on_time"),
    [
        (datetime.datetime(2026, 9, 28, 15, 59, tzinfo=UTC), True),  # 23:59 on the due day in the zone
        (datetime.datetime(2026, 9, 28, 16, 0, tzinfo=UTC), False),  # 00:00 the next day in the zone
        (datetime.datetime(2026, 9, 27, 16, 0, tzinfo=UTC), True),  # 00:00 on the due day
        (datetime.datetime(2026, 9, 20, 3, 0, tzinfo=UTC), True),  # a week early
    ],
)
def test_closed_on_time_is_judged_on_the_zones_day(closed, on_time):
    assert closed_on_time(closed, TODAY) is on_time


def test_one_rule_for_a_row_and_for_a_filter(crew_of_member, crew_of_outsider, outsider):
    review = make_review(crew_of_member, crew_of_outsider, assignee=outsider)
    # The boundary cases as well: done at 23:59 and at 00:00 the next day (zone time), an
    # open order due today (not overdue), one in progress and past due (overdue).
    boundary = {
        "last_minute": (TODAY - 5 * DAY, OrderStatus.DONE, at(TODAY - 5 * DAY, 23).replace(minute=59)),
        "midnight": (TODAY - 6 * DAY, OrderStatus.DONE, at(TODAY - 5 * DAY, 0)),
        "started_late": (TODAY - 7 * DAY, OrderStatus.IN_PROGRESS, None),
        "due_today": (TODAY, OrderStatus.SCHEDULED, None),
    }
    extra = {
        name: WorkOrder.objects.create(
            plan=review.watering, asset=review.park, crew=review.other_crew, occurrence=due, due=due, status=status,
            closed=closed, due_time=datetime.time(7) if name == "due_today" else None,
        )
        for name, (due, status, closed) in boundary.items()
    }  # fmt: skip
    by_row = {order.pk: order.outcome() for order in WorkOrder.objects.all()}
    by_filter = {
        pk: value
        for value in Outcome.values
        for pk in WorkOrder.objects.filter(outcome_condition(value, TODAY)).values_list("pk", flat=True)
    }
    assert by_filter == by_row  # every order in exactly one outcome, the same both ways
    assert {name: by_row[order.pk] for name, order in extra.items()} == {
        "last_minute": Outcome.DONE_ON_TIME,
        "midnight": Outcome.DONE_LATE,
        "started_late": Outcome.OVERDUE,
        "due_today": Outcome.SCHEDULED,
    }
    assert [by_row[order.pk] for order in review.in_list_order()] == [
        Outcome.DONE_ON_TIME,
        Outcome.DONE_LATE,
        Outcome.OVERDUE,
        Outcome.SKIPPED,
        Outcome.IN_PROGRESS,
        Outcome.CANCELLED,
        Outcome.SCHEDULED,
    ]
