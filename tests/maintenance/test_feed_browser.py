"""The crew's calendar feed, as a crew member finds it on Today on a phone (390 px), in
both languages: the two addresses shown there answer a day's event that lists the stops,
and one event per order (?each=1)."""

from collections import Counter

import icalendar
import pytest

from tests.browser import BROWSER_TESTS, browser
from tests.maintenance.busy_day import busy_day
from tests.maintenance.test_today_browser import open_in

pytestmark = BROWSER_TESTS


def events(body: bytes) -> list:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


@pytest.mark.parametrize(("language", "heading"), [("zh-hans", "日历订阅"), ("en", "Calendar feed")])
def test_the_feed_addresses_on_today_give_the_days_stops(live_server, language, heading):
    day = busy_day()
    open_orders = [order for order in day.orders.values() if order.is_open()]

    with browser() as phone:
        page = open_in(phone, live_server, language, day.member_username)
        page.goto(f"{live_server.url}/today/")
        page.click(f"details.feed summary:has-text('{heading}')")
        by_day = page.input_value("input.feed-url:not(.each)")
        each = page.input_value("input.feed-url.each")
        grouped, single = page.request.get(by_day), page.request.get(each)
        types = grouped.headers["content-type"], single.headers["content-type"]
        grouped_body, single_body = grouped.body(), single.body()
        assert page.errors == []

    assert types == ("text/calendar; charset=utf-8",) * 2
    # An order with its own time that is its plan's only one that day has an event of its
    # own; the day's other open stops are listed in one event of the crew's day.
    per_plan = Counter(order.plan_id for order in day.orders.values())
    own = {order.pk for order in open_orders if order.due_time and per_plan[order.plan_id] == 1}
    listed = [order.pk for order in open_orders if order.pk not in own]
    day_events = {str(event["uid"]): event for event in events(grouped_body)}
    day_uid = f"crew-{day.crew.pk}-{day.day:%Y%m%d}@shouwei"
    assert set(day_events) == {day_uid} | {f"workorder-{pk}@shouwei" for pk in own}
    description = str(day_events[day_uid]["description"])
    assert sorted(pk for pk in listed if f"/orders/{pk}/" in description) == sorted(listed)
    assert [pk for pk in own if f"/orders/{pk}/" in description] == []
    assert sorted(str(event["uid"]) for event in events(single_body)) == sorted(
        f"workorder-{order.pk}@shouwei" for order in open_orders
    )
