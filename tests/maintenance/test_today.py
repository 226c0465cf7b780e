"""Today: a crew's orders, overdue first, in ranges, with their counts, cached cards, a
constant number of queries, pages, the choice of crew and the notifications.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from assets.choices import AssetKind
from assets.models import Asset, RoadDetail
from core.models import Notification
from maintenance import services
from maintenance.models import ChecklistAnswer, ChecklistItem, Crew, CrewMembership, WorkOrder
from tests.factories import ZoneFactory, line, point
from tests.maintenance.crew_pages import listed
from tests.maintenance.factories import DAY, TODAY, PlanFactory
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_today_lists_overdue_first_then_by_due_time(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.get(reverse("today"))
    # The machine's overdue order first; then today's: the 08:30 one before the one with no time.
    assert listed(response) == [world.overdue.pk, world.today.pk, world.done.pk]
    overdue, today = response.context["page"][0], response.context["page"][1]
    assert overdue.overdue and not today.overdue
    page = body(response)
    assert page.index("EQ-01") < page.index("RD-01")
    assert "badge overdue" in page


@pytest.mark.parametrize(
    ("range_", "orders", "counts"),
    [
        ("today", ["overdue", "today", "done"], {"to_do": 1, "overdue": 1, "done": 1}),
        (None, ["overdue", "today", "done"], {"to_do": 1, "overdue": 1, "done": 1}),
        ("bogus", ["overdue", "today", "done"], {"to_do": 1, "overdue": 1, "done": 1}),
        ("tomorrow", ["overdue", "tomorrow"], {"to_do": 1, "overdue": 1, "done": 0}),
        ("week", ["overdue", "today", "done", "tomorrow", "later"], {"to_do": 3, "overdue": 1, "done": 1}),
    ],
)
def test_ranges_and_counts(client, world, crew_member, range_, orders, counts, signed_in):
    signed_in(crew_member)
    response = client.get(reverse("today"), {"range": range_} if range_ else {})
    assert listed(response) == [getattr(world, name).pk for name in orders]
    assert {key: response.context["counts"][key] for key in counts} == counts
    page = body(response)
    for key, value in counts.items():
        assert f'data-count="{key}"><span class="number">{value}</span>' in page


def test_counts_follow_the_work(client, world, crew_member, signed_in):
    signed_in(crew_member)
    services.save_answers(world.today, crew_member, {world.litter.pk: "pass", world.rubbish.pk: "3"})
    services.complete_work_order(world.today, crew_member)
    counts = client.get(reverse("today")).context["counts"]
    assert (counts["to_do"], counts["overdue"], counts["done"]) == (0, 1, 2)


def test_each_row_shows_asset_place_task_progress_and_status(client, world, crew_member, signed_in):
    services.save_answers(world.today, crew_member, {world.litter.pk: "pass", world.remarks.pk: ""})
    signed_in(crew_member)
    response = client.get(reverse("today"))
    rows = {order.pk: order for order in response.context["page"]}
    # A road segment is placed by its road; other assets by their zone.
    assert rows[world.today.pk].place == "皇城路"
    assert rows[world.overdue.pk].place == "厨余处理站"
    # An empty answer does not count as answered.
    assert (rows[world.today.pk].answered, rows[world.today.pk].items) == (1, 3)
    assert (rows[world.overdue.pk].answered, rows[world.overdue.pk].items) == (0, 3)
    page = body(response)
    for text in ["皇城路一段", "RD-01", "皇城路", "Cleaning", "1/3", "08:30", "Scheduled", "Done", "Overdue"]:
        assert text in page, text


def card_of(response, order: WorkOrder) -> str:
    """The HTML of one order's card on Today."""
    page = body(response)
    start = page.index(f'href="{reverse("order-detail", args=[order.pk])}"')
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def test_cards_follow_every_change_though_cached(client, world, crew_member, crew_leader, signed_in):
    signed_in(crew_member)
    first = card_of(client.get(reverse("today")), world.today)
    assert "0/3" in first and "皇城路一段" in first and "Scheduled" in first
    # Cards are cached by their content: each change shows at once, the others stay as they were.
    services.save_answers(world.today, crew_member, {world.litter.pk: "pass"})
    services.start_work_order(world.today, crew_member)
    Asset.objects.filter(pk=world.road.pk).update(name="皇城路东段")
    User.objects.filter(pk=crew_leader.pk).update(first_name="Li", last_name="Wei")
    WorkOrder.objects.filter(pk=world.today.pk).update(assignee=crew_leader)
    response = client.get(reverse("today"))
    changed = card_of(response, world.today)
    assert "1/3" in changed and "皇城路东段" in changed and "In progress" in changed and "Li Wei" in changed
    assert card_of(response, world.overdue) == card_of(client.get(reverse("today")), world.overdue)
    # The same card in the other language, and over a week (its date shown).
    signed_in(crew_member, "zh-hans")
    assert "进行中" in card_of(client.get(reverse("today")), world.today)
    signed_in(crew_member)
    assert world.today.due.strftime("%m-%d") in card_of(client.get(reverse("today"), {"range": "week"}), world.today)
    assert world.today.due.strftime("%m-%d") not in card_of(client.get(reverse("today")), world.today)


def make_many_orders(crew: Crew, count: int) -> None:
    """``count`` open orders of the crew, half of them overdue, on as many assets (road
    segments with their road, and machines), a checklist of three, some answers."""
    zone = ZoneFactory()
    department = zone.lead
    assets = []
    for number in range(count):
        road = number % 2 == 0
        asset = Asset(
            code=f"{crew.code}-{number:04d}",
            name=f"设施{number}",
            kind=AssetKind.ROAD_SEGMENT if road else AssetKind.EQUIPMENT,
            zone=zone,
            department=department,
            geometry=line(number * 1e-4) if road else point(number * 1e-4),
        )
        asset.measure()
        assets.append(asset)
    Asset.objects.bulk_create(assets)
    RoadDetail.objects.bulk_create(
        RoadDetail(asset=asset, road_name=f"路{asset.pk}") for asset in assets if asset.kind == AssetKind.ROAD_SEGMENT
    )
    plan = PlanFactory(crew=crew, due_time=datetime.time(7))
    items = ChecklistItem.objects.bulk_create(
        ChecklistItem(plan=plan, position=position, label=f"Check {position}") for position in range(3)
    )
    orders = WorkOrder.objects.bulk_create(
        WorkOrder(
            plan=plan,
            asset=asset,
            crew=crew,
            occurrence=TODAY - DAY * (number % 2),
            due=TODAY - DAY * (number % 2),
            assignee=crew.members.first() if number % 3 == 0 else None,
        )
        for number, asset in enumerate(assets)
    )
    ChecklistAnswer.objects.bulk_create(
        ChecklistAnswer(order=order, item=items[0], passed=True) for order in orders[::2]
    )


@pytest.mark.parametrize("count", [10, 500])
def test_today_runs_constant_queries(
    client, crew_member, crew_of_member, crew_of_outsider, django_assert_num_queries, count, signed_in
):
    make_many_orders(crew_of_member, count)
    make_many_orders(crew_of_outsider, 5)
    Notification.objects.create(user=crew_member, message="Something went overdue")
    signed_in(crew_member)
    client.get(reverse("today"))  # the first visit notes in the session that the user is in a crew
    # session, user, the user's crews (+ leader flag), the user's permissions and group
    # permissions, the page of orders (as plain rows: asset, zone, road, task type, assignee,
    # checklist items and answers counted by subqueries, the counts as window aggregates),
    # the first unread notifications (+ their total)
    with django_assert_num_queries(7):
        response = client.get(reverse("today"))
    assert response.status_code == 200
    assert response.context["counts"]["to_do"] + response.context["counts"]["overdue"] == count
    assert len(listed(response)) == min(count, 100)
    assert response.context["page"].paginator.count == count
    assert response.context["unread_count"] == 1


@pytest.mark.parametrize("count", [10, 500])
def test_today_for_a_manager_runs_constant_queries(
    client, manager, crew_of_member, django_assert_num_queries, count, signed_in
):
    make_many_orders(crew_of_member, count)
    signed_in(manager)
    client.get(reverse("today"))
    # session, user, the user's crews (none), permissions, group permissions, every crew (the
    # crew picker), the page of orders (+ counts), the unread notifications
    with django_assert_num_queries(8):
        response = client.get(reverse("today"), {"range": "week"})
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [10, 500])
def test_today_map_data_runs_constant_queries(
    client, crew_member, crew_of_member, crew_of_outsider, django_assert_num_queries, count, signed_in
):
    make_many_orders(crew_of_member, count)
    make_many_orders(crew_of_outsider, 5)
    signed_in(crew_member)
    client.get(reverse("today"))
    # session, user, the user's crews (+ leader flag), the user's permissions and group
    # permissions, the listed orders (+ asset, plan, task type)
    with django_assert_num_queries(6):
        response = client.get(reverse("today-geojson"))
    assert response.status_code == 200
    assert len(response.json()["features"]) == count


def test_today_paginates(client, crew_member, crew_of_member, signed_in):
    make_many_orders(crew_of_member, 130)
    signed_in(crew_member)
    first = client.get(reverse("today"))
    second = client.get(reverse("today"), {"page": 2})
    assert len(listed(first)) == 100 and len(listed(second)) == 30
    assert not set(listed(first)) & set(listed(second))
    assert "range=today&amp;page=2" in body(first)
    # The counts are the whole list's on every page.
    assert first.context["counts"] == second.context["counts"] == {"to_do": 65, "overdue": 65, "done": 0, "listed": 130}


@pytest.mark.parametrize(("asked", "shown"), [("9", 2), ("0", 1), ("-3", 1), ("two", 1), ("", 1)])
def test_a_page_number_out_of_range_shows_the_nearest_page(
    client, crew_member, crew_of_member, asked, shown, signed_in
):
    make_many_orders(crew_of_member, 130)
    signed_in(crew_member)
    response = client.get(reverse("today"), {"page": asked})
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert len(listed(response)) == (30 if shown == 2 else 100)
    assert response.context["counts"]["listed"] == 130


def test_an_empty_day_has_zero_counts(client, crew_member, crew_of_member, signed_in):
    signed_in(crew_member)
    for page in ["1", "3"]:
        response = client.get(reverse("today"), {"page": page})
        assert response.context["counts"] == {"to_do": 0, "overdue": 0, "done": 0, "listed": 0}
        assert "Nothing to do in this period." in body(response)


def test_a_member_of_several_crews_may_pick_one(client, world, crew_member, signed_in):
    CrewMembership.objects.create(crew=world.other_crew, user=crew_member)
    signed_in(crew_member)
    both = client.get(reverse("today"))
    # The day's open orders of both crews, then the done one.
    assert listed(both) == [world.overdue.pk, world.today.pk, world.other.pk, world.done.pk]
    assert 'id="crew-select"' in body(both)
    one = client.get(reverse("today"), {"crew": world.other_crew.pk})
    assert listed(one) == [world.other.pk]
    assert client.get(reverse("today"), {"crew": 999999}).status_code == 404


def test_managers_see_every_crew_and_may_pick_one(client, world, manager, signed_in):
    signed_in(manager)
    response = client.get(reverse("today"))
    assert listed(response) == [world.overdue.pk, world.today.pk, world.other.pk, world.done.pk]
    assert [crew.pk for crew in response.context["scope"].options] == [world.other_crew.pk, world.crew.pk]
    picked = client.get(reverse("today"), {"crew": world.other_crew.pk, "range": "week"})
    assert listed(picked) == [world.other.pk]
    # The picked crew's calendar feed, with a reset button.
    page = body(picked)
    assert f"http://testserver/calendar/{world.other_crew.calendar_token}.ics" in page
    assert reverse("crew-calendar-reset", args=[world.other_crew.pk]) in page


def test_a_manager_in_a_crew_sees_that_crew_first(client, world, manager, signed_in):
    CrewMembership.objects.create(crew=world.other_crew, user=manager, is_leader=True)
    signed_in(manager)
    response = client.get(reverse("today"))
    assert listed(response) == [world.other.pk]
    # ... and may still pick any other crew.
    assert world.today.pk in listed(client.get(reverse("today"), {"crew": world.crew.pk}))


def test_notifications_are_shown_and_marked_read(client, world, crew_member, outsider, signed_in):
    mine = Notification.objects.create(
        user=crew_member, url=world.overdue.get_absolute_url(), message="EQ-01 has gone overdue"
    )
    theirs = Notification.objects.create(user=outsider, message="Not for the crew member")
    signed_in(crew_member)
    page = body(client.get(reverse("today")))
    assert "EQ-01 has gone overdue" in page and "Not for the crew member" not in page
    assert '<span class="count"' in page
    response = client.post(reverse("notifications-read"), {"back": "range=week&next=https://evil.example"})
    assert response.url == reverse("today") + "?range=week"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read is not None and theirs.read is None
    assert "EQ-01 has gone overdue" not in body(client.get(reverse("today")))


def test_a_page_number_beyond_any_list_shows_the_last_page(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.get(reverse("today"), {"page": "1" + "0" * 20})
    assert response.status_code == 200
    assert listed(response) == [world.overdue.pk, world.today.pk, world.done.pk]
