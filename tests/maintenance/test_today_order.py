"""The order of Today's list: day by day, the open orders by due time and along the road
(or nearest first from the position the phone sent), the done and skipped ones at the
bottom of their day; compact cards; the position read, kept in the page's links and
stored nowhere.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import datetime

import pytest
from django.urls import reverse

from maintenance.models import WorkOrder
from tests.maintenance.busy_day import NEAR_ORDER, ROAD_ORDER, busy_day
from tests.maintenance.crew_pages import listed
from tests.maintenance.factories import DAY, TODAY
from tests.maintenance.test_today import card_of, make_many_orders
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

NEAR = "28.9600,120.0500"  # the north end of Wenxi Road (busy_day.NORTH_END)


@pytest.fixture
def day():
    return busy_day(TODAY)


@pytest.fixture
def wang(client, day, signed_in):
    user = day.crew.members.get(username=day.member_username)
    return signed_in(user)


def test_a_day_by_time_then_along_the_road_done_ones_last(wang, day):
    # Segment codes in natural order: WX-2 before WX-10, though "WX-10" < "WX-2" as text.
    assert listed(wang.get(reverse("today"))) == day.pks(*ROAD_ORDER)


def test_done_ones_go_to_the_bottom_of_their_own_day(wang, day):
    early_tomorrow = WorkOrder.objects.create(
        plan=day.orders["WX-2"].plan, asset=day.orders["WX-2"].asset, crew=day.crew,
        occurrence=TODAY + DAY, due=TODAY + DAY, due_time=datetime.time(6),
    )  # fmt: skip
    response = wang.get(reverse("today"), {"range": "week"})
    assert listed(response) == [*day.pks(*ROAD_ORDER), early_tomorrow.pk]


def test_the_nearest_first_from_where_the_phone_is(wang, day, signed_in):
    response = wang.get(reverse("today"), {"near": NEAR})
    assert listed(response) == day.pks(*NEAR_ORDER)
    cards = {card.asset_code: card for card in response.context["page"]}
    assert (cards["WX-12"].distance, cards["EQ-01"].distance, cards["WX-1"].distance) == ("280 m", "6.7 km", "6.4 km")
    assert '<span class="distance">280 m</span>' in card_of(response, day.orders["WX-12"])
    # The done ones are one line: no place, task or distance.
    assert '<span class="where">' not in card_of(response, day.orders["WX-1"])
    page = body(response)
    assert "Nearest first, from where you were when you asked." in page
    assert 'href="?range=today"' in page  # back to the road order
    # The position goes along in the tabs and the pages' links, never into the session.
    assert f'href="?range=week&amp;near={NEAR.replace(",", "%2C")}"' in page
    assert "near" not in str(dict(wang.session))
    signed_in(day.crew.members.get(), "zh-hans")
    chinese = wang.get(reverse("today"), {"near": NEAR})
    assert '<span class="distance">6.7 公里</span>' in card_of(chinese, day.orders["EQ-01"])


def test_without_a_position_the_cards_say_no_distance(wang, day):
    response = wang.get(reverse("today"))
    assert {card.distance for card in response.context["page"]} == {""}
    page = body(response)
    assert "By time, then along the road." in page
    assert 'id="sort-near" hidden' in page  # shown by static/js/today.js where the phone can tell


@pytest.mark.parametrize("near", ["abc", "28.96", "91,120", "28.96,181", "nan,120", "28.96,120,5", "inf,1"])
def test_a_position_that_cannot_be_read_leaves_the_road_order(wang, day, near):
    response = wang.get(reverse("today"), {"near": near})
    assert response.status_code == 200
    assert listed(response) == day.pks(*ROAD_ORDER)
    assert "Your position could not be read: the stops are listed along the road." in body(response)
    assert response.context["scope"].near is None


@pytest.mark.parametrize("count", [10, 500])
def test_the_nearest_first_runs_the_same_queries(
    client, crew_member, crew_of_member, django_assert_num_queries, count, signed_in
):
    make_many_orders(crew_of_member, count)
    signed_in(crew_member)
    client.get(reverse("today"))
    # session, user, the user's crews (+ leader flag), the user's permissions and group
    # permissions, the page of orders (+ counts, + the distance of each), the unread
    # notifications (+ their total)
    with django_assert_num_queries(7):
        response = client.get(reverse("today"), {"near": "28.9,120.05"})
    assert len(listed(response)) == min(count, 100)
    assert response.context["page"].paginator.count == count
