"""The crews' pages (Today, its map and GeoJSON, a work order's page): who may see and do
what, and both languages.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from maintenance.choices import OrderStatus
from maintenance.models import ChecklistAnswer, WorkOrder, WorkOrderPhoto
from tests.maintenance.crew_pages import World, jpeg, listed, work
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


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
    url = page_urls(world)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_anonymous_posts_are_sent_to_login(client, world):
    for url in [
        reverse("order-detail", args=[world.today.pk]),
        reverse("order-reassign", args=[world.today.pk]),
        reverse("crew-calendar-reset", args=[world.crew.pk]),
    ]:
        response = client.post(url, work(world, "complete"))
        assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")
    assert WorkOrder.objects.get(pk=world.today.pk).status == OrderStatus.SCHEDULED


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("crew_member", {"today": 200, "map": 200, "geojson": 200, "order": 200}),
        # Another crew's order is not there: 404, as if it did not exist.
        ("outsider", {"today": 200, "map": 200, "geojson": 200, "order": 404}),
        # The planning bureau reads every crew's orders, as inspectors do.
        ("planner", {"today": 200, "map": 200, "geojson": 200, "order": 200}),
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
        ("planner", True, True),
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


def test_an_outsider_can_do_nothing_to_another_crews_order(client, world, outsider, crew_leader, signed_in):
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


@pytest.mark.parametrize("role", ["inspector", "planner"])
def test_inspectors_and_the_planning_bureau_look_but_do_not_touch(client, world, request, role, signed_in):
    signed_in(request.getfixturevalue(role))
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
    [
        ("crew_member", "today"),
        ("inspector", "inspections-today"),
        ("manager", "asset-map"),
        ("planner", "greening-programme"),  # the planning bureau's own page
    ],
)
def test_home_sends_each_role_to_its_page_and_others_to_the_map(client, world, request, role, destination, signed_in):
    signed_in(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(destination)


@pytest.mark.parametrize(
    ("role", "shown"), [("crew_member", True), ("outsider", True), ("inspector", True), ("planner", True)]
)
def test_the_today_link_is_shown_to_crews_and_those_who_see_orders(client, world, request, role, shown, signed_in):
    signed_in(request.getfixturevalue(role))
    client.get(reverse("home"))  # signing in lands here
    assert (f'href="{reverse("today")}"' in body(client.get(reverse("asset-list")))) is shown


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
