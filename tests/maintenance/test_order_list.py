"""The work-order list: who sees which rows (queries.orders_for_user), what a row shows,
the order and pages, the link in the navigation, both languages and a constant number of
queries. Its filters: test_order_list_filters; its exports: test_order_export.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import datetime

import pytest
from django.urls import reverse

from maintenance.choices import OrderStatus
from maintenance.models import WorkOrder
from tests.factories import AssetFactory
from tests.maintenance.factories import DAY, TODAY, PlanFactory
from tests.maintenance.order_review import make_review
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

URL = reverse("order-list")


@pytest.fixture
def review(crew_of_member, crew_of_outsider, outsider):
    return make_review(crew_of_member, crew_of_outsider, assignee=outsider)


def listed(response) -> list[int]:
    return [order.pk for order in response.context["page"]]


def pks(orders) -> list[int]:
    return [order.pk for order in orders]


@pytest.mark.parametrize("person", ["manager", "inspector", "administrator"])
def test_those_who_see_every_crew_see_every_order_in_due_order(request, review, signed_in, person):
    response = signed_in(request.getfixturevalue(person)).get(URL)
    assert response.status_code == 200
    assert listed(response) == pks(review.in_list_order())


def test_a_crew_member_sees_only_the_orders_of_their_crews(review, signed_in, crew_member, outsider, client):
    assert listed(signed_in(crew_member).get(URL)) == pks([review.on_time, review.late, review.skipped, review.today])
    assert listed(signed_in(outsider).get(URL)) == pks([review.overdue, review.cancelled, review.later])


def test_a_crew_member_is_offered_only_their_crews_and_plans(review, signed_in, crew_member):
    form = signed_in(crew_member).get(URL).context["filter"].form
    assert list(form.fields["crew"].queryset) == [review.crew]
    assert list(form.fields["plan"].queryset) == [review.sweeping]
    # The other crew's id is refused like an unknown one: nothing of it shows.
    response = signed_in(crew_member).get(URL, {"crew": review.other_crew.pk})
    assert listed(response) == []
    assert "Select a valid choice" in body(response)


def test_the_planning_bureau_in_no_crew_reads_every_order(review, signed_in, planner):
    response = signed_in(planner).get(URL)
    assert (response.status_code, listed(response)) == (200, pks(review.in_list_order()))


def test_a_visitor_is_sent_to_sign_in(client, review):
    response = client.get(URL)
    assert (response.status_code, response.url) == (302, f"/accounts/login/?next={URL}")


def test_a_row_shows_due_asset_place_plan_task_crew_outcome_closed_and_assignee(review, signed_in, manager):
    page = body(signed_in(manager).get(URL))
    row = page.split(f'data-order="{review.today.pk}"')[1].split("</tr>")[0]
    assert f'<a href="/orders/{review.today.pk}/"><span class="code">RD-01</span> 皇城路一段</a>' in row
    for text in ["2026-09-28", "08:30", "皇城路", "道路清扫", "Cleaning", "Sanitation crew 1", "In progress"]:
        assert text in row
    late = page.split(f'data-order="{review.late.pk}"')[1].split("</tr>")[0]
    # Closed at 00:30 on the 27th in the zone (16:30 UTC on the 26th): shown in the zone's time.
    assert "Done late" in late and "2026-09-27 00:30" in late
    later = page.split(f'data-order="{review.later.pk}"')[1].split("</tr>")[0]
    assert "outsider" in later and "West zone" in later and "Landscaping crew" in later


def test_outcomes_shown(review, signed_in, manager):
    response = signed_in(manager).get(URL)
    outcomes = {order.pk: str(order.outcome_now.label) for order in response.context["page"]}
    assert outcomes == {
        review.on_time.pk: "Done on time",
        review.late.pk: "Done late",
        review.overdue.pk: "Overdue",
        review.skipped.pk: "Skipped",
        review.today.pk: "In progress",
        review.cancelled.pk: "Cancelled",
        review.later.pk: "Scheduled",
    }


def test_the_list_in_chinese(review, signed_in, manager):
    page = body(signed_in(manager, "zh-hans").get(URL))
    words = ["工单", "按期完成", "逾期完成", "已跳过", "已取消", "导出 XLSX", "东区", "环卫一班", "全部计划"]
    assert [word for word in words if word not in page] == []
    assert '<span class="badge outcome outcome-overdue">逾期</span>' in page


def test_pages_hold_fifty_orders_in_a_stable_order(signed_in, manager, crew_of_member):
    plan = PlanFactory(crew=crew_of_member)
    assets = [AssetFactory() for _ in range(60)]
    # Same due date and time for all: the id decides, so no order shows on two pages.
    WorkOrder.objects.bulk_create(
        WorkOrder(plan=plan, asset=asset, crew=plan.crew, occurrence=TODAY, due=TODAY, due_time=datetime.time(9))
        for asset in reversed(assets)
    )
    first = listed(signed_in(manager).get(URL))
    second = listed(signed_in(manager).get(URL, {"page": 2}))
    assert len(first) == 50 and len(second) == 10
    assert first + second == sorted(WorkOrder.objects.values_list("pk", flat=True))
    # The next page's link keeps the filters.
    page = body(signed_in(manager).get(URL, {"status": "open"}))
    assert 'href="?status=open&amp;page=2"' in page
    assert listed(signed_in(manager).get(URL, {"page": "99"})) == second
    assert listed(signed_in(manager).get(URL, {"page": "x"})) == first


@pytest.mark.parametrize(
    ("person", "shown"), [("manager", True), ("inspector", True), ("crew_member", True), ("planner", True)]
)
def test_the_navigation_links_the_list_for_those_who_see_orders(request, signed_in, review, person, shown):
    user = request.getfixturevalue(person)
    client = signed_in(user)
    client.get(reverse("home"), follow=True)  # home (and Today) note a crew member's crews in the session
    page = body(client.get(reverse("asset-list")))
    assert (f'<a href="{URL}">Work orders</a>' in page) is shown


@pytest.mark.parametrize("count", [5, 120])
def test_the_list_runs_constant_queries(signed_in, manager, crew_of_member, django_assert_num_queries, count):
    plans = [PlanFactory(crew=crew_of_member) for _ in range(3)]
    assets = [AssetFactory() for _ in range(4)]
    WorkOrder.objects.bulk_create(
        WorkOrder(
            plan=plans[n % 3],
            asset=assets[n % 4],
            crew=crew_of_member,
            occurrence=TODAY + (n // 12) * DAY,
            due=TODAY + (n // 12) * DAY - 3 * DAY,
            status=OrderStatus.DONE if n % 2 else OrderStatus.SCHEDULED,
            closed=None if n % 2 == 0 else datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC),
            assignee=manager if n % 5 == 0 else None,
        )
        for n in range(count)
    )
    client = signed_in(manager)
    # session, user, the user's permissions (own, groups'), count, the page of orders
    # (+ plan, task type, asset, zone, road, crew, assignee), the filters' options: crews,
    # departments, zones, plans, task types
    with django_assert_num_queries(11):
        response = client.get(URL, {"status": "open", "due_from": "2026-09-01"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == (count + 1) // 2
