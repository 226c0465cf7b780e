"""The crews' pages: Today (list, map, GeoJSON), a work order's page and its form, the
reassignment, the crew's calendar feed and its reset — who may see and do what, and what
each does.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import datetime
import io
from dataclasses import dataclass

import icalendar
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from assets.choices import AssetKind
from assets.models import Asset, RoadDetail
from maintenance import services
from maintenance.choices import ChecklistItemKind, OrderStatus
from maintenance.models import (
    ChecklistAnswer,
    ChecklistItem,
    Crew,
    CrewMembership,
    Notification,
    Plan,
    WorkOrder,
    WorkOrderPhoto,
)
from tests.factories import AssetFactory, ZoneFactory, line, point
from tests.maintenance.factories import TODAY, PlanFactory, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

DAY = datetime.timedelta(days=1)


# --- The world ---------------------------------------------------------------------------


def make_order(plan: Plan, asset: Asset, due: datetime.date, status=OrderStatus.SCHEDULED, **fields) -> WorkOrder:
    if status in (OrderStatus.DONE, OrderStatus.SKIPPED, OrderStatus.CANCELLED):
        fields.setdefault("closed", timezone.now())
    if status == OrderStatus.SKIPPED:
        fields.setdefault("skip_reason", "Road closed")
    fields.setdefault("due_time", plan.due_time)
    return WorkOrder.objects.create(
        plan=plan, asset=asset, crew=plan.crew, occurrence=due, due=due, status=status, **fields
    )


@dataclass
class World:
    crew: Crew
    other_crew: Crew
    plan: Plan
    litter: ChecklistItem  # pass / fail, required
    rubbish: ChecklistItem  # number in kg, required
    remarks: ChecklistItem  # text, optional
    road: Asset
    machine: Asset
    today: WorkOrder  # the road, due today 08:30
    overdue: WorkOrder  # the machine, due two days ago, still open
    done: WorkOrder  # the machine, due today, done
    tomorrow: WorkOrder
    later: WorkOrder  # due in four days
    cancelled: WorkOrder  # due today, cancelled: listed nowhere
    old_done: WorkOrder  # due three days ago, done: neither overdue nor in any range
    other: WorkOrder  # the other crew's, due today


@pytest.fixture
def world(crew_of_member, crew_of_outsider) -> World:
    road = AssetFactory(code="RD-01", name="皇城路一段", kind=AssetKind.ROAD_SEGMENT, geometry=line())
    RoadDetail.objects.create(asset=road, road_name="皇城路")
    machine = AssetFactory(
        code="EQ-01", name="一号厨余处理机", geometry=point(0.01, 0.01), zone=ZoneFactory(name="厨余处理站")
    )
    plan = PlanFactory(name="Daily sweeping", crew=crew_of_member, due_time=datetime.time(8, 30))
    litter = ChecklistItem.objects.create(plan=plan, position=1, label="Litter picked")
    rubbish = ChecklistItem.objects.create(
        plan=plan, position=2, label="Rubbish collected", kind=ChecklistItemKind.NUMBER, unit="kg"
    )
    remarks = ChecklistItem.objects.create(
        plan=plan, position=3, label="Remarks", kind=ChecklistItemKind.TEXT, required=False
    )
    other_plan = PlanFactory(name="Watering", crew=crew_of_outsider)
    spare = AssetFactory(code="EQ-02", name="二号厨余处理机")
    return World(
        crew=crew_of_member,
        other_crew=crew_of_outsider,
        plan=plan,
        litter=litter,
        rubbish=rubbish,
        remarks=remarks,
        road=road,
        machine=machine,
        today=make_order(plan, road, TODAY),
        overdue=make_order(plan, machine, TODAY - 2 * DAY, due_time=None),
        done=make_order(plan, machine, TODAY, OrderStatus.DONE, due_time=None),
        tomorrow=make_order(plan, road, TODAY + DAY),
        later=make_order(plan, road, TODAY + 4 * DAY),
        cancelled=make_order(plan, spare, TODAY, OrderStatus.CANCELLED),
        old_done=make_order(plan, road, TODAY - 3 * DAY, OrderStatus.DONE),
        other=make_order(other_plan, AssetFactory(code="PK-01", name="中心公园"), TODAY),
    )


@pytest.fixture
def leader(crew_of_member):
    return CrewMembership.objects.get(crew=crew_of_member, is_leader=True).user


def body(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def listed(response) -> list[int]:
    return [order.pk for order in response.context["page"]]


def work(world: World, action: str = "save", **overrides) -> dict:
    """What a crew member sends from the order page: every item answered."""
    data = {
        f"item-{world.litter.pk}": "pass",
        f"item-{world.rubbish.pk}": "12.5",
        f"item-{world.remarks.pk}": "",
        "notes": "",
        "minutes_spent": "",
        "reason": "",
        "action": action,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def jpeg(size=(300, 200), taken: str | None = "2026:09:28 08:15:00", name="photo.jpg") -> SimpleUploadedFile:
    """A real JPEG, with the camera's capture time in EXIF DateTimeOriginal."""
    image = Image.new("RGB", size, (70, 130, 60))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken  # Exif IFD → DateTimeOriginal
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def answers_of(order: WorkOrder) -> dict[str, object]:
    return {answer.item.label: answer.value() for answer in order.answers.select_related("item")}


# --- Who sees what -----------------------------------------------------------------------


def page_urls(world: World) -> dict[str, str]:
    return {
        "today": reverse("today"),
        "map": reverse("today-map"),
        "geojson": reverse("today-geojson"),
        "order": reverse("order-detail", args=[world.today.pk]),
    }


@pytest.mark.parametrize("page", ["today", "map", "geojson", "order"])
def test_anonymous_is_sent_to_login(client, world, page):
    response = client.get(page_urls(world)[page])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_posts_are_sent_to_login(client, world):
    for url in [
        reverse("order-detail", args=[world.today.pk]),
        reverse("order-reassign", args=[world.today.pk]),
        reverse("crew-calendar-reset", args=[world.crew.pk]),
    ]:
        response = client.post(url, work(world, "complete"))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert WorkOrder.objects.get(pk=world.today.pk).status == OrderStatus.SCHEDULED


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("crew_member", {"today": 200, "map": 200, "geojson": 200, "order": 200}),
        # Another crew's order is not there: 404, as if it did not exist.
        ("outsider", {"today": 200, "map": 200, "geojson": 200, "order": 404}),
        # The planning bureau sees no crews' orders at all.
        ("planner", {"today": 404, "map": 404, "geojson": 404, "order": 404}),
        ("inspector", {"today": 200, "map": 200, "geojson": 200, "order": 200}),
        ("manager", {"today": 200, "map": 200, "geojson": 200, "order": 200}),
        ("administrator", {"today": 200, "map": 200, "geojson": 200, "order": 200}),
    ],
)
def test_each_role_gets_the_pages_it_may_see(client, world, request, role, expected, signed_in):
    signed_in(request.getfixturevalue(role))
    statuses = {page: client.get(url).status_code for page, url in page_urls(world).items()}
    assert statuses == expected


@pytest.mark.parametrize(
    ("role", "sees_first_crew", "sees_other_crew"),
    [
        ("crew_member", True, False),
        ("outsider", False, True),
        ("inspector", True, True),
        ("manager", True, True),
    ],
)
def test_today_the_map_and_geojson_list_the_crews_orders_only(
    client, world, request, role, sees_first_crew, sees_other_crew, signed_in
):
    signed_in(request.getfixturevalue(role))
    today = client.get(reverse("today"))
    features = client.get(reverse("today-geojson")).json()["features"]
    for order, shown in [(world.today, sees_first_crew), (world.other, sees_other_crew)]:
        assert (order.pk in listed(today)) is shown
        assert (order.get_absolute_url() in body(today)) is shown
        assert (order.pk in [feature["id"] for feature in features]) is shown


def test_an_outsider_can_do_nothing_to_another_crews_order(client, world, outsider, leader, signed_in):
    signed_in(outsider)
    url = reverse("order-detail", args=[world.today.pk])
    before = list(WorkOrder.objects.order_by("pk").values()), list(ChecklistAnswer.objects.values())
    assert client.get(url).status_code == 404
    assert client.post(url, work(world, "save", notes="Not mine")).status_code == 404
    assert client.post(url, work(world, "complete")).status_code == 404
    assert client.post(url, work(world, "skip", reason="Tampering")).status_code == 404
    assert client.post(url, {"photo": jpeg(), "action": "save"}).status_code == 404
    response = client.post(reverse("order-reassign", args=[world.today.pk]), {"assignee": outsider.pk})
    assert response.status_code == 404
    assert client.post(reverse("crew-calendar-reset", args=[world.crew.pk])).status_code == 404
    # Choosing the other crew on Today by its id is a 404 too.
    assert client.get(reverse("today"), {"crew": world.crew.pk}).status_code == 404
    assert client.get(reverse("today-geojson"), {"crew": world.crew.pk}).status_code == 404
    assert (list(WorkOrder.objects.order_by("pk").values()), list(ChecklistAnswer.objects.values())) == before
    assert not WorkOrderPhoto.objects.exists()


def test_the_planning_bureau_cannot_post_either(client, world, planner, signed_in):
    signed_in(planner)
    assert client.post(reverse("order-detail", args=[world.today.pk]), work(world, "complete")).status_code == 404
    assert client.post(reverse("order-reassign", args=[world.today.pk]), {}).status_code == 404
    assert client.post(reverse("crew-calendar-reset", args=[world.crew.pk])).status_code == 404
    assert WorkOrder.objects.get(pk=world.today.pk).status == OrderStatus.SCHEDULED


def test_an_inspector_looks_but_does_not_touch(client, world, inspector, signed_in):
    signed_in(inspector)
    page = body(client.get(reverse("order-detail", args=[world.today.pk])))
    assert 'id="order-form"' not in page
    assert 'value="complete"' not in page
    assert reverse("order-reassign", args=[world.today.pk]) not in page
    url = reverse("order-detail", args=[world.today.pk])
    assert client.post(url, work(world, "complete")).status_code == 403
    assert client.post(reverse("order-reassign", args=[world.today.pk]), {}).status_code == 403
    assert client.post(reverse("crew-calendar-reset", args=[world.crew.pk])).status_code == 403
    assert WorkOrder.objects.get(pk=world.today.pk).status == OrderStatus.SCHEDULED
    assert not ChecklistAnswer.objects.exists()


@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_managers_may_work_on_any_crews_order(client, world, request, role, signed_in):
    signed_in(request.getfixturevalue(role))
    page = body(client.get(reverse("order-detail", args=[world.other.pk])))
    assert 'id="order-form"' in page and 'value="complete"' in page
    response = client.post(reverse("order-detail", args=[world.other.pk]), {"action": "complete"})
    assert response.status_code == 302
    assert WorkOrder.objects.get(pk=world.other.pk).status == OrderStatus.DONE


@pytest.mark.parametrize(
    ("role", "destination"),
    [("crew_member", "today"), ("inspector", "asset-map"), ("manager", "asset-map"), ("planner", "asset-map")],
)
def test_home_sends_crews_to_today_and_others_to_the_map(client, world, request, role, destination, signed_in):
    signed_in(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(destination)


@pytest.mark.parametrize(
    ("role", "shown"), [("crew_member", True), ("outsider", True), ("inspector", True), ("planner", False)]
)
def test_the_today_link_is_shown_to_crews_and_those_who_see_orders(client, world, request, role, shown, signed_in):
    signed_in(request.getfixturevalue(role))
    client.get(reverse("home"))  # signing in lands here
    assert (f'href="{reverse("today")}"' in body(client.get(reverse("asset-list")))) is shown


# --- Today -------------------------------------------------------------------------------


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


def test_cards_follow_every_change_though_cached(client, world, crew_member, leader, signed_in):
    signed_in(crew_member)
    first = card_of(client.get(reverse("today")), world.today)
    assert "0/3" in first and "皇城路一段" in first and "Scheduled" in first
    # Cards are cached by their content: each change shows at once, the others stay as they were.
    services.save_answers(world.today, crew_member, {world.litter.pk: "pass"})
    services.start_work_order(world.today, crew_member)
    Asset.objects.filter(pk=world.road.pk).update(name="皇城路东段")
    User.objects.filter(pk=leader.pk).update(first_name="Li", last_name="Wei")
    WorkOrder.objects.filter(pk=world.today.pk).update(assignee=leader)
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
    assert {world.today.pk, world.other.pk} <= set(listed(both))
    assert 'id="crew-select"' in body(both)
    one = client.get(reverse("today"), {"crew": world.other_crew.pk})
    assert listed(one) == [world.other.pk]
    assert client.get(reverse("today"), {"crew": 999999}).status_code == 404


def test_managers_see_every_crew_and_may_pick_one(client, world, manager, signed_in):
    signed_in(manager)
    response = client.get(reverse("today"))
    assert {world.today.pk, world.other.pk} <= set(listed(response))
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
    mine = Notification.objects.create(user=crew_member, order=world.overdue, message="EQ-01 has gone overdue")
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


# --- The map -----------------------------------------------------------------------------


def test_geojson_has_the_lists_orders_as_points(client, world, crew_member, signed_in):
    signed_in(crew_member)
    data = client.get(reverse("today-geojson")).json()
    features = {feature["id"]: feature for feature in data["features"]}
    assert list(features) == [world.overdue.pk, world.today.pk, world.done.pk]
    assert data["truncated"] is False
    road = features[world.today.pk]
    # A line is shown at a point on it.
    assert road["geometry"]["type"] == "Point"
    lon, lat = road["geometry"]["coordinates"]
    assert 120.05 <= lon <= 120.055 and lat == pytest.approx(28.90)
    assert road["properties"] == {
        "status": "scheduled",
        "status_label": "Scheduled",
        "overdue": False,
        "url": world.today.get_absolute_url(),
        "name": "皇城路一段",
        "code": "RD-01",
        "task": "Cleaning",
        "plan": "Daily sweeping",
        "due": TODAY.isoformat(),
        "due_time": "08:30",
    }
    assert features[world.overdue.pk]["properties"]["overdue"] is True
    assert features[world.done.pk]["properties"]["status"] == "done"
    week = client.get(reverse("today-geojson"), {"range": "week"}).json()
    assert len(week["features"]) == 5


def test_the_map_page_loads_leaflet_locally_and_asks_for_todays_orders(client, world, crew_member, settings, signed_in):
    settings.MAP_TILES_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    signed_in(crew_member)
    page = body(client.get(reverse("today-map"), {"range": "tomorrow"}))
    assert "/static/leaflet/leaflet.js" in page
    assert "tiles.example.test" in page
    assert "Shouwei.todayMap" in page
    assert reverse("today-geojson") + "?range=tomorrow" in page


# --- The order page ----------------------------------------------------------------------


def test_the_order_page_shows_the_work(client, world, crew_member, signed_in):
    world.plan.instructions = "Sweep both sides, empty the bins."
    world.plan.save()
    signed_in(crew_member)
    page = body(client.get(world.today.get_absolute_url()))
    for text in [
        "皇城路一段",
        "RD-01",
        "皇城路",
        "Daily sweeping",
        "Cleaning",
        "Sweep both sides",
        "2026-09-28",
        "08:30",
    ]:
        assert text in page, text
    # Navigation: the phone's map app, and AMap told that the coordinates are GPS ones.
    assert 'href="geo:28.900000,120.0525' in page
    assert "https://uri.amap.com/marker?position=120.0525" in page
    assert "coordinate=wgs84" in page
    # One form: big pass/fail choices, numbers with their unit, the camera.
    assert f'type="radio" id="id_item-{world.litter.pk}-pass" name="item-{world.litter.pk}" value="pass"' in page
    assert f'inputmode="decimal" autocomplete="off" id="id_item-{world.rubbish.pk}"' in page
    assert '<span class="unit">kg</span>' in page
    assert 'type="file" name="photo" accept="image/*" capture="environment"' in page
    for action in ["save", "start", "complete", "skip"]:
        assert f'name="action" value="{action}"' in page
    assert f'data-order="{world.today.pk}"' in page and f'data-version="{world.today.updated.isoformat()}"' in page
    assert "/static/js/orders.js" in page


def test_the_order_page_runs_few_queries(client, world, crew_member, django_assert_num_queries, signed_in):
    signed_in(crew_member)
    # session, user, the order (+ plan, task type, asset, zone, road, crew, assignee, closed by),
    # permissions, group permissions, checklist, answers (+ items), may work on it (crew
    # membership), leads the crew, photos
    with django_assert_num_queries(10):
        assert client.get(world.today.get_absolute_url()).status_code == 200


def test_save_keeps_answers_notes_and_time(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(
        world.today.get_absolute_url(),
        work(world, **{f"item-{world.remarks.pk}": "Bins full", "notes": "Leaves", "minutes_spent": "25"}),
    )
    assert response.status_code == 302 and response.url == world.today.get_absolute_url()
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert answers_of(order) == {"Litter picked": True, "Rubbish collected": 12.5, "Remarks": "Bins full"}
    assert (order.notes, order.minutes_spent, order.status) == ("Leaves", 25, OrderStatus.SCHEDULED)
    page = client.get(order.get_absolute_url())
    assert messages_of(page) == ["Saved."]
    html = body(page)
    assert f'name="item-{world.litter.pk}" value="pass" checked' in html
    assert f'name="item-{world.rubbish.pk}" value="12.5"' in html
    assert "Bins full</textarea>" in html


def test_an_untouched_item_writes_nothing(client, world, crew_member, signed_in):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), work(world, **{f"item-{world.litter.pk}": None}))
    assert answers_of(world.today) == {"Rubbish collected": 12.5}


def test_a_bad_number_is_shown_as_typed_and_the_rest_is_saved(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(
        world.today.get_absolute_url(),
        work(world, "complete", **{f"item-{world.rubbish.pk}": "twelve", "notes": "Half done"}),
    )
    assert response.status_code == 200
    html = body(response)
    assert "Rubbish collected: enter a number, e.g. 12.5." in html
    assert f'name="item-{world.rubbish.pk}" value="twelve"' in html
    assert "Not everything could be saved" in messages_of(response)[0]
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert answers_of(order) == {"Litter picked": True}
    assert order.notes == "Half done"
    assert order.status == OrderStatus.SCHEDULED  # the action waits for the fix


def test_a_number_too_large_is_a_field_error_not_a_server_error(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(world.today.get_absolute_url(), work(world, **{f"item-{world.rubbish.pk}": "1e12"}))
    assert response.status_code == 200
    assert f'name="item-{world.rubbish.pk}" value="1e12"' in body(response)
    assert 'class="check has-errors" id="check-' in body(response)
    assert answers_of(world.today) == {"Litter picked": True}


def test_a_number_rounding_past_the_limit_is_a_field_error(client, world, crew_member, signed_in):
    signed_in(crew_member)
    typed = "99999999999.9999"  # under 10^11, but stored with three decimals it is not
    response = client.post(world.today.get_absolute_url(), work(world, **{f"item-{world.rubbish.pk}": typed}))
    assert response.status_code == 200
    assert f'name="item-{world.rubbish.pk}" value="{typed}"' in body(response)
    assert answers_of(world.today) == {"Litter picked": True}


def test_a_vanishingly_small_number_is_stored_as_zero(client, world, crew_member, signed_in):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), work(world, **{f"item-{world.rubbish.pk}": "1e-99999"}))
    assert answers_of(world.today)["Rubbish collected"] == 0


def test_a_refused_answer_leaves_the_saved_one(client, world, crew_member, signed_in):
    signed_in(crew_member)
    url = world.today.get_absolute_url()
    client.post(url, work(world, **{f"item-{world.remarks.pk}": "Bench broken"}))
    response = client.post(url, work(world, **{f"item-{world.remarks.pk}": "Bench\x00 fixed"}))
    assert response.status_code == 200
    assert answers_of(world.today)["Remarks"] == "Bench broken"


def test_a_page_number_beyond_any_list_shows_the_last_page(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.get(reverse("today"), {"page": "1" + "0" * 20})
    assert response.status_code == 200
    assert listed(response) == [world.overdue.pk, world.today.pk, world.done.pk]


def test_negative_minutes_are_refused_and_the_rest_is_saved(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(world.today.get_absolute_url(), work(world, notes="Swept", minutes_spent="-5"))
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in body(response)
    assert 'value="-5"' in body(response)
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert (order.notes, order.minutes_spent) == ("Swept", None)
    assert answers_of(order) == {"Litter picked": True, "Rubbish collected": 12.5}


def test_start(client, world, crew_member, signed_in):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), work(world, "start"))
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert order.status == OrderStatus.IN_PROGRESS and order.assignee == crew_member
    assert 'value="start"' not in body(client.get(order.get_absolute_url()))


def test_completion_is_refused_until_the_required_items_are_answered(client, world, crew_member, signed_in):
    signed_in(crew_member)
    url = world.today.get_absolute_url()
    response = client.post(
        url, work(world, "complete", **{f"item-{world.litter.pk}": None, f"item-{world.rubbish.pk}": ""})
    )
    assert response.status_code == 200
    assert messages_of(response) == [
        "Answer every required checklist item before completing: Litter picked, Rubbish collected."
    ]
    assert body(response).count("Required before completing.") == 2
    assert WorkOrder.objects.get(pk=world.today.pk).status == OrderStatus.SCHEDULED
    # The optional remark is not needed.
    response = client.post(url, work(world, "complete"), follow=True)
    assert response.redirect_chain == [(reverse("today"), 302)]
    assert messages_of(response) == ["皇城路一段 RD-01: done."]
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert (order.status, order.closed_by) == (OrderStatus.DONE, crew_member)
    assert answers_of(order) == {"Litter picked": True, "Rubbish collected": 12.5}


def test_skipping_needs_a_reason(client, world, crew_member, signed_in):
    signed_in(crew_member)
    url = world.today.get_absolute_url()
    response = client.post(url, work(world, "skip", reason="  "))
    assert response.status_code == 200
    assert messages_of(response) == ["Skipping a work order needs a reason."]
    assert '<details class="skip open-errors" open>' in body(response)
    assert WorkOrder.objects.get(pk=world.today.pk).status == OrderStatus.SCHEDULED
    client.post(url, work(world, "skip", reason="Road dug up by the water company"))
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert (order.status, order.skip_reason) == (OrderStatus.SKIPPED, "Road dug up by the water company")


def test_a_closed_order_is_read_only(client, world, crew_member, signed_in):
    ChecklistAnswer.objects.create(order=world.done, item=world.litter, passed=False)
    ChecklistAnswer.objects.create(order=world.done, item=world.rubbish, number="4.250")
    signed_in(crew_member)
    html = body(client.get(world.done.get_absolute_url()))
    assert 'id="order-form"' not in html and 'name="action"' not in html
    assert "✗ Fail" in html and "4.25 kg" in html
    before = list(WorkOrder.objects.filter(pk=world.done.pk).values()), list(ChecklistAnswer.objects.values())
    response = client.post(world.done.get_absolute_url(), work(world, "complete", notes="Again"))
    assert response.status_code == 200
    assert messages_of(response) == ["This work order is already done. Its checklist cannot be changed."]
    after = list(WorkOrder.objects.filter(pk=world.done.pk).values()), list(ChecklistAnswer.objects.values())
    assert after == before


def test_get_is_the_only_other_method(client, world, crew_member, signed_in):
    signed_in(crew_member)
    assert client.put(world.today.get_absolute_url()).status_code == 405
    assert client.get(reverse("order-reassign", args=[world.today.pk])).status_code == 405
    assert client.get(reverse("crew-calendar-reset", args=[world.crew.pk])).status_code == 405


# --- Photos ------------------------------------------------------------------------------


def test_a_photo_is_stored_resized_with_its_capture_time(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(world.today.get_absolute_url(), {**work(world), "photo": jpeg((3000, 2000))}, follow=True)
    assert messages_of(response) == ["Saved. The photo was added."]
    photo = WorkOrderPhoto.objects.get(order=world.today)
    assert photo.uploaded_by == crew_member
    assert photo.taken == at(TODAY, 8) + datetime.timedelta(minutes=15)
    with Image.open(photo.image.path) as stored:
        assert stored.size == (1600, 1067)
        assert stored.format == "JPEG"
    html = body(response)
    assert photo.image.url in html and "09-28 08:15" in html
    assert client.get(photo.image.url).status_code == 200


def test_an_orders_photo_is_served_only_to_those_who_see_the_order(
    client, world, crew_member, outsider, manager, signed_in
):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), {**work(world), "photo": jpeg()})
    url = WorkOrderPhoto.objects.get(order=world.today).image.url
    for person, status in [(outsider, 404), (manager, 200), (crew_member, 200)]:
        signed_in(person)
        assert client.get(url).status_code == status, person
    # Nothing but uploaded photos is served, and nothing outside MEDIA_ROOT.
    assert client.get(url.replace(".jpg", ".png")).status_code == 404
    assert client.get(f"{settings.MEDIA_URL}../config/settings.py".replace("media/", "/media/", 1)).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login


def test_a_photo_without_exif_has_no_capture_time(client, world, crew_member, signed_in):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), {**work(world), "photo": jpeg(taken=None)})
    photo = WorkOrderPhoto.objects.get(order=world.today)
    assert photo.taken is None
    assert "uploaded 09-28 09:00" in body(client.get(world.today.get_absolute_url()))


def test_a_file_that_is_not_a_photo_is_refused_and_the_answers_are_kept(client, world, crew_member, signed_in):
    signed_in(crew_member)
    fake = SimpleUploadedFile("photo.jpg", b"these are my notes, not a picture", content_type="image/jpeg")
    response = client.post(world.today.get_absolute_url(), {**work(world, "complete", notes="Swept"), "photo": fake})
    assert response.status_code == 200
    assert "photo.jpg is not a photo Shouwei can read: take a JPEG or PNG picture." in body(response)
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert answers_of(order) == {"Litter picked": True, "Rubbish collected": 12.5}
    assert order.notes == "Swept"
    assert order.status == OrderStatus.SCHEDULED  # not completed without its photo
    assert not WorkOrderPhoto.objects.exists()
    assert f'name="item-{world.rubbish.pk}" value="12.5"' in body(response)


def test_a_photo_over_the_size_limit_is_refused(client, world, crew_member, settings, signed_in):
    settings.PHOTO_MAX_BYTES = 1024 * 1024
    signed_in(crew_member)
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * (3000000 // 256) + bytes(3000000 % 256))
    noise = noise.effect_spread(50)
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=100)
    assert buffer.tell() > settings.PHOTO_MAX_BYTES
    upload = SimpleUploadedFile("big.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(world.today.get_absolute_url(), {**work(world), "photo": upload})
    assert response.status_code == 200
    assert "photos may be at most 1 MB" in body(response)
    assert not WorkOrderPhoto.objects.exists()
    assert answers_of(world.today) == {"Litter picked": True, "Rubbish collected": 12.5}


# --- Reassigning -------------------------------------------------------------------------


def test_a_leader_reassigns_within_the_crew(client, world, leader, crew_member, outsider, signed_in):
    signed_in(leader)
    page = body(client.get(world.today.get_absolute_url()))
    assert reverse("order-reassign", args=[world.today.pk]) in page
    url = reverse("order-reassign", args=[world.today.pk])
    response = client.post(url, {"assignee": crew_member.pk}, follow=True)
    assert messages_of(response) == ["The work order is now assigned to crew-member."]
    assert WorkOrder.objects.get(pk=world.today.pk).assignee == crew_member
    # Someone outside the crew is not a choice.
    response = client.post(url, {"assignee": outsider.pk}, follow=True)
    assert "Select a valid choice" in messages_of(response)[0]
    assert WorkOrder.objects.get(pk=world.today.pk).assignee == crew_member
    client.post(url, {"assignee": ""})
    assert WorkOrder.objects.get(pk=world.today.pk).assignee is None


def test_a_member_who_does_not_lead_cannot_reassign(client, world, crew_member, leader, signed_in):
    signed_in(crew_member)
    assert reverse("order-reassign", args=[world.today.pk]) not in body(client.get(world.today.get_absolute_url()))
    response = client.post(reverse("order-reassign", args=[world.today.pk]), {"assignee": leader.pk}, follow=True)
    assert messages_of(response) == ["Only the crew's leader can reassign its work orders."]
    assert WorkOrder.objects.get(pk=world.today.pk).assignee is None


# --- The calendar feed -------------------------------------------------------------------


def test_the_feed_lists_the_crews_open_orders_only(client, world):
    response = client.get(world.crew.get_calendar_url())  # no sign-in: phones cannot
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    expected = [world.overdue, world.today, world.tomorrow, world.later]
    assert set(events) == {f"workorder-{order.pk}@shouwei" for order in expected}
    event = events[f"workorder-{world.today.pk}@shouwei"]
    assert str(event["url"]) == f"http://testserver{world.today.get_absolute_url()}"
    assert "皇城路一段" in str(event["summary"])


def test_an_unknown_token_is_404(client, world):
    assert client.get(reverse("crew-calendar", args=["not-a-token"])).status_code == 404


def test_today_shows_the_feed_and_the_leader_may_reset_it(client, world, crew_member, leader, signed_in):
    signed_in(crew_member)
    page = body(client.get(reverse("today")))
    assert f"http://testserver/calendar/{world.crew.calendar_token}.ics" in page
    assert f'href="webcal://testserver/calendar/{world.crew.calendar_token}.ics"' in page
    assert reverse("crew-calendar-reset", args=[world.crew.pk]) not in page
    assert client.post(reverse("crew-calendar-reset", args=[world.crew.pk])).status_code == 403

    old_url = world.crew.get_calendar_url()
    signed_in(leader)
    assert reverse("crew-calendar-reset", args=[world.crew.pk]) in body(client.get(reverse("today")))
    response = client.post(reverse("crew-calendar-reset", args=[world.crew.pk]), follow=True)
    world.crew.refresh_from_db()
    new_url = world.crew.get_calendar_url()
    assert new_url != old_url
    assert response.redirect_chain == [(reverse("today") + f"?crew={world.crew.pk}", 302)]
    assert f"http://testserver{new_url}" in body(response)
    assert "was reset" in messages_of(response)[0]
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200


def test_a_manager_may_reset_any_crews_feed(client, world, manager, signed_in):
    signed_in(manager)
    old = world.other_crew.calendar_token
    assert client.post(reverse("crew-calendar-reset", args=[world.other_crew.pk])).status_code == 302
    world.other_crew.refresh_from_db()
    assert world.other_crew.calendar_token != old


# --- Languages ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["today", "map", "order"])
def test_pages_render_in_both_languages(client, world, crew_member, page, signed_in):
    url = page_urls(world)[page]
    english = body(signed_in(crew_member, "en").get(url))
    assert '<html lang="en">' in english
    assert "Today" in english
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body(response)
