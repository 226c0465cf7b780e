"""The crew's calendar feed, a day at a time: a busy day of 23 stops is one all-day event
listing them (in Today's order, each with its order's link) under a UID that stays the
same, an order at a time of its own keeps its own event, and ?each=1 gives one event per
order as before. Downloaded from the addresses Today shows, read back with icalendar.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import re

import icalendar
import pytest
from django.urls import reverse

from maintenance import services
from maintenance.models import WorkOrder
from tests.maintenance.busy_day import ROAD_ORDER, busy_day
from tests.maintenance.factories import DAY, TODAY
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

BASE_URL = "https://shouwei.example.cn/"
STOPS = ROAD_ORDER[1:-3]  # the day's 20 open orders; EQ-01 (yesterday's) and the 3 closed are not stops


@pytest.fixture
def day():
    return busy_day(TODAY)


def events(feed: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def day_uid(day, date=TODAY) -> str:
    return f"crew-{day.crew.pk}-{date:%Y%m%d}@shouwei"


def order_uid(order) -> str:
    return f"workorder-{order.pk}@shouwei"


def listed_codes(event) -> list[str]:
    """The asset codes of the stops a day's event lists, in its order."""
    return re.findall(r"^[^·\n]* (\S+) · ", str(event["description"]), re.MULTILINE)


@pytest.mark.usefixtures("english")
def test_a_busy_day_is_one_event_listing_its_stops(day):
    feed = events(services.crew_calendar(day.crew, BASE_URL))

    # The day's event, and yesterday's overdue machine check: the only order of its plan
    # that day, at 08:00, an appointment with its own event.
    assert set(feed) == {day_uid(day), order_uid(day.orders["EQ-01"])}
    event = feed[day_uid(day)]
    assert str(event["summary"]) == "Wenxi sanitation crew: 20 stops"
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (TODAY, TODAY + DAY)  # all day
    assert listed_codes(event) == STOPS
    lines = str(event["description"]).split("\n")
    assert len(lines) == 40
    assert lines[:2] == [
        "07:00 文溪路第2段 WX-2 · Cleaning · 文溪路",
        f"https://shouwei.example.cn/orders/{day.orders['WX-2'].pk}/",
    ]
    assert lines[-2:] == [
        "any time 绿地5 GS-05 · Cleaning · 绿地5片区",
        f"https://shouwei.example.cn/orders/{day.orders['GS-05'].pk}/",
    ]
    assert (
        str(event["location"])
        == "文溪路, 街角小品1片区, 街角小品2片区, 科源路, 绿地1片区, 绿地2片区, 绿地3片区, 绿地4片区, 绿地5片区"
    )
    assert str(event["url"]) == f"https://shouwei.example.cn/today/?crew={day.crew.pk}"
    machine = feed[order_uid(day.orders["EQ-01"])]
    assert str(machine["summary"]) == "Cleaning: 一号厨余处理机"
    assert machine.decoded("dtstart").isoformat() == "2026-09-27T08:00:00+08:00"


@pytest.mark.usefixtures("english")
def test_the_days_event_keeps_its_uid_as_the_work_gets_done(day):
    first = events(services.crew_calendar(day.crew, BASE_URL))
    member = day.crew.members.get()
    for code in ["KY-1", "KY-2", "KY-3"]:
        services.complete_work_order(day.orders[code], member, today=TODAY)

    then = events(services.crew_calendar(day.crew, BASE_URL))

    # The same events, updated: a calendar app replaces them rather than adding more.
    assert set(then) == set(first)
    assert str(then[day_uid(day)]["summary"]) == "Wenxi sanitation crew: 17 stops"
    # KY-4 is its plan's last open order that day, still a stop of the day, not an event of its own.
    assert listed_codes(then[day_uid(day)]) == [code for code in STOPS if code not in ("KY-1", "KY-2", "KY-3")]


@pytest.mark.usefixtures("english")
def test_each_order_its_own_event_on_request(day):
    feed = events(services.crew_calendar(day.crew, BASE_URL, each=True))

    assert set(feed) == {order_uid(day.orders[code]) for code in ["EQ-01", *STOPS]}
    sweep = feed[order_uid(day.orders["WX-2"])]
    assert sweep.decoded("dtstart").isoformat() == "2026-09-28T07:00:00+08:00"
    assert feed[order_uid(day.orders["GS-01"])].decoded("dtstart") == TODAY


def feed_addresses(page: str, crew) -> tuple[str, str]:
    """The two feed addresses Today shows the crew (the day's events, one per order)."""
    grouped = re.search(rf'id="feed-{crew.pk}"[^>]* value="([^"]+)"', page).group(1)
    each = re.search(rf'id="feed-each-{crew.pk}"[^>]* value="([^"]+)"', page).group(1)
    return grouped, each


def test_the_feeds_downloaded_from_todays_addresses(client, day, signed_in):
    signed_in(day.crew.members.get())
    page = body(client.get(reverse("today")))
    assert "For one event per work order instead, add <code>?each=1</code> to the address:" in page
    grouped, each = feed_addresses(page, day.crew)
    assert each == grouped + "?each=1"
    assert f'href="webcal://testserver{day.crew.get_calendar_url()}?each=1"' in page
    client.logout()  # a calendar app: no session, and no language chosen (the zone's Chinese)
    client.cookies.clear()

    response = client.get(grouped.removeprefix("http://testserver"))
    assert response.status_code == 200
    feed = events(response.content)
    assert set(feed) == {day_uid(day), order_uid(day.orders["EQ-01"])}
    assert str(feed[day_uid(day)]["summary"]) == "文溪环卫班：20 处作业"
    assert str(feed[day_uid(day)]["description"]).startswith("07:00 文溪路第2段 WX-2 · 保洁 · 文溪路\n")
    assert listed_codes(feed[day_uid(day)]) == STOPS

    feed = events(client.get(each.removeprefix("http://testserver")).content)
    assert len(feed) == 21


@pytest.mark.parametrize("value", ["yes", "2", "true", ""])
def test_an_each_that_is_neither_0_nor_1_is_refused(client, day, value):
    response = client.get(day.crew.get_calendar_url(), {"each": value}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.content.decode() == (
        f"each=1 gives one event per work order, each=0 (or nothing) one event a day: {value!r} is neither."
    )


@pytest.mark.parametrize("days", [1, 10])
def test_the_feed_runs_two_queries_however_many_days(client, day, days, django_assert_num_queries):
    WorkOrder.objects.bulk_create(
        WorkOrder(
            plan=order.plan, asset=order.asset, crew=day.crew, occurrence=TODAY + n * DAY, due=TODAY + n * DAY,
            due_time=order.due_time,
        )
        for n in range(1, days)
        for order in day.orders.values()
    )  # fmt: skip
    # the crew by its token; its orders (+ plan, task type, asset, zone, road; how many
    # orders each one's plan has that day)
    with django_assert_num_queries(2):
        response = client.get(day.crew.get_calendar_url())
    # Each day one event listing its stops, and the machine check's own.
    assert len(events(response.content)) == 2 * days
