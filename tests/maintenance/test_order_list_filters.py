"""The work-order list's filters (maintenance.filters.WorkOrderFilter): status and the
derived outcomes, crew, department, zone, plan, task type and due range; together; and
every bad input answered with a clear message, never a 500 and never half-filtered rows.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import pytest
from django.urls import reverse

from maintenance.models import TaskType
from tests.maintenance.order_review import make_review
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

URL = reverse("order-list")


@pytest.fixture
def review(crew_of_member, crew_of_outsider, outsider):
    return make_review(crew_of_member, crew_of_outsider, assignee=outsider)


@pytest.fixture
def shown(signed_in, manager):
    client = signed_in(manager)

    def shown(**params) -> list[int]:
        response = client.get(URL, params)
        assert response.status_code == 200
        return [order.pk for order in response.context["page"]]

    return shown


def pks(*orders) -> list[int]:
    return [order.pk for order in orders]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["overdue", "today", "later"]),
        ("overdue", ["overdue"]),
        ("done", ["on_time", "late"]),
        ("done_on_time", ["on_time"]),
        ("done_late", ["late"]),
        ("skipped", ["skipped"]),
        ("cancelled", ["cancelled"]),
    ],
)
def test_status_and_outcomes(review, shown, status, expected):
    assert shown(status=status) == pks(*(getattr(review, name) for name in expected))


def test_crew_department_zone_plan_and_task_type(review, shown):
    own = pks(review.on_time, review.late, review.skipped, review.today)
    others = pks(review.overdue, review.cancelled, review.later)
    sanitation, landscaping = review.departments
    assert shown(crew=review.crew.pk) == own
    assert shown(crew=review.other_crew.pk) == others
    assert shown(department=sanitation.pk) == own
    assert shown(department=landscaping.pk) == others
    assert shown(zone=review.east.pk) == own  # the asset's zone
    assert shown(zone=review.west.pk) == others
    assert shown(plan=review.watering.pk) == others
    assert shown(task_type=TaskType.objects.get(code="cleaning").pk) == own
    assert shown(task_type=TaskType.objects.get(code="inspection").pk) == []


def test_due_range_is_inclusive(review, shown):
    assert shown(due_from="2026-09-26", due_to="2026-09-28") == pks(
        review.late, review.overdue, review.skipped, review.today
    )
    assert shown(due_from="2026-09-29") == pks(review.cancelled, review.later)
    assert shown(due_to="2026-09-25") == pks(review.on_time)
    assert shown(due_from="2026-09-28", due_to="2026-09-28") == pks(review.today)


def test_filters_combine(review, shown):
    assert shown(crew=review.crew.pk, status="done", due_from="2026-09-26") == pks(review.late)
    assert shown(zone=review.west.pk, status="open", due_to="2026-09-30") == pks(review.overdue)
    assert shown(crew=review.crew.pk, status="overdue") == []
    # Empty values are no filter at all (a form sent with nothing chosen).
    assert shown(status="", crew="", department="", zone="", plan="", task_type="", due_from="", due_to="") == pks(
        *review.in_list_order()
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "late"}, "Status: Select a valid choice. late is not one of the available choices."),
        ({"crew": "999999"}, "Crew: Select a valid choice. That choice is not one of the available choices."),
        ({"crew": "abc"}, "Crew: Select a valid choice. That choice is not one of the available choices."),
        ({"department": "1.5"}, "Department: Select a valid choice."),
        ({"zone": "-1"}, "Zone: Select a valid choice."),
        ({"plan": "99999999999999999999"}, "Plan: Select a valid choice."),
        ({"task_type": "x"}, "Task type: Select a valid choice."),
        ({"due_from": "2026-02-30"}, "Due from: Enter a valid date."),
        ({"due_to": "yesterday"}, "Due to: Enter a valid date."),
        ({"due_from": "99999-01-01"}, "Due from: Enter a valid date."),
        ({"due_from": "2026-09-30", "due_to": "2026-09-01"}, "The “due from” date is after the “due to” date."),
    ],
)
def test_bad_input_is_explained_and_lists_nothing(review, signed_in, manager, params, message):
    response = signed_in(manager).get(URL, {"status": "open", **params})
    assert response.status_code == 200
    assert message in body(response).replace("&quot;", '"').replace("&#x27;", "'")
    assert list(response.context["page"]) == []
    assert response.context["page"].paginator.count == 0


def test_bad_input_in_chinese(review, signed_in, manager):
    page = body(signed_in(manager, "zh-hans").get(URL, {"due_from": "2026-09-30", "due_to": "2026-09-01"}))
    assert "“应完成日期起”晚于“应完成日期止”。" in page
    assert "这些筛选条件无法使用：" in page
